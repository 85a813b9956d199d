"""Parse a git log in Adam Tornhill's Code Maat format into a :class:`~teamsim.importers.git_history.GitLog`.

The format is the output of::

    git log --all --numstat --date=short --pretty=format:'--%h--%ad--%aN' --no-renames

:func:`parse_git_log` reads it line by line (C-quoted paths unquoted by
:func:`unquote_path`, ``{old => new}`` renames resolved to the new path); commits with
an impossible date are left out with a warning naming them, never a refusal of the
whole history. :func:`check_has_changes` refuses a history with nothing to analyse.

Examples
--------
>>> log = parse_git_log("--a1--2024-05-01--Ann\\n3\\t1\\tsrc/cart/main.go\\n")
>>> [(c.author, c.changes[0].added) for c in log.commits]
[('Ann', 3)]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from teamsim._gc import gc_paused
from teamsim._text import clip
from teamsim.defaults import BOT_PATTERN
from teamsim.errors import InputError
from teamsim.importers.git_authors import clean_authors
from teamsim.importers.git_history import FIRST_DATE, Commit, GitLog, _plural, _some

__all__ = ["check_has_changes", "parse_git_log", "unquote_path"]


_RENAME_BRACES = re.compile(r"\{([^{}\n]*) => ([^{}\n]*)\}")


def _new_path(path: str) -> str:
    """The destination of a rename shown by ``git log`` without ``--no-renames``."""
    if " => " not in path:
        return path
    if "{" in path:
        p = _RENAME_BRACES.sub(lambda m: m.group(2), path)
        return re.sub("/{2,}", "/", p).strip("/")
    return path.split(" => ", 1)[1]


_C_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def unquote_path(path: str) -> str:
    r"""Undo git's C-style quoting of a path (``core.quotePath``).

    git prints a path with unusual characters in double quotes with backslash escapes:
    ``\n``, ``\t``, ``\"``, ``\\`` and octal ``\ooo`` for each byte of a non-ASCII
    UTF-8 character. Unquoted paths are returned unchanged.

    Parameters
    ----------
    path : str
        A path as printed by ``git log --numstat``.

    Returns
    -------
    str
        The path, with octal escapes decoded as UTF-8 bytes (invalid bytes become U+FFFD).

    See Also
    --------
    parse_git_log : Unquotes every path of the log with it.

    Notes
    -----
    O(len(path)). See git's ``quote_c_style`` (quote.c) and ``core.quotePath`` in
    git-config(1).

    Examples
    --------
    >>> unquote_path(r'"src/api/caf\303\251.go"'), unquote_path('a "b".txt')
    ('src/api/café.go', 'a "b".txt')
    >>> unquote_path(r'"tab\there \"q\""')
    'tab\there "q"'
    """
    if len(path) < 2 or path[0] != '"' or path[-1] != '"':
        return path
    out = bytearray()
    i, end = 1, len(path) - 1
    while i < end:
        ch = path[i]
        if ch == "\\" and i + 1 < end:
            nxt = path[i + 1]
            if nxt in "01234567":
                j = i + 1
                while j < min(i + 4, end) and path[j] in "01234567":
                    j += 1
                out.append(int(path[i + 1:j], 8) & 0xFF)
                i = j
                continue
            if nxt in _C_ESCAPES:
                out.append(_C_ESCAPES[nxt])
                i += 2
                continue
        out += ch.encode("utf-8")
        i += 1
    return out.decode("utf-8", "replace")


def _path(raw: str, renames: bool) -> str:
    """The (new) path of a numstat path field: unquoted, renames resolved when ``renames``."""
    p = unquote_path(raw)
    if not renames:
        return p
    p = _new_path(p)
    return unquote_path(p.strip()) if p != raw else p


_HOW = "git log --all --numstat --date=short --pretty=format:'--%h--%ad--%aN' --no-renames"
_MISS = object()



def _count(s: str, where: str, lineno: int, commit: str) -> int | None:
    """A ``--numstat`` count: a plain decimal number, or ``-`` (binary) -> None."""
    if s == "-":
        return None
    if s.isascii() and s.isdigit() and len(s) <= 18:
        return int(s)
    if s[:1] == "-" and s[1:].isascii() and s[1:].isdigit():
        raise InputError(f"negative line count {clip(s, 40)} in commit {clip(commit, 40)}", file=where,
                         line=lineno, entity=f"commit {clip(commit, 40)}",
                         hint="git never prints a negative --numstat count: the log was edited or "
                         "damaged; fix or delete this line, or make the log again with " + _HOW)
    raise InputError(f"bad line count {clip(s, 40)!r} in commit {clip(commit, 40)}", file=where,
                     line=lineno, entity=f"commit {clip(commit, 40)}",
                     hint="numstat counts are whole numbers, or '-' for binary files")


def _header(line: str, where: str, lineno: int) -> tuple[str, str, str]:
    """Split ``--<hash>--<date>--<author>``; the author may contain ``--``."""
    parts = line[2:].split("--", 2)
    if len(parts) != 3 or not parts[0].strip():
        raise InputError("malformed commit header", file=where, line=lineno,
                         hint=f"expected --<hash>--<YYYY-MM-DD>--<author>; make the log with {_HOW}")
    return parts[0], parts[1], parts[2].strip()


_SHORT_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(d: str, span: tuple[dt.date, dt.date], odd: set[dt.date]) -> dt.date | None:
    """A ``YYYY-MM-DD`` date, or None when it is not one; one outside ``span`` is also added to ``odd``."""
    if _SHORT_DATE.fullmatch(d):
        try:
            date = dt.date.fromisoformat(d)
        except ValueError:
            return None
        if not span[0] <= date <= span[1]:
            odd.add(date)
        return date
    return None


def _parse_commits(lines: list[str], where: str, renames: bool, span: tuple[dt.date, dt.date],
                   notes: dict[str, list[Any]]) -> list[Commit]:
    """The commits of a Code Maat log, in one pass; odd dates and ``=>`` paths go to ``notes``.

    The hot loop of a history of millions of lines: each distinct count, date and path is
    decoded once (dictionaries), and commits and changes are built as named tuples.
    """
    _check_first_line(lines, where)
    commits: list[Commit] = []
    new = tuple.__new__
    counts: dict[str, Any] = {"-": None, "0": 0}   # int, or None for a binary file
    dates: dict[str, Any] = {}
    paths: dict[str, str] = {}
    odd: set[dt.date] = set()
    h = date = author = None
    changes: list[tuple[str, int | None, int | None]] = []
    for lineno, line in enumerate(lines, 1):
        if not line:
            continue
        if line.startswith("--"):
            if h is not None:
                commits.append(new(Commit, (h, date, author, tuple(changes))))
                changes = []
            h, d, author = _header(line, where, lineno)
            date = dates.get(d, _MISS)
            if date is _MISS:
                date = dates[d] = _date(d, span, odd)
            if date is None:
                notes["bad"].append((h, d, lineno))
            elif odd and date in odd:
                notes["dates"].append((h, d, lineno))
            continue
        try:
            a, dl, raw = line.split("\t", 2)
        except ValueError:
            if line.isspace():
                continue
            raise _not_numstat(where, lineno) from None
        added = counts.get(a, _MISS)
        if added is _MISS:
            added = counts[a] = _count(a, where, lineno, h or "")   # h: a header comes first
        deleted = counts.get(dl, _MISS)
        if deleted is _MISS:
            deleted = counts[dl] = _count(dl, where, lineno, h or "")
        p = paths.get(raw)
        if p is None:
            p = paths[raw] = _numstat_path(raw, renames, where, lineno, notes)
        changes.append((p, added, deleted))
    if h is not None:
        commits.append(new(Commit, (h, date, author, tuple(changes))))
    return commits


def _not_numstat(where: str, lineno: int) -> InputError:
    return InputError("line is neither a commit header nor a --numstat line", file=where, line=lineno,
                      hint="expected <added>\\t<deleted>\\t<path> after a --<hash>--<date>--<author> "
                      f"header; make the log with {_HOW}")


def _check_first_line(lines: list[str], where: str) -> None:
    """The first line that is not blank must be a commit header."""
    for lineno, line in enumerate(lines, 1):
        if line and not line.isspace():
            if not line.startswith("--"):
                raise _not_numstat(where, lineno)
            return


def _numstat_path(raw: str, renames: bool, where: str, lineno: int, notes: dict[str, list[Any]]) -> str:
    """The path of a numstat line seen for the first time (quoting, renames, checks)."""
    if not raw or raw.isspace():
        raise InputError("malformed --numstat line: no path", file=where, line=lineno,
                         hint="expected <added>\\t<deleted>\\t<path>; the path is empty")
    if " => " in raw and not renames:
        notes["arrows"].append((raw, lineno))
    if raw[0] == '"' or (renames and " => " in raw):
        path = _path(raw, renames)
        if not path or path.isspace():
            raise InputError(f"malformed --numstat line: {raw[:80]!r} names no path", file=where,
                             line=lineno,
                             hint="a rename needs a new path: 'old => new' or 'dir/{old => new}'")
        return path
    return raw


def parse_git_log(text: str, file: str | None = None, *, aliases: Mapping[str, str] | None = None,
                  merge_case: bool = True, bots: str | None = BOT_PATTERN,
                  renames: bool | None = None) -> GitLog:
    """Parse a git log in Code Maat's format.

    Each commit is a header line ``--<hash>--<YYYY-MM-DD>--<author>`` followed by
    ``--numstat`` lines ``<added>\\t<deleted>\\t<path>`` (``-`` for binary files) and a
    blank line. Commits with no numstat lines (merges, empty commits) are kept with no
    changes.

    Quirks of real histories give a warning naming the commits (``GitLog.warnings``), never
    a refusal: commits without an author name (:data:`ANONYMOUS`), or dated before 1970 (git
    cannot store such a date) or over a year after today (a wrong clock), are left out; a
    commit given twice (same hash, date and author: a log concatenated with itself) is
    counted once.

    Parameters
    ----------
    text : str
        The log.
    file : str, optional
        File name for error messages and ``GitLog.source``.
    aliases, merge_case, bots
        Author cleaning, see :func:`clean_authors`. ``bots=None`` keeps every author.
    renames : bool, optional
        Whether the log was made with rename detection, so that ``dir/{old => new}/f`` and
        ``old => new`` are renames (counted as the new path); with ``--no-renames`` a file
        may really be called ``a => b.txt``. None (default): renames when some path shows
        the brace form ``{old => new}``, else paths are literal and those with `` => `` are
        listed in a warning (see docs/network.md).

    Returns
    -------
    GitLog

    Raises
    ------
    InputError
        A line that is neither a header, a numstat line nor blank, a date that is not
        ``YYYY-MM-DD``, a count that is not a whole number or ``-`` (a negative count
        names its commit), or a bad bot pattern; each names the file and line.

    See Also
    --------
    teamsim.importers.git_repo.read_git_log : Reads a repository folder or log file, then parses it.
    unquote_path : Undoes git's quoting of each path.
    check_has_changes : Refuses a history without file changes.

    Notes
    -----
    One pass, O(lines); each distinct path, count and date is decoded once. Its speed on
    the 160,769-commit Rails history (634,000 lines), against a minimal parse of the same
    log, is measured by ``benchmarks/bench_git_parse.py`` (section ``bench_git_parse`` of
    the documentation's benchmarks page).

    References
    ----------
    .. [1] A. Tornhill, *Your Code as a Crime Scene*, Pragmatic Bookshelf (2015); Code Maat,
       https://github.com/adamtornhill/code-maat (the log format).

    Examples
    --------
    >>> log = parse_git_log("--abc--2020-01-02--Ann\\n1\\t2\\ta.py\\n\\n--def--2020-01-03--Bo\\n")
    >>> [(c.hash, str(c.date), c.author, len(c.changes)) for c in log.commits]
    [('abc', '2020-01-02', 'Ann', 1), ('def', '2020-01-03', 'Bo', 0)]
    >>> log = parse_git_log("--a--2020-01-02--\\n1\\t2\\ta.py\\n--b--2020-01-03--Bo\\n1\\t0\\ta.py\\n")
    >>> [c.hash for c in log.commits], log.warnings
    (['b'], ['<git log>: commit a (2020-01-02) has no author name: left out'])
    """
    where = file or "<git log>"
    guess = renames is None
    if renames is None:
        renames = " => " in text and _RENAME_BRACES.search(text) is not None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text and "\n" not in text.rstrip("\r"):
            raise InputError("the log's lines end in a carriage return (CR) alone, not a line feed",
                             file=where, line=1, hint="convert the line ends to LF "
                             "(e.g. tr '\\r' '\\n' < log > fixed.gitlog) and pass the converted file")
    notes: dict[str, list[Any]] = {"dates": [], "arrows": [], "bad": []}
    last = dt.date.today() + dt.timedelta(days=366)
    with gc_paused():
        commits = _parse_commits(text.split("\n"), where, renames, (FIRST_DATE, last), notes)
    if notes["dates"] or notes["bad"]:
        commits = [c for c in commits if c.date is not None and FIRST_DATE <= c.date <= last]
    if not guess:
        notes["arrows"] = []
    commits, notes["repeated"] = _drop_repeated(commits)
    warnings = _parse_warnings(where, notes, last)
    log = GitLog.model_construct(commits=commits, source=file, excluded_authors=[], excluded_commits=0,
                                 aliases={}, unused_aliases=[], warnings=warnings)
    return clean_authors(log, aliases=aliases, merge_case=merge_case, bots=bots)


def _parse_warnings(where: str, notes: dict[str, list[Any]], last: dt.date) -> list[str]:
    """The warnings of :func:`parse_git_log`: commits left out for their date, literal arrows."""
    out: list[str] = []
    if notes["bad"]:
        out.append(f"{where}: {_plural(len(notes['bad']), 'commit')} with a date that is not YYYY-MM-DD "
                   "(git could not read the commit's timestamp, or the log was edited) left out: "
                   + _some(f"{clip(h, 40)} ({clip(d, 40)!r}, line {ln})" for h, d, ln in notes["bad"])
                   + "; make the log with --date=short")
    if notes["dates"]:
        out.append(f"{where}: {_plural(len(notes['dates']), 'commit')} dated outside {FIRST_DATE}..{last} "
                   f"(git cannot date a commit before 1970; a later date is a wrong clock) left out: "
                   + _some(f"{clip(h, 40)} ({d}, line {ln})" for h, d, ln in notes["dates"]))
    if notes["arrows"]:
        out.append(f"{where}: {_plural(len(notes['arrows']), 'path')} containing ' => ' read as file "
                   "names, not renames (the log shows no {old => new} rename, so it was made with "
                   "--no-renames): " + _some(f"{clip(p)!r} (line {ln})" for p, ln in notes["arrows"]))
    if notes.get("repeated"):
        out.append(f"{where}: {_plural(len(notes['repeated']), 'commit')} given more than once (the "
                   "same hash, date and author; logs joined twice?) counted once: "
                   + _some(clip(h, 40) for h in notes["repeated"]))
    return out


def _drop_repeated(commits: list[Commit]) -> tuple[list[Commit], list[str]]:
    """The commits with each (hash, date, author) kept once, and the hashes given again."""
    if len({c.hash for c in commits}) == len(commits):
        return commits, []
    seen: set[tuple[str, dt.date | None, str]] = set()
    kept, again = [], []
    for c in commits:
        key = (c.hash, c.date, c.author)
        if key in seen:
            again.append(c.hash)
        else:
            seen.add(key)
            kept.append(c)
    return kept, again



def check_has_changes(log: GitLog, *, repository: bool = False) -> None:
    """Refuse a history with no commits, or with commits but no file changes.

    Parameters
    ----------
    log : GitLog
        A parsed history (:func:`parse_git_log` or :func:`read_git_log`).
    repository : bool, default False
        The log came from running ``git log`` on a folder (changes the hint).

    Raises
    ------
    InputError
        ``no commits`` (empty log, empty repository, or every commit by a bot), or
        ``N commits but no file changes`` (a log made without ``--numstat``).

    See Also
    --------
    parse_git_log : Parses the history it checks.
    teamsim.importers.git_repo.read_git_log : Reads and checks a history.

    Examples
    --------
    >>> check_has_changes(parse_git_log("--a--2020-01-01--Ann\\n"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: <git log>: error: 1 commit but no file changes: was the log made ...
    """
    where = log.source or "<git log>"
    how = ("make the log with git log --all --numstat --date=short "
           "--pretty=format:'--%h--%ad--%aN' --no-renames")
    if not log.commits:
        if log.excluded_commits:
            raise InputError(f"no commits left: all {log.excluded_commits} commits are by bots "
                             f"({clip(', '.join(log.excluded_authors), 300)})", file=where,
                             hint="change --bots (or pass --bots '' to keep everyone)")
        if log.warnings:
            raise InputError("no commits left: " + clip("; ".join(w.removeprefix(f"{where}: ")
                                                                   for w in log.warnings), 600), file=where,
                             hint="every commit was left out for the reasons given")
        raise InputError("no commits", file=where,
                         hint="the repository has no commits yet" if repository else
                         f"the log is empty; {how}")
    if not any(c.files for c in log.commits):
        n = len(log.commits)
        raise InputError(f"{n} commit{'s' if n != 1 else ''} but no file changes: "
                         "was the log made with --numstat?",
                         file=where, hint="every commit is empty or a merge" if repository else how)


