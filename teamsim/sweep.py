"""Parameter sweeps that run the same on a laptop and on a Dask cluster.

:func:`sweep` is shaped like Mesa's ``batch_run``: a grid maps each parameter of
a function to one value or a list of values; every point of the Cartesian
product runs ``replicates`` times and the result is a table, one row per point
and replicate (a list of dicts, ready for ``pandas.DataFrame``).

Seeds
-----
Run ``t = point * replicates + replicate`` gets child ``t`` of
``numpy.random.SeedSequence(seed)`` (see :func:`teamsim.seeds.spawn`), so every
number in the table depends only on the grid and the seed: not on the number of
workers, the engine or the order in which tasks finish.

Engines
-------
Tasks go to a :class:`concurrent.futures.Executor`:

* ``executor=None``: the Dask scheduler named by ``TEAMSIM_DASK_SCHEDULER`` if it
  is set, otherwise a local Dask cluster with one worker process per core
  (``workers`` processes; ``workers=1`` runs in this process);
* ``"tcp://HOST:PORT"``: a running Dask cluster (``dask scheduler``/``dask worker``);
* ``"local"`` (Dask local processes), ``"processes"`` (a plain
  ``ProcessPoolExecutor``), ``"serial"`` (this process);
* any ``Executor`` object, e.g. ``distributed.Client(...).get_executor()``.

Progress counts tasks as they complete, and :func:`sweep_to_file` saves the table
every few seconds, so an interrupted run continues where it stopped
(``teamsim sweep ... --resume``). ``docs/sweeps.md`` shows a laptop, a cluster,
Kubernetes and HPC.

Examples
--------
>>> def area(w, h, scale=1.0):
...     return {"area": w * h * scale}
>>> rows = sweep(area, {"w": [1, 2], "h": 3}, executor="serial", progress=False)
>>> [(r["point"], r["w"], r["h"], r["area"]) for r in rows]
[(0, 1, 3, 3.0), (1, 2, 3, 6.0)]

The module itself can be called, as the package's headline function:

>>> import teamsim
>>> teamsim.sweep(area, {"w": 2, "h": 5}, executor="serial", progress=False)[0]["area"]
10.0
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import contextlib
import csv
import difflib
import hashlib
import importlib
import inspect
import io
import itertools
import json
import logging
import math
import numbers
import os
import re
import sys
import time
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from teamsim._csvsafe import FORMULA_STARTS, csv_text
from teamsim._interrupt import terminate_as_interrupt
from teamsim._text import plural
from teamsim.errors import InputError, TeamsimError
from teamsim.limits import LIMITS, check_count, limit
from teamsim.seeds import DEFAULT_SEED, Seed, seed_int, seed_sequence, spawn

__all__ = ["INDEX_COLUMNS", "MAX_SEED", "SCHEDULER_ENV", "SchedulerLost", "SerialExecutor",
           "SweepInterrupted", "SweepModel", "check_workers", "grid_points", "open_executor", "parse_grid",
           "read_table", "run_tasks", "scheduler_address", "sweep", "sweep_models", "sweep_parameters",
           "sweep_to_file", "write_table"]

#: Environment variable naming a running Dask scheduler (``tcp://HOST:PORT``).
SCHEDULER_ENV = "TEAMSIM_DASK_SCHEDULER"
#: Largest seed a sweep records (and resumes): 2^63 - 1, a signed 64-bit integer in Parquet.
MAX_SEED = 2**63 - 1
#: Columns every sweep row starts with.
INDEX_COLUMNS = ("point", "replicate", "seed")
#: Seconds a Dask scheduler has to greet a new connection (it does so at once).
GREETING_SECONDS = 3
#: Output formats by file suffix.
TABLE_SUFFIXES = (".csv", ".parquet")

Grid = Mapping[str, object] | Sequence[Mapping[str, object]]
Progress = bool | Callable[[int, int], object]
Row = dict[str, Any]
Fn = Callable[..., Any]
_ADDRESS = re.compile(r"(?:(?P<scheme>tcp|tls)://)?(?P<host>\[[0-9A-Fa-f:.%]{2,60}\]|[A-Za-z0-9]"
                      r"(?:[A-Za-z0-9.\-]{0,250}[A-Za-z0-9])?):(?P<port>[0-9]{1,5})")


# --------------------------------------------------------------------------- grids
def _values(name: str, v: object) -> list[object]:
    if isinstance(v, (set, frozenset)):
        raise InputError(f"the values of sweep parameter {name!r} are a set, which has no order",
                         entity=f"sweep parameter {name}", hint="give a list")
    if isinstance(v, (str, bytes, Mapping)) or not isinstance(v, Iterable):
        return [_plain(v)]
    return [_plain(x) for x in v]


def _plain(v: object) -> object:
    """numpy scalars as Python numbers, so tables hold plain values."""
    return v.item() if isinstance(v, np.generic) else v


def grid_points(grid: Grid, *, replicates: int = 1) -> list[Row]:
    """Every point of a sweep grid, in order.

    Parameters
    ----------
    grid : mapping or list of mappings
        Each parameter maps to one value or to an iterable of values (a string is one
        value); a list of mappings concatenates their points (explicit settings).
    replicates : int, default 1
        Runs per point: points x replicates is checked against ``max_sweep_points``.

    Returns
    -------
    list of dict
        The Cartesian product, the last parameter varying fastest
        (``itertools.product`` order, as Mesa's ``batch_run``).

    Raises
    ------
    InputError
        An empty grid, a set of values, or more runs (points x replicates) than
        ``max_sweep_points`` (counted before any point is built).

    See Also
    --------
    parse_grid : A grid from NAME=V1,V2,... texts.
    sweep : Runs every point.

    Examples
    --------
    >>> [tuple(p.values()) for p in grid_points({"a": [1, 2], "b": "x", "c": range(2)})]
    [(1, 'x', 0), (1, 'x', 1), (2, 'x', 0), (2, 'x', 1)]
    >>> grid_points([{"N": 10, "l": 12}, {"N": 20, "l": 12}])
    [{'N': 10, 'l': 12}, {'N': 20, 'l': 12}]
    """
    groups = [grid] if isinstance(grid, Mapping) else list(grid)
    expanded = []
    for g in groups:
        if not isinstance(g, Mapping):
            raise InputError(f"a sweep grid is a mapping of parameters to values, got {type(g).__name__}",
                             entity="sweep grid", hint='pass e.g. {"N": [10, 20], "l": 12}')
        expanded.append((list(g), [_values(str(k), v) for k, v in g.items()]))
    total = sum(math.prod(len(v) for v in lists) for _, lists in expanded)
    check_count("max_sweep_points", total * replicates, what="sweep size",
                entity="sweep grid" + (f" x {replicates:,} replicates" if replicates > 1 else ""))
    if total == 0:
        raise InputError("the sweep grid has no points", entity="sweep grid",
                         hint="give every parameter at least one value")
    return [dict(zip(keys, combo)) for keys, lists in expanded for combo in itertools.product(*lists)]


def sweep_parameters(fn: Fn) -> dict[str, inspect.Parameter]:
    """The parameters a grid may set: ``fn``'s positional-or-keyword parameters.

    Keyword-only parameters (after ``*``), such as ``seed``, are options, not grid
    parameters.

    Parameters
    ----------
    fn : callable
        A model's row function.

    Returns
    -------
    dict of str to inspect.Parameter
        Name -> parameter (with its default), in signature order.

    See Also
    --------
    parse_grid : Checks a grid against them.

    Examples
    --------
    >>> def f(a, b=2, *, seed=None): ...
    >>> list(sweep_parameters(f))
    ['a', 'b']
    """
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return {}
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return {name: p for name, p in sig.parameters.items() if p.kind in kinds and name != "seed"}


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


# --------------------------------------------------------------------------- executors
class SerialExecutor(cf.Executor):
    """An executor that runs each task in the calling process when it is submitted.

    Examples
    --------
    >>> SerialExecutor().submit(pow, 2, 5).result()
    32
    """

    def submit(self, fn: Fn, /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        f: cf.Future[Any] = cf.Future()
        try:
            f.set_result(fn(*args, **kwargs))
        except Exception as e:  # a task's error belongs to its future, as in other executors
            f.set_exception(e)
        return f


def _cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def check_workers(workers: int | None, *, entity: str = "option --workers") -> None:
    """Refuse a number of local worker processes below 1 or over ``max_workers_per_core`` x cores.

    Parameters
    ----------
    workers : int or None
        None: the default (one per core).
    entity : str
        Where it came from, for the message.

    Raises
    ------
    InputError
        Not a whole number >= 1, or more processes than the limit allows: hundreds of
        processes on a few cores start slowly and exhaust memory.

    See Also
    --------
    open_executor : Starts that many workers.

    Examples
    --------
    >>> check_workers(2)
    >>> try:
    ...     check_workers(10**6)
    ... except InputError as e:
    ...     print(e.message.split(" is ")[0])
    --workers 1000000
    """
    if workers is None:
        return
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError(f"workers must be a whole number >= 1, got {workers!r}", entity=entity,
                         hint="pass e.g. --workers 2")
    cores, per_core = _cpu_count(), limit("max_workers_per_core")
    cap = per_core * cores
    if workers > cap:
        lim = LIMITS["max_workers_per_core"]
        raise InputError(f"--workers {workers} is over the limit of {cap} local worker processes "
                         f"({per_core} per core, {cores} core{'s' if cores > 1 else ''})", entity=entity,
                         hint=f"give --workers {cores} (one per core, the default) or at most {cap}; "
                         "for more, run on a Dask cluster (--scheduler), or raise the limit: "
                         f"{lim.env}={-(-workers // cores)}")


def scheduler_address(address: str, *, entity: str = "option --scheduler") -> str:
    """A Dask scheduler address, checked: ``tcp://HOST:PORT``, ``tls://HOST:PORT`` or ``HOST:PORT``.

    Parameters
    ----------
    address : str
        As given by the user (``--scheduler`` or ``TEAMSIM_DASK_SCHEDULER``).
    entity : str
        Where it came from, for the message.

    Returns
    -------
    str
        The address with its scheme (``tcp://`` when none is given).

    Raises
    ------
    InputError
        Anything else (no port, a port over 65535, another scheme, odd characters).

    See Also
    --------
    open_executor : Connects to the scheduler.

    Examples
    --------
    >>> scheduler_address("10.0.0.5:8786"), scheduler_address(" tls://[::1]:8786 ")
    ('tcp://10.0.0.5:8786', 'tls://[::1]:8786')
    >>> try:
    ...     scheduler_address("http://x")
    ... except InputError as e:
    ...     print(e.message)
    'http://x' is not a Dask scheduler address
    """
    text = address.strip()
    m = _ADDRESS.fullmatch(text)
    if m is None or not 0 < int(m["port"]) < 65536:
        raise InputError(f"{text[:80]!r} is not a Dask scheduler address", entity=entity,
                         hint="give tcp://HOST:PORT (or tls://HOST:PORT, or HOST:PORT), e.g. "
                         "tcp://127.0.0.1:8786 as `dask scheduler` prints it; or "
                         f"{_without(entity)} to run on local worker processes")
    return f"{m['scheme'] or 'tcp'}://{m['host']}:{m['port']}"


def _without(entity: str) -> str:
    return f"unset {SCHEDULER_ENV}" if SCHEDULER_ENV in entity else "drop --scheduler"


def _probe(address: str, entity: str) -> None:
    """Refuse quickly an address where nothing listens or where the server is not a Dask scheduler.

    A Dask scheduler greets every new TCP connection at once with a small handshake frame
    (an 8-byte little-endian length, then that many bytes); a web server, an SSH server or
    anything else either says nothing first or sends something that is not such a frame.
    TLS addresses are only checked for a listening port.
    """
    import socket
    import struct

    m = _ADDRESS.fullmatch(address)
    assert m is not None   # scheduler_address() came first
    host, port, seconds = m["host"].strip("[]"), int(m["port"]), limit("max_connect_seconds")
    fix = (f"start it with `dask scheduler` (and `dask worker {address}` on each worker machine) and "
           f"check the address and the firewall, or {_without(entity)} to run on local worker processes;"
           f" wait longer with {LIMITS['max_connect_seconds'].env}=N (seconds; see docs/sweeps.md)")

    def refuse(why: str, hint: str = fix) -> TeamsimError:
        return TeamsimError(f"cannot use the Dask scheduler at {address}: {why}", entity=entity, hint=hint)

    try:
        with socket.create_connection((host, port), timeout=seconds) as sock:
            if m["scheme"] == "tls":
                return
            sock.settimeout(min(seconds, GREETING_SECONDS))
            head = _recv(sock, 8)
            size = struct.unpack("<Q", head)[0] if len(head) == 8 else 0
            if not 0 < size <= 2**20 or len(_recv(sock, size)) != size:
                raise refuse("the server there is not a Dask scheduler (it did not greet like one "
                             f"within {min(seconds, GREETING_SECONDS)} s)",
                             "check the port: `dask scheduler` prints its address as "
                             f"'Scheduler at: tcp://HOST:PORT'; or {_without(entity)} to run on local "
                             "worker processes")
    except socket.gaierror:
        raise refuse(f"the host name {host[:80]!r} is unknown") from None
    except TimeoutError:
        raise refuse(f"no answer within {seconds} s") from None
    except ConnectionRefusedError:
        raise refuse("nothing listens there (connection refused)") from None
    except OSError as e:
        raise refuse(f"{e.strerror or e}") from None


def _check_tls(distributed: Any, address: str, entity: str) -> None:
    """Refuse a ``tls://`` address when dask has no TLS configuration (no client certificate)."""
    if distributed.Security().get_connection_args("client").get("ssl_context") is None:
        raise TeamsimError(f"cannot use the Dask scheduler at {address}: TLS needs a security "
                           "configuration, and dask has none", entity=entity,
                           hint="set dask's distributed.comm.tls.ca-file and distributed.comm.tls.client.cert"
                           " (and .key) in ~/.config/dask/*.yaml or as DASK_DISTRIBUTED__COMM__TLS__CA_FILE"
                           "=... environment variables (a distributed.Security object in Python); or use "
                           "tcp:// if the scheduler does not use TLS; see docs/sweeps.md")


def _recv(sock: Any, n: int) -> bytes:
    """Up to ``n`` bytes; fewer if the peer closes the connection or says nothing in time."""
    data = b""
    try:
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                break
            data += chunk
    except TimeoutError:
        pass
    return data


@contextmanager
def _dask_client(address: str | None, workers: int, entity: str) -> Iterator[cf.Executor]:
    distributed: Any = importlib.import_module("distributed")   # untyped: used through Any
    Client, LocalCluster = distributed.Client, distributed.LocalCluster
    cluster = None
    try:
        if address is None:
            try:
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR,
                                       # no dashboard; its health endpoint on a free local port, not on
                                       # 8787 (in use by any `dask scheduler` on the machine: a warning)
                                       scheduler_kwargs={"dashboard": False,
                                                         "dashboard_address": "127.0.0.1:0"})
            except RuntimeError as e:   # typically a script without a main guard, re-run by each worker
                raise TeamsimError(f"cannot start {workers} local Dask worker processes: {e}",
                                   entity="local Dask cluster",
                                   hint='worker processes re-import your script: put the sweep under '
                                   'if __name__ == "__main__":, or run it with workers=1 / executor="serial"'
                                   ) from None
            client = Client(cluster, set_as_default=False)
        else:
            if address.startswith("tls://"):
                _check_tls(distributed, address, entity)
            _probe(address, entity)
            client = Client(address, timeout=limit("max_connect_seconds"), set_as_default=False)
    except TeamsimError:
        raise
    except Exception as e:   # noqa: BLE001 - whatever the connection raised, the user gets one message
        if cluster is not None:
            cluster.close()
        raise TeamsimError(f"cannot use the Dask scheduler at {address}: {type(e).__name__}: "
                           f"{str(e)[:200]}", entity=entity, hint="check that `dask scheduler` runs "
                           "there and that this machine has the same dask/distributed version as the "
                           "cluster; see docs/sweeps.md") from None
    with _quiet_distributed():   # a lost scheduler is reported once, by teamsim, not by dask's logs
        try:
            yield client.get_executor(pure=False)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


@contextmanager
def _quiet_distributed() -> Iterator[None]:
    """Silence the ``distributed`` loggers, and tornado's, which logs the traceback of a gather
    cut off by a lost scheduler as "Exception in callback", for a while."""
    names = ["distributed", "tornado",
             *(n for n in logging.root.manager.loggerDict if n.startswith(("distributed.", "tornado.")))]
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


@contextmanager
def open_executor(executor: cf.Executor | str | None = None, *,
                  workers: int | None = None) -> Iterator[cf.Executor]:
    """The executor a sweep runs on, set up and torn down around its use.

    Parameters
    ----------
    executor : Executor, str or None
        An ``Executor`` object is used as given (and not shut down). ``"serial"``:
        this process. ``"processes"``: a ``ProcessPoolExecutor``. ``"local"``: a local
        Dask cluster. Any other string: the address of a running Dask scheduler.
        None: ``TEAMSIM_DASK_SCHEDULER`` if set, else ``"serial"`` for ``workers=1``
        and ``"local"`` otherwise.
    workers : int, optional
        Worker processes of a local engine (default: the cores this process may use).

    Yields
    ------
    concurrent.futures.Executor

    Raises
    ------
    InputError
        ``workers`` < 1, or a malformed scheduler address (:func:`scheduler_address`).
    TeamsimError
        Nothing answers at the scheduler address within ``max_connect_seconds``
        (:mod:`teamsim.limits`), or the server there is not a Dask scheduler.

    See Also
    --------
    run_tasks : Runs jobs on it.
    scheduler_address : A Dask scheduler to connect to.

    Examples
    --------
    >>> with open_executor("serial") as ex:
    ...     ex.submit(sum, [1, 2]).result()
    3
    """
    if isinstance(executor, cf.Executor):
        yield executor
        return
    check_workers(workers, entity="option workers")
    entity = "Dask scheduler"
    if executor is None:
        entity = f"Dask scheduler from {SCHEDULER_ENV}"
        executor = os.environ.get(SCHEDULER_ENV, "").strip() or ("serial" if workers == 1 else "local")
    n = workers or _cpu_count()
    if executor == "serial":
        yield SerialExecutor()
    elif executor == "processes":
        with cf.ProcessPoolExecutor(max_workers=n) as pool:
            yield pool
    elif executor == "local":
        with _dask_client(None, n, "local Dask cluster") as ex:
            yield ex
    else:
        with _dask_client(scheduler_address(executor, entity=entity), n, entity) as ex:
            yield ex


# --------------------------------------------------------------------------- running tasks
@contextmanager
def _progress(progress: Progress, total: int, label: str, initial: int = 0) -> Iterator[Callable[[], None]]:
    """A function to call after each completed task: a rich bar on stderr, a callback or nothing."""
    done = initial
    if callable(progress):
        def advance() -> None:
            nonlocal done
            done += 1
            progress(done, total)
        progress(done, total)
        yield advance
        return
    if not progress:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=Console(stderr=True), transient=True)
    task = bar.add_task(label, total=total, completed=initial)
    with bar:
        yield lambda: bar.advance(task)


def _cluster_error(e: BaseException) -> TeamsimError | None:
    """A readable error for a failure of the cluster itself (not of the task's code)."""
    if isinstance(e, ImportError) and "teamsim" in str(e):
        return TeamsimError(f"a worker cannot import teamsim: {e}", entity="Dask workers",
                            hint="install the same teamsim version on every worker (pip install teamsim)")
    if type(e).__module__.split(".")[0] == "distributed" or type(e).__name__ == "CommClosedError":
        return TeamsimError(f"the Dask cluster failed: {type(e).__name__}: {str(e)[:300]}",
                            entity="Dask cluster", hint="check the workers' logs (a worker may have run "
                            "out of memory); the runs finished so far are kept with -o ... --resume")
    return None


class SchedulerLost(TeamsimError):
    """The Dask scheduler went away while a sweep collected its results; ``address`` names it."""

    def __init__(self, address: str):
        super().__init__(f"lost the Dask scheduler at {address}", entity="Dask scheduler",
                         hint="check that it still runs (restart it), then run again; with -o FILE the "
                         "finished runs are saved and --resume runs only the rest")
        self.address = address


def _scheduler_lost(ex: cf.Executor, e: BaseException) -> SchedulerLost | None:
    """A :class:`SchedulerLost` if ``e`` means that the Dask client lost its scheduler, else None.

    A task that we did not cancel comes back cancelled, or the connection closes, when the
    scheduler dies; an OSError or a timeout counts only if the client is no longer running
    (otherwise it is the task's own error).
    """
    client = getattr(ex, "_client", None)
    if client is None:
        return None
    lost = isinstance(e, (cf.CancelledError, asyncio.CancelledError)) or type(e).__name__ == "CommClosedError"
    if not lost and isinstance(e, (OSError, TimeoutError)):
        lost = getattr(client, "status", "running") != "running"
    if not lost:
        return None
    try:
        address = str(client.scheduler.address)
    except Exception:   # noqa: BLE001 - the client is broken: name what we can
        address = "its address"
    return SchedulerLost(address)


def run_tasks(fn: Fn, jobs: Sequence[tuple[Any, ...]], *, executor: cf.Executor | str | None = None,
              workers: int | None = None, progress: Progress = False, label: str = "tasks",
              on_result: Callable[[int, Any], object] | None = None, initial: int = 0) -> list[Any]:
    """Run ``fn(*job)`` for every job on an executor; results in job order.

    Parameters
    ----------
    fn : callable
        Must be picklable (a module-level function) for process and Dask engines.
    jobs : sequence of tuple
        Positional arguments of each call.
    executor, workers
        See :func:`open_executor`.
    progress : bool or callable, default False
        True: a rich progress bar on stderr; a callable is called as
        ``progress(done, total)`` after each completed task (and once at the start).
    label : str
        The progress bar's description.
    on_result : callable, optional
        ``on_result(index, result)`` as each task completes (in completion order).
    initial : int, default 0
        Tasks done before (a resumed run): the progress starts there.

    Returns
    -------
    list
        ``[fn(*job) for job in jobs]``, whatever order the tasks finished in. With
        ``executor=None`` and at most one job, the job runs in this process (unless
        ``TEAMSIM_DASK_SCHEDULER`` names a cluster).

    Raises
    ------
    Exception
        The first task error; the tasks not yet started are cancelled.
    TeamsimError
        The cluster failed (a worker died, lost connection, cannot import teamsim).

    See Also
    --------
    open_executor : The executor it runs on.
    sweep : A whole sweep.

    Examples
    --------
    >>> run_tasks(pow, [(2, 3), (3, 2)], executor="serial")
    [8, 9]
    """
    results: list[Any] = [None] * len(jobs)
    if executor is None and len(jobs) <= 1 and not os.environ.get(SCHEDULER_ENV, "").strip():
        executor = "serial"   # no local cluster to start for one task (or none left to run)
    with open_executor(executor, workers=workers) as ex, \
            _progress(progress, initial + len(jobs), label, initial) as advance:
        if isinstance(ex, SerialExecutor):   # in order, with progress between tasks
            for i, job in enumerate(jobs):
                results[i] = fn(*job)
                if on_result:
                    on_result(i, results[i])
                advance()
            return results
        futures = {ex.submit(fn, *job): i for i, job in enumerate(jobs)}
        try:
            for f in cf.as_completed(futures):
                i = futures[f]
                try:
                    results[i] = f.result()
                except TeamsimError:
                    raise
                except (Exception, asyncio.CancelledError) as e:
                    err = _scheduler_lost(ex, e) or _cluster_error(e)
                    if err is None:
                        raise
                    raise err from None
                if on_result:
                    on_result(i, results[i])
                advance()
        finally:
            for f in futures:
                f.cancel()
    return results


# --------------------------------------------------------------------------- sweeps
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
    sweep_to_file : The same, saved to a file as it grows.
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


# --------------------------------------------------------------------------- tables
class TableRows(list[Row]):
    """Rows read from a results file; ``file`` names it in error messages."""

    file: str | None = None


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InputError("the results file must end in .csv or .parquet", file=str(path),
                         hint="choose e.g. -o results.csv")
    return suffix


def _arrow(path: Path) -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise InputError("Parquet files need the pyarrow package", file=str(path),
                         hint="pip install 'teamsim[parquet]', or choose -o results.csv") from None
    return pyarrow, pyarrow.parquet


def _cell(v: object) -> object:
    """A value ready for :func:`~teamsim._csvsafe.csv_cell`, so that :func:`_parse_cell` gets it back.

    Numbers, booleans and None pass; other non-text values become JSON; a text that
    starts with ``'`` gets one more, so the quote that ``csv_cell`` puts before a
    formula-like text is the only one :func:`_parse_cell` removes.
    """
    if v is None or isinstance(v, numbers.Number):
        return v
    text = v if isinstance(v, str) else json.dumps(v, default=str)
    return "'" + text if text.startswith("'") else text


_INT = re.compile(r"[+-]?\d{1,30}")


def _parse_cell(s: str) -> object:
    """A CSV cell written by :func:`write_table` back as int, float, bool, None or str."""
    if s[:1] == "'" and s[1:2] and s[1] in ("'", *FORMULA_STARTS):   # escaped text: text, as it was
        return s[1:]
    if s == "":
        return None
    if s in ("True", "False"):
        return s == "True"
    if _INT.fullmatch(s):
        return int(s)
    try:
        return float(s) if len(s) < 40 else s
    except ValueError:
        return s


def _columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    return list(dict.fromkeys(k for row in rows for k in row))


def write_table(path: str | Path, rows: Sequence[Mapping[str, Any]], *, overwrite: bool = False) -> None:
    """Write sweep rows to a ``.csv`` or ``.parquet`` file, atomically.

    Parameters
    ----------
    path : str or Path
        The file; its suffix chooses the format.
    rows : sequence of mappings
        Rows as :func:`sweep` returns them.
    overwrite : bool, default False
        Replace an existing file.

    Raises
    ------
    InputError
        Another suffix, an existing file without ``overwrite``, a missing folder,
        pyarrow missing for Parquet.

    See Also
    --------
    read_table : The inverse.
    sweep_to_file : Writes its table with it.

    Notes
    -----
    CSV is written by :func:`teamsim._csvsafe.csv_text`: numbers (negative ones too) stay
    unquoted numbers (floats round-trip exactly), text is quoted, and a text that a
    spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR, LF first)
    gets a leading ``'``, which :func:`read_table` removes again. None and NaN are
    empty cells. A temporary file is renamed over ``path``
    (:func:`~teamsim.importers.write_text_new`).

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "r.csv")
    >>> write_table(p, [{"point": 0, "replicate": 0, "seed": 1, "x": 0.1}])
    >>> read_table(p) == [{"point": 0, "replicate": 0, "seed": 1, "x": 0.1}]
    True
    >>> write_table(p, [{"point": 0, "replicate": 0, "seed": 1, "x": -2.5, "who": "=1+2"}], overwrite=True)
    >>> print(open(p).read(), end="")
    "point","replicate","seed","x","who"
    0,0,1,-2.5,"'=1+2"
    >>> read_table(p)[0]["x"], read_table(p)[0]["who"]
    (-2.5, '=1+2')
    """
    from teamsim.importers import write_text_new

    path = Path(path)
    if _suffix(path) == ".parquet":
        pa, pq = _arrow(path)
        buf = io.BytesIO()
        pq.write_table(pa.Table.from_pylist([dict(r) for r in rows]), buf)
        write_text_new(path, buf.getvalue(), overwrite=overwrite)
        return
    columns = _columns(rows)
    write_text_new(path, csv_text(({c: _cell(row.get(c)) for c in columns} for row in rows), columns),
                   overwrite=overwrite)


def read_table(path: str | Path) -> TableRows:
    """Read the rows of a results file written by :func:`write_table` (to resume a sweep).

    Parameters
    ----------
    path : str or Path
        A ``.csv`` or ``.parquet`` file.

    Returns
    -------
    TableRows
        A list of dicts; CSV cells become int, float, bool, None or str.

    Raises
    ------
    InputError
        Not a regular file, over ``max_file_bytes``, NUL bytes, ragged CSV rows, a cell
        over ``max_cell_bytes``, more rows than ``max_sweep_points``, no ``point``,
        ``replicate`` and ``seed`` columns, or an unreadable Parquet file.

    See Also
    --------
    write_table : Write such a file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d, "r.csv")
    ...     _ = p.write_text("point,replicate,seed,x,ok\\n0,0,7,0.5,True\\n")
    ...     read_table(p)
    [{'point': 0, 'replicate': 0, 'seed': 7, 'x': 0.5, 'ok': True}]
    """
    from teamsim.importers._files import read_bytes, read_text

    path, file = Path(path), str(path)
    if _suffix(path) == ".parquet":
        rows = _read_parquet(path, read_bytes(path))
    else:
        rows = _read_csv(read_text(path), file)
    missing = [c for c in INDEX_COLUMNS if rows and c not in rows[0]]
    if missing or not rows:
        raise InputError(f"no {missing[0] if missing else 'rows'}"
                         f"{' column' if missing else ''}: this is not a teamsim sweep table",
                         file=file, hint="resume only a file that teamsim sweep -o wrote")
    out = TableRows(rows)
    out.file = file
    return out


def _read_csv(text: str, file: str) -> list[Row]:
    old = csv.field_size_limit(limit("max_cell_bytes"))
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, [])
        rows = []
        for line in reader:
            if len(line) != len(header):
                raise InputError(f"{len(line)} cells where the header has {len(header)}", file=file,
                                 line=reader.line_num, hint="the file is damaged: write to a new file")
            rows.append(dict(zip(header, map(_parse_cell, line))))
    except csv.Error as e:
        raise InputError(f"not a readable CSV table: {e}", file=file,
                         hint="resume only a file that teamsim sweep -o wrote") from None
    finally:
        csv.field_size_limit(old)
    check_count("max_sweep_points", len(rows), entity="results table", file=file, what="table size")
    return rows


def _read_parquet(path: Path, data: bytes) -> list[Row]:
    pa, pq = _arrow(path)
    try:
        f = pq.ParquetFile(pa.BufferReader(data))
        meta = f.metadata
        check_count("max_sweep_points", meta.num_rows, entity="results table", file=str(path),
                    what="table size")
        size = sum(meta.row_group(g).total_byte_size for g in range(meta.num_row_groups))
        check_count("max_decompressed_bytes", size, entity="results table", file=str(path))
        rows: list[Row] = f.read().to_pylist()
        return rows
    except InputError:
        raise
    except (pa.ArrowException, OSError, ValueError) as e:
        raise InputError(f"not a readable Parquet table: {str(e)[:200]}", file=str(path),
                         hint="resume only a file that teamsim sweep -o wrote") from None


# --------------------------------------------------------------------------- sweeps to a file
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
    0,0,0,1,2,"teamsim.sweep.f",1
    1,0,0,2,4,"teamsim.sweep.f",1
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


# --------------------------------------------------------------------------- models for the CLI
@dataclass(frozen=True)
class SweepModel:
    """A model the ``teamsim sweep`` command can run.

    Attributes
    ----------
    name : str
    fn : callable
        The row function; its positional-or-keyword parameters are the grid's.
    check : callable
        Validates one point before any run: ``check(**arguments)``, or
        ``check(scenario, **arguments)`` for a scenario model.
    summary : tuple of str
        Result columns shown on screen.
    scenario : bool
        ``fn`` takes a scenario as its first argument (not a grid parameter).
    about : str
    """

    name: str
    fn: Fn
    check: Callable[..., object]
    summary: tuple[str, ...]
    scenario: bool = False
    about: str = ""

    def tags(self, scenario: Any = None, source: str | Path | None = None) -> dict[str, str]:
        """Columns that identify a run of this model in a results file (see :func:`sweep_to_file`).

        Parameters
        ----------
        scenario : Scenario, optional
            For a scenario model: the scenario the sweep analyses.
        source : str or Path, optional
            Its file (the name is recorded; None: the built-in example).

        Returns
        -------
        dict
            ``model``; for a scenario model also ``scenario`` (the file name) and
            ``scenario_digest`` (``sha256:`` and 16 hex digits of the scenario's content),
            so that a file is only resumed with the same scenario.

        Examples
        --------
        >>> from teamsim.importers import load_scenario
        >>> from teamsim.scenarios import default_scenario_path
        >>> t = sweep_models()["analyze"].tags(load_scenario(default_scenario_path()))
        >>> t["model"], t["scenario"], t["scenario_digest"][:7]
        ('analyze', 'built-in example', 'sha256:')
        >>> sweep_models()["assembly"].tags()
        {'model': 'assembly'}
        """
        out = {"model": self.name}
        if self.scenario and scenario is not None:
            digest = hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()[:16]
            out |= {"scenario": Path(source).name if source else "built-in example",
                    "scenario_digest": f"sha256:{digest}"}
        return out


def sweep_models() -> dict[str, SweepModel]:
    """The models ``teamsim sweep`` knows, by name.

    Returns
    -------
    dict of str to SweepModel
        Model name -> its row function, point check, summary columns and whether
        it takes a scenario.

    See Also
    --------
    sweep : Runs a model over a grid.

    Examples
    --------
    >>> sorted(sweep_models())
    ['analyze', 'assembly', 'hongpage']
    >>> list(sweep_parameters(sweep_models()["assembly"].fn))
    ['m', 'p', 'q', 'tau', 'steps', 'tail']
    """
    from teamsim import assembly, hongpage, report

    return {m.name: m for m in (
        SweepModel("hongpage", hongpage.hong_page_row, hongpage._validate,
                   ("best_performance", "random_performance", "difference", "random_wins"),
                   about="Hong & Page (2004): best-N vs random team"),
        SweepModel("assembly", assembly.assembly_row, assembly.check_assembly_row,
                   ("giant_share", "incumbent_share", "repeat_share"),
                   about="Guimerà et al. (2005) team assembly: giant component share"),
        SweepModel("analyze", report.analyze_row, report.check_analyze_row,
                   ("best_ability_team_ability", "most_able_team_ability", "oversized_teams"),
                   scenario=True, about="a scenario's teams of k and two-pizza check"),
    )}


def _kind(fn: Fn, p: inspect.Parameter) -> type | tuple[str, ...]:
    """The type (or the tuple of allowed strings) of a grid parameter, from annotation or default."""
    import typing

    try:
        hints = typing.get_type_hints(fn)
    except Exception:  # unresolvable annotations: fall back on the default's type
        hints = {}
    hint = hints.get(p.name)
    if typing.get_origin(hint) is typing.Literal:
        return tuple(str(a) for a in typing.get_args(hint))
    for t in (int, float, str):
        if hint is t or (hint is None and type(p.default) is t):
            return t
    return str


_NUM = r"\s*([+-]?[0-9.eE]+)\s*"
_RANGE = re.compile(rf"{_NUM}(?::|\.\.|-|\bto\b){_NUM}(?::{_NUM})?")   # 1:5, 1..5, 1-5, 0:1:0.1
_SEPARATORS = re.compile(r"[\s;|/]+")


def _example(name: str, kind: type | tuple[str, ...], default: object) -> str:
    """``NAME=V1,V2`` with two values of the right kind, for a hint."""
    if isinstance(kind, tuple):
        return f"{name}={','.join(kind[:2])}"
    if kind is int:
        d = default if type(default) is int else 2
        return f"{name}={d},{d + 1}"
    if kind is float:
        return f"{name}={default if isinstance(default, float) else 0.5},1.0"
    return f"{name}={default if isinstance(default, str) and default else 'a'},b"


def _value_error(name: str, values: str, text: str, kind: type | tuple[str, ...],
                 default: object) -> InputError:
    """The refusal of one value that does not convert, with the hint that fits its problem."""
    want = {int: "whole numbers", float: "finite numbers"}.get(kind, "text") if not isinstance(kind, tuple) \
        else f"one of {', '.join(kind)}"
    example = _example(name, kind, default)
    hint = f"give {want}, e.g. {example}"
    r = _RANGE.fullmatch(text)
    if text == "":
        what = f"{name} has an empty value" if values.strip() else f"{name} has no value"
        rest = [v.strip() for v in values.split(",") if v.strip()]
        hint = f"remove the extra comma: {name}={','.join(rest)}" if rest else f"give its values: {example}"
        return InputError(what, entity=f"--param {name}", hint=hint)
    if r and kind in (int, float):
        hint = f"ranges are not expanded: list every value, separated by commas, e.g. {example}"
        if kind is int and _INT.fullmatch(r[1]) and _INT.fullmatch(r[2]) and 0 < int(r[2]) - int(r[1]) < 20:
            hint = (f"ranges are not expanded: list every value, e.g. {name}="
                    + ",".join(map(str, range(int(r[1]), int(r[2]) + 1))))
    elif len(parts := _SEPARATORS.split(text.strip())) > 1 and all(_fits(t, kind) for t in parts):
        hint = f"separate values by commas: {name}=" + ",".join(parts)
    elif isinstance(kind, tuple):
        close = difflib.get_close_matches(text, kind, n=1)
        hint = (f"did you mean {close[0]!r}? " if close else "") + f"choose from: {', '.join(kind)}"
    return InputError(f"{name}={text[:40]!r} is not valid: {name} takes {want}", entity=f"--param {name}",
                      hint=hint)


def _fits(text: str, kind: type | tuple[str, ...]) -> bool:
    try:
        _convert(text, kind)
    except ValueError:
        return False
    return True


def _convert(text: str, kind: type | tuple[str, ...]) -> object:
    """``text`` as a value of ``kind``; ValueError if it is not one."""
    text = text.strip()
    if isinstance(kind, tuple):
        if text not in kind:
            raise ValueError(text)
        return text
    if kind is int:
        if not _INT.fullmatch(text):
            raise ValueError(text)
        return int(text)
    if kind is float:
        value = float(text) if len(text) < 40 else math.nan
        if not math.isfinite(value):
            raise ValueError(text)
        return value
    if text == "":
        raise ValueError(text)
    return text


def _unknown(name: str, params: Mapping[str, object]) -> InputError:
    """An unknown parameter name: the known ones, and the nearest if it looks like a typo."""
    known = list(params)   # in the model's order, the order that numbers the points
    same_case = [k for k in known if k.lower() == name.lower()]
    close = same_case or difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = ((f"did you mean {close[0]!r}? " if close else "")
            + f"the parameters are, in grid order: {', '.join(known)}")
    return InputError(f"unknown parameter {name[:60]!r}", entity="--param", hint=hint)


def parse_grid(fn: Fn, specs: Sequence[str], *, skip: int = 0) -> dict[str, list[object]]:
    """A grid from ``NAME=V1,V2,...`` texts, checked against ``fn``'s signature.

    Parameters
    ----------
    fn : callable
        The row function; values are converted to its parameters' annotated types
        (int, float, str or a ``Literal`` of strings).
    specs : sequence of str
        One ``NAME=V1,V2,...`` per parameter.
    skip : int, default 0
        Leading parameters that are not grid parameters (a scenario).

    Returns
    -------
    dict
        Every grid parameter of ``fn``: the values given, or ``[default]``.

    Raises
    ------
    InputError
        A text without ``=``, an unknown name (the message lists the known names), a
        name given twice, an empty or unconvertible value.

    See Also
    --------
    sweep_parameters : The parameters a grid may set.
    grid_points : The points of a grid.

    Examples
    --------
    >>> def f(n: int = 5, p: float = 0.5, mode: str = "a"): ...
    >>> parse_grid(f, ["p=0,0.25", "n=3"])
    {'n': [3], 'p': [0.0, 0.25], 'mode': ['a']}
    """
    params = dict(list(sweep_parameters(fn).items())[skip:])
    given: dict[str, list[object]] = {}
    for spec in specs:
        name, eq, values = spec.partition("=")
        name = name.strip()
        if not eq or not name:
            bare = name if name in params else next(iter(params), "x")
            raise InputError(f"--param {spec[:60]!r} is not NAME=VALUES", entity="--param",
                             hint=f"write the name, = and the values separated by commas, e.g. --param "
                             f"{_example(bare, _kind(fn, params[bare]), params[bare].default)}"
                             if bare in params else "write e.g. --param x=1,2")
        if name not in params:
            raise _unknown(name, params)
        if name in given:
            raise InputError(f"parameter {name!r} is given twice", entity=f"--param {name}",
                             hint=f"give all its values in one --param: {name}=V1,V2,...")
        kind, default = _kind(fn, params[name]), params[name].default
        try:
            given[name] = [_convert(v, kind) for v in values.split(",")]
        except ValueError:
            bad = next(v.strip() for v in values.split(",") if not _fits(v, kind))
            raise _value_error(name, values, bad, kind, default) from None
    missing = [n for n, p in params.items() if n not in given and p.default is inspect.Parameter.empty]
    if missing:
        raise InputError(f"parameter {missing[0]!r} has no default", entity="--param",
                         hint=f"give it: --param {missing[0]}=...")
    return {n: given.get(n, [p.default]) for n, p in params.items()}


class _CallableModule(types.ModuleType):
    """``teamsim.sweep`` is this module and, called, the :func:`sweep` function in it:
    ``teamsim.sweep(fn, grid, ...)`` as Mesa's ``batch_run``, and ``teamsim.sweep.sweep_to_file``."""

    def __call__(self, fn: Callable[..., Any], grid: Mapping[str, Any],
                 **kwargs: Any) -> list[dict[str, Any]]:
        return sweep(fn, grid, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
