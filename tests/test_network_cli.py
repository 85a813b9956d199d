"""``teamsim network`` and ``teamsim import git`` through the real entry point."""

import json

from teamsim.cli import main
from teamsim.importers import load_scenario

from .conftest import DATA, SCENARIOS

BOUTIQUE = SCENARIOS / "online-boutique" / "microservices-demo.gitlog"
ALIASES = SCENARIOS / "online-boutique" / "aliases.txt"


def run_json(capsys, *args):
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_network_json_per_year(capsys):
    r = run_json(capsys, "network", str(BOUTIQUE), "--aliases", str(ALIASES), "--null-samples", "2")
    assert r["width"] == 1 and [w["window"] for w in r["windows"]][:2] == ["2018", "2019"]
    w = r["windows"][1]
    assert w["people"] == 35 and w["path_length"]["method"] == "exact"
    assert w["q"] == w["cc_ratio"] / w["pl_ratio"] and w["simulated"]["samples"] == 2
    assert set(w["analytic"]) >= {"z1", "z2", "transitivity", "path_length", "q"}


def test_network_table_and_moving_window(capsys):
    assert main(["network", str(BOUTIQUE), "--window", "3", "--module", "src/*={2}",
                 "--module", "*=other"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "3-year window" in out and "2018-2020" in out and "Q analytic" in out and "Q 95%" in out


def test_network_on_scenario(capsys, tmp_path):
    s = tmp_path / "s.yaml"
    s.write_text("people: [{name: A}, {name: B}, {name: C}, {name: D}]\n"
                 "projects:\n  - {name: abc, members: [A, B, C], year: 2020}\n"
                 "  - {name: cd, members: [C, D], year: 2020}\n")
    r = run_json(capsys, "network", str(s))
    w = r["windows"][0]
    assert (w["window"], w["transitivity"], round(w["average_clustering"], 4)) == ("2020", 0.6, 0.5833)


def test_network_bad_input(capsys, tmp_path):
    assert main(["network", str(tmp_path / "missing.gitlog")]) == 2
    assert "file not found" in capsys.readouterr().err
    bad = tmp_path / "bad.gitlog"
    bad.write_text("--abc--2020-01-01--Ann\nnonsense\n")
    assert main(["network", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.gitlog:2" in err and "fix:" in err
    assert main(["network", str(BOUTIQUE), "--module", "nonsense"]) == 2
    assert "GLOB=MODULE" in capsys.readouterr().err


def test_import_git_scenario_roundtrip(capsys, tmp_path):
    out = tmp_path / "boutique.yaml"
    assert main(["import", "git", str(BOUTIQUE), "-o", str(out), "--aliases", str(ALIASES)]) == 0
    cap = capsys.readouterr()
    assert "141 people" in " ".join(cap.out.split())
    assert "2 authors left out: their commits change no file" in " ".join(cap.err.split())
    s = load_scenario(out)
    assert len(s.people) == 141 and "src/frontend 2018" in {p.name for p in s.projects}
    # every other command accepts it
    assert main(["analyze", str(out), "--json"]) == 0
    capsys.readouterr()
    r = run_json(capsys, "network", str(out), "--null-samples", "1")
    assert r["windows"][1]["people"] == 35
    assert main(["import", "git", str(BOUTIQUE), "-o", str(out)]) == 2  # never overwrite


def test_import_git_tools_map(capsys, tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("'src/cart/*': Cart domain\n")
    out = tmp_path / "s.json"
    assert main(["import", "git", str(DATA / "gitlogs" / "corner-cases.gitlog"), "-o", str(out),
                 "--tools-map", str(rules)]) == 0
    s = load_scenario(out)
    assert "Cart domain" in s.person("Ann Lee").tools


# --------------------------------------------------------------------------- user report fixes


def _err(capsys, *args):
    assert main(list(args)) == 2
    return " ".join(capsys.readouterr().err.split())


def test_empty_author_is_a_warning_not_a_person(capsys, tmp_path):
    log = tmp_path / "noauthor.log"
    log.write_text("--abc--2024-01-01--\n1\t0\ta.py\n")
    err = _err(capsys, "import", "git", str(log), "-o", str(tmp_path / "na.yaml"))
    assert f"{log}: error: no commits left: commit abc (2024-01-01) has no author name: left out" in err
    assert not (tmp_path / "na.yaml").exists()
    log.write_text("--abc--2024-01-01--Ann\n1\t0\tsrc/a.py\n\n--abd--2024-01-02--   \n1\t0\tb/b.py\n")
    out = tmp_path / "ok.yaml"
    assert main(["import", "git", str(log), "-o", str(out)]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert f"warning: {log}: commit abd (2024-01-02) has no author name: left out" in err
    s = load_scenario(out)
    assert [p.name for p in s.people] == ["Ann"] and [p.name for p in s.projects] == ["src 2024"]


def test_empty_numstat_path_names_the_line(capsys, tmp_path):
    log = tmp_path / "nopath.log"
    log.write_text("--abc--2024-01-01--Ann\n1\t0\ta.py\n1\t0\t\n")
    assert f"{log}:3: error: malformed --numstat line: no path" in _err(capsys, "network", str(log))


def test_non_ascii_paths_become_clean_modules(capsys, tmp_path):
    log = tmp_path / "q.log"
    log.write_text('--abc--2024-01-01--Ann\n1\t0\t"src/caf\\303\\251/x.go"\n1\t0\tsrc/api/y.go\n')
    out = tmp_path / "q.yaml"
    assert main(["import", "git", str(log), "-o", str(out)]) == 0
    assert [p.name for p in load_scenario(out).projects] == ["src/api 2024", "src/café 2024"]


def test_empty_inputs_exit_2(capsys, tmp_path):
    empty = tmp_path / "empty.log"
    empty.write_text("")
    assert f"{empty}: error: no commits" in _err(capsys, "network", str(empty))
    assert "/dev/null: error: not a regular file" in _err(capsys, "network", "/dev/null")
    assert "error: no commits" in _err(capsys, "import", "git", str(empty), "-o", str(tmp_path / "e.yaml"))
    assert not (tmp_path / "e.yaml").exists()
    nonum = tmp_path / "nonum.log"
    nonum.write_text("".join(f"--h{i}--2024-01-01--Ann\n\n" for i in range(10)))
    assert "10 commits but no file changes: was the log made with --numstat?" in _err(
        capsys, "network", str(nonum))
    empty_scenario = tmp_path / "s.yaml"
    empty_scenario.write_text("people: [{name: A}]\n")
    err = _err(capsys, "network", str(empty_scenario))
    assert "the scenario has no projects or teams with members" in err


def test_module_option_errors(capsys):
    assert "placeholders are 1-based" in _err(capsys, "network", str(BOUTIQUE), "--module", "src/*={0}")
    assert "'[' is not closed" in _err(capsys, "network", str(BOUTIQUE), "--module", "src/[=x")


def test_alias_file_mistakes(capsys, tmp_path):
    log = tmp_path / "a.log"
    log.write_text("--a--2024-01-01--Cy\n1\t0\tsrc/x/a.py\n--b--2024-01-01--Ann\n1\t0\tsrc/x/b.py\n"
                   "--c--2024-01-01--Dee\n1\t0\tsrc/x/c.py\n")
    al = tmp_path / "aliases.txt"
    al.write_text("Ann = Bob\nDee = Bob\n")
    err = _err(capsys, "network", str(log), "--aliases", str(al))
    assert "aliases.txt:2: error: alias 'Bob' maps to 'Ann' (line 1) and to 'Dee' (line 2)" in err
    al.write_text("Ann = Bob\nBob = Cy\nAnn = Nobody\n")
    assert main(["network", str(log), "--aliases", str(al), "--null-samples", "1", "--json"]) == 0
    cap = capsys.readouterr()
    assert json.loads(cap.out)["windows"][0]["people"] == 2  # Cy -> Bob -> Ann, plus Dee
    err = " ".join(cap.err.split())
    assert "warning: 2 aliases in" in err and "match no author: Bob, Nobody" in err


def test_undefined_cells_and_undated_projects_are_explained(capsys, tmp_path):
    s = tmp_path / "s.yaml"
    s.write_text("people: [{name: A}, {name: B}, {name: C}]\n"
                 "teams: [{name: T, members: [A, B, C]}]\n"
                 "projects:\n  - {name: ab, members: [A, B], year: 2020}\n")
    assert main(["network", str(s), "--null-samples", "1"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert ("1 project without a year (T): not counted in the yearly windows; "
            "it forms the 'undated' window") in out
    assert "2020: C undefined — no connected triples: nobody has two collaborators" in out
    assert "2020: CC, Q, Q 95% undefined — actual transitivity undefined (no connected triples" in out
    assert ("2020: Q analytic undefined — random path length undefined (no second neighbours (z2 = 0"
            in out)
    assert "undated: Q analytic undefined" in out and "— = undefined (reasons below)" in out
    assert "Q analytic unreliable, z2 <= z1 (no giant component expected): 2020, undated" in out
    r = run_json(capsys, "network", str(s), "--null-samples", "1")
    assert [(w["window"], w["people"], w["projects"]) for w in r["windows"]] == [
        ("2020", 2, 1), ("undated", 3, 1)]
    assert r["notes"][0].startswith("1 project without a year (T)")
    s.write_text("people: [{name: A}, {name: B}]\nprojects: [{name: ab, members: [A, B]}]\n")
    assert main(["network", str(s)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "one window over everything (no project has a year)" in out and "per year" not in out


def test_minor_cli_fixes(capsys, tmp_path):
    assert "must be a .yaml, .yml or .json" in _err(capsys, "import", "git", str(BOUTIQUE), "-o",
                                                    str(tmp_path / "r.txt"))
    assert not (tmp_path / "r.txt").exists()
    txt = tmp_path / "s.txt"
    txt.write_text("people: [{name: A}]\n")
    assert "rename it to .yaml" in _err(capsys, "network", str(txt))
    assert main(["network", str(BOUTIQUE), "--window", "30", "--null-samples", "1"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "window of 30 years is wider than the history (2018-2026, 9 years)" in out
    assert "Q = CC/PL (Uzzi & Spiro, AJS 2005) against 1 shuffled network (memberships" in out


def test_every_missing_interval_is_explained(capsys):
    # the five experts' chain: the real network has no triangle (C = 0, Q = 0) and 17 of the 20
    # shuffled networks have none either, so Q against each alone is undefined: said so
    lappas = SCENARIOS / "lappas-experts.yaml"
    w = run_json(capsys, "network", str(lappas))["windows"][0]
    assert w["q"] == 0.0 and w["q_ci"] is None
    why = ("17 of 20 shuffled networks have transitivity 0 (no closed triple): the ratio against them "
           "alone is undefined")
    assert w["undefined"] == {"cc_ratio_ci": why, "q_ci": why}
    assert main(["network", str(lappas)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"all: Q 95% undefined — {why}" in out
    assert "Q = CC/PL (Uzzi & Spiro, AJS 2005) against 20 shuffled networks" in out


def test_one_null_sample_gives_no_interval(capsys):
    assert main(["network", str(SCENARIOS / "hiring.yaml"), "--null-samples", "1"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "1–1" not in out and "against 1 shuffled network " in out
    assert ("all: Q 95% undefined — one shuffled network: no spread to give an interval (use 20 or more "
            "null samples)") in out
