"""The Hong-Page simulation: hand-checked searches, a pure-Python reference, invariants, bad input."""

# ruff: noqa: E741  (l is the paper's name for the largest step size)

import math
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamsim.errors import InputError
from teamsim.hongpage import (
    all_agents,
    coverage_diversity,
    hong_page,
    hong_page_grid,
    hong_page_landscape,
    hong_page_row,
    hong_page_sweep,
    make_landscape,
    pairwise_diversity,
    stopping_points,
    team_stopping_points,
)

from .conftest import ROOT


def search(values, steps, x):
    """The paper's rule, literally: try steps in turn, move if strictly better, stop after k failures."""
    n, k = len(values), len(steps)
    i = fails = 0
    while fails < k:
        y = (x + steps[i]) % n
        if values[y] > values[x]:
            x, fails = y, 0
        else:
            fails += 1
        i = (i + 1) % k
    return x


@pytest.mark.parametrize("k,l,count", [(3, 12, 1320), (3, 20, 6840), (2, 5, 20), (1, 4, 4)])
def test_number_of_agents(k, l, count):
    a = all_agents(k, l)
    assert a.shape == (count, k) == (math.perm(l, k), k)
    s = np.sort(a, axis=1)
    assert len({tuple(r) for r in a}) == count and (s[:, 1:] != s[:, :-1]).all()


def test_hand_checked_search():
    v = np.array([0.0, 5.0, 1.0, 9.0, 2.0, 3.0])
    # step 1 from 4: 2 -> 3 (better), then 3 -> 0 fails: stops at 5
    assert stopping_points(v, np.array([[1]]))[0].tolist() == [1, 1, 3, 3, 5, 5]
    # (2, 1) from 0: +2 -> 2 (1 > 0), +1 -> 3 (9), +2 -> 5 fails, +1 -> 4 fails: stops at 3
    assert stopping_points(v, np.array([[2, 1]]))[0, 0] == 3


@settings(max_examples=40, deadline=None)
@given(st.integers(8, 60), st.integers(1, 3), st.integers(0, 2**31))
def test_stopping_points_match_loop(n, k, seed):
    rng = np.random.default_rng(seed)
    l = min(7, n - 1)
    k = min(k, l)
    values = make_landscape(n, rng, smoothing=int(rng.integers(0, 3)))
    steps = all_agents(k, l)
    F = stopping_points(values, steps)
    for a in rng.choice(len(steps), size=min(5, len(steps)), replace=False):
        assert F[a].tolist() == [search(values, steps[a].tolist(), x) for x in range(n)]


def test_stopping_points_of_agents_not_closed_under_rotation():
    # (1, 3, 2) alone: the compiled pass adds its rotations (3, 2, 1) and (2, 1, 3) as states
    rng = np.random.default_rng(5)
    values = make_landscape(40, rng)
    steps = np.array([[1, 3, 2], [5, 1, 2]])
    F = stopping_points(values, steps)
    assert F.dtype == np.intp and F.shape == (2, 40)
    for a in range(2):
        assert F[a].tolist() == [search(values, steps[a].tolist(), x) for x in range(40)]


@pytest.mark.parametrize("mode", ["relay", "relay-once"])
def test_matches_the_compiled_floor(mode):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from _hongpage_numba import landscape_outcome

    kw = {"n": 300, "k": 3, "l": 8, "N": 6}
    o = hong_page_landscape(seed=2, index=1, mode=mode, **kw)
    ref = landscape_outcome(np.random.SeedSequence(2).spawn(2)[1], mode=mode, **kw)
    assert o.model_dump(exclude={"index"}) == ref      # exact, float for float


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**31), st.sampled_from(["relay", "tournament"]))
def test_team_stops_where_no_member_improves(seed, mode):
    rng = np.random.default_rng(seed)
    values = make_landscape(150, rng)
    steps = all_agents(2, 6)
    F = stopping_points(values, steps)
    team = rng.choice(len(steps), size=4, replace=False)
    stop = team_stopping_points(values, F[team], mode)
    assert (F[team][:, stop] == stop).all()             # a fixed point of every member
    assert (values[stop] >= values).all()               # never worse than the start


def test_diversity_measures():
    assert pairwise_diversity(np.array([[1, 2, 3], [1, 2, 3]])) == 0
    assert pairwise_diversity(np.array([[1, 2, 3], [4, 5, 6]])) == 1
    assert pairwise_diversity(np.array([[1, 2, 3]])) == 0
    assert coverage_diversity(np.array([[1, 2, 3], [4, 5, 6]]), 12) == 0.5


def test_matches_pure_python_reference():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from _reference import landscape_outcome

    kw = {"n": 250, "k": 3, "l": 7, "N": 5}
    for mode, smoothing in (("relay", 0), ("tournament", 2)):
        o = hong_page_landscape(seed=3, index=1, mode=mode, smoothing=smoothing, **kw)
        ref = landscape_outcome(np.random.SeedSequence(3).spawn(2)[1], mode=mode, smoothing=smoothing, **kw)
        assert o.model_dump(exclude={"index"}) == ref      # exact, float for float


def test_paper_default_first_landscapes():
    """n=2000, k=3, l=12, N=10 on 5 landscapes of seed 0 (the same numbers as the CLI and benchmark)."""
    r = hong_page(landscapes=5, seed=0)
    assert r.agents == 1320
    assert r.random.performance == pytest.approx(94.5617, abs=1e-3)
    assert r.best.performance == pytest.approx(91.5679, abs=1e-3)
    assert r.random_wins == 1.0
    assert r.random.diversity > r.best.diversity and r.random.coverage > r.best.coverage
    assert r.best.mean_ability > r.random.mean_ability           # the best team is individually better


def test_seeded_and_reproducible_across_processes():
    kw = {"n": 120, "k": 2, "l": 5, "N": 3, "landscapes": 4}
    a = hong_page(seed=11, **kw)
    assert a == hong_page(seed=11, **kw)
    assert a == hong_page(seed=11, processes=2, **kw)
    assert a != hong_page(seed=12, **kw)
    g = hong_page(seed=np.random.default_rng(5), **kw)
    assert g.seed is None and len(g.landscapes) == 4


def test_sweep_rows():
    rows = hong_page_sweep([{"n": 100, "k": 2, "l": 4, "N": [2, 3], "landscapes": 2}], processes=1,
                           progress=False)
    assert [(r["N"], r["l"], r["agents"]) for r in rows] == [(2, 4, 12), (3, 4, 12)]
    assert all(0 <= r["random_wins"] <= 1 for r in rows)


@pytest.mark.parametrize("kw,match", [
    ({"k": 13, "l": 12}, "k=13 is larger than l=12"),
    ({"n": 12, "l": 12}, "n=12 is out of range"),
    ({"N": 1321}, "only 1320 agents"),
    ({"landscapes": 0}, "landscapes=0"),
    ({"mode": "vote"}, "unknown team search mode"),
    ({"k": 7, "l": 30}, "more than teamsim simulates"),
    ({"seed": -1}, "seed must be"),
    ({"N": 2.5}, "N must be an integer"),
    ({"smoothing": 5000}, "smoothing=5000"),
])
def test_bad_parameters(kw, match):
    with pytest.raises(InputError, match=match):
        hong_page(**kw)


def test_bad_sweep_parameter():
    with pytest.raises(InputError, match="unknown sweep parameter 'K'"):
        hong_page_sweep({"K": 3}, progress=False)


def test_steps_must_fit_the_ring():
    with pytest.raises(InputError, match="step sizes must be in 1..5"):
        stopping_points(np.arange(6.0), np.array([[1, 6]]))


def test_single_setting_sweep_spreads_landscapes_and_matches_hong_page():
    kw = {"n": 120, "k": 2, "l": 5, "N": 3, "landscapes": 4}
    [one] = hong_page_sweep(kw, seed=3, processes=1, progress=False)
    [two] = hong_page_sweep(kw, seed=3, processes=2, progress=False)
    assert one == two
    r = hong_page(seed=np.random.SeedSequence(3).spawn(1)[0], **kw)   # point 0 gets child 0
    assert (one["best_performance"], one["difference"], one["best_agent_ability"]) == (
        r.best.performance, r.difference, r.best_agent_ability)
    assert one["difference"] == pytest.approx(r.random.performance - r.best.performance)


def test_range_hints_read_as_english():
    with pytest.raises(InputError) as e:
        hong_page(n=5, l=12)
    assert e.value.hint == "use n = 13 or more"
    with pytest.raises(InputError) as e:
        hong_page(k=13, l=12)
    assert e.value.hint == "give l = 13 or more, or k = 12 or less (the paper uses k=3, l=12)"


def test_relay_once_is_one_pass_by_hand():
    # ring 0 5 1 9 2 3; member 1 steps by 2, member 2 by 1
    v = np.array([0., 5., 1., 9., 2., 3.])
    F = stopping_points(v, np.array([[2], [1]]))
    # from 0: step 2 climbs 0 -> 2 (1) -> 4 (2), then 0 is lower: stops at 4
    assert F.tolist() == [[4, 3, 4, 3, 4, 3], [1, 1, 3, 3, 5, 5]]
    # one pass: member 1 then member 2 (4 -> 5), and no second round
    assert team_stopping_points(v, F, "relay-once").tolist() == [5, 3, 5, 3, 5, 3]
    # the full relay goes on: member 1 from 5 climbs 5 -> 1 -> 3 (the peak)
    assert team_stopping_points(v, F, "relay").tolist() == [3] * 6


def test_relay_once_is_the_composition_of_the_members_maps():
    rng = np.random.default_rng(3)
    v = make_landscape(300, rng)
    steps = all_agents(2, 6)[rng.choice(30, 4, replace=False)]
    F = stopping_points(v, steps)
    once = team_stopping_points(v, F, "relay-once")
    assert once.tolist() == F[3][F[2][F[1][F[0]]]].tolist()
    full = team_stopping_points(v, F, "relay")
    assert np.all(v[full] >= v[once])


def test_sd_and_se_are_reported():
    r = hong_page(n=200, k=2, l=6, N=4, landscapes=5, seed=2, mode="relay-once")
    perf = [o.best_performance for o in r.landscapes]
    assert r.mode == "relay-once"
    assert r.best.performance_sd == pytest.approx(np.std(perf, ddof=1))
    assert r.best.performance_se == pytest.approx(r.best.performance_sd / math.sqrt(5))
    diff = [o.random_performance - o.best_performance for o in r.landscapes]
    assert r.difference_sd == pytest.approx(np.std(diff, ddof=1))
    row = hong_page_row(n=200, k=2, l=6, N=4, landscapes=5, seed=2, mode="relay-once")
    assert row["best_performance_sd"] == r.best.performance_sd and row["difference_sd"] == r.difference_sd


def test_one_landscape_has_no_sd_or_se(capsys):
    import json

    from teamsim.cli import main

    r = hong_page(n=200, k=2, l=6, N=4, landscapes=1, seed=2)
    assert r.best.performance == r.landscapes[0].best_performance      # the mean of one value
    assert (r.best.performance_sd, r.best.performance_se, r.random.diversity_se, r.difference_sd,
            r.difference_se) == (None, None, None, None, None)
    args = ["hongpage", "--n", "200", "-k", "2", "--l", "6", "--N", "4", "--landscapes", "1", "--no-progress"]
    assert main([*args, "--json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert row["best_performance_sd"] is None and row["random_performance_se"] is None
    assert row["difference_se"] is None
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "0.00" not in out.split("Spread over landscapes")[1].split("wins:")[0]
    assert "— = undefined: SD and SE need two or more landscapes." in " ".join(out.split())
    assert f"{row['best_performance']:.2f} ± —" in out


@pytest.mark.parametrize("N, l, best, random", [(10, 12, 92.34, 94.35)])
def test_relay_once_reproduces_the_500_landscape_replication(N, l, best, random):
    # Wallrich et al. (2022), 500 landscapes, single-pass relay: best-ability vs random groups.
    # 40 landscapes here: each mean must be within 3 combined standard errors (ours over 40
    # landscapes, theirs over 500 with the same spread) of the published value.
    r = hong_page(N=N, l=l, landscapes=40, seed=0, mode="relay-once")
    for group, published in ((r.best, best), (r.random, random)):
        tol = 3 * math.sqrt(group.performance_se ** 2 + group.performance_sd ** 2 / 500)
        assert abs(group.performance - published) < tol, (group.performance, published, tol)
        assert tol < 1.0  # the test can fail: the tolerance stays well below the gap of about 2
    assert r.random.performance - r.best.performance > 1


def test_cli_shows_sd_and_accepts_relay_once(capsys):
    import json

    from teamsim.cli import main

    args = ["hongpage", "--n", "200", "-k", "2", "--l", "6", "--N", "3", "--landscapes", "4",
            "--mode", "relay-once", "--no-progress", "--processes", "1"]
    assert main(args) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "relay-once" in out and "SD best-N" in out and "SD difference" in out
    assert main([*args, "--json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert row["mode"] == "relay-once" and row["best_performance_sd"] > 0
    assert row["best_performance_se"] == pytest.approx(row["best_performance_sd"] / 2)  # 4 landscapes


def test_default_processes_one_for_small_runs_or_busy_machines(monkeypatch):
    from teamsim.hongpage import _common as hongpage

    monkeypatch.setattr(hongpage.os, "cpu_count", lambda: 2)
    load = [0.0]
    monkeypatch.setattr(hongpage.os, "getloadavg", lambda: (load[0], 0.0, 0.0))
    big = hongpage._work(2000, 3, 12, 10, 50)                          # the paper's default run
    assert hongpage._work(2000, 3, 12, 10, 13) < hongpage.PARALLEL_WORK <= hongpage._work(2000, 3, 12, 10, 14)
    assert hongpage._auto_processes(hongpage.PARALLEL_WORK - 1, 50) == 1      # small: no pool
    assert hongpage._auto_processes(big, 50) == 2                      # idle machine: both cores
    assert hongpage._auto_processes(big, 1) == 1                       # one landscape
    load[0] = 0.4                                                      # 1.6 idle cores -> 2
    assert hongpage._auto_processes(big, 50) == 2
    load[0] = 1.6                                                      # 0.4 idle -> 1
    assert hongpage._auto_processes(big, 50) == 1
    load[0] = 11.0                                                     # shared and busy
    assert hongpage._auto_processes(big, 50) == 1
    kw = {"n": 120, "k": 2, "l": 5, "N": 3, "landscapes": 3, "seed": 4}
    assert hong_page(processes=None, **kw) == hong_page(processes=1, **kw)


def test_hong_page_grid_builds_the_sweep_parameters():
    base = {"n": 100, "k": 2, "landscapes": 3, "mode": "tournament", "smoothing": 1}
    assert hong_page_grid(**base) == {**base, "l": [12], "N": [10]}
    assert hong_page_grid(**base, l=[5, 4, 5], N=[3]) == {**base, "l": [5, 4], "N": [3]}
    assert hong_page_grid(paper=True, n=100) == [
        {"n": 100, "k": 3, "landscapes": 50, "mode": "relay", "smoothing": 0, "N": N, "l": l}
        for N, l in ((10, 12), (20, 12), (10, 20))]
    for sweep_too in ({"l": [4]}, {"N": [3]}):
        with pytest.raises(InputError, match="--paper fixes N and l"):
            hong_page_grid(paper=True, **sweep_too)
    rows = hong_page_sweep(hong_page_grid(n=60, k=2, l=[4, 5], N=[2], landscapes=1), processes=1,
                           progress=False)
    assert [(r["l"], r["N"], r["agents"]) for r in rows] == [(4, 2, 12), (5, 2, 20)]
