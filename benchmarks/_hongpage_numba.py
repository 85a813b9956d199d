"""A straightforward single-thread compiled Hong-Page landscape: the "compiled floor" for teamsim.hongpage.

The loops of ``benchmarks/_reference.py`` (one agent, one starting point, one step at a
time, exactly as Hong & Page, PNAS 101(46), 2004 state the model) compiled with numba:
what a careful programmer gets by writing the obvious loops in a compiled language. The
random draws are the same numpy calls as :mod:`teamsim.hongpage` (landscape, then the
random team), so both see identical landscapes and teams and every result must be
bit-identical (sums run left to right in both). Not part of the library: it lives in
``benchmarks/`` on purpose.
"""

# ruff: noqa: E741  (l is the paper's name for the largest step size)
from __future__ import annotations

import itertools

import numba as nb
import numpy as np

_JIT = {"cache": True, "nogil": True, "boundscheck": False}


@nb.njit(**_JIT)
def _search(values, steps, x):
    """One agent from x: try steps in turn, move when strictly better, stop after k failures in a row."""
    n, k = values.size, steps.size
    i = fails = 0
    while fails < k:
        y = x + steps[i]
        if y >= n:   # steps are below n: one wrap around the ring at most
            y -= n
        if values[y] > values[x]:
            x = y
            fails = 0
        else:
            fails += 1
        i += 1
        if i == k:
            i = 0
    return x


@nb.njit(**_JIT)
def _team_search(values, team, x, once):
    """Relay: each member continues from where the last stopped, until N in a row fail (or one pass)."""
    N = team.shape[0]
    if once:
        for t in range(N):
            x = _search(values, team[t], x)
        return x
    idle = t = 0
    while idle < N:
        y = _search(values, team[t % N], x)
        idle = 0 if y != x else idle + 1
        x = y
        t += 1
    return x


@nb.njit(**_JIT)
def _abilities(values, agents):
    n = values.size
    ability = np.empty(agents.shape[0])
    for a in range(agents.shape[0]):
        total = 0.0
        for x in range(n):
            total += values[_search(values, agents[a], x)]
        ability[a] = total / n
    return ability


@nb.njit(**_JIT)
def _best(ability, N):
    """The N agents of highest ability, ties to the lower id (a stable sort of -ability)."""
    taken = np.zeros(ability.size, np.bool_)
    ids = np.empty(N, np.int64)
    for t in range(N):
        b = -1
        for a in range(ability.size):
            if not taken[a] and (b < 0 or ability[a] > ability[b]):
                b = a
        taken[b] = True
        ids[t] = b
    return ids


@nb.njit(**_JIT)
def _team_stats(values, agents, ability, ids, l, once):
    """Performance, pairwise diversity, coverage and mean ability of the team ``agents[ids]``."""
    n, N, k = values.size, ids.size, agents.shape[1]
    team = agents[ids]
    perf = 0.0
    for x in range(n):
        perf += values[_team_search(values, team, x, once)]
    div, pairs = 0.0, 0
    for p in range(N):
        for q in range(p + 1, N):
            d = 0
            for i in range(k):
                d += team[p, i] != team[q, i]
            div += d / k
            pairs += 1
    held = np.zeros(l + 1, np.bool_)
    for p in range(N):
        for i in range(k):
            held[team[p, i]] = True
    ab = 0.0
    for p in range(N):
        ab += ability[ids[p]]
    return perf / n, div / pairs if pairs else 0.0, held.sum() / l, ab / N


@nb.njit(**_JIT)
def landscape_kernel(values, agents, random_ids, N, l, once):
    """Everything after the random draws: abilities, the best team, both teams' numbers."""
    ability = _abilities(values, agents)
    best_ids = _best(ability, N)
    best = _team_stats(values, agents, ability, best_ids, l, once)
    rand = _team_stats(values, agents, ability, random_ids, l, once)
    return best_ids, ability[best_ids[0]], best, rand


def landscape_outcome(seed_seq, n=2000, k=3, l=12, N=10, mode="relay"):
    """The same quantities as teamsim.hongpage.LandscapeOutcome, as a dict (relay modes, rough landscape)."""
    if mode not in ("relay", "relay-once"):
        raise ValueError(f"the compiled floor runs relay and relay-once, not {mode!r}")
    rng = np.random.Generator(np.random.PCG64(seed_seq))
    values = rng.uniform(0.0, 100.0, n)
    agents = np.array(list(itertools.permutations(range(1, l + 1), k)), dtype=np.int64)
    random_ids = rng.choice(len(agents), size=N, replace=False).astype(np.int64)
    best_ids, top, best, rand = landscape_kernel(values, agents, random_ids, N, l, mode == "relay-once")
    out = {"best_agent_ability": float(top)}
    for name, ids, (perf, div, cov, ab) in (("best", best_ids, best), ("random", random_ids, rand)):
        out[f"{name}_team"] = agents[ids].tolist()
        out[f"{name}_performance"] = float(perf)
        out[f"{name}_diversity"] = float(div)
        out[f"{name}_coverage"] = float(cov)
        out[f"{name}_mean_ability"] = float(ab)
    return out
