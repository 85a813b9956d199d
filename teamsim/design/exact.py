"""The exact solver: the design as a mixed-integer program (HiGHS, zero gap)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import LinearConstraint

from teamsim._milp import solve_milp
from teamsim.budget import check_memory
from teamsim.design.problem import _Assign, _penalty, _Problem
from teamsim.errors import InputError

__all__: list[str] = []

# c, constraints, integrality, lb, ub, (number of x, number of y variables): solve_milp's arguments
_Floats = npt.NDArray[np.float64]
_Model = tuple[_Floats, list[LinearConstraint], _Floats, _Floats, _Floats, tuple[int, int]]


def _kron(a: Any, F: int) -> sp.csr_array:
    return sp.csr_array(sp.kron(sp.csr_array(a), sp.identity(F, format="csr")))


def _model(pb: _Problem, fp: np.ndarray, fs: np.ndarray, F: np.ndarray, k_target: int, *,
           soft: bool, cover: bool = True) -> _Model:
    """The (sub)model over free people ``fp``, free services ``fs`` and free teams ``F``.

    Variables, in order: x (person, team), y (service, team), z (team used),
    d (free-free edge, team: |y_u - y_v|), u (tool, team: the team must hold it;
    only with max_load), then, when ``soft``, penalised slacks of the size,
    coverage, service-count and load rows.
    """
    nP, nS, nF = len(fp), len(fs), len(F)
    spos = np.full(len(pb.services), -1)
    spos[fs] = np.arange(nS)
    emask = (spos[pb.eu] >= 0) & (spos[pb.ev] >= 0)
    eu, ev, ew = spos[pb.eu[emask]], spos[pb.ev[emask]], pb.ew[emask]
    nE = len(ew)
    pmask = np.isin(pb.pairs_s, fs)
    qs, qt = spos[pb.pairs_s[pmask]], pb.pairs_t[pmask]
    nQ = len(qs) if cover else 0
    tl = np.unique(qt) if pb.max_load is not None else np.zeros(0, np.intp)
    tpos = np.full(len(pb.tools), -1)
    tpos[tl] = np.arange(len(tl))
    nT = len(tl)
    nx, ny, nd, nu = nP * nF, nS * nF, nE * nF, nT * nF
    n0 = nx + ny + nF + nd + nu
    check_memory(200 * (n0 + nQ * nF * (2 + int(pb.held[fp].sum(axis=0).mean() if nP and pb.tools else 0))),
                 params="teams, people and services", entity="team design model (its integer program)")
    blocks, lo, hi, softable = [], [], [], []

    def add(parts: Sequence[Any], lower: float, upper: float, can_soften: bool = False) -> None:
        blocks.append(sp.hstack([sp.csr_array(p) for p in parts], format="csr"))
        rows = blocks[-1].shape[0]
        lo.append(np.broadcast_to(np.asarray(lower, float), (rows,)))
        hi.append(np.broadcast_to(np.asarray(upper, float), (rows,)))
        softable.append(np.full(rows, can_soften))

    def Z(r: int, c: int) -> sp.csr_array:
        return sp.csr_array((r, c))

    onesP, onesS = np.ones((1, nP)), np.ones((1, nS))
    I_F = sp.identity(nF, format="csr")
    add([sp.kron(sp.identity(nP), np.ones((1, nF))), Z(nP, ny + nF + nd + nu)], 1, 1)
    add([Z(nS, nx), sp.kron(sp.identity(nS), np.ones((1, nF))), Z(nS, nF + nd + nu)], 1, 1)
    size = _kron(onesP, nF)
    add([size, Z(nF, ny), -pb.min_size * I_F, Z(nF, nd + nu)], 0, np.inf, True)
    add([size, Z(nF, ny), -pb.max_size * I_F, Z(nF, nd + nu)], -np.inf, 0, True)
    cap = pb.max_services if pb.max_services is not None else max(nS, 1)
    add([Z(nF, nx), _kron(onesS, nF), -cap * I_F, Z(nF, nd + nu)], -np.inf, 0, True)
    add([Z(1, nx + ny), np.ones((1, nF)), Z(1, nd + nu)], k_target, k_target)
    if nE:
        sel_u = sp.csr_array((np.ones(nE), (np.arange(nE), eu)), shape=(nE, nS))
        sel_v = sp.csr_array((np.ones(nE), (np.arange(nE), ev)), shape=(nE, nS))
        dI = sp.identity(nd, format="csr")
        add([Z(nd, nx), _kron(sel_v - sel_u, nF), Z(nd, nF), dI, Z(nd, nu)], 0, np.inf)
        add([Z(nd, nx), _kron(sel_u - sel_v, nF), Z(nd, nF), dI, Z(nd, nu)], 0, np.inf)
    if nQ:
        hold = sp.csr_array(pb.held[np.ix_(fp, qt)].T.astype(float))  # pairs x free people
        qsel = sp.csr_array((np.ones(nQ), (np.arange(nQ), qs)), shape=(nQ, nS))
        add([_kron(hold, nF), -pb.redundancy * _kron(qsel, nF), Z(nQ * nF, nF + nd + nu)], 0, np.inf,
            True)
    if nT and pb.max_load is not None:  # nT > 0 only with a max_load
        qsel = sp.csr_array((np.ones(len(qs)), (np.arange(len(qs)), qs)), shape=(len(qs), nS))
        tsel = sp.csr_array((np.ones(len(qs)), (np.arange(len(qs)), tpos[qt])), shape=(len(qs), nT))
        add([Z(len(qs) * nF, nx), -_kron(qsel, nF), Z(len(qs) * nF, nF + nd), _kron(tsel, nF)], 0, np.inf)
        add([Z(nF, nx + ny), -pb.max_load * I_F, Z(nF, nd), _kron(np.ones((1, nT)), nF)], -np.inf, 0,
            True)
    A = sp.vstack(blocks, format="csr")
    lo_, hi_ = np.concatenate(lo), np.concatenate(hi)
    c = np.concatenate([-pb.lam * pb.cur_p[np.ix_(fp, F)].ravel(), -pb.lam * pb.cur_s[np.ix_(fs, F)].ravel(),
                        np.zeros(nF), np.repeat(ew / 2.0, nF), np.zeros(nu)])
    lb, ub = np.zeros(n0), np.ones(n0)
    fpos = {int(k): j for j, k in enumerate(F)}
    for arr, pins, off in ((fp, pb.pin_p, 0), (fs, pb.pin_s, nx)):
        for i, p in enumerate(arr.tolist()):
            if p in pins and pins[p] in fpos:
                lb[off + i * nF + fpos[pins[p]]] = 1.0
    integ = np.concatenate([np.ones(nx + ny + nF), np.zeros(nd + nu)])
    if soft:  # one penalised slack per row that may be violated (size, services, cover, load)
        rows = np.flatnonzero(np.concatenate(softable))
        sign = np.where(np.isfinite(lo_[rows]), 1.0, -1.0)
        S_ = sp.csr_array((sign, (rows, np.arange(len(rows)))), shape=(A.shape[0], len(rows)))
        A = sp.hstack([A, S_], format="csr")
        c = np.concatenate([c, np.full(len(rows), _penalty(pb))])
        lb, ub = np.concatenate([lb, np.zeros(len(rows))]), np.concatenate([ub, np.full(len(rows), np.inf)])
        integ = np.concatenate([integ, np.zeros(len(rows))])
    return c, [LinearConstraint(A, lo_, hi_)], integ, lb, ub, (nx, ny)


def _decode(x: np.ndarray, fp: np.ndarray, fs: np.ndarray, F: np.ndarray,
            sizes: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    nx, ny = sizes
    nF = len(F)
    ap = F[x[:nx].reshape(len(fp), nF).argmax(axis=1)] if len(fp) else np.zeros(0, np.intp)
    as_ = F[x[nx:nx + ny].reshape(len(fs), nF).argmax(axis=1)] if len(fs) else np.zeros(0, np.intp)
    return ap, as_


def _exact(pb: _Problem, time_limit: float) -> tuple[_Assign | None, float | None, bool]:
    P, S, K = len(pb.people), len(pb.services), len(pb.teams)
    F = np.arange(K)
    c, cons, integ, lb, ub, sizes = _model(pb, np.arange(P), np.arange(S), F, pb.k_used, soft=False)
    r = solve_milp(c, cons, integrality=integ, lb=lb, ub=ub, time_limit=time_limit)
    const = pb.lam * float(pb.cur_p.any(axis=1).sum() + pb.cur_s.any(axis=1).sum())
    bound = None if r.bound is None else r.bound + const
    if r.x is None:
        if r.status == 2:
            raise InputError("no design satisfies every constraint together (sizes, coverage with "
                             "redundancy, services and load per team, pins)", entity="team design",
                             hint="lower --redundancy, widen --min-size/--max-size, raise "
                                  "--max-services/--max-load, change --teams or drop pins")
        return None, bound, False
    ap, as_ = _decode(r.x, np.arange(P), np.arange(S), F, sizes)
    return (ap, as_), bound, r.optimal
