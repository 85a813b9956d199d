"""Hostile Backstage catalogs and CODEOWNERS files: escapes, deep chains, bombs, huge inputs.

Each case runs the real ``teamsim`` command under the harness's wall-clock guard and
memory cap: a hang or a quadratic step fails the test through the guard, never through a
timing assertion.
"""

import json
import os

import pytest

from tests.hostile.harness import assert_clean, assert_refused, run

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
