"""Scaling of teamsim.sweep on Dask: one worker process against two.

Run: ``python benchmarks/bench_sweep.py [--points 8] [--landscapes 6] [--l 12] [--local]``

Runs the same Hong-Page sweep (n=2000, k=3, l=12, N = 4, 6, 8, ... one grid point per
N, seed 0) on a Dask cluster of one worker process, then of two, each warmed up first
(teamsim imported on every worker) so that the timing is the sweep alone; prints
wall-clock times, the CPU time the workers got, the speed-up (target >= 1.6x on a
2-core machine) and the load average.

By default the cluster is started as in docs/sweeps.md and .ci/run: a ``dask scheduler``
and ``dask worker`` processes, each in its own session. ``--local`` uses a
``LocalCluster`` inside this process's session instead. On a shared Linux machine
this matters: with autogroup scheduling (``/proc/sys/kernel/sched_autogroup_enabled``)
every session gets one fair share of the CPU, so two workers inside one session get no
more CPU than one while other people's jobs keep the cores busy.

Exits non-zero if the two tables differ (they must be identical, whatever the workers).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from distributed import Client, LocalCluster  # noqa: E402

from teamsim.hongpage import hong_page_sweep  # noqa: E402

TARGET = 1.6
DASK = str(Path(sys.executable).with_name("dask"))


@contextlib.contextmanager
def process_cluster(workers: int):
    """A `dask scheduler` and `workers` `dask worker` processes on 127.0.0.1, each in its own session."""
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "scheduler.json"
        common = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        procs = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0",
                                   "--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(file)],
                                  **common)]
        try:
            for _ in range(120):
                if file.exists() and file.stat().st_size:
                    break
                time.sleep(0.5)
            procs += [subprocess.Popen([DASK, "worker", "--scheduler-file", str(file), "--host", "127.0.0.1",
                                        "--nworkers", "1", "--nthreads", "1", "--dashboard-address",
                                        "127.0.0.1:0", "--local-directory", f"{tmp}/w{i}"], **common)
                      for i in range(workers)]
            yield json.loads(file.read_text())["address"]
        finally:
            for p in procs:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(p.pid, signal.SIGTERM)
            for p in procs:
                try:
                    p.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)


@contextlib.contextmanager
def local_cluster(workers: int):
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        yield cluster


def _cpu_seconds(client: Client) -> float:
    return sum(client.run(time.process_time).values())


def timed_sweep(workers: int, grid: dict, local: bool) -> tuple[list[dict], float]:
    with (local_cluster if local else process_cluster)(workers) as where, \
            Client(where, set_as_default=False, timeout=60) as client:
        client.wait_for_workers(workers, timeout=300)
        client.run(importlib.import_module, "teamsim.hongpage")       # warm-up: imports on every worker
        cpu, t = _cpu_seconds(client), time.perf_counter()
        rows = hong_page_sweep(grid, seed=0, executor=client.get_executor(pure=False), progress=False)
        wall, cpu = time.perf_counter() - t, _cpu_seconds(client) - cpu
        print(f"{workers} worker{'s' if workers > 1 else ' '}: {wall:6.1f} s wall, workers' CPU {cpu:6.1f} s "
              f"(= {cpu / wall:.2f} cores busy on average)", flush=True)
        return rows, wall


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=8, help="grid points (values of N)")
    ap.add_argument("--landscapes", type=int, default=6, help="landscapes per point")
    ap.add_argument("--l", type=int, default=12)
    ap.add_argument("--local", action="store_true", help="a LocalCluster in this session")
    args = ap.parse_args()
    grid = {"n": 2000, "k": 3, "l": args.l, "N": [4 + 2 * i for i in range(args.points)],
            "landscapes": args.landscapes}
    print(f"machine: {os.cpu_count()} cores, load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"sweep: Hong-Page n=2000 k=3 l={args.l}, {args.points} points "
          f"(N = {grid['N'][0]}..{grid['N'][-1]}) x {args.landscapes} landscapes; "
          f"{'LocalCluster' if args.local else 'dask scheduler + dask worker processes'}", flush=True)
    one, t1 = timed_sweep(1, grid, args.local)
    two, t2 = timed_sweep(2, grid, args.local)
    ratio = t1 / t2
    print(f"speed-up: {ratio:.2f}x (target >= {TARGET}x: {'met' if ratio >= TARGET else 'NOT met'}); "
          f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    same = one == two
    print(f"tables identical: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
