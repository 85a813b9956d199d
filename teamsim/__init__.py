"""teamsim: plan engineering teams with cognitive-tool models, collaboration
networks and service ownership.

The main objects are re-exported here::

    >>> import teamsim
    >>> s = teamsim.load_scenario("scenarios/diversity-bonus.yaml")   # doctest: +SKIP
    >>> teamsim.team_ability(s, ["Betsy", "Carl"])                      # doctest: +SKIP
    7.0
"""

from teamsim.ability import (
    TASK_TYPES,
    TeamChoice,
    ToolMatrix,
    best_ability_team,
    diversity_bonus,
    individual_abilities,
    individual_ability,
    is_nested,
    most_able_team,
    team_ability,
    tool_matrix,
    tool_redundancy,
    unique_tools,
)
from teamsim.communication import TWO_PIZZA_LIMIT, communication_paths, two_pizza
from teamsim.errors import InputError, ScenarioError, TeamsimError
from teamsim.importers import dump_scenario, load_scenario
from teamsim.prerequisites import (
    find_prerequisite_cycle,
    implied_prerequisites,
    learning_order,
    learning_path,
    prerequisite_closure,
    prerequisite_graph,
    tool_depth,
)
from teamsim.report import ScenarioReport, analyze
from teamsim.scenario import (
    CognitiveTool,
    Person,
    Project,
    Scenario,
    Service,
    Task,
    Team,
)
from teamsim.scenarios import builtin_scenarios, default_scenario_path

__version__ = "0.1.0"

__all__ = [
    "TASK_TYPES",
    "TWO_PIZZA_LIMIT",
    "CognitiveTool",
    "InputError",
    "Person",
    "Project",
    "Scenario",
    "ScenarioError",
    "ScenarioReport",
    "Service",
    "Task",
    "Team",
    "TeamChoice",
    "TeamsimError",
    "ToolMatrix",
    "analyze",
    "best_ability_team",
    "builtin_scenarios",
    "communication_paths",
    "default_scenario_path",
    "diversity_bonus",
    "dump_scenario",
    "find_prerequisite_cycle",
    "implied_prerequisites",
    "individual_abilities",
    "individual_ability",
    "is_nested",
    "learning_order",
    "learning_path",
    "load_scenario",
    "most_able_team",
    "prerequisite_closure",
    "prerequisite_graph",
    "team_ability",
    "tool_depth",
    "tool_matrix",
    "tool_redundancy",
    "two_pizza",
    "unique_tools",
]
