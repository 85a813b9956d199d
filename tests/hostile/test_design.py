"""Hostile inputs for ``teamsim design`` and ``teamsim coverage``: one clear refusal each."""

from tests.conftest import SCENARIOS
from tests.hostile.harness import assert_clean, assert_refused, run

OB = SCENARIOS / "online-boutique-design.yaml"


def test_bad_parameters_are_refused():
    assert_refused(run("design", OB, "--lam", "nan"), "--lam", "not a finite number")
    assert_refused(run("design", OB, "--teams", "0"), "--teams must be at least 1")
    assert_refused(run("design", OB, "--teams", "1000000000"), "cannot form 1000000000 teams of 5-9",
                   "--teams at most 4")
    assert_refused(run("design", OB, "--min-size", "6", "--max-size", "5"), "--max-size must be")
    assert_refused(run("design", OB, "--pin", "Ana"), "not name=team", "--pin PERSON=TEAM")
    assert_refused(run("design", OB, "--pin", "Ana=Nowhere"), "unknown team 'Nowhere'", "Storefront")
    assert_refused(run("design", OB, "--pin", "Nobody=Cart"), "neither a person nor a service")
    assert_refused(run("design", OB, "--method", "magic"), "unknown method 'magic'")
    assert_refused(run("design", OB, "--time-limit", "-1"), "time limit")


def test_infeasible_design_names_the_reason():
    assert_refused(run("design", OB, "--redundancy", "4"), "only 3 of the people hold C#",
                   "service 'cartservice' cannot be covered", "lower --redundancy")
    assert_refused(run("design", OB, "--max-services", "2"), "13 services do not fit in 3 teams")
    assert_refused(run("design", OB, "--max-load", "0"), "over --max-load 0")


def test_memory_estimate_refuses_big_models():
    assert_refused(run("design", OB, "--method", "milp", env={"TEAMSIM_MAX_MEMORY_BYTES": "1000"}),
                   "estimated memory", "integer program", "TEAMSIM_MAX_MEMORY_BYTES")


def test_coverage_bad_inputs(tmp_path):
    assert_refused(run("coverage", OB, "--leave", "Nobody"), "unknown person 'Nobody'")
    assert_refused(run("coverage", OB, "--hire-for", "Cart", "--budget", "nan"), "budget")
    f = tmp_path / "s.yaml"
    f.write_text("tools: [{name: A}]\nservices: [{name: x, tools: [A, B]}]\n")
    assert_refused(run("coverage", f), "unknown tool 'B'", "service 'x'")
    f.write_text("tools: [{name: A}]\nservices: [{name: x, tools: [{name: A, weight: .nan}]}]\n")
    assert_clean(run("coverage", f))
