"""Plotly figures for every teamsim result (the app only places them on a page).

Each function takes a result model or a scenario and returns a
:class:`plotly.graph_objects.Figure`.

Example
-------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({"tools": [{"name": "A"}],
...                              "people": [{"name": "P", "tools": ["A"]}]})
>>> tool_heatmap(s).data[0].type
'heatmap'
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from teamsim.ability import tool_matrix
from teamsim.prerequisites import tool_depth
from teamsim.report import ScenarioReport
from teamsim.scenario import Scenario

__all__ = ["candidate_gain_figure", "hong_page_figure", "team_ability_figure", "tool_heatmap"]


def tool_heatmap(scenario: Scenario) -> go.Figure:
    """People x cognitive tools heatmap, tools ordered by prerequisite depth then name.

    Cells: 1 = listed tool, 0.5 = implied prerequisite, 0 = not held.
    """
    depth = tool_depth(scenario)
    tools = sorted(scenario.tool_names, key=lambda t: (depth[t], t))
    m = tool_matrix(scenario)
    col = {t: j for j, t in enumerate(m.tools)}
    z = np.zeros((len(m.people), len(tools)))
    for i, name in enumerate(m.people):
        listed = set(scenario.person(name).tools)
        for jj, t in enumerate(tools):
            if m.held[i, col[t]]:
                z[i, jj] = 1.0 if t in listed else 0.5
    fig = go.Figure(go.Heatmap(
        z=z, x=tools, y=m.people, zmin=0, zmax=1, showscale=False,
        colorscale=[[0, "#f4f4f5"], [0.5, "#93c5fd"], [1, "#1d4ed8"]],
        hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>",
        customdata=np.where(z == 1, "holds", np.where(z == 0.5, "implied prerequisite", "—")),
        xgap=2, ygap=2,
    ))
    fig.update_layout(title="Cognitive tools (ordered by prerequisite depth)",
                      xaxis_title="cognitive tool", yaxis_autorange="reversed",
                      margin=dict(l=10, r=10, t=50, b=10), height=120 + 28 * len(m.people))
    return fig


def team_ability_figure(report: ScenarioReport) -> go.Figure:
    """Bars per team: best member's ability plus the diversity bonus (stacked = team ability)."""
    names = [t.name for t in report.teams]
    fig = go.Figure([
        go.Bar(name="best member", x=names, y=[t.best_member_ability for t in report.teams],
               marker_color="#94a3b8"),
        go.Bar(name="diversity bonus", x=names, y=[t.diversity_bonus for t in report.teams],
               marker_color="#16a34a"),
    ])
    fig.update_layout(barmode="stack", title="Team ability = best member + diversity bonus",
                      yaxis_title="ability (tool value)", margin=dict(l=10, r=10, t=50, b=10))
    return fig


# --------------------------------------------------------------------------- hiring and Hong-Page (issue 5)
from teamsim.hiring import CandidateRanking  # noqa: E402
from teamsim.hongpage import HongPageResult  # noqa: E402


def candidate_gain_figure(ranking: CandidateRanking) -> go.Figure:
    """Candidates' marginal gain in team ability against their individual ability (scatter).

    Points on the diagonal add all their tools; points below it bring tools the team
    already has. The best addition is highlighted; the most able candidate is the
    rightmost point.

    Parameters
    ----------
    ranking : CandidateRanking
        From :func:`teamsim.hiring.rank_candidates`.

    Returns
    -------
    plotly.graph_objects.Figure

    Notes
    -----
    Submodularity puts every candidate on or below the diagonal gain = ability.

    References
    ----------
    .. [1] Page, S. E., *The Diversity Bonus*, Princeton University Press, 2017.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> from teamsim.hiring import rank_candidates
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "P", "tools": ["A"]}],
    ...     "candidates": [{"name": "Q", "tools": ["A", "B"]}]})
    >>> candidate_gain_figure(rank_candidates(s)).data[0].type
    'scatter'
    """
    cs = ranking.candidates
    top = max((c.individual_ability for c in cs), default=1.0) or 1.0
    fig = go.Figure([
        go.Scatter(
            x=[c.individual_ability for c in cs], y=[c.marginal_gain for c in cs], mode="markers+text",
            text=[c.name for c in cs], textposition="top center", name="candidates",
            marker=dict(size=12, color=["#16a34a" if c.rank == 1 else "#1d4ed8" for c in cs]),
            customdata=[", ".join(c.tools_added) or "—" for c in cs],
            hovertemplate="%{text}: ability %{x}, adds %{y}<br>tools added: %{customdata}<extra></extra>"),
        go.Scatter(x=[0, top], y=[0, top], mode="lines", line=dict(dash="dot", color="#94a3b8"),
                   name="gain = ability (no overlap)", hoverinfo="skip"),
    ])
    fig.update_layout(title=f"Whom to hire for {ranking.team or 'the organisation'}: marginal gain vs "
                      "individual ability", xaxis_title="individual ability (tool value)",
                      yaxis_title="marginal gain in team ability", margin=dict(l=10, r=10, t=50, b=10))
    return fig


def hong_page_figure(results: HongPageResult | list[dict]) -> go.Figure:
    """Hong-Page performance of the best-N and random teams, bars with standard-error bars.

    Takes one :class:`~teamsim.hongpage.HongPageResult` or the rows of
    :func:`~teamsim.hongpage.hong_page_sweep` (one bar pair per setting).

    Parameters
    ----------
    results : HongPageResult or list of dict

    Returns
    -------
    plotly.graph_objects.Figure

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
               error_y=dict(type="data", array=[r["best_performance_se"] for r in rows])),
        go.Bar(name="random team", x=labels, y=[r["random_performance"] for r in rows],
               marker_color="#16a34a",
               error_y=dict(type="data", array=[r["random_performance_se"] for r in rows])),
    ])
    low = min(min(r["best_performance"], r["random_performance"]) for r in rows)
    fig.update_layout(barmode="group", title="Hong & Page (2004): best problem solvers vs a random team",
                      yaxis_title="team performance (mean stopping value, ± s.e.)",
                      yaxis_range=[max(0.0, low - 5), 100], margin=dict(l=10, r=10, t=50, b=10))
    return fig
