"""teamsim hire, best-team, risk, learn, overlap and hongpage through the real entry point."""

import json

import pytest

from teamsim.cli import main
from teamsim.errors import InputError

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
    [p] = run_json(capsys, "learn", str(SCENARIOS / "hiring.yaml"), "-p", "Chen", "--tool", "Kubernetes")
    assert p["path"] == ["Linux", "Docker", "Kubernetes"]
    # always a list, one plan per distinct --tool
    ps = run_json(capsys, "learn", str(SCENARIOS / "hiring.yaml"), "-p", "Chen", "--tool", "Kubernetes",
                  "--tool", "Terraform", "--tool", "Kubernetes")
    assert [(p["tool"], p["steps"]) for p in ps] == [("Kubernetes", 3), ("Terraform", 2)]
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
    (["hongpage", "--k", "13", "--l", "12"], "k=13 is larger than l=12"),
    (["hongpage", "--n", "10", "--l", "12"], "n=10 is out of range"),
    (["risk", str(SCENARIOS / "hiring.yaml"), "--leaves", "Nobody"], "unknown person"),
    (["best-team", str(SCENARIOS / "diversity-bonus.yaml"), "--method", "milp", "--time-limit", "-1"],
     "--time-limit -1 is not a positive number"),
    (["best-team", str(SCENARIOS / "lappas-experts.yaml"), "--task", "project", "--cover", "-k", "1"],
     "its size is the answer"),
    (["best-team", str(SCENARIOS / "lappas-experts.yaml"), "--task", "project", "--cover", "--method",
      "exhaustive"], "--method exhaustive enumerates teams of a fixed size k"),
    (["hire", str(SCENARIOS / "hiring.yaml"), "--team", "Payments", "-c", "Eli", "-c", "Eli"],
     "candidate 'Eli' is listed twice"),
    (["hire", str(SCENARIOS / "hiring.yaml"), "--team", "Payments", "-c", "Elli"],
     "fix: did you mean 'Eli'?"),
    (["hongpage", "--seed", "-1"], "--seed -1 is negative"),
    (["hongpage", "--paper", "--N", "3"], "--paper fixes N and l"),
    (["best-team", str(SCENARIOS / "hiring.yaml"), "--pool", "everyone"], "unknown pool 'everyone'"),
    (["best-team", str(SCENARIOS / "diversity-bonus.yaml"), "--pool", "candidates"],
     "diversity-bonus.yaml: error: the scenario has no candidates"),
    (["hongpage", "--n", "5"], "fix: use n = 13 or more"),
])
def test_bad_input_exit_2(capsys, args, message):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_risk_threshold_states_the_share_lost(capsys):
    args = ["risk", str(SCENARIOS / "hiring.yaml"), "--team", "Payments", "--threshold", "0.5"]
    assert main([*args]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "the departure of Ana, Ben would lose 67% of the required tool value (threshold 50%)" in out
    r = run_json(capsys, *args)
    assert r["truck_factor"]["lost_share"] == pytest.approx(6 / 9)


def test_risk_leaves_uses_the_threshold(capsys):
    args = ["risk", str(SCENARIOS / "hiring.yaml"), "--team", "Payments", "--leaves", "Ana"]
    d = run_json(capsys, *args, "--threshold", "0.5")
    assert (d["truck_factor_before"], d["truck_factor_after"], d["threshold"]) == (2, 1, 0.5)
    assert main([*args, "--threshold", "0.5"]) == 0
    assert "truck factor (threshold 50%) 2 -> 1" in capsys.readouterr().out


def test_risk_truck_factor_zero_wording(capsys):
    assert main(["risk", str(SCENARIOS / "hiring.yaml"), "--team", "Payments", "--task",
                 "run-in-production"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert ("Truck factor 0: required tools already uncovered: Terraform, Prometheus, Incident response, "
            "Security") in out and "departure of —" not in out


def test_cover_error_names_the_right_option_and_file(capsys):
    path = str(SCENARIOS / "hiring.yaml")
    assert main(["best-team", path, "--task", "run-in-production", "--cover"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert err.startswith(f"{path}: error: nobody in the pool holds required tools")
    assert "Eli holds Terraform" in err and "--pool all" in err and "--candidates" not in err
    r = run_json(capsys, "best-team", path, "--task", "run-in-production", "--cover", "--pool", "all")
    assert r["size"] == 3 and {"Eli", "Fay"} <= set(r["members"])


def test_cover_method_reports_what_ran(capsys):
    path = str(SCENARIOS / "lappas-experts.yaml")
    r = run_json(capsys, "best-team", path, "--task", "project", "--cover", "--method", "milp")
    assert (r["members"], r["method"], r["exact"]) == (["a", "e"], "milp", True)
    r = run_json(capsys, "best-team", path, "--task", "project", "--cover", "--method", "greedy")
    assert (r["members"], r["method"]) == (["a", "e"], "greedy")


def test_warnings_for_required_tools_nobody_holds(capsys):
    path = str(SCENARIOS / "hiring.yaml")
    assert main(["hire", path, "--team", "Payments", "-c", "Dana", "--task", "run-in-production"]) == 0
    cap = capsys.readouterr()
    err = " ".join(cap.err.split())   # warnings go to stderr, not into the report
    assert "warning: nobody on the team or among these candidates holds required tool(s) Terraform" in err
    assert "warning" not in cap.out
    r = run_json(capsys, "best-team", path, "-k", "2", "--task", "run-in-production")
    assert len(r["most_able_team"]["warnings"]) == 1
    assert main(["best-team", path, "-k", "2", "--task", "run-in-production"]) == 0
    cap = capsys.readouterr()
    assert "warning: nobody in the pool holds required tools Terraform" in " ".join(cap.err.split())
    assert "warning" not in cap.out


def test_overlap_none_line(capsys):
    assert main(["overlap", str(SCENARIOS / "hiring.yaml"), "--threshold", "1"]) == 0
    assert "nested pairs: none." in capsys.readouterr().out


def test_learn_lists_equally_close_members(capsys):
    assert main(["learn", str(SCENARIOS / "hiring.yaml"), "--team", "Payments", "--task",
                 "run-in-production"]) == 0
    out = capsys.readouterr().out
    assert "Ana, Ben, Chen" in out     # Security: nobody is closer than anyone else


def test_hongpage_table_and_dedup(capsys):
    args = ["hongpage", "--n", "150", "-k", "2", "--l", "5", "--l", "5", "--N", "3", "--landscapes", "2",
            "--processes", "1", "--no-progress"]
    rows = run_json(capsys, *args)
    assert [(r["l"], r["k"], r["agents"]) for r in rows] == [(5, 2, 20)]
    assert main(args) == 0
    out = capsys.readouterr().out
    r = rows[0]
    # a minus sign, not "-" (a CSV cell starting with "-" or "+" would be escaped as a formula)
    assert f"{r['difference']:.2f} ± {r['difference_se']:.2f}".replace("-", "\u2212") in out
    assert f"{r['best_agent_ability']:.2f}" in out and "random − best" in out


MATRIX = ("name,team,candidate,Python,Go,SQL,Security\n"
          "Ana,Payments,,1,,1,\n"
          "Ben,Payments,no,1,,,\n"
          "Kim,,yes,,1,,1\n"
          "Lee,,1,1,,1,\n")


def test_skills_matrix_candidate_column(tmp_path, capsys):
    from teamsim.importers.skills_csv import read_skills_matrix_text

    s = read_skills_matrix_text(MATRIX, "m.csv")
    assert [p.name for p in s.people] == ["Ana", "Ben"] and [c.name for c in s.candidates] == ["Kim", "Lee"]
    path = tmp_path / "m.csv"
    path.write_text(MATRIX)
    r = run_json(capsys, "hire", str(path), "--team", "Payments")
    # Kim adds Go + Security (+2); Lee adds nothing the team lacks
    assert [(c["name"], c["marginal_gain"]) for c in r["candidates"]] == [("Kim", 2.0), ("Lee", 0.0)]


@pytest.mark.parametrize("text,message,line", [
    ("name,team,candidate,A\nAna,T,maybe,1\n", "candidate cell 'maybe' is not yes or no", 2),
    ("name,team,candidate,A\nAna,T,,1\nKim,T,yes,1\n", "candidate 'Kim' is listed in team 'T'", 3),
])
def test_skills_matrix_bad_candidate(text, message, line):
    from teamsim.importers.skills_csv import read_skills_matrix_text

    with pytest.raises(InputError, match=message) as e:
        read_skills_matrix_text(text, "m.csv")
    assert e.value.line == line and e.value.file == "m.csv"


def test_implied_prerequisites_noted_on_screen(capsys):
    assert main(["risk", str(SCENARIOS / "hiring.yaml"), "--team", "Payments"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "prerequisites assumed known" in out
    assert "Ana: Linux, SQL; Ben: Linux, Docker; Chen: JavaScript" in out
    r = run_json(capsys, "risk", str(SCENARIOS / "hiring.yaml"), "--team", "Payments")
    assert r["truck_factor"]["value"] == 1        # JSON unchanged: the note is for the screen only
