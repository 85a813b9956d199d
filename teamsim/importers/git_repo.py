"""Read a git history from a repository folder (runs ``git log`` safely) or a log file.

:func:`run_git_log` runs git on a repository someone else made without running anything
it configures (see :mod:`teamsim.importers._gitrun` and :mod:`teamsim.importers._gitcheck`),
reads a partial clone without fetching, and turns git's failures into clear messages.
:func:`read_git_log` reads either a folder or a (gzipped) log file and parses it.

Examples
--------
>>> GIT_LOG_ARGS[-3:]
('--no-color', '--no-textconv', '--no-ext-diff')
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path

from teamsim._text import clip
from teamsim.defaults import BOT_PATTERN
from teamsim.errors import InputError
from teamsim.importers._files import read_maybe_gzip
from teamsim.importers._gitcheck import check_git_dir, git_dir_of, worktree_mailmap
from teamsim.importers._gitrun import GitResult, run_git, trusted_directories
from teamsim.importers.git_history import GitLog
from teamsim.importers.git_parse import check_has_changes, parse_git_log

__all__ = ["GIT_LOG_ARGS", "PROBE_SECONDS", "read_git_log", "run_git_log"]


#: The ``git log`` arguments of Code Maat's format (after ``git log``). ``refs/pull/*``
#: (GitHub pull-request heads in mirrors), notes and stashes (not code anyone committed)
#: are excluded from ``--all``.
GIT_LOG_ARGS = ("--exclude=refs/pull/*", "--exclude=refs/notes/*", "--exclude=refs/stash", "--all",
                "--numstat", "--date=short",
                "--pretty=format:--%h--%ad--%aN", "--no-renames", "--no-color",
                "--no-textconv", "--no-ext-diff")


def run_git_log(repo: str | Path, *, timeout: float = 300.0) -> tuple[str, list[str]]:
    """Run ``git log`` on a repository folder; return its output in Code Maat's format and warnings.

    git runs through :func:`teamsim.importers._gitrun.run_git`: a minimal environment,
    no system or global configuration, no transport (so a partial clone never fetches),
    and command-line settings that switch off every command a repository can configure
    (pager, hooks, fsmonitor, external diff, text conversion, ssh, credential helpers);
    see :data:`GIT_LOG_ARGS` for the arguments.

    A partial clone (``git clone --filter=blob:none``) lacks the file contents that
    ``--numstat`` counts lines in. It is read from what is there: the same history with
    ``--raw`` (which needs only trees), every change with unknown line counts (None), and
    a warning naming the repository.

    A repository owned by another user is read only when the user's own git
    configuration trusts it (``safe.directory``), as git itself does.

    Parameters
    ----------
    repo : str or Path
        A repository (work tree or bare).
    timeout : float, default 300
        Seconds before giving up.

    Returns
    -------
    (str, list of str)
        The log, and warnings for the user.

    Raises
    ------
    InputError
        git missing, not a repository, owned by another user and not trusted, git failed,
        the timeout passed or the output is over ``max_git_output_bytes``.

    See Also
    --------
    read_git_log : Read and parse a log file or a repository.

    Examples
    --------
    A folder that is not a repository is refused with a clear message:

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     try:
    ...         run_git_log(d)
    ...     except InputError:
    ...         print("refused")
    refused
    """
    p = Path(repo)
    where = str(repo)
    if not p.is_dir():
        raise InputError("not a folder", file=where, hint="name a git repository folder or a log file")
    git_dir = _safe_git_dir(p, where)
    mailmap, warnings = worktree_mailmap(p, where)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".mailmap") as mm:
        mm.write(mailmap or "")
        mm.flush()
        run = partial(_git_trusted, p, timeout=timeout, where=where, git_dir=git_dir,
                      config=[f"mailmap.file={mm.name}"])
        r = run(["log", *GIT_LOG_ARGS])
        if r.code != 0 and "promisor remote" in r.stderr:
            r = run(["log", *("--raw" if a == "--numstat" else a for a in GIT_LOG_ARGS)])
            if r.code == 0:
                warnings.append(f"{where} is a partial clone: file contents are missing and teamsim never "
                                "fetches them, so line counts are unknown (authors, dates and paths are "
                                "complete); clone the repository without --filter for line counts")
                return _mark_bad_dates(_RAW_LINE.sub("-\t-\t", r.stdout.decode("utf-8", "replace")),
                                       run), warnings
    if r.code != 0:
        raise _git_failure(r, where, "git log")
    return _mark_bad_dates(r.stdout.decode("utf-8", "replace"), run), warnings


_RAW_LINE = re.compile(r"^:[^\t\n]*\t", re.MULTILINE)

#: Seconds for the first, quick git run (``rev-parse``): a repository git blocks on is
#: refused after this, not after the whole ``git log`` timeout.
PROBE_SECONDS = 20.0


def _safe_git_dir(repo: Path, where: str) -> Path:
    """Check the repository's files (:mod:`._gitcheck`), then ask git (briefly) where its git folder is."""
    found = git_dir_of(repo, where)
    if found is not None:
        check_git_dir(found, where, root=repo)
    r = _git_trusted(repo, ["rev-parse", "--absolute-git-dir"], timeout=PROBE_SECONDS, where=where)
    if r.code != 0:
        raise _git_failure(r, where, "git rev-parse")
    return Path(r.stdout.decode("utf-8", "replace").strip())


_ONE_DAY = 86_400
_EPOCH_HEADER = re.compile(r"^--([^-\n]+)--1970-01-01--", re.MULTILINE)


def _mark_bad_dates(text: str, run: Callable[[list[str]], GitResult]) -> str:
    """Mark commits git dates 1970-01-01 although their timestamp is not of that day.

    git prints an author timestamp it cannot represent (over 2^64, say) as 1970-01-01;
    the raw timestamp (``%at``) tells such a commit from a real one of that day. Its date
    becomes ``timestamp:<raw>``, which :func:`parse_git_log` leaves out with a warning
    naming the commit. Only runs git again when some commit is dated 1970-01-01.
    """
    hashes = _EPOCH_HEADER.findall(text)
    if not hashes:
        return text
    r = run(["show", "--no-patch", "--no-walk", "--format=%h %at", *dict.fromkeys(hashes[:10_000])])
    bad = {}
    for line in r.stdout.decode("utf-8", "replace").splitlines():
        h, _, ts = line.partition(" ")
        if not (ts.isascii() and ts.lstrip("-").isdigit() and -_ONE_DAY < int(ts) < _ONE_DAY):
            bad[h] = ts[:40]
    if not bad:
        return text
    return _EPOCH_HEADER.sub(lambda m: f"--{m[1]}--timestamp:{bad[m[1]]}--" if m[1] in bad else m[0], text)


#: git's standard error -> (message, fix), first match wins.
_GIT_ERRORS = (
    ("not a git repository", "not a git repository",
     "name a git repository folder, or a log file made with git log (see docs/network.md)"),
    ("dubious ownership", "git will not read this repository: it belongs to another user",
     "if you trust it, run: git config --global --add safe.directory FOLDER"),
    ("shallow", "the repository is a damaged shallow clone",
     "run git fetch --unshallow there (or clone it again), or pass a log file"),
    ("promisor", "the repository is a partial clone missing objects git needs",
     "clone the repository again without --filter, or pass a log file"),
    ("does not have any commits", "the repository has no commits yet", "commit something first"),
    ("bad default revision", "the repository has no commits yet (HEAD names no commit)",
     "commit something first, or check out a branch"),
    ("permission denied", "git cannot read part of the repository: permission denied",
     "make the repository readable by you (chmod/chown), or pass a log file"),
    ("corrupt", "the repository is damaged (corrupt object)",
     "run git fsck there, or clone it again, or pass a log file"),
    ("bad object", "the repository is damaged (missing or bad object)",
     "run git fsck there, or clone it again, or pass a log file"),
    ("could not read", "the repository is damaged (an object cannot be read)",
     "run git fsck there, or clone it again, or pass a log file"),
    ("unable to read", "the repository is damaged (an object cannot be read)",
     "run git fsck there, or clone it again, or pass a log file"),
)


def _git_failure(r: GitResult, where: str, what: str) -> InputError:
    """A clear refusal for a failed git run: what went wrong (from git's standard error),
    git's first error line (printable, bounded), and a fix."""
    lines = [ln.strip() for ln in r.stderr.splitlines() if ln.strip()]
    first = next((ln for ln in lines if ln.startswith(("fatal:", "error:"))), lines[0] if lines else "")
    said = f"; git said: {clip(first)}" if first else ""
    low = r.stderr.lower()
    for needle, message, hint in _GIT_ERRORS:
        if needle in low:
            return InputError(message + said, file=where, hint=hint.replace("FOLDER", where))
    return InputError(f"{what} failed with exit code {r.code}{said}", file=where,
                      hint="check the repository with git log there, or save the log and pass the file")


def _git_trusted(repo: Path, args: list[str], *, timeout: float, where: str,
                 git_dir: Path | None = None, config: Sequence[str] = ()) -> GitResult:
    """:func:`run_git`, honouring the user's ``safe.directory`` when git distrusts the owner."""
    r = run_git(repo, args, timeout=timeout, file=where, git_dir=git_dir, config=config)
    if r.code == 0 or "dubious ownership" not in r.stderr:
        return r
    trusted = trusted_directories()
    if trusted:
        r = run_git(repo, args, timeout=timeout, file=where, git_dir=git_dir,
                    config=[*config, *(f"safe.directory={d}" for d in trusted)])
    if r.code != 0 and "dubious ownership" in r.stderr:
        raise InputError("git will not read this repository: it belongs to another user", file=where,
                         hint="if you trust it, run: git config --global --add safe.directory "
                         f"{repo.absolute()} (or save the log with git log there and pass the file)")
    return r


def read_git_log(source: str | Path, *, aliases: Mapping[str, str] | None = None, merge_case: bool = True,
                 bots: str | None = BOT_PATTERN, timeout: float = 300.0) -> GitLog:
    """Read a git history from a repository folder (runs ``git log``) or a log file.

    Parameters
    ----------
    source : str or Path
        A repository folder, or a file in Code Maat's format (any name, e.g. ``.gitlog``;
        ``.gz`` files are decompressed).
    aliases, merge_case, bots
        Author cleaning, see :func:`clean_authors`.
    timeout : float, default 300
        Seconds allowed for ``git log``.

    Returns
    -------
    GitLog

    Raises
    ------
    InputError
        Missing source, git failure, malformed log.

    See Also
    --------
    run_git_log : Runs ``git log`` on a repository folder.
    teamsim.importers.git_parse.parse_git_log : Parses log text already read.
    teamsim.importers.git.git_scenario : Turns the history into a scenario.

    Examples
    --------
    >>> log = read_git_log("scenarios/online-boutique/microservices-demo.gitlog")  # doctest: +SKIP
    """
    p = Path(source)
    if p.is_dir():
        text, warnings = run_git_log(p, timeout=timeout)
    else:
        text, warnings = read_maybe_gzip(p), []
        if _looks_like_scenario(text):
            raise InputError("this looks like a scenario (YAML or JSON), not a git log", file=str(source),
                             hint="rename it to .yaml (or .json) so teamsim reads it as a scenario")
    log = parse_git_log(text, str(source), aliases=aliases, merge_case=merge_case, bots=bots,
                        renames=False if p.is_dir() else None)
    del text
    if warnings:
        log = log.model_copy(update={"warnings": [*warnings, *log.warnings]})
    check_has_changes(log, repository=p.is_dir())
    return log


def _looks_like_scenario(text: str) -> bool:
    """A first line no git log has: a scenario's top-level YAML key, or a JSON object."""
    first = next((ln for ln in text[:4096].splitlines() if ln.strip() and not ln.startswith("#")), "")
    return bool(re.match(r'^(\{|"?(name|tools|people|teams|projects|candidates|services|tasks)"?\s*:)',
                         first))


