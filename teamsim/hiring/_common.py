"""Shared pieces of the hiring what-ifs: member lists, name hints, tool matrices, the MILP call."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from teamsim._milp import MilpResult, solve_milp
from teamsim.ability import ToolMatrix, tool_matrix
from teamsim.errors import InputError, ScenarioError
from teamsim.scenario import Scenario, Task

#: Exact integer programs are attempted up to this many people x tools cells.
MAX_EXACT_CELLS = 200_000

TeamArg = str | Sequence[str] | None

#: The pools a team can be drawn from: :func:`pool_names`.
POOLS = ("people", "candidates", "all")


def pool_names(scenario: Scenario, pool: str = "people") -> list[str]:
    """The names of a pool to draw a team from: the scenario's people, its candidates, or all.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    pool : {"people", "candidates", "all"}, default "people"
        Which names: the people, the candidates, or the people then the candidates.

    Returns
    -------
    list of str
        The names, in declaration order.

    Raises
    ------
    InputError
        An unknown pool, or a pool with nobody in it.

    See Also
    --------
    teamsim.ability.most_able_team : Draws a team from such a pool.
    teamsim.hiring.covering.smallest_covering_team : Likewise, for a task's required tools.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "a"}], "people": [{"name": "Ann"}],
    ...                              "candidates": [{"name": "Bo", "tools": ["a"]}]})
    >>> pool_names(s, "all")
    ['Ann', 'Bo']
    """
    if pool not in POOLS:
        raise InputError(f"unknown pool {pool!r}", entity="option --pool",
                         hint="choose people, candidates or all")
    people = [p.name for p in scenario.people] if pool != "candidates" else []
    names = people + ([c.name for c in scenario.candidates] if pool != "people" else [])
    if not names:
        raise InputError(f"the scenario has no {pool}", entity="option --pool",
                         hint="choose another --pool or add them to the scenario")
    return names


def _members(scenario: Scenario, team: TeamArg) -> tuple[str | None, list[str]]:
    """(team name or None, member names): a team name, an explicit list, or everyone."""
    if team is None:
        return None, [p.name for p in scenario.people]
    if isinstance(team, str):
        return team, list(scenario.team(team).members)
    names = list(team)
    for n in names:
        scenario.person(n)  # raises ScenarioError for unknown names
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise InputError(f"{dup!r} is listed twice", entity=f"person {dup!r}", hint="list each member once")
    return None, names


def _suggest(name: str, choices: Sequence[str], usual: Sequence[str] | None = None,
             kind: str = "name") -> str:
    """A hint naming the closest matches of a mistyped name (difflib), else the usual choices when few."""
    close = difflib.get_close_matches(name, list(choices), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    usual = list(choices if usual is None else usual)
    if len(usual) <= 10:
        return f"no {kind} has a similar name; the {kind}s are: {', '.join(usual) or '(none)'}"
    return f"no {kind} has a similar name among {len(usual)}; check the spelling"


def _unheld(scenario: Scenario, tools: Sequence[str], names: Sequence[str]) -> list[str]:
    """The tools (in order) that none of ``names`` holds."""
    has = set().union(*(scenario.tool_set(n) for n in names)) if names else set()
    return [t for t in tools if t not in has]


def _required(scenario: Scenario, task: Task | None, tools: Sequence[str] | None) -> list[str] | None:
    if tools is not None:
        tools = list(tools)
        unknown = [t for t in tools if t not in scenario.tool_values]
        if unknown:
            raise ScenarioError(f"unknown tool {unknown[0]!r}", entity=f"tool {unknown[0]!r}",
                                hint=f"choose from: {', '.join(scenario.tool_names)}")
        if not tools:
            raise InputError("no required tools given", hint="pass at least one tool or a task")
        return tools
    return list(task.tools) if task is not None else None


def _matrix(scenario: Scenario, people: Sequence[str], task: Task | None,
            tools: Sequence[str] | None = None) -> ToolMatrix:
    """People x tools for a task, an explicit tool list (values = tool values) or all tools."""
    if tools is not None:
        t = Task(name="(required tools)", tools=list(tools))
        return tool_matrix(scenario, people, t)
    return tool_matrix(scenario, people, task)


def _milp(c: npt.NDArray[np.float64], A: Any, lb: npt.NDArray[np.float64], ub: npt.NDArray[np.float64],
          integrality: npt.NDArray[np.float64], time_limit: float) -> MilpResult:
    """``min c x`` s.t. ``lb <= A x <= ub``, ``0 <= x <= 1`` (see :func:`teamsim._milp.solve_milp`)."""
    from scipy.optimize import LinearConstraint

    n = len(c)
    return solve_milp(c, [LinearConstraint(A, lb, ub)], integrality=integrality, lb=np.zeros(n),
                      ub=np.ones(n), time_limit=time_limit)
