"""Individual ability, team ability by task type, and the diversity bonus (Page 2017)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from teamsim.ability.matrix import tool_matrix
from teamsim.errors import InputError
from teamsim.scenario import Scenario, Task

__all__ = ["TASK_TYPES", "TaskType", "diversity_bonus",
           "individual_abilities", "individual_ability", "team_ability"]

TaskType = Literal["complex", "additive", "disjunctive", "conjunctive"]


TASK_TYPES: tuple[TaskType, ...] = ("complex", "additive", "disjunctive", "conjunctive")


def individual_ability(scenario: Scenario, person: str, task: Task | str | None = None) -> float:
    """Total value of a person's tools (the number of tools when unweighted).

    With ``task``, only the task's required tools count, at the task's weights.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    person : str
        Name of a person or candidate.
    task : Task or str, optional
        Count only this task's required tools, at the task's weights
        (default: every tool at its own value).

    Returns
    -------
    float
        Sum of the values of the tools the person holds, prerequisites implied.

    Raises
    ------
    ScenarioError
        For an unknown person or task.

    See Also
    --------
    individual_abilities : The same for many people at once.
    team_ability : Ability of a team.

    References
    ----------
    .. [1] Page, S. E., *The Diversity Bonus*, Princeton University Press, 2017,
       ch. 3 (a person as a set of cognitive tools).

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": x} for x in "ABCDE"],
    ...                              "people": [{"name": "Adam", "tools": list("ABCDE")}]})
    >>> individual_ability(s, "Adam")
    5.0
    """
    return float(tool_matrix(scenario, [person], task).abilities()[0])


def individual_abilities(
    scenario: Scenario, people: Sequence[str] | None = None, task: Task | str | None = None
) -> dict[str, float]:
    """Individual ability of each person (default: all people), as ``{name: ability}``.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    people : sequence of str, optional
        People and/or candidates, in output order (default: the scenario's people).
    task : Task or str, optional
        Count only this task's required tools, at the task's weights.

    Returns
    -------
    dict of str to float
        Each person's total tool value (see :func:`individual_ability`).

    Raises
    ------
    ScenarioError
        For an unknown person or task.

    See Also
    --------
    individual_ability : One person.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B", "value": 2}],
    ...     "people": [{"name": "P", "tools": ["A", "B"]}, {"name": "Q", "tools": ["A"]}]})
    >>> individual_abilities(s)
    {'P': 3.0, 'Q': 1.0}
    """
    m = tool_matrix(scenario, people, task)
    return dict(zip(m.people, m.abilities().tolist()))


def team_ability(
    scenario: Scenario,
    members: Sequence[str],
    task_type: TaskType = "complex",
    task: Task | str | None = None,
) -> float:
    """Ability of a team on a task of the given type.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    members : sequence of str
        People (or candidates) on the team.
    task_type : {"complex", "additive", "disjunctive", "conjunctive"}
        See the module docstring for the formulas.
    task : Task or str, optional
        Restrict to a task's required tools. Required for "conjunctive".

    Returns
    -------
    float
        Tool value for complex/additive/disjunctive; a share in [0, 1] for
        conjunctive. An empty team has ability 0.

    Raises
    ------
    ScenarioError
        Unknown person or task.
    InputError
        Unknown task type, or "conjunctive" without a task.

    See Also
    --------
    diversity_bonus : Team ability minus the best member's.
    teamsim.ability.most_able_team : The team of size k with the largest ability.

    References
    ----------
    .. [1] Page, S. E., *The Diversity Bonus*, Princeton University Press, 2017,
       ch. 3-4 (complex tasks: value of the union of the members' tools).
    .. [2] Steiner, I. D., *Group Process and Productivity*, Academic Press, 1972
       (additive, disjunctive and conjunctive tasks).

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({
    ...     "tools": [{"name": x} for x in "ABC"],
    ...     "people": [{"name": "P", "tools": ["A", "B"]}, {"name": "Q", "tools": ["B", "C"]}],
    ...     "tasks": [{"name": "ship", "tools": ["A", "C"]}]})
    >>> [team_ability(s, ["P", "Q"], t, "ship" if t == "conjunctive" else None)
    ...  for t in ("complex", "additive", "disjunctive", "conjunctive")]
    [3.0, 4.0, 2.0, 1.0]
    """
    if task_type not in TASK_TYPES:
        raise InputError(f"unknown task type {task_type!r}",
                         hint=f"choose one of: {', '.join(TASK_TYPES)}")
    if task_type == "conjunctive" and task is None:
        raise InputError("a conjunctive task needs required tools",
                         hint="pass task=... (a task declared under tasks:)")
    m = tool_matrix(scenario, members, task)
    rows = np.arange(len(m.people))
    if task_type == "complex":
        return m.union_value(rows)
    if task_type == "additive":
        return float(m.abilities().sum())
    if task_type == "disjunctive":
        return float(m.abilities().max(initial=0.0))
    total = float(m.values.sum())
    return m.union_value(rows) / total if total > 0 else 0.0


def diversity_bonus(scenario: Scenario, members: Sequence[str], task: Task | str | None = None) -> float:
    """Complex-task team ability minus the ability of the team's best member.

    teamsim's own measure: Page (2017) names the diversity bonus; "team minus best
    member" is teamsim's way of putting a number on it.

    Always >= 0; 0 exactly when the best member holds every tool the team holds
    (for instance when the members' tool sets are nested).

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    members : sequence of str
        People (or candidates) on the team.
    task : Task or str, optional
        Count only this task's required tools, at the task's weights.

    Returns
    -------
    float
        ``v . OR_i H_i - max_i v . H_i``: the union value of the team's tools
        minus the largest individual ability; 0 for an empty team.

    Raises
    ------
    ScenarioError
        For an unknown person or task.

    See Also
    --------
    team_ability : The first term (task type "complex").
    teamsim.ability.is_nested : Nested tool sets give a bonus of 0.

    References
    ----------
    .. [1] Page, S. E., *The Diversity Bonus: How Great Teams Pay Off in the
       Knowledge Economy*, Princeton University Press, 2017, ch. 3-4.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({
    ...     "tools": [{"name": x} for x in "ABCDEFG"],
    ...     "people": [{"name": "Adam", "tools": list("ABCDE")},
    ...                {"name": "Betsy", "tools": list("ABEF")}]})
    >>> diversity_bonus(s, ["Adam", "Betsy"])
    1.0
    """
    m = tool_matrix(scenario, members, task)
    rows = np.arange(len(m.people))
    return m.union_value(rows) - float(m.abilities().max(initial=0.0))
