"""Scenario edits: exact results on hand-made scenarios, refusals, and invariants over random edits."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamsim import edits
from teamsim.errors import InputError, ScenarioError
from teamsim.importers import load_scenario
from teamsim.scenario import Scenario
from tests.conftest import SCENARIOS


@pytest.fixture
def hiring():
    return load_scenario(SCENARIOS / "hiring.yaml")


def test_hire_into_the_chosen_team(hiring):
    cand = hiring.candidates[0].name
    for team in [t.name for t in hiring.teams]:
        s = edits.hire(hiring, cand, team=team)
        assert [t.name for t in s.teams if cand in t.members] == [team]
        assert cand in [p.name for p in s.people] and cand not in [c.name for c in s.candidates]


def test_remove_a_member_removes_them_from_their_teams(hiring):
    team = hiring.teams[0]
    person = team.members[0]
    s = edits.remove_person(hiring, person)
    assert person not in [p.name for p in s.people]
    assert all(person not in t.members for t in s.teams)
    assert s.team(team.name).members == team.members[1:]


def test_team_editor_round_trip(hiring):
    a, b = hiring.people[0].name, hiring.people[1].name
    s = edits.add_team(hiring, "Core", [a], type="platform")
    assert s.team("Core").members == [a] and s.team("Core").type == "platform"
    s = edits.move_person(s, b, "Core")
    assert s.team("Core").members == [a, b] and all(b not in t.members for t in s.teams if t.name != "Core")
    s = edits.rename_team(s, "Core", "Foundations")
    assert s.team("Foundations").members == [a, b]
    s = edits.delete_team(s, "Foundations")
    assert "Foundations" not in [t.name for t in s.teams] and b in [p.name for p in s.people]


def test_skill_matrix_round_trip_is_the_identity(hiring):
    from teamsim.ability import skill_grid

    rows = [p.name for p in hiring.all_people]
    g = skill_grid(hiring, rows)
    flags = [p.name not in {q.name for q in hiring.people} for p in hiring.all_people]
    s = edits.set_skill_matrix(hiring, g.people, g.tools, g.listed, flags)
    # the matrix lists tools by depth, then name; every person keeps their own order: the identity
    assert g.tools[:2] == ["AWS", "Go"]
    assert hiring.people[0].tools == ["Python", "PostgreSQL", "Docker", "AWS"]
    assert s.model_dump() == hiring.model_dump()


def test_one_tick_changes_one_tool_list(hiring):
    from teamsim.ability import skill_grid
    from teamsim.compare import diff_scenarios

    g = skill_grid(hiring, [p.name for p in hiring.all_people])
    held = [list(r) for r in g.listed]
    held[0][g.tools.index("Go")] = True                      # Ana x Go
    flags = [p.name not in {q.name for q in hiring.people} for p in hiring.all_people]
    s = edits.set_skill_matrix(hiring, g.people, g.tools, held, flags)
    assert s.person("Ana").tools == ["Python", "PostgreSQL", "Docker", "AWS", "Go"]
    assert [p.tools for p in s.all_people[1:]] == [p.tools for p in hiring.all_people[1:]]
    assert [(c.name, c.change, c.detail) for c in diff_scenarios(hiring, s)] == [
        ("Ana", "changed", "tools: +Go")]


def test_skill_matrix_edit_adds_removes_and_promotes(hiring):
    tools = ["Python", "Go"]
    # Ben's row is gone, Dana is hired, Zoe is new, Eli stays a candidate; Fay is gone
    s = edits.set_skill_matrix(hiring, ["Ana", "Dana", "Chen", "Eli", "Zoe"], tools,
                               [[True, False], [True, True], [False, True], [False, False], [False, False]],
                               candidate=[False, False, False, True, False])
    assert [(p.name, p.tools, p.role) for p in s.people] == [
        ("Ana", ["Python"], "backend engineer"), ("Dana", ["Python", "Go"], "senior backend engineer"),
        ("Chen", ["Go"], "full-stack engineer"), ("Zoe", [], None)]
    assert [(c.name, c.tools) for c in s.candidates] == [("Eli", [])]
    assert s.team("Payments").members == ["Ana", "Chen"]   # Ben left the team with his row
    assert hiring.team("Payments").members == ["Ana", "Ben", "Chen"]   # the input is unchanged
    with pytest.raises(ScenarioError):
        edits.set_skill_matrix(hiring, ["Ana", "Ana"], tools, [[True, False], [False, True]])


def test_tasks_and_tools(hiring):
    tools = [t.name for t in hiring.tools][:2]
    s = edits.set_task(hiring, "migration", tools, weights={tools[0]: 2.0})
    assert s.task("migration").tools == tools and s.task("migration").weights == {tools[0]: 2.0}
    assert edits.set_task(s, "migration", tools[:1]).task("migration").tools == tools[:1]
    assert "migration" not in [t.name for t in edits.remove_task(s, "migration").tasks]
    p = hiring.people[0].name
    assert edits.set_tools(hiring, p, tools[:1]).person(p).tools == tools[:1]


@pytest.mark.parametrize("call, match", [
    (lambda s: edits.hire(s, "Nobody"), "unknown candidate"),
    (lambda s: edits.remove_person(s, "Nobody"), "unknown person"),
    (lambda s: edits.add_person(s, " "), "needs a name"),
    (lambda s: edits.add_person(s, s.people[0].name), "already taken"),
    (lambda s: edits.add_team(s, "Empty"), "member or a capacity"),
    (lambda s: edits.rename_team(edits.add_team(s, "X", [s.people[0].name]), "X", s.teams[0].name),
     "already taken"),
    (lambda s: edits.set_task(s, "t", []), "at least one required tool"),
    (lambda s: edits.remove_task(s, "nope"), "unknown task"),
])
def test_refusals(hiring, call, match):
    with pytest.raises(InputError, match=match):
        call(hiring)


def test_unknown_tool_is_a_scenario_error(hiring):
    with pytest.raises(ScenarioError, match="unknown tool"):
        edits.add_person(hiring, "Zed", ["NoSuchTool"])


def test_a_team_left_empty_goes(hiring):
    s = Scenario.model_validate({"people": [{"name": "a"}, {"name": "b"}], "teams": [
        {"name": "T", "members": ["a"]}, {"name": "U", "members": ["b"], "interactions": [{"team": "T"}]}]})
    out = edits.remove_person(s, "a")
    assert [t.name for t in out.teams] == ["U"] and out.team("U").interactions == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["hire", "remove", "move", "add"]), st.integers(0, 50),
                          st.integers(0, 50)), max_size=8))
def test_random_edits_keep_the_scenario_valid_and_never_mutate(ops):
    s = load_scenario(SCENARIOS / "hiring.yaml")
    for op, i, j in ops:
        before = s.model_dump()
        people = [p.name for p in s.people]
        teams = [t.name for t in s.teams]
        try:
            if op == "hire" and s.candidates:
                s2 = edits.hire(s, s.candidates[i % len(s.candidates)].name,
                                team=teams[j % len(teams)] if teams else None)
            elif op == "remove" and people:
                s2 = edits.remove_person(s, people[i % len(people)])
            elif op == "move" and people and teams:
                s2 = edits.move_person(s, people[i % len(people)], teams[j % len(teams)])
            else:
                s2 = edits.add_person(s, f"new{i}-{j}")
        except InputError:
            continue
        assert s.model_dump() == before                      # the input is never changed
        Scenario.model_validate(s2.model_dump())            # the result is a valid scenario
        members = {m for t in s2.teams for m in t.members}
        assert members <= {p.name for p in s2.people}
        s = s2


def test_skill_matrix_message_says_what_changed():
    s = Scenario.model_validate({"tools": [{"name": "Go"}, {"name": "SQL"}],
                                 "people": [{"name": "Ana", "tools": ["SQL"]},
                                            {"name": "Ben", "tools": ["SQL"]}],
                                 "candidates": [{"name": "Cy", "tools": []}]})
    names, tools = ["Ana", "Ben", "Cy"], ["Go", "SQL"]

    def message(held, candidate=(False, False, True), names=names):
        return edits.skill_matrix_message(s, edits.set_skill_matrix(s, names, tools, held, list(candidate)))
    assert message([[1, 1], [0, 1], [0, 0]]) == "Ana: +Go"
    assert message([[0, 1], [0, 0], [0, 0]]) == "Ben: -SQL"
    assert message([[1, 0], [1, 1], [0, 0]]) == "Ana: +Go -SQL; Ben: +Go"
    assert message([[0, 1], [0, 1], [0, 0]], (False, False, False)) == "Cy: now on staff"
    assert message([[0, 1], [0, 1]], (False, False), names[:2]) == "removed Cy"
    assert message([[0, 1], [0, 1], [0, 0], [1, 0]], (False, False, True, False),
                   [*names, "Di"]) == "added Di (Go)"
    assert message([[1, 0], [1, 0], [1, 1], [1, 0]], (False, False, True, True),
                   [*names, "Di"]) == "Ana: +Go -SQL; Ben: +Go -SQL; Cy: +Go +SQL; and 1 more"
    assert message([[0, 1], [0, 1], [0, 0]]) == "skill matrix: no change"
