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

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np

from teamsim._results import Result
from teamsim._text import clip
from teamsim.budget import check_memory, check_work, fits, seconds
from teamsim.errors import InputError, ScenarioError
from teamsim.prerequisites import tool_depth
from teamsim.scenario import Scenario, Task

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

TaskType = Literal["complex", "additive", "disjunctive", "conjunctive"]
TASK_TYPES: tuple[TaskType, ...] = ("complex", "additive", "disjunctive", "conjunctive")

#: Above this many candidate teams, :func:`most_able_team` switches to greedy.
MAX_EXACT_COMBINATIONS = 2_000_000


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
    held: np.ndarray
    values: np.ndarray

    @cached_property
    def _index(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.people)}

    def rows(self, names: Sequence[str]) -> np.ndarray:
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

    def abilities(self) -> np.ndarray:
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
    max_coverage : The most able k rows of a ToolMatrix.

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
    listed: np.ndarray
    held: np.ndarray

    def cells(self) -> np.ndarray:
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
    most_able_team : The team of size k with the largest ability.

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
    is_nested : Nested tool sets give a bonus of 0.

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


class TeamChoice(Result):
    """A team chosen from a pool.

    Attributes
    ----------
    k : int
        Team size.
    members : list of str
    ability : float
        Complex-task (union) team ability.
    best_member_ability : float
    diversity_bonus : float
    exact : bool
        True when the choice is proven optimal for its criterion.
    method : str
        "top-k", "exhaustive", "milp" or "greedy".
    upper_bound : float, optional
        An upper bound on the optimum: equal to ``ability`` when exact; for
        greedy at most ability / (1 - 1/e) (Nemhauser, Wolsey & Fisher 1978);
        None for "top-k".
    warnings : list of str
        E.g. required tools of the task that nobody in the pool holds (no team
        of any size reaches the task's full value).
    """

    k: int
    members: list[str]
    ability: float
    best_member_ability: float
    diversity_bonus: float
    exact: bool
    method: str
    upper_bound: float | None = None
    warnings: list[str] = []


def _choice(m: ToolMatrix, rows: np.ndarray, k: int, exact: bool, method: str,
            upper_bound: float | None = None) -> TeamChoice:
    ability = m.union_value(rows)
    best = float(m.abilities()[rows].max(initial=0.0))
    return TeamChoice(k=k, members=[m.people[i] for i in rows], ability=ability,
                      best_member_ability=best, diversity_bonus=ability - best,
                      exact=exact, method=method, upper_bound=upper_bound)


def _check_k(k: int, n: int) -> None:
    if not 1 <= k <= n:
        raise InputError(f"team size k={k} is outside 1..{n} (the pool has {n} people)",
                         hint=f"choose k between 1 and {n}")


def best_ability_team(
    scenario: Scenario, k: int, pool: Sequence[str] | None = None, task: Task | str | None = None
) -> TeamChoice:
    """The best-ability team: the k individually most able people.

    Ties are broken by pool order (declaration order by default), so the
    result is deterministic.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    k : int
        Team size, 1 <= k <= len(pool).
    pool : sequence of str, optional
        People and/or candidates to choose from (default: the scenario's people).
    task : Task or str, optional
        Rank by ability on this task's required tools, at the task's weights.

    Returns
    -------
    TeamChoice
        Members in pool order, with method "top-k"; ``ability`` is the team's
        complex-task (union) ability.

    Raises
    ------
    InputError
        If k is not in 1..len(pool).

    See Also
    --------
    most_able_team : The team with the largest union ability instead.

    References
    ----------
    .. [1] Page, S. E., *The Diversity Bonus*, Princeton University Press, 2017
       (best-ability versus most able teams).

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({
    ...     "tools": [{"name": x} for x in "ABCDEFG"],
    ...     "people": [{"name": "Adam", "tools": list("ABCDE")},
    ...                {"name": "Betsy", "tools": list("ABEF")},
    ...                {"name": "Carl", "tools": list("CDG")}]})
    >>> best_ability_team(s, 2).members
    ['Adam', 'Betsy']
    """
    m = tool_matrix(scenario, pool, task)
    _check_k(k, len(m.people))
    order = np.argsort(-m.abilities(), kind="stable")[:k]
    return _choice(m, np.sort(order), k, exact=True, method="top-k")


MostAbleMethod = Literal["auto", "exhaustive", "milp", "greedy"]

#: ``method="auto"`` tries the integer program when people x tools is at most this.
MAX_MILP_CELLS = 2_000_000


def interactive_method(pool_size: int, k: int, *, exact: bool = False) -> MostAbleMethod:
    """The :func:`most_able_team` method for an interactive page: greedy first when exact is slow.

    Up to :data:`MAX_EXACT_COMBINATIONS` teams of k, enumeration answers at once
    (``"auto"``). Beyond, the exact integer program can take seconds, so a page shows
    the greedy team with its (1 - 1/e) bound first (``"greedy"``) and offers the
    optimum, which it then asks for with ``exact=True`` (``"auto"``).

    Parameters
    ----------
    pool_size : int
        People to choose from.
    k : int
        Team size.
    exact : bool, default False
        The user asked for the exact optimum.

    Returns
    -------
    {"auto", "greedy"}
        The ``method`` to pass to :func:`most_able_team`.

    See Also
    --------
    most_able_team : Takes the method.

    Examples
    --------
    >>> interactive_method(10, 3)
    'auto'
    >>> interactive_method(1_000, 5), interactive_method(1_000, 5, exact=True)
    ('greedy', 'auto')
    """
    if exact or k > pool_size or math.comb(pool_size, k) <= MAX_EXACT_COMBINATIONS:
        return "auto"
    return "greedy"


def _greedy(held: np.ndarray, values: np.ndarray, k: int) -> tuple[np.ndarray, float]:
    """Greedy maximum coverage with incremental gains; returns (rows, upper bound on the optimum).

    The bound is the best of (1) value / (1 - 1/e), (2) the submodular online
    bound f(S_i) + sum of the k largest marginal gains at any step i (Minoux 1978;
    Leskovec et al., KDD 2007), which is often tight, and (3) the value of every
    tool someone in the pool holds (no team can exceed it).
    """
    n, t = held.shape
    hf = held.astype(float)
    gain = hf @ values                                       # marginal gain of each person
    covered = np.zeros(t, dtype=bool)
    chosen: list[int] = []
    value = 0.0
    bound = math.inf
    for _ in range(k):
        g = np.round(gain, 9)          # incremental updates drift by ulps; keep ties exact
        g[chosen] = -1.0
        top = np.partition(g, n - k)[n - k:] if n > k else g
        bound = min(bound, value + float(np.clip(top, 0, None).sum()))
        i = int(np.argmax(g))
        chosen.append(i)
        new = held[i] & ~covered
        if new.any():
            cols = np.flatnonzero(new)
            value += float(values[cols].sum())
            gain -= hf[:, cols] @ values[cols]
            covered |= new
    bound = min(bound, value / (1 - 1 / math.e), float(values @ held.any(axis=0)))
    return np.array(sorted(chosen), dtype=np.intp), max(bound, value)


def _milp(held: np.ndarray, values: np.ndarray, k: int, time_limit: float
          ) -> tuple[np.ndarray | None, bool, float | None]:
    """Maximum coverage as a 0-1 integer program solved by HiGHS (scipy.optimize.milp).

    max sum_j v_j y_j  s.t.  y_j <= sum_i H_ij x_i,  sum_i x_i = k,  x binary, 0 <= y <= 1.
    Returns (rows or None, proven optimal, upper bound on the optimum or None).
    """
    from scipy.optimize import LinearConstraint
    from scipy.sparse import csr_matrix, hstack, identity, vstack

    from teamsim._milp import solve_milp

    n, _ = held.shape
    cols = np.flatnonzero((values > 0) & held.any(axis=0))
    if len(cols) == 0:
        return np.arange(k, dtype=np.intp), True, 0.0
    H = csr_matrix(held[:, cols].T.astype(float))             # (t', n)
    t = len(cols)
    A = vstack([hstack([-H, identity(t, format="csr")]),
                hstack([csr_matrix(np.ones((1, n))), csr_matrix((1, t))])], format="csr")
    lb = np.r_[np.full(t, -np.inf), k]
    ub = np.r_[np.zeros(t), k]
    c = np.r_[np.zeros(n), -values[cols]]
    res = solve_milp(c, [LinearConstraint(A, lb, ub)], integrality=np.r_[np.ones(n), np.zeros(t)],
                     lb=np.zeros(n + t), ub=np.ones(n + t), time_limit=time_limit)
    if res.x is None:
        return None, False, None
    x = res.x[:n]
    rows = np.sort(np.argsort(-x, kind="stable")[:k]).astype(np.intp)
    return rows, res.optimal, None if res.bound is None else -res.bound


def _combinations(n: int, k: int) -> np.ndarray:
    """All k-subsets of range(n) in lexicographic order, shape (C(n, k), k)."""
    c = np.arange(n, dtype=np.intp)[:, None]
    for _ in range(k - 1):
        reps = n - 1 - c[:, -1]
        idx = np.repeat(np.arange(len(c)), reps)
        offsets = np.arange(int(reps.sum())) - np.repeat(np.cumsum(reps) - reps, reps)
        c = np.column_stack([c[idx], np.repeat(c[:, -1] + 1, reps) + offsets])
    return c


def _exhaustive(held: np.ndarray, values: np.ndarray, k: int) -> tuple[np.ndarray, float]:
    """Best union value over all k-subsets of rows (first in lexicographic order on ties).

    Rows are packed to bytes (``numpy.packbits``) and a byte-position lookup table
    turns each packed union into its value, so a team costs k ORs of t/8 bytes and
    t/8 table reads; teams are generated block by block, one block per first member.
    """
    n, t = held.shape
    w = max(1, (t + 7) // 8)
    packed = np.packbits(held, axis=1) if t else np.zeros((n, 1), np.uint8)
    padded = np.zeros(w * 8)
    padded[:t] = values
    bits = np.unpackbits(np.arange(256, dtype=np.uint8)[:, None], axis=1).astype(float)
    lut = padded.reshape(w, 8) @ bits.T  # (w, 256): value of each byte at each position
    cols = np.arange(w)
    best_val, best_rows = -1.0, None
    for first in range(n - k + 1):
        rest = _combinations(n - first - 1, k - 1) + first + 1 if k > 1 else np.empty((1, 0), np.intp)
        union = np.broadcast_to(packed[first], (len(rest), w)).copy()
        for j in range(k - 1):
            union |= packed[rest[:, j]]
        vals = lut[cols, union].sum(axis=1)
        i = int(np.argmax(vals))
        if vals[i] > best_val + 1e-12:
            best_val, best_rows = float(vals[i]), np.concatenate([[first], rest[i]])
    return best_rows.astype(np.intp), best_val


def _exhaustive_cost(n: int, k: int, t: int) -> tuple[int, int]:
    """Estimated bytes and operations of an exhaustive search over C(n, k) teams.

    Memory: the largest block of teams (first member fixed: C(n-1, k-1) teams; measured
    peaks are 75-100 % of the estimate). Work: (k + 1) t/8 operations per team and 10,000
    per block (measured 4-13 ns per team byte, 100 us per block).
    """
    w = max(1, (t + 7) // 8)
    return (math.comb(n - 1, k - 1) * (16 * k + 8 * w + 32),
            math.comb(n, k) * (k + 1) * w + 10_000 * n)


def _check_exhaustive(n: int, k: int, t: int) -> None:
    """Refuse an exhaustive search over the budget (:func:`_exhaustive_cost`)."""
    entity = f"exhaustive search over the teams of {k} from {n} people"
    nbytes, ops = _exhaustive_cost(n, k, t)
    check_memory(nbytes, params="k and the number of people", entity=entity)
    check_work(ops, params="k and the number of people", entity=entity)


def max_coverage(
    m: ToolMatrix,
    k: int,
    *,
    method: MostAbleMethod = "auto",
    max_combinations: int = MAX_EXACT_COMBINATIONS,
    time_limit: float = 10.0,
) -> TeamChoice:
    """The k rows of a people x tools matrix whose union of tools has the largest value.

    The array-level engine of :func:`most_able_team` (maximum coverage), usable on
    any :class:`ToolMatrix`, e.g. ten thousand candidates without building a scenario.

    Parameters
    ----------
    m : ToolMatrix
        n people x t tools, with tool values (weights) of shape (t,).
    k : int
        Team size, 1 <= k <= n.
    method : {"auto", "exhaustive", "milp", "greedy"}, default "auto"
        "exhaustive": all C(n, k) teams (exact, lexicographically first among
        ties). "milp": a 0-1 integer program solved by HiGHS through
        ``scipy.optimize.milp`` with zero gap (exact when it finishes within
        ``time_limit``; otherwise the best team found and HiGHS's bound).
        "greedy": greedy maximum coverage, at least (1 - 1/e) of the optimum.
        "auto": exhaustive when C(n, k) <= ``max_combinations`` (and the search fits
        the ``max_work`` and ``max_memory_bytes`` limits), else the integer
        program when n x t <= 2e6 cells, else greedy; greedy is also used when it
        is provably optimal (its bound equals its value). The result's ``method``
        is what produced the team ("milp" falls back to "greedy" only when the
        integer program finds no team within the time limit).
    max_combinations : int, default 2,000,000
        With "auto", search exhaustively only up to this many teams C(n, k).
    time_limit : float, default 10
        Seconds for the integer program (> 0).

    Returns
    -------
    TeamChoice
        ``exact`` is True when optimality is proven; ``upper_bound`` bounds the
        optimum otherwise (and equals ``ability`` when exact).

    Raises
    ------
    InputError
        If k is not in 1..n or the method is unknown.

    See Also
    --------
    most_able_team : The same on a scenario's people and tasks.

    Notes
    -----
    Team ability f(S) = v . OR_{i in S} H_i is monotone submodular, so greedy
    reaches at least (1 - 1/e) f(S*) (Nemhauser, Wolsey & Fisher 1978). The
    reported greedy bound is min(f/(1 - 1/e), min_i f(S_i) + top-k marginal gains
    at step i) (Minoux 1978). Greedy costs one n x t matrix-vector product plus
    O(n) per newly covered tool; the integer program has n binary and t continuous
    variables and nnz(H) + n nonzeros.

    References
    ----------
    .. [1] Nemhauser, G. L., Wolsey, L. A. and Fisher, M. L., "An analysis of
       approximations for maximizing submodular set functions", Math. Programming
       14: 265-294, 1978.
    .. [2] Huangfu, Q. and Hall, J. A. J., "Parallelizing the dual revised simplex
       method", Math. Programming Computation 10: 119-142, 2018 (HiGHS).

    Examples
    --------
    >>> H = np.array([[1, 1, 1, 1, 1, 0, 0], [1, 1, 0, 0, 1, 1, 0], [0, 0, 1, 1, 0, 0, 1]], bool)
    >>> m = ToolMatrix(["Adam", "Betsy", "Carl"], list("ABCDEFG"), H, np.ones(7))
    >>> t = max_coverage(m, 2, method="milp")
    >>> t.members, t.ability, t.exact, t.method
    (['Betsy', 'Carl'], 7.0, True, 'milp')
    """
    n = len(m.people)
    _check_k(k, n)
    if method not in ("auto", "exhaustive", "milp", "greedy"):
        raise InputError(f"unknown method {method!r}", hint="choose auto, exhaustive, milp or greedy")
    time_limit = seconds("time_limit", time_limit)
    if method == "exhaustive" or (method == "auto" and math.comb(n, k) <= max_combinations
                                  and fits(*_exhaustive_cost(n, k, m.held.shape[1]))):
        _check_exhaustive(n, k, m.held.shape[1])
        best_rows, best_val = _exhaustive(m.held, m.values, k)
        return _choice(m, best_rows, k, exact=True, method="exhaustive", upper_bound=best_val)
    rows, bound = _greedy(m.held, m.values, k)
    value = m.union_value(rows)
    if method == "greedy" or (method == "auto" and (bound <= value + 1e-9 or m.held.size > MAX_MILP_CELLS)):
        proven = bound <= value + 1e-9
        return _choice(m, rows, k, exact=proven, method="greedy", upper_bound=value if proven else bound)
    mrows, proven, mbound = _milp(m.held, m.values, k, time_limit)
    if mrows is not None and m.union_value(mrows) >= value - 1e-9:
        mval = m.union_value(mrows)
        ub = mval if proven else min(bound, mbound if mbound is not None else bound)
        return _choice(m, mrows, k, exact=proven, method="milp", upper_bound=max(ub, mval))
    ub = min(bound, mbound) if mbound is not None else bound
    return _choice(m, rows, k, exact=False, method="greedy", upper_bound=max(ub, value))


def most_able_team(
    scenario: Scenario,
    k: int,
    pool: Sequence[str] | None = None,
    task: Task | str | None = None,
    *,
    method: MostAbleMethod = "auto",
    max_combinations: int = MAX_EXACT_COMBINATIONS,
    time_limit: float = 10.0,
) -> TeamChoice:
    """The most able team of size k: the largest union value (maximum coverage).

    Exact by vectorised enumeration of all C(n, k) teams when that number is at
    most ``max_combinations``; for larger pools exact by a 0-1 integer program
    (HiGHS via ``scipy.optimize.milp``) with proof of optimality; for very large
    pools (or ``method="greedy"``) greedy maximum coverage, which reaches at least
    (1 - 1/e) of the optimum (Nemhauser, Wolsey & Fisher, "An analysis of
    approximations for maximizing submodular set functions", Math. Programming 14,
    1978), and the result reports an upper bound on the optimum. Among equally
    able teams the exhaustive search returns the first in lexicographic pool order.
    See :func:`max_coverage` for the methods.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    k : int
        Team size.
    pool : sequence of str, optional
        People and/or candidates to choose from (default: the scenario's people).
    task : Task or str, optional
        Count only the task's required tools, at the task's weights.
    method : {"auto", "exhaustive", "milp", "greedy"}, default "auto"
        Search method, as in :func:`max_coverage`.
    max_combinations : int, default 2,000,000
        With "auto", search exhaustively only up to this many teams C(n, k).
    time_limit : float, default 10
        Seconds allowed to the integer program.

    Returns
    -------
    TeamChoice
        The chosen members and their union ability; ``warnings`` names required
        tools of the task that nobody in the pool holds.

    Raises
    ------
    InputError
        If k is not in 1..len(pool).
    ScenarioError
        Unknown person or task.

    See Also
    --------
    best_ability_team : The k individually most able people.
    max_coverage : The array-level engine.

    Notes
    -----
    f(S) = v . OR_{i in S} H_i; see :func:`max_coverage` for each method's cost.

    References
    ----------
    .. [1] Nemhauser, G. L., Wolsey, L. A. and Fisher, M. L., Math. Programming 14, 1978.
    .. [2] Page, S. E., *The Diversity Bonus*, Princeton University Press, 2017.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({
    ...     "tools": [{"name": x} for x in "ABCDEFG"],
    ...     "people": [{"name": "Adam", "tools": list("ABCDE")},
    ...                {"name": "Betsy", "tools": list("ABEF")},
    ...                {"name": "Carl", "tools": list("CDG")}]})
    >>> t = most_able_team(s, 2)
    >>> t.members, t.ability, t.exact
    (['Betsy', 'Carl'], 7.0, True)
    """
    m = tool_matrix(scenario, pool, task)
    choice = max_coverage(m, k, method=method, max_combinations=max_combinations, time_limit=time_limit)
    unheld = [t for t, h in zip(m.tools, m.held.any(axis=0)) if not h] if task is not None else []
    if not unheld:
        return choice
    total = float(m.values.sum())
    warning = (f"nobody in the pool holds required tool{'s' if len(unheld) > 1 else ''} {', '.join(unheld)}: "
               f"no team reaches the task's full value {total:g} (the best possible is "
               f"{float(m.values @ m.held.any(axis=0)):g})")
    return choice.model_copy(update={"warnings": [*choice.warnings, warning]})


def tool_redundancy(scenario: Scenario, members: Sequence[str] | None = None) -> dict[str, int]:
    """Number of members holding each tool (0 = nobody; 1 = a single point of failure).

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    members : sequence of str, optional
        People and/or candidates counted (default: the scenario's people).

    Returns
    -------
    dict of str to int
        For every tool of the scenario, in declaration order, how many of the
        members hold it (prerequisites implied).

    See Also
    --------
    unique_tools : The tools held by exactly one member, and by whom.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "P", "tools": ["A"]}, {"name": "Q", "tools": ["A"]}]})
    >>> tool_redundancy(s)
    {'A': 2, 'B': 0}
    """
    m = tool_matrix(scenario, members)
    return dict(zip(m.tools, m.held.sum(axis=0).astype(int).tolist()))


def unique_tools(scenario: Scenario, members: Sequence[str] | None = None) -> dict[str, list[str]]:
    """Tools held by exactly one member, grouped by that member (members with none omitted).

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    members : sequence of str, optional
        People and/or candidates considered (default: the scenario's people).

    Returns
    -------
    dict of str to list of str
        ``{member: [tools only this member holds]}``, in member and tool order.

    See Also
    --------
    tool_redundancy : How many members hold each tool.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "P", "tools": ["A", "B"]}, {"name": "Q", "tools": ["A"]}]})
    >>> unique_tools(s)
    {'P': ['B']}
    """
    m = tool_matrix(scenario, members)
    single = m.held.sum(axis=0) == 1
    out: dict[str, list[str]] = {}
    for i, p in enumerate(m.people):
        tools = [m.tools[j] for j in np.flatnonzero(m.held[i] & single)]
        if tools:
            out[p] = tools
    return out


def is_nested(scenario: Scenario, members: Sequence[str]) -> bool:
    """True when the members' tool sets form a chain under inclusion.

    Nested tool sets mean "no diversity, no bonus": the best member already
    holds every tool of the team (Page 2017), e.g. tools learned in the same
    order. Teams of fewer than two people are not nested.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    members : sequence of str
        People (or candidates) on the team.

    Returns
    -------
    bool
        True when for every two members one's tools (prerequisites implied)
        include the other's.

    See Also
    --------
    nested_rows : The same test on a boolean people x tools matrix.
    diversity_bonus : Zero for a nested team.

    References
    ----------
    .. [1] Page, S. E., *The Diversity Bonus*, Princeton University Press, 2017.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "P", "tools": ["A", "B"]}, {"name": "Q", "tools": ["A"]}]})
    >>> is_nested(s, ["P", "Q"])
    True
    """
    if len(members) < 2:
        return False
    return nested_rows(tool_matrix(scenario, members).held)


def nested_rows(held: np.ndarray) -> bool:
    """True when the rows of a people x tools matrix form a chain under inclusion.

    Fewer than two rows are not nested. Used by :func:`is_nested` and by
    reports that already hold a :class:`ToolMatrix`.

    Parameters
    ----------
    held : numpy.ndarray of bool, shape (n, t)
        ``held[i, j]`` is True when person i holds tool j.

    Returns
    -------
    bool
        True when n >= 2 and, for every two rows, one row's True cells include
        the other's.

    See Also
    --------
    is_nested : The same test on named members of a scenario.

    Examples
    --------
    >>> nested_rows(np.array([[True, False], [True, True]]))
    True
    >>> nested_rows(np.array([[True, False], [False, True]]))
    False
    """
    if len(held) < 2:
        return False
    h = held[np.argsort(-held.sum(axis=1), kind="stable")]
    # a chain iff each set contains the next smaller one
    return bool(np.all(h[:-1] | ~h[1:]))
