"""teamsim.importers.read: kind detection, merging in any order, provenance, Backstage as Backstage
shows it (owners that are not Group entities), zipped catalogs, warning summaries."""

import gzip
import shutil
import zipfile

import pytest

from teamsim.cli import main
from teamsim.errors import InputError
from teamsim.importers import (
    KINDS,
    ImportWarning,
    detect_kind,
    load_scenario,
    read,
    summarise_warnings,
    warning_kind,
)
from teamsim.importers.tables import read_org_csv
from teamsim.ownership import ownership_report

from .conftest import DATA, SCENARIOS

DEMO = DATA / "backstage-demo"
GRAPHS = SCENARIOS / "service-graphs"
API = "apiVersion: backstage.io/v1alpha1"


def ent(kind, name, spec="{}"):
    return f"---\n{API}\nkind: {kind}\nmetadata: {{name: {name}}}\nspec: {spec}\n"


# ------------------------------------------------------------------ kind detection
def _files(tmp_path):
    (tmp_path / "org.csv").write_text("person,team,role\nann,web,lead\n")
    (tmp_path / "names.csv").write_text("Name;Team\nann;web\n")
    (tmp_path / "skills.csv").write_text("name,team,Go\nann,web,1\n")
    (tmp_path / "deps.csv").write_text("Source,Target,Weight\na,b,2\n")
    (tmp_path / "h.gz").write_bytes(gzip.compress(b"--a--2020-01-01--Ann\n1\t0\tsrc/x/m.go\n"))
    (tmp_path / "h.txt").write_text("--a--2020-01-01--Ann\n1\t0\tsrc/x/m.go\n")
    (tmp_path / "team_codeowners").write_text("* @o/t\n")
    with zipfile.ZipFile(tmp_path / "cat.bin", "w") as zf:   # zip magic, no .zip suffix
        zf.writestr("a.yaml", ent("Group", "web"))
    (tmp_path / "groups.yml").write_text("# groups\n" + ent("Group", "web"))
    (tmp_path / "repo").mkdir()
    return tmp_path


@pytest.mark.parametrize("name, kind", [
    ("org.csv", "org"), ("names.csv", "org"), ("skills.csv", "skills"), ("deps.csv", "dependencies"),
    ("h.gz", "git-log"), ("h.txt", "git-log"), ("team_codeowners", "codeowners"),
    ("cat.bin", "backstage-zip"), ("groups.yml", "backstage"), ("repo", "backstage"),
])
def test_kinds_are_detected_from_content_and_name(tmp_path, name, kind):
    assert detect_kind(_files(tmp_path) / name) == kind


def test_shipped_files_are_detected():
    assert detect_kind(SCENARIOS / "online-boutique.yaml") == "scenario"
    assert detect_kind(DEMO / "all.yaml") == "backstage"
    assert detect_kind(GRAPHS / "dsb-media.csv") == "dependencies"
    assert detect_kind(SCENARIOS / "online-boutique" / "microservices-demo.gitlog") == "git-log"
    assert [k.name for k in KINDS] == ["backstage-zip", "backstage", "git-repo", "codeowners", "git-log",
                                       "git-history", "dependencies", "org", "skills", "scenario"]


def test_a_kind_appended_to_kinds_is_detected_before_the_catch_all_kinds(tmp_path, monkeypatch):
    """CONTRIBUTING's importer example: one SourceKind appended at the end of KINDS."""
    from teamsim.importers import registry

    assert [k.name for k in KINDS if k.fallback] == ["skills", "scenario"]
    jira = registry.SourceKind("jira-teams", "a Jira team export (.json with a 'teamId' key)",
                               lambda path, head: path.suffix == ".json" and b'"teamId"' in head,
                               lambda path, options: registry.Part(sources=[str(path)]))
    monkeypatch.setattr(registry, "KINDS", (*KINDS, jira))
    export, scenario = tmp_path / "teams.json", tmp_path / "plan.json"
    export.write_text('{"entities": [{"teamId": "1", "displayName": "Payments"}]}')
    scenario.write_text('{"people": [{"name": "Ann"}]}')
    assert detect_kind(export) == "jira-teams"
    assert detect_kind(scenario) == "scenario"
    assert detect_kind(GRAPHS / "dsb-media.csv") == "dependencies"


def test_accept_default_and_kind_override(tmp_path):
    _files(tmp_path)
    assert detect_kind(tmp_path / "repo", accept=["scenario", "git-repo"]) == "git-repo"
    notes = tmp_path / "notes.md"
    notes.write_text("hello")
    with pytest.raises(InputError, match="unknown input type '.md'") as e:
        detect_kind(notes, accept=["scenario", "skills"])
    assert e.value.hint == ("give a skills matrix (.csv with a name column and one column per tool); or "
                            "a teamsim scenario (.yaml, .yml, .json)")
    assert detect_kind(notes, accept=["scenario"], default="git-log") == "git-log"
    with pytest.raises(InputError, match="is a folder"):
        load_scenario(tmp_path / "repo")
    # kind= skips detection: a skills matrix read as an org CSV has a column an org CSV has not
    with pytest.raises(InputError, match="column 'Go' is not a column of an org CSV"):
        read(tmp_path / "skills.csv", kind="org")
    with pytest.raises(InputError, match="unknown source kind 'yaml'"):
        read(tmp_path / "org.csv", kind="yaml")
    with pytest.raises(TypeError):
        read(tmp_path / "org.csv", colour="red")


def _shipped():
    return sorted(p for p in SCENARIOS.rglob("*") if p.is_file() and p.suffix in (".yaml", ".csv"))


@pytest.mark.parametrize("path", _shipped(), ids=lambda p: p.name)
def test_every_shipped_scenario_reads(path):
    r = read(path)
    s = r.scenario
    assert r.kinds == [(str(path), "dependencies" if path.suffix == ".csv" else "scenario")]
    assert r.sources == [str(path)] and r.warnings == []
    if path.suffix == ".yaml":
        assert s == load_scenario(path)
    else:  # every service of an edge list has provenance "dependencies" or "listed"
        assert s.services and {f for v in r.provenance.services.values() for _, f in v} <= {
            "dependencies", "listed"}


def test_shipped_git_log_and_codeowners():
    log = SCENARIOS / "online-boutique" / "microservices-demo.gitlog"
    r = read(log)
    assert r.git_log is not None and len(r.git_log.commits) > 100
    people = {p.name for p in r.scenario.people}
    assert len(people) > 5 and people <= set(r.git_log.authors)
    assert all(f == [(log.name, "tools")] or f == [(log.name, "listed")]
               for f in r.provenance.people.values())
    with pytest.raises(InputError, match="needs the services it covers"):
        read(SCENARIOS / "online-boutique" / "CODEOWNERS")


def test_provenance_of_csv_and_codeowners():
    r = read([GRAPHS / "online-boutique.csv", SCENARIOS / "online-boutique" / "CODEOWNERS"],
             service_paths="src/{name}/")
    p = r.provenance
    assert p.services["cartservice"] == [("online-boutique.csv", "dependencies"), ("CODEOWNERS", "paths")]
    assert p.services["redis-cart"] == [("online-boutique.csv", "listed"), ("CODEOWNERS", "paths")]
    # owned by a person in CODEOWNERS: no team owner, so CODEOWNERS says nothing about it
    assert p.services["loadgenerator"] == [("online-boutique.csv", "dependencies")]
    owners = {t.name for t in r.scenario.teams}
    assert set(p.teams) == owners and all(v == [("CODEOWNERS", "owner")] for v in p.teams.values())
    assert r.scenario.name == "online-boutique.csv + CODEOWNERS"


# ------------------------------------------------------------------ Backstage owners without groups
def _catalog(tmp_path):
    cat = tmp_path / "cat"
    cat.mkdir()
    (cat / "c.yaml").write_text(
        ent("Group", "search", "{type: team}") + ent("User", "cy", "{memberOf: [search]}")
        + ent("Component", "finder", "{owner: search}")
        + ent("Component", "indexer", "{owner: serch}")                 # typo of search
        + ent("Component", "cart", "{owner: payments, dependsOn: ['resource:ledger']}")
        + ent("Component", "checkout", "{owner: 'group:payments'}")
        + ent("Resource", "ledger", "{owner: payments, type: database}")
        + ent("Component", "template", "{owner: 'group:group-name'}")    # template placeholder
        + ent("API", "pay-api", "{owner: payments}"))
    return cat


def test_owner_that_is_not_a_group_becomes_a_team_with_members_unknown(tmp_path):
    r = read(_catalog(tmp_path))
    teams = {t.name: (t.members, t.service_names, t.members_unknown) for t in r.scenario.teams}
    assert teams == {"search": (["cy"], ["finder"], False),
                     "serch": ([], ["indexer"], True),
                     "payments": ([], ["cart", "checkout", "ledger"], True)}
    by_kind = {}
    for w in r.warnings:
        by_kind.setdefault(warning_kind(w), []).append(w)
    unknown = by_kind["members unknown"]
    assert [w.entity for w in unknown] == ["group:default/serch", "group:default/payments"]  # one per owner
    assert "did you mean 'search'?" in unknown[0].message and unknown[0].hint == "fix the owner to 'search'"
    assert "(owns cart, checkout, ledger and 1 more)" in unknown[1].message
    assert [w.line for w in unknown] == [20, 25]  # the first entity naming each owner
    (placeholder,) = by_kind["placeholder"]
    assert placeholder.entity == "component:default/template" and "group:group-name" in placeholder.message
    rep = ownership_report(r.scenario)
    assert [(o.service, o.reason) for o in rep.orphaned] == [
        ("template", "owner 'group:group-name' does not resolve to a team")]
    sizes = {t.name: (t.size, t.two_pizza, t.members_unknown) for t in rep.teams}
    assert sizes == {"search": (1, True, False), "serch": (0, None, True), "payments": (0, None, True)}
    assert rep.warnings == []   # no "owns services but has no members" for unknown members


@pytest.mark.parametrize("org_first", [False, True])
def test_members_from_an_org_csv_or_groups_file_in_any_order(tmp_path, org_first):
    cat = _catalog(tmp_path)
    org = tmp_path / "org.csv"
    org.write_text("person,team\nann,payments\nbo,Payments\ncy,payments\n")
    groups = tmp_path / "groups.yaml"
    groups.write_text(ent("Group", "serch") + ent("User", "di", "{memberOf: [serch]}"))
    srcs = [org, groups, cat] if org_first else [cat, groups, org]
    r = read(srcs)
    teams = {t.name.lower(): (sorted(t.members), t.members_unknown) for t in r.scenario.teams}
    assert teams == {"search": (["cy"], False), "serch": (["di"], False),
                     "payments": (["ann", "bo", "cy"], False)}
    assert [w for w in r.warnings if w.kind == "members unknown"] == []
    assert sorted(r.provenance.teams["payments"]) == [
        ("cat", "members unknown (superseded)"), ("cat", "services"), ("org.csv", "members")]
    assert sorted(r.provenance.people["cy"]) == [("cat", "member"), ("org.csv", "member")]
    rep = ownership_report(r.scenario)
    assert {t.name.lower(): t.size for t in rep.teams} == {"search": 1, "serch": 1, "payments": 3}


def test_members_unknown_in_the_cli_report(tmp_path, capsys):
    assert main(["ownership", str(_catalog(tmp_path))]) == 0
    out, err = capsys.readouterr()
    assert "Members unknown: serch, payments" in out
    assert "template" in out and "indexer" not in out.split("Orphaned services")[1]
    assert err.count("with members unknown") == 2


def test_demo_catalog_with_its_groups(tmp_path):
    whole = read(DEMO)
    split = read([DEMO / "all.yaml", DEMO / "acme" / "org.yaml"])
    assert sorted((t.name, sorted(t.members), sorted(t.service_names)) for t in whole.scenario.teams) == \
        sorted((t.name, sorted(t.members), sorted(t.service_names)) for t in split.scenario.teams)
    assert [w for w in split.warnings if w.kind == "members unknown"] == []


def test_demo_catalog_zipped_reads_as_the_folder(tmp_path):
    z = shutil.make_archive(str(tmp_path / "demo"), "zip", DEMO)
    rz, rf = read(z), read(DEMO)
    assert rz.kinds == [(z, "backstage-zip")]
    assert rz.scenario.model_dump(exclude={"name"}) == rf.scenario.model_dump(exclude={"name"})
    assert rz.scenario.name == f"Backstage catalog {z}"
    assert len(rz.warnings) == len(rf.warnings) and len(rz.sources) == len(rf.sources)
    assert all(w.file is None or w.file.startswith(z + "/") for w in rz.warnings)
    assert all(s.startswith(z + "/") for s in rz.sources)


# ------------------------------------------------------------------ org CSV
@pytest.mark.parametrize("text, piece, line", [
    ("team,role\nweb,x\n", "an org CSV needs the columns person,team", 1),
    ("person,team\nann,\n", "the row has no team", 2),
    ("person,team\nann,web\nann,web\n", "'ann' is listed twice in team 'web' (lines 2 and 3)", 3),
    ("person,team\n", "the org CSV has no rows", None),
])
def test_bad_org_csv(tmp_path, text, piece, line):
    f = tmp_path / "org.csv"
    f.write_text(text)
    with pytest.raises(InputError) as e:
        read_org_csv(f)
    assert piece in e.value.message and e.value.line == line and e.value.file == str(f)


# ------------------------------------------------------------------ warning summaries
def test_summary_groups_by_kind_with_examples():
    ws = ([ImportWarning(message=f"owner 'g{i}' is odd", file="c.yaml", line=i) for i in range(1, 9)]
          + [ImportWarning(message="x", kind="placeholder") for _ in range(3)])
    lines = summarise_warnings(ws)
    assert lines[0] == "8 warnings of kind owner … is odd, e.g."
    assert lines[1:4] == [f"  c.yaml:{i}: warning: owner 'g{i}' is odd" for i in range(1, 4)]
    assert lines[4] == "3 warnings of kind placeholder:"
    assert lines[-1] == "11 warnings in all; --verbose lists every one" and len(lines) == 9
    assert summarise_warnings(ws, verbose=True) == [w.render() for w in ws]
    assert summarise_warnings(ws[:9]) == [w.render() for w in ws[:9]]


def test_cli_summarises_warnings_and_verbose_lists_all(tmp_path, capsys):
    cat = tmp_path / "cat.yaml"
    cat.write_text("".join(ent("Component", f"c{i}", f"{{owner: team-{i}}}") for i in range(12)))
    assert main(["ownership", str(cat)]) == 0
    err = capsys.readouterr().err
    assert "12 warnings of kind members unknown, e.g." in err and err.count("with members unknown") == 3
    assert "12 warnings in all; --verbose lists every one" in err
    assert main(["ownership", str(cat), "--verbose"]) == 0
    err = capsys.readouterr().err
    assert err.count("with members unknown") == 12 and "--verbose" not in err


# ------------------------------------------------------------------ catalog groups after every source
@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_catalog_groups_own_what_the_merged_scenario_gives_them(tmp_path, order):
    # the catalog names team-a..d as owners without Group entities; the groups come from org.yaml;
    # CODEOWNERS moves queue-proxy from team-b to team-d and gives everything else to team-a
    owners = tmp_path / "CODEOWNERS"
    owners.write_text("* @acme/team-a\n/services/queue-proxy/ @acme/team-d\n")
    srcs = [DEMO / "all.yaml", DEMO / "acme" / "org.yaml", owners]
    r = read([srcs[i] for i in order], service_paths="services/{name}")
    owns = {g.ref.removeprefix("group:default/"): g.owns for g in r.groups}
    assert len(r.groups) == 9 == len(owns)   # each group once
    services = {k: sorted(o for o in v if o.split(":")[0] in ("component", "resource"))
                for k, v in owns.items()}
    assert services["team-d"] == ["component:default/queue-proxy"]
    assert services["team-b"] == [] and services["team-c"] == []
    assert len(services["team-a"]) == 13 and "resource:default/artists-db" in services["team-a"]
    assert {k: len(v) for k, v in services.items() if v} == {
        t.name: len(t.service_names) for t in r.scenario.teams if t.service_names}
    # APIs and systems: what the catalog gives the owner ref, although it is not a Group there
    assert "api:default/starwars-graphql" in owns["team-b"] and "domain:default/audio" in owns["acme-corp"]
    assert next(g for g in r.groups if g.ref.endswith("/team-a")).members  # members from org.yaml


@pytest.mark.parametrize("other", ["groups.yaml", "org.csv", None])
def test_user_owner_is_looked_up_in_every_source(tmp_path, other):
    cat = tmp_path / "cat.yaml"
    cat.write_text(ent("Component", "shop", "{owner: 'user:guest'}")
                   + ent("Domain", "d", "{owner: 'user:guest'}"))
    (tmp_path / "groups.yaml").write_text(ent("Group", "web") + ent("User", "guest", "{memberOf: [web]}"))
    (tmp_path / "org.csv").write_text("person,team\nguest,web\n")
    r = read([cat] + ([tmp_path / other] if other else []))
    ws = [w for w in r.warnings if "user:guest" in w.message]
    assert [w.entity for w in ws] == ["component:default/shop", "domain:default/d"]
    if other is None:
        assert all("is a user that is not in the catalog" in w.message and w.hint == "make a group the owner"
                   and w.kind == "owner is an unknown user" for w in ws)
    else:
        assert all("not in the catalog" not in w.message and w.kind == "owner is a user"
                   and w.hint == "make a group the owner (e.g. web, which guest is in)" for w in ws)


def test_provenance_records_agreeing_sources_and_superseded_facts(tmp_path):
    # CODEOWNERS agrees with the catalog about artist-lookup (team-a) and moves queue-proxy to team-d;
    # org.yaml gives team-a's members, which the catalog (owner ref only) did not know
    owners = tmp_path / "CODEOWNERS"
    owners.write_text("/services/artist-lookup/ @acme/team-a\n/services/queue-proxy/ @acme/team-d\n")
    r = read([DEMO / "all.yaml", DEMO / "acme" / "org.yaml", owners], service_paths="services/{name}")
    p = r.provenance
    assert p.services["artist-lookup"] == [("all.yaml", "owner"), ("CODEOWNERS", "paths")]
    assert p.services["queue-proxy"] == [("all.yaml", "owner"), ("CODEOWNERS", "paths")]
    assert p.services["www-artist"] == [("all.yaml", "owner")]   # CODEOWNERS says nothing about it
    assert p.teams["team-a"] == [("all.yaml", "members unknown (superseded)"), ("all.yaml", "services"),
                                 ("org.yaml", "members"), ("CODEOWNERS", "owner")]
    assert p.teams["team-d"][-1] == ("CODEOWNERS", "owner")
    assert ("CODEOWNERS", "owner") not in p.teams["team-b"]
    alone = read(DEMO / "all.yaml").provenance.teams["team-a"]
    assert alone == [("all.yaml", "members unknown"), ("all.yaml", "services")]   # nothing supersedes it


def test_git_as_history():
    log = SCENARIOS / "online-boutique" / "microservices-demo.gitlog"
    graph = GRAPHS / "online-boutique.csv"
    people = read([graph, log]).scenario.people
    assert len(people) > 10   # a people source by default (the CLI's positional git log)
    auto = read([graph, log], git_as_history="auto")   # no source gives teams with members: still people
    assert auto.kinds[1][1] == "git-log" and auto.scenario.people == people
    r = read([graph, log], git_as_history=True)
    assert r.kinds[1][1] == "git-history" and r.scenario.people == [] and len(r.git_log.commits) > 100
    assert read([graph, log], [None, "git-history"]).scenario.people == []
    with pytest.raises(InputError, match="needs the teams of its authors"):
        read(log, "git-history")
    with pytest.raises(InputError, match="git_as_history is 'yes'"):
        read(graph, git_as_history="yes")


def test_readers_are_imported_on_first_use():
    # teamsim.importers names each reader's function; its module is imported when first asked for
    import importlib

    import teamsim.importers as importers

    for name, module in importers._LAZY.items():
        home = importlib.import_module(f"teamsim.importers.{module}")
        assert getattr(importers, name) is getattr(home, name)
        assert name in dir(importers) and name in importers.__all__
    with pytest.raises(AttributeError, match="has no attribute 'read_jira'"):
        importers.read_jira  # noqa: B018


def test_read_result_validates_groups_and_git_log_of_reader_modules():
    from pydantic import ValidationError

    from teamsim.importers import GitLog, ReadResult
    from teamsim.importers.backstage import CatalogGroup

    s = load_scenario(SCENARIOS / "diversity-bonus.yaml")
    group = {"ref": "group:default/web", "type": "team", "parent": None, "members": ["ann"], "owns": [],
             "team": "web"}
    r = ReadResult(scenario=s, groups=[group], git_log=GitLog(commits=[]))
    assert type(r.groups[0]) is CatalogGroup and r.groups[0].ref == "group:default/web"
    assert r.model_dump(mode="json")["groups"] == [group]
    assert r.model_dump()["git_log"]["commits"] == []
    assert ReadResult(scenario=s, groups=()).groups == [] and ReadResult(scenario=s).git_log is None
    with pytest.raises(ValidationError, match="members"):
        ReadResult(scenario=s, groups=[{**group, "members": "ann"}])
    with pytest.raises(ValidationError):
        ReadResult(scenario=s, git_log={"commits": "none"})


def test_the_read_result_has_a_json_schema():
    # the lazily imported fields describe their types (the reader modules are imported for it)
    from teamsim.importers import ReadResult

    schema = ReadResult.model_json_schema()
    props = schema["properties"]
    assert props["groups"]["items"] == {"$ref": "#/$defs/CatalogGroup"}
    assert {"type": "null"} in props["git_log"]["anyOf"]
    git_log = next(s for s in props["git_log"]["anyOf"] if s != {"type": "null"})
    assert {"commits", "excluded_authors"} <= set(git_log["properties"])
    assert {"CatalogGroup", "Scenario", "Provenance"} <= set(schema["$defs"])
