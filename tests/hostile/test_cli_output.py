"""Names are data, never markup: hostile names reach the terminal as visible text.

A person, team, tool, service, task or project name may hold rich markup
(``[/b]`` crashed the old output, ``[link=...]`` hid a URL), ANSI escapes (clear the
screen), carriage returns and newlines (forge an ``error: ... fix: rm -rf /`` line)
or a bidirectional override (reorders what is shown). Every command that prints
names runs here on such names; stdout is a pipe, so rich writes no escape code of
its own and any ESC in the output would come from a name.
"""

from __future__ import annotations

import json

import pytest

from tests.hostile.harness import assert_clean, run

FAKE = r"\n error: fake fix: rm -rf /"   # YAML double-quoted escapes
SCENARIO = f"""\
name: "Hostile [/b] \\e[2J scenario"
tools:
  - {{name: "A[/b]"}}
  - {{name: "[link=http://x]y[/link]"}}
  - {{name: "C\\e[2J"}}
  - {{name: "D\\rZ"}}
  - {{name: "E{FAKE}"}}
  - {{name: "F\\u202Eevil"}}
  - {{name: "G:bug:"}}
people:
  - {{name: "Ann[/b]", tools: ["A[/b]", "[link=http://x]y[/link]", "C\\e[2J"]}}
  - {{name: "[link=http://x]Bob[/link]", tools: ["D\\rZ", "E{FAKE}", "G:bug:"]}}
  - {{name: "Cy\\e[2J\\rX", tools: ["F\\u202Eevil", "A[/b]"]}}
  - {{name: "Di{FAKE}", tools: ["C\\e[2J"]}}
candidates:
  - {{name: "Eve\\u202E[bold]", tools: ["F\\u202Eevil", "D\\rZ"]}}
teams:
  - {{name: "T[/b]", members: ["Ann[/b]", "[link=http://x]Bob[/link]"],
     services: ["svc[/b]"]}}
  - {{name: "U\\e[2J{FAKE}", members: ["Cy\\e[2J\\rX", "Di{FAKE}"],
     services: ["svc\\e[2J"]}}
services:
  - {{name: "svc[/b]", depends_on: ["svc\\e[2J"], load: 1}}
  - {{name: "svc\\e[2J", depends_on: ["svc{FAKE}"], load: 1}}
  - {{name: "svc{FAKE}", load: 1}}
tasks:
  - {{name: "task[/b]\\e[2J", tools: ["A[/b]", "D\\rZ", "G:bug:"]}}
projects:
  - {{name: "proj[/b]{FAKE}", members: ["Ann[/b]", "Cy\\e[2J\\rX"], year: 2020}}
  - {{name: "proj2\\e[2J", members: ["Ann[/b]", "Di{FAKE}"], year: 2021}}
"""

ESC_NAME = "Cy\x1b[2J\rX"
FAKE_RAW = "\n error: fake fix: rm -rf /"
# CSV refuses a quoted cell that spans lines, so CSV names forge a line with a vertical tab
FAKE_CSV = "\x0b error: fake fix: rm -rf /"


def assert_inert(r, *visible: str) -> None:
    """No traceback, no escape or control character, no forged line; names shown verbatim."""
    assert_clean(r)
    for bad in ("\x1b", "\r", "\u202e", "\U0001f41b"):
        assert bad not in r.text, (repr(bad), r.text[-2000:])
    forged = [ln for ln in r.text.splitlines() if ln.lstrip(" │|┃").startswith("error: fake")]
    assert not forged, forged
    for v in visible:
        assert v in r.text, (v, r.text[-3000:])


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile-names")
    (d / "s.yaml").write_text(SCENARIO, encoding="utf-8")
    (d / "m.csv").write_text(f"name,team,A[/b],C\x1b[2J,[link=http://x]y[/link]\n"
                             f"Ann[/b],T[/b],1,,1\n\"Cy\x1b[2J\x0bX\",\"U{FAKE_CSV}\",1,1,\n",
                             encoding="utf-8", newline="")
    (d / "deps.csv").write_text(f"source,target\nsvc[/b],\"svc\x1b[2J\"\n\"svc\x1b[2J\",\"svc{FAKE_CSV}\"\n",
                                encoding="utf-8", newline="")
    (d / "CODEOWNERS").write_text("/svc[/b]/ @org/T[/b]\n/other/ @org/\x1b[2Jteam\n", encoding="utf-8")
    (d / "h.gitlog").write_bytes(
        "--a1b2c3d--2024-03-05--Ann[/b]\x1b[2J\n1\t1\tsrc/svc[/b]/main.go\n2\t0\tsrc/x\x1b[2J/a.py\n\n"
        "--a1b2c3e--2024-03-06--[link=http://x]Bob[/link]\u202e\n3\t1\tsrc/svc[/b]/main.go\n"
        "1\t1\tsrc/x\x1b[2J/b.py\n\n"
        "--a1b2c3f--2025-01-06--Cy\x1b[2J\n3\t1\tsrc/svc[/b]/util.go\n".encode())
    return d


SCENARIO_COMMANDS = [
    ["validate"],
    ["analyze"],
    ["analyze", "--json"],
    ["hire"],
    ["hire", "--team", "T[/b]"],
    ["hire", "--json"],
    ["best-team"],
    ["best-team", "--pool", "all", "-k", "3"],
    ["best-team", "--cover", "--task", "task[/b]\x1b[2J"],
    ["risk"],
    ["risk", "--leaves", "Ann[/b]"],
    ["risk", "--json"],
    ["learn"],
    ["learn", "--team", "T[/b]", "--task", "task[/b]\x1b[2J"],
    ["learn", "--person", "Ann[/b]", "--tool", "G:bug:"],
    ["overlap", "--threshold", "0"],
    ["ownership"],
    ["ownership", "--json"],
    ["reorg", "--slack", "5"],
    ["reorg", "--split", "T[/b]", "--parts", "2"],
    ["reorg", "--move-service", "svc[/b]", "--to", f"U\x1b[2J{FAKE_RAW}"],
    ["reorg", "--move-person", ESC_NAME, "--to", "T[/b]"],
    ["network"],
    ["network", "--json"],
    ["team-formation", "--task", "task[/b]\x1b[2J"],
    ["team-formation", "--tool", "A[/b]", "--tool", "G:bug:", "--exact"],
    ["coverage"],
    ["coverage", "--leave", "Ann[/b]", "--hire-for", "T[/b]"],
    ["design", "--min-size", "1", "--teams", "2", "--time-limit", "5"],
    ["compare", "SELF"],
    ["report", "-o", "OUT.html"],
    ["hire", "--team", "no[/b]such\x1b[2J"],         # an error listing the hostile names
    ["learn", "--person", "Ann[/b]", "--tool", "no\x1b[2Jsuch"],
]


@pytest.mark.parametrize("command", SCENARIO_COMMANDS, ids=lambda c: " ".join(c).encode(
    "unicode_escape").decode())
def test_scenario_names_are_inert(files, tmp_path, command):
    fill = {"SELF": files / "s.yaml", "OUT.html": tmp_path / "r.html"}
    r = run(command[0], files / "s.yaml", *(fill.get(c, c) for c in command[1:]))
    assert_inert(r)
    if "--json" in command:
        json.loads(r.out)   # still valid JSON after escaping
    elif r.code == 0 and command[0] in ("analyze", "hire", "best-team", "risk", "overlap", "ownership"):
        # markup is shown as typed: the brackets survive, nothing is swallowed
        assert "[/b]" in r.out, r.out


def test_markup_names_are_printed_verbatim(files):
    r = run("analyze", files / "s.yaml")
    assert_inert(r, "Ann[/b]", "[link=http://x]Bob[/link]", "Cy\\x1b[2J\\rX", "G:bug:",
                 "Di\\n error: fake fix: rm -rf /", "F\\u202eevil")


def test_hostile_file_name_is_inert(files, tmp_path):
    f = tmp_path / "x[/b]\x1b[2J.yaml"       # folder 'x[' holding 'b]<ESC>[2J.yaml'
    f.parent.mkdir()
    f.write_text(SCENARIO, encoding="utf-8")
    assert_inert(run("validate", f), "x[/b]\\x1b[2J.yaml")
    assert_inert(run("analyze", f), "Ann[/b]")


def test_import_skills_names_are_inert(files, tmp_path):
    out = tmp_path / "s.yaml"
    assert_inert(run("import", "skills", files / "m.csv", "-o", out), "wrote")
    assert_inert(run("analyze", out), "Ann[/b]", "T[/b]")


def test_import_git_and_network_names_are_inert(files, tmp_path):
    out = tmp_path / "g.yaml"
    assert_inert(run("import", "git", files / "h.gitlog", "-o", out, "--bots", ""), "wrote")
    assert_inert(run("network", files / "h.gitlog", "--bots", ""))
    assert_inert(run("analyze", out), "Ann[/b]")


def test_ownership_sources_names_are_inert(files, tmp_path):
    srcs = [files / "s.yaml", files / "deps.csv", files / "CODEOWNERS"]
    assert_inert(run("ownership", *srcs, "--service-paths", "{name}/"), "svc[/b]")
    assert_inert(run("import", "ownership", *srcs, "-o", tmp_path / "o.yaml"), "wrote")
    assert_inert(run("reorg", *srcs, "--slack", "5"))


def test_crowd_names_are_inert(tmp_path):
    f = tmp_path / "p.csv"
    f.write_text("forecaster,question,prediction,truth\n"
                 f"Ann[/b],\"q[link=http://x]1[/link]\",4,6\n\"{ESC_NAME}\",\"q[link=http://x]1[/link]\",9,6\n"
                 f"\"Di{FAKE_RAW}\",\"q2\x1b[2J\",1,2\nAnn[/b],\"q2\x1b[2J\",3,2\n", encoding="utf-8")
    assert_inert(run("crowd", f, "--best", "1"), "Ann[/b]", "q[link=http://x]1[/link]")
    assert_inert(run("crowd", f, "--drop", "Ann[/b]"), "Ann[/b]")


def test_workspace_names_are_inert(files, tmp_path):
    env = {"TEAMSIM_DATABASE_URL": f"sqlite:///{tmp_path / 'ws.db'}"}
    assert_inert(run("workspace", "save", files / "s.yaml", "--plan", "p[/b]\x1b[2J", env=env),
                 "bad plan name 'p[/b]\\x1b[2J'")                       # refused, shown as typed
    plan = "p1"
    assert_inert(run("workspace", "save", files / "s.yaml", "--plan", plan, "-m", f"m[/b]{FAKE_RAW}",
                     env=env),
                 "saved p1@1")
    assert_inert(run("workspace", "list", env=env), "p1")
    assert_inert(run("workspace", "log", plan, env=env), "m[/b]\\n error: fake")
    out = tmp_path / "back.yaml"
    assert_inert(run("workspace", "export", f"ws:{plan}", "-o", out, env=env), "wrote")
    assert_inert(run("analyze", out), "Ann[/b]")


@pytest.mark.parametrize(("command", "kind"), [("analyze", "team"), ("ownership", "svc"), ("risk", "person")])
def test_the_apps_markup_names_print_verbatim(tmp_path, command, kind):
    """The app's hostile scenario (Markdown, HTML, Streamlit directives) on the command line."""
    from tests.hostile.markup import hostile_names, hostile_yaml

    f = tmp_path / "markup.yaml"
    f.write_bytes(hostile_yaml())
    assert_inert(run(command, f), *hostile_names(kind)[:2])   # the scenario has two teams


# ------------------------------------------------------------------ usage errors
HOSTILE_ARG = "x\x1b[2J\u202e\u200b[bold red]y[/]\nerror: fake fix: rm -rf /"


@pytest.mark.parametrize(("args", "echoed"), [
    ([HOSTILE_ARG], True),                                   # unknown command
    (["validate", "a.yaml", HOSTILE_ARG], True),             # unexpected extra argument
    (["analyze", "a.yaml", "-k", HOSTILE_ARG], False),       # bad integer (value not repeated)
    (["analyze", "a.yaml", "--" + HOSTILE_ARG], True),       # unknown option
    (["import", HOSTILE_ARG], True),                         # unknown subcommand
    (["hongpage", "--n", "5", "--lam" + HOSTILE_ARG], True),
], ids=["command", "extra", "int", "option", "subcommand", "option2"])
def test_usage_errors_show_user_values_as_data(args, echoed):
    r = run(*args)
    assert_inert(r)
    assert r.code == 2 and "\u200b" not in r.text
    assert ("\\u202e\\u200b[bold red]y[/]" in r.err) == echoed, r.err
    lines = r.err.splitlines()
    assert lines[0].startswith("Usage: teamsim") and lines[-1].startswith("error: ")
    assert len(lines) == 3  # usage, "Try ... --help", one error line: nothing forged


def test_usage_error_for_a_good_value_is_unchanged():
    r = run("analyze", "a.yaml", "-k", "x")
    assert r.code == 2 and r.err.splitlines() == [
        "Usage: teamsim analyze [OPTIONS] {scenario}", "Try 'teamsim analyze --help' for help.",
        "error: Invalid value for '--k' / '-k': Input should be a valid integer, unable to parse "
        "string as an integer"]
    assert run("--help").code == 0 and run().code == 2  # help, and no arguments: the help
