"""Figures of service ownership: sunburst, team dependencies, reorganisation before and after."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from teamsim.figures._common import _texts, plotly_text
from teamsim.scenario import Scenario

if TYPE_CHECKING:
    from teamsim.ownership import OwnershipReport
    from teamsim.reorg import MetricChange


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
    ids: list[str] = []
    labels: list[str] = []
    parents: list[str] = []
    values: list[float] = []
    colors: list[str | None] = []
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


def _padded(values: Sequence[float], pad: float) -> list[float] | None:
    if not values:
        return None
    lo, hi = float(min(values)), float(max(values))
    span = (hi - lo) or 1.0
    return [lo - pad * span, hi + pad * span]


def team_dependency_figure(report: OwnershipReport) -> go.Figure:
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

    See Also
    --------
    teamsim.ownership.ownership_report : The report it draws.
    teamsim.ownership.team_dependency_matrix : The matrix M = Oᵀ·D·O.
    ownership_sunburst : Who owns which service.

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


@functools.cache
def _metric_labels() -> dict[str, str]:
    """Readable labels of the what-if metrics: the titles of the metric fields of the ownership
    report and its teams (imported on first use: ``teamsim.figures`` stays light)."""
    from teamsim.ownership import OwnershipReport, TeamOwnership

    return {**TeamOwnership.metric_titles(), **OwnershipReport.metric_titles()}


def __getattr__(name: str) -> dict[str, str]:
    # METRIC_LABELS: readable labels of the what-if metrics (:mod:`teamsim.reorg`), for
    # figures and app tables, built from the models' field titles on first use
    if name == "METRIC_LABELS":
        return dict(_metric_labels())
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def before_after_figure(changes: Sequence[MetricChange], *, scope: str = "organisation") -> go.Figure:
    """Relative change of every metric of one scope that a what-if changes (horizontal bars).

    Metrics have different units (13 services, modularity 0.13), so each bar is the
    change relative to its value before, ``(after - before) / |before|``, labelled
    ``metric: before → after`` on the axis (never on the bar, where a short negative bar's
    text would cover the axis labels); a metric that was 0 before is drawn at ±100 %.
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

    See Also
    --------
    teamsim.reorg.whatif.what_if : The what-if whose changes it draws.
    team_dependency_figure : The team dependency graph of one scenario.

    Examples
    --------
    >>> from teamsim.reorg import MetricChange
    >>> f = before_after_figure([MetricChange(scope="organisation", metric="modularity",
    ...                                       before=0.1, after=0.3, change=0.2)])
    >>> [round(v) for v in f.data[0].x], list(f.data[0].y)
    ([200], ['modularity: 0.1 → 0.3'])
    """
    rows = [c for c in changes if c.scope == scope and (c.before is not None or c.after is not None)]
    moved = [c for c in rows if c.before != c.after]
    same = [_metric_labels().get(c.metric, c.metric) for c in rows if c.before == c.after]

    def rel(c: MetricChange) -> float:
        if c.before is None or c.after is None:
            return 100.0 if c.before is None else -100.0
        if c.before == 0:
            return 100.0 if c.after > 0 else -100.0
        return float(100.0 * (c.after - c.before) / abs(c.before))

    def fmt(v: float | None) -> str:
        return "—" if v is None else f"{v:.3g}"

    x = [rel(c) for c in moved]
    text = [f"{fmt(c.before)} → {fmt(c.after)}" for c in moved]
    # "before → after" is part of the axis label: text on a short bar (inside or outside) would
    # sit on the axis labels of the negative side
    fig = go.Figure(go.Bar(
        x=x, y=[f"{_metric_labels().get(c.metric, c.metric)}: {t}" for c, t in zip(moved, text, strict=True)],
        orientation="h", marker_color=["#2563eb" if v >= 0 else "#f59e0b" for v in x],
        text=text, textposition="none", customdata=[_metric_labels().get(c.metric, c.metric) for c in moved],
        hovertemplate="%{customdata}: %{text} (%{x:+.0f}%)<extra></extra>", showlegend=False))
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
