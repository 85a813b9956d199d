"""A sweep on a real Dask cluster: `dask scheduler` and two `dask worker` processes.

``.ci/run`` starts them on 127.0.0.1 and exports ``TEAMSIM_TEST_DASK_SCHEDULER``. Without
that variable the test is skipped on a developer's machine, but fails under CI (``CI`` set):
the cluster test must never be skipped silently there.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from teamsim.hongpage import hong_page_sweep
from teamsim.sweep import read_table

from .conftest import ROOT

ADDRESS = os.environ.get("TEAMSIM_TEST_DASK_SCHEDULER", "").strip()
GRID = ["-p", "n=150", "-p", "k=2", "-p", "l=5,6", "-p", "N=3,4", "-p", "landscapes=3"]


@pytest.fixture(scope="module")
def scheduler():
    if not ADDRESS:
        if os.environ.get("CI"):
            pytest.fail("CI must run the Dask cluster test: .ci/run exports TEAMSIM_TEST_DASK_SCHEDULER")
        pytest.skip("no Dask cluster: set TEAMSIM_TEST_DASK_SCHEDULER=tcp://HOST:PORT (see .ci/run)")
    return ADDRESS


def _teamsim(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    env.pop("TEAMSIM_DASK_SCHEDULER", None)
    return subprocess.run([sys.executable, "-m", "teamsim", *args], env=env, capture_output=True, text=True,
                          timeout=600, check=False)


def test_cluster_sweep_equals_the_local_sweep(scheduler, tmp_path):
    from distributed import Client, get_task_stream

    with Client(scheduler, timeout=30, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=60)
        assert len(client.scheduler_info()["workers"]) >= 2
        grid = {"n": 150, "k": 2, "l": [5, 6], "N": [3, 4], "landscapes": 3}
        local = hong_page_sweep(grid, seed=11, processes=1, progress=False)
        with get_task_stream(client) as ts:
            remote = hong_page_sweep(grid, seed=11, executor=client.get_executor(pure=False), progress=False)
        assert remote == local
        assert len({t["worker"] for t in ts.data}) == 2           # both workers took tasks

    on_cluster = _teamsim("sweep", "hongpage", *GRID, "-r", "2", "--seed", "3", "--scheduler", scheduler,
                          "-o", str(tmp_path / "cluster.csv"), "--no-progress")
    assert on_cluster.returncode == 0, on_cluster.stderr
    here = _teamsim("sweep", "hongpage", *GRID, "-r", "2", "--seed", "3", "--workers", "1",
                    "-o", str(tmp_path / "local.csv"), "--no-progress")
    assert here.returncode == 0, here.stderr
    assert (tmp_path / "cluster.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    assert len(read_table(tmp_path / "cluster.csv")) == 8


def test_cluster_resumes_a_partial_file(scheduler, tmp_path):
    out = tmp_path / "a.parquet"
    args = ["sweep", "assembly", "-p", "p=0,0.5,1", "-p", "steps=120", "-p", "tau=8", "-r", "2",
            "--no-progress", "-o", str(out)]
    assert _teamsim(*args, "--workers", "1").returncode == 0
    full = read_table(out)
    from teamsim.sweep import write_table

    write_table(out, full[:2], overwrite=True)
    resumed = _teamsim(*args, "--scheduler", scheduler, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert read_table(out) == full


@pytest.mark.slow
def test_a_scheduler_that_dies_mid_run_keeps_the_finished_rows(tmp_path):
    """Its own throwaway scheduler and worker: killed once the first rows are saved."""
    import json
    import signal
    import time

    from tests.hostile.harness import Result, assert_refused

    bin_ = Path(sys.executable).parent
    sfile = tmp_path / "s.json"
    common = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    sched = subprocess.Popen([bin_ / "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                              "--dashboard-address", "127.0.0.1:0", "--scheduler-file", sfile], **common)
    worker = None
    try:
        for _ in range(120):
            if sfile.exists() and sfile.stat().st_size:
                break
            time.sleep(0.5)
        address = json.loads(sfile.read_text())["address"]
        worker = subprocess.Popen([bin_ / "dask", "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                                   "--dashboard-address", "127.0.0.1:0", "--local-directory",
                                   tmp_path / "w"], **common)
        out = tmp_path / "r.csv"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
        env.pop("TEAMSIM_DASK_SCHEDULER", None)
        p = subprocess.Popen([sys.executable, "-m", "teamsim", "sweep", "assembly", "-p", "steps=3000",
                              # 300 runs: far longer than the 5 s between saves even on an idle
                              # machine, so the scheduler dies with rows saved and runs left
                              "-p", "p=" + ",".join(str(x / 1000) for x in range(1, 301)),
                              "--scheduler", address,
                              "--no-progress", "-o", out], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        for _ in range(240):
            if out.exists() or p.poll() is not None:
                break
            time.sleep(0.5)
        os.killpg(sched.pid, signal.SIGKILL)
        stdout, stderr = p.communicate(timeout=120)
    finally:
        for proc in (sched, worker):
            if proc is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    saved = len(read_table(out))
    assert 1 <= saved < 300
    assert_refused(Result(p.returncode, stdout, stderr),
                   f"lost the Dask scheduler at {address}: {saved} of 300 runs saved to {out}",
                   "run the same command again with --resume")
    assert stderr.count("\n") < 6, stderr
