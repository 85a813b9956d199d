"""Local search for the ownership suggestion: a greedy start, best single moves, swaps, restarts.

:func:`_initial` builds a feasible start from today's ownership (over-capacity
teams shed their least-attached services, unowned ones go where their neighbours
are); :class:`_Search` keeps each service's neighbour weight per team and improves
the assignment by best-improvement single moves and pairwise swaps between full
teams; :func:`_local_search` adds seeded perturbation restarts (random moves, or
a service moved with its same-team neighbours, after Kernighan & Lin 1970).

Nothing is dense in services x teams: a service's *candidate* teams are the teams its
neighbours are in and the teams it has a share of today; moving it anywhere else cannot
gain (its gain there is minus its attachment to its own team), so the search only ever
looks at candidates. Memory is O(S + E + T) and a move costs about its neighbourhood
(plus O(S) vectorised bookkeeping), so 50,000 services over 5,000 teams fit in well
under 1 GB where dense services x teams arrays needed about 10 GB.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from numpy.typing import ArrayLike

from teamsim.errors import InputError
from teamsim.reorg._common import _objective, _primary, _ranges

__all__: list[str] = []


def _initial(A: sp.csr_array, O0: sp.csr_array, owned: np.ndarray, load: np.ndarray, cap: np.ndarray,
             pinned_to: Mapping[int, int], lam: float) -> np.ndarray:
    """A feasible start: today's owners, over-full teams shed their least-attached services,
    the rest go to the team holding most of their neighbours (most room on ties)."""
    S, T = O0.shape
    indptr, indices, wts = A.indptr, A.indices, A.data
    assign = np.where(owned, _primary(O0), -1)
    for s, t in pinned_to.items():
        assign[s] = t
    used = np.bincount(assign[assign >= 0], weights=load[assign >= 0], minlength=T)

    def attached(s: int, t: int) -> float:
        nb, w = indices[indptr[s]:indptr[s + 1]], wts[indptr[s]:indptr[s + 1]]
        return float(w[assign[nb] == t].sum())

    # over-capacity teams shed their least-attached unpinned services
    for t in np.nonzero(used > cap + 1e-9)[0].tolist():
        members = [s for s in np.nonzero(assign == t)[0].tolist() if s not in pinned_to]
        members.sort(key=lambda s: attached(s, t))
        for s in members:
            if used[t] <= cap[t] + 1e-9:
                break
            assign[s] = -1
            used[t] -= load[s]
    order = np.nonzero(assign < 0)[0]
    for s in sorted(order.tolist(), key=lambda s: -load[s]):
        nb, w = indices[indptr[s]:indptr[s + 1]], wts[indptr[s]:indptr[s + 1]]
        a = assign[nb]
        share = np.zeros(T)
        share[O0.indices[O0.indptr[s]:O0.indptr[s + 1]]] = O0.data[O0.indptr[s]:O0.indptr[s + 1]]
        score = np.bincount(a[a >= 0], weights=w[a >= 0], minlength=T) + lam * share
        free = cap - used
        ok = free >= load[s] - 1e-9
        if not ok.any():
            raise InputError("the teams' capacities cannot hold every service",
                             hint="raise capacities (--slack, --max-load-per-person, team capacity)")
        score = np.where(ok, score, -np.inf)
        best = np.flatnonzero(score == score.max())
        t = int(best[np.argmax(free[best])])
        assign[s] = t
        used[t] += load[s]
    return assign


def _best_per_row(n: int, r: np.ndarray, t: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For rows 0..n-1 and entries (r, t, g): the largest g per row and its team (lowest on ties).

    Rows without entries get team -1 and gain -inf.

    Examples
    --------
    >>> t, g = _best_per_row(3, np.array([0, 0, 2]), np.array([4, 1, 0]), np.array([1.0, 1.0, -2.0]))
    >>> t.tolist(), g.tolist()
    ([1, -1, 0], [1.0, -inf, -2.0])
    """
    best_t = np.full(n, -1, np.int64)
    best_g = np.full(n, -np.inf)
    order = np.lexsort((t, -g, r))
    r, t, g = r[order], t[order], g[order]
    first = np.ones(len(r), bool)
    first[1:] = r[1:] != r[:-1]
    best_t[r[first]] = t[first]
    best_g[r[first]] = g[first]
    return best_t, best_g


class _Search:
    """Local-search state: an assignment, each service's neighbour weight in its own team, team loads.

    The gain of moving service s to team t is ``N[s, t] + B[s, t] - (N[s, a] + B[s, a])``
    with ``a`` its team, ``N[s, t]`` the weight of its dependencies into t and
    ``B = lam x O0`` (owned services). Only ``N[s, a]`` is kept (``ncur``); ``N[s, t]``
    for the candidate teams is summed from the dependencies when needed.
    """

    def __init__(self, A: sp.csr_array, O0: sp.csr_array, owned: np.ndarray, load: np.ndarray,
                 cap: np.ndarray, pinned: np.ndarray, assign: np.ndarray, lam: float,
                 rng: np.random.Generator) -> None:
        """Set up the state for ``assign`` (kept and changed in place)."""
        self.S, self.T = O0.shape
        self.A, self.O0, self.owned, self.load, self.cap = A, O0, owned, load, cap
        self.lam, self.rng, self.assign = lam, rng, assign
        self.indptr, self.indices, self.wts = A.indptr, A.indices, A.data
        self.row_of = np.repeat(np.arange(self.S), np.diff(self.indptr))
        B = sp.csr_array(sp.diags_array(lam * owned.astype(float)) @ O0)
        B.eliminate_zeros()
        B.sort_indices()
        self.B, self.Bc = B, sp.csc_array(B)
        self.Bc.sort_indices()
        self.bkeys = np.repeat(np.arange(self.S), np.diff(B.indptr)) * self.T + B.indices
        self.ncur, self.used = self._tallies()
        self.movable = ~pinned

    def _tallies(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Neighbour weight of each service in its own team, and the team loads."""
        same = self.assign[self.row_of] == self.assign[self.indices]
        # astype: bincount of nothing is an integer array
        return (np.bincount(self.row_of[same], weights=self.wts[same], minlength=self.S).astype(float),
                np.bincount(self.assign, weights=self.load, minlength=self.T).astype(float))

    def refresh(self) -> None:
        """Recompute the own-team neighbour weights and the team loads in place."""
        self.ncur[:], self.used[:] = self._tallies()

    def nbrs(self, s: int) -> tuple[np.ndarray, np.ndarray]:
        """The neighbours of service ``s`` and the weights of those edges."""
        lo, hi = self.indptr[s], self.indptr[s + 1]
        return self.indices[lo:hi], self.wts[lo:hi]

    def _bonus(self, rows: ArrayLike, teams: ArrayLike) -> npt.NDArray[np.float64]:
        """``B[rows, teams]`` pairwise (0 where a service has no share of that team)."""
        rows, teams = np.asarray(rows, np.int64), np.asarray(teams, np.int64)
        if not len(self.bkeys):
            return np.zeros(len(rows))
        k = rows * self.T + teams
        i = np.minimum(np.searchsorted(self.bkeys, k), len(self.bkeys) - 1)
        return np.where(self.bkeys[i] == k, self.B.data[i], 0.0)

    def _base(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.float64]:
        """``N[s, a] + B[s, a]`` of each of ``rows`` (a: its team): what a move gives up."""
        return self.ncur[rows] + self._bonus(rows, self.assign[rows])

    def _pairs(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Candidate teams of each of ``rows``: (index in rows, team, N + B), one entry per pair."""
        T = self.T
        pos, who = _ranges(self.indptr, rows)
        pb, wb = _ranges(self.B.indptr, rows)
        keys = np.concatenate([who * T + self.assign[self.indices[pos]], wb * T + self.B.indices[pb]])
        vals = np.concatenate([self.wts[pos], self.B.data[pb]])
        uk, inv = np.unique(keys, return_inverse=True)
        return uk // T, uk % T, np.bincount(inv.ravel(), weights=vals, minlength=len(uk)).astype(float)

    def best(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Best feasible move of each of ``rows``: its team and gain (-1 and -inf when it has none)."""
        r, t, v = self._pairs(rows)
        g = v - self._base(rows)[r]
        ok = (t != self.assign[rows][r]) & (self.used[t] + self.load[rows][r] <= self.cap[t] + 1e-9)
        return _best_per_row(len(rows), r[ok], t[ok], g[ok])

    def _gains_to(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        """Services with a neighbour in team ``t`` or a share of it, and the gain of moving each there."""
        pos, _ = _ranges(self.indptr, np.nonzero(self.assign == t)[0])
        lo, hi = self.Bc.indptr[t], self.Bc.indptr[t + 1]
        keys = np.concatenate([self.indices[pos], self.Bc.indices[lo:hi]])
        uk, inv = np.unique(keys, return_inverse=True)
        v = np.bincount(inv.ravel(), weights=np.concatenate([self.wts[pos], self.Bc.data[lo:hi]]),
                        minlength=len(uk)).astype(float)
        return uk, v - self._base(uk)

    def apply(self, s: int, t: int) -> None:
        """Move service ``s`` to team ``t``, updating own-team neighbour weights and loads."""
        old = self.assign[s]
        nb, w = self.nbrs(s)
        a = self.assign[nb]
        self.ncur[nb[a == old]] -= w[a == old]
        self.ncur[nb[a == t]] += w[a == t]
        self.ncur[s] = w[a == t].sum()
        self.used[old] -= self.load[s]
        self.used[t] += self.load[s]
        self.assign[s] = t

    def descend(self) -> None:
        """Make the best single move until no move gains."""
        rows = np.nonzero(self.movable)[0]
        if not len(rows):
            return
        best_t, best_g = self.best(rows)
        where = np.full(self.S, -1)
        where[rows] = np.arange(len(rows))
        for _ in range(50 * self.S + 100):
            i = int(np.argmax(best_g))
            if best_g[i] <= 1e-9:
                break
            s = rows[i]
            old, new = self.assign[s], best_t[i]
            self.apply(s, new)
            self._update_best(rows, where, best_t, best_g, i, s, old, new)

    def _update_best(self, rows: np.ndarray, where: np.ndarray, best_t: np.ndarray, best_g: np.ndarray,
                     i: int, s: int, old: int, new: int) -> None:
        """Refresh the best moves after moving row ``i`` (service ``s``) from ``old`` to ``new``."""
        # full refresh: s, its neighbours (their gains changed) and rows aiming at the
        # now fuller team; every other row may only gain the freed-up team
        nb = where[self.nbrs(s)[0]]
        upd = np.unique(np.concatenate([nb[nb >= 0], [i], np.nonzero(best_t == new)[0]]))
        best_t[upd], best_g[upd] = self.best(rows[upd])
        c, g_old = self._gains_to(old)
        ic = where[c]
        c, g_old, ic = c[ic >= 0], g_old[ic >= 0], ic[ic >= 0]
        ok = (self.used[old] + self.load[c] <= self.cap[old] + 1e-9) & (self.assign[c] != old)
        better = ok & (g_old > best_g[ic])
        best_t[ic[better]] = old
        best_g[ic[better]] = g_old[better]

    def _hopeful(self) -> np.ndarray:
        """Services with a gaining move to some team, room or not (the only ones a swap can start from)."""
        rows = np.arange(self.S)
        r, t, v = self._pairs(rows)
        g = v - self._base(rows)[r]
        keep = (t != self.assign[r]) & (g > 1e-9)
        out = np.zeros(self.S, bool)
        out[r[keep]] = True
        return out

    def swaps(self) -> bool:
        """Swap pairs of services between two full teams where that gains; True if any did."""
        improved = False
        hope = self._hopeful()
        for s in self.rng.permutation(np.nonzero(self.movable)[0]):
            if not hope[s]:  # nothing changed around s since: _swap(s) would find nothing
                continue
            c2 = self._swap(s)
            if c2 >= 0:
                improved = True
                hope[s] = hope[c2] = True
                hope[self.nbrs(s)[0]] = True
                hope[self.nbrs(c2)[0]] = True
        return improved

    def _swap(self, s: int) -> int:
        """Swap ``s`` with the best service of the full team it would rather be in; that service or -1."""
        assign, load, cap, used = self.assign, self.load, self.cap, self.used
        a = assign[s]
        _, ts, v = self._pairs(np.array([s]))
        g = v - self._base(np.array([s]))[0]
        ts, g = ts[ts != a], g[ts != a]
        if not len(g):
            return -1
        k = np.lexsort((ts, -g))[0]
        t, g_st = int(ts[k]), g[k]
        if g_st <= 1e-9 or used[t] + load[s] <= cap[t] + 1e-9:
            return -1
        cand = np.nonzero((assign == t) & self.movable)[0]
        if not len(cand):
            return -1
        pos, who = _ranges(self.indptr, cand)
        hit = assign[self.indices[pos]] == a
        n_a = np.bincount(who[hit], weights=self.wts[pos][hit], minlength=len(cand)).astype(float)
        g_c = (n_a + self._bonus(cand, np.full(len(cand), a))) - (
            self.ncur[cand] + self._bonus(cand, np.full(len(cand), t)))
        nb, w = self.nbrs(s)
        sel = (assign[nb] == t) & self.movable[nb]
        w_sc = np.zeros(len(cand))
        w_sc[np.searchsorted(cand, nb[sel])] = w[sel]
        total = g_st + g_c - 2 * w_sc
        feas = ((used[t] - load[cand] + load[s] <= cap[t] + 1e-9)
                & (used[a] - load[s] + load[cand] <= cap[a] + 1e-9))
        total = np.where(feas, total, -np.inf)
        k = int(np.argmax(total))
        if total[k] > 1e-9:
            c2 = int(cand[k])
            self.apply(s, t)
            self.apply(c2, a)
            return c2
        return -1

    def settle(self) -> None:
        """Alternate single moves and swaps until neither gains."""
        self.descend()
        while self.swaps():
            self.descend()

    def value(self) -> float:
        """The objective of the current assignment."""
        return _objective(self.assign, self.A, self.O0, self.owned, self.lam)[0]

    def kick_random(self, mov: np.ndarray) -> None:
        """Random single moves of about 5 % of the movable services ``mov``."""
        rng = self.rng
        k = max(1, len(mov) // 20)
        for s in rng.choice(mov, size=min(k, len(mov)), replace=False):
            free = self.cap - self.used
            ok = np.nonzero(free >= self.load[s] - 1e-9)[0]
            ok = ok[ok != self.assign[s]]
            if len(ok):
                self.apply(s, int(rng.choice(ok)))

    def kick_cluster(self, mov: np.ndarray) -> None:
        """Move a random service and its same-team neighbours to another team together.

        Single moves never break up a cohesive group (Kernighan & Lin 1970).
        """
        rng, assign, T = self.rng, self.assign, self.T
        s = int(rng.choice(mov))
        a = assign[s]
        nb = self.nbrs(s)[0]
        group = [s, *(int(v) for v in nb if assign[v] == a and self.movable[v])]
        t = int(rng.integers(T - 1)) if T > 1 else a
        t = t + (t >= a) if T > 1 else a
        for v in group:
            if self.used[t] + self.load[v] <= self.cap[t] + 1e-9 and t != assign[v]:
                self.apply(v, t)


def _local_search(A: sp.csr_array, O0: sp.csr_array, owned: np.ndarray, load: np.ndarray, cap: np.ndarray,
                  pinned: np.ndarray, assign: np.ndarray, lam: float, rng: np.random.Generator, rounds: int,
                  deadline: float | None = None) -> np.ndarray:
    """Improve ``assign`` by descent, swaps and perturbed restarts; return the best found."""
    st = _Search(A, O0, owned, load, cap, pinned, assign, lam, rng)
    st.settle()
    best, best_val = assign.copy(), st.value()
    for r in range(rounds):
        if deadline is not None and time.perf_counter() > deadline:
            break
        mov = np.nonzero(st.movable)[0]
        if not len(mov):
            break
        if r % 2:
            st.kick_random(mov)
        else:
            st.kick_cluster(mov)
        st.settle()
        v = st.value()
        if v <= best_val + 1e-9:  # accept ties: walk along plateaus
            if v < best_val - 1e-9 or not np.array_equal(assign, best):
                best, best_val = assign.copy(), min(v, best_val)
        else:  # restart from the best
            assign[:] = best
            st.refresh()
    return best
