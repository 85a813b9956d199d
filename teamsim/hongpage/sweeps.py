"""Hong-Page sweeps: one row per grid point, run through :mod:`teamsim.sweep`."""

# ruff: noqa: E741  (l is the paper's name for the largest step size)
from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor

from teamsim.budget import check_work, whole
from teamsim.errors import InputError
from teamsim.hongpage._common import (
    DEFAULTS,
    PAPER_SETTINGS,
    SearchMode,
    _fit_workers,
    _memory,
    _validate,
    _work,
    _workers,
)
from teamsim.hongpage.experiment import hong_page
from teamsim.seeds import DEFAULT_SEED, Seed
from teamsim.sweep import Fn, Progress, Row, grid_points, sweep

__all__ = ["hong_page_grid", "hong_page_row", "hong_page_sweep"]


def hong_page_row(
    n: int = DEFAULTS["n"], k: int = DEFAULTS["k"], l: int = DEFAULTS["l"], N: int = DEFAULTS["N"],
    landscapes: int = DEFAULTS["landscapes"], mode: SearchMode = "relay", smoothing: int = 0, *,
    seed: Seed = DEFAULT_SEED, processes: int | None = 1, progress: Progress = False,
) -> dict[str, float | None]:
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
    progress: Progress = True,
) -> list[Row]:
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
    fn: Fn = hong_page_row
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
