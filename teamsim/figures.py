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


# ============================================================================ ownership
# Service ownership and Conway alignment (teamsim.ownership, teamsim.reorg).

__all__ += ["ownership_sunburst", "team_dependency_figure", "before_after_figure"]


def ownership_sunburst(scenario: Scenario) -> go.Figure:
    """Sunburst: organisation -> team -> service, sized by ownership share x service load.

    Orphaned (unowned) services hang under a grey "(no owner)" wedge; a shared
    service appears under each owner with its share.

    Example
    -------
    >>> s = Scenario.model_validate({"services": [{"name": "x"}, {"name": "y"}],
    ...                              "teams": [{"name": "A", "services": ["x"]}]})
    >>> f = ownership_sunburst(s)
    >>> f.data[0].type, sorted(f.data[0].labels)
    ('sunburst', ['(no owner)', 'A', 'x', 'y'])
    """
    from teamsim.ownership import ownership_matrices

    m = ownership_matrices(scenario)
    ids, labels, parents, values, colors = [], [], [], [], []
    Oc = m.O.tocsc()
    for j, team in enumerate(m.teams):
        rows = Oc.indices[Oc.indptr[j]:Oc.indptr[j + 1]]
        share = Oc.data[Oc.indptr[j]:Oc.indptr[j + 1]]
        ids.append(f"team/{team}")
        labels.append(team)
        parents.append("")
        values.append(float((share * m.load[rows]).sum()))
        colors.append(None)
        for i, sh in zip(rows, share):
            ids.append(f"team/{team}/{m.services[i]}")
            labels.append(m.services[i])
            parents.append(f"team/{team}")
            values.append(float(sh * m.load[i]))
            colors.append(None)
    orphan = np.nonzero(~m.owned)[0]
    if len(orphan):
        ids.append("orphan")
        labels.append("(no owner)")
        parents.append("")
        values.append(float(m.load[orphan].sum()))
        colors.append("#d4d4d8")
        for i in orphan:
            ids.append(f"orphan/{m.services[i]}")
            labels.append(m.services[i])
            parents.append("orphan")
            values.append(float(m.load[i]))
            colors.append("#e4e4e7")
    fig = go.Figure(go.Sunburst(ids=ids, labels=labels, parents=parents, values=values,
                                branchvalues="total", marker=dict(colors=colors),
                                hovertemplate="%{label}: load %{value:.3g}<extra></extra>"))
    fig.update_layout(title="Who owns what (size = share x service load)",
                      margin=dict(l=10, r=10, t=50, b=10))
    return fig


def team_dependency_figure(report) -> go.Figure:
    """The team dependency graph M = Oᵀ·D·O: teams as nodes, arrows weighted by dependency weight.

    Parameters
    ----------
    report : teamsim.ownership.OwnershipReport

    Notes
    -----
    Node size grows with services owned, node colour is the team's cohesion
    (share of its dependency weight that stays inside); layout is networkx's
    spring layout with a fixed seed, so the picture is reproducible.

    Example
    -------
    >>> from teamsim.ownership import ownership_report
    >>> s = Scenario.model_validate({"services": [{"name": "x", "depends_on": ["y"]},
    ...     {"name": "y"}], "teams": [{"name": "A", "services": ["x"]},
    ...     {"name": "B", "services": ["y"]}]})
    >>> [t.type for t in team_dependency_figure(ownership_report(s)).data]
    ['scatter', 'scatter']
    """
    import networkx as nx

    G = nx.DiGraph()
    for t in report.teams:
        G.add_node(t.name)
    for d in report.team_dependencies:
        G.add_edge(d.source, d.target, weight=d.weight)
    pos = nx.spring_layout(G, seed=7, weight="weight") if len(G) else {}
    wmax = max((d.weight for d in report.team_dependencies), default=1.0)
    ex, ey, annotations = [], [], []
    for d in report.team_dependencies:
        (x0, y0), (x1, y1) = pos[d.source], pos[d.target]
        ex += [x0, x1, None]
        ey += [y0, y1, None]
        annotations.append(dict(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y",
                                showarrow=True, arrowhead=3, arrowsize=1,
                                arrowwidth=1 + 4 * d.weight / wmax, arrowcolor="#64748b",
                                opacity=0.7, standoff=12, startstandoff=12))
    teams = report.teams
    fig = go.Figure([
        go.Scatter(x=ex, y=ey, mode="lines", line=dict(width=0.5, color="#cbd5e1"),
                   hoverinfo="skip", showlegend=False),
        go.Scatter(x=[pos[t.name][0] for t in teams], y=[pos[t.name][1] for t in teams],
                   mode="markers+text", text=[t.name for t in teams], textposition="top center",
                   marker=dict(size=[14 + 6 * np.sqrt(t.services_owned) for t in teams],
                               color=[t.cohesion if t.cohesion is not None else 0 for t in teams],
                               cmin=0, cmax=1, colorscale="RdYlGn", showscale=True,
                               colorbar=dict(title="cohesion"), line=dict(width=1, color="#334155")),
                   customdata=[[t.services_owned, t.size, t.cross_team_dependencies] for t in teams],
                   hovertemplate="%{text}<br>services %{customdata[0]:.3g}, people %{customdata[1]}"
                                 "<br>cross-team weight %{customdata[2]:.3g}<extra></extra>",
                   showlegend=False),
    ])
    fig.update_layout(title="Team dependency graph (Oᵀ·D·O; arrow = depends on)",
                      annotations=annotations, xaxis=dict(visible=False), yaxis=dict(visible=False),
                      margin=dict(l=10, r=10, t=50, b=10), plot_bgcolor="white")
    return fig


def before_after_figure(changes, *, scope: str = "organisation") -> go.Figure:
    """Grouped bars of every metric of one scope before and after a what-if.

    Parameters
    ----------
    changes : list of teamsim.reorg.MetricChange
    scope : str, default "organisation"
        "organisation" or a team name.

    Example
    -------
    >>> from teamsim.reorg import MetricChange
    >>> f = before_after_figure([MetricChange(scope="organisation", metric="modularity",
    ...                                       before=0.1, after=0.3, change=0.2)])
    >>> [b.name for b in f.data]
    ['before', 'after']
    """
    rows = [c for c in changes if c.scope == scope and (c.before is not None or c.after is not None)]
    names = [c.metric for c in rows]
    fig = go.Figure([
        go.Bar(name="before", x=names, y=[c.before for c in rows], marker_color="#94a3b8"),
        go.Bar(name="after", x=names, y=[c.after for c in rows], marker_color="#2563eb"),
    ])
    fig.update_layout(barmode="group", title=f"Before / after: {scope}",
                      margin=dict(l=10, r=10, t=50, b=10))
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
