"""Regression tests for a new user's report on ``teamsim ownership`` / ``teamsim reorg``."""

import json

import pytest

from teamsim.cli import main
from teamsim.errors import InputError
from teamsim.importers.codeowners import check_path_template

from .conftest import SCENARIOS

GRAPHS = SCENARIOS / "service-graphs"
BOUTIQUE = str(SCENARIOS / "online-boutique.yaml")


def run_json(capsys, *args):
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("extra", [["--split", "Platform"],
                                   ["--move-service", "frontend", "--split", "Checkout"]])
def test_move_and_split_together_is_an_input_error(capsys, extra):
    rc = main(["reorg", BOUTIQUE, "--move-person", "Ana", "--to", "Platform", *extra]
              if extra[0] == "--split" else ["reorg", BOUTIQUE, "--to", "Platform", *extra])
    err = capsys.readouterr().err
    assert rc == 2 and "cannot be combined" in err and "Traceback" not in err


def test_move_service_and_person_together_is_an_input_error(capsys):
    assert main(["reorg", BOUTIQUE, "--move-service", "frontend", "--move-person", "Ana",
                 "--to", "Platform"]) == 2
    assert "--move-service and --move-person cannot be combined" in capsys.readouterr().err


@pytest.mark.parametrize("template, piece", [
    ("svc/{nme}/", "unknown placeholder {nme}; use {name}"),
    ("svc/{}/", "unknown placeholder {}"),
    ("svc/{name:>3}/", "format options"),
    ("svc/{name/", "malformed braces"),
])
def test_bad_path_template(template, piece):
    with pytest.raises(InputError) as e:
        check_path_template(template)
    assert piece in str(e.value)


@pytest.mark.parametrize("with_codeowners", [True, False])
def test_bad_path_template_cli(capsys, with_codeowners):
    srcs = [str(GRAPHS / "online-boutique.csv")]
    if with_codeowners:
        srcs.append(str(SCENARIOS / "online-boutique" / "CODEOWNERS"))
    assert main(["ownership", *srcs, "--service-paths", "svc/{nme}/"]) == 2
    err = capsys.readouterr().err
    assert "unknown placeholder {nme}" in err and "use {name}" in err and "Traceback" not in err


CATALOG = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: checkout-team}
spec: {type: team, children: [], members: [ann, bob, cyd]}
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: platform}
spec: {type: team, children: [], members: [dee]}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: orders}
spec: {type: service, lifecycle: production, owner: checkout-team, dependsOn: [component:payments]}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: payments}
spec: {type: service, lifecycle: production, owner: platform}
""" + "".join(f"""---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {{name: {u}}}
spec: {{}}
""" for u in ("ann", "bob", "cyd", "dee"))


def _catalog(tmp_path):
    f = tmp_path / "catalog-info.yaml"
    f.write_text(CATALOG)
    return f


@pytest.mark.parametrize("order", ["catalog-first", "codeowners-first"])
def test_codeowners_team_maps_to_existing_catalog_group(capsys, tmp_path, order):
    cat = _catalog(tmp_path)
    co = tmp_path / "CODEOWNERS"
    co.write_text("/services/orders/ @shopco/checkout-team\n/services/payments/ @ShopCo/PLATFORM\n")
    srcs = [str(cat), str(co)] if order == "catalog-first" else [str(co), str(cat)]
    r = run_json(capsys, "ownership", *srcs, "--service-paths", "services/{name}/")
    teams = {t["name"]: (t["size"], t["services"]) for t in r["report"]["teams"]}
    assert teams == {"checkout-team": (3, ["orders"]), "platform": (1, ["payments"])}
    assert r["report"]["orphaned"] == []
    msgs = [w["message"] for w in r["warnings"]]
    assert "code owner @shopco/checkout-team is taken to be the existing team 'checkout-team'" in msgs
    assert not any("differs" in m for m in msgs)


def test_codeowners_disagreeing_with_catalog_warns_and_wins(capsys, tmp_path):
    cat = _catalog(tmp_path)
    co = tmp_path / "CODEOWNERS"
    co.write_text("* @shopco/platform\n")
    r = run_json(capsys, "ownership", str(cat), str(co), "--service-paths", "services/{name}/")
    teams = {t["name"]: t["services"] for t in r["report"]["teams"]}
    assert teams == {"checkout-team": [], "platform": ["orders", "payments"]}
    differ = [w for w in r["warnings"] if "differs" in w["message"]]
    assert len(differ) == 1 and differ[0]["line"] == 1
    assert "other sources say checkout-team, CODEOWNERS (line 1) says platform" in differ[0]["message"]


def test_github_team_names_are_case_insensitive():
    from teamsim.importers.codeowners import apply_codeowners, parse_codeowners
    from teamsim.scenario import Scenario

    s = Scenario.model_validate({"services": [{"name": "a"}, {"name": "b"}]})
    r = apply_codeowners(s, parse_codeowners("/a/ @ShopCo/Platform\n/b/ @shopco/platform\n"))
    assert [(t.name, t.service_names) for t in r.scenario.teams] == [("ShopCo/Platform", ["a", "b"])]


@pytest.mark.parametrize("rule, owner", [
    ("services/a/** @o/team-a", "o/team-a"),
    ("services/a/* @o/team-a", "o/team-a"),
    ("/services/a/ @o/team-a", "o/team-a"),
    ("services/a/ @o/team-a", "o/team-a"),
    ("a/ @o/team-a", "o/team-a"),          # unanchored folder at any depth
    ("*.go @o/team-a", "o/default"),       # only some files: does not decide the folder
    ("/services/a/tests/ @o/team-a", "o/default"),  # a subfolder does not either
    ("/services/ab/ @o/team-a", "o/default"),
])
def test_service_folder_owner(rule, owner):
    from teamsim.importers.codeowners import apply_codeowners, parse_codeowners
    from teamsim.scenario import Scenario

    s = Scenario.model_validate({"services": [{"name": "a"}]})
    r = apply_codeowners(s, parse_codeowners(f"* @o/default\n{rule}\n"), "services/{name}/")
    assert [(t.name, t.service_names) for t in r.scenario.teams] == [(owner, ["a"])]
    unused = [w.line for w in r.warnings if "decides the owner of no service" in w.message]
    assert unused == ([1] if owner == "o/team-a" else [2])


def test_person_owner_warning_has_the_line(tmp_path):
    from teamsim.importers import read

    r = read([SCENARIOS / "service-graphs" / "online-boutique.csv",
              SCENARIOS / "online-boutique" / "CODEOWNERS"], service_paths="src/{name}/")
    w = [w for w in r.warnings if "a person, not a team" in w.message]
    assert [(x.line, x.entity) for x in w] == [(17, "service 'loadgenerator'")]


def test_merge_does_not_depend_on_order(capsys, tmp_path):
    from teamsim.importers import read

    cat = _catalog(tmp_path)
    for srcs in ([cat, SCENARIOS / "online-boutique.yaml"], [SCENARIOS / "online-boutique.yaml", cat]):
        s = read(srcs).scenario
        assert s.person("Ana").tools == ["Go", "Kubernetes"]
        assert len(s.tools) == 6 and len(s.services) == 15 and len(s.teams) == 5
        # the catalog's "platform" and the scenario's "Platform" are one team
        plat = next(t for t in s.teams if t.name.lower() == "platform")
        assert sorted(plat.members) == ["Mo", "Noor", "dee"]
        assert sorted(plat.service_names) == ["loadgenerator", "payments"]
    assert main(["ownership", str(cat), BOUTIQUE]) == 0


def test_conflicting_dependency_weights_warn_and_take_the_larger(tmp_path):
    from teamsim.importers import read

    cat = _catalog(tmp_path)
    csv = tmp_path / "deps.csv"
    csv.write_text("source,target,weight\norders,payments,5\n")
    for srcs in ([cat, csv], [csv, cat]):
        r = read(srcs)
        orders = next(s for s in r.scenario.services if s.name == "orders")
        assert orders.dependency_weights == [5.0]
        w = [w.message for w in r.warnings if "weight" in w.message]
        assert len(w) == 1 and "the larger, 5, is used" in w[0]


def test_split_is_balanced_and_keeps_interactions():
    from teamsim.importers import load_scenario
    from teamsim.reorg import split_team

    s = load_scenario(SCENARIOS / "online-boutique.yaml")
    r = split_team(s, "Checkout")
    # a star checkout -> {payment, shipping, email, currency}, loads 2,1,1,1,1: capacity
    # max(2, 1.2 x 6 / 2) = 3.6 puts checkout with one leaf, cutting the other three edges
    assert r.cut == 3
    assert {n: len(t["services"]) for n, t in r.teams.items()} == {"Checkout-1": 2, "Checkout-2": 3}
    assert r.teams["Checkout-1"]["members"] == ["Eli", "Femi", "Gus"]
    assert r.teams["Checkout-2"]["members"] == ["Hana", "Ivo"]
    assert r.notes == ["Checkout has 5 people, already within the two-pizza limit of 9: "
                       "the split is not needed for size"]
    ch = {(c.scope, c.metric): (c.before, c.after) for c in r.changes}
    # required pairs after: Storefront-C1, Storefront-C2, Storefront-Cart, C1-Cart, C1-C2,
    # Platform-Storefront; declared (carried over): the first four -> 4 / 6
    assert ch[("organisation", "congruence")] == pytest.approx((0.75, 4 / 6))
    assert ch[("organisation", "cross_team_count")] == (9, 12)
    sf = r.scenario.team("Storefront")
    assert [(x.team, x.mode) for x in sf.interactions] == [
        ("Checkout-1", "collaboration"), ("Checkout-2", "collaboration"), ("Cart", "x-as-a-service")]
    assert [x.team for x in r.scenario.team("Checkout-2").interactions] == ["Cart"]


def test_split_with_no_dependency_change_keeps_congruence():
    from teamsim.reorg import split_team
    from teamsim.scenario import Scenario

    people = [{"name": f"p{i}"} for i in range(12)]
    s = Scenario.model_validate({"people": [*people, {"name": "q"}], "services": [
        {"name": "a", "depends_on": ["b", "x"]}, {"name": "b", "depends_on": ["x"]},
        {"name": "c", "depends_on": ["d", "x"]}, {"name": "d"}, {"name": "x"}],
        "teams": [{"name": "T", "members": [p["name"] for p in people], "services": ["a", "b", "c", "d"],
                   "interactions": [{"team": "X"}]},
                  {"name": "X", "members": ["q"], "services": ["x"]}]})
    r = split_team(s, "T")
    assert r.cut == 0 and r.notes == []
    assert sorted(sorted(t["services"]) for t in r.teams.values()) == [["a", "b"], ["c", "d"]]
    assert [len(t["members"]) for t in r.teams.values()] == [6, 6]
    ch = {(c.scope, c.metric): (c.before, c.after) for c in r.changes}
    assert ch[("organisation", "congruence")] == (1.0, 1.0)


def test_csv_names_unknown_to_the_catalog_get_a_suggestion(tmp_path):
    from teamsim.importers import read

    cat = _catalog(tmp_path)
    csv = tmp_path / "deps.csv"
    csv.write_text("source,target\nOrders,payments\ncheckout,paymnts\n")
    r = read([cat, csv])
    w = {x.entity: x.message for x in r.warnings if "in no other source" in x.message}
    assert w == {
        "service 'Orders'": "service 'Orders' is in no other source; it is added as a new, unowned "
                            "service (did you mean 'orders'?)",
        "service 'checkout'": "service 'checkout' is in no other source; it is added as a new, "
                              "unowned service",
        "service 'paymnts'": "service 'paymnts' is in no other source; it is added as a new, "
                             "unowned service (did you mean 'payments'?)"}


def test_dependency_csv_header_only_and_extra_columns():
    from teamsim.importers.dependencies import read_dependencies_text

    r = read_dependencies_text("source,target,calls\n", "d.csv")
    assert r.scenario.services == []
    assert [(w.line, w.message) for w in r.warnings] == [
        (1, "column 'calls' ignored: teamsim reads only source, target and weight"),
        (1, "the file has a header but no dependencies")]


def test_lam_zero_prefers_fewest_moves():
    from teamsim.importers import load_scenario
    from teamsim.reorg import suggest_ownership

    s = load_scenario(SCENARIOS / "online-boutique.yaml")
    r = suggest_ownership(s, lam=0.0)
    # cross-team 7 is optimal (docs: productcatalogservice to Storefront); with lam = 0 a
    # relabelling of all teams is as cheap, but ties go to the fewest moves
    assert (r.objective, r.cross_team, r.optimal) == (7.0, 7.0, True)
    assert [(m.service, m.to_team) for m in r.moves] == [("productcatalogservice", "Storefront")]
    assert r.lower_bound == 7.0 and r.gap == 0.0


def test_lam_zero_keeps_an_optimal_current_ownership():
    from teamsim.reorg import suggest_ownership
    from teamsim.scenario import Scenario

    # two separate pairs, each owned by one team: nothing to gain, nothing should move
    s = Scenario.model_validate({
        "services": [{"name": "a", "depends_on": ["b"]}, {"name": "b"},
                     {"name": "c", "depends_on": ["d"]}, {"name": "d"}],
        "teams": [{"name": "X", "services": ["a", "b"]}, {"name": "Y", "services": ["c", "d"]}]})
    for method in ("exact", "local"):
        r = suggest_ownership(s, lam=0.0, method=method)
        assert r.moves == [] and r.objective == 0 and r.current_objective == 0


def test_local_search_stops_at_its_deadline():
    import numpy as np

    from teamsim.importers import load_scenario
    from teamsim.ownership import ownership_matrices
    from teamsim.reorg import team_capacities
    from teamsim.reorg._common import _undirected
    from teamsim.reorg.capacity import _effective_ownership
    from teamsim.reorg.localsearch import _initial, _local_search

    s = load_scenario(SCENARIOS / "online-boutique.yaml")
    m = ownership_matrices(s)
    A = _undirected(m)
    O0, owned = _effective_ownership(s, m)
    cap = team_capacities(s, m=m)
    pin = np.zeros(len(m.services), bool)
    init = _initial(A, O0, owned, m.load, cap, {}, 0.5)
    args = (A, O0, owned, m.load, cap, pin)
    no_rounds = _local_search(*args, init.copy(), 0.5, np.random.default_rng(0), 0)
    # a deadline in the past: no restart runs, even when a billion are asked for
    past = _local_search(*args, init.copy(), 0.5, np.random.default_rng(0), 10**9, deadline=0.0)
    assert np.array_equal(no_rounds, past)


def test_modularity_needs_an_ownership_partition(capsys):
    from teamsim.importers.dependencies import read_dependencies
    from teamsim.ownership import modularity, ownership_report

    s = read_dependencies(GRAPHS / "online-boutique.csv").scenario
    r = ownership_report(s)
    assert r.modularity is None and modularity(s) is None
    assert r.modularity_note == "no service is owned, so there is no ownership partition"
    res = run_json(capsys, "reorg", str(GRAPHS / "online-boutique.csv"), "--teams", "2", "--lam", "0")
    ch = {c["metric"]: c for c in res["result"]["changes"] if c["scope"] == "organisation"}
    assert ch["modularity"]["before"] is None and ch["modularity"]["change"] is None
    import networkx as nx

    from teamsim.reorg import plan_teams, suggest_ownership
    after = suggest_ownership(plan_teams(s, 2), lam=0.0).scenario
    g = nx.Graph()
    g.add_nodes_from(x.name for x in after.services)
    for x in after.services:
        for d in x.dependency_names:
            w = g.get_edge_data(x.name, d, {"weight": 0})["weight"]
            g.add_edge(x.name, d, weight=w + 1)
    parts = [set(t.service_names) for t in after.teams]
    assert ch["modularity"]["after"] == pytest.approx(nx.community.modularity(g, parts))


def test_cross_team_edges_are_counted_apart_from_the_expected_count():
    from teamsim.ownership import ownership_report
    from teamsim.scenario import Scenario

    s = Scenario.model_validate({
        "services": [{"name": "x", "depends_on": ["y", "z"]}, {"name": "y"}, {"name": "z"}],
        "teams": [{"name": "A", "services": ["x", "y"]}, {"name": "B", "services": ["y", "z"]}]})
    r = ownership_report(s)
    # x -> y: y is half A, half B: 0.5 crosses; x -> z: 1 crosses
    assert r.cross_team_count == 1.5 and r.cross_team_edges == 2


def test_git_log_help_says_what_it_needs(capsys):
    assert main(["ownership", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.replace("│", " ").split())
    assert "(a log file, .gz allowed, or a repository folder)" in out
    assert "CODEOWNERS is applied last" in out


def test_cli_notes_for_no_ops_and_moves(capsys):
    assert main(["reorg", BOUTIQUE, "--move-service", "frontend", "--to", "Storefront"]) == 0
    out = capsys.readouterr().out
    assert "frontend is already owned by Storefront: nothing changes" in out
    assert "No metric changes." in out and "Before / after" not in out
    assert main(["reorg", BOUTIQUE, "--move-person", "Ana", "--to", "Cart"]) == 0
    assert "move Ana to team Cart, leaving Storefront" in capsys.readouterr().out


def test_cli_two_pizza_yes_no_and_unknown(capsys):
    assert main(["reorg", BOUTIQUE, "--split", "Checkout", "--all"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if "Checkout-1" in line and "two_pizza" in line)
    assert [c.strip() for c in row.split("│")[3:6]] == ["—", "yes", "—"]
    assert "note: Checkout has 5 people, already within the two-pizza limit of 9" in out
    assert main(["ownership", str(GRAPHS / "online-boutique.csv"),
                 str(SCENARIOS / "online-boutique" / "CODEOWNERS"), "--service-paths", "src/{name}/"]) == 0
    out = capsys.readouterr().out
    assert "no members known: size, two-pizza and load per person are unknown" in " ".join(out.split())


def test_teams_option_warns_when_the_input_has_teams(capsys):
    assert main(["reorg", BOUTIQUE, "--teams", "2"]) == 0
    cap = capsys.readouterr()   # a warning: on stderr, not in the report
    assert "--teams 2 adds 2 planned teams to the 4 teams of the input" in cap.err
    assert "warning" not in cap.out


def test_current_objective_is_explained(capsys):
    assert main(["reorg", str(GRAPHS / "dsb-hotel.csv"), "--teams", "2"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "current — (10 services have no owner today, so the current ownership has no objective)" in out


def test_name_column_is_not_cut_at_80_columns(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    from teamsim.cli import _app

    monkeypatch.setattr(_app.console, "_width", 80)
    assert main(["ownership", BOUTIQUE]) == 0
    out = capsys.readouterr().out
    assert "│ Storefront │" in out and "…" not in out


def test_folder_mode_skips_non_backstage_yaml_with_one_line(tmp_path, monkeypatch):
    from teamsim.importers.backstage import read_backstage

    root = tmp_path / "repo"
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / "k8s").mkdir()
    (root / ".github" / "workflows" / "ci.yaml").write_text("on: push\njobs: {}\n")
    (root / "k8s" / "deploy.yaml").write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n")
    (root / "openapi.yaml").write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n")
    (root / "catalog-info.yaml").write_text(CATALOG)
    monkeypatch.chdir(tmp_path)
    r = read_backstage("repo")
    assert [w.message for w in r.warnings] == [
        "3 YAML files without Backstage entities (no apiVersion backstage.io/...) skipped: "
        "repo/.github/workflows/ci.yaml, repo/k8s/deploy.yaml, repo/openapi.yaml"]
    assert r.warnings[0].file == "repo"
    assert sorted(t.name for t in r.scenario.teams) == ["checkout-team", "platform"]


def test_warning_paths_open_from_the_current_directory(tmp_path, monkeypatch):
    from teamsim.importers.backstage import read_backstage

    cat = tmp_path / "a" / "b"
    cat.mkdir(parents=True)
    (cat / "c.yaml").write_text(CATALOG + "---\napiVersion: backstage.io/v1alpha1\nkind: Component\n"
                                "metadata: {name: x}\nspec: {owner: nobody}\n")
    monkeypatch.chdir(tmp_path)
    r = read_backstage(cat)
    files = {w.file for w in r.warnings}
    assert files == {"a/b/c.yaml"} and (tmp_path / "a/b/c.yaml").exists()


def test_misspelt_kind_and_user_owner(tmp_path):
    from teamsim.importers.backstage import read_backstage

    f = tmp_path / "c.yaml"
    f.write_text(CATALOG + "---\napiVersion: backstage.io/v1alpha1\nkind: Compnent\n"
                 "metadata: {name: cart}\nspec: {owner: platform}\n"
                 "---\napiVersion: backstage.io/v1alpha1\nkind: Component\n"
                 "metadata: {name: ledger}\nspec: {owner: ann}\n")
    r = read_backstage(f)
    msgs = {w.entity: (w.message, w.hint) for w in r.warnings}
    assert msgs["compnent:default/cart"] == (
        "kind 'Compnent' is not used by teamsim; entity not imported (did you mean Component?)",
        "write kind: Component")
    assert msgs["component:default/ledger"] == (
        "owner 'ann' is not a group, but a User ann exists: owners should be groups; the entity "
        "has no owning team", "make a group the owner (e.g. group:default/checkout-team, which ann is in)")
    from teamsim.ownership import orphaned_services
    assert [(o.service, o.reason) for o in orphaned_services(r.scenario)] == [
        ("ledger", "owner 'user:ann' is a person, not a team")]


def test_codeowners_file_names_and_interaction_header_typo(capsys, tmp_path):
    from teamsim.importers import detect_kind

    co = tmp_path / "nu4_CODEOWNERS"
    co.write_text("* @o/x\n")
    assert detect_kind(co) == "codeowners"
    other = tmp_path / "owners.txt"
    other.write_text("* @o/x\n")
    assert main(["ownership", str(GRAPHS / "online-boutique.csv"), str(other)]) == 2
    assert "its name must contain CODEOWNERS" in " ".join(capsys.readouterr().err.split())
    talk = tmp_path / "talk.csv"
    talk.write_text("tema,other\nPlatform,Storefront\n")
    assert main(["ownership", BOUTIQUE, "--interactions", str(talk)]) == 2
    err = capsys.readouterr().err
    assert "talk.csv:1" in err and "header 'tema,other' looks like a misspelt 'team,other'" in err


def test_two_pizza_is_unknown_without_membership_data():
    from teamsim.importers import read
    from teamsim.ownership import ownership_report

    s = read([GRAPHS / "online-boutique.csv", SCENARIOS / "online-boutique" / "CODEOWNERS"],
             service_paths="src/{name}/").scenario
    r = ownership_report(s)
    assert {t.two_pizza for t in r.teams} == {None} and r.warnings == []
