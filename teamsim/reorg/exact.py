"""Exact ownership suggestion and lower bounds: the integer program (HiGHS) and a matching bound.

:func:`_exact` solves the ownership problem of :func:`teamsim.reorg.suggest_ownership`
as a mixed-integer program (L1 form of the cross-team indicator) and returns its
proven lower bound; :func:`_matching_bound` is a cheap lower bound (a greedy
fractional matching, the LP dual of "each dependency crossing today crosses, or
an end moves") for instances too large for the integer program.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import scipy.sparse as sp

from teamsim._milp import solve_milp
from teamsim.errors import InputError

__all__: list[str] = []


def _exact(A: sp.csr_array, O0: sp.csr_array, owned: np.ndarray, load: np.ndarray,
           cap: np.ndarray, pinned_to: Mapping[int, int], lam: float,
           time_limit: float) -> tuple[np.ndarray | None, float | None, bool]:
    from scipy.optimize import LinearConstraint

    S, T = O0.shape
    O0 = O0.toarray() if sp.issparse(O0) else O0  # small: (S + E) T variables fit
    coo = sp.triu(A, k=1).tocoo()
    E = len(coo.data)
    nx, nd = S * T, E * T
    n = nx + nd
    # x_st binary; d_et >= |x_ut - x_vt|, so that (1/2) sum_t d_et is 1 exactly when u and v
    # are in different teams (an L1 formulation: its LP relaxation is tighter than one
    # variable per edge with z_e >= x_ut - x_vt)
    e_idx = np.repeat(np.arange(E), T)
    t_idx = np.tile(np.arange(T), E)
    c = np.concatenate([-lam * (O0 * owned[:, None]).ravel(), coo.data[e_idx] / 2.0])
    rows = np.repeat(np.arange(S), T)
    A1 = sp.csr_array((np.ones(nx), (rows, np.arange(nx))), shape=(S, n))  # sum_t x_st = 1
    A2 = sp.csr_array((np.repeat(load, T), (np.tile(np.arange(T), S), np.arange(nx))),
                      shape=(T, n))  # sum_s load_s x_st <= cap_t
    er = np.arange(nd)
    xu = coo.row[e_idx] * T + t_idx
    xv = coo.col[e_idx] * T + t_idx
    ones = np.ones(nd)
    A3 = sp.csr_array((np.concatenate([ones, -ones, ones]),
                       (np.concatenate([er, er, er]), np.concatenate([nx + er, xu, xv]))),
                      shape=(nd, n))  # d_et - x_ut + x_vt >= 0
    A4 = sp.csr_array((np.concatenate([ones, ones, -ones]),
                       (np.concatenate([er, er, er]), np.concatenate([nx + er, xu, xv]))),
                      shape=(nd, n))  # d_et + x_ut - x_vt >= 0
    lb = np.zeros(n)
    ub = np.ones(n)
    for s, t in pinned_to.items():
        lb[s * T + t] = 1.0
    cons = [LinearConstraint(A1, 1, 1), LinearConstraint(A2, -np.inf, cap),
            LinearConstraint(A3, 0, np.inf), LinearConstraint(A4, 0, np.inf)]
    integrality = np.concatenate([np.ones(nx), np.zeros(nd)])
    res = solve_milp(c, cons, integrality=integrality, lb=lb, ub=ub, time_limit=time_limit)
    lower = None if res.bound is None else res.bound + lam * float(owned.sum())
    if res.x is None:
        if res.status == 1:  # time limit without an incumbent of its own
            return None, lower, False
        raise InputError(f"no ownership satisfies the capacities and pinned services ({res.message})",
                         hint="raise team capacities (--slack, --max-load-per-person) or pin fewer "
                              "services")
    assign = res.x[:nx].reshape(S, T).argmax(axis=1)
    return assign, lower, res.optimal


def _matching_bound(A: sp.csr_array, O0: sp.csr_array, owned: np.ndarray, lam: float,
                    pinned: np.ndarray) -> float:
    """A lower bound from the dependencies that cross teams today: each crosses or an end moves.

    A dependency {u, v} between owned services with no owner in common stays
    crossing (cost ``w``) unless u or v moves (cost ``lam`` each, once for
    all its dependencies; a pinned service cannot): ``c_e + m_u + m_v >= 1``.
    The LP dual of that covering program is a fractional matching: ``y_e <=
    w_e`` and at most ``lam`` per movable service. Any feasible ``y`` bounds
    the optimum from below; this one is greedy (dependencies at the
    least-connected services first). Capacities are ignored; O(S + E) memory.

    Examples
    --------
    >>> A = sp.csr_array(np.array([[0.0, 2.0], [2.0, 0.0]]))
    >>> O0 = np.array([[1.0, 0.0], [0.0, 1.0]])      # x in team 0, y in team 1, x-y weight 2
    >>> _matching_bound(A, O0, np.array([True, True]), 0.5, np.zeros(2, bool))  # one move: 0.5
    0.5
    >>> _matching_bound(A, O0, np.array([True, True]), 0.5, np.ones(2, bool))   # both pinned: 2
    2.0
    """
    own = sp.csr_array(sp.csr_array(O0) > 0, dtype=float)
    coo = sp.triu(A, k=1).tocoo()
    u, v, w = coo.row, coo.col, coo.data
    shared = np.asarray((own[u] * own[v]).sum(axis=1)).ravel() > 0 if len(w) else np.zeros(0, bool)
    x = owned[u] & owned[v] & ~shared
    u, v, w = u[x], v[x], w[x]
    deg = np.bincount(np.concatenate([u, v]), minlength=A.shape[0])
    room = np.where(pinned, np.inf, float(lam)).tolist()
    total = 0.0
    for e in np.argsort(deg[u] + deg[v], kind="stable").tolist():
        a, b = int(u[e]), int(v[e])
        y = min(float(w[e]), room[a], room[b])  # python floats: fast scalar updates
        room[a] -= y
        room[b] -= y
        total += y
    return total
