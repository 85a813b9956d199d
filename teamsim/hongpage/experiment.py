"""The experiment: the best-N team against a random team, on one landscape and over many."""

# ruff: noqa: E741  (l is the paper's name for the largest step size)
from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from teamsim.budget import whole
from teamsim.hongpage._common import (
    SearchMode,
    _auto_processes,
    _fit_workers,
    _memory,
    _row_means,
    _search_kernels,
    _validate,
    _work,
    _workers,
)
from teamsim.hongpage.diversity import coverage_diversity, pairwise_diversity
from teamsim.hongpage.model import all_agents, make_landscape
from teamsim.hongpage.results import GroupSummary, HongPageResult, LandscapeOutcome
from teamsim.hongpage.search import _state_stops, team_stopping_points
from teamsim.seeds import DEFAULT_SEED, Seed, spawn
from teamsim.sweep import run_tasks

__all__ = ["hong_page", "hong_page_landscape"]


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


_Batch = tuple[list[int], list[np.random.SeedSequence], int, int, int, int, SearchMode, int]


def _run_many(args: _Batch) -> list[LandscapeOutcome]:
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
    teamsim.hongpage.hong_page_sweep : The experiment over a grid of settings.
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
