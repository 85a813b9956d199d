"""Settings, bounds and the work and memory budget shared by the Hong-Page modules."""

# ruff: noqa: E741  (l is the paper's name for the largest step size)
from __future__ import annotations

import math
import os
from types import ModuleType
from typing import Literal

import numpy as np
import numpy.typing as npt

from teamsim import defaults as _defaults
from teamsim.budget import check_memory, check_work, whole
from teamsim.errors import InputError
from teamsim.limits import limit

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


def _search_kernels() -> ModuleType:
    """The compiled search kernels, imported on first use (numba's import is not free)."""
    from teamsim import _hongpage_kernels

    return _hongpage_kernels


def _row_means(values: np.ndarray, points: np.ndarray) -> npt.NDArray[np.float64]:
    """Mean of values[points] along the last axis, summed left to right (as a Python loop)."""
    v = values[points]
    means: npt.NDArray[np.float64] = np.cumsum(v, axis=-1)[..., -1] / v.shape[-1]
    return means
