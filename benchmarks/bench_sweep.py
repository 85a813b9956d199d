"""Scaling of teamsim.sweep on Dask: one worker process against two.

Run: ``python benchmarks/bench_sweep.py [--points 8] [--landscapes 50] [--l 12] [--local] [--json FILE]``

Runs the same Hong-Page sweep (n=2000, k=3, l=12, N = 4, 6, 8, ... one grid point per
N, each with the paper's 50 landscapes, seed 0) on a Dask cluster of one worker process
and on one of two, both started and warmed up first (teamsim imported on every worker),
alternating between them for each repetition so that a load spike hits both. Times are
wall clock (the work is in the worker processes); the ratio is the speed-up, 1-worker
time / 2-worker time, per repetition; the target is a median speed-up of at least 1.6 on
a 2-core machine. The workers' CPU time is printed beside each run, and the tables must
be identical.

By default the clusters are started as in docs/sweeps.md and .ci/run: a ``dask scheduler``
and ``dask worker`` processes, each in its own session. ``--local`` uses ``LocalCluster``s
inside this process's session instead. On a shared Linux machine this matters: with
autogroup scheduling (``/proc/sys/kernel/sched_autogroup_enabled``) each session gets one
fair share of the CPU, so two workers inside one session get no more CPU than one while
other people's jobs keep the cores busy.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import logging
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _bench import Bench
from distributed import Client, LocalCluster

from teamsim.hongpage import hong_page_sweep

TARGET = 1.6
#: Repetitions at least: a wall-clock ratio on a shared machine needs more than three for a
#: steady median (about 20 s each).
REPS = 5
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
            for _ in range(240):
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
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(p.pid, signal.SIGKILL)


@contextlib.contextmanager
def local_cluster(workers: int):
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        yield cluster


@contextlib.contextmanager
def ready_client(workers: int, local: bool):
    with (local_cluster if local else process_cluster)(workers) as where, \
            Client(where, set_as_default=False, timeout=60) as client:
        client.wait_for_workers(workers, timeout=300)
        client.run(importlib.import_module, "teamsim.hongpage")       # warm-up: imports on every worker
        yield client


def timed_sweep(client: Client, grid: dict) -> tuple[list[dict], float, float]:
    """The sweep's rows, wall time and the workers' CPU time."""
    cpu0, t0 = sum(client.run(time.process_time).values()), time.perf_counter()
    rows = hong_page_sweep(grid, seed=0, executor=client.get_executor(pure=False), progress=False)
    wall = time.perf_counter() - t0
    return rows, wall, sum(client.run(time.process_time).values()) - cpu0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=8, help="grid points (values of N)")
    ap.add_argument("--landscapes", type=int, default=50,
                    help="landscapes per point (50: the paper's; with 6, a point is 0.2 s and Dask's "
                    "own processes on the same two cores take a larger share)")
    ap.add_argument("--l", type=int, default=12)
    ap.add_argument("--local", action="store_true", help="LocalClusters in this session")
    b = Bench("bench_sweep", __doc__, ap)
    args = b.args
    grid = {"n": 2000, "k": 3, "l": args.l, "N": [4 + 2 * i for i in range(args.points)],
            "landscapes": args.landscapes}
    engine = "LocalCluster" if args.local else "dask scheduler + dask worker processes"
    b.heading(f"Hong-Page sweep, n=2000 k=3 l={args.l}, {args.points} points (N = {grid['N'][0]}.."
              f"{grid['N'][-1]}) x {args.landscapes} landscapes; {engine}")
    times: dict[int, list[float]] = {1: [], 2: []}
    tables: dict[int, list] = {}
    reps = max(REPS, b.reps)
    with ready_client(1, args.local) as one, ready_client(2, args.local) as two:
        clients = {1: one, 2: two}
        for rep in range(reps):
            for w in ((1, 2) if rep % 2 == 0 else (2, 1)):
                rows, wall, cpu = timed_sweep(clients[w], grid)
                times[w].append(wall)
                tables.setdefault(w, rows)
                b.check(rows == tables[1 if 1 in tables else w], f"repetition {rep + 1}, {w} worker(s): "
                        "the table is identical to the first one")
                b.note(f"repetition {rep + 1}, {w} worker(s): {wall:.1f} s wall, workers' CPU {cpu:.1f} s "
                       f"(= {cpu / wall:.2f} cores busy)")
    ratios = [t1 / t2 for t1, t2 in zip(times[1], times[2])]
    rec = b.record("sweep on 2 workers (peer: the same sweep on 1 worker)", times[2], clock="wall")
    rec["peers"]["1 worker"] = {"min": min(times[1]), "median": statistics.median(times[1]),
                                "times": times[1], "ratio_min": min(ratios),
                                "ratio_median": statistics.median(ratios)}
    rec["target"] = f"median speed-up (ratio) >= {TARGET:g}"
    rec["ok"] = b.check(statistics.median(ratios) >= TARGET,
                        f"median speed-up {statistics.median(ratios):.2f} (min {min(ratios):.2f}) "
                        f">= {TARGET:g}")
    return b.finish()


if __name__ == "__main__":
    sys.exit(main())
