"""Plotly figures for every teamsim result (the app only places them on a page).

Each function takes a result model or a scenario and returns a
:class:`plotly.graph_objects.Figure`.

Examples
--------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({"tools": [{"name": "A"}],
...                              "people": [{"name": "P", "tools": ["A"]}]})
>>> tool_heatmap(s).data[0].type
'heatmap'
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from teamsim._text import printable
from teamsim.ability import tool_matrix
from teamsim.budget import check_work
from teamsim.prerequisites import tool_depth
from teamsim.report import ScenarioReport
from teamsim.scenario import Scenario
from teamsim.seeds import DEFAULT_SEED

__all__ = ["candidate_gain_figure", "hong_page_figure", "plotly_text", "team_ability_figure",
           "tool_heatmap"]


def plotly_text(text: object) -> str:
    """Escape user text for Plotly: names are data, never markup.

    Plotly renders a subset of HTML in titles, tick labels, text, legends and hover
    labels (``<b>``, ``<br>``, ``<a href>``, ``<span style>``); every name a figure
    shows passes through here, so ``<``, ``>`` and ``&`` display as themselves, and
    control and invisible format characters (bidi overrides, zero-width) show as
    escapes, as in the terminal (:func:`teamsim._text.printable`).

    Parameters
    ----------
    text : object
        Any value, converted with ``str``.

    Returns
    -------
    str
        ``text`` with ``&``, ``<`` and ``>`` as HTML entities (Plotly shows the characters)
        and invisible characters as visible escapes.

    Examples
    --------
    >>> plotly_text('<a href="x">A&B</a>')
    '&lt;a href="x"&gt;A&amp;B&lt;/a&gt;'
    >>> plotly_text("\\u202eadmin\\u200b")
    '\\\\u202eadmin\\\\u200b'
    """
    return printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _texts(items) -> list[str]:
    """:func:`plotly_text` of each item."""
    return [plotly_text(x) for x in items]


def tool_heatmap(scenario: Scenario) -> go.Figure:
    """People x cognitive tools heatmap, tools ordered by prerequisite depth then name.

    Cells: 1 = listed tool, 0.5 = implied prerequisite, 0 = not held.

    Parameters
    ----------
    scenario : Scenario
        The people (rows, in scenario order) and tools (columns) to draw.

    Returns
    -------
    plotly.graph_objects.Figure
        One heatmap trace: ``x`` the tools, ``y`` the people, ``z`` the cells.

    See Also
    --------
    prerequisite_graph_figure : The prerequisite DAG itself.

    Examples
    --------
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B", "requires": ["A"]}],
    ...     "people": [{"name": "Ann", "tools": ["B"]}, {"name": "Bo", "tools": ["A"]}]})
    >>> t = tool_heatmap(s).data[0]
    >>> list(t.x), list(t.y), [[float(v) for v in row] for row in t.z]
    (['A', 'B'], ['Ann', 'Bo'], [[0.5, 1.0], [1.0, 0.0]])
    """
    depth = tool_depth(scenario)
    tools = sorted(scenario.tool_names, key=lambda t: (depth[t], t))
    m = tool_matrix(scenario)
    col = {t: j for j, t in enumerate(m.tools)}
    order = np.array([col[t] for t in tools], dtype=np.intp)
    listed = np.zeros_like(m.held)
    for i, name in enumerate(m.people):
        listed[i, [col[t] for t in scenario.person(name).tools]] = True
    z = np.where(listed, 1.0, np.where(m.held, 0.5, 0.0))[:, order]
    fig = go.Figure(go.Heatmap(
        z=z, x=_texts(tools), y=_texts(m.people), zmin=0, zmax=1, showscale=False,
        colorscale=[[0, "#f4f4f5"], [0.5, "#93c5fd"], [1, "#1d4ed8"]],
        xgap=2, ygap=2,
    ))
    if z.size <= 5000:  # words on hover; for large matrices the codes (string arrays are slow)
        fig.update_traces(hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>",
                          customdata=np.where(z == 1, "listed", np.where(z == 0.5, "implied", "—")))
    else:
        fig.update_traces(hovertemplate="%{y} · %{x}: %{z} (1 listed, 0.5 implied)<extra></extra>")
    fig.update_layout(title=dict(text="People × cognitive tools", subtitle=dict(
                          text="tools ordered by prerequisite depth; dark: listed, "
                          "light: implied prerequisite")),
                      xaxis_title="cognitive tool", yaxis_autorange="reversed",
                      margin=dict(l=10, r=10, t=80, b=10),
                      height=min(900, 170 + 28 * len(m.people)))
    if len(m.people) > 60 or len(tools) > 60:  # gaps would hide the cells of large organisations
        fig.update_traces(xgap=0, ygap=0)
    return fig


def team_ability_figure(report: ScenarioReport) -> go.Figure:
    """Bars per team: best member's ability plus the diversity bonus (stacked = team ability).

    Parameters
    ----------
    report : ScenarioReport
        The result of :func:`teamsim.report.analyze`.

    Returns
    -------
    plotly.graph_objects.Figure
        Two stacked bar traces, "best member" and "diversity bonus", one bar per team.

    References
    ----------
    .. [1] Page, S. E., *The Diversity Bonus*, Princeton University Press, 2017.

    Examples
    --------
    >>> from teamsim.report import analyze
    >>> s = Scenario.model_validate({"tools": [{"name": x} for x in "ABCDEFG"],
    ...     "people": [{"name": "Betsy", "tools": list("ABEF")}, {"name": "Carl", "tools": list("CDG")}],
    ...     "teams": [{"name": "T", "members": ["Betsy", "Carl"]}]})
    >>> [(b.name, list(b.y)) for b in team_ability_figure(analyze(s)).data]
    [('best member', [4.0]), ('diversity bonus', [3.0])]
    """
    names = _texts(t.name for t in report.teams)
    fig = go.Figure([
        go.Bar(name="best member", x=names, y=[t.best_member_ability for t in report.teams],
               marker_color="#94a3b8"),
        go.Bar(name="diversity bonus", x=names, y=[t.diversity_bonus for t in report.teams],
               marker_color="#16a34a"),
    ])
    fig.update_layout(barmode="stack", title=dict(text="Team ability", subtitle=dict(
                          text="best member + diversity bonus")),
                      yaxis_title="ability (tool value)", margin=dict(l=10, r=10, t=70, b=10),
                      height=420)
    return fig


# ---------------------------------------------------------------------------
# App figures (issue 6): abilities, team of k, prerequisite graph, communication
# ---------------------------------------------------------------------------
from collections.abc import Iterable, Mapping  # noqa: E402

from teamsim.ability import TeamChoice  # noqa: E402
from teamsim.communication import TWO_PIZZA_LIMIT, communication_paths  # noqa: E402
from teamsim.prerequisites import prerequisite_graph  # noqa: E402

__all__ += ["abilities_figure", "communication_figure", "prerequisite_graph_figure",
            "team_of_k_figure", "without_webgl", "assembly_run_figure"]

_MARGIN = dict(l=10, r=10, t=70, b=10)


def abilities_figure(report: ScenarioReport, *, highlight: list[str] | None = None) -> go.Figure:
    """Bar chart of individual ability (total tool value) per person, most able first.

    Parameters
    ----------
    report : ScenarioReport
        From :func:`teamsim.report.analyze`.
    highlight : list of str, optional
        People drawn in a stronger colour (e.g. the most able team).

    Returns
    -------
    plotly.graph_objects.Figure
        One bar trace; hover shows each person's effective tools.

    Notes
    -----
    Individual ability is ``H @ v`` (Page 2017, ch. 3), taken from the report; O(n log n)
    for the sort.

    Examples
    --------
    >>> from teamsim.report import analyze
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "P", "tools": ["A"]}, {"name": "Q", "tools": ["A", "B"]}]})
    >>> list(abilities_figure(analyze(s)).data[0].x)
    ['Q', 'P']
    """
    people = sorted(report.people, key=lambda p: (-p.ability, p.name))
    marked = set(highlight or ())
    names, values = _texts(p.name for p in people), [p.ability for p in people]
    sideways = 12 < len(people) <= 40  # one row per name: slanted names overlap past 12
    fig = go.Figure(go.Bar(
        x=values if sideways else names, y=names if sideways else values,
        orientation="h" if sideways else "v",
        marker_color=["#1d4ed8" if p.name in marked else "#93c5fd" for p in people],
        customdata=_texts(" ".join(p.tools) for p in people),
        hovertemplate=("%{y}: ability %{x}" if sideways else "%{x}: ability %{y}")
        + "<br>tools: %{customdata}<extra></extra>",
    ))
    fig.update_layout(title=dict(text="Individual ability", subtitle=dict(
                          text="total value of each person's tools"
                          + ("; dark: in the most able team" if marked else ""))),
                      margin=_MARGIN, height=140 + 18 * len(people) if sideways else 380,
                      bargap=0.35)
    if sideways:  # every name on its own row, most able at the top
        fig.update_xaxes(title="ability")
        fig.update_yaxes(dtick=1, autorange="reversed", automargin=True)
    elif len(people) > 40:
        fig.update_xaxes(showticklabels=False, title=f"{len(people)} people")
        fig.update_yaxes(title="ability")
    else:
        fig.update_xaxes(dtick=1, automargin=True)
        fig.update_yaxes(title="ability")
    return fig


def team_of_k_figure(best_ability: TeamChoice, most_able: TeamChoice) -> go.Figure:
    """Best-ability team (top-k individuals) against the most able team of the same size.

    Parameters
    ----------
    best_ability, most_able : TeamChoice
        From :func:`teamsim.ability.best_ability_team` and
        :func:`teamsim.ability.most_able_team` (or ``ScenarioReport.team_of_k``).

    Returns
    -------
    plotly.graph_objects.Figure
        Stacked bars: best member's ability plus the diversity bonus equals team ability.

    Notes
    -----
    Team ability on a complex task is the value of the union of the members' tools
    (Page 2017, ch. 4); the most able team maximises it (maximum coverage).

    Examples
    --------
    >>> from teamsim.ability import best_ability_team, most_able_team
    >>> s = Scenario.model_validate({"tools": [{"name": x} for x in "ABCDEFG"],
    ...     "people": [{"name": "Adam", "tools": list("ABCDE")},
    ...                {"name": "Betsy", "tools": list("ABEF")},
    ...                {"name": "Carl", "tools": list("CDG")}]})
    >>> fig = team_of_k_figure(best_ability_team(s, 2), most_able_team(s, 2))
    >>> [list(t.y) for t in fig.data]
    [[5.0, 4.0], [1.0, 3.0]]
    """
    teams = [best_ability, most_able]
    labels = [f"best-ability team<br>{plotly_text(', '.join(best_ability.members))}",
              f"most able team<br>{plotly_text(', '.join(most_able.members))}"]
    if len(best_ability.members) > 6:
        labels = ["best-ability team", "most able team"]
    fig = go.Figure([
        go.Bar(name="best member", x=labels, y=[t.best_member_ability for t in teams],
               marker_color="#94a3b8"),
        go.Bar(name="diversity bonus", x=labels, y=[t.diversity_bonus for t in teams],
               marker_color="#16a34a",
               text=[f"team ability {t.ability:g}" for t in teams], textposition="outside"),
    ])
    fig.update_layout(barmode="stack", title=dict(
                          text=f"Teams of {best_ability.k}: best-ability vs most able",
                          subtitle=dict(text="the most able individuals are not always the most "
                                        "able team")), yaxis_title="team ability",
                      margin=_MARGIN, height=420)
    fig.update_yaxes(range=[0, max(t.ability for t in teams) * 1.15 or 1])
    return fig


#: Prerequisite graph: pixels per row of tools (a marker and its label above it), and the
#: width a row of tools without prerequisites may use.
ROW_PX, LABEL_ROOM = 40, 1000


def _label_px(names: Iterable[str]) -> int:
    """Pixels the widest of ``names`` needs as a plotly label (12 px font), with a gap."""
    return 7 * max((len(n) for n in names), default=1) + 24


def prerequisite_graph_figure(scenario: Scenario) -> go.Figure:
    """The prerequisite DAG of cognitive tools, drawn in layers of prerequisite depth.

    Parameters
    ----------
    scenario : Scenario
        The tools, their prerequisites and the people holding them.

    Returns
    -------
    plotly.graph_objects.Figure
        Edges ``p -> t`` (p must be learned before t) left to right; node colour is the
        number of people holding the tool (red: one person, grey: nobody).

    Notes
    -----
    x = :func:`teamsim.prerequisites.tool_depth`, y = rank inside the layer; O(t + e).

    Examples
    --------
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B", "requires": ["A"]}],
    ...                              "people": [{"name": "P", "tools": ["B"]}]})
    >>> fig = prerequisite_graph_figure(s)
    >>> list(fig.data[-1].text), list(fig.data[-1].x)
    (['A', 'B'], [0, 1])
    """
    g = prerequisite_graph(scenario)
    depth = tool_depth(scenario)
    layers: dict[int, list[str]] = {}
    for t in sorted(g.nodes, key=lambda t: (depth[t], t)):
        layers.setdefault(depth[t], []).append(t)
    flat = g.number_of_edges() == 0
    if flat:  # no prerequisites: rows of as many tools as their labels fit in, not one column
        names = layers.get(0, [])
        per_row = max(1, min(len(names), LABEL_ROOM // _label_px(names)))
        pos = {t: (i % per_row, -(i // per_row)) for i, t in enumerate(names)}
        rows = -(-len(names) // per_row)
    else:  # odd layers half a row lower: labels of neighbouring layers never share a line
        pos = {t: (d, i - (len(ts) - 1) / 2 - (d % 2) / 2)
               for d, ts in layers.items() for i, t in enumerate(ts)}
        rows = max((len(ts) for ts in layers.values()), default=1) + 1
    m = tool_matrix(scenario)
    holders = dict(zip(m.tools, m.held.sum(axis=0).astype(int).tolist()))
    ex, ey = [], []
    for p, t in g.edges:
        ex += [pos[p][0], pos[t][0], None]
        ey += [pos[p][1], pos[t][1], None]
    nodes = list(pos)
    colour = ["#dc2626" if holders[t] == 1 else "#cbd5e1" if holders[t] == 0 else "#1d4ed8"
              for t in nodes]
    fig = go.Figure([
        go.Scatter(x=ex, y=ey, mode="lines+markers", line=dict(color="#94a3b8", width=1),
                   marker=dict(symbol="arrow", angleref="previous", standoff=9,
                               size=[0, 11, 0] * g.number_of_edges(), color="#94a3b8"),
                   hoverinfo="skip", showlegend=False),
        go.Scatter(x=[pos[t][0] for t in nodes], y=[pos[t][1] for t in nodes],
                   mode="markers+text", text=_texts(nodes), textposition="top center",
                   marker=dict(size=16, color=colour, line=dict(color="white", width=1),
                               symbol="circle"),
                   customdata=[holders[t] for t in nodes], showlegend=False,
                   hovertemplate="%{text}: held by %{customdata}<extra></extra>"),
    ])
    fig.update_layout(title=dict(text="Prerequisite graph", subtitle=dict(
                          text=("learned left to right" if not flat else
                                "no prerequisites: every tool can be learned first")
                          + "; red: held by one person, grey: by nobody")),
                      xaxis=dict(title="" if flat else "prerequisite depth", dtick=1,
                                 zeroline=False, visible=not flat),
                      yaxis=dict(visible=False), margin=_MARGIN,
                      height=180 + ROW_PX * rows, plot_bgcolor="white")  # a label per row
    return fig


def communication_figure(
    team_sizes: Mapping[str, int],
    *,
    limit: int = TWO_PIZZA_LIMIT,
    what_if: Mapping[str, int] | None = None,
) -> go.Figure:
    """Communication paths n(n-1)/2 against people n, with the two-pizza band and each team.

    Parameters
    ----------
    team_sizes : mapping of str to int
        Team name -> number of members.
    limit : int, default 9
        Largest two-pizza team; the band 1..limit is shaded.
    what_if : mapping of str to int, optional
        Team name -> size after adding (or removing) people; drawn as arrows.

    Returns
    -------
    plotly.graph_objects.Figure

    Notes
    -----
    Paths grow quadratically, hands linearly (Brooks 1975, ch. 2); the two-pizza
    limit follows Stone (2013) and Skelton & Pais (2019). O(max n + teams).

    Examples
    --------
    >>> fig = communication_figure({"T": 4}, limit=9)
    >>> [t.name for t in fig.data]
    ['paths n(n-1)/2', 'people n', 'teams']
    >>> list(fig.data[2].y)
    [6]
    """
    what_if = dict(what_if or {})
    top = max([limit + 3, *team_sizes.values(), *what_if.values()]) + 1
    check_work(1_000 * top, params="limit and team sizes",
               entity=f"communication figure of 1..{top:,} people")
    n = np.arange(1, top + 1)
    by_size: dict[int, list[str]] = {}
    for t, size in team_sizes.items():  # teams of one size share a marker and a label
        by_size.setdefault(size, []).append(t)
    sizes = sorted(by_size)
    labels = [plotly_text(", ".join(by_size[s][:3]))
              + (f" +{len(by_size[s]) - 3}" if len(by_size[s]) > 3 else "") for s in sizes]
    fig = go.Figure([
        go.Scatter(x=n, y=communication_paths(n), name="paths n(n-1)/2", mode="lines",
                   line=dict(color="#dc2626", width=3)),
        go.Scatter(x=n, y=n, name="people n", mode="lines",
                   line=dict(color="#64748b", width=2, dash="dash")),
        go.Scatter(x=sizes, y=[communication_paths(s) for s in sizes], name="teams",
                   mode="markers+text" if len(sizes) <= 12 else "markers", text=labels,
                   # small teams sit near the left edge: label them to the right (not clipped)
                   textposition=["top right" if s <= 4 else "top left" for s in sizes],
                   cliponaxis=False,
                   customdata=[len(by_size[s]) for s in sizes],
                   marker=dict(size=[10 + 3 * min(len(by_size[s]), 8) for s in sizes],
                               color=["#1d4ed8" if s <= limit else "#dc2626" for s in sizes],
                               line=dict(color="white", width=1)),
                   hovertemplate="%{customdata} team(s) of %{x} people, %{y} paths each:"
                                 "<br>%{text}<extra></extra>"),
    ])
    if what_if:
        after = [(t, s) for t, s in what_if.items() if t in team_sizes]
        fig.add_trace(go.Scatter(
            x=[s for _, s in after], y=[communication_paths(s) for _, s in after],
            name="after the change", mode="markers", text=_texts(t for t, _ in after),
            marker=dict(size=14, symbol="diamond", color="#f59e0b"),
            hovertemplate="%{text} after: %{x} people, %{y} paths<extra></extra>"))
        for t, s in after:
            fig.add_annotation(x=s, y=communication_paths(s), ax=team_sizes[t],
                               ay=communication_paths(team_sizes[t]), xref="x", yref="y",
                               axref="x", ayref="y", showarrow=True, arrowhead=2,
                               arrowcolor="#f59e0b", standoff=8, text="")
    fig.add_vrect(x0=0.5, x1=limit + 0.5, fillcolor="#16a34a", opacity=0.08, line_width=0,
                  annotation_text=f"two-pizza teams (≤ {limit})", annotation_position="top left")
    fig.update_layout(title=dict(text="Communication paths and team size", subtitle=dict(
                          text="paths grow as n(n-1)/2, people as n")),
                      xaxis_title="people in the team (n)", yaxis_title="communication paths",
                      margin=_MARGIN, height=440, legend=dict(orientation="h", y=-0.2))
    return fig


def without_webgl(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` with WebGL scatter traces (``scattergl``) drawn as SVG ``scatter``.

    WebGL needs a GPU or a software renderer in the browser (headless browsers and
    remote desktops often lack one) and browsers cap the number of WebGL contexts
    per page; SVG is fine up to a few thousand points.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The figure to convert (left unchanged).

    Returns
    -------
    plotly.graph_objects.Figure
        Same layout and data, every ``scattergl`` trace replaced by a ``scatter`` trace.

    Examples
    --------
    >>> fig = go.Figure(go.Scattergl(x=[0, 1], y=[1, 0], customdata=["a", "b"]))
    >>> [t.type for t in without_webgl(fig).data]
    ['scatter']
    """
    out = go.Figure(layout=fig.layout)
    for t in fig.data:
        if t.type == "scattergl":
            spec = t.to_plotly_json()
            spec.pop("type", None)
            out.add_trace(go.Scatter(**spec))
        else:
            out.add_trace(t)
    return out


def assembly_run_figure(result) -> go.Figure:
    """Giant component share over time in one run of the team assembly model.

    Parameters
    ----------
    result : teamsim.assembly.AssemblyResult
        From :func:`teamsim.assembly.assemble_teams` (``times``, ``giant_share``, ``active``).

    Returns
    -------
    plotly.graph_objects.Figure
        Giant component share (left axis) and active people (right axis) against time.

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


# =============================================================================
# Collaboration networks, small-world quotient, team assembly (teamsim.affiliation,
# teamsim.smallworld, teamsim.assembly)
# =============================================================================

__all__ += ["assembly_sweep_figure", "people_network_figure", "small_world_figure", "OTHER_GROUP"]

_PALETTE = ["#1d4ed8", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777",
            "#4b5563", "#65a30d", "#7c3aed", "#0d9488"]


def people_network_figure(net, *, seed: int = DEFAULT_SEED, max_edges: int = 20_000, iterations: int = 50,
                          max_groups: int = 12, labels: int = 15) -> go.Figure:
    """The people network (one-mode projection) drawn with a spring layout.

    Parameters
    ----------
    net : teamsim.affiliation.AffiliationNetwork
        People x projects; people are linked when they share a project.
    seed : int, default 0
        Layout seed (same seed, same picture).
    max_edges : int, default 20,000
        Draw at most this many ties (a random subset above it; the layout uses all).
    iterations : int, default 50
        Fruchterman-Reingold iterations (the force model of ``networkx.spring_layout``,
        vectorised; above 2,500 people the spectral layout is used instead).
    max_groups : int, default 12
        Legend entries: the largest ``max_groups - 1`` groups, the rest as "other".
    labels : int, default 15
        Names written next to the most connected people (everybody's in networks of
        at most 30 people); every name is in the hover text.

    Returns
    -------
    plotly.graph_objects.Figure
        One scatter trace per group (module or team: the group of most of the person's
        projects), ``customdata`` = person name so an app can read a click, plus one line
        trace for the ties.

    Examples
    --------
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
    if net.n_people > 20:
        # small components and isolated people drift far away and shrink the main cluster
        # to a dot: pull the farthest 5% in to the 95th-percentile radius (all stay visible)
        centre = np.median(xy, axis=0)
        d = np.linalg.norm(xy - centre, axis=1)
        r = float(np.quantile(d, 0.95)) * 1.05
        far = d > r
        if r > 0 and far.any():
            xy = xy.copy()
            xy[far] = centre + (xy[far] - centre) * (r / d[far])[:, None]
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
    nproj = np.diff(net.incidence.indptr)
    order = sorted(set(groups), key=lambda x: (-groups.count(x), x))
    if len(order) > max_groups:  # a compact legend: the largest groups, then "other"
        keep = set(order[:max_groups - 1])
        groups = [g if g in keep else OTHER_GROUP for g in groups]
        order = [*order[:max_groups - 1], OTHER_GROUP]
    # names on the map: everybody in a small network, else the most connected people
    shown = (set(range(net.n_people)) if net.n_people <= 30 else
             set(np.argsort(-deg, kind="stable")[:labels].tolist()))
    for k, grp in enumerate(order):
        idx = [i for i, gg in enumerate(groups) if gg == grp]
        color = "#94a3b8" if grp == OTHER_GROUP else _PALETTE[k % len(_PALETTE)]
        fig.add_trace(go.Scattergl(
            x=xy[idx, 0], y=xy[idx, 1], mode="markers+text", name=plotly_text(grp),
            marker=dict(size=6 + 2 * np.sqrt(deg[idx]), color=color,
                        line=dict(width=0.5, color="white")),
            customdata=[net.people[i] for i in idx],  # raw names for clicks; never rendered
            text=[plotly_text(net.people[i]) if i in shown else "" for i in idx],
            textposition="top center",
            textfont=dict(size=10, color="#334155"),
            hovertext=[f"<b>{plotly_text(net.people[i])}</b><br>{plotly_text(groups[i])} · "
                       f"{nproj[i]} project"
                       f"{'s' if nproj[i] != 1 else ''} · {deg[i]} collaborators" for i in idx],
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_layout(title=dict(text=f"People network: {net.n_people} people, {a.nnz // 2} "
                                 "collaboration ties", x=0, xanchor="left"),
                      xaxis=dict(visible=False), yaxis=dict(visible=False),
                      margin=dict(l=10, r=10, t=50, b=10),
                      # the legend below the plot: the network gets the whole width
                      legend=dict(title_text="module / team", orientation="h", yanchor="top",
                                  y=-0.02, x=0, font=dict(size=11)),
                      modebar=dict(orientation="v"),  # on the right edge, clear of the title
                      hoverlabel=dict(font_size=13), clickmode="event+select")
    return fig


#: Legend entry of the people outside the largest groups in :func:`people_network_figure`.
OTHER_GROUP = "other"


def _spring_layout(a, *, seed: int = DEFAULT_SEED, iterations: int = 50) -> np.ndarray:
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
    """Q, CC ratio and PL ratio per time window (shuffled null solid, analytic dashed).

    Parameters
    ----------
    series : teamsim.smallworld.SmallWorldSeries
        Small-world reports per time window (:func:`teamsim.smallworld.small_world_by_window`).

    Returns
    -------
    plotly.graph_objects.Figure
        Undefined values are gaps.

    Examples
    --------
    >>> from teamsim.smallworld import SmallWorldSeries
    >>> len(small_world_figure(SmallWorldSeries()).data)
    6
    """
    x = _texts(w.window for w in series.windows)

    def col(get):
        return [get(w) for w in series.windows]

    fig = go.Figure()
    for name, color, get, sget in (
            ("Q", "#1d4ed8", lambda w: w.q, lambda w: w.analytic.q),
            ("CC ratio", "#16a34a", lambda w: w.cc_ratio, lambda w: w.analytic.cc_ratio),
            ("PL ratio", "#dc2626", lambda w: w.pl_ratio, lambda w: w.analytic.pl_ratio)):
        fig.add_trace(go.Scatter(x=x, y=col(get), name=f"{name} (shuffled null)", mode="lines+markers",
                                 line=dict(color=color)))
        fig.add_trace(go.Scatter(x=x, y=col(sget), name=f"{name} (analytic)", mode="lines+markers",
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
        Runs of the team assembly model over a grid of p and q.

    Returns
    -------
    plotly.graph_objects.Figure
        One line per q: the giant component share S against p.

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


# ============================================================================ ownership
# Service ownership and Conway alignment (teamsim.ownership, teamsim.reorg).

__all__ += ["ownership_sunburst", "team_dependency_figure", "before_after_figure"]


def ownership_sunburst(scenario: Scenario) -> go.Figure:
    """Sunburst: organisation -> team -> service, sized by ownership share x service load.

    Orphaned (unowned) services hang under a grey "(no owner)" wedge; a shared
    service appears under each owner with its share.

    Parameters
    ----------
    scenario : Scenario
        The services, their loads and their owner teams.

    Returns
    -------
    plotly.graph_objects.Figure
        One sunburst trace: the organisation, its teams and their services.

    See Also
    --------
    team_dependency_figure : Dependencies between the teams.

    Examples
    --------
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
        labels.append(plotly_text(team))
        parents.append("")
        values.append(float((share * m.load[rows]).sum()))
        colors.append(None)
        for i, sh in zip(rows, share):
            ids.append(f"team/{team}/{m.services[i]}")
            labels.append(plotly_text(m.services[i]))
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
            labels.append(plotly_text(m.services[i]))
            parents.append("orphan")
            values.append(float(m.load[i]))
            colors.append("#e4e4e7")
    fig = go.Figure(go.Sunburst(ids=ids, labels=labels, parents=parents, values=values,
                                branchvalues="total", marker=dict(colors=colors),
                                hovertemplate="%{label}: load %{value:.3g}<extra></extra>"))
    fig.update_layout(title="Who owns what (size = share x service load)",
                      margin=dict(l=10, r=10, t=50, b=10))
    return fig


def _padded(values, pad: float) -> list[float] | None:
    if not values:
        return None
    lo, hi = float(min(values)), float(max(values))
    span = (hi - lo) or 1.0
    return [lo - pad * span, hi + pad * span]


def team_dependency_figure(report) -> go.Figure:
    """The team dependency graph M = Oᵀ·D·O: teams as nodes, arrows weighted by dependency weight.

    Parameters
    ----------
    report : teamsim.ownership.OwnershipReport
        The result of :func:`teamsim.ownership.ownership_report`.

    Returns
    -------
    plotly.graph_objects.Figure
        A line trace for the ties and a marker trace for the teams; the arrows
        (width by dependency weight) are layout annotations.

    Notes
    -----
    Node size grows with services owned, node colour is the team's cohesion
    (share of its dependency weight that stays inside); layout is networkx's
    spring layout with a fixed seed, so the picture is reproducible.

    Examples
    --------
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
                   mode="markers+text", text=_texts(t.name for t in teams), textposition="top center",
                   marker=dict(size=[14 + 6 * np.sqrt(t.services_owned) for t in teams],
                               color=[t.cohesion if t.cohesion is not None else 0 for t in teams],
                               cmin=0, cmax=1, colorscale="RdYlGn", showscale=True,
                               colorbar=dict(title="cohesion", x=1.08, thickness=14),
                               line=dict(width=1, color="#334155")),
                   cliponaxis=False,
                   customdata=[[t.services_owned, t.size, t.cross_team_dependencies] for t in teams],
                   hovertemplate="%{text}<br>services %{customdata[0]:.3g}, people %{customdata[1]}"
                                 "<br>cross-team weight %{customdata[2]:.3g}<extra></extra>",
                   showlegend=False),
    ])
    fig.update_layout(title="Team dependency graph (Oᵀ·D·O; arrow = depends on)",
                      annotations=annotations, plot_bgcolor="white",
                      # padded axes: labels at the edge stay clear of the colour bar
                      xaxis=dict(visible=False, range=_padded([p[0] for p in pos.values()], 0.25)),
                      yaxis=dict(visible=False, range=_padded([p[1] for p in pos.values()], 0.15)),
                      margin=dict(l=10, r=40, t=50, b=10))
    return fig


__all__ += ["METRIC_LABELS"]

#: Readable labels of the what-if metrics (:mod:`teamsim.reorg`), for figures and app tables.
METRIC_LABELS = {
    "services": "services", "teams_count": "teams", "people": "people",
    "dependencies": "service dependencies", "cross_team_count": "cross-team dependencies (count)",
    "cross_team_dependencies": "cross-team dependency weight",
    "cross_team_edges": "cross-team edges", "cross_team_ratio": "cross-team share of weight",
    "modularity": "modularity", "orphaned": "orphaned services", "shared": "shared services",
    "congruence": "socio-technical congruence", "size": "size",
    "communication_paths": "communication paths", "two_pizza": "two-pizza team",
    "services_owned": "services owned", "load": "load", "load_per_person": "load per person",
    "internal_dependencies": "internal dependencies", "cohesion": "cohesion",
    "efferent_coupling": "efferent coupling (depends on)",
    "afferent_coupling": "afferent coupling (depended on)",
}


def before_after_figure(changes, *, scope: str = "organisation") -> go.Figure:
    """Relative change of every metric of one scope that a what-if changes (horizontal bars).

    Metrics have different units (13 services, modularity 0.13), so each bar is the
    change relative to its value before, ``(after - before) / |before|``, labelled
    ``before → after``; a metric that was 0 before is drawn at ±100 %.
    Metrics that do not change are named in the subtitle.

    Parameters
    ----------
    changes : list of teamsim.reorg.MetricChange
        Metrics before and after, e.g. ``WhatIf.changes``.
    scope : str, default "organisation"
        "organisation" or a team name.

    Returns
    -------
    plotly.graph_objects.Figure
        One horizontal bar per changed metric (relative change in %), unchanged
        metrics named in the subtitle.

    Examples
    --------
    >>> from teamsim.reorg import MetricChange
    >>> f = before_after_figure([MetricChange(scope="organisation", metric="modularity",
    ...                                       before=0.1, after=0.3, change=0.2)])
    >>> [round(v) for v in f.data[0].x], list(f.data[0].y)
    ([200], ['modularity'])
    """
    rows = [c for c in changes if c.scope == scope and (c.before is not None or c.after is not None)]
    moved = [c for c in rows if c.before != c.after]
    same = [METRIC_LABELS.get(c.metric, c.metric) for c in rows if c.before == c.after]

    def rel(c) -> float:
        if c.before is None or c.after is None:
            return 100.0 if c.before is None else -100.0
        if c.before == 0:
            return 100.0 if c.after > 0 else -100.0
        return 100.0 * (c.after - c.before) / abs(c.before)

    def fmt(v) -> str:
        return "—" if v is None else f"{v:.3g}"

    x = [rel(c) for c in moved]
    fig = go.Figure(go.Bar(
        x=x, y=[METRIC_LABELS.get(c.metric, c.metric) for c in moved], orientation="h",
        marker_color=["#2563eb" if v >= 0 else "#f59e0b" for v in x],
        text=[f"{fmt(c.before)} → {fmt(c.after)}" for c in moved], textposition="auto",
        hovertemplate="%{y}: %{text} (%{x:+.0f}%)<extra></extra>", showlegend=False))
    fig.add_vline(x=0, line=dict(color="#334155", width=1))
    lines, line = [], "unchanged:"
    for name in same:  # wrapped: a subtitle does not wrap by itself
        if len(line) + len(name) > 55:
            lines.append(line + ",")
            line = name
        else:
            line = f"{line} {name}" if line == "unchanged:" else f"{line}, {name}"
    sub = "<br>".join([*lines, line]) if same else ""
    where = plotly_text(scope)
    fig.update_layout(title=dict(text=f"What changes: {where}" if moved else
                                 f"Nothing changes: {where}", subtitle=dict(text=sub)),
                      xaxis_title="change relative to before (%)", yaxis=dict(automargin=True),
                      height=max(300, 140 + 34 * len(moved) + 16 * sub.count("<br>")),
                      margin=dict(l=10, r=10, t=80 + 16 * sub.count("<br>"), b=10))
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
            text=_texts(c.name for c in cs), textposition="top center", name="candidates",
            marker=dict(size=12, color=["#16a34a" if c.rank == 1 else "#1d4ed8" for c in cs]),
            customdata=[plotly_text(", ".join(c.tools_added)) or "—" for c in cs],
            hovertemplate="%{text}: ability %{x}, adds %{y}<br>tools added: %{customdata}<extra></extra>"),
        go.Scatter(x=[0, top], y=[0, top], mode="lines", line=dict(dash="dot", color="#94a3b8"),
                   name="gain = ability (no overlap)", hoverinfo="skip"),
    ])
    team = plotly_text(ranking.team) if ranking.team else "the organisation"
    fig.update_layout(title=f"Whom to hire for {team}: marginal gain vs "
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
        One experiment, or the rows of a sweep.

    Returns
    -------
    plotly.graph_objects.Figure
        Grouped bars "best-N team" and "random team": mean performance per setting.

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
