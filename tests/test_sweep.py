"""The sweep engine: grids, seeds, executors, tables, resume, and the ``teamsim sweep`` command."""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import threading

import numpy as np
import pytest

from teamsim.cli import main
from teamsim.errors import InputError, TeamsimError
from teamsim.hongpage import hong_page, hong_page_sweep
from teamsim.seeds import make_rng, seed_int, spawn
from teamsim.sweep import (
    SerialExecutor,
    SweepInterrupted,
    grid_points,
    open_executor,
    parse_grid,
    read_table,
    run_tasks,
    sweep,
    sweep_models,
    sweep_to_file,
    write_table,
)

CALLS: list[tuple] = []


def noisy(mu, sd=1.0, *, seed=None):
    """A model with randomness: one normal draw from the run's own seed."""
    return {"x": float(make_rng(seed).normal(mu, sd))}


def counted(a, b=0, *, seed=None):
    CALLS.append((a, b))
    return {"s": a + b}


def keys(mu, *, seed=None):
    return {"entropy": seed.entropy, "key": list(seed.spawn_key)}


def fails_at(a, *, seed=None):
    if a == 3:
        raise ValueError("boom at 3")
    return {"b": a}


def interrupted_at(a, *, seed=None):
    if a == 2:
        raise KeyboardInterrupt
    return {"b": a}


class ReversedExecutor(cf.Executor):
    """Completes the submitted tasks in reverse order, once all are in (a worst-case scheduler)."""

    def __init__(self):
        self.pending: list = []
        self.timer = None

    def submit(self, fn, /, *args, **kwargs):
        f = cf.Future()
        self.pending.append((f, fn, args, kwargs))
        if self.timer is None:
            self.timer = threading.Timer(0.2, self._finish)
            self.timer.start()
        return f

    def _finish(self):
        for f, fn, args, kwargs in reversed(self.pending):
            f.set_result(fn(*args, **kwargs))


GRID = {"mu": [0.0, 5.0, 10.0], "sd": [1.0, 2.0]}


# ------------------------------------------------------------------ grids and seeds
def test_grid_is_the_cartesian_product_in_batch_run_order():
    pts = grid_points({"a": [1, 2], "b": "xy", "c": np.array([0.5, 1.5])})
    assert pts == [{"a": 1, "b": "xy", "c": 0.5}, {"a": 1, "b": "xy", "c": 1.5},
                   {"a": 2, "b": "xy", "c": 0.5}, {"a": 2, "b": "xy", "c": 1.5}]
    assert type(pts[0]["c"]) is float                      # numpy scalars become plain numbers
    assert grid_points([{"a": 1}, {"a": [2, 3], "b": 0}]) == [{"a": 1}, {"a": 2, "b": 0}, {"a": 3, "b": 0}]


@pytest.mark.parametrize("grid,match", [
    ({"a": []}, "no points"),
    ({"a": {1, 2}}, "a set"),
    ([{"a": 1}, 3], "a mapping"),
])
def test_bad_grids(grid, match):
    with pytest.raises(InputError, match=match):
        grid_points(grid)


def test_grid_size_is_bounded_before_it_is_built(monkeypatch):
    huge = {f"p{i}": range(100) for i in range(8)}          # 10^16 points: never materialised
    with pytest.raises(InputError, match="10,000,000,000,000,000 runs is over the limit of 100,000") as e:
        grid_points(huge)
    assert "TEAMSIM_MAX_SWEEP_POINTS" in e.value.hint
    monkeypatch.setenv("TEAMSIM_MAX_SWEEP_POINTS", "5")
    with pytest.raises(InputError, match="sweep size 6 runs"):
        sweep(noisy, {"mu": [1, 2, 3]}, replicates=2, executor="serial", progress=False)


def test_every_run_gets_its_own_spawned_child_in_grid_order():
    rows = sweep(keys, {"mu": [1, 2, 3]}, replicates=2, seed=42, executor="serial", progress=False)
    assert [(r["point"], r["replicate"], r["seed"]) for r in rows] == [
        (0, 0, 42), (0, 1, 42), (1, 0, 42), (1, 1, 42), (2, 0, 42), (2, 1, 42)]
    assert [r["key"] for r in rows] == [[t] for t in range(6)]       # run t = point * 2 + replicate
    assert {r["entropy"] for r in rows} == {42}
    children = np.random.SeedSequence(42).spawn(6)
    x = sweep(noisy, {"mu": [0.0, 1.0]}, replicates=3, seed=42, executor="serial", progress=False)
    assert [r["x"] for r in x] == [float(np.random.default_rng(c).normal(mu, 1.0))
                                   for c, mu in zip(children, [0.0] * 3 + [1.0] * 3)]


def test_seed_helpers():
    s = np.random.SeedSequence(9)
    s.spawn(3)                                        # spawning before does not shift our children
    assert [c.spawn_key for c in spawn(s, 2)] == [(0,), (1,)]
    assert seed_int(7) == 7 and seed_int(s.spawn(1)[0]) is None
    assert seed_int(np.random.default_rng(0)) == seed_int(np.random.default_rng(0))
    rows = sweep(noisy, {"mu": 0.0}, seed=None, executor="serial", progress=False)
    again = sweep(noisy, {"mu": 0.0}, seed=rows[0]["seed"], executor="serial", progress=False)
    assert rows == again                              # a fresh seed is recorded and reproduces the run
    with pytest.raises(InputError, match="seed must be"):
        sweep(noisy, {"mu": 0.0}, seed=-1, executor="serial", progress=False)
    with pytest.raises(InputError, match="seed 9223372036854775808 is too large"):
        sweep(noisy, {"mu": 0.0}, seed=2**63, executor="serial", progress=False)


# ------------------------------------------------------------------ the same numbers on every engine
@pytest.fixture(scope="module")
def serial_rows():
    return sweep(noisy, GRID, replicates=2, seed=7, executor="serial", progress=False)


def test_results_do_not_depend_on_executor_or_completion_order(serial_rows):
    with cf.ProcessPoolExecutor(2) as pool:
        assert sweep(noisy, GRID, replicates=2, seed=7, executor=pool, progress=False) == serial_rows
    rev = ReversedExecutor()
    assert sweep(noisy, GRID, replicates=2, seed=7, executor=rev, progress=False) == serial_rows
    with cf.ThreadPoolExecutor(3) as pool:
        assert sweep(noisy, GRID, replicates=2, seed=7, executor=pool, progress=False) == serial_rows
    assert sweep(noisy, GRID, replicates=2, seed=8, executor="serial", progress=False) != serial_rows


def test_in_process_dask_cluster_gives_the_serial_table(serial_rows):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        ex = client.get_executor(pure=False)
        assert sweep(noisy, GRID, replicates=2, seed=7, executor=ex, progress=False) == serial_rows
        grid = {"n": 60, "k": 2, "l": [4, 5], "N": [2, 3], "landscapes": 2}
        assert hong_page_sweep(grid, seed=1, executor=ex, progress=False) == \
            hong_page_sweep(grid, seed=1, processes=1, progress=False)


def test_progress_counts_completed_runs():
    seen = []
    sweep(noisy, {"mu": [1, 2]}, replicates=2, executor="serial", progress=lambda d, t: seen.append((d, t)))
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    seen.clear()
    with cf.ThreadPoolExecutor(2) as pool:
        sweep(noisy, {"mu": [1, 2, 3]}, executor=pool, progress=lambda d, t: seen.append((d, t)))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


# ------------------------------------------------------------------ names, checks, errors
def test_parameter_names_are_checked_against_the_signature():
    with pytest.raises(InputError, match="unknown sweep parameter 'MU'") as e:
        sweep(noisy, {"MU": 1}, executor="serial")
    assert e.value.hint == "use any of: mu, sd"
    with pytest.raises(InputError, match="unknown sweep parameter 'seed'"):
        sweep(noisy, {"mu": 1, "seed": 3}, executor="serial")
    with pytest.raises(InputError, match="'mu' has no default"):
        sweep(noisy, {"sd": 1}, executor="serial")
    with pytest.raises(InputError, match="replicates must be"):
        sweep(noisy, {"mu": 1}, replicates=0, executor="serial")


def test_check_refuses_points_before_any_run():
    CALLS.clear()

    def no_b_above_1(a, b):
        if b > 1:
            raise InputError(f"b={b} is too large")

    with pytest.raises(InputError, match="b=2 is too large"):
        sweep(counted, {"a": [1, 2], "b": [0, 2]}, executor="serial", check=no_b_above_1)
    assert CALLS == []


def test_a_failing_run_stops_the_sweep_and_cancels_the_rest():
    with pytest.raises(ValueError, match="boom at 3"):
        sweep(fails_at, {"a": range(6)}, executor="serial", progress=False)
    with cf.ThreadPoolExecutor(1) as pool, pytest.raises(ValueError, match="boom at 3"):
        sweep(fails_at, {"a": range(50)}, executor=pool, progress=False)


def test_cluster_failures_read_as_teamsim_errors():
    def missing_module(*_):
        raise ModuleNotFoundError("No module named 'teamsim'")

    with cf.ThreadPoolExecutor(1) as pool, pytest.raises(TeamsimError, match="cannot import teamsim") as e:
        run_tasks(missing_module, [(1,)], executor=pool)
    assert "install the same teamsim version" in e.value.hint


def test_results_may_not_overwrite_parameters():
    def clobber(a):
        return {"a": 2 * a}

    with pytest.raises(ValueError, match="returned 'a'"):
        sweep(clobber, {"a": 1}, executor="serial", progress=False)


def test_open_executor_choices(monkeypatch):
    monkeypatch.delenv("TEAMSIM_DASK_SCHEDULER", raising=False)
    with open_executor(None, workers=1) as ex:
        assert isinstance(ex, SerialExecutor)
    with open_executor("processes", workers=2) as ex:
        assert isinstance(ex, cf.ProcessPoolExecutor) and ex.submit(pow, 2, 10).result() == 1024
    monkeypatch.setenv("TEAMSIM_DASK_SCHEDULER", "not an address!")
    with pytest.raises(InputError, match="'not an address!' is not a Dask scheduler address"):
        with open_executor(None, workers=1):
            pass
    with pytest.raises(InputError, match="workers must be"):
        with open_executor("local", workers=0):
            pass


# ------------------------------------------------------------------ tables and resume
def test_csv_and_parquet_round_trip_every_value(tmp_path):
    rows = [{"point": 0, "replicate": 0, "seed": 2**62, "f": 0.1 + 0.2, "i": -3, "b": True,
             "none": None, "s": 'a, "quoted"\nline', "tiny": 5e-324, "num_text": "relay"},
            {"point": 1, "replicate": 0, "seed": 2**62, "f": 1.0, "i": 0, "b": False,
             "none": None, "s": "", "tiny": -0.0, "num_text": "x1"}]
    for name in ("r.csv", "r.parquet"):
        write_table(tmp_path / name, rows)
        back = read_table(tmp_path / name)
        assert back[0] == rows[0] and back.file == str(tmp_path / name)
        assert back[1]["f"] == 1.0 and type(back[1]["f"]) is float and back[1]["b"] is False
    with pytest.raises(InputError, match="file exists"):
        write_table(tmp_path / "r.csv", rows)
    with pytest.raises(InputError, match="must end in .csv or .parquet"):
        write_table(tmp_path / "r.xlsx", rows)


@pytest.mark.parametrize("text,match", [
    ("point,replicate,seed,x\n0,0,1\n", "3 cells where the header has 4"),
    ("a,b\n1,2\n", "no point column"),
    ("point,replicate,seed\n", "no rows"),
])
def test_damaged_tables_are_refused(tmp_path, text, match):
    p = tmp_path / "r.csv"
    p.write_text(text)
    with pytest.raises(InputError, match=match) as e:
        read_table(p)
    assert e.value.file == str(p)


def test_resume_runs_only_the_missing_points(tmp_path):
    p = tmp_path / "r.csv"
    full = sweep_to_file(counted, {"a": [1, 2, 3], "b": [10, 20]}, p, seed=5, executor="serial",
                         progress=False)
    assert [r["model"] for r in full] == ["tests.test_sweep.counted"] * 6
    write_table(p, [full[0], full[3], full[5]], overwrite=True)
    CALLS.clear()
    rows = sweep_to_file(counted, {"a": [1, 2, 3], "b": [10, 20]}, p, resume=True, seed=5,
                         executor="serial", progress=False)
    assert sorted(CALLS) == [(1, 20), (2, 10), (3, 10)]
    assert rows == full and read_table(p) == full
    CALLS.clear()
    assert sweep_to_file(counted, {"a": [1, 2, 3], "b": [10, 20]}, p, resume=True, executor="serial",
                         progress=False) == full          # seed taken from the file; nothing left to run
    assert CALLS == []


def test_a_grid_grown_at_its_slowest_parameter_resumes_the_smaller_file(tmp_path):
    """Rows are matched by point number (docs/sweeps.md): more values of the first parameter keep
    every number; more of the last renumber them. The CLI's grid is in the model's parameter order."""
    assert list(parse_grid(counted, ["b=10,20", "a=1,2"])) == ["a", "b"]     # not the --param order
    p = tmp_path / "r.csv"
    small = sweep_to_file(counted, {"a": [1, 2], "b": [10, 20]}, p, seed=5, executor="serial", progress=False)
    assert [(r["a"], r["b"]) for r in small] == [(1, 10), (1, 20), (2, 10), (2, 20)]
    CALLS.clear()
    rows = sweep_to_file(counted, {"a": [1, 2, 3], "b": [10, 20]}, p, resume=True, executor="serial",
                         progress=False)
    assert rows[:4] == small and sorted(CALLS) == [(3, 10), (3, 20)]
    with pytest.raises(InputError, match="point 1 has b=20 there but b=11 in this sweep"):
        sweep_to_file(counted, {"a": [1, 2, 3], "b": [10, 11, 20]}, p, resume=True, executor="serial",
                      progress=False)


@pytest.mark.parametrize("grid,seed,replicates,match", [
    ({"a": [1, 2], "b": [10, 20]}, 6, 1, "computed with seed 5, this sweep uses seed 6"),
    ({"a": [1, 5], "b": [10, 20]}, 5, 1, "point 2 has a=2 there but a=5 in this sweep"),
    ({"a": [1], "b": [10, 20]}, 5, 1, "point 2, replicate 0 is not a run of this sweep"),
    ({"a": [1, 2], "b": [10, 20]}, 5, 1, "point 0, replicate 0 appears twice"),
    ({"a": [1, 2], "b": [10, 20]}, 5, 2, "it was made with replicates=1, this run has replicates=2"),
])
def test_resume_refuses_another_sweeps_file(tmp_path, grid, seed, replicates, match):
    p = tmp_path / "r.csv"
    rows = sweep_to_file(counted, {"a": [1, 2], "b": [10, 20]}, p, seed=5, executor="serial", progress=False)
    if "twice" in match:
        write_table(p, [rows[0], {**rows[0]}], overwrite=True)
    with pytest.raises(InputError) as e:
        sweep_to_file(counted, grid, p, resume=True, seed=seed, replicates=replicates, executor="serial",
                      progress=False)
    assert e.value.file == str(p)
    assert any(m in e.value.message for m in match.split("|")), e.value.message


def test_a_failed_or_interrupted_sweep_keeps_its_finished_runs(tmp_path):
    p = tmp_path / "r.csv"
    with pytest.raises(ValueError, match="boom"):
        sweep_to_file(fails_at, {"a": range(6)}, p, seed=1, executor="serial", progress=False)
    assert [r["b"] for r in read_table(p)] == [0, 1, 2]
    q = tmp_path / "q.parquet"
    with pytest.raises(SweepInterrupted) as e:
        sweep_to_file(interrupted_at, {"a": range(4)}, q, seed=1, executor="serial", progress=False)
    assert (e.value.saved, e.value.total) == (2, 4) and [r["b"] for r in read_table(q)] == [0, 1]
    with pytest.raises(InputError, match="file exists"):
        sweep_to_file(noisy, {"mu": 1}, q, executor="serial", progress=False)


# ------------------------------------------------------------------ models and the command line
def test_parse_grid_converts_by_signature():
    fn = sweep_models()["hongpage"].fn
    grid = parse_grid(fn, ["l=12, 20", "mode=relay,tournament"])
    assert grid == {"n": [2000], "k": [3], "l": [12, 20], "N": [10], "landscapes": [50],
                    "mode": ["relay", "tournament"], "smoothing": [0]}
    assert parse_grid(sweep_models()["assembly"].fn, ["p=0,.5,1e0"])["p"] == [0.0, 0.5, 1.0]
    assert list(parse_grid(sweep_models()["analyze"].fn, [], skip=1)) == ["k", "two_pizza_limit"]


@pytest.mark.parametrize("spec,match", [
    ("K=3", "unknown parameter 'K'"),
    ("k", "is not NAME=VALUES"),
    ("k=2.5", "k='2.5' is not valid: k takes whole numbers"),
    ("k=", "k has no value"),
    ("mode=vote", "mode takes one of relay, relay-once, tournament"),
])
def test_parse_grid_refuses(spec, match):
    with pytest.raises(InputError, match=match):
        parse_grid(sweep_models()["hongpage"].fn, [spec])
    with pytest.raises(InputError, match="given twice"):
        parse_grid(sweep_models()["hongpage"].fn, ["k=2", "k=3"])


@pytest.mark.parametrize("spec,message,hint", [
    ("K=3", "unknown parameter 'K'", "did you mean 'k'? the parameters are, in grid order: n, k, l, N, "
     "landscapes, mode, smoothing"),
    ("lanscapes=4", "unknown parameter 'lanscapes'", "did you mean 'landscapes'?"),
    ("zzz=4", "unknown parameter 'zzz'", "fix: the parameters are, in grid order: n, k, l, N,"),
    ("k", "'k' is not NAME=VALUES", "--param k=3,4"),
    ("k=2 3", "k='2 3' is not valid", "separate values by commas: k=2,3"),
    ("k=2;3", "k='2;3' is not valid", "separate values by commas: k=2,3"),
    ("k=1..5", "k='1..5' is not valid: k takes whole numbers", "ranges are not expanded: list every value, "
     "e.g. k=1,2,3,4,5"),
    ("k=1:4", "k='1:4' is not valid", "k=1,2,3,4"),
    ("k=2.5", "k='2.5' is not valid: k takes whole numbers", "give whole numbers, e.g. k=3,4"),
    ("k=two", "k='two' is not valid: k takes whole numbers", "give whole numbers"),
    ("k=1,,2", "k has an empty value", "remove the extra comma: k=1,2"),
    ("k=", "k has no value", "give its values: k=3,4"),
    ("mode=relai", "mode='relai' is not valid: mode takes one of relay, relay-once, tournament",
     "did you mean 'relay'? choose from: relay, relay-once, tournament"),
])
def test_parse_grid_hints_fit_the_problem(capsys, spec, message, hint):
    assert main(["sweep", "hongpage", "-p", spec, "--workers", "1", "--no-progress"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert message in err and hint in err, err
    if "separate values" not in hint:
        assert "separate values by commas" not in err      # the hint fits the problem
    with pytest.raises(InputError, match="ranges are not expanded"):
        parse_grid(sweep_models()["assembly"].fn, ["p=0:1:0.1"])
    with pytest.raises(InputError, match="p takes finite numbers"):
        parse_grid(sweep_models()["assembly"].fn, ["p=nan"])


def test_cli_analyze_refuses_a_k_larger_than_the_scenario(tmp_path, capsys):
    out = tmp_path / "k.csv"
    assert main(["sweep", "analyze", "-p", "k=2,99", "--workers", "1", "--no-progress", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "k = 99 is out of range for this scenario: k takes 1..3 (it has 3 people)" in err
    assert "entity: sweep parameter k" in err and "-p k=1,3" in err
    assert not out.exists()                                # refused before any run


def test_cli_resume_refuses_a_file_of_another_scenario_or_model(tmp_path, capsys):
    from teamsim.scenarios import default_scenario_path

    out = tmp_path / "k.csv"
    base = ["sweep", "analyze", "-p", "k=1,2", "--workers", "1", "--no-progress", "-o", str(out)]
    assert main(base) == 0
    rows = read_table(out)
    assert {(r["model"], r["scenario"], r["replicates"]) for r in rows} == {
        ("analyze", "built-in example", 1)}
    assert rows[0]["scenario_digest"].startswith("sha256:") and len(rows[0]["scenario_digest"]) == 23
    before = out.read_bytes()
    other = tmp_path / "other.yaml"
    other.write_text(default_scenario_path().read_text().replace("Carl", "Carla"))
    assert main([*base, "--scenario", str(other), "--resume"]) == 2
    err = capsys.readouterr().err
    assert "it was made with scenario='built-in example', this run has scenario='other.yaml'" in err
    same_name = tmp_path / "x" / default_scenario_path().name
    same_name.parent.mkdir()
    same_name.write_text(default_scenario_path().read_text().replace("Carl", "Carla"))
    assert main([*base, "--scenario", str(same_name), "--resume"]) == 2   # same name, other content
    assert "it was made with scenario='built-in example'" in capsys.readouterr().err
    assert main(["sweep", "assembly", "--workers", "1", "--no-progress", "-o", str(out), "--resume"]) == 2
    assert "it was made with model='analyze', this run has model='assembly'" in capsys.readouterr().err
    assert main([*base, "-r", "2", "--resume"]) == 2
    assert "made with replicates=1, this run has replicates=2" in capsys.readouterr().err
    assert out.read_bytes() == before                      # every refused resume left the file alone
    assert main([*base, "--resume"]) == 0


def test_digest_follows_the_scenario_content_not_its_file_name(tmp_path):
    from teamsim.importers import load_scenario
    from teamsim.scenarios import default_scenario_path

    m = sweep_models()["analyze"]
    text = default_scenario_path().read_text()
    (tmp_path / "a.yaml").write_text(text)
    (tmp_path / "b.yaml").write_text(text.replace("Carl", "Carla"))
    a, b = (m.tags(load_scenario(tmp_path / f), tmp_path / f) for f in ("a.yaml", "b.yaml"))
    built_in = m.tags(load_scenario(default_scenario_path()))
    assert a["scenario_digest"] == built_in["scenario_digest"] != b["scenario_digest"]
    assert a["scenario"] == "a.yaml" and built_in["scenario"] == "built-in example"


def test_cli_resume_says_how_many_runs_are_kept(tmp_path, capsys):
    out = tmp_path / "a.csv"
    args = ["sweep", "assembly", "-p", "p=0,0.5,1", "-p", "steps=40", "-p", "tau=5", "--workers", "1",
            "--no-progress", "-o", str(out)]
    assert main(args) == 0
    assert "resuming" not in capsys.readouterr().err
    write_table(out, read_table(out)[:1], overwrite=True)
    assert main([*args, "--resume"]) == 0
    assert f"resuming {out}: 1 of 3 runs kept from the file, 2 to run" in capsys.readouterr().err
    assert main([*args, "--resume"]) == 0
    assert f"resuming {out}: 3 of 3 runs kept from the file, 0 to run" in capsys.readouterr().err
    out.unlink()
    assert main([*args, "--resume"]) == 0
    assert f"resuming {out}: 0 of 3 runs kept from the file, 3 to run" in capsys.readouterr().err


def test_csv_tables_are_formula_safe_and_read_back_exactly(tmp_path):
    texts = ["=HYPERLINK(\"http://x\")", "+1", "-x", "@SUM(A1)", "\tx", "\rx", "'=a", "'plain", "-3", "Ann"]
    rows = [{"point": i, "replicate": 0, "seed": 1, "neg": -2.5 - i, "negint": -3, "t": t}
            for i, t in enumerate(texts)]
    p = tmp_path / "r.csv"
    write_table(p, rows)
    raw = p.read_text()
    lines = raw.splitlines()
    assert lines[0] == '"point","replicate","seed","neg","negint","t"'
    assert lines[1] == '0,0,1,-2.5,-3,"\'=HYPERLINK(""http://x"")"'      # numbers stay numbers
    import csv as csv_

    for row in list(csv_.reader(raw.splitlines()))[1:]:
        assert not row[5].startswith(("=", "+", "-", "@", "\t", "\r")), row   # no live formula
        assert float(row[3]) < 0 and row[4] == "-3"
    assert read_table(p) == rows                            # every text exactly as written


def test_cli_analyze_sweep_over_k_and_the_two_pizza_limit(tmp_path, capsys):
    out = tmp_path / "k.csv"
    assert main(["sweep", "analyze", "--param", "k=1,2,3", "--param", "two_pizza_limit=1,2",
                 "--workers", "1", "-o", str(out), "--no-progress"]) == 0
    rows = read_table(out)
    got = {(r["k"], r["two_pizza_limit"]): (r["best_ability_team_ability"], r["most_able_team_ability"],
                                            r["oversized_teams"]) for r in rows}
    # Page's example: Adam ABCDE, Betsy ABEF, Carl CDG; teams Adam+Betsy and Betsy+Carl
    assert got == {(1, 1): (5.0, 5.0, 2), (1, 2): (5.0, 5.0, 0), (2, 1): (6.0, 7.0, 2),
                   (2, 2): (6.0, 7.0, 0), (3, 1): (7.0, 7.0, 2), (3, 2): (7.0, 7.0, 0)}
    assert rows[2]["most_able_team"] == "Betsy + Carl"
    assert "wrote 6 rows" in capsys.readouterr().out


def test_cli_hongpage_json_equals_the_library(tmp_path, capsys):
    args = ["sweep", "hongpage", "-p", "n=80", "-p", "k=2", "-p", "l=4,5", "-p", "N=3", "-p", "landscapes=2",
            "--seed", "4", "--workers", "1", "--json"]
    assert main(args) == 0
    rows = json.loads(capsys.readouterr().out)
    want = hong_page_sweep({"n": 80, "k": 2, "l": [4, 5], "N": 3, "landscapes": 2}, seed=4, processes=1,
                           progress=False)
    assert rows == [{**w, "mode": "relay", "smoothing": 0} for w in want]
    r = hong_page(80, 2, 5, 3, 2, seed=np.random.SeedSequence(4).spawn(2)[1])
    assert rows[1]["best_performance"] == r.best.performance


def test_cli_resume_finishes_a_partial_file(tmp_path, capsys):
    out = tmp_path / "a.csv"
    args = ["sweep", "assembly", "-p", "p=0,1", "-p", "steps=60", "-p", "tau=5", "-r", "2", "--workers", "1",
            "--no-progress", "-o", str(out)]
    assert main(args) == 0
    full = out.read_text()
    out.write_text("".join(full.splitlines(keepends=True)[:3]))
    assert main(args) == 2
    assert "pass --resume to continue it" in capsys.readouterr().err
    assert main([*args, "--resume"]) == 0
    assert out.read_text() == full


@pytest.mark.parametrize("args,pieces", [
    (["sweep", "nope"], ["unknown model 'nope'", "hongpage, assembly, analyze"]),
    (["sweep", "assembly", "-p", "x=1"], ["unknown parameter 'x'", "m, p, q, tau, steps, tail"]),
    (["sweep", "assembly", "-p", "p=2"], ["p = 2.0 is out of range"]),
    (["sweep", "hongpage", "-p", "k=13"], ["k=13 is larger than l=12", "give l = 13 or more"]),
    (["sweep", "assembly", "--workers", "2", "--scheduler", "tcp://h:1"], ["both given"]),
    (["sweep", "assembly", "--workers", "0"], ["--workers 0 is below 1"]),
    (["sweep", "assembly", "--seed", "-1"], ["--seed -1 is negative"]),
    (["sweep", "assembly", "--resume"], ["--resume needs the results file"]),
    (["sweep", "assembly", "--scenario", "x.yaml"], ["--scenario is for analyze"]),
    (["sweep", "assembly", "-o", "r.txt"], ["must end in .csv or .parquet"]),
    (["sweep", "assembly", "--scheduler", "http://x y"], ["is not a Dask scheduler address"]),
    (["sweep", "assembly", "--scheduler", ""], ["'' is not a Dask scheduler address"]),
])
def test_cli_refusals(capsys, args, pieces):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert all(p in err for p in pieces), err
    assert "Traceback" not in err


@pytest.mark.parametrize("address", ["bogus", "http://x", "tcp://host", "127.0.0.1:99999", "host:port",
                                     "ws://127.0.0.1:8786", "tcp://a b:1"])
def test_malformed_scheduler_addresses_are_refused_before_connecting(capsys, address):
    assert main(["sweep", "assembly", "-p", "steps=10", "--scheduler", address, "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "is not a Dask scheduler address" in err and "entity: option --scheduler" in err
    assert "tcp://HOST:PORT" in err and "drop --scheduler" in err and "Traceback" not in err


def test_scheduler_address_forms():
    from teamsim.sweep import scheduler_address

    assert scheduler_address("10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert scheduler_address("tls://host-a.example.org:8786") == "tls://host-a.example.org:8786"
    assert scheduler_address("tcp://[::1]:8786") == "tcp://[::1]:8786"


def _server(greeting: bytes | None):
    """A TCP server on 127.0.0.1 that sends ``greeting`` (or nothing) to each client; its port."""
    import socket

    srv = socket.create_server(("127.0.0.1", 0))

    def serve():
        with srv:
            while True:
                try:
                    conn, _ = srv.accept()
                except OSError:
                    return
                if greeting:
                    conn.sendall(greeting)
                threading.Timer(5, conn.close).start()

    threading.Thread(target=serve, daemon=True).start()
    return srv, srv.getsockname()[1]


@pytest.mark.parametrize("greeting", [None, b"SSH-2.0-OpenSSH_9.6\r\n", b"\x00" * 8],
                         ids=["silent-web-server", "ssh", "zero-frame"])
def test_a_server_that_is_not_a_dask_scheduler_is_named_as_such(monkeypatch, capsys, greeting):
    import time

    monkeypatch.setenv("TEAMSIM_MAX_CONNECT_SECONDS", "1")
    srv, port = _server(greeting)
    t = time.monotonic()
    try:
        assert main(["sweep", "assembly", "-p", "steps=10", "--scheduler", f"127.0.0.1:{port}",
                     "--no-progress"]) == 2
    finally:
        srv.close()
    err = capsys.readouterr().err
    assert f"tcp://127.0.0.1:{port}: the server there is not a Dask scheduler" in err, err
    assert "Traceback" not in err and "memory" not in err.lower()
    assert time.monotonic() - t < 5


def test_nothing_listening_is_refused_at_once(capsys):
    import socket
    import time

    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]        # a port that was free a moment ago and is closed now
    t = time.monotonic()
    assert main(["sweep", "assembly", "-p", "steps=10", "--scheduler", f"tcp://127.0.0.1:{port}",
                 "--no-progress"]) == 2
    assert time.monotonic() - t < 5
    err = capsys.readouterr().err
    assert f"cannot use the Dask scheduler at tcp://127.0.0.1:{port}: nothing listens there" in err
    assert "start it with `dask scheduler`" in err and "drop --scheduler" in err
    assert "TEAMSIM_MAX_CONNECT_SECONDS" in err and "Traceback" not in err


def test_the_connect_wait_is_bounded_and_configurable(monkeypatch, capsys):
    import socket
    import time

    import teamsim.sweep as sw

    def slow(*args, timeout=None, **kw):   # a host that never answers (a dropped SYN)
        assert timeout == 2
        raise TimeoutError

    monkeypatch.setattr(socket, "create_connection", slow)
    monkeypatch.setenv("TEAMSIM_MAX_CONNECT_SECONDS", "2")
    t = time.monotonic()
    with pytest.raises(TeamsimError, match="no answer within 2 s"), sw.open_executor("10.255.255.1:8786"):
        pass
    assert time.monotonic() - t < 2


def test_env_scheduler_is_the_default_engine(monkeypatch, capsys):
    monkeypatch.setenv("TEAMSIM_DASK_SCHEDULER", "bad address!")
    assert main(["sweep", "assembly", "-p", "steps=10", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "'bad address!' is not a Dask scheduler address" in err
    assert "environment variable TEAMSIM_DASK_SCHEDULER" in err and "unset TEAMSIM_DASK_SCHEDULER" in err
    assert main(["sweep", "assembly", "-p", "steps=10", "--workers", "1", "--no-progress"]) == 0
    monkeypatch.setenv("TEAMSIM_DASK_SCHEDULER", "tcp://127.0.0.1:1")
    assert main(["sweep", "assembly", "-p", "steps=10", "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "tcp://127.0.0.1:1: nothing listens there" in err and "unset TEAMSIM_DASK_SCHEDULER" in err
    assert "entity: Dask scheduler from TEAMSIM_DASK_SCHEDULER" in err


def test_cpu_count_is_positive():
    from teamsim.sweep.executors import _cpu_count

    assert 1 <= _cpu_count() <= (os.cpu_count() or 1)


def test_a_script_without_main_guard_gets_a_clear_message(tmp_path):
    """Local Dask workers re-import the user's script; without a main guard that cannot work."""
    import subprocess
    import sys

    from .conftest import ROOT

    script = tmp_path / "unguarded.py"
    script.write_text("from teamsim.assembly import assembly_sweep\n"
                      "assembly_sweep(ps=(0.0, 1.0), steps=20, runs=1, workers=2)\n")
    r = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert r.returncode != 0
    assert 'fix: worker processes re-import your script: put the sweep under if __name__ == "__main__":' \
        in r.stderr[-600:]


def test_no_cluster_is_started_for_one_run_or_none(monkeypatch, tmp_path):
    import teamsim.sweep.executors as sw

    def no_cluster(*_):
        raise AssertionError("a Dask cluster was started")

    monkeypatch.delenv("TEAMSIM_DASK_SCHEDULER", raising=False)
    monkeypatch.setattr(sw, "_dask_client", no_cluster)
    p = tmp_path / "r.csv"
    [row] = sweep_to_file(noisy, {"mu": 1.0}, p, seed=3, progress=False)
    assert sweep_to_file(noisy, {"mu": 1.0}, p, resume=True, progress=False) == [row]
    with pytest.raises(AssertionError, match="was started"):
        sweep(noisy, {"mu": [1.0, 2.0]}, progress=False)


def test_a_local_cluster_does_not_fight_a_running_scheduler_for_port_8787(recwarn):
    pytest.importorskip("distributed")
    import socket

    taken = socket.socket()
    try:
        taken.bind(("127.0.0.1", 8787))          # as a `dask scheduler` on this machine would
        taken.listen()
    except OSError:
        pass                                     # someone's scheduler already holds it: the same case
    try:
        rows = sweep(noisy, {"mu": [0.0, 1.0]}, seed=2, executor="local", workers=2, progress=False)
    finally:
        taken.close()
    assert rows == sweep(noisy, {"mu": [0.0, 1.0]}, seed=2, executor="serial", progress=False)
    assert not [w for w in recwarn if "8787" in str(w.message)], [str(w.message) for w in recwarn]


def test_sigterm_saves_the_finished_runs_like_ctrl_c(tmp_path):
    import subprocess
    import sys

    from .conftest import ROOT

    script = """
import os, signal, sys
from teamsim.sweep import SweepInterrupted, sweep_to_file

def f(a):
    if a == 2:
        os.kill(os.getpid(), signal.SIGTERM)    # a batch job's time limit, or `kill PID`
    return {"b": 2 * a}

try:
    sweep_to_file(f, {"a": range(5)}, sys.argv[1], seed=0, executor="serial", progress=False)
except SweepInterrupted as e:
    print(e.saved, e.total)
    sys.exit(130)
"""
    out = tmp_path / "r.csv"
    r = subprocess.run([sys.executable, "-c", script, str(out)], capture_output=True, text=True, timeout=120,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert (r.returncode, r.stdout) == (130, "2 5\n"), r.stderr
    assert [row["b"] for row in read_table(out)] == [0, 2]
    import signal

    before = signal.getsignal(signal.SIGTERM)
    sweep_to_file(counted, {"a": [1]}, tmp_path / "s.csv", seed=0, executor="serial", progress=False)
    assert signal.getsignal(signal.SIGTERM) is before        # the handler is put back afterwards
