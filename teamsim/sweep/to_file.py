"""Sweeps to a file: saved every few seconds, continued after an interruption."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from teamsim._interrupt import terminate_as_interrupt
from teamsim._text import plural
from teamsim.errors import InputError, TeamsimError
from teamsim.sweep._common import Fn, Grid, Row
from teamsim.sweep.batch import sweep
from teamsim.sweep.grid import grid_points
from teamsim.sweep.tables import _arrow, _suffix, read_table, write_table
from teamsim.sweep.tasks import SchedulerLost

__all__ = ["SweepInterrupted", "sweep_to_file"]


class SweepInterrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`sweep_to_file`: ``saved`` of ``total`` runs are in ``file``."""

    def __init__(self, file: str, saved: int, total: int):
        super().__init__(f"{saved} of {total} runs saved to {file}")
        self.file, self.saved, self.total = file, saved, total


def sweep_to_file(fn: Fn, grid: Grid, path: str | Path, *, resume: bool = False,
                  overwrite: bool = False, every: float = 5.0, tags: Mapping[str, Any] | None = None,
                  **options: Any) -> list[Row]:
    """Run :func:`sweep` and keep its table in a file, saved as it grows.

    Parameters
    ----------
    fn, grid
        As :func:`sweep`.
    path : str or Path
        ``.csv`` or ``.parquet`` output.
    resume : bool, default False
        If ``path`` exists, keep its rows (they must come from the same grid, replicates
        and seed) and run only the missing ones.
    overwrite : bool, default False
        Replace an existing ``path`` (ignored with ``resume``).
    every : float, default 5
        Seconds between saves while the sweep runs; a save also follows the last run,
        an error and Ctrl-C.
    tags : mapping, optional
        Columns that identify the run (see :func:`sweep`); ``model`` (default: ``fn``'s
        module and name) and ``replicates`` are always among them, so a file is resumed
        only by the same function with the same replicates (which fix every run's seed).
    **options
        ``replicates``, ``seed``, ``executor``, ``workers``, ``progress``, ``check``,
        ``label``, ``on_start``: see :func:`sweep`.

    Returns
    -------
    list of dict
        The whole table (earlier rows and new ones), in grid order.

    Raises
    ------
    InputError
        ``path`` exists without ``resume`` or ``overwrite``, a bad suffix, a results file
        from another sweep, or anything :func:`sweep` refuses; all before any run starts.
    SweepInterrupted
        On Ctrl-C or SIGTERM (e.g. a batch job's time limit), after saving the finished runs.

    See Also
    --------
    sweep : The sweep it runs.
    write_table : How the file is written.
    read_table : Read the file back (to resume).

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "r.csv")
    >>> def f(a):
    ...     return {"b": 2 * a}
    >>> _ = sweep_to_file(f, {"a": [1, 2]}, p, seed=0, executor="serial", progress=False)
    >>> print(open(p).read(), end="")
    "point","replicate","seed","a","b","model","replicates"
    0,0,0,1,2,"teamsim.sweep.to_file.f",1
    1,0,0,2,4,"teamsim.sweep.to_file.f",1
    """
    path = Path(path)
    suffix = _suffix(path)
    if suffix == ".parquet":
        _arrow(path)
    done: Sequence[Mapping[str, Any]] = ()
    _check_output(path)
    if os.path.lexists(path):
        if resume:
            done = read_table(path)
        elif not overwrite:
            raise InputError("file exists; teamsim will not overwrite it", file=str(path),
                             hint="pass --resume to continue it, --force to replace it, or choose "
                             "another -o path")
    if done and options.get("seed") is None:   # continue with the seed the file records
        options["seed"] = done[0].get("seed")
    tags = {"model": _name(fn), **(tags or {}), "replicates": options.get("replicates", 1)}
    new: list[Row] = []
    saved = [time.monotonic()]

    def save() -> None:
        rows = sorted([*done, *new], key=lambda r: (r["point"], r["replicate"]))
        write_table(path, rows, overwrite=True)
        saved[0] = time.monotonic()

    def on_row(row: Row) -> None:
        new.append(row)
        if time.monotonic() - saved[0] >= every:
            save()

    try:
        with terminate_as_interrupt():
            rows = sweep(fn, grid, done=done, on_row=on_row, tags=tags, **options)
    except BaseException as e:
        if new:
            with contextlib.suppress(Exception):   # the run's own error matters more
                save()
        if isinstance(e, (KeyboardInterrupt, SchedulerLost)):
            total = len(grid_points(grid)) * options.get("replicates", 1)
            kept = len(done) + len(new)
            if isinstance(e, SchedulerLost):
                runs = plural(total, "run")
                raise TeamsimError(f"lost the Dask scheduler at {e.address}: {kept:,} of {runs} saved to "
                                   f"{path}" if kept else f"lost the Dask scheduler at {e.address} before "
                                   "any run finished: nothing was saved",
                                   entity="Dask scheduler",
                                   hint="restart the scheduler and its workers (workers exit without "
                                   "their scheduler), then run the same command again"
                                   + (" with --resume" if kept else "")
                                   ) from None
            raise SweepInterrupted(str(path), kept, total) from None
        raise
    write_table(path, rows, overwrite=True)
    return rows


def _check_output(path: Path) -> None:
    """Refuse an output path that cannot be written, before any run: a folder, a missing or
    read-only folder to write into, or a parent that is not a folder."""
    import tempfile

    file, parent = str(path), path.parent
    if path.is_dir():
        raise InputError("this is a folder, not a results file", file=file,
                         hint=f"give a file name inside it, e.g. -o {path / 'results.csv'}")
    if not parent.exists():
        raise InputError("the folder to write into does not exist", file=file,
                         hint=f"create {parent} first, or choose another -o path")
    if not parent.is_dir():
        raise InputError(f"{parent} is not a folder", file=file, hint="choose another -o path")
    try:
        fd, probe = tempfile.mkstemp(dir=parent, prefix=".teamsim-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise InputError(f"cannot create a file in {parent}: {e.strerror or e}", file=file,
                         hint="choose a folder you can write to, e.g. -o ./results.csv") from None


def _name(fn: Fn) -> str:
    """``module.name`` of a function (of the function inside a ``functools.partial``)."""
    while hasattr(fn, "func"):
        fn = fn.func
    module = getattr(fn, "__module__", None)
    name = getattr(fn, "__qualname__", type(fn).__name__)
    return name if module in (None, "__main__", "builtins") else f"{module}.{name}"
