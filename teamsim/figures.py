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

__all__ = ["team_ability_figure", "tool_heatmap"]


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


# =============================================================================
# Collaboration networks, small-world quotient, team assembly (teamsim.affiliation,
# teamsim.smallworld, teamsim.assembly)
# =============================================================================

__all__ += ["assembly_sweep_figure", "people_network_figure", "small_world_figure"]

_PALETTE = ["#1d4ed8", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777",
            "#4b5563", "#65a30d", "#7c3aed", "#0d9488"]


def people_network_figure(net, *, seed: int = 0, max_edges: int = 20_000, iterations: int = 50) -> go.Figure:
    """The people network (one-mode projection) drawn with a spring layout.

    Parameters
    ----------
    net : teamsim.affiliation.AffiliationNetwork
    seed : int, default 0
        Layout seed (same seed, same picture).
    max_edges : int, default 20,000
        Draw at most this many ties (a random subset above it; the layout uses all).
    iterations : int, default 50
        Fruchterman-Reingold iterations (the force model of ``networkx.spring_layout``,
        vectorised; above 2,500 people the spectral layout is used instead).

    Returns
    -------
    plotly.graph_objects.Figure
        One scatter trace per group (module or team: the group of most of the person's
        projects), ``customdata`` = person name so an app can read a click, plus one line
        trace for the ties.

    Example
    -------
    >>> from teamsim.affiliation import affiliation_from_members
    >>> fig = people_network_figure(affiliation_from_members({"x": ["A", "B"], "y": ["B", "C"]}))
    >>> sorted(n for t in fig.data[1:] for n in t.customdata)
    ['A', 'B', 'C']
    """
    import networkx as nx

    from teamsim.affiliation import one_mode_projection, person_groups

    a = one_mode_projection(net)
    if net.n_people <= 2500:
        xy = _spring_layout(a, seed=seed, iterations=iterations)
    else:  # dense Fruchterman-Reingold would need O(N^2) memory: use the spectral layout
        pos = nx.spectral_layout(nx.from_scipy_sparse_array(a))
        xy = np.array([pos[i] for i in range(net.n_people)])
    coo = _triu(a)
    rows, cols = coo.row, coo.col
    if len(rows) > max_edges:
        pick = np.random.default_rng(seed).choice(len(rows), max_edges, replace=False)
        rows, cols = rows[pick], cols[pick]
    ex = np.column_stack([xy[rows, 0], xy[cols, 0], np.full(len(rows), np.nan)]).ravel() if len(rows) else []
    ey = np.column_stack([xy[rows, 1], xy[cols, 1], np.full(len(rows), np.nan)]).ravel() if len(rows) else []
    fig = go.Figure(go.Scattergl(x=ex, y=ey, mode="lines", line=dict(width=0.5, color="#cbd5e1"),
                                 hoverinfo="skip", name="collaboration", showlegend=False))
    groups = person_groups(net)
    deg = np.diff(a.indptr)
    order = sorted(set(groups), key=lambda x: -groups.count(x))
    for k, grp in enumerate(order):
        idx = [i for i, gg in enumerate(groups) if gg == grp]
        fig.add_trace(go.Scattergl(
            x=xy[idx, 0], y=xy[idx, 1], mode="markers", name=grp,
            marker=dict(size=6 + 2 * np.sqrt(deg[idx]), color=_PALETTE[k % len(_PALETTE)],
                        line=dict(width=0.5, color="white")),
            customdata=[net.people[i] for i in idx],
            text=[f"{net.people[i]} · {grp} · {deg[i]} collaborators" for i in idx],
            hovertemplate="%{text}<extra></extra>"))
    fig.update_layout(title=f"People network: {net.n_people} people, {a.nnz // 2} collaboration ties",
                      xaxis=dict(visible=False), yaxis=dict(visible=False, scaleanchor="x"),
                      margin=dict(l=10, r=10, t=50, b=10), legend_title_text="module / team",
                      clickmode="event+select")
    return fig


def _spring_layout(a, *, seed: int = 0, iterations: int = 50) -> np.ndarray:
    """Fruchterman-Reingold spring layout, vectorised over all pairs (N <= a few thousand).

    The same force model and cooling as ``networkx.spring_layout`` (k = 1/sqrt(N)), run on
    a dense float32 distance matrix: O(N^2) per iteration instead of networkx's Python loop
    for N >= 500. Returns positions scaled into [-1, 1], shape (N, 2).
    """
    n = a.shape[0]
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)).astype(np.float32)
    adj = a.toarray().astype(np.float32)
    k = np.float32(1 / np.sqrt(n))
    t = max(float(np.ptp(pos[:, 0])), float(np.ptp(pos[:, 1]))) * 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        sq = (pos ** 2).sum(axis=1)
        d2 = sq[:, None] + sq[None, :] - 2 * (pos @ pos.T)   # squared distances, no (N, N, 2) array
        np.clip(d2, 1e-4, None, out=d2)
        force = k * k / d2 - adj * np.sqrt(d2) / k
        disp = pos * force.sum(axis=1)[:, None] - force @ pos  # sum_j force_ij (x_i - x_j)
        length = np.sqrt((disp ** 2).sum(axis=1))
        length[length < 0.01] = 0.1
        pos += disp * (t / length)[:, None]
        t -= dt
    pos -= pos.mean(axis=0)
    scale = np.abs(pos).max()
    return (pos / scale if scale > 0 else pos).astype(np.float64)


def _triu(a):
    """Upper triangle (i < j) of a sparse matrix in COO form (each undirected tie once)."""
    import scipy.sparse as sp

    return sp.triu(a, k=1).tocoo()


def small_world_figure(series) -> go.Figure:
    """Q, CC ratio and PL ratio per time window (analytic solid, simulated null dashed).

    Parameters
    ----------
    series : teamsim.smallworld.SmallWorldSeries

    Returns
    -------
    plotly.graph_objects.Figure
        Undefined values are gaps.

    Example
    -------
    >>> from teamsim.smallworld import SmallWorldSeries
    >>> len(small_world_figure(SmallWorldSeries()).data)
    6
    """
    x = [w.window for w in series.windows]

    def col(get):
        return [get(w) for w in series.windows]

    fig = go.Figure()
    for name, color, get, sget in (
            ("Q", "#1d4ed8", lambda w: w.q, lambda w: w.simulated and w.simulated.q),
            ("CC ratio", "#16a34a", lambda w: w.cc_ratio, lambda w: w.simulated and w.simulated.cc_ratio),
            ("PL ratio", "#dc2626", lambda w: w.pl_ratio, lambda w: w.simulated and w.simulated.pl_ratio)):
        fig.add_trace(go.Scatter(x=x, y=col(get), name=f"{name} (analytic)", mode="lines+markers",
                                 line=dict(color=color)))
        fig.add_trace(go.Scatter(x=x, y=col(sget), name=f"{name} (simulated null)", mode="lines+markers",
                                 line=dict(color=color, dash="dash"), marker=dict(symbol="circle-open")))
    fig.add_hline(y=1, line=dict(color="#94a3b8", width=1))
    fig.update_layout(title="Small-world quotient Q = CC ratio / PL ratio (Uzzi & Spiro 2005)",
                      xaxis_title="time window", yaxis_title="ratio to random", xaxis_type="category",
                      margin=dict(l=10, r=10, t=50, b=10))
    return fig


def assembly_sweep_figure(sweep) -> go.Figure:
    """Giant component share over p, one line per q (Guimerà et al. 2005, Fig. 2).

    Parameters
    ----------
    sweep : teamsim.assembly.AssemblySweep

    Returns
    -------
    plotly.graph_objects.Figure

    Example
    -------
    >>> from teamsim.assembly import assembly_sweep
    >>> fig = assembly_sweep_figure(assembly_sweep(ps=(0.0, 1.0), steps=50, runs=1))
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
