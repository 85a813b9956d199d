"""Hostile git repositories: reading a history must never run what the repository configures."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.hostile.harness import assert_clean, assert_refused, run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_AUTHOR_NAME": "Ann", "GIT_AUTHOR_EMAIL": "ann@example.org",
           "GIT_COMMITTER_NAME": "Ann", "GIT_COMMITTER_EMAIL": "ann@example.org",
           "GIT_AUTHOR_DATE": "2021-02-03T04:05:06", "GIT_COMMITTER_DATE": "2021-02-03T04:05:06"}


def git(cwd: Path, *args: str) -> str:
    r = subprocess.run(["git", *args], cwd=cwd, env={**GIT_ENV, "HOME": str(cwd)}, capture_output=True,
                       text=True, check=True, timeout=60)
    return r.stdout


def _source_repo(root: Path) -> Path:
    src = root / "src-repo"
    (src / "src" / "cart").mkdir(parents=True)
    git(src, "init", "-q")
    for i in range(3):
        (src / "src" / "cart" / f"f{i}.go").write_text("".join(f"line {j}\n" for j in range(i + 1)))
        (src / "README.md").write_text(f"v{i}\n")
        git(src, "add", "-A")
        git(src, "commit", "-q", "-m", f"c{i}")
    git(src, "config", "uploadpack.allowFilter", "true")
    return src


def _evil_script(root: Path, marker: Path) -> Path:
    script = root / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch '{marker}'\nexec git-upload-pack \"$@\"\n")
    script.chmod(0o755)
    return script


@pytest.fixture
def partial_clone(tmp_path):
    """A blob-less partial clone whose configuration runs a marker script on every hook it can."""
    src = _source_repo(tmp_path)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--no-local", "--filter=blob:none", "--no-checkout",
        src.resolve().as_uri(), str(clone))
    missing = git(clone, "rev-list", "--objects", "--missing=print", "--all")
    assert "?" in missing, "the clone has every blob: not a partial clone"
    marker = tmp_path / "MARKER"
    script = _evil_script(tmp_path, marker)
    for key in ("remote.origin.uploadpack", "core.sshCommand", "core.pager", "diff.external",
                "core.fsmonitor", "credential.helper", "core.askPass", "gpg.program"):
        git(clone, "config", key, str(script))
    git(clone, "config", "diff.evil.textconv", str(script))
    git(clone, "config", "log.showSignature", "true")
    (clone / ".gitattributes").write_text("* diff=evil\n")
    return clone, marker


def test_partial_clone_network_runs_nothing(partial_clone):
    clone, marker = partial_clone
    r = run("network", clone, "--null-samples", "1")
    assert not marker.exists(), "a command configured in the repository ran"
    assert_clean(r)
    assert r.code == 0, r.text[-2000:]
    assert "partial clone" in r.err and str(clone) in r.err
    assert "src/cart" not in r.err


def test_partial_clone_import_runs_nothing(partial_clone, tmp_path):
    clone, marker = partial_clone
    out = tmp_path / "out.yaml"
    r = run("import", "git", clone, "-o", out)
    assert not marker.exists(), "a command configured in the repository ran"
    assert r.code == 0, r.text[-2000:]
    assert "partial clone" in r.err and str(clone) in r.err
    text = out.read_text()
    assert "src/cart 2021" in text and "Ann" in text


def test_environment_does_not_leak_into_git(partial_clone, tmp_path):
    """GIT_DIR, GIT_EXTERNAL_DIFF and GIT_SSH_COMMAND of the caller never reach the git child."""
    clone, marker = partial_clone
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    script = tmp_path / "evil.sh"
    r = run("network", clone, "--null-samples", "1",
            env={"GIT_DIR": str(other / ".git"), "GIT_EXTERNAL_DIFF": str(script),
                 "GIT_SSH_COMMAND": str(script), "GIT_PAGER": str(script), "GIT_CONFIG_COUNT": "1",
                 "GIT_CONFIG_KEY_0": "core.pager", "GIT_CONFIG_VALUE_0": str(script)})
    assert not marker.exists()
    assert r.code == 0, r.text[-2000:]  # GIT_DIR of the caller would make it "no commits"


def test_huge_git_output_is_capped(tmp_path):
    src = _source_repo(tmp_path)
    r = run("network", src, env={"TEAMSIM_MAX_GIT_OUTPUT_BYTES": "100"})
    assert_refused(r, str(src), "TEAMSIM_MAX_GIT_OUTPUT_BYTES")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_repository_of_another_user_needs_the_users_trust(tmp_path, monkeypatch):
    from teamsim.errors import InputError
    from teamsim.importers.git import read_git_log

    src = _source_repo(tmp_path)
    for p in [src, *src.rglob("*")]:
        os.lchown(p, 65534, 65534)
    empty = tmp_path / "empty.gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("GIT_CONFIG_SYSTEM", os.devnull)
    with pytest.raises(InputError, match="belongs to another user") as e:
        read_git_log(src)
    assert "safe.directory" in e.value.hint and e.value.file == str(src)
    trust = tmp_path / "trust.gitconfig"
    trust.write_text(f"[safe]\n\tdirectory = {src.absolute()}\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(trust))
    assert len(read_git_log(src).commits) == 3


def test_log_spanning_millennia_is_read_without_the_stray_dates(tmp_path):
    log = tmp_path / "span.gitlog"
    log.write_text("--a--0001-01-01--Ann\n1\t0\tsrc/x/a.go\n\n--b--9999-12-31--Bo\n1\t0\tsrc/x/a.go\n\n"
                   "--c--2020-01-01--Ann\n1\t0\tsrc/x/a.go\n\n--d--2020-02-01--Bo\n1\t0\tsrc/x/b.go\n")
    r = run("network", log, "--null-samples", "1", "--json")
    assert r.code == 0, r.text[-2000:]
    assert "2 commits dated outside 1970-01-01.." in r.err and "a (0001-01-01, line 1)" in r.err
    assert '"window": "2020"' in r.out and '"window": "0001"' not in r.out


def test_scenario_spanning_millennia_is_refused_before_any_window(tmp_path):
    s = tmp_path / "s.yaml"
    s.write_text("name: x\ntools: []\npeople:\n  - {name: A}\n  - {name: B}\nprojects:\n"
                 "  - {name: p, members: [A, B], year: 1}\n  - {name: q, members: [A, B], year: 9999}\n")
    assert_refused(run("network", s), str(s), "9,999 windows", "TEAMSIM_MAX_WINDOWS")
    r = run("network", s, "--window", "9999", "--null-samples", "1")
    assert_clean(r)
    assert r.code == 0, r.text[-2000:]


def test_warnings_print_names_as_text_not_markup(tmp_path):
    log = tmp_path / "m.gitlog"
    log.write_text("--a--2020-01-01--Ann\n1\t0\tsrc/[red]x[/red] => [bold]y.go\n1\t0\tsrc/z.go\n\n"
                   "--b--2020-01-02--Eve\n1\t0\tsrc/\x1b[2Jq => r.go\n")
    r = run("network", log, "--null-samples", "1")
    assert r.code == 0, r.text[-2000:]
    assert "'src/[red]x[/red] => [bold]y.go' (line 2)" in r.err
    assert "2 paths containing ' => '" in r.err and "\x1b" not in r.err


def test_a_folder_inside_a_repository_is_not_that_repository(tmp_path):
    """git looks for a repository in the folders above; teamsim reads only the folder given."""
    src = _source_repo(tmp_path)
    inner = src / "empty"
    inner.mkdir()
    r = run("import", "git", inner, "-o", tmp_path / "out.yaml")
    assert_refused(r, "empty")
    assert not (tmp_path / "out.yaml").exists()


def test_notes_and_stashes_are_not_commits(tmp_path):
    src = _source_repo(tmp_path)
    subprocess.run(["git", "notes", "add", "-m", "note"], cwd=src, check=True, timeout=60,
                   env={**GIT_ENV, "HOME": str(src), "GIT_AUTHOR_NAME": "Mallory",
                        "GIT_COMMITTER_NAME": "Mallory"})
    r = run("import", "git", src, "-o", tmp_path / "out.yaml")
    assert_clean(r)
    assert r.code == 0, r.text[-2000:]
    text = (tmp_path / "out.yaml").read_text()
    assert "Ann" in text and "Mallory" not in text


_SCENARIO = ("tools: [{name: T}]\npeople: [{name: Ann, tools: [T]}, {name: Bo, tools: [T]}]\n"
             "teams: [{name: A, members: [Ann, Bo], services: [cart]}]\nservices: [{name: cart}]\n")


@pytest.mark.parametrize("command", [
    ["ownership"], ["coverage"], ["reorg"], ["design", "--teams", "1", "--min-size", "1"]])
def test_partial_clone_through_git_log_warns_on_stderr_and_in_json(partial_clone, tmp_path, command):
    """Every command that reads a repository through --git-log says it is a partial clone, on
    stderr and in its JSON report, as network and import git do."""
    import json

    clone, marker = partial_clone
    scenario = tmp_path / "s.yaml"
    scenario.write_text(_SCENARIO)
    r = run(*command[:1], scenario, *command[1:], "--git-log", clone, "--service-paths", "src/{name}/",
            "--format", "json")
    assert not marker.exists()
    assert r.code == 0, r.text[-2000:]
    assert r.err.count("is a partial clone") == 1, r.err
    report = json.loads(r.out)
    shown = report.get("input_warnings", report.get("warnings"))
    assert [w["message"] for w in shown if "is a partial clone" in w["message"]], report.keys()


def test_partial_clone_network_json_holds_the_warning(partial_clone):
    import json

    clone, _ = partial_clone
    r = run("network", clone, "--null-samples", "1", "--format", "json")
    assert r.code == 0, r.text[-2000:]
    assert "partial clone" in r.err
    assert any("is a partial clone" in w["message"] for w in json.loads(r.out)["warnings"])
