"""Key-person risk: tools only one person holds, and the truck factor of a team."""

from __future__ import annotations

import math
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from teamsim._results import Result
from teamsim.ability import ToolMatrix, tool_matrix
from teamsim.ability.matrix import _resolve_task
from teamsim.budget import seconds
from teamsim.errors import InputError
from teamsim.hiring._common import MAX_EXACT_CELLS, TeamArg, _members, _milp
from teamsim.scenario import Scenario, Task


class TruckFactor(Result):
    """The truck factor: how many people must leave before the team is in trouble.

    Attributes
    ----------
    value : int
        The smallest number of members whose departure loses at least ``threshold``
        of the required tool value (with threshold None: leaves some required tool
        uncovered). 0 when a required tool is already uncovered.
    people : list of str
        One smallest such group.
    threshold : float or None
    exact : bool
    method : str
        "least-held tool", "milp" or "greedy".
    lower_bound : int
    lost_share : float
        Share of the required tool value that is uncovered after ``people`` leave
        (>= ``threshold``; with threshold None, the share the least-held tool carries).
    lost_tools : list of str
        The required tools uncovered after ``people`` leave (including ``uncovered``).
    uncovered : list of str
        Required tools nobody holds already (why the truck factor is 0).
    """

    value: int
    people: list[str]
    threshold: float | None
    exact: bool
    method: str
    lower_bound: int
    lost_share: float = 0.0
    lost_tools: list[str] = []
    uncovered: list[str] = []


class KeyPersonRisk(Result):
    """Key-person risk of a team.

    Attributes
    ----------
    team : str or None
    members : list of str
    task : str or None
    single_holders : dict of str to str
        Tool -> the only member who holds it (required tools only, with a task).
    key_people : dict of str to list of str
        Member -> the tools only they hold.
    uncovered : list of str
        Required tools nobody on the team holds.
    holders : dict of str to int
        Number of members holding each required tool.
    truck_factor : TruckFactor
    """

    team: str | None
    members: list[str]
    task: str | None
    single_holders: dict[str, str]
    key_people: dict[str, list[str]]
    uncovered: list[str]
    holders: dict[str, int]
    truck_factor: TruckFactor


def _greedy_departures(held: np.ndarray, values: np.ndarray, need: float) -> list[int]:
    """Rows whose greedy departure (most sole-held value first) loses at least ``need``."""
    gone = np.zeros(held.shape[0], dtype=bool)
    while True:
        remaining = held & ~gone[:, None]
        left = remaining.sum(axis=0)
        lost = float(values[left == 0].sum())
        if lost >= need:
            break
        sole = remaining & (left == 1)                       # tools i is the last holder of
        key = np.lexsort((-np.arange(held.shape[0]), held.sum(axis=1), sole.sum(axis=1), sole @ values))
        key = key[~gone[key]]                                # ascending; the last is the best pick
        gone[key[-1]] = True
    return np.flatnonzero(gone).tolist()


def _truck_program(held: np.ndarray, values: np.ndarray,
                   need: float) -> tuple[npt.NDArray[np.float64], Any, npt.NDArray[np.float64],
                                         npt.NDArray[np.float64]]:
    """Objective, constraint matrix and bounds of the fewest departures losing ``need``."""
    from scipy.sparse import coo_matrix

    n, t = held.shape
    hi, hj = np.nonzero(held)
    # rows: u_j - d_i <= 0 for each holding (i, j); value row: sum v_j u_j >= need
    e = len(hi)
    A = coo_matrix((np.r_[-np.ones(e), np.ones(e), values],
                    (np.r_[np.arange(e), np.arange(e), np.full(t, e)],
                     np.r_[hi, n + hj, n + np.arange(t)])), shape=(e + 1, n + t)).tocsr()
    lb = np.r_[np.full(e, -np.inf), need]
    ub = np.r_[np.zeros(e), np.inf]
    c = np.r_[np.ones(n), np.zeros(t)]
    return c, A, lb, ub


def _truck_solve(held: np.ndarray, values: np.ndarray, need: float, best: list[int], method: str,
                 time_limit: float) -> tuple[list[int], str, bool, int]:
    """Improve or bound the greedy departures ``best``: rows, method, exact flag, lower bound."""
    n, t = held.shape
    c, A, lb, ub = _truck_program(held, values, need)
    exact, used, lower = False, "greedy", 1
    if method == "milp" or (method == "auto" and held.size <= MAX_EXACT_CELLS):
        res = _milp(c, A, lb, ub, np.ones(n + t), time_limit)
        if res.x is not None:
            rows = np.flatnonzero(res.x[:n] > 0.5).tolist()
            if len(rows) <= len(best):
                best, used = rows, "milp"
            exact = res.optimal
            lower = len(best) if exact else (math.ceil(res.bound - 1e-9) if res.bound is not None else 1)
    else:
        res = _milp(c, A, lb, ub, np.zeros(n + t), time_limit)   # LP relaxation: a lower bound
        if res.objective is not None:
            lower = max(1, math.ceil(res.objective - 1e-9))
        exact = lower >= len(best)
    return best, used, exact, lower


def truck_factor(
    scenario: Scenario,
    team: TeamArg = None,
    *,
    task: Task | str | None = None,
    threshold: float | None = None,
    method: str = "auto",
    time_limit: float = 10.0,
) -> TruckFactor:
    """Truck factor of a team for its required tools.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    team : str, sequence of str or None
        Team name, members, or everyone.
    task : Task or str, optional
        Required tools (default: every tool the team holds, at its value).
    threshold : float in (0, 1], optional
        Trouble = at least this share of the required tool value uncovered
        (Avelino et al.'s truck factor uses 0.5 of the files). None (default) =
        any required tool uncovered.
    method : {"auto", "milp", "greedy"}
        For a threshold: "auto" solves the integer program exactly when members x
        tools <= 200,000 cells, else greedy with an LP lower bound.
    time_limit : float, default 10
        Seconds for the integer program (> 0).

    Returns
    -------
    TruckFactor
        The smallest number of members whose departure leaves the team in
        trouble, and one such set of members.

    Raises
    ------
    InputError
        Empty team, threshold outside (0, 1].

    See Also
    --------
    key_person_risk : With single-holder tools and uncovered ones.
    teamsim.coverage.skills_truck_factor : The same per service.

    Notes
    -----
    Tool j is lost when *all* its holders leave, so with threshold None the truck
    factor is exactly ``min_j |holders(j)|`` (the holders of the least-held
    required tool), O(n t). With a threshold q it is the integer program
    min sum_i d_i s.t. u_j <= d_i for every holder i of j, sum_j v_j u_j >= q V,
    d, u binary -- a partial hitting-set problem (NP-hard): exact by HiGHS for
    small teams; for large ones greedy departures (the member whose leaving loses
    the most value, then the most sole-held tools) bounded below by the LP relaxation.

    References
    ----------
    .. [1] Avelino, G., Passos, L., Hora, A. and Valente, M. T., "A novel approach
       for estimating truck factors", ICPC 2016.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "P", "tools": ["A", "B"]}, {"name": "Q", "tools": ["A"]}]})
    >>> tf = truck_factor(s)
    >>> tf.value, tf.people
    (1, ['P'])
    """
    task = _resolve_task(scenario, task)
    _, members = _members(scenario, team)
    if not members:
        raise InputError("the team has no members", hint="choose a team with members")
    m = tool_matrix(scenario, members, task)
    if task is None:   # the tools the team holds
        keep = cast("npt.NDArray[np.bool_]", m.held.any(axis=0))  # 2-D held: one flag per tool
        m = ToolMatrix(m.people, [t for t, k in zip(m.tools, keep) if k], m.held[:, keep], m.values[keep])
    held, values = m.held, m.values
    count = held.sum(axis=0)
    if held.shape[1] == 0:
        raise InputError("the team holds no tools, so nothing can be lost", hint="give a task or add tools")
    if threshold is not None and not 0 < threshold <= 1:
        raise InputError(f"threshold {threshold} is outside (0, 1]", entity="parameter threshold",
                         hint="give the share of required tool value whose loss means trouble, e.g. 0.5")
    if method not in ("auto", "milp", "greedy"):
        raise InputError(f"unknown method {method!r}", entity="parameter method",
                         hint="choose auto, milp or greedy")
    seconds("time_limit", time_limit)
    total = float(values.sum())
    uncovered = [m.tools[j] for j in np.flatnonzero(count == 0)]

    def result(rows: list[int], **kw: Any) -> TruckFactor:
        left = held[[i for i in range(len(members)) if i not in set(rows)]].any(axis=0)
        share = float(values[~left].sum()) / total if total > 0 else 0.0
        return TruckFactor(people=[members[i] for i in rows], threshold=threshold, lost_share=share,
                           lost_tools=[m.tools[j] for j in np.flatnonzero(~left)], uncovered=uncovered, **kw)

    if threshold is None:
        j = int(np.argmin(count))
        return result(np.flatnonzero(held[:, j]).tolist(), value=int(count[j]), exact=True,
                      method="least-held tool", lower_bound=int(count[j]))
    need = threshold * total - 1e-9
    if float(values[count == 0].sum()) >= need:
        return result([], value=0, exact=True, method="least-held tool", lower_bound=0)
    # greedy departures
    best = _greedy_departures(held, values, need)
    best, used, exact, lower = _truck_solve(held, values, need, best, method, time_limit)
    return result(best, value=len(best), exact=exact or lower >= len(best), method=used,
                  lower_bound=min(lower, len(best)))


def key_person_risk(
    scenario: Scenario, team: TeamArg = None, *, task: Task | str | None = None,
    threshold: float | None = None,
) -> KeyPersonRisk:
    """Key-person risk: tools only one member holds, uncovered required tools, truck factor.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    team : str, sequence of str or None
        Team name, members, or everyone.
    task : Task or str, optional
        Required tools (default: every tool the team holds).
    threshold : float, optional
        Passed to :func:`truck_factor`.

    Returns
    -------
    KeyPersonRisk
        Tools held by a single member, the members holding tools alone,
        required tools nobody holds, and the team's truck factor.

    Raises
    ------
    InputError, ScenarioError
        See :func:`truck_factor`.

    See Also
    --------
    truck_factor : The truck factor alone.
    teamsim.hiring.departure.departure : What the team loses when a person leaves.

    Notes
    -----
    Holder counts are the column sums of the members x tools matrix, O(n t).

    References
    ----------
    .. [1] Avelino, G., Passos, L., Hora, A. and Valente, M. T., "A novel approach
       for estimating truck factors", ICPC 2016.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "P", "tools": ["A", "B"]}, {"name": "Q", "tools": ["A"]}]})
    >>> key_person_risk(s).single_holders
    {'B': 'P'}
    """
    task = _resolve_task(scenario, task)
    name, members = _members(scenario, team)
    tf = truck_factor(scenario, members, task=task, threshold=threshold)
    m = tool_matrix(scenario, members, task)
    count = m.held.sum(axis=0)
    relevant = np.ones(len(m.tools), bool) if task is not None else count > 0
    single = {m.tools[j]: members[int(np.flatnonzero(m.held[:, j])[0])]
              for j in np.flatnonzero((count == 1) & relevant)}
    key: dict[str, list[str]] = {}
    for tool, person in single.items():
        key.setdefault(person, []).append(tool)
    return KeyPersonRisk(team=name, members=members, task=task.name if task else None, single_holders=single,
                         key_people=key,
                         uncovered=[m.tools[j] for j in np.flatnonzero((count == 0) & relevant)],
                         holders={m.tools[j]: int(count[j]) for j in np.flatnonzero(relevant)},
                         truck_factor=tf)
