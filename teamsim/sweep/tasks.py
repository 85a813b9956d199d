"""Running tasks on an engine: progress as tasks complete, a lost scheduler reported clearly."""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from teamsim.errors import TeamsimError
from teamsim.sweep._common import SCHEDULER_ENV, Fn, Progress
from teamsim.sweep.executors import SerialExecutor, open_executor

__all__ = ["SchedulerLost", "run_tasks"]


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
    teamsim.sweep.sweep : A whole sweep.

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
