"""Large-neighbourhood search for large organisations: free a few connected teams, re-solve them
exactly, keep the better design (Pisinger & Ropke 2010).
"""

from __future__ import annotations

import time

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from teamsim._milp import solve_milp
from teamsim.design.exact import _decode, _model
from teamsim.design.problem import _coverage_counts, _objective, _penalty, _Problem

__all__: list[str] = []


def _seed(pb: _Problem) -> tuple[np.ndarray, np.ndarray]:
    """Today's organisation, completed: first team of each person, first owner of each service."""
    K = len(pb.teams)
    ap = np.where(pb.cur_p.any(axis=1), pb.cur_p.argmax(axis=1), -1)
    as_ = np.where(pb.cur_s.any(axis=1), pb.cur_s.argmax(axis=1), -1)
    for p, k in pb.pin_p.items():
        ap[p] = k
    for s, k in pb.pin_s.items():
        as_[s] = k
    size = np.bincount(ap[ap >= 0], minlength=K)
    used = np.flatnonzero(size > 0).tolist()
    while len(used) > pb.k_used:  # close the smallest teams: members join the next smallest
        k = min(used, key=lambda j: size[j])
        used.remove(k)
    for k in np.flatnonzero(size == 0).tolist():
        if len(used) < pb.k_used:
            used.append(k)
    used_a = np.array(sorted(used))
    for i in np.flatnonzero((ap < 0) | ~np.isin(ap, used_a)):
        size = np.bincount(ap[np.isin(ap, used_a)], minlength=K)
        ap[i] = used_a[np.argmin(size[used_a])]
    for k in used_a.tolist():  # an empty new team takes people from the largest teams
        while np.sum(ap == k) < pb.min_size and np.bincount(ap, minlength=K).max() > pb.min_size:
            big = np.bincount(ap, minlength=K).argmax()
            ap[np.flatnonzero(ap == big)[-1]] = k
    for s in np.flatnonzero((as_ < 0) | ~np.isin(as_, used_a)).tolist():
        score = np.zeros(K)
        for a, b, w in zip(pb.eu, pb.ev, pb.ew):
            if s in (a, b) and as_[b if a == s else a] >= 0:
                score[as_[b if a == s else a]] += w
        score[~np.isin(np.arange(K), used_a)] = -np.inf
        as_[s] = int(score.argmax()) if score.max() > 0 else used_a[np.argmin(np.bincount(
            as_[as_ >= 0], minlength=K)[used_a])]
    return _repair(pb, ap, as_)


def _repair(pb: _Problem, ap: np.ndarray, as_: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Greedy: a service its team cannot cover goes to the covering team it depends on most."""
    K = len(pb.teams)
    team_held = np.zeros((K, len(pb.tools)), int)
    np.add.at(team_held, ap, pb.held.astype(int))
    used = np.bincount(ap, minlength=K) > 0
    A = sp.csr_array((np.concatenate([pb.ew, pb.ew]), (np.concatenate([pb.eu, pb.ev]),
                                                       np.concatenate([pb.ev, pb.eu]))),
                     shape=(len(pb.services),) * 2)
    cap = pb.max_services if pb.max_services is not None else len(pb.services)

    def attach(s: int) -> npt.NDArray[np.float64]:
        return np.bincount(as_, weights=A[[s]].toarray().ravel(), minlength=K).astype(float)

    def move(s: int) -> None:
        tools = pb.pairs_t[pb.pairs_of[s]]
        ok = used & (team_held[:, tools] >= pb.redundancy).all(axis=1)
        ok &= np.bincount(as_, minlength=K) < cap
        if ok.any():
            score = np.where(ok, attach(s), -np.inf)
            as_[s] = int(score.argmax())

    for s in range(len(pb.services)):
        tools = pb.pairs_t[pb.pairs_of[s]]
        if s not in pb.pin_s and len(tools) and (team_held[as_[s], tools] < pb.redundancy).any():
            move(s)
    for k in np.flatnonzero(np.bincount(as_, minlength=K) > cap).tolist():
        own = [s for s in np.flatnonzero(as_ == k).tolist() if s not in pb.pin_s]
        own.sort(key=lambda s: attach(s)[k])
        for s in own[:max(0, int(np.sum(as_ == k)) - cap)]:
            move(s)
    return ap, as_


def _neighbourhood(pb: _Problem, ap: np.ndarray, as_: np.ndarray, rng: np.random.Generator, n_teams: int,
                   max_people: int) -> np.ndarray:
    K = len(pb.teams)
    W = np.zeros((K, K))
    tu, tv = as_[pb.eu], as_[pb.ev]
    np.add.at(W, (tu, tv), pb.ew)
    W = W + W.T
    np.fill_diagonal(W, 0)
    _, v = _metrics_light(pb, ap, as_)
    used = np.flatnonzero(np.bincount(ap, minlength=K) > 0)
    bad = used[v[used] > 0]
    if len(bad):  # repair first: a team breaking a constraint, with partners that have room
        first = int(rng.choice(bad))
    else:
        score = W.sum(axis=1)[used] + 0.1
        first = int(rng.choice(used, p=score / score.sum()))
    room = np.zeros(K)
    if pb.max_services is not None:
        room = (np.bincount(as_, minlength=K) < pb.max_services) * (1.0 + W.max(initial=0.0))
    chosen, people = [first], int(np.sum(ap == first))
    while len(chosen) < n_teams:
        w = W[chosen].sum(axis=0) + rng.random(K) * (1.0 + 2.0 * bool(len(bad))) + room * bool(len(bad))
        w[chosen] = -np.inf
        w[~np.isin(np.arange(K), used)] = -np.inf
        if not np.isfinite(w).any():
            break
        k = int(w.argmax())
        if people + np.sum(ap == k) > max_people:
            break
        chosen.append(k)
        people += int(np.sum(ap == k))
    return np.array(sorted(chosen))


def _metrics_light(pb: _Problem, ap: np.ndarray, as_: np.ndarray) -> tuple[float, np.ndarray]:
    """Penalised objective and violation count per team (for the search)."""
    K = len(pb.teams)
    size = np.bincount(ap, minlength=K)
    nserv = np.bincount(as_, minlength=K)
    held = _coverage_counts(pb, ap, as_)
    viol = np.zeros(K)
    np.add.at(viol, as_[pb.pairs_s], np.maximum(pb.redundancy - held, 0))
    used = size > 0
    viol += used * (np.maximum(pb.min_size - size, 0) + np.maximum(size - pb.max_size, 0))
    if pb.max_services is not None:
        viol += np.maximum(nserv - pb.max_services, 0)
    if pb.max_load is not None:
        for k in range(K):
            viol[k] += max(0, len(set(pb.pairs_t[as_[pb.pairs_s] == k].tolist())) - pb.max_load)
    return _objective(pb, ap, as_)[0] + _penalty(pb) * viol.sum(), viol


def _lns(pb: _Problem, time_limit: float, seed: int, n_teams: int = 2, max_people: int = 48,
         max_stale: int = 200, sub_limit: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    ap, as_ = _seed(pb)
    best, _ = _metrics_light(pb, ap, as_)
    deadline = time.monotonic() + time_limit
    used, stale = int(np.sum(np.bincount(ap, minlength=len(pb.teams)) > 0)), 0
    while time.monotonic() < deadline - 0.05 and stale < max_stale:
        F = _neighbourhood(pb, ap, as_, rng, n_teams + int(rng.integers(2)), max_people)
        stale = max_stale if len(F) >= used else stale + 1  # the whole organisation: solved once
        fp, fs = np.flatnonzero(np.isin(ap, F)), np.flatnonzero(np.isin(as_, F))
        c, cons, integ, lb, ub, sizes = _model(pb, fp, fs, F, len(F), soft=True)
        r = solve_milp(c, cons, integrality=integ, lb=lb, ub=ub,
                       time_limit=max(0.05, min(sub_limit, deadline - time.monotonic())))
        if r.x is None:
            continue
        a2, s2 = ap.copy(), as_.copy()
        a2[fp], s2[fs] = _decode(r.x, fp, fs, F, sizes)
        val, _ = _metrics_light(pb, a2, s2)
        if val < best - 1e-9:
            stale = 0 if len(F) < used else stale
        if val <= best + 1e-9:
            ap, as_, best = a2, s2, val
    return ap, as_
