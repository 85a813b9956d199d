"""Check a repository's files before git opens them: nothing may make git block or leave the folder.

git opens many files of a repository with a plain ``open``: ``HEAD``, ``config``,
``packed-refs``, refs, ``info/attributes``, ``info/grafts``, ``shallow``, pack files,
``objects/info/alternates``, the files that ``include.path`` / ``includeIf.*.path`` of
the repository's configuration name, and so on. A FIFO in any of these places blocks
git until it is killed; a device such as ``/dev/zero`` feeds it endlessly. And a ``.git``
*file* (``gitdir: /some/other/place``) sends git to a repository outside the folder the
user named. :func:`git_dir_of` finds the repository's git folder (and refuses one outside
the folder given), :func:`check_git_dir` refuses, before git runs, every such file:

- every entry under the git folder (symlinked folders followed once) must be a regular
  file or a folder, and a symlink must not lead out of the folder given;
- the files the configuration includes (``include.path``, ``includeIf.<cond>.path``,
  followed through included files as git does, up to 10 levels), whatever their
  condition, must be regular files when they exist;
- every alternate object folder (``objects/info/alternates``, up to 5 levels, as git)
  must be a folder inside the folder given whose entries pass the same check;
- a ``commondir`` (the shared git folder of a linked worktree) must lie inside the folder
  given, and its entries, configuration includes and alternates pass the same checks.

The work tree is never read: git runs with an empty work tree (see
:func:`teamsim.importers._gitrun.run_git`), so ``.gitattributes`` and ``.mailmap``
files there are not opened by git (teamsim reads ``.mailmap`` itself, see
:func:`worktree_mailmap`).
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from teamsim.errors import InputError
from teamsim.importers._files import read_text

__all__ = ["check_git_dir", "git_dir_of", "worktree_mailmap"]

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
_FIX = ("remove or replace it (git would block on it), or save the log with git log elsewhere "
        "and pass the file")
_INCLUDE_DEPTH = 10  # git's MAX_INCLUDE_DEPTH
_ALTERNATE_DEPTH = 5  # git's alternate-object recursion limit


def _kind(mode: int) -> str | None:
    """What a file that is neither a regular file nor a folder is, or None when it is one of those."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def git_dir_of(repo: Path, where: str) -> Path | None:
    """The git folder of ``repo``: ``repo/.git``, the target of a ``.git`` file, or ``repo`` if bare.

    Returns None when the folder holds no repository (git then says so itself).

    Raises
    ------
    InputError
        ``.git`` is a file whose ``gitdir:`` lies outside ``repo``, is malformed, or ``.git``
        is neither a file nor a folder.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = (Path(d) / ".git").write_text("gitdir: /elsewhere\\n")
    ...     try:
    ...         git_dir_of(Path(d), d)
    ...     except InputError as e:
    ...         print(e.message)
    .git points outside the folder given, to /elsewhere
    """
    dot = repo / ".git"
    try:
        mode = os.lstat(dot).st_mode
    except OSError:
        bare = all((repo / n).exists() for n in ("HEAD", "objects", "refs"))
        return repo if bare else None
    if stat.S_ISDIR(mode):
        return dot
    if not stat.S_ISREG(mode):
        raise InputError(f".git is {_kind(mode) or 'a symlink'}, not a folder or a gitdir file",
                         file=str(dot), hint="name a repository whose .git is a folder")
    text = read_text(dot).strip()
    if not text.startswith("gitdir:"):
        raise InputError("malformed .git file: expected 'gitdir: PATH'", file=str(dot),
                         hint="name the repository's own folder")
    target = text[len("gitdir:"):].strip()
    return _inside(repo, target, dot, repo, "teamsim reads only the folder named: name the repository that "
                   ".git points to (a linked worktree's or submodule's main repository) instead")


def check_git_dir(git_dir: Path, where: str, *, root: Path, timeout: float = 10.0) -> None:
    """Refuse a git folder git could block on or that leads out of ``root`` (see the module notes).

    ``root`` is the folder the user named: ``commondir`` and ``objects/info/alternates`` must
    point inside it, as a ``.git`` file must (:func:`git_dir_of`).

    Raises
    ------
    InputError
        Naming the file (and, for an include, the configuration key) and the fix.
    """
    seen: set[tuple[int, int]] = set()
    _check_tree(git_dir, where, seen, root)
    folders = [git_dir]
    common = git_dir / "commondir"
    if common.is_file():
        folders.append(_inside(git_dir, read_text(common).strip(), common, root, _COMMONDIR_FIX))
    for folder in folders:
        _check_tree(folder, where, seen, root)
        config = folder / "config"
        if config.exists():
            _check_includes(config, where, timeout, depth=0)
        _check_alternates(folder / "objects", where, seen, root, depth=0)


_COMMONDIR_FIX = ("teamsim reads only the folder named: name the repository that commondir points to "
                  "(the main repository of this linked worktree) instead")


def _inside(base: Path, target: str, file: Path, root: Path, hint: str) -> Path:
    """``target`` (relative to ``base``) resolved; refused when it lies outside ``root``."""
    full = (base / target).resolve()
    if not full.is_relative_to(root.resolve()):
        raise InputError(f"{file.name} points outside the folder given, to {target[:300]}", file=str(file),
                         entity=target[:300], hint=hint)
    return full


def _check_tree(top: Path, where: str, seen: set[tuple[int, int]], root: Path) -> None:
    """Every entry under ``top`` is a regular file or a folder in ``root`` (symlinks followed, loops cut)."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:
            continue
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # git reports an unreadable folder itself
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                stack.append(Path(e.path))
            elif not e.is_file(follow_symlinks=False):
                _check_entry(Path(e.path), where, stack, root)


def _check_entry(path: Path, where: str, stack: list[Path], root: Path) -> None:
    """A symlink or special file found in the git folder: refuse anything git could block on or
    that leads out of ``root``."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # a dangling link: git finds nothing there
    kind = _kind(mode)
    if kind:
        shown = f"{path} (a link to {os.path.realpath(path)})" if path.is_symlink() else str(path)
        raise InputError(f"the repository contains {shown}, which is {kind}", file=where,
                         entity=str(path), hint=_FIX)
    if path.is_symlink():
        _inside(path.parent, os.readlink(path), path, root, "teamsim reads only the folder named: "
                "replace the link with a copy of what it points to, or name the repository it points into")
    if stat.S_ISDIR(mode):
        stack.append(path)


def _check_includes(config: Path, where: str, timeout: float, depth: int) -> None:
    """The files ``include.path`` / ``includeIf.*.path`` of ``config`` name are regular files."""
    mode = os.stat(config).st_mode
    if _kind(mode):
        raise InputError(f"git configuration {config} is {_kind(mode)}", file=where, entity=str(config),
                         hint=_FIX)
    if depth >= _INCLUDE_DEPTH:
        return  # git refuses deeper includes itself, with a clear message
    for key, value in _include_entries(config, where, timeout):
        target = Path(os.path.expanduser(value)) if value.startswith("~") else config.parent / value
        try:
            mode = os.stat(target).st_mode
        except OSError:
            continue  # a missing include is skipped by git
        kind = _kind(mode)
        if kind:
            raise InputError(f"{key} = {value[:300]} in {config} names {kind}, not a regular file",
                             file=where, entity=key,
                             hint=f"remove the include from the repository's configuration "
                             f"(git config --file {config} --unset {key}), or save the log with git log "
                             "elsewhere and pass the file")
        if stat.S_ISREG(mode):
            _check_includes(target, where, timeout, depth + 1)


def _include_entries(config: Path, where: str, timeout: float) -> list[tuple[str, str]]:
    """``(key, path)`` of every include of one configuration file (its includes not followed)."""
    env = {"PATH": os.environ.get("PATH", os.defpath), "LC_ALL": "C", "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull}
    try:
        r = subprocess.run(["git", "config", "--file", str(config.absolute()), "--no-includes", "--null",
                            "--get-regexp", r"^include(if\..*)?\.path$"], env=env,
                           cwd=os.path.abspath(os.sep), stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired):
        raise InputError(f"could not read the git configuration {config}", file=where,
                         hint="check that git is installed and the file is a git configuration") from None
    out = []
    for rec in r.stdout.decode("utf-8", "replace").split("\0"):
        key, sep, value = rec.partition("\n")
        if sep and value:
            out.append((key, value))
    return out


def _check_alternates(objects: Path, where: str, seen: set[tuple[int, int]], root: Path, depth: int) -> None:
    """Each alternate object folder of ``objects`` (recursively) is a folder of regular files in ``root``."""
    alt = objects / "info" / "alternates"
    if depth > _ALTERNATE_DEPTH or not alt.is_file():
        return
    for line in read_text(alt).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            from teamsim.importers.git_parse import unquote_path  # noqa: PLC0415 - git_repo imports this module
            line = unquote_path(line)
        target = _inside(objects, line, alt, root,
                         f"teamsim reads only the folder named: name the repository whose objects {alt} "
                         "borrows instead, or make the repository self-contained (git repack -a -d, then "
                         "remove the file)")
        try:
            mode = os.stat(target).st_mode
        except OSError:
            continue  # git warns about a missing alternate and goes on
        if not stat.S_ISDIR(mode):
            raise InputError(f"objects/info/alternates names {line[:300]}, which is "
                             f"{_kind(mode) or 'a file'}, not an object folder", file=where,
                             entity=str(alt), hint="remove the line from " + str(alt))
        _check_tree(target, where, seen, root)
        _check_alternates(target, where, seen, root, depth + 1)


def worktree_mailmap(repo: Path, where: str) -> tuple[str | None, list[str]]:
    """The text of the work tree's ``.mailmap`` (git's author map), read safely, and warnings.

    A regular file is read bounded (:func:`teamsim.importers._files.read_text`); a symlink
    is ignored with a warning, as git ignores it; a FIFO or device is refused.
    """
    path = repo / ".mailmap"
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None, []
    if stat.S_ISLNK(mode):
        return None, [f"{path} is a symlink: ignored (git does not follow it either)"]
    kind = _kind(mode)
    if kind or stat.S_ISDIR(mode):
        raise InputError(f".mailmap is {kind or 'a folder'}, not a regular file", file=str(path),
                         hint="remove or replace it, or save the log with git log and pass the file")
    return read_text(path), []
