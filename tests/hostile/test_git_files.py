"""Hostile git repositories whose files make git block: FIFOs, devices, includes, alternates, .git files.

Every case runs ``teamsim`` on a real repository made in ``tmp_path`` under the harness's
wall-clock guard; a FIFO is a real one (``os.mkfifo``). Without the checks each case
blocked git until its 300 s timeout.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.hostile.harness import assert_clean, assert_refused, run
from tests.hostile.test_git import GIT_ENV, git

pytestmark = [pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
              pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")]

GUARD = 45  # seconds: a hang guard, far below git's 300 s timeout


def _repo(root: Path, name: str = "repo") -> Path:
    repo = root / name
    (repo / "src" / "cart").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "src" / "cart" / "main.go").write_text("a\nb\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "c")
    return repo


def _network(repo: Path):
    return run("network", repo, "--null-samples", "1", timeout=GUARD)


@pytest.mark.parametrize("key", ["include.path", "includeIf.gitdir:/.path"])
def test_config_include_of_a_fifo_is_refused(tmp_path, key):
    repo = _repo(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    git(repo, "config", key, str(fifo))
    assert_refused(_network(repo), str(repo), key.lower(), str(fifo), "FIFO", "--unset")


def test_config_include_of_dev_zero_is_refused(tmp_path):
    repo = _repo(tmp_path)
    git(repo, "config", "include.path", "/dev/zero")
    assert_refused(_network(repo), "include.path = /dev/zero", "character device")


def test_a_fifo_included_by_an_included_file_is_refused(tmp_path):
    repo = _repo(tmp_path)
    os.mkfifo(tmp_path / "fifo")
    (repo / ".git" / "more.cfg").write_text("[include]\n\tpath = ../../fifo\n")
    git(repo, "config", "include.path", "more.cfg")
    assert_refused(_network(repo), "more.cfg", "FIFO")


@pytest.mark.parametrize("key", ["mailmap.file", "mailmap.blob"])
def test_mailmap_set_in_the_repository_config_is_not_read(tmp_path, key):
    repo = _repo(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    git(repo, "config", key, str(fifo) if key == "mailmap.file" else "HEAD:src/cart/main.go")
    r = _network(repo)
    assert r.code == 0, r.text[-2000:]


def test_a_fifo_mailmap_in_the_work_tree_is_refused(tmp_path):
    repo = _repo(tmp_path)
    os.mkfifo(repo / ".mailmap")
    assert_refused(_network(repo), str(repo / ".mailmap"), "FIFO")


def test_the_work_trees_mailmap_still_maps_authors_by_email(tmp_path):
    repo = _repo(tmp_path)
    (repo / ".mailmap").write_text("Ann Lee <ann@example.org>\n")
    out = tmp_path / "out.yaml"
    r = run("import", "git", repo, "-o", out, timeout=GUARD)
    assert r.code == 0, r.text[-2000:]
    assert "Ann Lee" in out.read_text()


def test_fifos_in_the_work_tree_that_git_reads_are_never_opened(tmp_path):
    repo = _repo(tmp_path)
    os.mkfifo(repo / ".gitattributes")
    os.mkfifo(repo / "src" / ".gitattributes")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.mkfifo(elsewhere / ".mailmap")
    git(repo, "config", "core.worktree", str(elsewhere))
    r = _network(repo)
    assert r.code == 0, r.text[-2000:]


@pytest.mark.parametrize("where", ["objects/info/alternates", "HEAD", "packed-refs", "info/attributes",
                                   "shallow", "objects/info/commit-graph"])
def test_a_fifo_in_the_git_folder_is_refused(tmp_path, where):
    repo = _repo(tmp_path)
    target = repo / ".git" / where
    target.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(target)
    assert_refused(_network(repo), str(target), "FIFO", "remove or replace it")


def test_an_alternate_object_folder_holding_a_fifo_is_refused(tmp_path):
    repo = _repo(tmp_path)
    other = repo / "other-objects"
    (other / "pack").mkdir(parents=True)
    os.mkfifo(other / "pack" / "pack-x.idx")
    (repo / ".git" / "objects" / "info" / "alternates").write_text(f"{other}\n")
    assert_refused(_network(repo), str(other / "pack" / "pack-x.idx"), "FIFO")


def test_an_alternate_that_is_a_fifo_is_refused(tmp_path):
    repo = _repo(tmp_path)
    os.mkfifo(repo / "alt")
    (repo / ".git" / "objects" / "info" / "alternates").write_text(f"{repo / 'alt'}\n")
    assert_refused(_network(repo), "objects/info/alternates names", "FIFO")


def test_a_symlink_in_the_git_folder_to_a_fifo_is_refused(tmp_path):
    repo = _repo(tmp_path)
    os.mkfifo(tmp_path / "fifo")
    (repo / ".git" / "refs" / "heads" / "x").symlink_to(tmp_path / "fifo")
    assert_refused(_network(repo), "refs/heads/x", "a link to", "FIFO")


def test_a_git_file_pointing_outside_the_folder_is_refused(tmp_path):
    real = _repo(tmp_path, "real")
    decoy = tmp_path / "decoy"
    decoy.mkdir()
    (decoy / ".git").write_text(f"gitdir: {real / '.git'}\n")
    r = run("import", "git", decoy, "-o", tmp_path / "out.yaml", timeout=GUARD)
    assert_refused(r, str(decoy / ".git"), "points outside the folder given", str(real / ".git"),
                   "name the repository")
    assert not (tmp_path / "out.yaml").exists()


def test_a_git_file_pointing_inside_the_folder_is_read(tmp_path):
    repo = _repo(tmp_path)
    (repo / ".git").rename(repo / "store")
    (repo / ".git").write_text("gitdir: store\n")
    r = _network(repo)
    assert r.code == 0, r.text[-2000:]


def _commit_with_timestamp(repo: Path, author: str, stamp: str) -> str:
    tree = git(repo, "rev-parse", "HEAD^{tree}").strip()
    head = git(repo, "rev-parse", "HEAD").strip()
    body = (f"tree {tree}\nparent {head}\nauthor {author} <x@example.org> {stamp} +0000\n"
            f"committer {author} <x@example.org> {stamp} +0000\n\nodd\n")
    r = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--stdin", "--literally"], cwd=repo,
                       input=body, capture_output=True, text=True, check=True, timeout=60,
                       env={**GIT_ENV, "HOME": str(repo)})
    return r.stdout.strip()


def test_a_timestamp_git_cannot_represent_is_a_warning_naming_the_commit_not_1970(tmp_path):
    repo = _repo(tmp_path)
    (repo / "src" / "cart" / "main.go").write_text("a\nb\nc\n")
    git(repo, "commit", "-q", "-am", "second")
    odd = _commit_with_timestamp(repo, "Eve", str(2**64 + 1))
    git(repo, "update-ref", "refs/heads/odd", odd)
    r = run("network", repo, "--null-samples", "1", "--json", timeout=GUARD)
    assert r.code == 0, r.text[-2000:]
    assert f"{odd[:7]} ('timestamp:{2**64 + 1}'" in r.err and "left out" in r.err
    assert "1970" not in r.out


def test_a_corrupt_repository_says_so_with_gits_own_line(tmp_path):
    repo = _repo(tmp_path)
    blob = git(repo, "rev-parse", "HEAD:src/cart/main.go").strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    assert_refused(_network(repo), str(repo), "damaged", "git said:", "git fsck")


def test_a_repository_without_commits_says_so(tmp_path):
    repo = tmp_path / "empty"
    repo.mkdir()
    git(repo, "init", "-q")
    assert_refused(_network(repo), str(repo), "no commits")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_repository_of_another_user_names_safe_directory(tmp_path):
    repo = _repo(tmp_path)
    for p in [repo, *repo.rglob("*")]:
        os.lchown(p, 65534, 65534)
    r = run("network", repo, timeout=GUARD, env={"GIT_CONFIG_GLOBAL": os.devnull,
                                                 "GIT_CONFIG_SYSTEM": os.devnull})
    assert_refused(r, str(repo), "belongs to another user", "safe.directory")


def test_git_errors_are_bounded_and_printable(tmp_path):
    from teamsim.importers._gitrun import GitResult
    from teamsim.importers.git_repo import _git_failure

    e = _git_failure(GitResult(128, b"", "fatal: \x1b[2J" + "x" * 5000 + "\nmore\n"), "r", "git log")
    assert len(e.message) < 400 and e.message.endswith("…") and "\x1b[2J" in e.message
    assert "\x1b" not in e.render()
    assert_clean(run("network", tmp_path / "nowhere", timeout=GUARD))


def _empty_repo(root: Path, name: str) -> Path:
    repo = root / name
    repo.mkdir()
    git(repo, "init", "-q")
    return repo


@pytest.mark.parametrize("relative", [False, True])
def test_alternates_pointing_outside_the_folder_are_refused(tmp_path, relative):
    base = _repo(tmp_path, "base")
    alt = _empty_repo(tmp_path, "alt")
    line = "../../../base/.git/objects" if relative else str(base / ".git" / "objects")
    (alt / ".git" / "objects" / "info" / "alternates").write_text(line + "\n")
    assert_refused(_network(alt), str(alt / ".git" / "objects" / "info" / "alternates"),
                   "points outside the folder given", line, "git repack -a -d")


def test_commondir_pointing_outside_the_folder_is_refused(tmp_path):
    base = _repo(tmp_path, "base")
    alt = _empty_repo(tmp_path, "alt")
    (alt / ".git" / "commondir").write_text(f"{base / '.git'}\n")
    assert_refused(_network(alt), str(alt / ".git" / "commondir"), "points outside the folder given",
                   str(base / ".git"), "name the repository that commondir points to")


def test_alternates_inside_the_folder_are_read(tmp_path):
    repo = _repo(tmp_path)
    objects = repo / ".git" / "objects"
    objects.rename(repo / ".git" / "store")
    (objects / "info").mkdir(parents=True)
    (objects / "info" / "alternates").write_text("../store\n")
    r = run("network", repo, "--null-samples", "1", "--json", timeout=GUARD)
    assert r.code == 0, r.text[-2000:]
    assert '"memberships": 1' in r.out


def _repo_with_inside_commondir(tmp_path: Path) -> Path:
    repo = _repo(tmp_path)
    (repo / ".git").rename(repo / "common")
    (repo / ".git").mkdir()
    shutil.copy(repo / "common" / "HEAD", repo / ".git" / "HEAD")
    (repo / ".git" / "commondir").write_text("../common\n")
    return repo


def test_a_commondir_inside_the_folder_is_read(tmp_path):
    repo = _repo_with_inside_commondir(tmp_path)
    r = run("network", repo, "--null-samples", "1", "--json", timeout=GUARD)
    assert r.code == 0, r.text[-2000:]
    assert '"memberships": 1' in r.out


def test_a_fifo_included_by_the_commondirs_config_is_refused(tmp_path):
    repo = _repo_with_inside_commondir(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    git(repo / "common", "config", "--file", str(repo / "common" / "config"), "include.path", str(fifo))
    assert_refused(_network(repo), str(repo / "common" / "config"), "include.path", str(fifo), "FIFO")


def test_an_email_only_mailmap_line_given_as_aliases_is_refused(tmp_path):
    log = tmp_path / "x.gitlog"
    log.write_text("--a1--2020-01-01--Ann\n1\t1\tsrc/a/x\n\n")
    mailmap = tmp_path / "aliases.mailmap"
    mailmap.write_text("Bo = Cy\n<a@x> <b@x>\n")
    r = run("network", log, "--aliases", mailmap, "--null-samples", "1", timeout=GUARD)
    assert_refused(r, str(mailmap), "2", "<a@x> <b@x>", "by e-mail only")


def test_a_log_with_cr_only_line_ends_names_the_fix(tmp_path):
    log = tmp_path / "cr.gitlog"
    log.write_bytes(b"--a1--2020-01-01--Ann\r1\t1\tsrc/a/x\r\r")
    assert_refused(run("network", log, timeout=GUARD), str(log), "carriage return", "tr '\\r' '\\n'")


def test_a_symlinked_objects_folder_outside_the_folder_is_refused(tmp_path):
    base = _repo(tmp_path, "base")
    alt = _empty_repo(tmp_path, "alt")
    shutil.rmtree(alt / ".git" / "objects")
    (alt / ".git" / "objects").symlink_to(base / ".git" / "objects")
    shutil.copytree(base / ".git" / "refs" / "heads", alt / ".git" / "refs" / "heads", dirs_exist_ok=True)
    assert_refused(_network(alt), str(alt / ".git" / "objects"), "points outside the folder given",
                   str(base / ".git" / "objects"), "replace the link")
