"""Hostile parameters: NaN and infinities, and sizes that would exhaust memory.

A float option given ``nan`` compares false with everything (``--min-level nan`` used
to drop every level); sizes such as ``hongpage --n 1000000000`` or ``reorg --teams
100000`` used to start allocating. Both are refused up front with exit 2 and a
message naming the option or the limit.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from teamsim.ability import ToolMatrix, max_coverage
from teamsim.errors import InputError
from teamsim.hongpage import WORKER_BYTES, hong_page, hong_page_sweep
from teamsim.hongpage._common import _fit_workers, _memory
from teamsim.reorg import plan_teams
from teamsim.reorg._common import _check_memory
from teamsim.scenario import Scenario
from tests.conftest import SCENARIOS
from tests.hostile.harness import assert_refused, run

HIRING = SCENARIOS / "hiring.yaml"
BOUTIQUE = SCENARIOS / "online-boutique.yaml"
GITLOG = SCENARIOS.parent / "tests" / "data" / "gitlogs" / "corner-cases.gitlog"


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    m = tmp_path_factory.mktemp("params") / "m.csv"
    m.write_text("name,A,B\nAnn,1,2\nBo,3,\n")
    return m


FLOAT_OPTIONS = [
    (["best-team", HIRING], "--time-limit"),
    (["risk", HIRING], "--threshold"),
    (["overlap", HIRING], "--threshold"),
    (["reorg", BOUTIQUE], "--lam"),
    (["reorg", BOUTIQUE], "--max-load-per-person"),
    (["reorg", BOUTIQUE], "--slack"),
    (["reorg", BOUTIQUE], "--time-limit"),
    (["design", BOUTIQUE], "--lam"),
    (["design", BOUTIQUE], "--time-limit"),
    (["coverage", BOUTIQUE, "--hire-for", "Checkout"], "--budget"),
]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e999"])
@pytest.mark.parametrize(("command", "option"), FLOAT_OPTIONS, ids=lambda x: str(x).split("/")[-1])
def test_non_finite_floats_are_refused(command, option, value):
    assert_refused(run(*command, option, value), option, "not a finite number")


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_min_level_nan_is_refused_not_dropping_every_level(matrix, tmp_path, value):
    out = tmp_path / "s.yaml"
    assert_refused(run("import", "skills", matrix, "-o", out, "--min-level", value),
                   "--min-level", "not a finite number")
    assert not out.exists()


def test_hongpage_huge_ring_is_refused_before_allocating():
    assert_refused(run("hongpage", "--n", "1000000000", "--no-progress", timeout=30),
                   "1,000,000,000 points", "parameters n, k, l")


def test_hongpage_huge_landscape_count_is_refused():
    assert_refused(run("hongpage", "--n", "200", "--landscapes", "1000000000", "--no-progress", timeout=30),
                   "estimated memory", "1000000000 landscapes", "TEAMSIM_MAX_MEMORY_BYTES")


def test_hongpage_memory_limit_env():
    r = run("hongpage", "--n", "2000", "--landscapes", "1", "--no-progress",
            env={"TEAMSIM_MAX_MEMORY_BYTES": str(10 * 2**20)})
    assert_refused(r, "estimated memory", "TEAMSIM_MAX_MEMORY_BYTES")


def test_reorg_huge_team_count_is_refused():
    assert_refused(run("reorg", SCENARIOS / "service-graphs" / "online-boutique.csv", "--teams", "100000",
                       timeout=30), "100,000 planned teams", "TEAMSIM_MAX_MEMORY_BYTES")


def test_best_team_exhaustive_huge_k_is_refused(tmp_path):
    tools = [f"t{j}" for j in range(40)]
    people = [{"name": f"p{i}", "tools": tools[i % 40:i % 40 + 3]} for i in range(60)]
    s = Scenario.model_validate({"tools": [{"name": t} for t in tools], "people": people})
    f = tmp_path / "big.json"
    f.write_text(s.model_dump_json())
    assert_refused(run("best-team", f, "-k", "12", "--method", "exhaustive", timeout=30),
                   "exhaustive search over the teams of 12 from 60 people", "TEAMSIM_MAX_MEMORY_BYTES")


# ---------------------------------------------------------------- the estimates themselves
def test_hongpage_memory_estimate_by_hand():
    # n=2000, k=3, l=12: A = 12*11*10 = 1320 agents, N=10
    peak, kept = _memory(2000, 3, 12, 10, 50)
    assert peak == 2000 * (4 * 1320 + 24 * 10 + 2 * 12 + 64) + 64 * 1320 * 3   # int32 map: 4 n A
    assert kept == 50 * (2_000 + 200 * 10 * 3)


def test_hongpage_limit_boundary(monkeypatch):
    peak, kept = _memory(50, 2, 4, 3, 2)
    monkeypatch.setenv("TEAMSIM_MAX_MEMORY_BYTES", str(peak + kept))
    hong_page(n=50, k=2, l=4, N=3, landscapes=2, processes=1)            # exactly at the limit: runs
    monkeypatch.setenv("TEAMSIM_MAX_MEMORY_BYTES", str(peak + kept - 1))
    with pytest.raises(InputError, match="estimated memory"):
        hong_page(n=50, k=2, l=4, N=3, landscapes=2, processes=1)
    with pytest.raises(InputError, match="estimated memory"):              # the sweep checks first
        hong_page_sweep({"n": 50, "k": 2, "l": 4, "N": 3, "landscapes": 2}, processes=1, progress=False)


def test_workers_fit_in_memory(monkeypatch):
    monkeypatch.setenv("TEAMSIM_MAX_MEMORY_BYTES", str(10 * 2**30))
    peak, kept = 2**30, 2**29
    # (10 GiB - 0.5 GiB) // (1 GiB + 150 MiB) = 8 workers
    assert _fit_workers(64, peak, kept) == (10 * 2**30 - kept) // (peak + WORKER_BYTES) == 8
    assert _fit_workers(3, peak, kept) == 3
    assert _fit_workers(64, 20 * 2**30, 0) == 1


def test_reorg_memory_estimate_by_hand(monkeypatch):
    # S=10 services, T=100 teams, E=20 dependencies: 24*100^2 + 400*(10 + 20) = 252,000 bytes;
    # exact adds 5,000 * (10 + 20) * 100 = 15,000,000
    monkeypatch.setenv("TEAMSIM_MAX_MEMORY_BYTES", "252000")
    _check_memory(10, 100, 20, exact=False, entity="x")                    # exactly at the limit
    monkeypatch.setenv("TEAMSIM_MAX_MEMORY_BYTES", "251999")
    with pytest.raises(InputError, match="252,000 bytes"):
        _check_memory(10, 100, 20, exact=False, entity="x")
    monkeypatch.setenv("TEAMSIM_MAX_MEMORY_BYTES", str(252_000 + 15_000_000 - 1))
    with pytest.raises(InputError, match="15,252,000 bytes"):
        _check_memory(10, 100, 20, exact=True, entity="x")


def test_local_search_at_scale_is_not_refused(monkeypatch):
    # 50,000 services x 5,000 teams: the dense search needed 8.6 GB (over the default 8 GiB
    # limit); the sparse one is estimated at 0.7 GB (and measured at 0.42 GiB peak)
    monkeypatch.delenv("TEAMSIM_MAX_MEMORY_BYTES", raising=False)
    _check_memory(50_000, 5_000, 200_000, exact=False, entity="x")


def test_plan_teams_refuses_before_building(monkeypatch):
    s = Scenario.model_validate({"services": [{"name": "a"}, {"name": "b"}]})
    with pytest.raises(InputError, match="1,000,000 planned teams") as e:
        plan_teams(s, 1_000_000)
    assert "TEAMSIM_MAX_MEMORY_BYTES" in e.value.render()
    assert len(plan_teams(s, 3).teams) == 3


def test_exhaustive_estimate_boundary(monkeypatch):
    m = ToolMatrix([f"p{i}" for i in range(6)], ["A", "B"], np.array([[1, 0], [0, 1]] * 3, bool),
                   np.ones(2))
    need = math.comb(5, 2) * (16 * 3 + 8 * 1 + 32)   # block of teams with the first member fixed
    monkeypatch.setenv("TEAMSIM_MAX_MEMORY_BYTES", str(need))
    assert max_coverage(m, 3, method="exhaustive").ability == 2
    monkeypatch.setenv("TEAMSIM_MAX_MEMORY_BYTES", str(need - 1))
    with pytest.raises(InputError, match="exhaustive search over the teams of 3 from 6 people"):
        max_coverage(m, 3, method="exhaustive")


# ---------------------------------------------------------------- the work budget (TEAMSIM_MAX_WORK)
# Each case used to run for minutes to hours (or forever); each is refused in a few seconds.
WORK = [
    (["hongpage", "--n", "200", "--landscapes", "100000", "--no-progress"], "landscapes"),
    (["hongpage", "--k", "3", "--l", "20", "--landscapes", "1000", "--no-progress"], "n, k, l, N"),
    # every setting is within the budget, the four together are not
    (["hongpage", "--N", "10", "--N", "20", "--l", "12", "--l", "20", "--landscapes", "400",
      "--no-progress"], "number of settings"),
    (["best-team", HIRING, "--time-limit", "1e9"], "time_limit"),
    (["reorg", BOUTIQUE, "--time-limit", "1e8"], "time_limit"),
    (["design", BOUTIQUE, "--time-limit", "1e8"], "time_limit"),
    (["coverage", BOUTIQUE, "--hire-for", "Checkout", "--budget", "1"], None),   # runs: the default is fine
    (["sweep", "assembly", "-p", "steps=100000000", "--no-progress"], "steps, m"),
    (["sweep", "hongpage", "-p", "landscapes=1000000", "--no-progress"], "landscapes"),
]


@pytest.mark.parametrize(("args", "param"), WORK, ids=[" ".join(map(str, a))[-60:] for a, _ in WORK])
def test_huge_work_is_refused_quickly(args, param):
    r = run(*args)
    if param is None:
        assert r.code == 0, r.text[-2000:]
        return
    assert_refused(r, "estimated work", param, "TEAMSIM_MAX_WORK", "is over the limit")


def test_best_team_exhaustive_over_the_work_budget(tmp_path):
    # C(80, 6) = 300,500,200 teams of 5 bytes: 1.05e10 operations; one block's memory fits
    assert_refused(run("best-team", _big_scenario(tmp_path, 80, 40), "-k", "6", "--method", "exhaustive",
                       env={"TEAMSIM_MAX_WORK": "5000000000"}),
                   "estimated work", "k and the number of people", "TEAMSIM_MAX_WORK",
                   "exhaustive search over the teams of 6 from 80 people")


def test_crowd_exact_over_the_work_budget(tmp_path):
    rows = [f"f{i},q{j},{(i * 7 + j * 3) % 11},5" for i in range(12) for j in range(20)]
    f = tmp_path / "p.csv"
    f.write_text("forecaster,question,prediction,truth\n" + "\n".join(rows) + "\n")
    small = {"TEAMSIM_MAX_WORK": "10000"}
    assert_refused(run("crowd", f, "--best", "5", "--method", "exact", env=small),
                   "estimated work", "--best (k)", "TEAMSIM_MAX_WORK")
    ok = run("crowd", f, "--best", "5", env=small)                  # auto: greedy, and it says so
    assert ok.code == 0 and "max_work" in ok.out, ok.text[-2000:]


def test_team_formation_exact_over_the_work_budget():
    assert_refused(run("team-formation", SCENARIOS / "lappas-experts.yaml", "--task", "project", "--exact",
                       env={"TEAMSIM_MAX_WORK": "100"}),
                   "estimated work", "required tools and people", "TEAMSIM_MAX_WORK")


@pytest.mark.parametrize(("args", "piece"), [
    (["reorg", BOUTIQUE, "--seed", "-1"], "seed"),
    (["network", HIRING, "--seed", "-1"], "--seed"),                    # a scenario
    (["network", GITLOG, "--seed", "-1"], "--seed"),                    # a git log
    (["coverage", BOUTIQUE, "--redundancy", "0"], "--redundancy"),
    (["ownership", BOUTIQUE, "--top", "-1"], "--top"),
    (["hongpage", "--landscapes", "0", "--no-progress"], "landscapes"),
    (["hongpage", "--processes", "0", "--no-progress"], "processes"),
    (["reorg", BOUTIQUE, "--time-limit", "0"], "time limit"),
])
def test_negative_and_zero_counts_are_refused(args, piece):
    assert_refused(run(*args), piece)


def test_bad_work_limit_env_is_refused():
    assert_refused(run("hongpage", "--n", "200", "--landscapes", "1", "--no-progress",
                       env={"TEAMSIM_MAX_WORK": "-5"}), "TEAMSIM_MAX_WORK", "not a positive whole number")


def _big_scenario(tmp_path, people: int, tools: int):
    names = [f"t{j}" for j in range(tools)]
    s = Scenario.model_validate({"tools": [{"name": t} for t in names],
                                 "people": [{"name": f"p{i}", "tools": names[i % tools:i % tools + 3]}
                                            for i in range(people)]})
    f = tmp_path / "big.json"
    f.write_text(s.model_dump_json())
    return f


def test_overlap_of_a_huge_pool_is_refused(tmp_path):
    # 3,000 people: 4,498,500 pairs, each a result object (minutes and gigabytes)
    assert_refused(run("overlap", _big_scenario(tmp_path, 3000, 300)), "estimated work",
                   "people (team or pool)", "4,498,500 pairs", "TEAMSIM_MAX_WORK")
