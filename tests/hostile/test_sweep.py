"""Hostile input to ``teamsim sweep``: huge grids, broken or malicious results files, odd names."""

from __future__ import annotations

import json
import os

import pytest

from .harness import assert_refused, run

BASE = ["sweep", "assembly", "-p", "steps=20", "--workers", "1", "--no-progress"]


def test_a_grid_of_10_to_the_24_points_is_refused_at_once():
    values = ",".join(str(x / 1000) for x in range(1000))
    ints = ",".join(map(str, range(1, 1001)))
    r = run("sweep", "assembly", "-p", f"p={values}", "-p", f"q={values}", "-p", f"m={ints}",
            "-p", f"tau={ints}", "-p", f"steps={ints}", "-p", "tail=0.1,0.2,0.3", "--workers", "1",
            timeout=60)
    assert_refused(r, "is over the limit of 100,000 runs", "TEAMSIM_MAX_SWEEP_POINTS")


def test_replicates_times_points_are_bounded():
    r = run(*BASE, "-p", "p=0,0.5", "--replicates", "60000")
    assert_refused(r, "sweep size 120,000 runs is over the limit")


@pytest.mark.parametrize("content,pieces", [
    (b"\x00\x01PAR1 garbage", ["NUL"]),
    (b"point,replicate,seed\n" + b"0,0,0," + b"x" * 200_000 + b"\n", ["CSV"]),
    (b"point,replicate,seed,m,p,q,tau,steps,tail\n0,0,0,4,0.6,0.5,30,20,0.2,extra\n",
     ["r.csv:2: error: 10 cells where the header has 9"]),
    (b"point,replicate,seed,m,p,q,tau,steps,tail\nzero,0,0,4,0.6,0.5,30,20,0.2\n",
     ["point 'zero', replicate 0 is not a run of this sweep", "row 1"]),
    (b"point,replicate,seed,m,p,q,tau,steps,tail\n0,0,7,4,0.6,0.5,30,20,0.2\n",
     ["computed with seed 7, this sweep uses seed 0"]),
    (b"name,team\nAnn,x\n", ["no point column", "not a teamsim sweep table"]),
])
def test_broken_resume_files_are_refused_with_file_and_row(tmp_path, content, pieces):
    f = tmp_path / "r.csv"
    f.write_bytes(content)
    r = run(*BASE, "-o", f, "--resume")
    assert_refused(r, str(f), *pieces)
    assert f.read_bytes() == content                     # a refused file is left as it was


def test_garbage_parquet_is_refused(tmp_path):
    f = tmp_path / "r.parquet"
    f.write_bytes(b"PAR1" + os.urandom(4000) + b"PAR1")
    assert_refused(run(*BASE, "-o", f, "--resume"), str(f), "not a readable Parquet table")


@pytest.mark.parametrize("special", ["device", "fifo", "folder", "loop"])
def test_special_files_as_results(tmp_path, special):
    target = tmp_path / "r.csv"
    if special == "device":
        target.symlink_to("/dev/zero")
    elif special == "fifo":
        os.mkfifo(target)
    elif special == "folder":
        target.mkdir()
    else:
        target.symlink_to(target)
    assert_refused(run(*BASE, "-o", target, "--resume", timeout=60), str(target))
    assert_refused(run(*BASE, "-o", "/dev/zero"), "must end in .csv or .parquet")


def test_symlinked_output_is_replaced_not_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    link = tmp_path / "r.csv"
    link.symlink_to(victim)
    r = run(*BASE, "-p", "p=0.5", "-o", link, "--force")
    assert r.code == 0, r.err
    assert victim.read_text() == "keep me\n" and not link.is_symlink()
    assert link.read_text().startswith('"point","replicate","seed",')


@pytest.mark.parametrize("spec,pieces", [
    ("\x1b[31mred=1", ["unknown parameter",
                       "fix: the parameters are, in grid order: m, p, q, tau, steps, tail"]),
    ("p=" + "9" * 5000, ["is not valid: p takes finite numbers"]),
    ("m=1" + "0" * 40, ["is not valid: m takes whole numbers"]),
    ("tau=-3", ["tau = -3 is out of range"]),
])
def test_hostile_param_values(spec, pieces):
    r = run(*BASE, "-p", spec)
    assert_refused(r, *pieces)
    assert "\x1b" not in r.err


def test_scheduler_addresses_are_checked_before_connecting():
    for addr in ("javascript:alert(1)", "tcp://host;rm -rf /"):
        assert_refused(run("sweep", "assembly", "--scheduler", addr, "--no-progress"),
                       "is not a Dask scheduler address")


def test_hostile_names_in_an_analyze_sweep_stay_data(tmp_path):
    from tests.hostile.test_cli_output import SCENARIO, assert_inert

    s = tmp_path / "s.yaml"
    s.write_text(SCENARIO, encoding="utf-8")
    out = tmp_path / "r.csv"
    r = run("sweep", "analyze", "--scenario", s, "-p", "k=1,2", "--workers", "1", "--no-progress",
            "-o", out, "--json")
    assert_inert(r)
    rows = json.loads(r.out)
    assert [row["k"] for row in rows] == [1, 2] and "Ann[/b]" in rows[1]["best_ability_team"]
    assert "Ann[/b]" in out.read_text(encoding="utf-8")      # the table keeps the names as they are


FORMULA_SCENARIO = """\
tools: [{name: A}, {name: B}, {name: C}]
people:
  - {name: "=HYPERLINK(\\"http://evil/\\", \\"x\\")", tools: [A, B, C]}
  - {name: "-2+3", tools: [A]}
  - {name: "@SUM(A1)", tools: [B]}
"""


def test_formula_names_in_a_sweep_table_are_escaped_and_resume_reads_them_back(tmp_path):
    s = tmp_path / "s.yaml"
    s.write_text(FORMULA_SCENARIO, encoding="utf-8")
    out = tmp_path / "r.csv"
    args = ["sweep", "analyze", "--scenario", s, "-p", "k=1,2", "--workers", "1", "--no-progress", "-o", out]
    r = run(*args)
    assert r.code == 0, r.err
    full = out.read_text(encoding="utf-8")
    assert "\"'=HYPERLINK(\"\"http://evil/\"\", \"\"x\"\")\"" in full
    import csv

    for row in csv.reader(full.splitlines()):
        assert not any(c.startswith(("=", "+", "@")) or (c.startswith("-") and not c[1:2].isdigit())
                       for c in row), row
    out.write_text("".join(full.splitlines(keepends=True)[:2]), encoding="utf-8")
    r = run(*args, "--resume")
    assert r.code == 0, r.err
    assert "1 of 2 runs kept from the file, 1 to run" in r.err
    assert out.read_text(encoding="utf-8") == full          # the escaped names were read back as they were


def test_hundreds_of_workers_on_a_few_cores_are_refused_at_once():
    r = run(*BASE[:-3], "--workers", "500", "--no-progress", timeout=30)
    assert_refused(r, "--workers 500 is over the limit of", "entity: option --workers",
                   "TEAMSIM_MAX_WORKERS_PER_CORE=")


def test_a_tls_scheduler_without_a_tls_configuration_is_refused_before_connecting():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASK_")}
    r = run("sweep", "assembly", "--scheduler", "tls://127.0.0.1:9", "--no-progress", env=env, timeout=30)
    assert_refused(r, "TLS needs a security configuration", "distributed.comm.tls.ca-file", "Security")
    assert "TypeError" not in r.err and "Exception ignored" not in r.err


@pytest.mark.parametrize("seed,piece", [("9223372036854775808", "is too large"), ("-1", "is negative"),
                                        ("1" + "0" * 100, "is too large")])
def test_seeds_outside_0_to_2_63_are_refused(tmp_path, seed, piece):
    r = run(*BASE, "--seed", seed, "-o", tmp_path / "r.csv")
    assert_refused(r, f"--seed {seed[:40]} {piece}", "from 0 to 9223372036854775807")
    assert not (tmp_path / "r.csv").exists()


def test_the_largest_seed_is_recorded_and_resumed(tmp_path):
    out = tmp_path / "r.csv"
    args = [*BASE, "-p", "p=0.5,0.6", "--seed", "9223372036854775807", "-o", out]
    assert run(*args).code == 0
    full = out.read_text()
    assert ",9223372036854775807," in full
    out.write_text("".join(full.splitlines(keepends=True)[:2]))
    r = run(*args, "--resume")
    assert r.code == 0, r.err
    assert out.read_text() == full


@pytest.mark.parametrize("where,pieces", [
    ("/proc/x.csv", ["/proc/x.csv", "cannot create a file in /proc"]),
    ("/dev/null/x.csv", ["/dev/null/x.csv", "/dev/null is not a folder"]),
    ("folder.csv", ["folder.csv", "this is a folder, not a results file"]),
    ("missing/x.csv", ["the folder to write into does not exist", "create"]),
])
def test_bad_output_paths_are_refused_before_any_run(tmp_path, where, pieces):
    (tmp_path / "folder.csv").mkdir()
    target = where if where.startswith("/") else str(tmp_path / where)
    # 100 runs of a slow model: a refusal after they started would take minutes, the guard is 30 s
    r = run("sweep", "assembly", "-p", "steps=5000", "-r", "100", "--workers", "1", "--no-progress",
            "-o", target, "--force", timeout=30)
    assert_refused(r, *pieces)
    assert "create /dev/null first" not in r.err


def test_the_size_limit_counts_points_times_replicates_and_its_fix_passes(monkeypatch):
    p = ",".join(str(x / 1000) for x in range(1000))
    q = ",".join(str(x / 100) for x in range(101))
    r = run("sweep", "assembly", "-p", f"p={p}", "-p", f"q={q}", "-r", "10", "--workers", "1", timeout=60)
    assert_refused(r, "sweep size 1,010,000 runs is over the limit of 100,000 runs",
                   "sweep grid x 10 replicates", "TEAMSIM_MAX_SWEEP_POINTS=1010000")
    from teamsim.sweep import grid_points

    monkeypatch.setenv("TEAMSIM_MAX_SWEEP_POINTS", "1010000")       # the suggested value lets it through
    assert len(grid_points({"p": range(1000), "q": range(101)}, replicates=10)) == 101_000


def test_resuming_another_models_file_names_the_model_not_the_seed(tmp_path):
    out = tmp_path / "r.csv"
    assert run("sweep", "hongpage", "-p", "n=100", "-p", "landscapes=2", "--seed", "5", "--workers", "1",
               "--no-progress", "-o", out).code == 0
    r = run(*BASE, "-o", out, "--resume")
    assert_refused(r, str(out), "it was made with model='hongpage', this run has model='assembly'")
    assert "--seed" not in r.err


def test_sigterm_before_any_run_finished_says_nothing_was_saved(tmp_path):
    import signal
    import subprocess
    import sys

    from .harness import ROOT, Result

    out = tmp_path / "r.csv"
    p = subprocess.Popen([sys.executable, "-m", "teamsim", "sweep", "assembly", "-p", "steps=100000",
                          "-r", "12", "--workers", "1", "--no-progress", "-o", out, "--resume"],
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    try:
        assert "0 of 12 runs kept from the file, 12 to run" in p.stderr.readline()   # the sweep has started
        p.send_signal(signal.SIGTERM)
        stdout, stderr = p.communicate(timeout=60)
    finally:
        p.kill()
    r = Result(p.returncode, stdout, stderr)
    assert r.code == 130 and "Traceback" not in r.err, r.err
    assert "interrupted before any run finished: nothing was saved, no file was written" in r.err
    assert "--resume" not in r.err and not out.exists()


@pytest.mark.parametrize("args,pieces", [
    (["analyze", "-p", "k=0"], ["k=0 is out of range", "entity: parameter k", "fix: use k = 1 or more"]),
    (["analyze", "-p", "two_pizza_limit=0"],
     ["entity: parameter two_pizza_limit", "fix: use two_pizza_limit"]),
    (["hongpage", "-p", "l=1"], ["k=3 is larger than l=1", "entity: parameters k, l", "give l = 3 or more"]),
    (["hongpag"], ["unknown model 'hongpag'", "did you mean 'hongpage'?"]),
])
def test_refusals_name_the_entity_and_the_fix(args, pieces):
    assert_refused(run("sweep", *args, "--workers", "1", "--no-progress"), *pieces)


def test_one_run_is_singular(tmp_path):
    r = run(*BASE, "-p", "p=0.5", "-o", tmp_path / "r.csv")
    assert r.code == 0, r.err
    assert "wrote 1 row to" in r.out and ": 1 run" in r.out and "1 runs" not in r.out
