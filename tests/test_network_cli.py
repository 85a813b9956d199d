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
    r = run_json(capsys, "network", str(BOUTIQUE), "--aliases", str(ALIASES), "--null-samples", "0")
    assert r["width"] == 1 and [w["window"] for w in r["windows"]][:2] == ["2018", "2019"]
    w = r["windows"][1]
    assert w["people"] == 35 and w["path_length"]["method"] == "exact"
    assert w["q"] == w["cc_ratio"] / w["pl_ratio"] and w["simulated"] is None
    assert set(w["analytic"]) >= {"z1", "z2", "transitivity", "path_length", "q"}


def test_network_table_and_moving_window(capsys):
    assert main(["network", str(BOUTIQUE), "--window", "3", "--module", "src/*={2}",
                 "--module", "*=other"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "3-year window" in out and "2018-2020" in out and "Q sim" in out


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
    assert "143 people" in " ".join(capsys.readouterr().out.split())
    s = load_scenario(out)
    assert len(s.people) == 143 and "src/frontend 2018" in {p.name for p in s.projects}
    # every other command accepts it
    assert main(["analyze", str(out), "--json"]) == 0
    capsys.readouterr()
    r = run_json(capsys, "network", str(out), "--null-samples", "0")
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
