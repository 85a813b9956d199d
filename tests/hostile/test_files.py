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
