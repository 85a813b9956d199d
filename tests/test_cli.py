"""The command line on the shipped examples, through its real entry point."""

import json
import os
import subprocess
import sys

from teamsim.cli import main

from .conftest import ROOT, SCENARIOS


def run_json(capsys, *args):
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_analyze_json_diversity_bonus(capsys):
    r = run_json(capsys, "analyze", str(SCENARIOS / "diversity-bonus.yaml"))
    assert [(p["name"], p["ability"]) for p in r["people"]] == [
        ("Adam", 5), ("Betsy", 4), ("Carl", 3)]
    teams = {t["name"]: t for t in r["teams"]}
    assert teams["Adam+Betsy"]["ability"] == 6 and teams["Adam+Betsy"]["members"] == ["Adam", "Betsy"]
    assert teams["Betsy+Carl"]["ability"] == 7 and teams["Betsy+Carl"]["diversity_bonus"] == 3
    assert teams["Betsy+Carl"]["communication_paths"] == 1
    assert r["team_of_k"]["best_ability_team"]["members"] == ["Adam", "Betsy"]
    assert r["team_of_k"]["most_able_team"]["members"] == ["Betsy", "Carl"]
    assert r["organisation"]["communication_paths"] == 3


def test_analyze_table(capsys):
    assert main(["analyze", str(SCENARIOS / "diversity-bonus.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Betsy+Carl" in out and "most able" in out


def test_k_option(capsys):
    r = run_json(capsys, "analyze", str(SCENARIOS / "diversity-bonus.yaml"), "-k", "3")
    assert r["team_of_k"]["most_able_team"]["ability"] == 7


def test_console_script_entry_point():
    out = subprocess.run([sys.executable, "-m", "teamsim", "analyze",
                          str(SCENARIOS / "diversity-bonus.yaml"), "--json"],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert json.loads(out)["teams"][1]["diversity_bonus"] == 3


def test_import_skills_roundtrip(tmp_path, capsys):
    m = tmp_path / "m.csv"
    m.write_text("name,team,A,B,C,D,E,F,G\nAdam,X,1,1,1,1,1,,\nBetsy,X;Y,x,yes,,,1,1,\n"
                 "Carl,Y,,,1,1,0,,3\n")
    out = tmp_path / "s.yaml"
    assert main(["import", "skills", str(m), "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    r = run_json(capsys, "analyze", str(out))
    assert {t["name"]: t["ability"] for t in r["teams"]} == {"X": 6, "Y": 7}
    # never overwrite
    assert main(["import", "skills", str(m), "-o", str(out)]) == 2
    assert "will not overwrite" in capsys.readouterr().err
    assert main(["import", "skills", str(m), "-o", str(out), "--force"]) == 0


def test_published_schema_is_current(capsys):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(
        (ROOT / "docs" / "scenario.schema.json").read_text())


def test_cells_are_not_cut_when_stdout_is_a_pipe(tmp_path):
    long = "Maximiliane-" + "x" * 150
    s = tmp_path / "s.yaml"
    s.write_text(f"tools: [{{name: A}}, {{name: B}}]\npeople:\n  - {{name: {long}, tools: [A]}}\n"
                 f"  - {{name: Bo, tools: [B]}}\nteams:\n  - {{name: T-{long}, members: [{long}, Bo]}}\n")
    env = {**os.environ, "COLUMNS": "40"}
    out = subprocess.run([sys.executable, "-m", "teamsim", "analyze", str(s)], capture_output=True,
                         text=True, cwd=ROOT, env=env, check=True).stdout
    assert "…" not in out
    assert f"│ {long} " in out and f"│ T-{long} " in out and f"{long}, Bo" in out


def test_table_cells_fold_rather_than_cut_on_a_narrow_terminal():
    from rich.console import Console

    from teamsim.cli._app import table

    c = Console(width=30, force_terminal=True, no_color=True, record=True)
    c.print(table("T", ["name", "n"], [["y" * 60, 1.5], ["[/b]", True]]))
    text = c.export_text()
    assert "…" not in text and text.replace("yes", "").count("y") == 60 and "[/b]" in text and "yes" in text
