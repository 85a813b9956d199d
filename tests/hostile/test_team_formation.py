"""Hostile inputs for ``teamsim team-formation``: one clear refusal each, never a traceback."""

from tests.conftest import SCENARIOS
from tests.hostile.harness import assert_clean, assert_refused, run

LAPPAS = SCENARIOS / "lappas-experts.yaml"


def test_unknown_task_tool_and_cost():
    assert_refused(run("team-formation", LAPPAS, "--task", "nope"), str(LAPPAS), "unknown task 'nope'",
                   "project")
    assert_refused(run("team-formation", LAPPAS, "--tool", "cobol"), "unknown tool 'cobol'", "algorithms")
    assert_refused(run("team-formation", LAPPAS, "--task", "project", "--cost", "sum"), "unknown cost 'sum'",
                   "diameter or mst")
    assert_refused(run("team-formation", LAPPAS), "give a task or a list of tools", "--tool")
    assert_refused(run("team-formation", LAPPAS, "--task", "project", "--tool", "algorithms"), "not both")


def test_disconnected_holders_and_missing_holder(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("tools: [{name: A}, {name: B}, {name: C}]\n"
                 "people: [{name: x, tools: [A]}, {name: y, tools: [B]}, {name: z}]\n"
                 "projects: [{name: p, members: [x, z]}]\n")
    assert_refused(run("team-formation", f, "--tool", "A", "--tool", "B"), str(f),
                   "no team covering the task is connected", "shared projects")
    assert_refused(run("team-formation", f, "--tool", "A", "--tool", "C", "--cost", "mst"), str(f),
                   "nobody in the collaboration graph holds 'C'")


def test_exact_search_over_the_limit_names_the_variable():
    assert_refused(run("team-formation", LAPPAS, "--task", "project", "--exact", "--cost", "mst",
                       env={"TEAMSIM_MAX_EXACT_SUBSETS": "10"}),
                   "exact search over 31 subsets", "TEAMSIM_MAX_EXACT_SUBSETS=31", "heuristic")


def test_missing_source_and_device():
    assert_refused(run("team-formation", "no/such.yaml", "--task", "x"), "no/such.yaml", "file not found")
    assert_refused(run("team-formation", "/dev/zero", "--tool", "x"), "/dev/zero", "not a regular file")


def test_names_are_data(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text('tools: [{name: "[/red]A"}, {name: "B\\u001b[2J"}]\n'
                 'people: [{name: "[bold]x", tools: ["[/red]A"]},\n'
                 '         {name: "y\\nerror: fake", tools: ["B\\u001b[2J"]}]\n'
                 'projects: [{name: p, members: ["[bold]x", "y\\nerror: fake"]}]\n')
    r = run("team-formation", f, "--tool", "[/red]A", "--tool", "B\x1b[2J")
    assert_clean(r)
    assert r.code == 0, r.err
    assert "[bold]x" in r.out and "\x1b" not in r.out and "y\\nerror: fake" in r.out
