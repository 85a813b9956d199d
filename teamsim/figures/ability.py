"""Figures of cognitive tools and team ability: heatmap, abilities, team of k, prerequisites, hiring gains."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from teamsim import _text
from teamsim.ability import TeamChoice, skill_grid, tool_matrix
from teamsim.figures._common import _MARGIN, _label_px, _texts, plotly_text
from teamsim.hiring import CandidateRanking
from teamsim.prerequisites import prerequisite_graph, tool_depth
from teamsim.report import ScenarioReport
from teamsim.scenario import Scenario


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
    m = skill_grid(scenario)
    tools, z = m.tools, m.cells()
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

    See Also
    --------
    teamsim.ability.diversity_bonus : The bonus stacked on the best member's ability.
    teamsim.report.analyze : The report it draws.
    abilities_figure : Ability per person instead of per team.

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

    See Also
    --------
    teamsim.ability.individual_abilities : The abilities it draws.
    team_ability_figure : Team ability per team instead of per person.

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
        customdata=_texts(", ".join(p.tools) for p in people),
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

    See Also
    --------
    teamsim.ability.best_ability_team : The top-k individuals.
    teamsim.ability.most_able_team : The most able team of the same size.

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

    See Also
    --------
    teamsim.prerequisites.prerequisite_graph : The DAG it draws.
    teamsim.prerequisites.tool_depth : The layer of each tool.
    tool_heatmap : Who holds each tool, in the same depth order.

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
        pos: dict[str, tuple[float, float]] = {t: (i % per_row, -(i // per_row)) for i, t in enumerate(names)}
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


def candidate_gain_figure(ranking: CandidateRanking) -> go.Figure:
    """Candidates' marginal gain in team ability against their individual ability, one row each.

    Each candidate is a row (best addition first, the name on the axis: names never
    overlap, however many candidates tie): a dot at the marginal gain, a ring at the
    individual ability, joined by a line. The gap is the value of the tools the team
    already has; the best addition's dot is green.

    Parameters
    ----------
    ranking : CandidateRanking
        From :func:`teamsim.hiring.rank_candidates`.

    Returns
    -------
    plotly.graph_objects.Figure

    See Also
    --------
    teamsim.hiring.candidates.rank_candidates : The ranking it draws.
    abilities_figure : Individual abilities of the people already in the scenario.

    Notes
    -----
    Submodularity puts every dot on or left of its ring (gain <= ability).

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
    >>> f = candidate_gain_figure(rank_candidates(s))
    >>> list(f.data[1].y), list(f.data[1].x), list(f.data[2].x)
    (['Q'], [1.0], [2.0])
    """
    cs = ranking.candidates
    names = _texts(c.name for c in cs)
    gain, alone = [c.marginal_gain for c in cs], [c.individual_ability for c in cs]
    top = max(alone, default=1.0) or 1.0
    fig = go.Figure([  # the joining lines first: under the markers
        go.Scatter(x=[v for a, b in zip(gain, alone, strict=True) for v in (a, b, None)],
                   y=[v for n in names for v in (n, n, None)], mode="lines", hoverinfo="skip",
                   line=dict(color="#cbd5e1", width=2), showlegend=False),
        go.Scatter(x=gain, y=names, mode="markers", name="marginal gain in team ability",
                   marker=dict(size=12, color=["#16a34a" if c.rank == 1 else "#1d4ed8" for c in cs]),
                   customdata=[plotly_text(", ".join(c.tools_added)) or "—" for c in cs],
                   hovertemplate="%{y}: adds %{x}<br>tools added: %{customdata}<extra></extra>"),
        go.Scatter(x=alone, y=names, mode="markers", name="individual ability (alone)",
                   marker=dict(size=12, symbol="circle-open", color="#64748b", line=dict(width=2)),
                   hovertemplate="%{y}: ability %{x}<extra></extra>"),
    ])
    team = plotly_text(_text.clip(ranking.team, 40)) if ranking.team else "the organisation"
    fig.update_layout(title=dict(text=f"Whom to hire for {team}", subtitle=dict(
                          text="gap between ring and dot: tools the team already has")),
                      xaxis=dict(title="team ability added (dot) / alone (ring)",
                                 range=[-0.05 * top, 1.05 * top]),  # a dot at 0 shows whole
                      yaxis=dict(autorange="reversed", automargin=True, dtick=1, type="category"),
                      legend=dict(orientation="h", y=-0.25 if len(cs) < 6 else -0.1, x=0),
                      height=220 + 28 * len(cs), margin=_MARGIN)
    return fig
