"""People x tools as arrays: the boolean holdings matrix with tool values, and the skills grid
with depth levels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from teamsim._text import clip
from teamsim.errors import ScenarioError
from teamsim.prerequisites import tool_depth
from teamsim.scenario import Scenario, Task

__all__ = ["SkillGrid", "ToolMatrix", "skill_grid", "tool_matrix"]


@dataclass(frozen=True)
class ToolMatrix:
    """People x tools incidence with tool values.

    Attributes
    ----------
    people : list of str, length n
    tools : list of str, length t
    held : numpy.ndarray of bool, shape (n, t)
        ``held[i, j]`` is True when person i holds tool j (prerequisites implied).
    values : numpy.ndarray of float, shape (t,)
        Value of each tool (the task's weights when built for a task).
    """

    people: list[str]
    tools: list[str]
    held: npt.NDArray[np.bool_]
    values: npt.NDArray[np.float64]

    @cached_property
    def _index(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.people)}

    def rows(self, names: Sequence[str]) -> npt.NDArray[np.intp]:
        """Row indices of the named people (raises ScenarioError for unknown names).

        The name index is built once per matrix: a report asks for every team's rows.
        """
        index = self._index
        try:
            return np.array([index[n] for n in names], dtype=np.intp)
        except KeyError as e:
            raise ScenarioError(
                f"unknown person {e.args[0]!r}", entity=f"person {e.args[0]!r}",
                hint=f"choose from: {clip(', '.join(self.people[:50]))}",
            ) from None

    def abilities(self) -> npt.NDArray[np.float64]:
        """Individual abilities, shape (n,)."""
        return self.held @ self.values

    def union_value(self, rows: np.ndarray) -> float:
        """Value of the union of the tools of the given rows."""
        if len(rows) == 0:
            return 0.0
        return float(self.held[rows].any(axis=0) @ self.values)


def _resolve_task(scenario: Scenario, task: Task | str | None) -> Task | None:
    """The task itself, or the scenario's task of that name (None stays None)."""
    if task is None or isinstance(task, Task):
        return task
    return scenario.task(task)


def tool_matrix(
    scenario: Scenario,
    people: Sequence[str] | None = None,
    task: Task | str | None = None,
) -> ToolMatrix:
    """Build the people x tools matrix.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    people : sequence of str, optional
        Rows, in this order; default: the scenario's people (not candidates).
    task : Task or str, optional
        Restrict the columns to the task's required tools, valued by the task's
        weights (default each tool's value).

    Returns
    -------
    ToolMatrix
        ``held`` of shape (n, t) for the n people and t tools (prerequisites
        implied), ``values`` of shape (t,).

    Raises
    ------
    ScenarioError
        For an unknown person or task.

    See Also
    --------
    teamsim.ability.max_coverage : The most able k rows of a ToolMatrix.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B", "value": 2}],
    ...                              "people": [{"name": "Ann", "tools": ["B"]}]})
    >>> tool_matrix(s).abilities().tolist()
    [2.0]
    """
    task = _resolve_task(scenario, task)
    names = [p.name for p in scenario.people] if people is None else list(people)
    if task is None:
        tools = scenario.tool_names
        values = np.array([scenario.tool_values[t] for t in tools], dtype=float)
    else:
        tools = list(task.tools)
        values = np.array([task.weights.get(t, scenario.tool_values[t]) for t in tools], dtype=float)
    col = {t: j for j, t in enumerate(tools)}
    held = np.zeros((len(names), len(tools)), dtype=bool)
    for i, n in enumerate(names):
        for t in scenario.tool_set(n):
            j = col.get(t)
            if j is not None:
                held[i, j] = True
    return ToolMatrix(names, tools, held, values)


@dataclass(frozen=True)
class SkillGrid:
    """People x tools as charts and the skill-matrix editor show them.

    Attributes
    ----------
    people : list of str, length n
    tools : list of str, length t
        Ordered by prerequisite depth, then name (foundational tools first).
    listed : numpy.ndarray of bool, shape (n, t)
        The tools each person lists.
    held : numpy.ndarray of bool, shape (n, t)
        The tools each person holds: listed or implied as a prerequisite.
    """

    people: list[str]
    tools: list[str]
    listed: npt.NDArray[np.bool_]
    held: npt.NDArray[np.bool_]

    def cells(self) -> npt.NDArray[np.float64]:
        """1.0 for a listed tool, 0.5 for an implied prerequisite, 0.0 for a tool not held."""
        return np.where(self.listed, 1.0, np.where(self.held, 0.5, 0.0))


def skill_grid(scenario: Scenario, people: Sequence[str] | None = None) -> SkillGrid:
    """The listed and held tools of people, tools ordered by prerequisite depth then name.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    people : sequence of str, optional
        Rows, in this order (candidates allowed); default: the scenario's people.

    Returns
    -------
    SkillGrid
        Listed and held (prerequisites implied) tools, people x tools.

    Raises
    ------
    ScenarioError
        For an unknown person.

    See Also
    --------
    tool_matrix : The held tools in declaration order, with their values.
    teamsim.prerequisites.tool_depth : The depth the tools are ordered by.

    Examples
    --------
    >>> s = Scenario.model_validate({"tools": [{"name": "B", "requires": ["A"]}, {"name": "A"}],
    ...     "people": [{"name": "Ann", "tools": ["B"]}, {"name": "Bo", "tools": ["A"]}]})
    >>> g = skill_grid(s)
    >>> g.tools, g.cells().tolist()
    (['A', 'B'], [[0.5, 1.0], [1.0, 0.0]])
    """
    depth = tool_depth(scenario)
    tools = sorted(scenario.tool_names, key=lambda t: (depth[t], t))
    m = tool_matrix(scenario, people)
    at = {t: j for j, t in enumerate(m.tools)}
    col = {t: j for j, t in enumerate(tools)}
    listed = np.zeros((len(m.people), len(tools)), dtype=bool)
    for i, name in enumerate(m.people):
        listed[i, [col[t] for t in scenario.person(name).tools]] = True
    return SkillGrid(m.people, tools, listed, m.held[:, [at[t] for t in tools]])
