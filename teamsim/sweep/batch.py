"""The sweep itself: every point of a grid, ``replicates`` times, one seeded row per run
(Mesa's ``batch_run``), resumable from earlier rows.
"""

from __future__ import annotations

import concurrent.futures as cf
import inspect
import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from teamsim.errors import InputError
from teamsim.seeds import DEFAULT_SEED, Seed, seed_int, seed_sequence, spawn
from teamsim.sweep._common import INDEX_COLUMNS, MAX_SEED, Fn, Grid, Progress, Row, _plain
from teamsim.sweep.grid import grid_points, sweep_parameters
from teamsim.sweep.tasks import run_tasks

__all__ = ["sweep"]


def _takes_seed(fn: Fn) -> bool:
    try:
        return "seed" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def _arguments(params: dict[str, inspect.Parameter], point: Row) -> Row:
    """``point`` with ``fn``'s defaults filled in; unknown and missing names refused."""
    known = list(params)   # in the function's order, the order that numbers the points
    for name in point:
        if name not in params or name in INDEX_COLUMNS:
            raise InputError(f"unknown sweep parameter {name!r}", entity="sweep parameters",
                             hint=f"use any of: {', '.join(known)}")
    missing = [n for n, p in params.items() if n not in point and p.default is inspect.Parameter.empty]
    if missing:
        raise InputError(f"sweep parameter {missing[0]!r} has no default", entity="sweep parameters",
                         hint=f"give {missing[0]} a value in the grid")
    return {n: point.get(n, p.default) for n, p in params.items()}


def _call(fn: Fn, params: Row, seed: np.random.SeedSequence | None) -> Row:
    """One run, on a worker: ``fn(**params, seed=seed)`` as a flat dict of plain values."""
    out = fn(**params) if seed is None else fn(**params, seed=seed)
    if isinstance(out, Mapping):
        out = dict(out)
    elif hasattr(out, "model_dump"):
        out = out.model_dump()
    else:
        out = {"value": out}
    return {str(k): _plain(v) for k, v in out.items()}


def _root_seed(seed: Seed) -> tuple[int | None, np.random.SeedSequence]:
    """The int recorded in every row and the SeedSequence whose children seed the runs."""
    if isinstance(seed, numbers.Integral) and int(seed) > MAX_SEED:   # negative: seed_sequence refuses it
        raise InputError(f"seed {str(seed)[:40]} is too large", entity="sweep seed",
                         hint=f"give a whole number from 0 to {MAX_SEED} (2^63 - 1): results files record it")
    recorded = seed_int(seed)   # draws once from None or a Generator
    if isinstance(seed, np.random.SeedSequence) or recorded is None:
        return recorded, seed_sequence(seed)
    return recorded, np.random.SeedSequence(recorded)


def _resumed(done: Sequence[Mapping[str, Any]], points: list[Row], replicates: int,
             recorded: int | None, tags: Row) -> dict[tuple[int, int], Row]:
    """Rows of an earlier run of the same sweep, by (point, replicate); anything else refused."""
    file = getattr(done, "file", None)
    if done and recorded is None:
        raise InputError("resuming needs an integer seed", file=file, entity="sweep seed",
                         hint="run the sweep with seed=<int> (the CLI's --seed)")
    out: dict[tuple[int, int], Row] = {}
    for n, row in enumerate(done, start=1):
        key = _resumed_key(row, f"row {n} of the earlier results", points, replicates, recorded, tags,
                           file)
        if key in out:
            raise InputError(f"point {key[0]}, replicate {key[1]} appears twice", file=file,
                             entity=f"row {n} of the earlier results",
                             hint="remove the duplicate row, or write to a new file")
        out[key] = dict(row)
    return out


def _resumed_key(row: Mapping[str, Any], entity: str, points: list[Row], replicates: int,
                 recorded: int | None, tags: Row, file: str | None) -> tuple[int, int]:
    """(point, replicate) of an earlier row, checked against this sweep's grid and seed."""
    def refuse(message: str, hint: str = "resume with the same grid, or write to a new file") -> InputError:
        return InputError(message, file=file, entity=entity, hint=hint)

    for name, value in tags.items():   # another model or scenario first: it explains everything else
        if name in row and row[name] != value:
            raise refuse(f"it was made with {name}={row[name]!r}, this run has {name}={value!r}",
                         "resume with the same command, scenario and options, or write to a new file")
    i, r = row.get("point"), row.get("replicate")
    if type(i) is not int or type(r) is not int or not (0 <= i < len(points) and 0 <= r < replicates):
        raise refuse(f"point {i!r}, replicate {r!r} is not a run of this sweep ({len(points)} points "
                     f"x {replicates} replicates)", "resume with the same grid and --replicates, or "
                     "write to a new file")
    if row.get("seed") != recorded:
        raise refuse(f"it was computed with seed {row.get('seed')!r}, this sweep uses seed {recorded}",
                     "pass the same --seed, or write to a new file")
    for name in tags:
        if name not in row:
            raise refuse(f"it has no {name} column: another command, another program or an older "
                         "teamsim wrote it", "write to a new file (or remove the file to start again)")
    for name, value in points[i].items():
        if name not in row or row[name] != value:
            raise refuse(f"point {i} has {name}={row.get(name)!r} there but {name}={value!r} in this sweep")
    return i, r


def sweep(fn: Fn, grid: Grid, *, replicates: int = 1, seed: Seed = DEFAULT_SEED,
          executor: cf.Executor | str | None = None, progress: Progress = True, workers: int | None = None,
          check: Callable[..., object] | None = None, done: Sequence[Mapping[str, Any]] = (),
          on_row: Callable[[Row], object] | None = None, label: str = "sweep",
          tags: Mapping[str, Any] | None = None, on_start: Callable[[int, int], object] | None = None
          ) -> list[Row]:
    """Run ``fn`` at every point of a parameter grid, ``replicates`` times, on any executor.

    Parameters
    ----------
    fn : callable
        Called as ``fn(**point, seed=child)`` (``seed`` only if ``fn`` takes one); returns
        a mapping of results (a pydantic model is dumped, anything else is ``value``).
        A module-level function, or a ``functools.partial`` of one, for process and Dask
        engines.
    grid : mapping or list of mappings
        Parameter -> value or list of values (see :func:`grid_points`); names must be
        ``fn``'s positional-or-keyword parameters.
    replicates : int, default 1
        Runs per point, each with its own seed.
    seed : int >= 0, SeedSequence, Generator or None, default 0
        Run ``point * replicates + replicate`` gets child of that index of
        ``SeedSequence(seed)``. None draws a fresh seed, recorded in every row.
    executor : Executor, str or None
        Where the runs go (see :func:`open_executor`): None is ``TEAMSIM_DASK_SCHEDULER``
        or local Dask worker processes; ``"tcp://HOST:PORT"`` a running Dask cluster.
    progress : bool or callable, default True
        A rich bar on stderr, or ``progress(done, total)`` after each completed run.
    workers : int, optional
        Processes of a local engine (default: all cores).
    check : callable, optional
        Called as ``check(**arguments)`` for every point (defaults filled in) before any run
        starts; raise :class:`~teamsim.errors.InputError` to refuse a point.
    done : sequence of mappings, optional
        Rows of an earlier run of the same sweep (:func:`read_table`); they are kept and not
        run again.
    on_row : callable, optional
        ``on_row(row)`` as each run completes (to save progress).
    label : str
        The progress bar's description.
    tags : mapping, optional
        Columns that identify the run (e.g. the model and the scenario's digest), added
        to every row; every ``done`` row must carry the same values.
    on_start : callable, optional
        ``on_start(kept, total)`` once the grid and ``done`` are checked, before any run:
        ``kept`` runs come from ``done``, ``total - kept`` will run.

    Returns
    -------
    list of dict
        One row per point and replicate, in grid order: ``point``, ``replicate``,
        ``seed``, the point's parameters, ``fn``'s results, then the ``tags``.

    Raises
    ------
    InputError
        Unknown parameter names, a grid larger than ``max_sweep_points`` (points x
        replicates), a point refused by ``check``, ``done`` rows from another sweep (other
        grid, seed or tags), a bad seed.
    TeamsimError
        The Dask cluster cannot be reached or fails.

    See Also
    --------
    teamsim.sweep.sweep_to_file : The same, saved to a file as it grows.
    grid_points : The points it runs.
    teamsim.seeds.spawn : The seed of each run.

    Notes
    -----
    The numbers are identical for every executor and worker count: each run's seed
    depends only on its index, and rows are put back in grid order as they complete.
    Like Mesa's ``batch_run`` (Mesa 2, ``mesa.batchrunner``), but seeded by
    ``SeedSequence.spawn`` (NumPy's recommendation for parallel streams).

    Examples
    --------
    >>> import numpy as np
    >>> def noisy(mu, *, seed=None):
    ...     return {"x": float(np.random.default_rng(seed).normal(mu))}
    >>> a = sweep(noisy, {"mu": [0, 10]}, replicates=2, seed=1, executor="serial", progress=False)
    >>> [(r["point"], r["replicate"], r["mu"]) for r in a]
    [(0, 0, 0), (0, 1, 0), (1, 0, 10), (1, 1, 10)]
    >>> a == sweep(noisy, {"mu": [0, 10]}, replicates=2, seed=1, executor="serial", progress=False)
    True
    """
    if isinstance(replicates, bool) or not isinstance(replicates, int) or replicates < 1:
        raise InputError(f"replicates must be a whole number >= 1, got {replicates!r}",
                         entity="option replicates", hint="pass e.g. --replicates 10")
    points = grid_points(grid, replicates=replicates)
    params = sweep_parameters(fn)
    arguments = [_arguments(params, p) for p in points]
    if check is not None:
        for a in arguments:
            check(**a)
    recorded, root = _root_seed(seed)
    tags = {str(k): _plain(v) for k, v in (tags or {}).items()}
    kept = _resumed(done, points, replicates, recorded, tags)
    todo = [(i, r) for i in range(len(points)) for r in range(replicates) if (i, r) not in kept]
    if on_start is not None:
        on_start(len(kept), len(points) * replicates)
    children = spawn(root, len(points) * replicates) if _takes_seed(fn) else None
    jobs = [(fn, points[i], children[i * replicates + r] if children else None) for i, r in todo]
    rows = dict(kept)

    def finished(j: int, out: Row) -> None:
        i, r = todo[j]
        clash = sorted(set(out) & {*INDEX_COLUMNS, *points[i], *tags})
        if clash:
            raise ValueError(f"{getattr(fn, '__name__', fn)!r} returned {clash[0]!r}, "
                             "which is a parameter, tag or index column")
        rows[(i, r)] = {"point": i, "replicate": r, "seed": recorded, **points[i], **out, **tags}
        if on_row is not None:
            on_row(rows[(i, r)])

    run_tasks(_call, jobs, executor=executor, workers=workers, progress=progress, label=label,
              on_result=finished, initial=len(kept))
    return [rows[(i, r)] for i in range(len(points)) for r in range(replicates)]
