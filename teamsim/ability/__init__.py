"""Individual ability, team ability and the diversity bonus.

After Scott E. Page, *The Diversity Bonus: How Great Teams Pay Off in the
Knowledge Economy* (Princeton University Press, 2017), ch. 3-4: a person is a
set of cognitive tools; on a complex task a team can apply any tool one of its
members holds, so the team's ability is the value of the *union* of their tool
sets. The **diversity bonus** is what the team gains over its best member.

Task types follow Ivan D. Steiner, *Group Process and Productivity* (1972),
as teamsim defines them (each choice is a documented modelling decision):

============  ===============================================================
task type     team ability
============  ===============================================================
complex       value of the union of the members' tools (tool pooling; Page)
additive      sum of individual abilities (separable work, Steiner "additive")
disjunctive   ability of the best member (Steiner "disjunctive": one answer)
conjunctive   share (0..1) of a task's required tool value that the team
              covers; 1 means every required tool is held by someone
============  ===============================================================

Individual ability is the total value of a person's tools (the number of tools
when every tool has value 1); prerequisites a person did not list are implied
(see :mod:`teamsim.prerequisites`).

The package, one module per concept:

==================================  =============================================================
module                              what it holds
==================================  =============================================================
:mod:`teamsim.ability.matrix`       people x tools as arrays (:func:`tool_matrix`, :func:`skill_grid`)
:mod:`teamsim.ability.abilities`    individual and team ability, the diversity bonus
:mod:`teamsim.ability.teams`        teams of k: best-ability and most able (maximum coverage)
:mod:`teamsim.ability.redundancy`   tool redundancy, unique tools, nested tool sets
==================================  =============================================================

Page's reference values, reproduced by ``scenarios/diversity-bonus.yaml``:
Adam {A,B,C,D,E} = 5, Betsy {A,B,E,F} = 4, Carl {C,D,G} = 3; Adam+Betsy = 6,
Betsy+Carl = 7 (diversity bonus 3).

Computation is vectorised: people x tools is a boolean matrix ``H`` (n x t)
and tool values a vector ``v`` (t); the union value of a team ``S`` is
``v @ H[S].any(axis=0)``, and all C(n, k) teams are evaluated in chunks.

Examples
--------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({
...     "tools": [{"name": x} for x in "ABCDEFG"],
...     "people": [{"name": "Adam", "tools": list("ABCDE")},
...                {"name": "Betsy", "tools": list("ABEF")},
...                {"name": "Carl", "tools": list("CDG")}]})
>>> team_ability(s, ["Betsy", "Carl"]), diversity_bonus(s, ["Betsy", "Carl"])
(7.0, 3.0)
"""

from __future__ import annotations

from teamsim.ability.abilities import (
    TASK_TYPES,
    TaskType,
    diversity_bonus,
    individual_abilities,
    individual_ability,
    team_ability,
)
from teamsim.ability.matrix import SkillGrid, ToolMatrix, skill_grid, tool_matrix
from teamsim.ability.redundancy import is_nested, nested_rows, tool_redundancy, unique_tools
from teamsim.ability.teams import MAX_EXACT_COMBINATIONS as MAX_EXACT_COMBINATIONS
from teamsim.ability.teams import MAX_MILP_CELLS as MAX_MILP_CELLS
from teamsim.ability.teams import MostAbleMethod as MostAbleMethod
from teamsim.ability.teams import (
    TeamChoice,
    best_ability_team,
    interactive_method,
    max_coverage,
    most_able_team,
)

__all__ = [
    "TASK_TYPES",
    "TaskType",
    "TeamChoice",
    "SkillGrid",
    "ToolMatrix",
    "best_ability_team",
    "diversity_bonus",
    "individual_abilities",
    "individual_ability",
    "interactive_method",
    "is_nested",
    "nested_rows",
    "skill_grid",
    "max_coverage",
    "most_able_team",
    "team_ability",
    "tool_matrix",
    "tool_redundancy",
    "unique_tools",
]
