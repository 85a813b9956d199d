"""Local search for the ownership suggestion: a greedy start, best single moves, swaps, restarts.

:func:`_initial` builds a feasible start from today's ownership (over-capacity
teams shed their least-attached services, unowned ones go where their neighbours
are); :class:`_Search` keeps each service's neighbour weight per team and improves
the assignment by best-improvement single moves and pairwise swaps between full
teams; :func:`_local_search` adds seeded perturbation restarts (random moves, or
a service moved with its same-team neighbours, after Kernighan & Lin 1970).
"""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sp

from teamsim.errors import InputError
from teamsim.reorg._common import _objective

__all__: list[str] = []


def _initial(A, O0, owned, load, cap, pinned_to, lam):
    S, T = O0.shape
    assign = np.where(owned, O0.argmax(axis=1), -1)
    for s, t in pinned_to.items():
        assign[s] = t
    used = np.bincount(assign[assign >= 0], weights=load[assign >= 0], minlength=T)
    # over-capacity teams shed their least-attached unpinned services
    for t in np.nonzero(used > cap + 1e-9)[0]:
        members = [s for s in np.nonzero(assign == t)[0] if s not in pinned_to]
        members.sort(key=lambda s: A[[s]].toarray().ravel()[assign == t].sum())
        for s in members:
            if used[t] <= cap[t] + 1e-9:
                break
            assign[s] = -1
            used[t] -= load[s]
    order = np.nonzero(assign < 0)[0]
    for s in sorted(order, key=lambda s: -load[s]):
        row = A[[s]].toarray().ravel()
        score = np.bincount(assign[assign >= 0], weights=row[assign >= 0], minlength=T) + lam * O0[s]
        free = cap - used
        ok = free >= load[s] - 1e-9
        if not ok.any():
            raise InputError("the teams' capacities cannot hold every service",
                             hint="raise capacities (--slack, --max-load-per-person, team capacity)")
        score = np.where(ok, score, -np.inf)
        best = np.flatnonzero(score == score.max())
        t = best[np.argmax(free[best])]
        assign[s] = t
        used[t] += load[s]
    return assign


class _Search:
    """Local-search state: an assignment with its neighbour weights per team and team loads."""

    def __init__(self, A, O0, owned, load, cap, pinned, assign, lam, rng):
        """Set up the state for ``assign`` (kept and changed in place)."""
        self.S, self.T = O0.shape
        self.A, self.O0, self.owned, self.load, self.cap = A, O0, owned, load, cap
        self.lam, self.rng, self.assign = lam, rng, assign
        self.indptr, self.indices, self.wts = A.indptr, A.indices, A.data
        self.N, self.used = self._tallies()  # N[s, t] = weight from s to services in t
        self.bonus = lam * (O0 * owned[:, None])
        self.movable = ~pinned

    def _tallies(self):
        """Neighbour weights per team and team loads of the current assignment."""
        X = sp.csr_array((np.ones(self.S), (np.arange(self.S), self.assign)), shape=(self.S, self.T))
        return (np.asarray((self.A @ X).toarray()),
                np.bincount(self.assign, weights=self.load, minlength=self.T))

    def refresh(self) -> None:
        """Recompute the neighbour weights per team and the team loads in place."""
        self.N[:], self.used[:] = self._tallies()

    def nbrs(self, s):
        """The neighbours of service ``s`` and the weights of those edges."""
        lo, hi = self.indptr[s], self.indptr[s + 1]
        return self.indices[lo:hi], self.wts[lo:hi]

    def gains(self, rows):
        """Gain of moving each of ``rows`` to each team (-inf where full or already there)."""
        N, bonus, assign = self.N, self.bonus, self.assign
        cur = assign[rows]
        g = (N[rows] + bonus[rows]) - (N[rows, cur] + bonus[rows, cur])[:, None]
        feas = self.used[None, :] + self.load[rows, None] <= self.cap[None, :] + 1e-9
        g = np.where(feas, g, -np.inf)
        g[np.arange(len(rows)), cur] = -np.inf
        return g

    def apply(self, s, t) -> None:
        """Move service ``s`` to team ``t``, updating neighbour weights and loads."""
        old = self.assign[s]
        nb, w = self.nbrs(s)
        self.N[nb, old] -= w
        self.N[nb, t] += w
        self.used[old] -= self.load[s]
        self.used[t] += self.load[s]
        self.assign[s] = t

    def descend(self) -> None:
        """Make the best single move until no move gains."""
        rows = np.nonzero(self.movable)[0]
        if not len(rows):
            return
        G = self.gains(rows)
        best_t = G.argmax(axis=1)
        best_g = G[np.arange(len(rows)), best_t]
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

    def _update_best(self, rows, where, best_t, best_g, i, s, old, new) -> None:
        """Refresh the best moves after moving row ``i`` (service ``s``) from ``old`` to ``new``."""
        N, bonus, assign, load, cap, used = (self.N, self.bonus, self.assign, self.load,
                                             self.cap, self.used)
        # full refresh: s, its neighbours (N changed) and rows aiming at the
        # now fuller team; every other row may only gain the freed-up team
        nb = where[self.nbrs(s)[0]]
        upd = np.unique(np.concatenate([nb[nb >= 0], [i], np.nonzero(best_t == new)[0]]))
        Gu = self.gains(rows[upd])
        best_t[upd] = Gu.argmax(axis=1)
        best_g[upd] = Gu[np.arange(len(upd)), best_t[upd]]
        cur = assign[rows]
        g_old = (N[rows, old] + bonus[rows, old]) - (N[rows, cur] + bonus[rows, cur])
        ok = (used[old] + load[rows] <= cap[old] + 1e-9) & (cur != old)
        better = ok & (g_old > best_g)
        best_t[better] = old
        best_g[better] = g_old[better]

    def swaps(self) -> bool:
        """Swap pairs of services between two full teams where that gains; True if any did."""
        improved = False
        for s in self.rng.permutation(np.nonzero(self.movable)[0]):
            improved = self._swap(s) or improved
        return improved

    def _swap(self, s) -> bool:
        """Swap ``s`` with the best service of the full team it would rather be in."""
        N, bonus, assign, load, cap, used = (self.N, self.bonus, self.assign, self.load,
                                             self.cap, self.used)
        a = assign[s]
        g_s = N[s] + bonus[s] - (N[s, a] + bonus[s, a])
        g_s[a] = -np.inf
        t = int(np.argmax(g_s))
        if g_s[t] <= 1e-9 or used[t] + load[s] <= cap[t] + 1e-9:
            return False
        cand = np.nonzero((assign == t) & self.movable)[0]
        if not len(cand):
            return False
        g_c = N[cand, a] + bonus[cand, a] - (N[cand, t] + bonus[cand, t])
        w_sc = self.A[[s]].toarray().ravel()[cand]
        total = g_s[t] + g_c - 2 * w_sc
        feas = ((used[t] - load[cand] + load[s] <= cap[t] + 1e-9)
                & (used[a] - load[s] + load[cand] <= cap[a] + 1e-9))
        total = np.where(feas, total, -np.inf)
        k = int(np.argmax(total))
        if total[k] > 1e-9:
            c2 = cand[k]
            self.apply(s, t)
            self.apply(c2, a)
            return True
        return False

    def settle(self) -> None:
        """Alternate single moves and swaps until neither gains."""
        self.descend()
        while self.swaps():
            self.descend()

    def value(self) -> float:
        """The objective of the current assignment."""
        return _objective(self.assign, self.A, self.O0, self.owned, self.lam)[0]

    def kick_random(self, mov) -> None:
        """Random single moves of about 5 % of the movable services ``mov``."""
        rng = self.rng
        k = max(1, len(mov) // 20)
        for s in rng.choice(mov, size=min(k, len(mov)), replace=False):
            free = self.cap - self.used
            ok = np.nonzero(free >= self.load[s] - 1e-9)[0]
            ok = ok[ok != self.assign[s]]
            if len(ok):
                self.apply(s, int(rng.choice(ok)))

    def kick_cluster(self, mov) -> None:
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


def _local_search(A, O0, owned, load, cap, pinned, assign, lam, rng, rounds, deadline=None):
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
