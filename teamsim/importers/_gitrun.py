"""Run ``git`` on a repository someone else made, without running anything it configures.

A repository's own configuration (``.git/config``), its ``.gitattributes`` and the
caller's environment can all name commands that git runs: ``core.pager``,
``diff.external``, a diff driver's ``textconv``, ``core.fsmonitor``, hooks,
``core.sshCommand``, credential helpers, and the ``remote.<name>.uploadpack`` of a
partial clone's promisor remote, which ``git log --numstat`` runs to fetch a missing
blob. :func:`run_git` closes every one of these:

- a minimal environment: only ``PATH``, ``HOME``, ``LANG`` (and ``SYSTEMROOT`` on
  Windows) of the caller, so ``GIT_DIR``, ``GIT_WORK_TREE``, ``GIT_EXTERNAL_DIFF``,
  ``GIT_SSH_COMMAND``, ``GIT_CONFIG_PARAMETERS`` and friends never reach git; no system
  or global configuration (``GIT_CONFIG_NOSYSTEM=1``, ``GIT_CONFIG_GLOBAL=/dev/null``);
- no network or local transport at all: ``GIT_NO_LAZY_FETCH=1`` (git >= 2.39.4 does not
  fetch missing objects of a partial clone), ``protocol.allow=never``, an empty
  ``GIT_ALLOW_PROTOCOL`` and ``GIT_PROTOCOL_FROM_USER=0`` (older git tries the fetch
  and is refused before any command runs);
- ``-c`` settings (command line, so they win over the repository's) that switch off the
  pager, hooks, fsmonitor, external diff, ssh command, credential helpers, askpass and
  signature checks; callers add ``--no-textconv --no-ext-diff`` to diff commands;
- no repository-configured mailmap (``mailmap.file=``, ``mailmap.blob=``) and, with
  ``git_dir=``, an empty work tree, so git opens no file of the work tree
  (``.gitattributes``, ``.mailmap``: a FIFO there would block it);
- an argument list, never a shell; no standard input; a timeout; and a cap on the
  output (``max_git_output_bytes``).

The files git opens inside the repository are checked before it runs, see
:mod:`teamsim.importers._gitcheck`.

git's own ownership check (``safe.directory``) stays on: a repository owned by another
user is read only when the user trusts it in their own git configuration, see
:func:`trusted_directories`.
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from teamsim.errors import InputError
from teamsim.limits import check_count, limit

__all__ = ["SAFE_CONFIG", "GitResult", "git_env", "run_git", "trusted_directories"]

#: ``-c`` settings given to every git run (the command line overrides the repository).
SAFE_CONFIG = (
    "core.hooksPath=/dev/null", "core.fsmonitor=false", "core.pager=cat", "core.sshCommand=false",
    "core.askPass=", "credential.helper=", "diff.external=", "protocol.allow=never",
    "log.showSignature=false", "core.quotePath=false", "i18n.logOutputEncoding=UTF-8",
    "log.showRoot=true", "mailmap.file=", "mailmap.blob=",
)
_KEEP = ("PATH", "HOME", "LANG", "SYSTEMROOT")


def git_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The whole environment git runs with: a few of the caller's variables and the locks.

    Examples
    --------
    >>> env = git_env({"PATH": "/bin", "GIT_DIR": "/elsewhere", "HOME": "/h"})
    >>> "GIT_DIR" in env, env["GIT_NO_LAZY_FETCH"], env["GIT_ALLOW_PROTOCOL"]
    (False, '1', '')
    """
    src = os.environ if environ is None else environ
    env = {k: src[k] for k in _KEEP if k in src}
    env.update(LC_ALL="C", GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_NO_LAZY_FETCH="1",
               GIT_ALLOW_PROTOCOL="", GIT_PROTOCOL_FROM_USER="0", GIT_TERMINAL_PROMPT="0",
               GIT_PAGER="cat", PAGER="cat", GIT_OPTIONAL_LOCKS="0", GIT_ATTR_NOSYSTEM="1")
    return env


@dataclass(frozen=True)
class GitResult:
    """What one git run returned: exit code, standard output, and the end of standard error."""

    code: int
    stdout: bytes
    stderr: str


def run_git(repo: str | Path, args: Sequence[str], *, timeout: float, file: str | None = None,
            config: Sequence[str] = (), git_dir: str | Path | None = None) -> GitResult:
    """Run ``git -C REPO [-c SAFE_CONFIG...] ARGS`` safely (see the module notes).

    Parameters
    ----------
    repo : str or Path
        The repository folder.
    args : sequence of str
        The git command and its arguments (after the global options).
    timeout : float
        Seconds before git is killed.
    file : str, optional
        Name for error messages (default ``repo``).
    config : sequence of str
        Extra ``-c`` settings, after :data:`SAFE_CONFIG`.
    git_dir : str or Path, optional
        The repository's git folder, as ``git rev-parse --absolute-git-dir`` gave it: git
        then runs on it with an empty work tree (``--git-dir=GIT_DIR --work-tree=EMPTY``,
        in that empty folder) instead of ``-C REPO``, so no file of the work tree is opened.

    Returns
    -------
    GitResult
        Standard error is the last 64 kB, decoded.

    Raises
    ------
    InputError
        git is not installed, the timeout passed, or the output is over
        ``max_git_output_bytes``.
    """
    where = file or str(repo)
    cmd = ["git", "--no-pager"]
    for c in (*SAFE_CONFIG, *config):
        cmd += ["-c", c]
    cap = limit("max_git_output_bytes")
    with tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory(prefix="teamsim-git-") as empty:
        if git_dir is None:
            cmd += ["-C", str(Path(repo).absolute()), *args]
        else:
            cmd += [f"--git-dir={Path(git_dir).absolute()}", f"--work-tree={empty}", *args]
        try:
            # the folder given is the repository: git must not find one in a folder above it
            env = {**git_env(), "GIT_CEILING_DIRECTORIES": str(Path(repo).absolute().parent)}
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err,
                                    env=env, shell=False, cwd=empty)
        except FileNotFoundError:
            raise InputError("git is not installed", file=where,
                             hint="install git, or pass a log file made with git log") from None
        fired = threading.Event()

        def expire() -> None:
            fired.set()
            proc.kill()

        timer = threading.Timer(timeout, expire)
        timer.start()
        try:
            out, over = _read_capped(proc, cap)
            code = proc.wait()
        finally:
            timer.cancel()
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        expired = fired.is_set() and not over
        err.seek(0, os.SEEK_END)
        err.seek(max(0, err.tell() - 65536))
        stderr = err.read().decode("utf-8", "replace")
    if over:
        check_count("max_git_output_bytes", cap + 1, entity="git log", file=where,
                    what="output of git over")
    if expired:
        raise InputError(f"git took longer than {timeout:g} s", file=where,
                         hint="save the log to a file (see docs/network.md) and pass the file")
    return GitResult(code, out, stderr)


def _read_capped(proc: subprocess.Popen[bytes], cap: int) -> tuple[bytes, bool]:
    """Read a process's standard output up to ``cap`` bytes; kill it when it writes more."""
    chunks: list[bytes] = []
    total = 0
    assert proc.stdout is not None
    stdout = cast(io.BufferedReader, proc.stdout)   # a binary pipe with the default buffering
    with stdout:
        while True:
            chunk = stdout.read1(1 << 20)
            if not chunk:
                return b"".join(chunks), False
            total += len(chunk)
            if total > cap:
                proc.kill()
                return b"", True
            chunks.append(chunk)


def trusted_directories(timeout: float = 30.0) -> list[str]:
    """The ``safe.directory`` entries of the user's own (global and system) git configuration.

    git refuses to read a repository owned by another user unless the user's global or
    system configuration lists it in ``safe.directory``; :func:`run_git` ignores those
    files, so the caller passes these entries back with ``config=`` to honour the user's
    choice. Only those two files are read (never a repository's), with the caller's
    ``HOME``, ``XDG_CONFIG_HOME`` and ``GIT_CONFIG_GLOBAL``/``GIT_CONFIG_SYSTEM``.

    Returns
    -------
    list of str
        The entries (``*`` trusts every folder), in order; empty when there are none or
        git is missing.
    """
    keep = ("PATH", "HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "SYSTEMROOT")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    out: list[str] = []
    for scope in ("--system", "--global"):
        try:
            r = subprocess.run(["git", "config", scope, "--get-all", "safe.directory"],
                               cwd=os.path.abspath(os.sep), env={**env, "LC_ALL": "C"},
                               stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        out += [ln for ln in r.stdout.decode("utf-8", "replace").splitlines() if ln.strip()]
    return out
