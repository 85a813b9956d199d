"""Teams of k: the k individually most able (best-ability team) and the team of greatest union
value (most able team: enumeration, integer program or greedy maximum coverage).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal, cast

import numpy as np
import numpy.typing as npt

from teamsim._results import Result
from teamsim.ability.matrix import ToolMatrix, tool_matrix
from teamsim.budget import check_memory, check_work, fits, seconds
from teamsim.errors import InputError
from teamsim.scenario import Scenario, Task

__all__ = ["MAX_EXACT_COMBINATIONS", "MAX_MILP_CELLS", "MostAbleMethod", "TeamChoice", "best_ability_team",
           "interactive_method", "max_coverage", "most_able_team"]

#: Above this many candidate teams, :func:`most_able_team` switches to greedy.
MAX_EXACT_COMBINATIONS = 2_000_000


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
    assert best_rows is not None  # n >= k: the first block always improves on -1
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
    held_any = cast("npt.NDArray[np.bool_]", m.held.any(axis=0))  # 2-D held: one flag per tool
    unheld = [t for t, h in zip(m.tools, held_any) if not h] if task is not None else []
    if not unheld:
        return choice
    total = float(m.values.sum())
    warning = (f"nobody in the pool holds required tool{'s' if len(unheld) > 1 else ''} {', '.join(unheld)}: "
               f"no team reaches the task's full value {total:g} (the best possible is "
               f"{float(m.values @ m.held.any(axis=0)):g})")
    return choice.model_copy(update={"warnings": [*choice.warnings, warning]})
