"""Hostile files at the reading layer: devices, FIFOs, symlink loops, gzip bombs, NUL bytes."""

import gzip
import os

import pytest

from tests.hostile.harness import assert_refused, run


@pytest.mark.parametrize("command", [["network"], ["import", "git", "-o", "/tmp/never.yaml"]])
def test_dev_zero_is_refused_not_read(command):
    assert_refused(run(*command, "/dev/zero"), "/dev/zero", "not a regular file")


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "s.yaml"
    os.mkfifo(fifo)
    assert_refused(run("validate", fifo, timeout=30), str(fifo), "not a regular file")


def test_symlink_loop_is_refused(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.symlink_to(b)
    b.symlink_to(a)
    assert_refused(run("validate", a), str(a), "symlink loop")


def test_gzip_bomb_is_capped(tmp_path):
    bomb = tmp_path / "bomb.gitlog.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as f:
        block = b"\0" * 2**20
        for _ in range(64):
            f.write(block)
    r = run("network", bomb, env={"TEAMSIM_MAX_DECOMPRESSED_BYTES": str(8 * 2**20)})
    assert_refused(r, str(bomb), "TEAMSIM_MAX_DECOMPRESSED_BYTES")


def test_oversized_file_names_the_limit(tmp_path):
    f = tmp_path / "big.yaml"
    f.write_text("tools: []\n" + "#" * 5000 + "\n")
    assert_refused(run("validate", f, env={"TEAMSIM_MAX_FILE_BYTES": "1000"}),
                   str(f), "TEAMSIM_MAX_FILE_BYTES")


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".csv"])
def test_nul_byte_names_its_line(tmp_path, suffix):
    f = tmp_path / f"s{suffix}"
    f.write_bytes(b"tools:\n  - {name: A}\n\0\n")
    assert_refused(run("validate", f), f"{f}:3:", "NUL byte")


def test_dangling_symlink_output_is_replaced_not_followed(tmp_path):
    target = tmp_path / "elsewhere.yaml"
    link = tmp_path / "out.yaml"
    link.symlink_to(target)
    m = tmp_path / "m.csv"
    m.write_text("name,A\nAnn,1\n")
    assert_refused(run("import", "skills", m, "-o", link), "file exists")
    assert not target.exists()
    r = run("import", "skills", m, "-o", link, "--force")
    assert r.code == 0, r.err
    assert not target.exists() and not link.is_symlink() and "Ann" in link.read_text()


LOG = b"--a1--2021-02-03--Ann\n1\t1\tsrc/x.go\n\n--b2--2021-03-04--Bo\n2\t0\tsrc/x.go\n\n"


@pytest.mark.parametrize(("data", "pieces"), [
    (gzip.compress(LOG)[:30], ["cannot read gzip data", "Compressed file ended", "give a complete"]),
    (gzip.compress(LOG) + b"junk", ["cannot read gzip data", "Not a gzipped file"]),
    (b"\x1f\x8b" + b"x" * 40, ["cannot read gzip data"]),
    (gzip.compress(gzip.compress(LOG)), ["gzip-compressed twice", "decompress it once"]),
    (gzip.compress(LOG + b"\0"), [":7:", "NUL byte"]),
    (gzip.compress(b"--a1--2021-02-03--\xe9t\xe9\n"), [":1:", "not UTF-8 text"]),
], ids=["truncated", "trailing-junk", "bad-header", "twice", "nul", "latin-1"])
def test_broken_gzip_logs_are_refused_clearly(tmp_path, data, pieces):
    f = tmp_path / "log.gz"
    f.write_bytes(data)
    assert_refused(run("network", f), str(f), *pieces)


def test_concatenated_gzip_log_counts_each_commit_once(tmp_path):
    from teamsim.importers.git import read_git_log

    f = tmp_path / "log.gz"
    f.write_bytes(gzip.compress(LOG) + gzip.compress(LOG))  # two gzip members: both are read
    log = read_git_log(f)
    assert [c.hash for c in log.commits] == ["a1", "b2"]
    assert log.warnings == [f"{f}: 2 commits given more than once (the same hash, date and author; "
                            "logs joined twice?) counted once: a1, b2"]
    f.write_bytes(gzip.compress(LOG) + b"\0" * 64)   # zero padding after the member (tape, dd)
    assert [c.hash for c in read_git_log(f).commits] == ["a1", "b2"]


def test_gzip_bomb_message_says_at_least(tmp_path):
    bomb = tmp_path / "bomb.gz"
    bomb.write_bytes(gzip.compress(b"\0" * 2**20))
    r = run("network", bomb, env={"TEAMSIM_MAX_DECOMPRESSED_BYTES": "1000"})
    assert_refused(r, str(bomb), "decompressed size of at least 1,001 bytes is over the limit of 1,000 bytes",
                   "TEAMSIM_MAX_DECOMPRESSED_BYTES=2000")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_file_is_named_as_such(tmp_path, encoding):
    f = tmp_path / "s.yaml"
    data = "tools: [{name: A}]\n".encode(encoding)
    f.write_bytes(data if encoding == "utf-16" else b"\xfe\xff" + data)
    assert_refused(run("validate", f), f"{f}:1:", "UTF-16 text", "save the file as UTF-8")
