"""``teamsim ownership`` and ``teamsim reorg`` through the real entry point."""

import json

import pytest

from teamsim.cli import main
from teamsim.importers.tables import read_service_paths

from .conftest import DATA, SCENARIOS

GRAPHS = SCENARIOS / "service-graphs"


def run_json(capsys, *args):
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_ownership_catalog_json(capsys):
    r = run_json(capsys, "ownership", str(DATA / "backstage-demo"))
    rep = r["report"]
    assert [o["service"] for o in rep["orphaned"]] == ["playback-order", "searcher", "shuffle-api"]
    assert {t["name"]: len(t["services"]) for t in rep["teams"]} == {
        "team-a": 6, "team-b": 2, "team-c": 2, "team-d": 1}
    assert rep["cross_team_count"] == 1
    assert len(r["warnings"]) == 7 and all(w["file"] for w in r["warnings"])
    nothing = sorted(g["ref"] for g in r["groups"] if not g["owns"])
    assert nothing == ["group:default/backstage", "group:default/boxoffice",
                       "group:default/infrastructure", "group:default/team-e"]


def test_ownership_tables(capsys):
    assert main(["ownership", str(SCENARIOS / "online-boutique.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Cross-team dependencies: 9" in out and "congruence: 0.75" in out
    assert "coordination gap: Platform <-> Storefront" in out


def test_ownership_csv_codeowners_and_output(capsys, tmp_path):
    out = tmp_path / "merged.yaml"
    args = ["ownership", str(GRAPHS / "online-boutique.csv"), str(SCENARIOS / "online-boutique" /
            "CODEOWNERS"), "--service-paths", "src/{name}/", "-o", str(out)]
    r = run_json(capsys, *args)
    assert r["report"]["shared"][0]["service"] == "shoppingassistantservice"
    assert out.exists()
    assert main(args) == 2  # never overwrite
    assert "will not overwrite" in capsys.readouterr().err
    assert main(["validate", str(out)]) == 0


def test_service_paths_csv(capsys, tmp_path):
    paths = tmp_path / "paths.csv"
    paths.write_text("service,path\nfrontend,src/frontend/\ncartservice,src/cartservice/\n")
    r = run_json(capsys, "ownership", str(GRAPHS / "online-boutique.csv"),
                 str(SCENARIOS / "online-boutique" / "CODEOWNERS"), "--service-paths", str(paths))
    owned = {t["name"]: t["services"] for t in r["report"]["teams"]}
    assert owned == {"boutique/storefront": ["frontend"], "boutique/cart": ["cartservice"]}
    assert sum("no repository path" in w["message"] for w in r["warnings"]) == 11


def test_observed_interactions(capsys, tmp_path):
    f = tmp_path / "talk.csv"
    f.write_text("team,other\nPlatform,Storefront\nStorefront,Cart\n")
    r = run_json(capsys, "ownership", str(SCENARIOS / "online-boutique.yaml"), "--interactions", str(f))
    assert r["report"]["congruence"]["covered"] == 2


def test_reorg_suggestion(capsys):
    r = run_json(capsys, "reorg", str(SCENARIOS / "online-boutique.yaml"), "--lam", "0.5")
    res = r["result"]
    assert res["method"] == "exact" and res["optimal"] and res["objective"] == 7.5
    assert [m["service"] for m in res["moves"]] == ["productcatalogservice"]
    assert main(["reorg", str(SCENARIOS / "online-boutique.yaml"), "--lam", "0.5"]) == 0
    assert "gap 0.0% (optimal)" in capsys.readouterr().out


@pytest.mark.parametrize("graph, cross", [("dsb-hotel", 3), ("online-boutique", 6)])
def test_reorg_bare_graph_with_planned_teams(capsys, graph, cross):
    r = run_json(capsys, "reorg", str(GRAPHS / f"{graph}.csv"), "--teams", "3", "--lam", "0")
    assert r["result"]["cross_team"] == cross and r["result"]["optimal"]


def test_reorg_move_and_split(capsys, tmp_path):
    r = run_json(capsys, "reorg", str(SCENARIOS / "online-boutique.yaml"),
                 "--move-service", "loadgenerator", "--to", "Storefront")
    ch = {(c["scope"], c["metric"]): c for c in r["result"]["changes"]}
    assert ch[("organisation", "cross_team_count")]["after"] == 8
    out = tmp_path / "split.yaml"
    assert main(["reorg", str(SCENARIOS / "online-boutique.yaml"), "--split", "Checkout",
                 "-o", str(out)]) == 0
    assert "split Checkout into 2 teams" in capsys.readouterr().out
    assert main(["validate", str(out)]) == 0


@pytest.mark.parametrize("args, piece", [
    (["reorg", "S", "--move-service", "frontend"], "needs --to"),
    (["reorg", "S", "--move-service", "frontend", "--to", "Nobody"], "unknown team 'Nobody'"),
    (["reorg", "S", "--method", "magic"], "unknown method"),
    (["ownership", "S", "--two-pizza-limit", "0"], "two-pizza limit"),
    (["ownership", "/nonexistent/x.csv"], "file not found"),
    (["reorg", str(GRAPHS / "dsb-media.csv")], "no teams"),
])
def test_bad_cli_input(capsys, args, piece):
    args = [str(SCENARIOS / "online-boutique.yaml") if a == "S" else a for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert piece in err and "Traceback" not in err


def test_git_history_option_reads_a_git_log(capsys, tmp_path):
    log = tmp_path / "log.txt"
    log.write_text("--a1--2020-01-01--Ana\n5\t0\tsrc/frontend/main.go\n\n"
                   "--a2--2020-01-02--Eli\n1\t0\tsrc/frontend/x.go\n\n"
                   "--a3--2020-01-03--Eli\n1\t0\tsrc/frontend/y.go\n\n"
                   "--a4--2020-01-04--Jo\n3\t0\tsrc/cartservice/a.cs\n")
    r = run_json(capsys, "ownership", str(SCENARIOS / "online-boutique.yaml"), "--git-log", str(log),
                 "--service-paths", "src/{name}/")
    hist = {h["module"]: (h["owner"], h["share"]) for h in r["history"]}
    assert hist["frontend"] == ("Checkout", pytest.approx(2 / 3))  # Eli (Checkout) made 2 of 3
    assert hist["cartservice"] == ("Cart", 1.0)
    assert main(["ownership", str(SCENARIOS / "online-boutique.yaml"), "--git-log", str(log),
                 "--service-paths", "src/{name}/"]) == 0
    out = capsys.readouterr().out
    assert "Ownership from history" in out and "Eli 67%" in out


def test_git_history_that_is_not_a_git_log_is_refused(capsys, tmp_path):
    log = tmp_path / "log.txt"
    log.write_text("x\n")
    assert main(["ownership", str(SCENARIOS / "online-boutique.yaml"), "--git-log", str(log)]) == 2
    err = capsys.readouterr().err
    assert f"{log}:1: error:" in err and "git log --all --numstat" in err


def test_single_catalog_file_is_recognised(capsys):
    r = run_json(capsys, "ownership", str(DATA / "backstage-demo" / "acme" / "org.yaml"))
    assert r["report"]["people"] == 17 and r["report"]["services"] == 0
    assert r["warnings"] == []


def test_import_ownership_writes_a_loadable_scenario(capsys, tmp_path):
    out = tmp_path / "acme.yaml"
    assert main(["import", "ownership", str(DATA / "backstage-demo"), "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    r = run_json(capsys, "ownership", str(out))
    # unresolved owners survive the round trip, so the orphan reasons do too
    assert [o["reason"] for o in r["report"]["orphaned"]] == [
        "owner 'user:guest' is a person, not a team"] * 3


def test_warnings_go_to_stderr_not_into_the_report(capsys):
    assert main(["ownership", str(DATA / "backstage-demo")]) == 0
    cap = capsys.readouterr()
    assert cap.err.count("warning: ") == 7 and "warning" not in cap.out
    assert "Orphaned services" in cap.out
    assert main(["reorg", str(SCENARIOS / "online-boutique.yaml"), "--teams", "2", "--slack", "3"]) == 0
    cap = capsys.readouterr()
    assert "warning: --teams 2 adds 2 planned teams to the 4 teams" in cap.err
    assert "warning" not in cap.out


PATHS_ARGS = [str(GRAPHS / "online-boutique.csv"), str(SCENARIOS / "online-boutique" / "CODEOWNERS"),
              "--service-paths"]
TALK_ARGS = [str(SCENARIOS / "online-boutique.yaml"), "--interactions"]


@pytest.mark.parametrize(("args", "text", "line", "message"), [
    (PATHS_ARGS, "service,path\nfrontend,src/frontend/,extra\n", 2,
     "error: 3 cells where 2 are expected (service,path): extra 'extra'"),
    (PATHS_ARGS, "service,path\nfrontend,src/frontend/\ncartservice\n", 3, "error: the row has no path"),
    (PATHS_ARGS, "service,path\n,src/x/\n", 2, "error: the row has no service"),
    (PATHS_ARGS, "name,folder\nfrontend,src/frontend/\n", 1,
     "error: service-paths CSV needs the columns service,path"),
    (PATHS_ARGS, "service,path,Service\na,b,c\n", 1,
     "error: columns 'service' (column 1) and 'Service' (column 3) differ only in case"),
    (PATHS_ARGS, 'service,path\n"frontend,src/x\n', 2,
     "error: a quoted cell opened on line 2 is never closed"),
    (PATHS_ARGS, "service,path\nfrontend,src/frontend/\ncartservice,src/../../etc/\n", 3,
     "error: path 'src/../../etc/' has a '..' segment"),
    (PATHS_ARGS, "service,path\nfrontend,/etc/\n", 2, "error: path '/etc/' is absolute"),
    (PATHS_ARGS, "service,path\nfrontend,C:\\src\\x\n", 2, "error: path 'C:\\\\src\\\\x' is absolute"),
    (PATHS_ARGS, "service,path\nfrontend,src\\..\\x\n", 2, "error: path 'src\\\\..\\\\x' has a '..' segment"),
    (PATHS_ARGS, "service,path\nfrontend,src/front*/\n", 2,
     "error: path 'src/front*/' has a wildcard: service folders are literal paths, not globs"),
    (TALK_ARGS, "team,other\nPlatform,Storefront,Cart\n", 2,
     "error: 3 cells where 2 are expected (team,other)"),
    (TALK_ARGS, "Platform\n", 1, "error: the row has no other"),
    (TALK_ARGS, "team,other\nPlatform,\n", 2, "error: the row has no other"),
])
def test_csv_options_refuse_bad_rows_with_file_and_line(capsys, tmp_path, args, text, line, message):
    f = tmp_path / "x.csv"
    f.write_text(text)
    assert main(["ownership", *args, str(f)]) == 2
    err = capsys.readouterr().err
    assert f"{f}:{line}: {message}" in err and "fix: " in err and "Traceback" not in err


@pytest.mark.parametrize(("template", "message"), [
    ("../{name}/", "path '../{name}/' has a '..' segment"),
    ("src/{name}*/", "path 'src/{name}*/' has a wildcard"),
])
def test_service_path_templates_stay_in_the_repository(capsys, template, message):
    assert main(["ownership", *PATHS_ARGS, template]) == 2
    err = capsys.readouterr().err
    assert "error: " + message in err and "entity: --service-paths" in err and "fix: " in err


def test_service_paths_csv_refusal_names_the_service(capsys, tmp_path):
    paths = tmp_path / "paths.csv"
    paths.write_text("service,path\nfrontend,src/frontend/\ncartservice,../cart/\n")
    assert main(["ownership", *PATHS_ARGS, str(paths)]) == 2
    err = capsys.readouterr().err
    assert f"{paths}:3: error: path '../cart/'" in err and "entity: service 'cartservice'" in err
    assert "fix: write the folder from the repository root, e.g. src/cartservice/" in err


def test_service_paths_csv_keeps_brackets_and_dots_inside_names(capsys, tmp_path):
    paths = tmp_path / "paths.csv"
    paths.write_text("service,path\nfrontend,src/frontend/\ncartservice,src/[cart]..v2/\n")
    assert read_service_paths(str(paths)) == {"frontend": ["src/frontend/"],
                                              "cartservice": ["src/[cart]..v2/"]}


def test_service_paths_csv_extra_columns_and_trailing_empty_cells(capsys, tmp_path):
    paths = tmp_path / "paths.csv"
    paths.write_text("path,service,notes\nsrc/frontend/,frontend,\n\nsrc/cartservice/,cartservice,x,,\n")
    r = run_json(capsys, "ownership", str(GRAPHS / "online-boutique.csv"),
                 str(SCENARIOS / "online-boutique" / "CODEOWNERS"), "--service-paths", str(paths))
    owned = {t["name"]: t["services"] for t in r["report"]["teams"]}
    assert owned == {"boutique/storefront": ["frontend"], "boutique/cart": ["cartservice"]}


def test_output_json_suffix_writes_json_and_other_suffixes_are_refused(capsys, tmp_path):
    src = str(SCENARIOS / "online-boutique.yaml")
    out = tmp_path / "after.json"
    assert main(["reorg", src, "--move-service", "cartservice", "--to", "Platform", "-o", str(out)]) == 0
    capsys.readouterr()
    data = json.loads(out.read_text())
    assert "cartservice" in next(t["services"] for t in data["teams"] if t["name"] == "Platform")
    assert main(["ownership", src, "-o", str(tmp_path / "merged.txt")]) == 2
    assert "must be a .yaml, .yml or .json" in capsys.readouterr().err
    assert not (tmp_path / "merged.txt").exists()


def test_existing_output_is_refused_before_the_work_and_replaced_with_force(capsys, tmp_path):
    out = tmp_path / "s.yaml"
    out.write_text("keep me\n")
    args = ["reorg", str(SCENARIOS / "online-boutique.yaml"), "-o", str(out)]
    assert main(args) == 2
    cap = capsys.readouterr()
    assert "will not overwrite" in cap.err and cap.out == "" and out.read_text() == "keep me\n"
    assert main([*args, "--force"]) == 0
    capsys.readouterr()
    assert main(["validate", str(out)]) == 0
    assert not [p.name for p in tmp_path.iterdir() if p.name != "s.yaml"]   # no temporary left
