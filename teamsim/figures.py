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
