"""The command line on the shipped examples, through its real entry point."""

import json
import os
import subprocess
import sys

import pytest

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
    assert "bonus = complex ability - best member, teamsim's own measure" in " ".join(out.split())


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


def _weight_error():
    from pydantic import ValidationError

    from teamsim.scenario import Scenario

    try:
        Scenario.model_validate({"services": [{"name": "a", "depends_on": [{"service": "b", "weight": 2e12}]},
                                              {"name": "b", "load": -1}]})
    except ValidationError as e:
        return e
    raise AssertionError("no error")


def test_invalid_names_the_field_not_the_other_union_branch():
    from teamsim.cli._app import invalid

    e = invalid(_weight_error(), "deps.csv")
    assert e.file == "deps.csv"
    assert e.loc == ("services", 0, "depends_on", 0, "weight")  # as in a scenario file
    # the str branch of 'name | {service, weight}' is not a problem of its own; load -1 is
    assert e.message == ("invalid Scenario data: Input should be less than or equal to 1000000000000, "
                         "got 2000000000000.0 (and 1 more problem)")


def test_dependency_weights_past_the_cap_are_a_clean_error(capsys, tmp_path):
    deps = tmp_path / "deps.csv"
    deps.write_text("source,target,weight\na,b,9e11\na,b,9e11\n")   # summed past 1e12 by the reader
    scenario = tmp_path / "s.yaml"
    scenario.write_text("services: [{name: c}]\n")
    for args in (["ownership", str(scenario), str(deps)], ["reorg", str(deps), "--teams", "2"]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert f"{deps}" in err and "weight" in err and str(scenario) not in err and "Traceback" not in err


@pytest.mark.parametrize(("exc", "words"), [
    (RecursionError("maximum recursion depth exceeded"), "nests too deeply"),
    (MemoryError(), "not enough memory"),
    (OverflowError("int too large to convert to float"), "too large to compute with"),
])
def test_last_resort_errors_exit_2_without_traceback(monkeypatch, capsys, exc, words):
    import teamsim.report

    def boom(*a, **k):
        raise exc

    monkeypatch.setattr(teamsim.report, "analyze", boom)  # the command imports it when it runs
    assert main(["analyze", str(SCENARIOS / "diversity-bonus.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and words in err and "fix: " in err and type(exc).__name__ in err


def test_escaped_validation_error_names_the_input_file(monkeypatch, capsys):
    import teamsim.report

    def boom(*a, **k):
        raise _weight_error()

    monkeypatch.setattr(teamsim.report, "analyze", boom)
    path = str(SCENARIOS / "diversity-bonus.yaml")
    assert main(["analyze", path, "-k", "2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: error: invalid Scenario data") and "depends_on[0].weight" in err


def test_every_cli_write_goes_through_write_scenario():
    """-o files are written atomically by one helper; the CLI opens no file itself."""
    import re

    for f in (ROOT / "teamsim" / "cli").glob("*.py"):
        src = f.read_text()
        assert not re.search(r"\bopen\(|write_text|write_bytes|dump_scenario\(|\.write\(", src.replace(
            "sys.stdout.write(", "")) or f.name == "_app.py", f.name
    app_src = (ROOT / "teamsim" / "cli" / "_app.py").read_text()
    assert app_src.count("dump_scenario(") == 1 and "open(" not in app_src
