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
The package, one module per concept:

==============================  ================================================================
module                          what it holds
==============================  ================================================================
:mod:`teamsim.sweep.grid`       grid points, a function's sweep parameters, ``--param`` parsing
:mod:`teamsim.sweep.executors`  engines: serial, processes, local or remote Dask
:mod:`teamsim.sweep.tasks`      :func:`run_tasks`: tasks on an engine, with progress
:mod:`teamsim.sweep.batch`      :func:`sweep`: a grid run in replicates, one seeded row per run
:mod:`teamsim.sweep.tables`     results tables in CSV or Parquet
:mod:`teamsim.sweep.to_file`    :func:`sweep_to_file`: saved as it runs, resumed after Ctrl-C
:mod:`teamsim.sweep.models`     the models ``teamsim sweep`` can run
==============================  ================================================================

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

import sys
import types
from collections.abc import Callable, Mapping
from typing import Any

from teamsim.sweep._common import GREETING_SECONDS as GREETING_SECONDS
from teamsim.sweep._common import INDEX_COLUMNS, MAX_SEED, SCHEDULER_ENV
from teamsim.sweep._common import TABLE_SUFFIXES as TABLE_SUFFIXES
from teamsim.sweep._common import Fn as Fn
from teamsim.sweep._common import Grid as Grid
from teamsim.sweep._common import Progress as Progress
from teamsim.sweep._common import Row as Row
from teamsim.sweep.batch import sweep
from teamsim.sweep.executors import SerialExecutor, check_workers, open_executor, scheduler_address
from teamsim.sweep.grid import grid_points, parse_grid, sweep_parameters
from teamsim.sweep.models import SweepModel, sweep_models
from teamsim.sweep.tables import TableRows as TableRows
from teamsim.sweep.tables import read_table, write_table
from teamsim.sweep.tasks import SchedulerLost, run_tasks
from teamsim.sweep.to_file import SweepInterrupted, sweep_to_file

__all__ = ["INDEX_COLUMNS", "MAX_SEED", "SCHEDULER_ENV", "SchedulerLost", "SerialExecutor",
           "SweepInterrupted", "SweepModel", "check_workers", "grid_points", "open_executor", "parse_grid",
           "read_table", "run_tasks", "scheduler_address", "sweep", "sweep_models", "sweep_parameters",
           "sweep_to_file", "write_table"]


class _CallableModule(types.ModuleType):
    """``teamsim.sweep`` is this module and, called, the :func:`sweep` function in it:
    ``teamsim.sweep(fn, grid, ...)`` as Mesa's ``batch_run``, and ``teamsim.sweep.sweep_to_file``."""

    def __call__(self, fn: Callable[..., Any], grid: Mapping[str, Any],
                 **kwargs: Any) -> list[dict[str, Any]]:
        return sweep(fn, grid, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
