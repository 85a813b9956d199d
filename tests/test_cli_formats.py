"""``--format table|markdown|csv|json``: every format parses, with the right values, and names stay data.

Markdown is read back as GitHub-flavoured pipe tables (a cell ends at an unescaped ``|``),
CSV with :mod:`csv`, JSON with :func:`json.loads`. The hostile scenario's names hold a pipe,
a newline, a spreadsheet formula and an ANSI escape: in every format they come back as the
same (visible) text, in their own cell, never as a formula, a new row or a terminal command.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys

import pytest

from teamsim.cli import main

from .conftest import ROOT, SCENARIOS

PIPE, NEWLINE, FORMULA, ESCAPE = "Pi|pe", "New\nline", "=cmd|' /C calc'!A0", "Esc\x1b[2J"
#: How each name is shown: control characters as visible escapes (teamsim._text.printable).
SHOWN = {PIPE: "Pi|pe", NEWLINE: "New\\nline", FORMULA: FORMULA, ESCAPE: "Esc\\x1b[2J"}

HOSTILE = """\
tools: [{name: A}, {name: B}, {name: C}]
people:
  - {name: "Pi|pe", tools: [A]}
  - {name: "New\\nline", tools: [B]}
  - {name: "=cmd|' /C calc'!A0", tools: [C]}
  - {name: "Esc\\e[2J", tools: [A, B]}
candidates:
  - {name: "=HYPERLINK(\\"x\\")", tools: [C]}
  - {name: "Dee", tools: [A]}
teams:
  - {name: "T|1", members: ["Pi|pe", "New\\nline"], services: ["=svc"]}
  - {name: "=T2", members: ["=cmd|' /C calc'!A0", "Esc\\e[2J"], services: ["web|x"]}
services:
  - {name: "=svc", depends_on: ["web|x"]}
  - {name: "web|x"}
projects:
  - {name: p1, members: ["Pi|pe", "New\\nline", "Esc\\e[2J"], year: 2020}
  - {name: p2, members: ["=cmd|' /C calc'!A0", "Esc\\e[2J"], year: 2020}
  - {name: p3, members: ["Pi|pe", "=cmd|' /C calc'!A0"], year: 2021}
"""


@pytest.fixture
def hostile(tmp_path):
    f = tmp_path / "hostile.yaml"
    f.write_text(HOSTILE)
    return str(f)


def run(capsys, *args):
    assert main(list(args)) == 0
    return capsys.readouterr()


def md_cells(line: str) -> list[str]:
    """The cells of a Markdown table row, unescaped (``\\|`` is a pipe inside a cell)."""
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [re.sub(r"\\(.)", r"\1", c.strip()).replace("&amp;", "&") for c in cells]


def md_tables(text: str) -> dict[str, list[list[str]]]:
    """``### title`` -> rows (header first, the ``---`` line left out) of every table."""
    tables: dict[str, list[list[str]]] = {}
    title = None
    for line in text.splitlines():
        if line.startswith("### "):
            title = md_cells(f"| {line[4:]} |")[0]
            tables[title] = []
        elif line.startswith("|") and not line.startswith("|---"):
            tables[title].append(md_cells(line))
    return tables


def csv_tables(text: str) -> dict[str, list[list[str]]]:
    """Title row -> rows (header first) of every CSV block (blocks end at a blank line)."""
    tables: dict[str, list[list[str]]] = {}
    block: list[list[str]] = []
    for row in [*csv.reader(io.StringIO(text)), []]:
        if row:
            block.append(row)
        elif block:
            assert len(block[0]) == 1, block[0]   # the title row
            tables[block[0][0]] = block[1:]
            block = []
    return tables


def teams_table(tables: dict[str, list[list[str]]]) -> list[list[str]]:
    (title,) = [t for t in tables if t.startswith("Teams (ability by task type")]
    return tables[title]


def column(rows: list[list[str]], name: str) -> list[str]:
    i = rows[0].index(name)
    return [r[i] for r in rows[1:]]


# ------------------------------------------------------------------ analyze
def test_analyze_markdown_tables(capsys):
    out = run(capsys, "analyze", str(SCENARIOS / "diversity-bonus.yaml"), "--format", "markdown").out
    t = md_tables(out)
    assert len(t) == 3 and list(t)[0] == "People" and list(t)[2] == "Teams of 2"
    people = t["People"]
    assert people[0] == ["person", "ability", "tools", "implied", "unique tools"]
    assert [(r[0], r[1]) for r in people[1:]] == [("Adam", "5"), ("Betsy", "4"), ("Carl", "3")]
    teams = teams_table(t)
    assert dict(zip(column(teams, "team"), column(teams, "bonus"))) == {"Adam+Betsy": "1", "Betsy+Carl": "3"}
    assert "Organisation: 3 people, 2 teams" in out   # the sentences are paragraphs


def test_analyze_csv_numbers_stay_numbers_and_sentences_go_to_stderr(capsys):
    r = run(capsys, "analyze", str(SCENARIOS / "diversity-bonus.yaml"), "--format", "csv")
    t = csv_tables(r.out)
    assert len(t) == 3
    teams = teams_table(t)
    assert column(teams, "complex") == ["6", "7"] and column(teams, "size") == ["ok", "ok"]
    assert '"Adam+Betsy","Adam, Betsy",6,9,5,1,1,"ok"' in r.out   # numbers unquoted, text quoted
    assert "Organisation:" not in r.out and "Organisation: 3 people" in r.err


def test_format_json_is_json(capsys):
    a = json.loads(run(capsys, "analyze", str(SCENARIOS / "diversity-bonus.yaml"), "--format", "json").out)
    b = json.loads(run(capsys, "analyze", str(SCENARIOS / "diversity-bonus.yaml"), "--json").out)
    assert a == b and a["teams"][1]["diversity_bonus"] == 3


def test_json_and_another_format_is_refused(capsys):
    assert main(["analyze", str(SCENARIOS / "diversity-bonus.yaml"), "--json", "--format", "csv"]) == 2
    assert "--json is --format json" in capsys.readouterr().err


def test_unknown_format_is_refused(capsys):
    assert main(["analyze", str(SCENARIOS / "diversity-bonus.yaml"), "--format", "xml"]) == 2
    assert "not a format" in capsys.readouterr().err


def test_the_format_does_not_outlive_its_command(capsys):
    run(capsys, "analyze", str(SCENARIOS / "diversity-bonus.yaml"), "--format", "csv")
    assert "┃ person" in run(capsys, "analyze", str(SCENARIOS / "diversity-bonus.yaml")).out


# ------------------------------------------------------------------ hire
def test_hire_in_every_format(capsys):
    args = ["hire", str(SCENARIOS / "hiring.yaml"), "--team", "Payments"]
    ranked = json.loads(run(capsys, *args, "--format", "json").out)["candidates"]
    names, gains = [c["name"] for c in ranked], [c["marginal_gain"] for c in ranked]
    md = md_tables(run(capsys, *args, "--format", "markdown").out)["Candidates by marginal gain"]
    cs = csv_tables(run(capsys, *args, "--format", "csv").out)["Candidates by marginal gain"]
    for rows in (md, cs):
        assert len(rows) == len(ranked) + 1
        assert column(rows, "candidate") == names
        assert [float(g) for g in column(rows, "marginal gain")] == pytest.approx(gains)
    assert len(names) >= 2 and gains == sorted(gains, reverse=True)


# ------------------------------------------------------------------ ownership, network
def test_ownership_in_every_format(capsys, hostile):
    j = json.loads(run(capsys, "ownership", hostile, "--format", "json").out)
    teams = {t["name"]: t for t in j["report"]["teams"]}
    assert teams["T|1"]["services"] == ["=svc"] and teams["=T2"]["services"] == ["web|x"]
    assert j["report"]["cross_team_edges"] == 1 and j["sources"] == [hostile]
    for form, parse in (("markdown", md_tables), ("csv", csv_tables)):
        t = parse(run(capsys, "ownership", hostile, "--format", form).out)
        owned = t["Services owned"]
        assert owned[0] == ["team", "type", "services", "depends on"]
        rows = {r[0]: r for r in owned[1:]}
        want_t2 = "'=T2" if form == "csv" else "=T2"
        want_svc = "'=svc" if form == "csv" else "=svc"
        assert set(rows) == {"T|1", want_t2}
        assert rows["T|1"][2] == want_svc and rows[want_t2][2] == "web|x"
        deps = t["Team dependencies (O^T D O)"]
        assert column(deps, "weight") == ["1"]


def test_network_in_every_format(capsys, hostile):
    args = ["network", hostile, "--no-teams", "--null-samples", "3", "--format"]
    j = json.loads(run(capsys, *args, "json").out)
    windows = [w["window"] for w in j["windows"]]
    people = [w["people"] for w in j["windows"]]
    for form, parse in (("markdown", md_tables), ("csv", csv_tables)):
        (rows,) = parse(run(capsys, *args, form).out).values()
        assert rows[0][:3] == ["window", "N", "M"]
        assert column(rows, "window") == windows and [int(n) for n in column(rows, "N")] == people
    assert windows == ["2020", "2021"] and people == [4, 2]


# ------------------------------------------------------------------ hostile names
@pytest.mark.parametrize("form", ["table", "markdown", "csv", "json"])
def test_hostile_names_stay_data(capsys, hostile, form):
    out = run(capsys, "analyze", hostile, "--format", form).out
    assert "\x1b" not in out            # no escape sequence reaches the terminal
    if form == "json":
        names = [p["name"] for p in json.loads(out)["people"]]
        assert names == [PIPE, NEWLINE, FORMULA, ESCAPE]   # JSON keeps the exact text
        return
    if form == "table":
        assert all(SHOWN[n] in out for n in SHOWN) and "New\nline" not in out
        return
    tables = md_tables(out) if form == "markdown" else csv_tables(out)
    people = tables["People"]
    assert len(people) == 5 and all(len(r) == 5 for r in people)   # no cell split, no row forged
    names = column(people, "person")
    formula = "'" + FORMULA if form == "csv" else FORMULA   # a spreadsheet shows text, not a formula
    assert names == [SHOWN[PIPE], SHOWN[NEWLINE], formula, SHOWN[ESCAPE]]
    teams = teams_table(tables)
    assert column(teams, "members")[0] == f"{SHOWN[PIPE]}, {SHOWN[NEWLINE]}"


def test_hostile_candidate_in_csv_is_text(capsys, hostile):
    rows = csv_tables(run(capsys, "hire", hostile, "--team", "T|1", "--format", "csv").out)
    (ranked,) = rows.values()
    assert column(ranked, "candidate")[0] == "'=HYPERLINK(\"x\")"


def test_markdown_cannot_forge_a_heading_or_link(capsys, tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text('tools: [{name: A}]\npeople: [{name: "# [x](http://e/) *b*", tools: [A]}]\n')
    out = run(capsys, "analyze", str(f), "--format", "markdown").out
    assert "\\# \\[x\\](http://e/) \\*b\\*" in out
    assert md_tables(out)["People"][1][0] == "# [x](http://e/) *b*"


# ------------------------------------------------------------------ pipes, stderr
@pytest.mark.parametrize("form", ["table", "markdown", "csv"])
def test_long_names_are_complete_through_a_pipe(tmp_path, form):
    long = "Maximiliane-" + "x" * 300
    s = tmp_path / "s.yaml"
    s.write_text(f"tools: [{{name: A}}, {{name: B}}]\npeople:\n  - {{name: {long}, tools: [A]}}\n"
                 f"  - {{name: Bo, tools: [B]}}\nteams:\n  - {{name: T, members: [{long}, Bo]}}\n")
    r = subprocess.run([sys.executable, "-m", "teamsim", "analyze", str(s), "--format", form],
                       capture_output=True, text=True, cwd=ROOT, env={**os.environ, "COLUMNS": "40"},
                       check=True)
    assert "…" not in r.stdout and f"{long}, Bo" in r.stdout


def test_warnings_go_to_stderr_in_every_format(capsys, tmp_path):
    f = tmp_path / "s.yaml"   # a team over the two-pizza limit: a warning
    f.write_text("tools: [{name: A}]\npeople: [" + ", ".join(f"{{name: p{i}, tools: [A]}}" for i in range(3))
                 + "]\nteams: [{name: T, members: [p0, p1, p2]}]\n")
    for form in ("table", "markdown", "csv"):
        r = run(capsys, "analyze", str(f), "--two-pizza-limit", "2", "--format", form)
        assert "above the two-pizza limit" in r.err and "two-pizza limit" not in r.out, form
