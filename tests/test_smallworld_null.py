"""The calibrated small-world quotient: Q against shuffled memberships, with intervals."""

import numpy as np
import pytest

from teamsim.affiliation import affiliation_from_members, one_mode_projection, random_affiliation
from teamsim.cli import main
from teamsim.errors import InputError
from teamsim.smallworld import (
    NULL_SAMPLES,
    clustering_coefficients,
    mean_path_length,
    random_bipartite_expectation,
    randomize_affiliation,
    small_world,
)

from .conftest import SCENARIOS


def random_by_construction(n_people=1200, n_projects=300, seed=7):
    """Every project draws its members uniformly at random, without repeats."""
    rng = np.random.default_rng(seed)
    members = {}
    for k in range(n_projects):
        size = 2 + rng.poisson(4)
        members[f"k{k}"] = [f"p{i}" for i in rng.choice(n_people, size, replace=False)]
    return affiliation_from_members(members)


def test_random_network_has_q_one_within_its_interval():
    r = small_world(random_by_construction())
    assert r.null_samples == NULL_SAMPLES == 20 and r.simulated.samples == 20
    lo, hi = r.q_ci
    assert lo <= 1 <= hi and lo <= r.q <= hi
    assert abs(r.q - 1) < 0.03 and hi - lo < 0.1
    assert r.cc_ratio_ci[0] <= 1 <= r.cc_ratio_ci[1] and r.pl_ratio_ci[0] <= 1 <= r.pl_ratio_ci[1]
    assert r.q == pytest.approx(r.cc_ratio / r.pl_ratio)
    # the analytic value stands beside it; this network is large and sparse: no flags
    assert r.analytic.kind == "analytic" and r.analytic.q is not None and r.analytic.flags == {}


def test_clustered_network_q_interval_excludes_one():
    # 60 crews of 5 who make 3 shows together; each crew also sends one member to a random show
    rng = np.random.default_rng(3)
    members = {}
    for c in range(60):
        crew = [f"c{c}m{i}" for i in range(5)]
        for s in range(3):
            members[f"crew{c}show{s}"] = crew
        other = int(rng.integers(60))
        members[f"mix{c}"] = [crew[0], f"c{other}m{int(rng.integers(1, 5))}", f"c{(c + 1) % 60}m1"]
    r = small_world(affiliation_from_members(members))
    assert r.q_ci[0] > 1 and r.q > r.q_ci[0]


def test_interval_is_the_percentile_range_of_single_sample_ratios():
    net = random_affiliation(300, seed=4)
    r = small_world(net, null_samples=7, seed=11)
    rng = np.random.default_rng(11)
    c, _ = clustering_coefficients(net)
    length = mean_path_length(net).value  # exact: draws nothing from rng
    cs, ls = [], []
    for _ in range(7):
        a = one_mode_projection(randomize_affiliation(net, seed=rng))
        cs.append(clustering_coefficients(a)[0])
        ls.append(mean_path_length(a, seed=rng).value)
    q = (c / np.array(cs)) / (length / np.array(ls))
    assert r.q_ci == pytest.approx(list(np.quantile(q, [0.025, 0.975])))
    assert r.q == pytest.approx((c / np.mean(cs)) / (length / np.mean(ls)))
    one = small_world(net, null_samples=1, seed=11)   # one shuffled network: no interval, and why
    assert one.q is not None and one.q_ci is None and one.cc_ratio_ci is None and one.pl_ratio_ci is None
    assert one.undefined["q_ci"] == ("one shuffled network: no spread to give an interval (use 20 or more "
                                     "null samples)")


def test_analytic_flags_by_hand():
    # 10 people on 5 projects of 4: mu = 2, g1'(1) = 12 / 4 = 3, z1 = 6 > 0.1 x 9; N < 100
    r = random_bipartite_expectation([2] * 10, [4] * 5)
    assert r.z1 == 6.0 and set(r.flags) == {"dense", "tiny"}
    # 5 people on one project of 5: z1 = 4 <= N but z2 = 0: no giant component
    assert set(random_bipartite_expectation([1] * 5, [5]).flags) == {"no giant", "dense", "tiny"}
    # 3 people, each on two projects of 3: z1 = 2 x 2 = 4 > N = 3
    assert "N<=z1" in random_bipartite_expectation([2] * 3, [3, 3]).flags


def test_null_samples_is_checked(monkeypatch):
    net = affiliation_from_members({"a": ["A", "B", "C"]})
    with pytest.raises(InputError, match="whole number >= 0"):
        small_world(net, null_samples=-1)
    monkeypatch.setenv("TEAMSIM_MAX_NULL_SAMPLES", "5")
    with pytest.raises(InputError, match="TEAMSIM_MAX_NULL_SAMPLES"):
        small_world(net, null_samples=6)
    r = small_world(net, null_samples=0)
    assert r.q is None and "null_samples = 0" in r.undefined["q"] and r.analytic.cc_ratio == 1.0


BOUTIQUE = SCENARIOS / "online-boutique" / "microservices-demo.gitlog"


def test_cli_refuses_non_positive_null_samples(capsys):
    for bad in ("0", "-3"):
        assert main(["network", str(BOUTIQUE), "--null-samples", bad]) == 2
        assert "--null-samples" in capsys.readouterr().err


def test_cli_json_headline_and_analytic(capsys):
    import json

    assert main(["network", str(BOUTIQUE), "--null-samples", "4", "--json"]) == 0
    w = json.loads(capsys.readouterr().out)["windows"][1]
    assert w["window"] == "2019" and w["null_samples"] == 4
    assert w["q"] == w["simulated"]["q"] and len(w["q_ci"]) == 2 and w["q_ci"][0] <= w["q_ci"][1]
    assert w["analytic"]["kind"] == "analytic" and w["analytic"]["q"] > 1
    assert set(w["analytic"]["flags"]) == {"dense", "tiny"}
