"""Hypothesis invariants of the cognitive-tool model."""

from hypothesis import given, settings
from hypothesis import strategies as st

from teamsim import Scenario, best_ability_team, most_able_team, team_ability
from teamsim.importers import parse_scenario, scenario_to_yaml
from teamsim.importers._yaml import parse_documents

TOOLS = [f"t{i}" for i in range(8)]


@st.composite
def scenarios(draw, min_people=1):
    values = draw(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0]), min_size=8, max_size=8))
    n = draw(st.integers(min_people, 6))
    people = [{"name": f"p{i}", "tools": draw(st.lists(st.sampled_from(TOOLS), unique=True))}
              for i in range(n)]
    # a random prerequisite DAG: a tool may require lower-numbered tools only
    tools = [{"name": t, "value": v,
              "requires": draw(st.lists(st.sampled_from(TOOLS[:i]), unique=True, max_size=2))
              if i else []}
             for i, (t, v) in enumerate(zip(TOOLS, values))]
    return Scenario.model_validate({"tools": tools, "people": people})


@given(scenarios(), st.data())
def test_team_at_least_best_member(s, data):
    members = data.draw(st.lists(st.sampled_from([p.name for p in s.people]), unique=True,
                                 min_size=1))
    team = team_ability(s, members)
    assert team >= max(team_ability(s, [m]) for m in members) - 1e-9
    assert team <= team_ability(s, members, "additive") + 1e-9


@given(scenarios(min_people=2), st.data())
def test_adding_member_never_lowers_complex_ability(s, data):
    names = [p.name for p in s.people]
    members = data.draw(st.lists(st.sampled_from(names), unique=True, min_size=1))
    extra = data.draw(st.sampled_from(names))
    assert team_ability(s, sorted(set(members) | {extra})) >= team_ability(s, members) - 1e-9


@given(scenarios(min_people=3), st.data())
def test_union_value_is_submodular(s, data):
    names = [p.name for p in s.people]
    a = data.draw(st.lists(st.sampled_from(names), unique=True))
    b = sorted(set(a) | set(data.draw(st.lists(st.sampled_from(names), unique=True))))
    x = data.draw(st.sampled_from([n for n in names if n not in b] or names))
    if x in b:
        return
    gain_a = team_ability(s, [*a, x]) - team_ability(s, a)
    gain_b = team_ability(s, [*b, x]) - team_ability(s, b)
    assert gain_a >= gain_b - 1e-9  # diminishing returns: A ⊆ B


@given(scenarios(min_people=2), st.integers(1, 3))
def test_most_able_at_least_best_ability(s, k):
    if k > len(s.people):
        return
    assert most_able_team(s, k).ability >= best_ability_team(s, k).ability - 1e-9


@settings(max_examples=50)
@given(scenarios())
def test_dump_load_roundtrip(s):
    text = scenario_to_yaml(s)
    data, locate = parse_documents(text, "x.yaml")[0]
    assert parse_scenario(data, "x.yaml", locate) == s
    assert Scenario.model_validate_json(s.model_dump_json()) == s
