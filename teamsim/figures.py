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
