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

from teamsim.figures._common import plotly_text, without_webgl
from teamsim.figures.ability import (
    abilities_figure,
    candidate_gain_figure,
    prerequisite_graph_figure,
    team_ability_figure,
    team_of_k_figure,
    tool_heatmap,
)
from teamsim.figures.communication import communication_figure
from teamsim.figures.networks import OTHER_GROUP, people_network_figure, small_world_figure
from teamsim.figures.ownership import (
    before_after_figure,
    ownership_sunburst,
    team_dependency_figure,
)
from teamsim.figures.simulations import assembly_run_figure, assembly_sweep_figure, hong_page_figure


def __getattr__(name: str) -> object:
    # METRIC_LABELS comes from the ownership models on first use (they import scipy.sparse)
    if name == "METRIC_LABELS":
        from teamsim.figures import ownership

        return ownership.METRIC_LABELS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "METRIC_LABELS",
    "OTHER_GROUP",
    "abilities_figure",
    "assembly_run_figure",
    "assembly_sweep_figure",
    "before_after_figure",
    "candidate_gain_figure",
    "communication_figure",
    "hong_page_figure",
    "ownership_sunburst",
    "people_network_figure",
    "plotly_text",
    "prerequisite_graph_figure",
    "small_world_figure",
    "team_ability_figure",
    "team_dependency_figure",
    "team_of_k_figure",
    "tool_heatmap",
    "without_webgl",
]
