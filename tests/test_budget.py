"""teamsim.budget: the one work/memory check, and that each estimate refuses just over its limit."""

import math

import numpy as np
import pytest

from teamsim.ability import ToolMatrix, max_coverage
from teamsim.assembly import _work as assembly_work
from teamsim.assembly import assemble_teams, assembly_sweep
from teamsim.budget import OPERATIONS_PER_SECOND, check_memory, check_work, fits, seconds, whole
from teamsim.communication import communication_paths
from teamsim.crowd import best_crowd
from teamsim.errors import InputError
from teamsim.hongpage import PAPER_SETTINGS, SEARCH_TENTHS, hong_page, hong_page_sweep
from teamsim.hongpage._common import _memory, _work
from teamsim.limits import LIMITS, limit
from teamsim.teamformation import exact_team


def test_message_names_parameters_estimate_limit_and_variable(monkeypatch):
    monkeypatch.setenv("TEAMSIM_MAX_WORK", "1000")
    check_work(1000, params="steps", entity="x")                      # at the limit: fine
    with pytest.raises(InputError) as e:
        check_work(1001, params="steps, m", entity="assembly model")
    text = e.value.render()
    assert "estimated work 1,001 operations (set by steps, m) is over the limit of 1,000 operations" in text
    assert "lower steps, m, or raise the limit: TEAMSIM_MAX_WORK=2000" in text
    assert e.value.entity == "assembly model"
    with pytest.raises(InputError, match="estimated memory 3.0e"):
        check_memory(3 * 10**40, params="teams", entity="y")
    assert "too much for any machine" in pytest.raises(InputError, check_memory, 3 * 10**40, params="t",
                                                       entity="y").value.hint


def test_defaults_and_fits(monkeypatch):
    assert limit("max_work") == LIMITS["max_work"].default == 20_000_000_000
    assert fits(limit("max_memory_bytes"), limit("max_work"))
    assert not fits(0, limit("max_work") + 1) and not fits(limit("max_memory_bytes") + 1, 0)
    monkeypatch.setenv("TEAMSIM_MAX_WORK", "0")
    with pytest.raises(InputError, match="TEAMSIM_MAX_WORK='0' is not a positive whole number"):
        check_work(1, params="x", entity="y")


@pytest.mark.parametrize(("value", "message"), [(0, "out of range"), (-3, "out of range"), (2.5, "integer"),
                                                (True, "integer"), ("7", "integer")])
def test_whole_refuses_with_the_name(value, message):
    with pytest.raises(InputError, match=message) as e:
        whole("steps", value)
    assert e.value.entity == "parameter steps"
    assert whole("steps", np.int64(4)) == 4 and whole("seed", 0, 0) == 0


def test_seconds_are_charged_to_the_work_budget(monkeypatch):
    cap_seconds = limit("max_work") / OPERATIONS_PER_SECOND
    assert cap_seconds == 200
    assert seconds("time_limit", cap_seconds) == 200.0
    with pytest.raises(InputError, match=r"\(set by time_limit\)"):
        seconds("time_limit", cap_seconds + 0.01)
    for bad in (0, -1, math.nan, math.inf, "10", None):
        with pytest.raises(InputError, match="not a positive number of seconds"):
            seconds("time_limit", bad)


# ------------------------------------------------------------------ each estimate at its boundary
def test_hongpage_work_by_hand_and_boundary(monkeypatch):
    # A = 4 * 3 = 12 agents, k = 2: 3 landscapes x (50 points x (6*12*2 // 10 + 4*3*2 + 50) + 60,000);
    # 6/10 of an operation (6 ns) per compiled comparison, measured: see SEARCH_TENTHS
    assert SEARCH_TENTHS == 6
    assert _work(50, 2, 4, 3, 3) == 3 * (50 * (14 + 24 + 50) + 60_000) == 193_200
    monkeypatch.setenv("TEAMSIM_MAX_WORK", "193200")
    hong_page(n=50, k=2, l=4, N=3, landscapes=3)
    monkeypatch.setenv("TEAMSIM_MAX_WORK", "193199")
    with pytest.raises(InputError, match="n, k, l, N, landscapes"):
        hong_page(n=50, k=2, l=4, N=3, landscapes=3)


def test_hongpage_sweep_adds_up_its_settings(monkeypatch):
    one = _work(50, 2, 4, 3, 2)
    monkeypatch.setenv("TEAMSIM_MAX_WORK", str(2 * one - 1))
    hong_page(n=50, k=2, l=4, N=3, landscapes=2)                         # one setting fits
    with pytest.raises(InputError, match="number of settings") as e:       # two do not, before any run
        hong_page_sweep({"n": 50, "k": 2, "l": 4, "N": [3, 3], "landscapes": 2}, processes=1, progress=False)
    assert "Hong-Page sweep of 2 settings" in e.value.entity
    assert _memory(50, 2, 4, 3, 2)[0] > 0


def test_the_documented_paper_replication_fits_the_default_limit():
    # teamsim hongpage --paper --mode relay-once --landscapes 100 (docs/science.md, docs/hongpage.md):
    # 100 x (2000 x (2376 + 120 + 50) + 60,000) + 100 x (2000 x (12312 + 120 + 50) + 60,000)
    # + 100 x (2000 x (2376 + 240 + 50) + 60,000); measured about 27 s of CPU in all
    total = sum(_work(2000, 3, s["l"], s["N"], 100) for s in PAPER_SETTINGS)
    assert total == 515_200_000 + 2_502_400_000 + 539_200_000 == 3_556_800_000
    assert total <= LIMITS["max_work"].default


def test_assembly_work_by_hand_and_boundary(monkeypatch):
    # 200 steps of m=3: 200 * (600*9 + 2000*3) + (200 // 2 + 1) * 10 * 9 * min(5, 200)
    assert assembly_work(3, 5, 200) == 200 * 11_400 + 101 * 450 == 2_325_450
    monkeypatch.setenv("TEAMSIM_MAX_WORK", "2325450")
    assert len(assemble_teams(m=3, tau=5, steps=200, seed=0).teams) == 200
    monkeypatch.setenv("TEAMSIM_MAX_WORK", "2325449")
    with pytest.raises(InputError, match="set by steps, m"):
        assemble_teams(m=3, tau=5, steps=200, seed=0)
    monkeypatch.delenv("TEAMSIM_MAX_WORK")
    with pytest.raises(InputError, match="set by steps, m, runs"):        # the sweep's total
        assembly_sweep(ps=(0.5,), steps=1000, runs=10**6, executor="serial")
    with pytest.raises(InputError, match="runs=0"):
        assembly_sweep(ps=(0.5,), steps=100, runs=0, executor="serial")


def test_exhaustive_best_team_work_boundary_and_auto_fallback(monkeypatch):
    m = ToolMatrix([f"p{i}" for i in range(8)], ["A", "B", "C"], np.eye(8, 3, dtype=bool), np.ones(3))
    need = math.comb(8, 3) * 4 * 1 + 10_000 * 8                            # (k + 1) t/8 per team + blocks
    monkeypatch.setattr("teamsim.budget.OPERATIONS_PER_SECOND", 1)        # keep the time limit out of it
    monkeypatch.setenv("TEAMSIM_MAX_WORK", str(need))
    assert max_coverage(m, 3, method="exhaustive").ability == 3
    monkeypatch.setenv("TEAMSIM_MAX_WORK", str(need - 1))
    with pytest.raises(InputError, match="k and the number of people"):
        max_coverage(m, 3, method="exhaustive")
    t = max_coverage(m, 3, time_limit=10)                                   # auto: not exhaustive
    assert t.method != "exhaustive" and t.ability == 3


def test_exact_crowd_work_boundary_and_auto_fallback(monkeypatch):
    p = np.arange(24, dtype=float).reshape(6, 4) % 5
    t = np.full(4, 2.0)
    need = math.comb(6, 3) * ((3 + 5) * 4 // 4 + 50)
    monkeypatch.setenv("TEAMSIM_MAX_WORK", str(need))
    rows, how = best_crowd(p, t, 3, method="exact")
    monkeypatch.setenv("TEAMSIM_MAX_WORK", str(need - 1))
    with pytest.raises(InputError, match=r"--best \(k\)"):
        best_crowd(p, t, 3, method="exact")
    assert best_crowd(p, t, 3)[1] == "greedy"


def test_exact_team_formation_work_boundary(monkeypatch):
    d = np.array([[0, 1, 1, 1], [1, 0, 2, 2], [1, 2, 0, 2], [1, 2, 2, 0]], float)
    h = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], bool)
    need = (3 + 3 + 1) * 3 * (3 + 3)                                         # subsets of 1..3 from 3 holders
    monkeypatch.setenv("TEAMSIM_MAX_WORK", str(need))
    assert exact_team(d, h, "diameter")[1] == 2.0
    monkeypatch.setenv("TEAMSIM_MAX_WORK", str(need - 1))
    with pytest.raises(InputError, match="required tools and people"):
        exact_team(d, h, "diameter")


def test_communication_paths_exact_for_huge_sizes():
    assert communication_paths(10**12) == 10**12 * (10**12 - 1) // 2
    with pytest.raises(InputError, match="too large"):
        communication_paths(np.array([3, 4_000_000_000]))
    with pytest.raises(InputError, match="must be >= 0|out of range"):
        communication_paths(-1)


def test_a_time_limit_past_any_float_is_refused_as_too_much_work():
    for value in (1e308, 1.7e308):
        with pytest.raises(InputError, match="TEAMSIM_MAX_WORK") as e:
            seconds("time_limit", value)
        assert "time_limit" in e.value.render()
