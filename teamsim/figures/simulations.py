"""Figures of simulations: team assembly runs and sweeps, Hong-Page experiments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from teamsim.figures._common import _MARGIN, _PALETTE
from teamsim.hongpage import HongPageResult

if TYPE_CHECKING:
    from teamsim.assembly import AssemblyResult, AssemblySweep


def assembly_run_figure(result: AssemblyResult) -> go.Figure:
    """Giant component share over time in one run of the team assembly model.

    Parameters
    ----------
    result : teamsim.assembly.AssemblyResult
        From :func:`teamsim.assembly.assemble_teams` (``times``, ``giant_share``, ``active``).

    Returns
    -------
    plotly.graph_objects.Figure
        Giant component share (left axis) and active people (right axis) against time.

    See Also
    --------
    teamsim.assembly.assemble_teams : The run it draws.
    assembly_sweep_figure : The stationary giant share over a grid of p and q.

    Notes
    -----
    Guimerà, Uzzi, Spiro & Amaral, "Team assembly mechanisms determine collaboration
    network structure and team performance", Science 308 (2005): the giant component
    appears when incumbents are chosen often enough (p above a threshold).

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> r = NS(times=[1, 2], giant_share=[0.1, 0.5], active=[4, 8], m=4, p=0.6, q=0.5, tau=10)
    >>> [t.name for t in assembly_run_figure(r).data]
    ['giant component share', 'active people']
    """
    fig = go.Figure([
        go.Scatter(x=result.times, y=result.giant_share, name="giant component share",
                   mode="lines", line=dict(color="#1d4ed8", width=3)),
        go.Scatter(x=result.times, y=result.active, name="active people", mode="lines",
                   line=dict(color="#94a3b8", dash="dot"), yaxis="y2"),
    ])
    fig.update_layout(title=dict(text="Team assembly: one run", subtitle=dict(
                          text=f"m={result.m}, p={result.p}, q={result.q}, τ={result.tau}")),
                      xaxis_title="time step (teams assembled)",
                      yaxis=dict(title="giant component share", range=[0, 1.02]),
                      yaxis2=dict(title="active people", overlaying="y", side="right",
                                  showgrid=False),
                      margin=_MARGIN, height=400, legend=dict(orientation="h", y=-0.2))
    return fig


def assembly_sweep_figure(sweep: AssemblySweep) -> go.Figure:
    """Giant component share over p, one line per q (Guimerà et al. 2005, Fig. 2).

    Parameters
    ----------
    sweep : teamsim.assembly.AssemblySweep
        Runs of the team assembly model over a grid of p and q.

    Returns
    -------
    plotly.graph_objects.Figure
        One line per q: the giant component share S against p.

    See Also
    --------
    teamsim.assembly.assembly_sweep : The sweep it draws.
    assembly_run_figure : One run over time.

    Examples
    --------
    >>> from teamsim.assembly import assembly_sweep
    >>> fig = assembly_sweep_figure(assembly_sweep(ps=(0.0, 1.0), steps=50, runs=1, executor="serial"))
    >>> list(fig.data[0].x)
    [0.0, 1.0]
    """
    fig = go.Figure()
    for k, q in enumerate(sorted({pt.q for pt in sweep.points})):
        pts = [pt for pt in sweep.points if pt.q == q]
        fig.add_trace(go.Scatter(x=[pt.p for pt in pts], y=[pt.giant_share for pt in pts],
                                 error_y=dict(type="data", array=[pt.giant_share_sd for pt in pts]),
                                 mode="lines+markers", name=f"q = {q:g}",
                                 line=dict(color=_PALETTE[k % len(_PALETTE)])))
    fig.update_layout(title=f"Team assembly: giant component share over p (m = {sweep.m}, "
                      f"tau = {sweep.tau})", xaxis_title="p (probability of choosing an incumbent)",
                      yaxis_title="share of people in the giant component", yaxis_range=[0, 1.05],
                      margin=dict(l=10, r=10, t=50, b=10))
    return fig


def hong_page_figure(results: HongPageResult | list[dict[str, Any]]) -> go.Figure:
    """Hong-Page performance of the best-N and random teams, bars with standard-error bars.

    Takes one :class:`~teamsim.hongpage.HongPageResult` or the rows of
    :func:`~teamsim.hongpage.hong_page_sweep` (one bar pair per setting).

    Parameters
    ----------
    results : HongPageResult or list of dict
        One experiment, or the rows of a sweep.

    Returns
    -------
    plotly.graph_objects.Figure
        Grouped bars "best-N team" and "random team": mean performance per setting.

    See Also
    --------
    teamsim.hongpage.hong_page : One result it draws.
    teamsim.hongpage.hong_page_sweep : The rows it draws, one group of bars per row.

    Notes
    -----
    Error bars are standard errors over landscapes.

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.

    Examples
    --------
    >>> from teamsim.hongpage import hong_page
    >>> fig = hong_page_figure(hong_page(n=60, k=2, l=4, N=3, landscapes=2, seed=0))
    >>> [b.name for b in fig.data]
    ['best-N team', 'random team']
    """
    if isinstance(results, HongPageResult):
        r = results
        rows = [{"N": r.N, "l": r.l, "best_performance": r.best.performance,
                 "best_performance_se": r.best.performance_se, "random_performance": r.random.performance,
                 "random_performance_se": r.random.performance_se}]
    else:
        rows = list(results)
    labels = [f"N={r['N']}, l={r['l']}" for r in rows]
    fig = go.Figure([
        go.Bar(name="best-N team", x=labels, y=[r["best_performance"] for r in rows], marker_color="#94a3b8",
               error_y=dict(type="data", array=[r["best_performance_se"] for r in rows]),
               text=[f"{r['best_performance']:.2f}" for r in rows], textposition="inside"),
        go.Bar(name="random team", x=labels, y=[r["random_performance"] for r in rows],
               marker_color="#16a34a",
               error_y=dict(type="data", array=[r["random_performance_se"] for r in rows]),
               text=[f"{r['random_performance']:.2f}" for r in rows], textposition="inside"),
    ])
    # the axis starts at 0 (no exaggerated gap); the values are printed on the bars
    fig.update_layout(barmode="group", title="Hong & Page (2004): best problem solvers vs a random team",
                      yaxis_title="team performance (mean stopping value, ± s.e.)",
                      legend=dict(orientation="h", y=-0.12),
                      yaxis_range=[0, 100], margin=dict(l=10, r=10, t=50, b=10))
    return fig
