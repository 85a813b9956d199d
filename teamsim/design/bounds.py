"""Lower bounds for the search: a covering program over the moves, and set partitioning over
connected service groups (with ``max_services``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import LinearConstraint

from teamsim._milp import solve_milp
from teamsim.design.problem import _Problem

__all__: list[str] = []


def _move_bound(pb: _Problem, time_limit: float) -> float | None:
    """A lower bound from which services and people must move (a small covering program).

    With ``m_s`` (service s leaves its only owner) and ``q_p`` (person p leaves
    their only team) as binaries, any design costs at least

    * ``w (1 - m_u - m_v)^+`` for an edge crossing teams today (it still
      crosses unless an end moves),
    * ``w |m_u - m_v|`` for an edge inside one team today (it crosses when
      exactly one end leaves),
    * ``lam`` per service and per person moved,

    subject to: a service whose owner team has fewer than ``redundancy``
    holders of a needed tool moves, or that many holders join the team
    (``(r - h) m_s + sum q_p >= r - h`` over holders outside it); a team
    over ``max_size`` loses that many people; with ``max_services`` = N, at
    most N - 1 of a service's dependencies stay inside its team. Services with several or no
    owners, and people with several or no teams, move for free here and their
    edges are left out, so the bound stays valid. HiGHS' dual bound of this
    program (its optimum, when solved) is returned.
    """
    one_s = pb.cur_s.sum(axis=1) == 1
    one_p = pb.cur_p.sum(axis=1) == 1
    ts = pb.cur_s.argmax(axis=1)
    keep = one_s[pb.eu] & one_s[pb.ev]
    eu, ev, ew = pb.eu[keep], pb.ev[keep], pb.ew[keep]
    X = ts[eu] != ts[ev]
    S, P = len(pb.services), len(pb.people)
    nX, nI = int(X.sum()), int((~X).sum())
    n = S + P + nX + nI
    xo, io = S + P, S + P + nX
    rows: list[int] = []
    cols: list[int | np.integer[Any]] = []
    vals: list[float] = []
    lo: list[float] = []
    hi: list[float] = []

    def row(cs: Sequence[int | np.integer[Any]], vs: Sequence[float], lower: float, upper: float) -> None:
        r = len(lo)
        rows.extend([r] * len(cs))
        cols.extend(cs)
        vals.extend(vs)
        lo.append(lower)
        hi.append(upper)

    for j, (u, v) in enumerate(zip(eu[X], ev[X])):
        row([xo + j, u, v], [1, -1, -1], -np.inf, 0)
    for j, (u, v) in enumerate(zip(eu[~X], ev[~X])):
        row([io + j, u, v], [1, -1, 1], 0, np.inf)
        row([io + j, u, v], [1, 1, -1], 0, np.inf)
    if pb.max_services is not None:  # at most max_services - 1 neighbours share u's team
        for u in range(S):
            xs = np.flatnonzero((eu[X] == u) | (ev[X] == u))
            ins = np.flatnonzero((eu[~X] == u) | (ev[~X] == u))
            if len(xs) + len(ins) > pb.max_services - 1:
                row([*(xo + xs).tolist(), *(io + ins).tolist()], [1.0] * len(xs) + [-1.0] * len(ins),
                    -np.inf, pb.max_services - 1 - len(ins))
    K = len(pb.teams)
    team_held = np.zeros((K, len(pb.tools)), int)
    for p in np.flatnonzero(pb.cur_p.any(axis=1)):
        team_held[pb.cur_p[p]] += pb.held[p]
    for s_, t in zip(pb.pairs_s, pb.pairs_t):
        if one_s[s_]:
            short = pb.redundancy - team_held[ts[s_], t]
            if short > 0:
                joiners = np.flatnonzero(pb.held[:, t] & ~pb.cur_p[:, ts[s_]])
                row([int(s_), *(S + joiners).tolist()], [float(short)] + [1.0] * len(joiners), short, np.inf)
    size = pb.cur_p.sum(axis=0)
    for k in np.flatnonzero(size > pb.max_size):
        mem = np.flatnonzero(pb.cur_p[:, k])
        row((S + mem).tolist(), [1.0] * len(mem), float(size[k] - pb.max_size), np.inf)
    c = np.concatenate([pb.lam * one_s, pb.lam * one_p, -ew[X], ew[~X]])
    A = sp.csr_array((vals, (rows, cols)), shape=(len(lo), n))
    r = solve_milp(c, [LinearConstraint(A, np.array(lo), np.array(hi))],
                   integrality=np.concatenate([np.ones(S + P), np.zeros(nX + nI)]),
                   lb=np.zeros(n), ub=np.concatenate([np.ones(S + P + nX), np.full(nI, np.inf)]),
                   time_limit=time_limit)
    return None if r.bound is None else r.bound + float(ew[X].sum())


_MAX_GROUPS = 4_000_000


"""Connected service groups the component bound enumerates at most (else it gives no bound)."""


def _grow(level: np.ndarray, A: sp.csr_array) -> np.ndarray:
    """Connected service sets one larger than the rows of ``level`` (sorted rows, each set once).

    Examples
    --------
    >>> A = sp.csr_array(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]]))
    >>> _grow(np.array([[0], [1], [2]]), A).tolist()
    [[0, 1], [1, 2]]
    """
    m, k = level.shape
    rows, xs = [], []
    for j in range(k):  # every neighbour of every member
        c = level[:, j]
        cnt = A.indptr[c + 1] - A.indptr[c]
        r = np.repeat(np.arange(m), cnt)
        xs.append(A.indices[np.repeat(A.indptr[c] - np.cumsum(cnt) + cnt, cnt) + np.arange(len(r))])
        rows.append(r)
    r, x = np.concatenate(rows), np.concatenate(xs)
    keep = (level[r] != x[:, None]).all(axis=1)
    new = np.sort(np.column_stack([level[r[keep]], x[keep]]), axis=1)
    if float(A.shape[0]) ** (k + 1) < 2.0**62:  # one integer key per set: a fast unique
        key = np.zeros(len(new), np.int64)
        for j in range(k + 1):
            key = key * A.shape[0] + new[:, j]
        return new[np.unique(key, return_index=True)[1]]
    return np.unique(new, axis=0)


def _short_charge(pb: _Problem, ts: np.ndarray) -> np.ndarray:
    """Per service: a share of the people who must join its team if it stays there.

    A service of team ``a`` whose tool ``t`` has ``h`` holders in ``a`` today
    and ``f`` holders with no team (who join for free) needs at least
    ``r - h - f`` paid joiners if it stays. The team's joiners are shared by
    its ``n_a`` short services, so each is charged ``short / n_a``: the
    charges of a team sum to at most its largest shortfall.
    """
    S, K = len(pb.services), len(pb.teams)
    team_held = (pb.cur_p.T.astype(np.int64) @ pb.held.astype(np.int64)) if K else np.zeros((0, 0))
    free = pb.held[~pb.cur_p.any(axis=1)].sum(axis=0)
    short = np.zeros(S)
    own = ts[pb.pairs_s] >= 0
    gap = pb.redundancy - team_held[ts[pb.pairs_s[own]], pb.pairs_t[own]] - free[pb.pairs_t[own]]
    np.maximum.at(short, pb.pairs_s[own], np.maximum(gap, 0).astype(float))
    n_short = np.bincount(ts[(short > 0) & (ts >= 0)], minlength=K)
    return np.where(short > 0, short / np.maximum(n_short[np.maximum(ts, 0)], 1), 0.0)


def _group_cost(pb: _Problem, sets: np.ndarray, W: sp.csr_array, ts: np.ndarray,
                sigma: np.ndarray, move: np.ndarray) -> np.ndarray:
    """Least cost of each group of services put together in one team.

    ``-w(C) + lam * (services moved + short charges of those that stay)``,
    minimised over the team: one of the members' teams today, or another.
    """
    m, k = sets.shape
    w = np.zeros(m)
    for a in range(k):
        for b in range(a + 1, k):
            w += W[sets[:, a], sets[:, b]]
    t = ts[sets]
    own = t >= 0
    mv, sg = move[sets], sigma[sets]
    fresh = (own * mv).sum(axis=1)  # all move to a team none of them is in today
    best: np.ndarray = fresh
    for j in range(k):
        same = own & (t == t[:, [j]])
        stay = np.where(own[:, j], fresh + (same * (sg - mv)).sum(axis=1), np.inf)
        best = np.minimum(best, stay)
    return -w + pb.lam * best


def _safe_dual(y: np.ndarray, levels: list[np.ndarray], costs: list[np.ndarray]) -> float:
    """``sum(y)`` after lowering ``y`` until no group's shares exceed its cost (a valid dual).

    Each service gives up the largest excess ``(sum_{v in C} y_v - cost(C)) / |C|``
    of its groups, so every group's shares sum to at most its cost and the
    value is a proven lower bound, whatever rounding the solver made.

    Examples
    --------
    >>> pairs = [np.array([[0], [1]]), np.array([[0, 1]])]
    >>> _safe_dual(np.array([0.0, -1.5]), pairs, [np.zeros(2), np.array([-1.0])])  # 0.25 too low each
    -1.5
    """
    cut = np.zeros(len(y))
    for level, cost in zip(levels, costs):
        excess = np.maximum(y[level].sum(axis=1) - cost, 0.0) / level.shape[1]
        for j in range(level.shape[1]):
            np.maximum.at(cut, level[:, j], excess)
    return float((y - cut).sum())


def _partition_lp(levels: list[np.ndarray], costs: list[np.ndarray], time_limit: float) -> np.ndarray | None:
    """Duals of the set-partitioning LP over groups (min sum cost x, each service in one group).

    Groups that cost no less than their members alone are left out: the
    singletons cover them (and :func:`_safe_dual` checks every group anyway).
    None when HiGHS does not solve it in ``time_limit`` seconds.
    """
    from scipy.optimize import linprog

    S = len(levels[0])
    keep = [c < costs[0][lv].sum(axis=1) - 1e-9 for lv, c in zip(levels, costs)]
    keep[0] = np.ones(S, bool)
    sets = [lv[k] for lv, k in zip(levels, keep)]
    offs = np.cumsum([0] + [len(x) for x in sets])
    rows = np.concatenate([x.ravel() for x in sets])
    cols = np.concatenate([np.repeat(np.arange(len(x)), x.shape[1]) + o for x, o in zip(sets, offs)])
    M = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(S, int(offs[-1])))
    c = np.concatenate([cost[k] for cost, k in zip(costs, keep)])
    r = linprog(c, A_eq=M, b_eq=np.ones(S), bounds=(0, None), method="highs",
                options={"time_limit": float(time_limit), "presolve": True})
    if r.status != 0 or getattr(r, "eqlin", None) is None:
        return None
    return np.asarray(r.eqlin.marginals, float)


def _component_bound(pb: _Problem, max_groups: int = _MAX_GROUPS, lp_seconds: float = 0.0) -> float | None:
    """A lower bound from the service groups a design can form (with ``max_services``).

    Split each team of a design into the connected pieces (in the dependency
    graph) of its services: pieces have at most ``max_services`` = N services,
    and the design costs at least the total dependency weight plus, over the
    pieces C, ``cost(C) = -w(C) + lam (moved services of C + short charges,
    :func:`_short_charge`)``, since dependencies between pieces cross nothing
    and people moves are at least the charges. So the set-partitioning
    program "choose pieces covering every service once at least cost" bounds
    the design from below, and so does any feasible dual ``y`` of its LP
    relaxation (``sum_{u in C} y_u <= cost(C)`` for every connected C):

    * the equal shares :math:`y_u = \\min_{C \\ni u} \\text{cost}(C) / |C|`
      (always), and
    * the LP's optimal duals when HiGHS solves it within ``lp_seconds``,
      checked and made feasible by :func:`_safe_dual`.

    A team over N services today must shed the excess; this is priced in
    with a Lagrange multiplier of 0 or 1 on "moved >= excess" (the better is
    kept). Services with several or no owners and people with several teams
    are counted as moving for free. Returns None without ``max_services`` or
    when more than ``max_groups`` connected groups would have to be listed.

    Examples
    --------
    >>> from teamsim.design.problem import _problem
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"people": [{"name": "a"}, {"name": "b"}],
    ...     "teams": [{"name": "T", "members": ["a"], "services": ["x"]},
    ...               {"name": "U", "members": ["b"], "services": ["y", "z"]}],
    ...     "services": [{"name": "x", "depends_on": ["y", "z"]}, {"name": "y"}, {"name": "z"}]})
    >>> pb = _problem(s, None, {}, min_size=1, max_size=1, redundancy=1, max_services=3,
    ...               max_load=None, lam=1.0)
    >>> _component_bound(pb), _component_bound(pb, lp_seconds=5)  # x joins U: 2 - 2 + 1 move
    (1.0, 1.0)
    """
    if pb.max_services is None:
        return None
    S, K, N = len(pb.services), len(pb.teams), pb.max_services
    single = pb.cur_s.sum(axis=1) == 1
    ts = np.where(single, pb.cur_s.argmax(axis=1), -1)
    sigma = _short_charge(pb, ts)
    W = sp.csr_array((np.concatenate([pb.ew, pb.ew]), (np.concatenate([pb.eu, pb.ev]),
                                                       np.concatenate([pb.ev, pb.eu]))), shape=(S, S))
    W.sum_duplicates()
    A = sp.csr_array((np.ones(W.nnz), W.indices, W.indptr), shape=(S, S))
    levels = [np.arange(S)[:, None]]
    for _ in range(1, min(N, S)):
        if float(np.diff(A.indptr)[levels[-1]].sum()) > max_groups:
            return None
        levels.append(_grow(levels[-1], A))
    over = np.maximum(np.bincount(ts[single], minlength=K) - N, 0)
    best: tuple[float, list[np.ndarray], float] = (-np.inf, [], 0.0)
    for pi in (np.zeros(K), (over > 0).astype(float)):
        move = np.where(single, 1.0 - pi[np.maximum(ts, 0)], 0.0)
        costs = [pb.lam * np.minimum(sigma, move)]
        costs += [_group_cost(pb, lv, W, ts, sigma, move) for lv in levels[1:]]
        y = costs[0].copy()  # equal shares of each service's cheapest group
        for lv, c in zip(levels[1:], costs[1:]):
            for j in range(lv.shape[1]):
                np.minimum.at(y, lv[:, j], c / lv.shape[1])
        const = float(pb.ew.sum() + pb.lam * (pi * over).sum())
        value = _safe_dual(y, levels, costs) + const
        if value > best[0]:
            best = (value, costs, const)
    value, costs, const = best
    duals = _partition_lp(levels, costs, lp_seconds) if lp_seconds > 0 else None
    if duals is not None:
        value = max(value, _safe_dual(duals, levels, costs) + const)
    return value
