"""Hostile catalogs, part 2: Location globs over deep trees, zip totals and temporary folders,
mass unresolved references, huge and tagged tool maps.

Every case runs the real command under the harness's wall-clock guard and memory cap.
"""

import os
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from teamsim.importers._files import remove_tree
from tests.hostile.harness import ROOT, assert_refused, run
from tests.hostile.test_catalog import OK_MEMBER, _catalog, _json, _zip, ent


# ------------------------------------------------------------------ Location globs
@pytest.fixture
def deep(tmp_path):
    """A folder chain 1,100 levels deep with a catalog file at the bottom (removed iteratively:
    pytest's own cleanup recurses once per level)."""
    cur = tmp_path / "cat"
    os.mkdir(cur)
    for _ in range(1100):  # Path.mkdir(parents=True) recurses per level too
        cur = cur / "a"
        os.mkdir(cur)
    (cur / "catalog-info.yaml").write_text(ent("Group", "deep", "{type: team}")
                                          + ent("Component", "bottom", "{owner: deep}"))
    yield tmp_path / "cat"
    remove_tree(tmp_path / "cat")


@pytest.mark.parametrize("target", ["./**/catalog-info.yaml", "./**/**/**/**/**/**/catalog-info.yaml",
                                    "**/a/**/a/**/a/**/catalog-info.yaml"])
def test_location_glob_over_a_1100_deep_chain_is_read(deep, target):
    (deep / "root.yaml").write_text(ent("Location", "all", f"{{target: '{target}'}}"))
    data = _json(run("ownership", deep / "root.yaml", "--json"))
    assert [(t["name"], t["services_owned"]) for t in data["report"]["teams"]] == [("deep", 1)]


def test_location_glob_matching_too_many_files_is_refused(tmp_path):
    files = {f"d{i}/u.yaml": ent("User", f"u{i}") for i in range(6)}
    cat = _catalog(tmp_path / "cat", {"root.yaml": ent("Location", "all", "{target: './**/*.yaml'}"),
                                      **files})
    r = run("ownership", cat / "root.yaml", env={"TEAMSIM_MAX_CATALOG_FILES": "4"})
    assert_refused(r, "root.yaml", "location:default/all",
                   "number of files the Location pattern matches 5 files", "TEAMSIM_MAX_CATALOG_FILES=8")


def test_location_glob_with_dotdot_after_a_wildcard_is_named(tmp_path):
    cat = _catalog(tmp_path / "cat", {"root.yaml": ent("Location", "all", "{target: './*/../x.yaml'}")
                                      + ent("Group", "g", "{type: team}")})
    data = _json(run("ownership", cat / "root.yaml", "--json"))
    assert [w["message"] for w in data["warnings"]] == [
        "Location target './*/../x.yaml' is not a usable pattern ('..' is only allowed at the start "
        "of a pattern)"]


# ------------------------------------------------------------------ zip totals, temporary folders
def _leftovers(tmp):
    return sorted(p.name for p in tmp.iterdir() if p.name.startswith("teamsim-catalog-"))


def test_zip_total_size_bomb_is_refused_from_the_directory_and_cleaned_up(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    big = b"#" + b" " * (64 * 2**20 - 1)  # 16 members of 64 MB, each under the member cap
    with zipfile.ZipFile(tmp_path / "c.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(*OK_MEMBER)
        for i in range(16):
            zf.writestr(f"cat/x{i}.yaml", big)
    t0 = time.monotonic()
    r = run("ownership", tmp_path / "c.zip", env={"TMPDIR": str(tmp)})
    assert_refused(r, "c.zip", f"all YAML members (as the archive declares them) "
                   f"{16 * 2**26 + len(OK_MEMBER[1]):,} bytes is over the limit of 1,073,741,824",
                   "TEAMSIM_MAX_CATALOG_ZIP_BYTES")
    assert time.monotonic() - t0 < 45  # refused before decompressing 1 GB (a guard, not a benchmark)
    assert _leftovers(tmp) == []


def test_zip_temporary_folder_is_removed_after_success_and_refusal(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    ok = _zip(tmp_path / "ok.zip", [OK_MEMBER])
    assert [t["name"] for t in _json(run("ownership", ok, "--json", env={"TMPDIR": str(tmp)}))
            ["report"]["teams"]] == ["web"]
    bad = _zip(tmp_path / "bad.zip", [("cat/bad.yaml", "a: [unclosed\n")])
    assert_refused(run("ownership", bad, env={"TMPDIR": str(tmp)}), "bad.zip", "no Backstage entities")
    deep = _zip(tmp_path / "deep.zip", [OK_MEMBER, ("/".join(["a"] * 900) + "/x.yaml", ent("User", "x"))])
    data = _json(run("ownership", deep, "--json", env={"TMPDIR": str(tmp)}))
    assert [w["message"] for w in data["warnings"] if "folders deep" in w["message"]] == [
        "member path is 900 folders deep, over the limit of 64; not read"]
    assert _leftovers(tmp) == []


def test_zip_temporary_folder_is_removed_when_the_command_is_killed(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    many = "".join(ent("User", f"u{i}", f"{{memberOf: [web], profile: {{displayName: 'User {i}'}}}}")
                   for i in range(150_000))  # a few seconds to read
    z = _zip(tmp_path / "big.zip", [OK_MEMBER, ("cat/users.yaml", many)])
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp)}
    p = subprocess.Popen([sys.executable, "-m", "teamsim", "ownership", str(z)], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not any((d / "cat" / "users.yaml").exists() for d in tmp.iterdir()):
            assert p.poll() is None and time.monotonic() < deadline, "never extracted"
            time.sleep(0.05)
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=60)
    finally:
        p.kill()
    assert p.returncode == 130 and "Traceback" not in err.decode()  # 130: interrupted
    assert _leftovers(tmp) == []


def test_zip_total_is_counted_while_extracting_whatever_the_directory_says(tmp_path, monkeypatch):
    """The bytes actually decompressed are counted too: a member that gives more than the
    directory's sizes promised (here: the budget already spent) is refused mid-stream."""
    import io

    from teamsim.errors import InputError
    from teamsim.importers.catalog_zip import _copy

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("x.yaml", b"#" * 3000)
    monkeypatch.setenv("TEAMSIM_MAX_CATALOG_ZIP_BYTES", "5000")
    with zipfile.ZipFile(buf) as zf, pytest.raises(
            InputError, match="all YAML members 5,001 bytes is over the limit of 5,000") as e:
        _copy(zf, zf.infolist()[0], tmp_path / "x.yaml", "c.zip", [2001])  # 2,001 already spent
    assert e.value.file == "c.zip"


# ------------------------------------------------------------------ mass unresolved references
def test_100000_unresolved_references_are_counted_and_summarised(tmp_path):
    deps = ", ".join(f"missing-{j}" for j in range(100))
    cat = tmp_path / "c.yaml"
    cat.write_text(ent("Group", "g", "{type: team}") + "".join(
        ent("Component", f"c{i}", f"{{owner: g, dependsOn: [{deps}]}}") for i in range(1000)))
    r = run("ownership", cat)
    assert r.code == 0 and "Traceback" not in r.text, r.err[-2000:]
    assert "1000 warnings of kind unresolved reference, e.g." in r.err
    assert ("warning: 99,000 more warnings of kind unresolved reference not listed one by one "
            "(100,000 in all); fix: fix the ones listed and read again, or list them all: "
            "TEAMSIM_MAX_LISTED_WARNINGS=100000") in r.err
    assert len(r.err.splitlines()) < 20


# ------------------------------------------------------------------ tools maps (import git --tools-map)
LOG = "--h1--2020-01-01--Ann\n1\t0\tsrc/a/main.go\n\n"


def test_tools_map_with_too_many_rules_is_refused_at_once(tmp_path):
    (tmp_path / "x.gitlog").write_text(LOG)
    (tmp_path / "tools.yaml").write_text("".join(f'"src/m{i}/*.x{i}": T{i % 7}\n' for i in range(120_000)))
    r = run("import", "git", tmp_path / "x.gitlog", "--tools-map", tmp_path / "tools.yaml",
            "-o", tmp_path / "out.yaml")
    assert_refused(r, "tools.yaml", "number of tool rules 120,000 rules is over the limit of 200",
                   "TEAMSIM_MAX_TOOL_RULES=120000")
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("text, pieces", [
    ('"*.go": !!binary R28=\n', [":1:", "the tag !!binary is not supported", "remove the tag !!binary"]),
    ('"*.go": !!binary |\n  R0lGODlhDAAM\n', [":1:", "the tag !!binary is not supported"]),
    ('"*.go": !!python/object/apply:os.system ["echo x"]\n',
     [":1:", "the tag !!python/object/apply:os.system is not supported", "remove the tag"]),
    ('"*.go": !custom Go\n', [":1:", "the tag !custom is not supported"]),
    ('a: Go\n"*.go": 3\n', [":2:", "the tool of the rule '*.go' is int 3, not a tool name",
                            "write the tool name as plain text"]),
])
def test_tools_map_with_a_tag_or_a_non_text_tool_names_tag_file_line_and_fix(tmp_path, text, pieces):
    (tmp_path / "x.gitlog").write_text(LOG)
    (tmp_path / "tools.yaml").write_text(text)
    r = run("import", "git", tmp_path / "x.gitlog", "--tools-map", tmp_path / "tools.yaml",
            "-o", tmp_path / "out.yaml")
    assert_refused(r, "tools.yaml", *pieces)


def _lying_zip(path, payload: bytes, declared: int) -> None:
    """One deflated member a.yaml whose directory declares ``declared`` bytes (the CRC is of the
    whole payload, as a real archive's would be)."""
    import struct
    import zlib

    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = c.compress(payload) + c.flush()
    crc, name = zlib.crc32(payload), b"a.yaml"
    lh = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), declared, len(name), 0)
    cd = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), declared,
                     len(name), 0, 0, 0, 0, 0, 0)
    eocd = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(cd) + len(name), len(lh) + len(name)
                       + len(data), 0)
    path.write_bytes(lh + name + data + cd + name + eocd)


def test_zip_member_larger_than_its_directory_says_is_named_as_damaged(tmp_path):
    payload = (b"apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: liar}\n"
               b"spec: {owner: group:t, type: service}\n#" + b" " * 5_000_000 + b"\n")
    _lying_zip(tmp_path / "liar.zip", payload, declared=200)
    r = run("ownership", tmp_path / "liar.zip")
    assert_refused(r, "liar.zip/a.yaml", "member is damaged", "declared 200 bytes", "checksum mismatch")
    assert "the file is empty" not in r.err


def test_zip_member_name_too_long_is_named_without_the_temporary_folder(tmp_path):
    long = "x" * 300 + ".yaml"
    z = _zip(tmp_path / "c.zip", [OK_MEMBER, (long, ent("Component", "other", "{owner: web}"))])
    r = run("ownership", z)
    assert r.code == 0, r.text[-2000:]
    assert "member cannot be written: File name too long" in r.err and f"c.zip/{long}" in r.err
    assert "teamsim-catalog" not in r.err and "Errno" not in r.err
