"""teamsim hire, best-team, risk, learn, overlap and hongpage through the real entry point."""

import json

import pytest

from teamsim.cli import main

from .conftest import SCENARIOS


def run_json(capsys, *args):
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_best_team_lappas_cover(capsys):
    r = run_json(capsys, "best-team", str(SCENARIOS / "lappas-experts.yaml"), "--task", "project", "--cover")
    assert r["members"] == ["a", "e"] and r["exact"] and r["size"] == 2


def test_best_team_talk_example(capsys):
    r = run_json(capsys, "best-team", str(SCENARIOS / "diversity-bonus.yaml"), "-k", "2")
    assert r["most_able_team"]["members"] == ["Betsy", "Carl"] and r["most_able_team"]["ability"] == 7
    assert r["best_ability_team"]["members"] == ["Adam", "Betsy"] and r["best_ability_team"]["ability"] == 6


def test_best_team_milp_and_greedy(capsys):
    r = run_json(capsys, "best-team", str(SCENARIOS / "diversity-bonus.yaml"), "-k", "2", "--method", "milp")
    assert r["most_able_team"]["method"] == "milp" and r["most_able_team"]["ability"] == 7
    assert main(["best-team", str(SCENARIOS / "diversity-bonus.yaml"), "-k", "2", "--method", "greedy"]) == 0
    assert "greedy: within" in capsys.readouterr().out


def test_hire_table_and_json(capsys):
    r = run_json(capsys, "hire", str(SCENARIOS / "hiring.yaml"), "--team", "Payments")
    assert [c["name"] for c in r["candidates"]] == ["Eli", "Fay", "Dana"]
    assert main(["hire", str(SCENARIOS / "hiring.yaml"), "--team", "Payments"]) == 0
    out = capsys.readouterr().out
    assert "Dana, is not the best addition" in out


def test_risk_and_departure(capsys):
    r = run_json(capsys, "risk", str(SCENARIOS / "hiring.yaml"), "--team", "Payments")
    assert r["single_holders"]["React"] == "Chen" and r["truck_factor"]["value"] == 1
    d = run_json(capsys, "risk", str(SCENARIOS / "hiring.yaml"), "--team", "Payments", "--leaves", "Ana")
    assert [x["tool"] for x in d["lost"]] == ["PostgreSQL", "AWS"]


def test_learn(capsys):
    p = run_json(capsys, "learn", str(SCENARIOS / "hiring.yaml"), "-p", "Chen", "--tool", "Kubernetes")
    assert p["path"] == ["Linux", "Docker", "Kubernetes"]
    t = run_json(capsys, "learn", str(SCENARIOS / "hiring.yaml"), "--team", "Payments", "--task",
                 "run-in-production")
    assert len(t["gaps"]) == 4


def test_overlap(capsys):
    r = run_json(capsys, "overlap", str(SCENARIOS / "hiring.yaml"), "--candidates")
    assert any({p["a"], p["b"]} == {"Ana", "Dana"} for p in r["nested"])


def test_hongpage_small(capsys):
    rows = run_json(capsys, "hongpage", "--n", "150", "--k", "2", "--l", "5", "--l", "6", "--N", "3",
                    "--landscapes", "2", "--processes", "1")
    assert [(r["l"], r["agents"]) for r in rows] == [(5, 20), (6, 30)]


@pytest.mark.parametrize("args,message", [
    (["hire", str(SCENARIOS / "hiring.yaml"), "--team", "Payments", "-c", "Ana"], "already a member"),
    (["best-team", str(SCENARIOS / "diversity-bonus.yaml"), "-k", "4"], "outside 1..3"),
    (["best-team", str(SCENARIOS / "hiring.yaml"), "--task", "run-in-production", "--cover"],
     "nobody in the pool holds"),
    (["best-team", str(SCENARIOS / "lappas-experts.yaml"), "--cover"], "--cover needs"),
    (["hongpage", "--k", "13", "--l", "12"], "k=13 is out of range"),
    (["hongpage", "--n", "10", "--l", "12"], "n=10 is out of range"),
    (["risk", str(SCENARIOS / "hiring.yaml"), "--leaves", "Nobody"], "unknown person"),
])
def test_bad_input_exit_2(capsys, args, message):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
