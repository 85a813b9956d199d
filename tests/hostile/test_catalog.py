"""Hostile Backstage catalogs and CODEOWNERS files: escapes, deep chains, bombs, huge inputs.

Each case runs the real ``teamsim`` command under the harness's wall-clock guard and
memory cap: a hang or a quadratic step fails the test through the guard, never through a
timing assertion.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.hostile.harness import ROOT, WALL_SECONDS, assert_clean, assert_refused, run

API = "apiVersion: backstage.io/v1alpha1"


def ent(kind, name, spec="{}"):
    return f"---\n{API}\nkind: {kind}\nmetadata: {{name: {name}}}\nspec: {spec}\n"


def _catalog(root, files):
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    return root


def _json(r):
    assert_clean(r)
    assert r.code == 0, r.err
    return json.loads(r.out)


def _messages(data):
    return [w["message"] + " " + (w.get("file") or "") for w in data["warnings"]]


# ------------------------------------------------------------------ folder scans stay inside
@pytest.fixture
def outside(tmp_path):
    """A secret catalog file and folder outside the catalog folder."""
    secret = _catalog(tmp_path / "secret", {"evil.yaml": ent("Group", "evil", "{type: team}")
                                            + ent("User", "mallory", "{memberOf: [evil]}")})
    return secret


def _inside(tmp_path):
    return _catalog(tmp_path / "cat", {"ok.yaml": ent("Group", "web", "{type: team}")
                                       + ent("User", "ann", "{memberOf: [web]}")})


def test_symlinked_file_out_of_the_folder_is_not_read(tmp_path, outside):
    cat = _inside(tmp_path)
    (cat / "evil.yaml").symlink_to(outside / "evil.yaml")
    data = _json(run("ownership", cat, "--json"))
    assert {t["name"] for t in data["report"]["teams"]} == {"web"}
    msgs = [m for m in _messages(data) if "leaves the catalog folder" in m]
    assert len(msgs) == 1 and "evil.yaml" in msgs[0], _messages(data)
    assert not any("secret" in s for s in data["sources"])


def test_symlinked_subfolder_out_of_the_folder_is_not_scanned(tmp_path, outside):
    cat = _inside(tmp_path)
    (cat / "ext").symlink_to(outside, target_is_directory=True)
    data = _json(run("ownership", cat, "--json"))
    assert {t["name"] for t in data["report"]["teams"]} == {"web"}
    msgs = [m for m in _messages(data) if "leaves the catalog folder" in m]
    assert len(msgs) == 1 and "ext" in msgs[0], _messages(data)


def test_symlink_to_etc_is_named_and_skipped(tmp_path):
    cat = _inside(tmp_path)
    (cat / "passwd.yaml").symlink_to("/etc/passwd")
    data = _json(run("ownership", cat, "--json"))
    assert any("passwd.yaml" in m and "leaves the catalog folder" in m for m in _messages(data))
    assert not any("/etc/passwd" in s for s in data["sources"])


def test_symlinks_inside_the_folder_are_read_once(tmp_path):
    cat = _inside(tmp_path)
    (cat / "again.yaml").symlink_to(cat / "ok.yaml")
    (cat / "sub").mkdir()
    (cat / "sub" / "up").symlink_to(cat, target_is_directory=True)  # a folder loop
    data = _json(run("ownership", cat, "--json"))
    assert [t["name"] for t in data["report"]["teams"]] == ["web"]
    assert not any("duplicate" in m for m in _messages(data)), _messages(data)


def test_symlink_loops_in_a_folder_are_named_not_fatal(tmp_path):
    cat = _inside(tmp_path)
    (cat / "a.yaml").symlink_to(cat / "b.yaml")
    (cat / "b.yaml").symlink_to(cat / "a.yaml")
    (cat / "dangling.yaml").symlink_to(cat / "nowhere.yaml")
    data = _json(run("ownership", cat, "--json"))
    msgs = _messages(data)
    assert {t["name"] for t in data["report"]["teams"]} == {"web"}
    for name in ("a.yaml", "b.yaml", "dangling.yaml"):
        assert any(name in m for m in msgs), msgs


def test_location_glob_cannot_walk_out_of_the_folder(tmp_path, outside):
    cat = _catalog(tmp_path / "cat", {
        "catalog-info.yaml": ent("Location", "all", "{targets: ['../secret/*.yaml', './*.yml']}"),
        "g.yml": ent("Group", "web", "{type: team}") + ent("User", "ann", "{memberOf: [web]}")})
    (cat / "link.yml").symlink_to(outside / "evil.yaml")
    data = _json(run("ownership", cat / "catalog-info.yaml", "--json"))
    assert {t["name"] for t in data["report"]["teams"]} == {"web"}
    msgs = _messages(data)
    assert any("../secret/*.yaml" in m and "leaves the catalog folder" in m for m in msgs), msgs
    assert any("link.yml" in m and "leaves the catalog folder" in m for m in msgs), msgs


def test_symlinked_entry_folder_is_the_catalog(tmp_path):
    cat = _inside(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(cat, target_is_directory=True)
    data = _json(run("ownership", link, "--json"))
    assert [t["name"] for t in data["report"]["teams"]] == ["web"]


def test_catalog_file_count_is_bounded(tmp_path):
    cat = _inside(tmp_path)
    for i in range(5):
        (cat / f"x{i}.yaml").write_text(ent("User", f"u{i}"))
    r = run("ownership", cat, env={"TEAMSIM_MAX_CATALOG_FILES": "3"})
    assert_refused(r, "cat", "TEAMSIM_MAX_CATALOG_FILES")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_subfolder_is_named(tmp_path):
    cat = _inside(tmp_path)
    (cat / "locked").mkdir()
    (cat / "locked" / "x.yaml").write_text(ent("User", "x"))
    (cat / "locked").chmod(0)
    try:
        data = _json(run("ownership", cat, "--json"))
    finally:
        (cat / "locked").chmod(0o755)
    assert any("locked" in m for m in _messages(data))


def test_location_target_symlink_loop_is_a_warning(tmp_path):
    cat = _catalog(tmp_path / "cat", {
        "catalog-info.yaml": ent("Location", "all", "{targets: [./loop.yaml, ./g.yaml]}"),
        "g.yaml": ent("Group", "web", "{type: team}") + ent("User", "ann", "{memberOf: [web]}")})
    (cat / "loop.yaml").symlink_to(cat / "loop.yaml")
    data = _json(run("ownership", cat / "catalog-info.yaml", "--json"))
    assert [t["name"] for t in data["report"]["teams"]] == ["web"]
    assert any("'./loop.yaml' is a symlink loop" in m for m in _messages(data)), _messages(data)


# ------------------------------------------------------------------ deep chains: refusals, not tracebacks
def _location_chain(root, n):
    files = {f"l{i}.yaml": ent("Location", f"l{i}", f"{{target: ./l{i + 1}.yaml}}") for i in range(n)}
    files[f"l{n}.yaml"] = ent("Group", "web", "{type: team}") + ent("User", "ann", "{memberOf: [web]}")
    return _catalog(root, files)


@pytest.mark.parametrize("entry", ["l0.yaml", "."])
def test_location_chain_400_deep_is_refused(tmp_path, entry):
    cat = _location_chain(tmp_path / "cat", 400)
    r = run("ownership", cat / entry)
    assert_refused(r, "Location chain 33 levels is over the limit of 32", "l32.yaml:",
                   "location:default/l32", "TEAMSIM_MAX_LOCATION_DEPTH")


def test_location_chain_within_a_raised_limit_is_read(tmp_path):
    cat = _location_chain(tmp_path / "cat", 1500)  # deeper than Python's recursion limit
    data = _json(run("ownership", cat / "l0.yaml", "--json",
                     env={"TEAMSIM_MAX_LOCATION_DEPTH": "2000"}))
    assert [t["name"] for t in data["report"]["teams"]] == ["web"]
    assert len(data["sources"]) == 1501


def _doc(kind, name, **spec):
    """One entity in block style (the cheapest for PyYAML to parse)."""
    lines = [f"---\n{API}\nkind: {kind}\nmetadata:\n  name: {name}\n"]
    if spec:
        lines.append("spec:\n" + "".join(f"  {k}: {v}\n" for k, v in spec.items()))
    return "".join(lines)


def _group_chain(n, *, cycle=False):
    """g0 <- g1 <- ... <- g(n-1) by spec.parent (g0's parent is g(n-1) in a cycle)."""
    docs = [_doc("Group", f"g{i}", parent=f"g{(i - 1) % n}") if i or cycle else _doc("Group", "g0")
            for i in range(n)]
    return "".join(docs) + _doc("Component", "svc", owner=f"g{n - 1}")


def test_group_parent_chain_over_the_limit_is_refused(tmp_path):
    f = tmp_path / "org.yaml"
    f.write_text(_group_chain(3000))
    assert_refused(run("ownership", f), "Group parent chain", "org.yaml:",
                   "TEAMSIM_MAX_GROUP_DEPTH")


def test_group_parent_chain_within_a_raised_limit_is_linear(tmp_path):
    f = tmp_path / "org.yaml"
    f.write_text(_group_chain(3000))
    data = _json(run("ownership", f, "--json", env={"TEAMSIM_MAX_GROUP_DEPTH": "3000"}))
    parents = {g["ref"]: g["parent"] for g in data["groups"]}
    assert parents["group:default/g2999"] == "group:default/g2998"
    assert parents["group:default/g0"] is None


def test_group_parent_cycle_of_3000_is_one_clear_warning(tmp_path):
    f = tmp_path / "org.yaml"
    f.write_text(_group_chain(3000, cycle=True))
    data = _json(run("ownership", f, "--json"))
    cycles = [w for w in data["warnings"] if "group parent cycle" in w["message"]]
    assert len(cycles) == 1 and "(3000 groups)" in cycles[0]["message"]
    assert len(cycles[0]["message"]) < 600
    assert all(g["parent"] is None for g in data["groups"])


# ------------------------------------------------------------------ one broken file in a folder
def test_deeply_nested_file_in_a_folder_is_named_and_the_rest_is_read(tmp_path):
    cat = _inside(tmp_path)
    (cat / "deep.yaml").write_text(f"{API}\nkind: Component\nmetadata: {{name: deep}}\n"
                                   f"spec: {{owner: web, x: {'[' * 5000}{']' * 5000}}}\n")
    data = _json(run("ownership", cat, "--json"))
    assert [t["name"] for t in data["report"]["teams"]] == ["web"]
    assert any("deep.yaml" in (w.get("file") or "") and "file skipped" in w["message"]
               for w in data["warnings"]), data["warnings"]


# ------------------------------------------------------------------ bombs and size
BOMB = (f"{API}\nkind: Component\nmetadata: {{name: bomb}}\nspec:\n  owner: web\n"
        "  a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"  {c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n"
                  for p, c in zip("abcdefgh", "bcdefghi"))
        + "  type: *i\n  system: *i\n  dependsOn: *i\n  providesApis: *i\n  lifecycle: *i\n")


def test_alias_bomb_in_a_spec_is_not_expanded(tmp_path):
    assert len(BOMB) < 700  # 10**9 leaves once expanded
    cat = _inside(tmp_path)
    (cat / "bomb.yaml").write_text(BOMB)
    data = _json(run("ownership", cat, "--json"))
    assert [t["name"] for t in data["report"]["teams"]] == ["web"]
    # refused while it is composed (max_yaml_nodes), or read without walking the spec whole
    assert any("alias expansion" in m and "bomb.yaml" in m and "file skipped" in m
               or "system: a list is not an entity reference" in m for m in _messages(data))


def _big_catalog(n):
    """n entities: n/10 groups with 4 users and 5 components each; components depend on the next."""
    g = n // 10
    docs = []
    for i in range(g):
        docs.append(_doc("Group", f"team-{i}", parent=f"team-{i // 2}") if i
                    else _doc("Group", "team-0"))
        docs += [_doc("User", f"u{i}-{j}", memberOf=f"[team-{i}]") for j in range(4)]
        docs += [_doc("Component", f"c{i}-{j}", owner=f"team-{i}", dependsOn=f"[c{(i + 1) % g}-{j}]")
                 for j in range(5)]
    return "".join(docs)


@pytest.mark.parametrize("files", [1, 1000])
def test_ten_thousand_entities_are_read_in_linear_time(tmp_path, files):
    """One file, or a folder of 1,000 files: parsed once, and a valid catalog is never
    composed again for line numbers (those are looked up only for a warning)."""
    docs = _big_catalog(10_000).split("---\n")[1:]
    cat = tmp_path / "cat"
    cat.mkdir()
    per = len(docs) // files
    for i in range(files):
        (cat / f"f{i:04d}.yaml").write_text("".join("---\n" + d for d in docs[i * per:(i + 1) * per]))
    data = _json(run("ownership", cat if files > 1 else cat / "f0000.yaml", "--json"))
    assert len(data["groups"]) == 1000 and len(data["report"]["teams"]) == 1000
    assert not data["warnings"]
    team7 = next(t for t in data["report"]["teams"] if t["name"] == "team-7")
    assert team7["services_owned"] == 5


def test_a_valid_catalog_is_not_composed_for_line_numbers(monkeypatch, tmp_path):
    from teamsim.importers import _yaml
    from teamsim.importers.backstage import read_backstage

    composed = []
    monkeypatch.setattr(_yaml._LazyNodes, "get", lambda self, i: composed.append(i))
    f = tmp_path / "c.yaml"
    f.write_text(_big_catalog(100))
    r = read_backstage(f)
    assert len(r.scenario.teams) == 10 and not r.warnings
    assert composed == []
    f.write_text(_big_catalog(100) + ent("Component", "stray", "{owner: nobody}"))
    r = read_backstage(f)
    assert [w.message for w in r.warnings] == [
        "owner group:default/nobody is not a Group entity in the catalog; it becomes team 'nobody' "
        "with members unknown (owns stray)"]
    assert composed  # the warning asked for its line


BUILD_10K = """
import sys, yaml
from pathlib import Path
from teamsim.importers.backstage.build import _build
from teamsim.importers.backstage.reader import _Reader
from tests.hostile.test_catalog import _big_catalog
rd = _Reader(root=Path("."))
for doc in yaml.load_all(_big_catalog(10_000), Loader=yaml.CSafeLoader):
    rd.read_entity(doc, lambda loc: None, "big.yaml")
r = _build(rd, "big.yaml")
teams = {t.name: t for t in r.scenario.teams}
assert len(teams) == 1000 and not r.warnings, r.warnings[:3]
assert teams["team-7"].service_names == [f"c7-{j}" for j in range(5)]
assert teams["team-7"].members == [f"u7-{j}" for j in range(4)]
assert next(s for s in r.scenario.services if s.name == "c7-0").dependency_names == ["c8-0"]
print(r.entities)
"""


def test_ten_thousand_entities_build_in_linear_time():
    """The import after parsing (references, hierarchy, owners, names), under the wall guard."""
    cmd = [sys.executable, "-c", BUILD_10K]
    try:
        r = subprocess.run(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                           capture_output=True, text=True, timeout=WALL_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"hang: building 10,000 entities ran past {WALL_SECONDS} s") from None
    assert r.returncode == 0, r.stderr[-3000:]
    assert r.stdout.strip() == "{'Component': 5000, 'Group': 1000, 'User': 4000}"


# ------------------------------------------------------------------ CODEOWNERS
def _repo(tmp_path, codeowners):
    deps = tmp_path / "deps.csv"
    deps.write_text("source,target\ncart,db\n")
    co = tmp_path / "CODEOWNERS"
    co.write_text(codeowners)
    return deps, co


@pytest.mark.parametrize("pattern", ["**/" * 1000 + "x", "/src/" + "*a" * 1000 + "b",
                                     "src/" + "a/**/" * 600 + "c", "*" * 4000])
def test_codeowners_patterns_do_not_backtrack(tmp_path, pattern):
    deps, co = _repo(tmp_path, f"* @o/web\n{pattern} @o/evil\n")
    data = _json(run("ownership", deps, co, "--service-paths", "src/" + "a/" * 40 + "{name}/",
                     "--json"))
    owners = {t["name"]: t["services_owned"] for t in data["report"]["teams"]}
    evil = pattern.startswith("*" * 4000)  # a bare run of stars is "*": it owns everything
    assert owners == ({"o/evil": 2} if evil else {"o/web": 2})


def test_codeowners_pattern_length_is_bounded(tmp_path):
    deps, co = _repo(tmp_path, "* @o/web\n" + "a" * 5000 + " @o/x\n")
    assert_refused(run("ownership", deps, co), "CODEOWNERS:2:", "pattern length",
                   "TEAMSIM_MAX_CODEOWNERS_PATTERN")


# ------------------------------------------------------------------ empty documents
@pytest.mark.parametrize(("text", "empty"), [
    ("---\n" + ent("Group", "ops", "{type: team}"), [(1, 1)]),                     # empty leading doc
    ("# header comment\n---\n---\n" + ent("Group", "ops", "{type: team}")[4:], [(1, 2)]),
    (ent("Group", "ops", "{type: team}") + "---\n# nothing\n---\n", [(2, 6), (3, 8)]),
])
def test_empty_documents_are_named_not_dropped_silently(tmp_path, text, empty):
    cat = _inside(tmp_path)
    (cat / "more.yaml").write_text(text)
    data = _json(run("ownership", cat, "--json"))
    assert {g["ref"] for g in data["groups"]} == {"group:default/web", "group:default/ops"}
    found = [(w["message"], w["line"]) for w in data["warnings"] if "empty" in w["message"]]
    assert found == [(f"document {n} of the file is empty; nothing read from it", line)
                     for n, line in empty]
    assert all(w["file"].endswith("more.yaml") for w in data["warnings"])


def test_service_paths_naming_unknown_services_are_warned_not_ignored(tmp_path):
    s = tmp_path / "s.yaml"
    s.write_text("services: [{name: api}, {name: web}]\n")
    co = tmp_path / "CODEOWNERS"
    co.write_text("/api/ @org/core\n/web/ @org/front\n")
    sp = tmp_path / "paths.csv"
    sp.write_text("service,path\napi,api\nweb,web\nwbe,web2\n" + "".join(f"x{i},p{i}\n" for i in range(7)))
    data = _json(run("ownership", s, co, "--service-paths", sp, "--json"))
    stray = [w["message"] for w in data["warnings"] if "service-paths" in w["message"]]
    assert stray == ["the service-paths mapping names 8 services that no source declares ('wbe', 'x0', "
                     "'x1', 'x2', 'x3' and 3 more); their paths are not used"]
    owned = {t["name"]: t["services_owned"] for t in data["report"]["teams"]}
    assert owned == {"org/core": 1, "org/front": 1}


# ------------------------------------------------------------------ zipped catalogs
def _zip(path, members):
    """A zip archive from (name, text or bytes[, unix mode]) members, written as given."""
    import stat
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data, *mode in members:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (mode[0] if mode else stat.S_IFREG | 0o644) << 16
            zf.writestr(info, data)
    return path


OK_MEMBER = ("cat/ok.yaml", ent("Group", "web", "{type: team}") + ent("User", "ann", "{memberOf: [web]}")
             + ent("Component", "shop", "{owner: web}"))


def test_zip_traversal_members_are_named_and_never_written(tmp_path):
    sentinel = f"teamsim-zip-escape-{os.getpid()}"
    z = _zip(tmp_path / "c.zip", [OK_MEMBER,
                                  (f"../../../../../../tmp/{sentinel}.yaml", ent("Group", "evil")),
                                  (f"/tmp/{sentinel}-abs.yaml", ent("Group", "evil2")),
                                  (f"C:/{sentinel}.yaml", ent("Group", "evil3"))])
    data = _json(run("ownership", z, "--json", cwd=tmp_path))
    assert [t["name"] for t in data["report"]["teams"]] == ["web"]
    leaks = [m for m in _messages(data) if "leaves the archive" in m]
    assert len(leaks) == 3 and all(str(z) in m for m in leaks)
    assert not os.path.exists(
        f"/tmp/{sentinel}.yaml") and not os.path.exists(f"/tmp/{sentinel}-abs.yaml")


def test_zip_symlink_member_is_not_followed(tmp_path):
    import stat

    z = _zip(tmp_path / "c.zip", [OK_MEMBER, ("cat/link.yaml", "/etc/passwd", stat.S_IFLNK | 0o777)])
    data = _json(run("ownership", z, "--json"))
    assert [t["name"] for t in data["report"]["teams"]] == ["web"]
    assert [m for m in _messages(data) if "is a symlink" in m] == [
        f"member is a symlink; not followed, not read {z}/cat/link.yaml"]


def test_zip_bomb_member_stops_at_the_file_limit(tmp_path):
    z = _zip(tmp_path / "c.zip", [OK_MEMBER, ("cat/bomb.yaml", b"#" + b" " * (64 * 2**20))])
    assert z.stat().st_size < 2**20  # a 64 MB member in well under 1 MB
    r = run("ownership", z, env={"TEAMSIM_MAX_FILE_BYTES": str(8 * 2**20)})
    assert_refused(r, f"{z}/cat/bomb.yaml", "decompressed size", "TEAMSIM_MAX_FILE_BYTES")


def test_zip_members_together_stop_at_the_catalog_zip_limit(tmp_path):
    z = _zip(tmp_path / "c.zip", [OK_MEMBER] + [(f"cat/x{i}.yaml", b"#" + b" " * (3 * 2**20))
                                                for i in range(5)])
    r = run("ownership", z, env={"TEAMSIM_MAX_CATALOG_ZIP_BYTES": str(10 * 2**20)})
    total = 5 * (3 * 2**20 + 1) + len(OK_MEMBER[1])
    assert_refused(r, str(z), f"all YAML members (as the archive declares them) {total:,} bytes",
                   "TEAMSIM_MAX_CATALOG_ZIP_BYTES")


def test_zip_member_count_is_bounded(tmp_path):
    z = _zip(tmp_path / "c.zip", [OK_MEMBER] + [(f"cat/u{i}.yaml", ent("User", f"u{i}")) for i in range(9)])
    r = run("ownership", z, env={"TEAMSIM_MAX_CATALOG_FILES": "5"})
    assert_refused(r, str(z), "archive members: 10", "TEAMSIM_MAX_CATALOG_FILES")


def test_not_a_zip_is_refused(tmp_path):
    z = tmp_path / "c.zip"
    z.write_bytes(b"PK\x03\x04 truncated")
    assert_refused(run("ownership", z), str(z), "not a readable zip archive")
