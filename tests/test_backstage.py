"""Backstage catalog import: facts checked by hand on the demo catalog, and bad input."""

import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teamsim.errors import InputError, TeamsimError
from teamsim.importers.backstage import parse_entity_ref, read_backstage
from teamsim.importers.backstage.build import _build
from teamsim.importers.backstage.reader import _Reader
from teamsim.ownership import ownership_report

from .conftest import DATA

DEMO = DATA / "backstage-demo"


@pytest.fixture(scope="module")
def demo():
    return read_backstage(DEMO)


def test_entity_counts(demo):
    # README: 9 Group, 17 User, 13 Component, 10 API, 1 Resource, 3 System, 3 Domain
    assert demo.entities == {"API": 10, "Component": 13, "Domain": 3, "Group": 9, "Resource": 1,
                             "System": 3, "User": 17}


def test_which_group_owns_which_component(demo):
    # checked by hand against components/*.yaml and resources/*.yaml spec.owner
    owned = {t.name: sorted(t.service_names) for t in demo.scenario.teams}
    assert owned == {
        "team-a": ["artist-lookup", "artists-db", "wayback-archive", "wayback-archive-storage",
                   "wayback-search", "www-artist"],
        "team-b": ["podcast-api", "queue-proxy"],
        "team-c": ["petstore", "playback-sdk"],
        "team-d": ["wayback-archive-ingestion"],
    }


def test_membership_is_union_of_member_of_and_members(demo):
    members = {t.name: t.members for t in demo.scenario.teams}
    assert members["team-a"] == ["user1", "user2", "user3", "guest", "development/guest"]
    assert members["team-b"] == [f"user{i}" for i in range(4, 9)]
    assert members["team-c"] == [f"user{i}" for i in range(9, 14)]
    assert members["team-d"] == ["user14", "user15"]
    assert len(demo.scenario.people) == 17


def test_groups_that_own_nothing_and_hierarchy(demo):
    g = {x.ref: x for x in demo.groups}
    assert demo.groups_owning_nothing == ["group:default/backstage", "group:default/boxoffice",
                                          "group:default/infrastructure", "group:default/team-e"]
    assert g["group:default/acme-corp"].owns == ["domain:default/audio"]
    assert g["group:default/acme-corp"].team is None  # no members, no component
    assert g["group:default/team-e"].members == [] and g["group:default/team-e"].team is None
    assert g["group:default/team-a"].parent == "group:default/backstage"
    assert g["group:default/backstage"].parent == "group:default/infrastructure"
    assert g["group:default/team-c"].owns.count("api:default/petstore") == 1
    assert sum(r.startswith("api:") for r in g["group:default/team-c"].owns) == 5


def test_user_owners_are_warned_and_orphaned(demo):
    user_owned = sorted(w.entity for w in demo.warnings if "is a user" in w.message)
    assert user_owned == ["component:default/playback-order", "component:default/searcher",
                          "component:default/shuffle-api", "domain:default/playback"]
    w = next(w for w in demo.warnings if w.entity == "component:default/searcher")
    assert w.file.endswith("components/searcher-component.yaml") and w.line == 11
    assert "group:default/team-a" in w.hint
    r = ownership_report(demo.scenario)
    assert [(o.service, o.reason) for o in r.orphaned] == [
        ("playback-order", "owner 'user:guest' is a person, not a team"),
        ("searcher", "owner 'user:guest' is a person, not a team"),
        ("shuffle-api", "owner 'user:guest' is a person, not a team")]


def test_unknown_kinds_warned_and_nothing_else(demo):
    kinds = sorted(w.entity for w in demo.warnings if "not used by teamsim" in w.message)
    assert kinds == ["airesource:default/code-review-plugin", "airesource:default/frontend-design",
                     "airesource:default/use-internal-apis"]
    # the OpenAPI file referenced by $text is not reported as a stray document
    assert not any("petstore-webhook.oas" in (w.file or "") for w in demo.warnings)
    assert len(demo.warnings) == 7


def test_dependencies_from_apis_and_subcomponents(demo):
    deps = {s.name: s.dependency_names for s in demo.scenario.services if s.depends_on}
    # wayback-search consumesApis wayback-archive, provided by component wayback-archive;
    # the two wayback-archive-* components are subcomponentOf wayback-archive
    assert deps == {"wayback-archive": ["wayback-archive-ingestion", "wayback-archive-storage"],
                    "wayback-search": ["wayback-archive"]}
    r = ownership_report(demo.scenario)
    assert r.cross_team_count == 1 and r.cross_team_ratio == pytest.approx(1 / 3)
    assert [(d.source, d.target) for d in r.team_dependencies] == [("team-a", "team-d")]
    systems = {s.name: s.system for s in demo.scenario.services}
    assert systems["artists-db"] == "artist-engagement-portal" and systems["petstore"] is None


def test_entry_file_follows_locations_only():
    r = read_backstage(DEMO / "all.yaml")  # groups and users are not reachable from all.yaml
    assert "Group" not in r.entities and r.entities["Component"] == 13
    # owners that are not Group entities here become teams with members unknown, as Backstage
    # shows them: 10 components (13 less the 3 owned by user:guest) and 1 resource
    teams = {t.name: (len(t.services), t.members_unknown) for t in r.scenario.teams}
    assert teams == {"team-a": (6, True), "team-b": (2, True), "team-c": (2, True), "team-d": (1, True)}
    assert not [w for w in r.warnings if "does not resolve to a group" in w.message]
    # one warning per owner (4 teams and acme-corp, which owns only a domain), not per entity
    external = [w for w in r.warnings if w.kind == "members unknown"]
    assert sorted(w.entity for w in external) == [f"group:default/{n}" for n in
                                                  ("acme-corp", "team-a", "team-b", "team-c", "team-d")]
    assert "its members are unknown (owns audio)" in external[-1].message
    org = read_backstage(DEMO / "acme" / "org.yaml")
    assert org.entities == {"Group": 9, "User": 17} and org.warnings == []


def test_entity_refs():
    assert str(parse_entity_ref("Component:Prod/Web", "group")) == "component:prod/web"
    assert str(parse_entity_ref("web", "component", "prod")) == "component:prod/web"
    with pytest.raises(InputError):
        parse_entity_ref("group:")


def _catalog(tmp_path, files):
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text))
    return tmp_path


def ent(kind, name, spec="{}", ns=None):
    meta = f"{{name: {name}{', namespace: ' + ns if ns else ''}}}"
    return f"---\napiVersion: backstage.io/v1alpha1\nkind: {kind}\nmetadata: {meta}\nspec: {spec}\n"


def test_case_insensitive_refs_and_default_kinds(tmp_path):
    cat = _catalog(tmp_path, {"c.yaml": ent("Group", "Web", "{type: team, members: [ANN]}")
                              + ent("User", "ann") + ent("User", "bo", "{memberOf: [group:default/WEB]}")
                              + ent("Component", "shop", "{owner: web, dependsOn: [Component:DB]}")
                              + ent("Component", "db", "{owner: GROUP:Web}")})
    r = read_backstage(cat)
    assert r.warnings == []
    assert r.scenario.teams[0].members == ["ann", "bo"]
    assert r.scenario.services[0].dependency_names == ["db"]


BAD = {
    "duplicate entity": (
        {"a.yaml": ent("Group", "web", "{type: team}") + ent("Group", "Web", "{type: team}")},
        "duplicate entity group:default/web", "a.yaml", 7),
    "group parent cycle": (
        {"a.yaml": ent("Group", "x", "{type: team, parent: y}")
         + ent("Group", "y", "{type: team, parent: x}")},
        "group parent cycle", "a.yaml", None),
    "location leaves folder": (
        {"cat/a.yaml": ent("Location", "loc", "{targets: [../outside.yaml]}") + ent("Group", "g"),
         "outside.yaml": ent("Group", "evil")},
        "leaves the catalog folder", "a.yaml", 5),
    "location target missing": (
        {"a.yaml": ent("Location", "loc", "{target: ./nope.yaml}") + ent("Group", "g")},
        "does not exist", "a.yaml", 5),
    "location url": (
        {"a.yaml": ent("Location", "loc", "{target: 'https://example.com/c.yaml'}") + ent("Group", "g")},
        "is a URL", "a.yaml", 5),
    "owner is a user": (
        {"a.yaml": ent("User", "ann") + ent("Component", "x", "{owner: 'user:ann'}")},
        "is a user", "a.yaml", 10),
    "owner not in the catalog": (
        {"a.yaml": ent("Component", "x", "{owner: ghosts}")},
        "is not a Group entity in the catalog; it becomes team 'ghosts' with members unknown",
        "a.yaml", 5),
    "owner of another kind": (
        {"a.yaml": ent("Component", "x", "{owner: 'system:ghosts'}")},
        "does not resolve to a group", "a.yaml", 5),
    "placeholder owner": (
        {"a.yaml": ent("Component", "x", "{owner: 'group:group-name'}")},
        "is a template placeholder", "a.yaml", 5),
    "unresolved member": (
        {"a.yaml": ent("Group", "g", "{type: team, members: [nobody]}")},
        "reference 'nobody' does not resolve", "a.yaml", 5),
    "unknown kind": (
        {"a.yaml": ent("Template", "t") + ent("Group", "g")},
        "kind 'Template' is not used", "a.yaml", 3),
    "tabs in one file": (
        {"a.yaml": ent("Group", "g", "{type: team}"), "b.yaml": "kind: Group\n\tmetadata: {}\n"},
        "malformed YAML", "b.yaml", 2),
    "empty file in folder": (
        {"a.yaml": ent("Group", "g", "{type: team}"), "b.yaml": "\n"},
        "the file is empty", "b.yaml", None),
    "not an entity": (
        {"a.yaml": ent("Group", "g", "{type: team}"),
         "b.yaml": "hello: world\n" + ent("User", "u")},  # a catalog file with a stray document
        "not a Backstage entity", "b.yaml", 1),
    "misspelt spec key": (
        {"a.yaml": ent("Group", "g", "{type: team}")
         + ent("Component", "x", "{owner: g, consumeApis: [pay]}")},
        "spec.consumeApis is not a Component field; ignored (did you mean consumesApis?)",
        "a.yaml", 10),
    "consumed api without provider": (
        {"a.yaml": ent("Group", "g", "{type: team}") + ent("API", "pay", "{owner: g}")
         + ent("Component", "shop", "{owner: g, consumesApis: [pay]}")},
        "has no providing component", "a.yaml", None),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_catalog_gives_warning_with_file_and_entity(case, tmp_path):
    files, piece, file, line = BAD[case]
    root = _catalog(tmp_path, files)
    src = root / "cat" if case == "location leaves folder" else root
    r = read_backstage(src)
    hits = [w for w in r.warnings if piece in w.message]
    assert hits, [w.render() for w in r.warnings]
    assert hits[0].file.endswith(file)
    if line is not None:
        assert hits[0].line == line, hits[0].render()
    assert "evil" not in {t.name for t in r.scenario.teams}


def test_group_cycle_names_groups(tmp_path):
    r = read_backstage(_catalog(tmp_path, {"a.yaml": ent("Group", "x", "{type: team, parent: y}")
                                           + ent("Group", "y", "{type: team, parent: x}")}))
    w = next(w for w in r.warnings if "cycle" in w.message)
    assert "group:default/x" in w.message and "group:default/y" in w.message
    assert all(g.parent is None for g in r.groups)


@pytest.mark.parametrize("text, piece", [
    ("", "the file is empty"),
    ("kind: Group\n\tmetadata: {}\n", "tabs"),
    ("hello: world\n", "no Backstage entities found"),
])
def test_bad_entry_file_is_an_error(tmp_path, text, piece):
    f = tmp_path / "catalog-info.yaml"
    f.write_text(text)
    with pytest.raises(InputError) as e:
        read_backstage(f)
    assert piece in e.value.render() and str(f.name) in e.value.render()


def test_missing_catalog(tmp_path):
    with pytest.raises(InputError, match="catalog not found"):
        read_backstage(tmp_path / "nope")


def test_glob_targets_and_depends_on_kinds(tmp_path):
    cat = _catalog(tmp_path, {
        "catalog-info.yaml": ent("Location", "all", "{targets: ['./parts/*.yaml']}"),
        "parts/org.yaml": ent("Group", "g", "{type: team}") + ent("User", "u", "{memberOf: [g]}"),
        "parts/svc.yaml": ent("Component", "web", "{owner: g, dependsOn: [db, 'resource:cache']}")
        + ent("Resource", "db", "{owner: g, type: database}")
        + ent("Resource", "cache", "{owner: g, dependencyOf: ['component:web']}"),
        "ignored.yaml": ent("Group", "not-reached"),
    })
    r = read_backstage(cat / "catalog-info.yaml")
    assert r.warnings == []
    assert {g.ref for g in r.groups} == {"group:default/g"}  # ignored.yaml is not a target
    web = r.scenario.services[0]
    assert web.name == "web" and web.dependency_names == ["db", "cache"]


def test_same_name_in_two_kinds_and_namespaces(tmp_path):
    cat = _catalog(tmp_path, {"a.yaml": ent("Group", "g", "{type: team}")
                              + ent("Component", "db", "{owner: g}") + ent("Resource", "db", "{owner: g}")
                              + ent("Component", "api", "{owner: 'group:default/g'}", ns="prod")})
    r = read_backstage(cat)
    names = sorted(s.name for s in r.scenario.services)
    assert names == ["component:db", "prod/api", "resource:db"]


# ------------------------------------------------------------------ fuzzing the entity reader
_REFS = st.sampled_from(["web", "Web", "group:web", "user:ann", "ann", "component:shop", "shop",
                         "api:pay", "pay", "resource:db", "sys", "a:b:c", "", " ", ":", "/", "x/",
                         "group:", "prod/web", "group:prod/web", "*.yaml", "../x.yaml", "./a.yaml",
                         "https://x/y", "/etc/passwd", "C:\\x", "a\0b", "é/ü"])
_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
                     | _REFS, lambda kids: st.lists(kids, max_size=4)
                     | st.dictionaries(st.text(max_size=6) | _REFS, kids, max_size=4), max_leaves=12)
_FIELDS = ["owner", "system", "domain", "type", "parent", "children", "members", "memberOf",
           "dependsOn", "dependencyOf", "providesApis", "consumesApis", "subcomponentOf",
           "subdomainOf", "target", "targets", "lifecycle", "$text", "profile"]
_VALUE = _REFS | st.lists(_REFS, max_size=4) | _JSON
_SPEC = st.dictionaries(st.sampled_from(_FIELDS), _VALUE, max_size=6) | _JSON
_KIND = st.sampled_from(["Group", "User", "Component", "API", "Resource", "System", "Domain",
                         "Location", "Template", "group", "", " "]) | _JSON
_META = st.fixed_dictionaries(
    {"name": _REFS | _JSON},
    optional={"namespace": st.sampled_from(["default", "prod", "", "a/b", "a:b"]) | _JSON,
              "description": _JSON}) | _JSON
_ENTITY = st.fixed_dictionaries({"apiVersion": st.just("backstage.io/v1alpha1"), "kind": _KIND,
                                 "metadata": _META, "spec": _SPEC}) | _JSON


@pytest.fixture(scope="module")
def empty_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def _read_memory(docs, folder):
    """The folder reader on documents already parsed (Location targets resolved in ``folder``)."""
    rd = _Reader(root=folder.resolve(), folder=True)
    for doc in docs:
        ent = rd.read_entity(doc, lambda loc: None, "c.yaml")
        if ent is not None and ent.kind == "location":
            list(rd.targets(ent, folder / "c.yaml"))
    return _build(rd, "c.yaml")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ENTITY, max_size=8))
def test_any_structure_as_entities_gives_a_result_or_a_teamsim_error(empty_folder, docs):
    try:
        r = _read_memory(docs, empty_folder)
    except TeamsimError as e:
        assert e.render()
        return
    services = {s.name for s in r.scenario.services}
    for t in r.scenario.teams:
        assert set(t.service_names) <= services
    for w in r.warnings:
        assert w.render() and len(w.message) < 2000  # a value is named, never dumped
    assert sum(r.entities.values()) <= len(docs)


def test_shared_and_deep_values_are_never_walked_whole(empty_folder):
    bomb: list = ["x"] * 10
    for _ in range(9):  # 10**10 leaves, as a YAML alias bomb builds them
        bomb = [bomb] * 10
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    docs = [{"apiVersion": "backstage.io/v1alpha1", "kind": "Group", "metadata": {"name": "g"},
             "spec": {"type": bomb, "members": deep, "children": bomb, "profile": bomb}},
            {"apiVersion": "backstage.io/v1alpha1", "kind": bomb, "metadata": {"name": "x"}},
            {"apiVersion": "backstage.io/v1alpha1", "kind": "Location", "metadata": {"name": "l"},
             "spec": {"targets": bomb, "target": deep}},
            {"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
             "metadata": {"name": "c", "namespace": deep, "description": bomb}, "spec": bomb},
            {"apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": {"name": "d"},
             "spec": {"owner": bomb, "dependsOn": bomb, "system": deep, "x": {"$text": bomb}}}]
    r = _read_memory(docs, empty_folder)
    assert [s.name for s in r.scenario.services] == ["d"]
    msgs = [w.message for w in r.warnings]
    assert "owner: a list is not an entity reference" in msgs
    assert "spec.type is a list, not text; ignored" in msgs
    assert "kind a list is not a kind name; document skipped" in msgs
    assert sum("dependsOn: a list is not an entity reference" == m for m in msgs) == 10


def test_plugin_spec_keys_are_not_flagged(tmp_path):
    cat = _catalog(tmp_path, {"a.yaml": ent("Group", "g", "{type: team, profile: {}}")
                              + ent("API", "x", "{owner: g, type: grpc, definition: x, remotes: []}")
                              + ent("Component", "c", "{owner: g, OWNER: g, annotationsX: 1}")})
    msgs = [w.message for w in read_backstage(cat).warnings]
    assert msgs == ["spec.OWNER is not a Component field; ignored (did you mean owner?)"]


def test_reference_warnings_past_the_listing_limit_are_counted(tmp_path, monkeypatch):
    cat = _catalog(tmp_path, {"a.yaml": ent("Group", "g", "{type: team}")
                              + ent("Component", "web", "{owner: g, dependsOn: [x1, x2, x3, db, 7, 8]}")
                              + ent("Resource", "db", "{owner: g}")})
    full = read_backstage(cat).warnings
    assert [(w.kind, w.line) for w in full] == [("unresolved reference", 10)] * 3 + [
        ("not an entity reference", 10)] * 2
    monkeypatch.setenv("TEAMSIM_MAX_LISTED_WARNINGS", "1")
    capped = read_backstage(cat).warnings
    assert capped[:2] == [full[0], full[3]]
    assert [(w.kind, w.message) for w in capped[2:]] == [
        ("unresolved reference (not listed)",
         "2 more warnings of kind unresolved reference not listed one by one (3 in all)"),
        ("not an entity reference (not listed)",
         "1 more warning of kind not an entity reference not listed one by one (2 in all)")]
    assert capped[2].hint.endswith("TEAMSIM_MAX_LISTED_WARNINGS=3")


def _tagged(name, meta_extra, spec="{owner: web}"):
    return (f"---\napiVersion: backstage.io/v1alpha1\nkind: Component\n"
            f"metadata: {{name: {name}, {meta_extra}}}\nspec: {spec}\n")


def test_service_tools_from_tags_and_annotation(tmp_path):
    """Tags naming a tool of the git tool map or of an annotation become needed tools; others are ignored."""
    from teamsim.coverage import coverage_report
    from teamsim.importers.registry import read

    cat = _catalog(tmp_path / "cat", {"c.yaml": ent("Group", "web", "{type: team, members: [ann]}")
                                      + ent("User", "ann")
                                      + _tagged("shop", "tags: [go, website, Docker, sql]")
                                      + _tagged("db", "annotations: {teamsim.io/tools: 'SQL:2, Go'}")
                                      + _tagged("bad", "tags: go")
                                      + _tagged("worse", "annotations: {teamsim.io/tools: 'Go:x'}")})
    r = read_backstage(cat)
    tools = {s.name: s.tool_weights for s in r.scenario.services}
    # "sql" matches the annotation's SQL; "website" is no tool
    assert tools == {"shop": {"Go": 1.0, "Docker": 1.0, "SQL": 1.0}, "db": {"SQL": 2.0, "Go": 1.0},
                     "bad": {}, "worse": {}}
    assert sorted(t.name for t in r.scenario.tools) == ["Docker", "Go", "SQL"]
    msgs = [w.message for w in r.warnings]
    assert any("metadata.tags is" in m for m in msgs) and any("'x' of tool 'Go'" in m for m in msgs)
    # with a skills matrix the catalog's needs meet people's tools
    skills = tmp_path / "skills.csv"
    skills.write_text("person,Go,SQL,Docker\nann,1,1,0\n")
    merged = read([cat, skills]).scenario
    rep = coverage_report(merged)
    missing = {c.name: c.missing_tools for c in rep.services}
    assert missing["shop"] == ["Docker"] and missing["db"] == []


def test_a_system_outside_the_catalog_is_still_the_service_s_system(tmp_path):
    """Cognitive load counts domains by system: a System kept elsewhere is still one (and warned)."""
    cat = _catalog(tmp_path, {"c.yaml": ent("Group", "core", "{type: team}")
                              + ent("System", "shop", "{owner: core}")
                              + ent("Component", "api", "{owner: core, system: shop}")
                              + ent("Component", "billing", "{owner: core, system: money}")
                              + ent("Component", "infra", "{owner: core, system: 'system:ops/platform'}")
                              + ent("Component", "web", "{owner: core, system: 7}")})
    r = read_backstage(cat)
    assert {s.name: s.system for s in r.scenario.services} == {
        "api": "shop", "billing": "money", "infra": "ops/platform", "web": None}
    assert sum("reference 'money' does not resolve" in w.message for w in r.warnings) == 1
