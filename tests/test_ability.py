"""Page's reference values and the task types, computed by hand."""

import itertools

import pytest

from teamsim import (
    Scenario,
    analyze,
    best_ability_team,
    diversity_bonus,
    individual_abilities,
    is_nested,
    load_scenario,
    most_able_team,
    team_ability,
    tool_redundancy,
    unique_tools,
)
from teamsim.ability import MAX_EXACT_COMBINATIONS, interactive_method, skill_grid, tool_matrix
from teamsim.errors import InputError, ScenarioError
from teamsim.report import team_of_k

from .conftest import SCENARIOS


def test_page_individual_abilities(page):
    assert individual_abilities(page) == {"Adam": 5.0, "Betsy": 4.0, "Carl": 3.0}


@pytest.mark.parametrize("members,ability", [
    (["Adam", "Betsy"], 6), (["Betsy", "Carl"], 7), (["Adam", "Carl"], 6),
    (["Adam", "Betsy", "Carl"], 7),
])
def test_page_team_abilities(page, members, ability):
    assert team_ability(page, members) == ability


def test_page_diversity_bonus(page):
    assert diversity_bonus(page, ["Betsy", "Carl"]) == 3
    assert diversity_bonus(page, ["Adam", "Betsy"]) == 1
    assert diversity_bonus(page, ["Adam", "Carl"]) == 1


def test_page_best_ability_vs_most_able(page):
    best = best_ability_team(page, 2)
    able = most_able_team(page, 2)
    assert (best.members, best.ability) == (["Adam", "Betsy"], 6)
    assert (able.members, able.ability, able.diversity_bonus) == (["Betsy", "Carl"], 7, 3)
    assert able.exact and able.method == "exhaustive"


def test_team_of_k_sets_the_two_teams_side_by_side(page):
    r = team_of_k(page, 2)
    assert r.k == 2
    assert r.best_ability_team == best_ability_team(page, 2)
    assert r.most_able_team == most_able_team(page, 2)
    greedy = team_of_k(page, 2, ["Adam", "Betsy", "Carl"], method="greedy").most_able_team
    assert (greedy.members, greedy.ability, greedy.upper_bound) == (["Adam", "Betsy"], 6, 7)
    assert team_of_k(page, 1, ["Betsy", "Carl"]).most_able_team.members == ["Betsy"]


def test_analyze_passes_its_method_to_the_team_of_k(page):
    assert analyze(page, k=2, method="greedy").team_of_k == team_of_k(page, 2, method="greedy")
    assert analyze(page, k=2).team_of_k.most_able_team.members == ["Betsy", "Carl"]


@pytest.mark.parametrize("n, k, exact, method", [
    (10, 3, False, "auto"), (3, 5, False, "auto"),
    (2_000, 2, False, "auto"),            # C(2000, 2) = 1 999 000 <= 2 000 000: enumeration
    (2_001, 2, False, "greedy"),          # C(2001, 2) = 2 001 000 > 2 000 000: greedy first
    (2_001, 2, True, "auto"), (1_000, 5, False, "greedy"), (1_000, 5, True, "auto"),
])
def test_interactive_method_is_greedy_only_past_the_enumeration_limit(n, k, exact, method):
    assert MAX_EXACT_COMBINATIONS == 2_000_000
    assert interactive_method(n, k, exact=exact) == method


def test_skill_grid_orders_tools_by_depth_and_marks_implied_ones():
    s = Scenario.model_validate({
        "tools": [{"name": "C", "requires": ["B"]}, {"name": "B", "requires": ["A"]}, {"name": "A"},
                  {"name": "Z"}],
        "people": [{"name": "Ann", "tools": ["C"]}, {"name": "Bo", "tools": ["Z", "A"]}],
        "candidates": [{"name": "Cy", "tools": ["B"]}]})
    g = skill_grid(s)
    assert g.people == ["Ann", "Bo"] and g.tools == ["A", "Z", "B", "C"]   # depth 0, 0, 1, 2
    assert g.listed.tolist() == [[False, False, False, True], [True, True, False, False]]
    assert g.cells().tolist() == [[0.5, 0.0, 0.5, 1.0], [1.0, 1.0, 0.0, 0.0]]
    every = skill_grid(s, ["Cy", "Ann"])
    assert every.people == ["Cy", "Ann"] and every.cells()[0].tolist() == [0.5, 0.0, 1.0, 0.0]
    m = tool_matrix(s, ["Cy", "Ann"])   # the same held tools, in depth order
    assert (every.held == m.held[:, [m.tools.index(t) for t in every.tools]]).all()
    with pytest.raises(ScenarioError, match="unknown person"):
        skill_grid(s, ["Nobody"])


def test_greedy_reports_bound(page):
    t = most_able_team(page, 2, method="greedy")
    assert t.method == "greedy" and not t.exact
    # greedy picks Adam (5) then Betsy (+1, first of the tie with Carl): 6.
    # Bound: min(6/(1-1/e) = 9.49, online bound after step 1: 5 + top-2 gains (1 + 1) = 7) = 7
    assert t.members == ["Adam", "Betsy"] and t.ability == 6 and t.upper_bound == 7


def test_too_many_combinations_falls_back_to_exact_milp(page):
    t = most_able_team(page, 2, max_combinations=1)
    assert (t.method, t.exact, t.members, t.ability, t.upper_bound) == ("milp", True, ["Betsy", "Carl"], 7, 7)


def test_task_types_hand_computed(page):
    m = ["Adam", "Betsy"]
    assert team_ability(page, m, "complex") == 6
    assert team_ability(page, m, "additive") == 9
    assert team_ability(page, m, "disjunctive") == 5
    s = page.model_copy(update={})
    s = Scenario.model_validate({**page.model_dump(), "tasks": [
        {"name": "t", "tools": ["F", "G", "A", "C"]}]})
    # Adam+Betsy cover A, C, F of {F, G, A, C}
    assert team_ability(s, m, "conjunctive", "t") == pytest.approx(0.75)
    with pytest.raises(InputError):
        team_ability(s, m, "conjunctive")
    with pytest.raises(InputError):
        team_ability(s, m, "bogus")


def test_weighted_tools():
    s = Scenario.model_validate({
        "tools": [{"name": "A", "value": 3}, {"name": "B", "value": 0.5}],
        "people": [{"name": "P", "tools": ["A"]}, {"name": "Q", "tools": ["A", "B"]}]})
    assert individual_abilities(s) == {"P": 3.0, "Q": 3.5}
    assert team_ability(s, ["P", "Q"]) == 3.5
    assert diversity_bonus(s, ["P", "Q"]) == 0


def test_no_diversity_no_bonus():
    s = load_scenario(SCENARIOS / "no-diversity.yaml")
    people = [p.name for p in s.people]
    for r in (2, 3):
        for team in itertools.combinations(people, r):
            assert diversity_bonus(s, list(team)) == 0
            assert is_nested(s, list(team))
    report = analyze(s)
    assert all(t.ability == 5 and t.diversity_bonus == 0 for t in report.teams)
    assert report.organisation.nested
    assert any("no diversity, no bonus" in w for w in report.warnings)


def test_learned_in_order_nested():
    s = load_scenario(SCENARIOS / "learned-in-order.yaml")
    assert individual_abilities(s) == {"Adam": 5.0, "Betsy": 4.0, "Carl": 3.0}
    report = analyze(s)
    assert [t.diversity_bonus for t in report.teams] == [0, 0, 0]
    assert all(t.nested for t in report.teams)


def test_diversity_bonus_file_is_not_nested(page):
    report = analyze(page)
    assert not any(t.nested for t in report.teams)
    assert not report.organisation.nested


def test_redundancy_and_unique_tools(page):
    assert tool_redundancy(page) == {"A": 2, "B": 2, "C": 2, "D": 2, "E": 2, "F": 1, "G": 1}
    assert unique_tools(page) == {"Betsy": ["F"], "Carl": ["G"]}
    assert unique_tools(page, ["Betsy", "Carl"]) == {"Betsy": list("ABEF"), "Carl": list("CDG")}


def test_k_out_of_range(page):
    with pytest.raises(InputError, match="outside 1..3"):
        most_able_team(page, 4)
    with pytest.raises(InputError):
        best_ability_team(page, 0)


def test_unknown_person(page):
    with pytest.raises(ScenarioError, match="unknown person 'Zed'"):
        team_ability(page, ["Zed"])


def test_implied_prerequisites_count_in_ability():
    s = Scenario.model_validate({
        "tools": [{"name": "A"}, {"name": "B", "requires": ["A"]}],
        "people": [{"name": "P", "tools": ["B"]}]})
    assert individual_abilities(s) == {"P": 2.0}
    report = analyze(s)
    assert report.people[0].implied_tools == ["A"]
    assert any("assumed known: A" in w for w in report.warnings)


def test_exhaustive_matches_bruteforce_on_random_pool():
    import random

    rng = random.Random(7)
    tools = [f"t{i}" for i in range(12)]
    people = [{"name": f"p{i}", "tools": rng.sample(tools, rng.randint(1, 6))} for i in range(11)]
    s = Scenario.model_validate({"tools": [{"name": t, "value": rng.choice([1, 2, 3])}
                                           for t in tools], "people": people})
    vals = s.tool_values
    for k in (2, 3, 4):
        brute = max(sum(vals[t] for t in set().union(*(s.tool_set(p["name"]) for p in team)))
                    for team in itertools.combinations(people, k))
        assert most_able_team(s, k).ability == brute
