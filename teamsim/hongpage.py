"""The Hong-Page simulation: diverse problem solvers against the best problem solvers.

After Lu Hong and Scott E. Page, "Groups of diverse problem solvers can outperform
groups of high-ability problem solvers", PNAS 101(46): 16385-16389 (2004).

The model
---------
* **Landscape**: a ring of ``n`` points; point ``x`` has a value ``V(x)`` drawn
  independently and uniformly from [0, 100] (optionally smoothed, see below).
* **Agent** (problem solver): an ordered k-tuple ``phi = (phi_1, ..., phi_k)`` of
  distinct step sizes from ``1..l``; there are ``l! / (l - k)!`` agents
  (1,320 for k = 3, l = 12; 6,840 for l = 20).
* **Search**: an agent at ``x`` tries ``x + phi_1`` (mod n); if its value is
  strictly higher it moves there; then it tries its next step from where it
  stands, cycling through its steps, and stops after ``k`` failures in a row
  (a point none of its steps improves).
* **Ability** of an agent = mean stopping value over all ``n`` starting points.
* **Team search** (relay, the paper's rule): the first agent searches until it
  stops, the next agent continues from that point, and so on around the team,
  until no agent can improve (``N`` agents in a row fail). **relay-once** stops after
  one pass (each member searches once, in team order), as the replication code of
  Wallrich et al. (2022) does. In the **tournament**
  variant every agent searches from the current point and the team moves to the
  best stopping point, until no agent improves.
* **Experiment**: on each landscape, the best-N team (the N agents of highest
  ability) against a team of N agents drawn at random; team performance = mean
  stopping value over all ``n`` starts. Reported: mean performance with standard
  errors over landscapes, pairwise diversity (share of positions ``i`` where two
  agents' ``phi_i`` differ, averaged over pairs; Hong & Page 2004), coverage
  diversity (share of the ``l`` step sizes held by at least one member; Singer,
  "Diversity, not randomness, trumps ability", Philosophy of Science 86(1), 2019)
  and the share of landscapes on which the random team beats the best team.
* **Smoothed landscapes** (optional; the idea of Grim et al., "Diversity, ability,
  and expertise in epistemic communities", Philosophy of Science 86(1), 2019):
  ``smoothing = s`` replaces each value by the circular mean of the ``2s + 1``
  values centred on it, making neighbouring points similar. This is teamsim's
  construction, not Grim et al.'s exact one.

Speed
-----
A searching agent's state is ``(x, i)``: position and the step it tries next
(the failure counter is 0 after every move, so it is implied), and an agent about
to try step ``i`` behaves like its rotation ``(phi_i, ..., phi_{i-1})`` about to
try its first step, so states are (position, agent) pairs over the agents closed
under rotation. From a state the agent moves with its first improving step (at
most k tries) or stops. Moves go to strictly higher values, so visiting positions
in decreasing order of value, each state's stopping point is its successor's,
already known: one exact dynamic-programming pass over the n positions and all
agents, compiled (:mod:`teamsim._hongpage_kernels`, numba), with each state
solved once instead of one search per agent and start. Team searches then compose
the agents' stopping maps ``F_a: x -> stop``, vectorised over all ``n`` starts.

Sums are taken left to right (``numpy.cumsum``), as a plain Python loop would,
so ``benchmarks/bench_hongpage.py`` checks that the pure-Python reference gives
bit-identical numbers on the same seeds.

Examples
--------
>>> r = hong_page(n=200, k=2, l=6, N=5, landscapes=4, seed=1)
>>> r.agents, len(r.landscapes)
(30, 4)
>>> 0 < r.best.performance <= 100 and 0 <= r.random_wins <= 1
True
"""

# ruff: noqa: E741  (l is the paper's name for the largest step size)
from __future__ import annotations

import functools
import itertools
import math
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from typing import Literal

import numpy as np

from teamsim import defaults as _defaults
from teamsim._results import Result
from teamsim.budget import check_memory, check_work, whole
from teamsim.errors import InputError
from teamsim.limits import limit
from teamsim.seeds import DEFAULT_SEED, Seed, spawn
from teamsim.sweep import grid_points, run_tasks, sweep

__all__ = [
    "DEFAULTS",
    "GroupSummary",
    "HongPageResult",
    "LandscapeOutcome",
    "PAPER_SETTINGS",
    "SearchMode",
    "agent_abilities",
    "all_agents",
    "coverage_diversity",
    "hong_page",
    "hong_page_grid",
    "hong_page_landscape",
    "hong_page_row",
    "hong_page_sweep",
    "make_landscape",
    "pairwise_diversity",
    "stopping_points",
    "team_stopping_points",
]

SearchMode = Literal["relay", "relay-once", "tournament"]
SEARCH_MODES: tuple[SearchMode, ...] = ("relay", "relay-once", "tournament")

#: The paper's main setting and teamsim's defaults (:data:`teamsim.defaults.HONG_PAGE`).
DEFAULTS = _defaults.HONG_PAGE

#: The three settings of Hong & Page's Table 1.
PAPER_SETTINGS = _defaults.HONG_PAGE_PAPER

#: Refuse pools with more agents than this (time and memory grow with it).
MAX_AGENTS = 200_000
#: Largest search state space (agents closed under rotation x n points).
MAX_STATES = 50_000_000
#: Memory of one worker process before it simulates anything (Python, numpy, teamsim).
WORKER_BYTES = 150 * 2**20


# --------------------------------------------------------------------------- validation
def _validate(n: int, k: int, l: int, N: int, landscapes: int, mode: str, smoothing: int) -> int:
    """Check the parameters; return the number of agents l!/(l-k)!."""
    l = whole("l", l, 1)
    k = whole("k", k, 1)
    if k > l:   # name both: either may be the one the user set
        raise InputError(f"k={k} is larger than l={l}: an agent needs k distinct step sizes from 1..l",
                         entity="parameters k, l", hint=f"give l = {k} or more, or k = {l} or less "
                         "(the paper uses k=3, l=12)")
    n = whole("n", n, l + 1, None, " (the ring needs more points than the largest step l)")
    agents = math.perm(l, k)
    if agents > MAX_AGENTS:
        raise InputError(f"k={k}, l={l} give {agents:,} agents, more than teamsim simulates "
                         f"({MAX_AGENTS:,})", entity="parameters k, l",
                         hint="use a smaller k or l (the paper uses k=3, l=12 or 20)")
    whole("N", N, 1, agents, f" (there are only {agents} agents for k={k}, l={l})")
    whole("landscapes", landscapes, 1)
    whole("smoothing", smoothing, 0, (n - 1) // 2, " (a window of 2*smoothing+1 points on a ring "
               "of n)")
    if mode not in SEARCH_MODES:
        raise InputError(f"unknown team search mode {mode!r}", entity="parameter mode",
                         hint=f"choose one of: {', '.join(SEARCH_MODES)}")
    _check_states(agents, n)   # the agent set is closed under rotation: A' = A
    peak, kept = _memory(n, k, l, N, landscapes)
    entity = f"Hong-Page simulation n={n}, k={k}, l={l}, N={N}, {landscapes} landscapes"
    check_memory(peak + kept, params="n, k, l, N, landscapes", entity=entity)
    check_work(_work(n, k, l, N, landscapes), params="n, k, l, N, landscapes", entity=entity)
    return agents


def _check_states(m: int, n: int) -> None:
    """Refuse more than :data:`MAX_STATES` search states (m rotated agents x n points)."""
    if m * n > MAX_STATES:
        raise InputError(f"{m:,} agents x {n:,} points is more than teamsim simulates at once",
                         entity="parameters n, k, l", hint="use fewer agents (smaller k or l) or a smaller n")


def _memory(n: int, k: int, l: int, N: int, landscapes: int) -> tuple[int, int]:
    """Estimated bytes of one landscape at its peak, and of the results all landscapes keep.

    Per landscape: the compiled pass's int32 stopping map of all n x A states (4 n A),
    the team stopping maps and their searches (24 n N), the n x l step table and 64
    bytes per point (values, orders, smoothing sums); 64 bytes per agent step for the
    agent tables. Kept: a seed and an outcome with two teams of N agents per landscape.
    Measured peak resident-memory growth of one landscape was 98-104 % of 4 n A for
    n = 2,000-20,000, A = 1,320-6,840 (estimate 102-108 %) and 64 % of the estimate
    for n = 200,000, A = 30.
    """
    agents = math.perm(l, k)
    peak = n * (4 * agents + 24 * N + 2 * l + 64) + 64 * agents * k
    return peak, landscapes * (2_000 + 200 * N * k)


#: Operations (:mod:`teamsim.budget`, 10 ns each) per comparison of the compiled search
#: pass, in tenths: 6 = 6 ns. Measured CPU time of one landscape, divided by its n A k
#: comparisons: 2.8-3.7 ns when the n x A map fits in cache (n = 2,000, A = 1,320),
#: 5.4-5.6 ns when it does not (n = 2,000, A = 6,840; n = 20,000, A = 1,320), on a
#: machine shared by other jobs. 6 ns covers both without refusing runs that finish.
SEARCH_TENTHS = 6


def _work(n: int, k: int, l: int, N: int, landscapes: int) -> int:
    """Estimated operations (:mod:`teamsim.budget`) of ``landscapes`` landscapes.

    Per point: the compiled search pass (A k comparisons at :data:`SEARCH_TENTHS` / 10
    operations each), the teams' searches (4 N k: gathers over all n starts each round;
    measured 60-120 ns per member per point for N = 1,000, relay-once to tournament) and
    the landscape itself (50: drawing, sorting, sums). Per landscape: 60,000 (0.6 ms of
    Python set-up, measured at n = 200). Against the measured CPU time per landscape
    (process time): n=2,000, k=3, l=12, N=10: estimate 52 ms, measured 22-29 ms;
    l=20: 250 ms vs 221 ms; n=20,000, l=12: 509 ms vs 441 ms; N=1,000 tournament:
    289 ms vs 261 ms; n=200,000, k=2, l=6, N=5: 253 ms vs 252 ms.
    """
    agents = math.perm(l, k)
    return landscapes * (n * (SEARCH_TENTHS * agents * k // 10 + 4 * N * k + 50) + 60_000)


def _fit_workers(workers: int, peak: int, kept: int) -> int:
    """At most ``workers`` processes, and only as many as fit in the memory limit together."""
    room = limit("max_memory_bytes") - kept
    return max(1, min(workers, room // (peak + WORKER_BYTES)))


# --------------------------------------------------------------------------- building blocks
def all_agents(k: int, l: int) -> np.ndarray:
    """All agents: ordered k-tuples of distinct step sizes from 1..l.

    Parameters
    ----------
    k : int
        Steps per agent (heuristic length), 1 <= k <= l.
    l : int
        Largest step size.

    Returns
    -------
    numpy.ndarray of int, shape (l!/(l-k)!, k)
        In ``itertools.permutations(range(1, l + 1), k)`` order (agent ids are row numbers).

    Raises
    ------
    InputError
        If k is not in 1..l.

    See Also
    --------
    agent_abilities : Each agent's expected stopping value.

    Notes
    -----
    Hong & Page (2004), p. 16386: 1,320 agents for k = 3, l = 12.

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.

    Examples
    --------
    >>> all_agents(2, 3).tolist()
    [[1, 2], [1, 3], [2, 1], [2, 3], [3, 1], [3, 2]]
    >>> len(all_agents(3, 12))
    1320
    """
    l = whole("l", l, 1)
    k = whole("k", k, 1, l, " (k distinct steps from 1..l need k <= l)")
    return np.array(list(itertools.permutations(range(1, l + 1), k)), dtype=np.int64).reshape(-1, k)


def make_landscape(n: int, rng: np.random.Generator, smoothing: int = 0) -> np.ndarray:
    """A ring of n values drawn uniformly from [0, 100], optionally smoothed.

    Parameters
    ----------
    n : int
        Number of points on the ring.
    rng : numpy.random.Generator
        Random stream the values are drawn from.
    smoothing : int, default 0
        Half-width s of a circular moving average over 2s + 1 points (0 = the
        paper's rough landscape).

    Returns
    -------
    numpy.ndarray of float, shape (n,)
        The value of each point on the ring, in [0, 100].

    See Also
    --------
    hong_page : The experiment that searches it.

    Notes
    -----
    Draws exactly ``rng.uniform(0, 100, n)``; the smoothing is deterministic,
    O(n s).

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.
    .. [2] Grim, P. et al., "Diversity, ability, and expertise in epistemic communities",
       Philosophy of Science 86(1): 98-123, 2019 (smoothed landscapes).

    Examples
    --------
    >>> v = make_landscape(10, np.random.default_rng(0), smoothing=1)
    >>> v.shape, bool(0 <= v.min() and v.max() <= 100)
    ((10,), True)
    """
    values = rng.uniform(0.0, 100.0, n)
    if smoothing:
        total = np.zeros(n)
        for d in range(-smoothing, smoothing + 1):   # summed in order, like a plain loop
            total = total + np.roll(values, -d)
        values = total / (2 * smoothing + 1)
    return values


def _rotation_closure(steps: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The agents closed under rotation, grouped by orbit: ``(agents, succ, cols)``.

    State id ``orbit * k + r`` is the orbit's canonical tuple (smallest code) rotated by
    r: ``agents`` (m, k) its steps; ``succ[a, j]`` the rotation that continues after
    ``agents[a]`` moved with its step j; ``cols[i]`` the id of the given agent ``steps[i]``.
    """
    A, k = steps.shape
    lmax = int(steps.max())
    radix = (lmax + 1) ** np.arange(k, dtype=np.int64)
    rot_codes = np.stack([np.roll(steps, -r, axis=1) @ radix for r in range(k)], axis=1)   # (A, k)
    r0 = np.argmin(rot_codes, axis=1)
    _, first, orbit_of = np.unique(rot_codes[np.arange(A), r0], return_index=True, return_inverse=True)
    canon = np.take_along_axis(steps[first], (np.arange(k)[None, :] + r0[first][:, None]) % k, axis=1)
    m = len(canon) * k
    _check_states(m, n)
    rotate = (np.arange(k)[None, :] + np.arange(k)[:, None]) % k                    # rotate[r]: by r
    orbit, r = np.divmod(np.arange(m), k)
    succ = orbit[:, None] * k + (r[:, None] + np.arange(1, k + 1)) % k
    return canon[:, rotate].reshape(m, k), succ, orbit_of.reshape(-1) * k + (k - r0) % k


def _state_stops(values: np.ndarray, steps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Stopping points of every search state, (n, m), and the state of each given agent (A,).

    ``stops[:, cols]`` is :func:`stopping_points` transposed; the pass itself is the
    compiled :func:`teamsim._hongpage_kernels.state_stops`.
    """
    values = np.asarray(values, dtype=float)
    steps = np.asarray(steps, dtype=np.int64)
    n = len(values)
    if len(steps) == 0:
        return np.empty((n, 0), dtype=np.int32), np.empty(0, dtype=np.intp)
    if steps.min() < 1 or steps.max() >= n:
        raise InputError(f"step sizes must be in 1..{n - 1} on a ring of {n} points",
                         entity="parameter steps", hint="use steps between 1 and n - 1")
    agents, succ, cols = _rotation_closure(steps, n)
    order = np.argsort(-values, kind="stable")   # highest value first
    return _search_kernels().state_stops(values, order, agents, succ), cols


def _search_kernels():
    """The compiled search kernels, imported on first use (numba's import is not free)."""
    from teamsim import _hongpage_kernels

    return _hongpage_kernels


def _stops_by_position(values: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Stopping points as an (n, A) array: ``out[x, a]`` (see :func:`stopping_points`)."""
    stops, cols = _state_stops(values, steps)
    return stops[:, cols].astype(np.intp)


def stopping_points(values: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Where each agent stops from each starting point.

    Parameters
    ----------
    values : numpy.ndarray of float, shape (n,)
        The landscape (a ring).
    steps : numpy.ndarray of int, shape (A, k)
        Agents' step sizes (distinct within a row, 1 <= step < n).

    Returns
    -------
    numpy.ndarray of intp, shape (A, n)
        ``out[a, x]`` = the point where agent a stops when it starts at x with its first step.

    Raises
    ------
    InputError
        A step outside 1..n-1, or more than 5e7 search states (agents and their
        rotations x n).

    See Also
    --------
    team_stopping_points : Where a team stops.
    agent_abilities : Expected stopping values of agents.

    Notes
    -----
    An agent about to try its step ``i`` behaves exactly like its rotation
    ``(phi_i, ..., phi_k, phi_1, ..., phi_{i-1})`` about to try its first step, so a
    search state is a pair (position, rotated agent) and the stopping point of a state
    is that of its successor (the state after its first improving step), or its own
    position if no step improves. A move always goes to a strictly higher value, so
    visiting positions in decreasing order of value finds every successor already
    solved: one exact dynamic-programming pass over all A' agents (A' = agents closed
    under rotation) at each position, compiled: O(A' n k) work.

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.

    Examples
    --------
    >>> v = np.array([0., 5., 1., 9., 2., 3.])
    >>> stopping_points(v, np.array([[1], [2]])).tolist()
    [[1, 1, 3, 3, 5, 5], [4, 3, 4, 3, 4, 3]]
    """
    return np.ascontiguousarray(_stops_by_position(values, steps).T)


def _row_means(values: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Mean of values[points] along the last axis, summed left to right (as a Python loop)."""
    v = values[points]
    return np.cumsum(v, axis=-1)[..., -1] / v.shape[-1]


def agent_abilities(values: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Ability of each agent: its mean stopping value over all n starting points.

    Parameters
    ----------
    values : numpy.ndarray of float, shape (n,)
        The landscape: the value V(x) of each of the n points on the ring.
    steps : numpy.ndarray of int, shape (A, k)
        Each of the A agents' heuristic: k step sizes tried in order.

    Returns
    -------
    numpy.ndarray of float, shape (A,)
        Each agent's expected stopping value E_a, in the landscape's units.

    Raises
    ------
    InputError
        Too many search states (see :func:`stopping_points`).

    See Also
    --------
    team_stopping_points : Where a team of agents stops.

    Notes
    -----
    ``E_a = (1/n) sum_x V(F_a(x))`` (Hong & Page 2004, p. 16386).

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.

    Examples
    --------
    >>> v = np.array([0., 5., 1., 9., 2., 3.])
    >>> agent_abilities(v, np.array([[1], [2]])).round(3).tolist()
    [5.667, 5.5]
    """
    return _row_means(np.asarray(values, dtype=float), stopping_points(values, steps))


def team_stopping_points(values: np.ndarray, stops: np.ndarray, mode: SearchMode = "relay") -> np.ndarray:
    """Where a team stops from each starting point, given its members' stopping maps.

    Parameters
    ----------
    values : numpy.ndarray of float, shape (n,)
        The landscape: the value V(x) of each of the n points on the ring.
    stops : numpy.ndarray of int, shape (N, n)
        ``stops[a, x]``: where member a stops from x (rows of :func:`stopping_points`),
        in the team's order.
    mode : {"relay", "relay-once", "tournament"}
        Relay: members search in turn, each from where the previous one stopped,
        until N in a row fail. Relay-once: one pass, each member once in team order.
        Tournament: all members search from the current
        point and the team moves to the best stopping point (ties: first member),
        until none improves.

    Returns
    -------
    numpy.ndarray of intp, shape (n,)
        The point where the team stops from each starting point.

    Raises
    ------
    InputError
        Unknown mode.

    See Also
    --------
    agent_abilities : Expected stopping values of single agents.

    Notes
    -----
    Every move strictly increases the value, so both loops end after at most
    n rounds; each round is O(n) (relay) or O(N n) (tournament).

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.

    Examples
    --------
    >>> v = np.array([0., 5., 1., 9., 2., 3.])
    >>> F = stopping_points(v, np.array([[1], [2]]))
    >>> team_stopping_points(v, F).tolist()
    [3, 3, 3, 3, 3, 3]
    """
    stops = np.asarray(stops)
    N, n = stops.shape
    values = np.asarray(values, dtype=float)
    pos = np.arange(n)
    if mode == "relay-once":
        for a in range(N):
            pos = stops[a, pos]
        return pos
    if mode == "relay":
        idle = np.zeros(n, dtype=np.int64)
        t = 0
        while idle.min() < N:
            new = stops[t % N, pos]
            idle = np.where(new != pos, 0, idle + 1)
            pos = new
            t += 1
        return pos
    if mode != "tournament":
        raise InputError(f"unknown team search mode {mode!r}",
                         hint=f"choose one of: {', '.join(SEARCH_MODES)}")
    cols = np.arange(n)
    while True:
        cand = stops[:, pos]                                  # (N, n)
        best = cand[np.argmax(values[cand], axis=0), cols]
        up = values[best] > values[pos]
        if not up.any():
            return pos
        pos = np.where(up, best, pos)


def pairwise_diversity(team_steps: np.ndarray) -> float:
    """Mean over pairs of agents of the share of positions where their steps differ.

    Parameters
    ----------
    team_steps : numpy.ndarray of int, shape (N, k)
        The N members' heuristics: k step sizes each, in order.

    Returns
    -------
    float in [0, 1]
        Mean share of differing positions over pairs of members; 0 for a team of one.

    See Also
    --------
    coverage_diversity : Share of step sizes the team holds.

    Notes
    -----
    ``D = mean_{a<b} (1/k) sum_i [phi^a_i != phi^b_i]`` (Hong & Page 2004, p. 16387).

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.

    Examples
    --------
    >>> pairwise_diversity(np.array([[1, 2, 3], [1, 3, 2], [1, 2, 3]]))
    0.4444444444444444
    """
    s = np.asarray(team_steps)
    N = len(s)
    if N < 2:
        return 0.0
    i, j = np.triu_indices(N, 1)
    return float(_row_means((s[i] != s[j]).sum(axis=-1) / s.shape[1], np.arange(len(i))))


def coverage_diversity(team_steps: np.ndarray, l: int) -> float:
    """Share of the step sizes 1..l that at least one member holds (Singer 2019).

    Parameters
    ----------
    team_steps : numpy.ndarray of int, shape (N, k)
        The N members' heuristics: k step sizes each, in 1..l.
    l : int
        Largest step size.

    Returns
    -------
    float in [0, 1]
        The share C of step sizes the team can take.

    See Also
    --------
    pairwise_diversity : Hong and Page's diversity measure.

    Notes
    -----
    ``C = |union of the members' steps| / l``, O(N k log(N k)).

    References
    ----------
    .. [1] Singer, D. J., "Diversity, not randomness, trumps ability", Philosophy of
       Science 86(1): 178-191, 2019.

    Examples
    --------
    >>> coverage_diversity(np.array([[1, 2, 3], [1, 3, 4]]), 12)
    0.3333333333333333
    """
    return len(np.unique(np.asarray(team_steps))) / l


# --------------------------------------------------------------------------- results
class LandscapeOutcome(Result):
    """One landscape of a Hong-Page experiment.

    Attributes
    ----------
    index : int
        Landscape number (its seed is the index-th child of the experiment's seed).
    best_team, random_team : list of list of int
        Members' step sizes, best team in decreasing ability.
    best_performance, random_performance : float
        Team performance: mean stopping value of the team search over all n starts (0..100).
    best_diversity, random_diversity : float
        Pairwise diversity (0..1).
    best_coverage, random_coverage : float
        Coverage diversity (0..1).
    best_mean_ability, random_mean_ability : float
        Mean ability of the members.
    best_agent_ability : float
        Ability of the single best agent.
    """

    index: int
    best_team: list[list[int]]
    random_team: list[list[int]]
    best_performance: float
    random_performance: float
    best_diversity: float
    random_diversity: float
    best_coverage: float
    random_coverage: float
    best_mean_ability: float
    random_mean_ability: float
    best_agent_ability: float


class GroupSummary(Result):
    """One group (best-N or random-N) over all landscapes: means and standard errors.

    ``performance_sd`` = sample standard deviation over landscapes (ddof 1; None with one
    landscape: undefined); ``*_se`` = that standard deviation / sqrt(landscapes) (None with one).
    """

    performance: float
    performance_sd: float | None
    performance_se: float | None
    diversity: float
    diversity_se: float | None
    coverage: float
    coverage_se: float | None
    mean_ability: float


class HongPageResult(Result):
    """A Hong-Page experiment: parameters, both groups' summaries and every landscape.

    Attributes
    ----------
    n, k, l, N, landscape_count, mode, smoothing, seed
        The parameters (``seed`` is None when the run was not seeded by an integer).
    agents : int
        Number of agents, l!/(l-k)!.
    best, random : GroupSummary
    random_wins : float
        Share of landscapes where the random team performed strictly better.
    difference, difference_sd, difference_se : float
        Mean, standard deviation and standard error of (random - best) performance,
        paired by landscape (the last two None with one landscape: undefined).
    best_agent_ability : float
        Mean over landscapes of the single best agent's ability.
    landscapes : list of LandscapeOutcome
        One entry per landscape, in order.
    """

    n: int
    k: int
    l: int
    N: int
    landscape_count: int
    mode: str
    smoothing: int
    seed: int | None
    agents: int
    best: GroupSummary
    random: GroupSummary
    random_wins: float
    difference: float
    difference_sd: float | None
    difference_se: float | None
    best_agent_ability: float
    landscapes: list[LandscapeOutcome]


def _mean_sd_se(x: Sequence[float]) -> tuple[float, float | None, float | None]:
    """Mean, sample standard deviation (ddof 1) and standard error of the mean; the last two
    are None for a single value (undefined, not 0)."""
    a = np.asarray(x, dtype=float)
    if len(a) < 2:
        return float(a.mean()), None, None
    sd = float(a.std(ddof=1))
    return float(a.mean()), sd, sd / math.sqrt(len(a))


def _landscape_from_seed(index: int, seed_seq: np.random.SeedSequence, n: int, k: int, l: int, N: int,
                         mode: SearchMode, smoothing: int) -> LandscapeOutcome:
    rng = np.random.Generator(np.random.PCG64(seed_seq))
    values = make_landscape(n, rng, smoothing)
    steps = all_agents(k, l)
    random_ids = rng.choice(len(steps), size=N, replace=False)
    stops, cols = _state_stops(values, steps)                 # (n, m) and each agent's column
    ability = _search_kernels().agent_sums(values, stops, cols) / n   # summed over x in order
    best_ids = np.argsort(-ability, kind="stable")[:N]
    out = {}
    for name, ids in (("best", best_ids), ("random", random_ids)):
        team = team_stopping_points(values, stops[:, cols[ids]].T, mode)
        out[name] = dict(team=steps[ids].tolist(), perf=float(_row_means(values, team)),
                         div=pairwise_diversity(steps[ids]), cov=coverage_diversity(steps[ids], l),
                         ab=float(_row_means(ability, ids)))
    b, r = out["best"], out["random"]
    return LandscapeOutcome(
        index=index, best_team=b["team"], random_team=r["team"],
        best_performance=b["perf"], random_performance=r["perf"],
        best_diversity=b["div"], random_diversity=r["div"],
        best_coverage=b["cov"], random_coverage=r["cov"],
        best_mean_ability=b["ab"], random_mean_ability=r["ab"],
        best_agent_ability=float(ability[best_ids[0]]))


def hong_page_landscape(
    n: int = 2000, k: int = 3, l: int = 12, N: int = 10, *, seed: Seed = DEFAULT_SEED,
    mode: SearchMode = "relay", smoothing: int = 0, index: int = 0,
) -> LandscapeOutcome:
    """Run the best-N vs random-N comparison on one landscape.

    Parameters
    ----------
    n, k, l, N : int
        Ring size, steps per agent, largest step, team size.
    seed : int, numpy Generator, SeedSequence or None, default 0
        The landscape and the random team are drawn from ``seed``'s ``index``-th
        child seed, exactly as landscape ``index`` of :func:`hong_page` with that
        int seed or SeedSequence (a Generator is consumed, so it gives new draws).
    mode : {"relay", "relay-once", "tournament"}
        How a team searches (see :func:`team_stopping_points`).
    smoothing : int, default 0
        Half-width of the landscape's circular moving average (see :func:`make_landscape`).
    index : int, default 0
        Which landscape of a :func:`hong_page` run this is (its child seed).

    Returns
    -------
    LandscapeOutcome
        The best-N and random-N teams and their performances on the landscape.

    Raises
    ------
    InputError
        For parameters out of range (k > l, n <= l, N > number of agents, ...).

    See Also
    --------
    hong_page : The experiment over many landscapes.

    Notes
    -----
    O(A n k) for the agents' searches; see :func:`hong_page`.

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.

    Examples
    --------
    >>> o = hong_page_landscape(n=100, k=2, l=5, N=3, seed=0)
    >>> len(o.best_team), o.best_performance >= o.best_agent_ability - 1e-9
    (3, True)
    """
    _validate(n, k, l, N, 1, mode, smoothing)
    whole("index", index, 0)
    child = spawn(seed, index + 1)[index]
    return _landscape_from_seed(index, child, n, k, l, N, mode, smoothing)


def _run_many(args: tuple) -> list[LandscapeOutcome]:
    indices, seqs, n, k, l, N, mode, smoothing = args
    return [_landscape_from_seed(i, s, n, k, l, N, mode, smoothing) for i, s in zip(indices, seqs)]


def _summarise(outcomes: list[LandscapeOutcome], group: str) -> GroupSummary:
    perf = _mean_sd_se([getattr(o, f"{group}_performance") for o in outcomes])
    div = _mean_sd_se([getattr(o, f"{group}_diversity") for o in outcomes])
    cov = _mean_sd_se([getattr(o, f"{group}_coverage") for o in outcomes])
    ab = float(np.mean([getattr(o, f"{group}_mean_ability") for o in outcomes]))
    return GroupSummary(performance=perf[0], performance_sd=perf[1], performance_se=perf[2],
                        diversity=div[0], diversity_se=div[2], coverage=cov[0], coverage_se=cov[2],
                        mean_ability=ab)


def hong_page(
    n: int = 2000, k: int = 3, l: int = 12, N: int = 10, landscapes: int = 50, *,
    seed: Seed = DEFAULT_SEED, mode: SearchMode = "relay", smoothing: int = 0,
    processes: int | None = 1, progress: bool | Callable[[int, int], object] = False,
) -> HongPageResult:
    """Hong & Page's experiment: the best-N team against a random team of N, over many landscapes.

    Parameters
    ----------
    n : int, default 2000
        Points on the ring (n > l).
    k : int, default 3
        Step sizes per agent (1 <= k <= l).
    l : int, default 12
        Largest step size.
    N : int, default 10
        Team size (at most l!/(l-k)!, the number of agents).
    landscapes : int, default 50
        Number of independent landscapes.
    seed : int, numpy Generator, SeedSequence or None, default 0
        Landscape i uses the i-th child of ``numpy.random.SeedSequence(seed)``, so
        results do not depend on ``processes``.
    mode : {"relay", "relay-once", "tournament"}, default "relay"
        Team search (see :func:`team_stopping_points`); "relay-once" is the single pass of
        Wallrich et al.'s (2022) replication code.
    smoothing : int, default 0
        Half-width of the landscape smoothing window (0 = rough, as in the paper).
    processes : int or None, default 1
        Worker processes, each running whole landscapes. None picks: one process when the
        run is small (estimated work under :data:`PARALLEL_WORK`, about 14 landscapes of the
        paper's default), else one per idle core (cores minus the 1-minute load average,
        rounded, at least 1); a pool's start-up and a busy machine's shared CPU otherwise
        make two processes slower than one.
    progress : bool or callable, default False
        Show a rich progress bar, or call ``progress(done, total)`` as landscapes complete.

    Returns
    -------
    HongPageResult

    Raises
    ------
    InputError
        k > l, n <= l, N larger than the number of agents, non-positive counts,
        unknown mode, bad seed.

    See Also
    --------
    hong_page_landscape : One landscape of the experiment.
    hong_page_sweep : The experiment over a grid of settings.
    make_landscape : The random landscapes it searches.

    Notes
    -----
    Per landscape: O(A n k) for all A = l!/(l-k)! agents' searches (one pass over the
    positions, see :func:`stopping_points`),
    then O(n) per relay round. Performance of a team = (1/n) sum_x V(team stop from x).

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.
    .. [2] Singer, D. J., "Diversity, not randomness, trumps ability", Philosophy of
       Science 86(1): 178-191, 2019.
    .. [3] Grim, P. et al., "Diversity, ability, and expertise in epistemic
       communities", Philosophy of Science 86(1): 98-123, 2019.

    Examples
    --------
    >>> r = hong_page(n=200, k=2, l=6, N=5, landscapes=3, seed=7)
    >>> r == hong_page(n=200, k=2, l=6, N=5, landscapes=3, seed=7)
    True
    >>> hong_page(k=13, l=12)
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: error: k=13 is larger than l=12: an agent needs k distinct step sizes from 1..l
      entity: parameters k, l
      fix: give l = 13 or more, or k = 12 or less (the paper uses k=3, l=12)
    """
    agents = _validate(n, k, l, N, landscapes, mode, smoothing)
    children = spawn(seed, landscapes)
    wanted = (_auto_processes(_work(n, k, l, N, landscapes), landscapes) if processes is None
              else _workers(processes, landscapes))
    workers = _fit_workers(wanted, *_memory(n, k, l, N, landscapes))
    if workers > 1:
        _search_kernels()   # numba imported before the fork: the workers inherit it
    jobs = [(([i], [children[i]], n, k, l, N, mode, smoothing),) for i in range(landscapes)]
    outcomes = [o for batch in run_tasks(_run_many, jobs, executor="serial" if workers == 1 else "processes",
                                         workers=workers, progress=progress,
                                         label=f"Hong-Page n={n} k={k} l={l} N={N}")
                for o in batch]
    diff = _mean_sd_se([o.random_performance - o.best_performance for o in outcomes])
    int_seed = int(seed) if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) else None
    return HongPageResult(
        n=n, k=k, l=l, N=N, landscape_count=landscapes, mode=mode, smoothing=smoothing, seed=int_seed,
        agents=agents, best=_summarise(outcomes, "best"), random=_summarise(outcomes, "random"),
        random_wins=float(np.mean([o.random_performance > o.best_performance for o in outcomes])),
        difference=diff[0], difference_sd=diff[1], difference_se=diff[2],
        best_agent_ability=float(np.mean([o.best_agent_ability for o in outcomes])),
        landscapes=outcomes)


# --------------------------------------------------------------------------- parallel sweeps
#: Below this estimated work (:func:`_work`, about 14 landscapes of the paper's default,
#: 0.4-0.7 s of one core) one process is faster than starting a pool of worker processes.
PARALLEL_WORK = 70_000_000


def _auto_processes(work: int, jobs: int) -> int:
    """``processes=None`` of :func:`hong_page`: more than one only for large runs on idle cores.

    One process when the estimated work is under :data:`PARALLEL_WORK`; otherwise one per
    idle core, ``round(cores - 1-minute load average)``, at least 1 and at most ``jobs``.
    On a machine that is already busy (load average at or above the cores), a second
    process mostly competes with the first for the same CPU time: on Linux with autogroup
    scheduling all of a session's processes share one fair share of the CPU.
    """
    if work < PARALLEL_WORK:
        return 1
    cores = os.cpu_count() or 1
    idle = round(cores - os.getloadavg()[0])
    return max(1, min(cores, idle, jobs))


def _workers(processes: int | None, jobs: int) -> int:
    if processes is None:
        processes = os.cpu_count() or 1
    processes = whole("processes", processes, 1)
    return max(1, min(processes, jobs))


def hong_page_row(
    n: int = DEFAULTS["n"], k: int = DEFAULTS["k"], l: int = DEFAULTS["l"], N: int = DEFAULTS["N"],
    landscapes: int = DEFAULTS["landscapes"], mode: SearchMode = "relay", smoothing: int = 0, *,
    seed: Seed = DEFAULT_SEED, processes: int | None = 1, progress: bool = False,
) -> dict:
    """One row of a Hong-Page sweep: :func:`hong_page`'s summary as flat numbers.

    Parameters
    ----------
    n, k, l, N, landscapes, mode, smoothing, seed, processes, progress
        As :func:`hong_page`.

    Returns
    -------
    dict
        ``agents``, best/random performance with standard deviations and standard errors,
        ``difference`` with its standard deviation and standard error, pairwise
        diversities, coverages, ``random_wins`` and ``best_agent_ability``.

    Raises
    ------
    InputError
        As :func:`hong_page`.

    See Also
    --------
    hong_page_sweep : Rows over a grid of settings.
    teamsim.sweep.sweep : The generic parameter sweep.

    Examples
    --------
    >>> r = hong_page_row(n=100, k=2, l=4, N=3, landscapes=2, seed=0)
    >>> r["agents"], 0 <= r["random_wins"] <= 1
    (12, True)
    """
    r = hong_page(n, k, l, N, landscapes, seed=seed, mode=mode, smoothing=smoothing, processes=processes,
                  progress=progress)
    return {"agents": r.agents,
            "best_performance": r.best.performance, "best_performance_sd": r.best.performance_sd,
            "best_performance_se": r.best.performance_se,
            "random_performance": r.random.performance, "random_performance_sd": r.random.performance_sd,
            "random_performance_se": r.random.performance_se,
            "difference": r.difference, "difference_sd": r.difference_sd, "difference_se": r.difference_se,
            "best_diversity": r.best.diversity, "random_diversity": r.random.diversity,
            "best_coverage": r.best.coverage, "random_coverage": r.random.coverage,
            "random_wins": r.random_wins, "best_agent_ability": r.best_agent_ability}


def hong_page_grid(
    *, n: int = DEFAULTS["n"], k: int = DEFAULTS["k"], l: Sequence[int] = (), N: Sequence[int] = (),  # noqa: E741
    landscapes: int = DEFAULTS["landscapes"], mode: SearchMode = "relay", smoothing: int = 0,
    paper: bool = False,
) -> dict[str, object] | list[dict[str, object]]:
    """The ``parameters`` of :func:`hong_page_sweep` for lists of l and N, or the paper's settings.

    Parameters
    ----------
    n, k, landscapes, mode, smoothing
        As for :func:`hong_page`, shared by every setting.
    l, N : sequence of int, optional
        Largest step sizes and team sizes to sweep (every combination runs once; a
        repeated value runs once). Empty: the default (l=12, N=10).
    paper : bool, default False
        Instead, the three settings of Hong & Page's Table 1 (:data:`PAPER_SETTINGS`).

    Returns
    -------
    dict or list of dict
        A mapping with lists for ``l`` and ``N`` (a Cartesian product), or, with
        ``paper``, one mapping per setting.

    Raises
    ------
    InputError
        ``paper`` together with ``l`` or ``N``.

    See Also
    --------
    hong_page_sweep : Runs the grid.

    Examples
    --------
    >>> hong_page_grid(n=100, l=[4, 5, 4])["l"]
    [4, 5]
    >>> [(g["N"], g["l"]) for g in hong_page_grid(paper=True)]
    [(10, 12), (20, 12), (10, 20)]
    """
    base = {"n": n, "k": k, "landscapes": landscapes, "mode": mode, "smoothing": smoothing}
    if paper:
        if l or N:
            raise InputError("--paper fixes N and l", entity="options --paper, --N, --l",
                             hint="drop --N/--l, or drop --paper")
        return [{**base, **s} for s in PAPER_SETTINGS]
    return {**base, "l": list(dict.fromkeys(l or [DEFAULTS["l"]])),
            "N": list(dict.fromkeys(N or [DEFAULTS["N"]]))}


def hong_page_sweep(
    parameters: Mapping[str, object] | Sequence[Mapping[str, object]], *, seed: int | None = DEFAULT_SEED,
    processes: int | None = None, executor: Executor | str | None = None,
    progress: bool | Callable[[int, int], object] = True,
) -> list[dict]:
    """Run :func:`hong_page` over many parameter combinations: :func:`teamsim.sweep.sweep`.

    Shaped like Mesa's ``batch_run``: a mapping sends each parameter to one value
    or a list of values and every combination of the Cartesian product runs once;
    a list of mappings gives the combinations explicitly (e.g. the paper's three
    settings). Unspecified parameters take the paper's defaults (n=2000, k=3, l=12,
    N=10, 50 landscapes). Combination ``i`` is seeded by child ``i`` of
    ``numpy.random.SeedSequence(seed)``, and its landscapes by that child's children.
    The result is a list of flat dicts (one row per combination, in order) ready
    for ``pandas.DataFrame``.

    Parameters
    ----------
    parameters : mapping of str to value or list, or list of mappings
        Keys among n, k, l, N, landscapes, mode, smoothing.
    seed : int or None, default 0
        Root of the seeds of every combination (None: fresh entropy, not reproducible).
    processes : int or None, default None
        Local worker processes; 1 runs in this process. None: all cores for several
        combinations; for one, :func:`hong_page`'s choice (one process for a small run or
        on a busy machine).
    executor : Executor or str, optional
        Where the combinations run (see :func:`teamsim.sweep.open_executor`), e.g.
        ``"tcp://HOST:PORT"`` for a Dask cluster; default: ``TEAMSIM_DASK_SCHEDULER`` or
        local Dask worker processes.
    progress : bool or callable, default True
        A rich progress bar on stderr, or ``progress(done, total)``.

    Returns
    -------
    list of dict
        ``point``, ``replicate``, ``seed``, the parameters, then the results of
        :func:`hong_page_row`.

    Raises
    ------
    InputError
        Unknown parameter names or any invalid combination (checked before running).

    See Also
    --------
    hong_page : One setting.
    hong_page_row : One row of the sweep.

    Notes
    -----
    A single combination without an ``executor`` is instead split by landscape over
    ``processes`` local processes (same numbers: each landscape has its own child seed).

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.

    Examples
    --------
    >>> rows = hong_page_sweep({"n": 100, "k": 2, "l": [4, 5], "N": 3, "landscapes": 2},
    ...                        processes=1, progress=False)
    >>> [(r["l"], r["agents"]) for r in rows]
    [(4, 12), (5, 20)]
    """
    if processes is not None:
        whole("processes", processes, 1)
    groups = [parameters] if isinstance(parameters, Mapping) else list(parameters)
    grid = [{**DEFAULTS, **g} if isinstance(g, Mapping) else g for g in groups]
    points = grid_points(grid)
    for c in points:   # before any run, and before sizing the local workers by memory
        _validate(c["n"], c["k"], c["l"], c["N"], c["landscapes"], c.get("mode", "relay"),
                  c.get("smoothing", 0))
    check_work(sum(_work(c["n"], c["k"], c["l"], c["N"], c["landscapes"]) for c in points),
               params="n, k, l, N, landscapes and the number of settings",
               entity=f"Hong-Page sweep of {len(points):,} settings")
    fn: Callable = hong_page_row
    if executor is None and len(points) == 1:   # one setting: its landscapes over the cores
        fn = functools.partial(hong_page_row, processes=processes, progress=progress)
        executor, progress = "serial", False
    workers = None
    if executor is None:   # local processes: as many as fit in memory together
        sizes = [_memory(c["n"], c["k"], c["l"], c["N"], c["landscapes"]) for c in points]
        workers = _fit_workers(_workers(processes, len(points)), max(p for p, _ in sizes),
                               sum(kept for _, kept in sizes))
    return sweep(fn, grid, seed=seed, executor=executor, workers=workers, progress=progress,
                 label="Hong-Page sweep")
