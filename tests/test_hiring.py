"""Hiring what-ifs on hand-computed examples, Lappas et al.'s toy example and random instances."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamsim import Scenario, load_scenario, most_able_team, team_ability
from teamsim.errors import InputError, ScenarioError
from teamsim.hiring import (
    departure,
    key_person_risk,
    learning_plan,
    overlap,
    pool_names,
    rank_candidates,
    smallest_covering_team,
    team_learning_plan,
    truck_factor,
)

from .conftest import SCENARIOS


def test_pool_names_draws_people_candidates_or_all():
    s = Scenario.model_validate({"tools": [{"name": "a"}], "people": [{"name": "Ann"}, {"name": "Cy"}],
                                 "candidates": [{"name": "Bo", "tools": ["a"]}]})
    assert pool_names(s) == pool_names(s, "people") == ["Ann", "Cy"]
    assert pool_names(s, "candidates") == ["Bo"]
    assert pool_names(s, "all") == ["Ann", "Cy", "Bo"]
    with pytest.raises(InputError, match="unknown pool 'everyone'") as e:
        pool_names(s, "everyone")
    assert e.value.hint == "choose people, candidates or all"
    with pytest.raises(InputError, match="the scenario has no candidates"):
        pool_names(Scenario.model_validate({"people": [{"name": "Ann"}]}), "candidates")


@pytest.fixture
def hiring():
    return load_scenario(SCENARIOS / "hiring.yaml")


@pytest.fixture
def lappas():
    return load_scenario(SCENARIOS / "lappas-experts.yaml")


def test_lappas_smallest_covering_team_is_a_e(lappas):
    t = smallest_covering_team(lappas, "project")
    assert t.members == ["a", "e"] and t.size == 2 and t.exact and t.lower_bound == 2
    assert t.covered_by["algorithms"] == ["a"] and t.covered_by["web programming"] == ["e"]


def test_lappas_most_able_pair_is_a_e(lappas):
    t = most_able_team(lappas, 2, task="project")
    assert t.members == ["a", "e"] and t.ability == 4 and t.exact


def _sets_scenario(sets):
    tools = sorted({t for s in sets.values() for t in s})
    return Scenario.model_validate({"tools": [{"name": t} for t in tools],
                                    "people": [{"name": p, "tools": sorted(s)} for p, s in sets.items()]})


def test_set_cover_milp_beats_greedy():
    # greedy takes S1 (4 tools, first of the ties), then S2 (D), then S3 (F): 3, none redundant
    # (S2 + S3 lack E); the optimum is S3 + S4: 2. Lower bound max(ceil(3 / H(4)), ceil(6 / 4)) = 2.
    s = _sets_scenario({"S1": "ABCE", "S2": "D", "S3": "ABCF", "S4": "ACDE"})
    g = smallest_covering_team(s, tools=list("ABCDEF"), method="greedy")
    assert (g.members, g.size, g.exact, g.lower_bound) == (["S1", "S2", "S3"], 3, False, 2)
    e = smallest_covering_team(s, tools=list("ABCDEF"))
    assert (e.members, e.exact, e.method, e.lower_bound) == (["S3", "S4"], True, "milp", 2)


def test_greedy_cover_prunes_redundant_member():
    # greedy picks Big (4 tools) first, then P1 (A) and P2 (F); Big is then redundant
    s = _sets_scenario({"P1": "ABC", "P2": "DEF", "Big": "BCDE"})
    g = smallest_covering_team(s, tools=list("ABCDEF"), method="greedy")
    assert (g.members, g.size, g.method) == (["P1", "P2"], 2, "greedy")
    # pruned size 2 = lower bound ceil(6 / 4) = 2, so greedy is proven minimum
    assert g.exact and g.lower_bound == 2 and "proven minimum" in g.note
    # the old first-but-not-first example: S1 is redundant after S2, S3
    t = smallest_covering_team(_sets_scenario({"S1": "1234", "S2": "125", "S3": "346"}),
                               tools=list("123456"), method="greedy")
    assert t.members == ["S2", "S3"] and t.exact


def test_set_cover_method_milp_runs_the_integer_program():
    s = _sets_scenario({"P1": "ABC", "P2": "DEF", "Big": "BCDE"})
    t = smallest_covering_team(s, tools=list("ABCDEF"), method="milp")
    assert (t.members, t.method, t.exact) == (["P1", "P2"], "milp", True)


def test_required_tool_nobody_has(hiring):
    with pytest.raises(InputError, match="nobody in the pool holds required tools 'Terraform', "
                       "'Prometheus', 'Incident response', 'Security'") as e:
        smallest_covering_team(hiring, "run-in-production")
    assert e.value.hint.startswith("outside the pool, Eli holds Terraform, Prometheus, Incident response; "
                                   "Fay holds Security: include the candidates in the pool")
    assert "--pool all" in e.value.hint and "--candidates" not in e.value.hint


def test_required_tool_nobody_in_the_scenario_has(hiring):
    with pytest.raises(InputError, match="required tool 'Go'") as e:
        smallest_covering_team(hiring, tools=["Go"], pool=["Ana", "Ben"])
    assert e.value.hint.startswith("outside the pool, Dana holds Go; Fay holds Go")
    s = _sets_scenario({"P": "A", "Q": "B"})
    s = Scenario.model_validate({**s.model_dump(), "tools": [{"name": x} for x in "ABZ"]})
    with pytest.raises(InputError, match="required tool 'Z'") as e:
        smallest_covering_team(s, tools=["A", "Z"])
    assert e.value.hint.startswith("nobody in the scenario (people or candidates) holds it")
    assert "pool" not in e.value.hint


def test_set_cover_rejects_bad_method_and_time_limit(hiring):
    with pytest.raises(InputError, match="unknown method 'exhaustive'"):
        smallest_covering_team(hiring, tools=["Python"], method="exhaustive")
    with pytest.raises(InputError, match="time limit -1"):
        smallest_covering_team(hiring, tools=["Python"], method="milp", time_limit=-1)
    t = smallest_covering_team(hiring, "run-in-production", include_candidates=True)
    assert set(t.members) >= {"Eli", "Fay"} and t.size == 3 and t.exact


def test_rank_candidates_most_able_is_not_best(hiring):
    r = rank_candidates(hiring, "Payments")
    assert [(c.name, c.individual_ability, c.marginal_gain) for c in r.candidates] == [
        ("Eli", 4, 3), ("Fay", 2, 2), ("Dana", 8, 1)]
    assert r.candidates[0].tools_added == ["Terraform", "Prometheus", "Incident response"]
    assert r.team_ability == 9 and r.most_able == "Dana" and r.best_addition == "Eli"
    assert not r.most_able_is_best


def test_rank_candidates_for_task(hiring):
    r = rank_candidates(hiring, "Payments", task="run-in-production")
    # the team covers Kubernetes and PostgreSQL of the six required tools
    assert r.team_ability == 2
    assert [(c.name, c.marginal_gain) for c in r.candidates] == [("Eli", 3), ("Fay", 1), ("Dana", 0)]


def test_candidate_already_member(hiring):
    with pytest.raises(InputError, match="already a member"):
        rank_candidates(hiring, "Payments", candidates=["Ana"])


def test_no_candidates(page):
    with pytest.raises(InputError, match="no candidates") as e:
        rank_candidates(page)
    assert "candidates:" in e.value.hint


def test_unknown_team(hiring):
    with pytest.raises(ScenarioError, match="unknown team"):
        rank_candidates(hiring, "Nope")


def test_key_person_risk(hiring):
    r = key_person_risk(hiring, "Payments")
    assert r.key_people == {"Ana": ["PostgreSQL", "AWS"], "Ben": ["Kubernetes"],
                            "Chen": ["JavaScript", "React"]}
    assert r.truck_factor.value == 1 and r.truck_factor.exact
    t = key_person_risk(hiring, "Payments", task="run-in-production")
    assert t.uncovered == ["Terraform", "Prometheus", "Incident response", "Security"]
    assert t.truck_factor.value == 0


def test_truck_factor_threshold_hand_computed(hiring):
    # 9 tools held; losing half (>= 4.5) needs two people: Ana + Ben leave Chen with 3 tools
    tf = truck_factor(hiring, "Payments", threshold=0.5)
    assert (tf.value, tf.exact, sorted(tf.people)) == (2, True, ["Ana", "Ben"])
    with pytest.raises(InputError, match="outside"):
        truck_factor(hiring, "Payments", threshold=1.5)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.booleans(), min_size=5, max_size=5), min_size=2, max_size=6),
       st.sampled_from([None, 0.3, 0.5, 1.0]))
def test_truck_factor_matches_brute_force(rows, q):
    held = np.array(rows)
    if not held.any():
        return
    s = Scenario.model_validate({"tools": [{"name": f"t{j}"} for j in range(5)],
                                 "people": [{"name": f"p{i}", "tools": [f"t{j}" for j in np.flatnonzero(r)]}
                                            for i, r in enumerate(held)]})
    keep = held.any(axis=0)
    h = held[:, keep]
    need = (q or 0) * h.shape[1]
    best = None
    for size in range(0, len(h) + 1):
        for gone in itertools.combinations(range(len(h)), size):
            left = np.delete(h, list(gone), axis=0)
            lost = int((~left.any(axis=0)).sum()) if len(left) else h.shape[1]
            if (q is None and lost >= 1) or (q is not None and lost >= need - 1e-9):
                best = size
                break
        if best is not None:
            break
    tf = truck_factor(s, threshold=q)
    assert tf.value == best and tf.exact


def test_departure_what_if(hiring):
    d = departure(hiring, "Ana", "Payments")
    assert (d.ability_before, d.ability_after) == (9, 7)
    assert [(x.tool, x.closest.person, x.closest.path, x.candidates_holding) for x in d.lost] == [
        ("PostgreSQL", "Ben", ["PostgreSQL"], ["Dana"]), ("AWS", "Ben", ["AWS"], ["Dana"])]
    # Chen would have to learn SQL first
    assert d.lost[0].plans[1].path == ["SQL", "PostgreSQL"]
    with pytest.raises(InputError, match="not a member"):
        departure(hiring, "Dana", "Payments")


def test_learning_plans(hiring):
    assert learning_plan(hiring, "Chen", "Kubernetes").path == ["Linux", "Docker", "Kubernetes"]
    assert learning_plan(hiring, "Ben", "Kubernetes").steps == 0
    p = team_learning_plan(hiring, "Payments", task="run-in-production")
    assert {g.tool for g in p.gaps} == {"Terraform", "Prometheus", "Incident response", "Security"}
    terraform = next(g for g in p.gaps if g.tool == "Terraform")
    # Ana and Ben know Linux (implied by Docker); Chen would need Linux first
    assert [(x.person, x.steps) for x in terraform.plans] == [("Ana", 1), ("Ben", 1), ("Chen", 2)]
    assert terraform.candidates_holding == ["Eli"]


def test_overlap_flags_nested_candidate(hiring):
    r = overlap(hiring, candidates=True)
    ana_dana = next(p for p in r.similar if {p.a, p.b} == {"Ana", "Dana"})
    assert ana_dana.jaccard == 0.75 and ana_dana.nested
    assert 0 < r.diversity < 1 and r.diversity == pytest.approx(1 - r.mean_jaccard)


def test_overlap_needs_two(page):
    with pytest.raises(InputError, match="at least two"):
        overlap(page, ["Adam"])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.booleans(), min_size=6, max_size=6), min_size=2, max_size=5))
def test_marginal_gain_is_union_difference(rows):
    people = [{"name": f"p{i}", "tools": [f"t{j}" for j, b in enumerate(r) if b]} for i, r in enumerate(rows)]
    s = Scenario.model_validate({"tools": [{"name": f"t{j}", "value": j + 1} for j in range(6)],
                                 "people": people[:1], "candidates": people[1:]})
    r = rank_candidates(s)
    for c in r.candidates:
        assert c.marginal_gain == team_ability(s, ["p0", c.name]) - team_ability(s, ["p0"])
        assert c.marginal_gain <= c.individual_ability
    gains = [c.marginal_gain for c in r.candidates]
    assert gains == sorted(gains, reverse=True)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.lists(st.booleans(), min_size=7, max_size=7), min_size=4, max_size=8),
       st.integers(1, 3))
def test_milp_and_greedy_against_exhaustive(rows, k):
    k = min(k, len(rows))
    people = [{"name": f"p{i}", "tools": [f"t{j}" for j, b in enumerate(r) if b]} for i, r in enumerate(rows)]
    s = Scenario.model_validate({"tools": [{"name": f"t{j}", "value": (j % 3) + 1} for j in range(7)],
                                 "people": people})
    ex = most_able_team(s, k, method="exhaustive")
    mi = most_able_team(s, k, method="milp")
    gr = most_able_team(s, k, method="greedy")
    assert mi.exact and mi.ability == ex.ability
    assert gr.ability >= (1 - 1 / np.e) * ex.ability - 1e-9
    assert gr.ability - 1e-9 <= ex.ability <= gr.upper_bound + 1e-9


def test_truck_factor_greedy_with_lp_bound(hiring):
    tf = truck_factor(hiring, "Payments", threshold=0.5, method="greedy")
    assert (tf.value, tf.method, tf.lower_bound, sorted(tf.people)) == (2, "greedy", 2, ["Ana", "Ben"])


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**31))
def test_truck_factor_greedy_brackets_exact(seed):
    rng = np.random.default_rng(seed)
    held = rng.random((12, 10)) < 0.3
    tools = [{"name": f"t{j}", "value": int(rng.integers(1, 4))} for j in range(10)]
    s = Scenario.model_validate({"tools": tools,
                                 "people": [{"name": f"p{i}", "tools": [f"t{j}" for j in np.flatnonzero(r)]}
                                            for i, r in enumerate(held)]})
    if not held.any():
        return
    exact = truck_factor(s, threshold=0.5, method="milp")
    greedy = truck_factor(s, threshold=0.5, method="greedy")
    assert exact.exact and greedy.lower_bound <= exact.value <= greedy.value


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.booleans(), min_size=5, max_size=5), min_size=2, max_size=6))
def test_overlap_invariants(rows):
    people = [{"name": f"p{i}", "tools": [f"t{j}" for j, b in enumerate(r) if b]} for i, r in enumerate(rows)]
    s = Scenario.model_validate({"tools": [{"name": f"t{j}"} for j in range(5)], "people": people})
    r = overlap(s, threshold=0.0)
    J = np.array(r.jaccard)
    assert (J == J.T).all() and ((0 <= J) & (J <= 1)).all() and (np.diag(J) == 1).all()
    sets = [set(p["tools"]) for p in people]
    for p in r.similar:   # threshold 0: every pair, with the textbook Jaccard
        a, b = sets[int(p.a[1:])], sets[int(p.b[1:])]
        assert p.jaccard == pytest.approx(len(a & b) / len(a | b) if a | b else 0.0)
        assert p.nested == ((a <= b or b <= a) and bool(a | b))
        assert p.shared == sorted(a & b, key=lambda t: int(t[1:]))


def test_truck_factor_threshold_reports_the_share_actually_lost(hiring):
    # Payments holds 9 tools (Linux, Docker implied); Ana and Ben leaving uncovers Linux, SQL,
    # PostgreSQL, Docker, Kubernetes, AWS: 6 of 9 = 67%, above the 50% threshold
    tf = truck_factor(hiring, "Payments", threshold=0.5)
    assert (tf.value, tf.people, tf.exact) == (2, ["Ana", "Ben"], True)
    assert tf.lost_share == pytest.approx(6 / 9)
    assert tf.lost_tools == ["Linux", "SQL", "PostgreSQL", "Docker", "Kubernetes", "AWS"]
    # any tool: Ana alone uncovers PostgreSQL and AWS = 2 of 9
    tf = truck_factor(hiring, "Payments")
    assert (tf.value, tf.people, tf.lost_tools) == (1, ["Ana"], ["PostgreSQL", "AWS"])
    assert tf.lost_share == pytest.approx(2 / 9)


def test_truck_factor_zero_names_the_uncovered_tools(hiring):
    tf = truck_factor(hiring, "Payments", task="run-in-production")
    assert (tf.value, tf.people) == (0, [])
    assert tf.uncovered == ["Terraform", "Prometheus", "Incident response", "Security"]
    assert tf.lost_share == pytest.approx(4 / 6)


def test_departure_uses_the_threshold(hiring):
    # threshold 0.5: before, two must leave (Ana + Ben, 6/9); after Ana, Ben alone loses 6/9
    d = departure(hiring, "Ana", "Payments", threshold=0.5)
    assert (d.truck_factor_before, d.truck_factor_after, d.threshold) == (2, 1, 0.5)
    d = departure(hiring, "Ana", "Payments")
    assert (d.truck_factor_before, d.truck_factor_after, d.threshold) == (1, 0, None)


def test_equally_close_members_are_all_reported(hiring):
    gaps = {g.tool: g for g in team_learning_plan(hiring, "Payments", task="run-in-production").gaps}
    # Terraform needs Linux: Ana (Docker) and Ben (Kubernetes) already have it, Chen does not
    assert gaps["Terraform"].equally_close == ["Ana", "Ben"]
    assert gaps["Security"].equally_close == ["Ana", "Ben", "Chen"]


def test_rank_candidates_rejects_duplicates_and_suggests_names(hiring):
    with pytest.raises(InputError, match="listed twice"):
        rank_candidates(hiring, "Payments", candidates=["Eli", "Eli"])
    with pytest.raises(InputError, match="unknown candidate 'Elli'") as e:
        rank_candidates(hiring, "Payments", candidates=["Elli"])
    assert e.value.hint == "did you mean 'Eli'?"


def test_rank_candidates_warns_about_tools_nobody_holds(hiring):
    r = rank_candidates(hiring, "Payments", candidates=["Dana"], task="run-in-production")
    assert r.unheld == ["Terraform", "Prometheus", "Incident response", "Security"]
    assert r.candidates[0].marginal_gain == 0 and len(r.warnings) == 1
    assert rank_candidates(hiring, "Payments", task="run-in-production").unheld == []


def test_greedy_upper_bound_capped_at_what_the_pool_holds():
    # greedy takes P1 (4) then P2 (E, F): 6 = every tool the pool holds. The online bound is
    # min(4 + 3, 4 + 2 + 1) = 7 and 6 / (1 - 1/e) = 9.5; the cap (6) proves greedy optimal.
    from teamsim.ability import ToolMatrix, max_coverage
    H = np.array([[1, 1, 1, 1, 0, 0], [0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 0]], bool)
    m = ToolMatrix(["P1", "P2", "P3", "P4"], list("ABCDEF"), H, np.ones(6))
    t = max_coverage(m, 2, method="greedy")
    assert (t.members, t.ability, t.exact, t.upper_bound) == (["P1", "P2"], 6.0, True, 6.0)
    # an explicit integer program is solved even when greedy is already proven optimal
    t = max_coverage(m, 2, method="milp")
    assert (t.members, t.ability, t.exact, t.method) == (["P1", "P2"], 6.0, True, "milp")
    with pytest.raises(InputError, match="time limit -1"):
        max_coverage(m, 2, method="milp", time_limit=-1)


def test_most_able_team_warns_when_the_task_cannot_be_covered(hiring):
    t = most_able_team(hiring, 2, task="run-in-production")
    # only Kubernetes and PostgreSQL of the six required tools are held by people
    assert t.ability == 2 and t.exact
    assert t.warnings == ["nobody in the pool holds required tools Terraform, Prometheus, Incident response, "
                          "Security: no team reaches the task's full value 6 (the best possible is 2)"]
    assert most_able_team(hiring, 2).warnings == []


def test_unknown_candidate_without_close_match_lists_only_candidates(hiring):
    with pytest.raises(InputError) as e:
        rank_candidates(hiring, "Payments", candidates=["Alx"])
    assert e.value.hint == "no candidate has a similar name; the candidates are: Dana, Eli, Fay"
