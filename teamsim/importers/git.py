"""Git history: read Code Maat logs or run ``git log``, clean authors, map files to modules.

A git history is the affiliation data teams already have: who changed which part of
the code, and when. This module reads it in the format of Adam Tornhill's Code Maat,
the output of::

    git log --all --numstat --date=short --pretty=format:'--%h--%ad--%aN' --no-renames

either from a saved log file or by running ``git`` itself on a repository folder (an
argument list, never a shell; hooks, pagers, text-conversion filters and external diff
drivers disabled; a timeout). The result is a :class:`GitLog` of :class:`Commit` s with
their :class:`FileChange` s.

Authors are cleaned on the way in: an alias map (the idea of git's ``.mailmap``) maps
other spellings to one canonical name, names that differ only in case or whitespace are
merged (the most frequent spelling wins), and bots are excluded by a regular expression
(:data:`BOT_PATTERN` by default).

On top of the log, :func:`module_of` maps a path to a *module* (a project of the
affiliation network: a path prefix of configurable depth such as ``src/<service>``, or
glob patterns), :func:`infer_tools` infers each person's cognitive tools from what they
changed (languages by file extension, infrastructure kinds by path, see
:data:`TOOL_RULES`), and :func:`git_scenario` turns the whole history into a
:class:`~teamsim.scenario.Scenario` with people, tools and one project per module and year.

Examples
--------
>>> log = parse_git_log("--a1--2024-05-01--Ann\\n3\\t1\\tsrc/cart/main.go\\n\\n"
...                     "--b2--2024-05-02--ann \\n-\\t-\\tsrc/cart/logo.png\\n")
>>> [(c.author, c.changes[0].added) for c in log.commits]
[('Ann', 3), ('Ann', None)]
>>> module_of("src/cart/main.go", depth=2)
'src/cart'
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
import string
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache, partial
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from teamsim._gc import gc_paused
from teamsim._text import clip
from teamsim.defaults import BOT_PATTERN
from teamsim.errors import InputError
from teamsim.importers._files import read_maybe_gzip
from teamsim.importers._gitcheck import check_git_dir, git_dir_of, worktree_mailmap
from teamsim.importers._gitrun import GitResult, run_git, trusted_directories
from teamsim.importers._yaml import one_document, read_text
from teamsim.limits import check_count
from teamsim.scenario import CognitiveTool, Person, Project, Scenario

if TYPE_CHECKING:  # numpy and the columnar code load only when a history is analysed
    from teamsim.importers._gitcols import Columns

__all__ = [
    "BOT_PATTERN",
    "GIT_LOG_ARGS",
    "TOOL_RULES",
    "Commit",
    "FileChange",
    "GitLog",
    "ModuleMap",
    "check_has_changes",
    "check_module_pattern",
    "clean_authors",
    "commit_modules",
    "git_scenario",
    "infer_tools",
    "module_members",
    "module_of",
    "parse_alias_map",
    "parse_git_log",
    "read_alias_map",
    "read_git_log",
    "read_tool_rules",
    "run_git_log",
    "tool_of",
    "unquote_path",
]


#: The ``git log`` arguments of Code Maat's format (after ``git log``). ``refs/pull/*``
#: (GitHub pull-request heads in mirrors), notes and stashes (not code anyone committed)
#: are excluded from ``--all``.
GIT_LOG_ARGS = ("--exclude=refs/pull/*", "--exclude=refs/notes/*", "--exclude=refs/stash", "--all",
                "--numstat", "--date=short",
                "--pretty=format:--%h--%ad--%aN", "--no-renames", "--no-color",
                "--no-textconv", "--no-ext-diff")

#: Author names that name nobody: git prints an empty ``%aN`` for a commit without an
#: author name, and git-svn writes ``(no author)``. Their commits are left out (with a
#: warning) unless an alias maps the name to a person.
ANONYMOUS = ("", "(no author)")

#: The earliest author date kept: git stores dates as seconds since 1970 and cannot make
#: an earlier one. Later than a year after today is not kept either (see :func:`parse_git_log`).
FIRST_DATE = dt.date(1970, 1, 1)

_Model = ConfigDict(frozen=True, extra="forbid")


class FileChange(NamedTuple):
    """One file changed by a commit (a ``--numstat`` line).

    A named tuple: light enough for histories of millions of changes.

    Attributes
    ----------
    path : str
        Path inside the repository (for a rename shown as ``a/{x => y}/f``, the new path).
    added, deleted : int or None
        Lines added and deleted; None when git could not count them: a binary file (git
        prints ``-``), or a blob missing from a partial clone.
    """

    path: str
    added: int | None = None
    deleted: int | None = None


class Commit(NamedTuple):
    """One commit: abbreviated hash, author date, author and changed files.

    A named tuple. Merge commits and empty commits have no changes (``git log
    --numstat`` shows none for them).

    Attributes
    ----------
    hash : str
    date : datetime.date
    author : str
    files : tuple of (str, int or None, int or None)
        The changed files as plain ``(path, added, deleted)`` tuples: the compact form a
        history of millions of changes is kept in (plain tuples of strings and numbers
        are invisible to Python's cycle collector, so a big history costs no collection
        time afterwards). :class:`FileChange` s are tuples too, so either may be given.
    changes : tuple of FileChange
        The same files with named fields (made on each access).

    Examples
    --------
    >>> c = Commit("a1", dt.date(2024, 1, 2), "Ann", (("src/x.go", 3, 1), ("logo.png", None, None)))
    >>> [(ch.path, ch.added) for ch in c.changes]
    [('src/x.go', 3), ('logo.png', None)]
    """

    hash: str
    date: dt.date
    author: str
    files: tuple[tuple[str, int | None, int | None], ...] = ()

    @property
    def changes(self) -> tuple[FileChange, ...]:
        """The changed files as :class:`FileChange` s."""
        return tuple(map(FileChange._make, self.files))


class GitLog(BaseModel):
    """A parsed git history.

    Attributes
    ----------
    commits : list of Commit
        In log order (newest first for ``git log``).
    source : str, optional
        The file or repository it came from.
    excluded_authors : list of str
        Authors dropped as bots (after alias mapping).
    excluded_commits : int
        Number of commits dropped with them.
    aliases : dict of str to str
        Every raw author spelling that was renamed -> the name used.
    unused_aliases : list of str
        Aliases of the alias map that match no author of the log (probably misspelt).
    warnings : list of str
        What was read in a way the user should know about, each naming the commits or
        lines concerned: commits left out for a missing author or an impossible date,
        paths with `` => `` read literally, a partial clone read without line counts.
    """

    model_config = _Model
    commits: list[Commit] = Field(default_factory=list)
    source: str | None = None
    excluded_authors: list[str] = Field(default_factory=list)
    excluded_commits: int = 0
    aliases: dict[str, str] = Field(default_factory=dict)
    unused_aliases: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @property
    def authors(self) -> list[str]:
        """Distinct authors in order of first appearance."""
        return list(dict.fromkeys(c.author for c in self.commits))


# ---------------------------------------------------------------------------- parsing
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
_PATH = itemgetter(0)  # FileChange -> path, at C speed in map()


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


def _date(d: str, span: tuple[dt.date, dt.date], odd: set) -> dt.date | None:
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
                   notes: dict[str, list]) -> list[Commit]:
    """The commits of a Code Maat log, in one pass; odd dates and ``=>`` paths go to ``notes``.

    The hot loop of a history of millions of lines: each distinct count, date and path is
    decoded once (dictionaries), and commits and changes are built as named tuples.
    """
    _check_first_line(lines, where)
    commits: list[Commit] = []
    new = tuple.__new__
    counts: dict[str, int | None] = {"-": None, "0": 0}
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
            added = counts[a] = _count(a, where, lineno, h)
        deleted = counts.get(dl, _MISS)
        if deleted is _MISS:
            deleted = counts[dl] = _count(dl, where, lineno, h)
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


def _numstat_path(raw: str, renames: bool, where: str, lineno: int, notes: dict[str, list]) -> str:
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

    Notes
    -----
    One pass, O(lines); each distinct path, count and date is decoded once. The
    160,769-commit Rails history (634,000 lines) parses in about 1.3 s.

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
    if guess:
        renames = " => " in text and _RENAME_BRACES.search(text) is not None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    notes: dict[str, list] = {"dates": [], "arrows": [], "bad": []}
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


def _parse_warnings(where: str, notes: dict[str, list], last: dt.date) -> list[str]:
    """The warnings of :func:`parse_git_log`: commits left out for their date, literal arrows."""
    out = []
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
    seen: set[tuple] = set()
    kept, again = [], []
    for c in commits:
        key = (c.hash, c.date, c.author)
        if key in seen:
            again.append(c.hash)
        else:
            seen.add(key)
            kept.append(c)
    return kept, again


def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _some(items: Iterable[str], shown: int = 5) -> str:
    """``a, b, c`` or ``a, b, c, d, e and 7 more``."""
    items = list(items)
    head = ", ".join(items[:shown])
    return head + (f" and {len(items) - shown:,} more" if len(items) > shown else "")


def clean_authors(log: GitLog, *, aliases: Mapping[str, str] | None = None, merge_case: bool = True,
                  bots: str | None = BOT_PATTERN) -> GitLog:
    """Map author aliases, merge case/whitespace variants, drop bots and nameless commits.

    Parameters
    ----------
    log : GitLog
        A parsed history (:func:`parse_git_log` or :func:`read_git_log`).
    aliases : mapping of str to str, optional
        Raw author name -> canonical name (see :func:`read_alias_map`). Applied first.
    merge_case : bool, default True
        Merge names equal after collapsing whitespace and case-folding; the most frequent
        spelling (by commits; ties: first seen) becomes the name.
    bots : str or None, default :data:`BOT_PATTERN`
        Regular expression searched case-insensitively in the (mapped) name; matching
        authors and their commits are dropped. None keeps everyone.

    Returns
    -------
    GitLog
        A new log; ``aliases`` records every rename, ``excluded_authors`` the bots.
        Commits whose (mapped) author is empty or ``(no author)`` (:data:`ANONYMOUS`)
        are left out with a warning naming them in ``warnings``.

    Raises
    ------
    InputError
        If ``bots`` is not a valid regular expression.

    Examples
    --------
    >>> log = parse_git_log("--a--2020-01-01--Ann  Lee\\n--b--2020-01-01--ann lee\\n"
    ...                     "--c--2020-01-01--A. Lee\\n--d--2020-01-01--renovate[bot]\\n",
    ...                     aliases={"A. Lee": "Ann Lee"})
    >>> [c.author for c in log.commits], log.excluded_authors
    (['Ann Lee', 'Ann Lee', 'Ann Lee'], ['renovate[bot]'])
    """
    try:
        bot_re = re.compile(bots, re.IGNORECASE) if bots else None
    except re.error as e:
        raise InputError(f"bad bot pattern {clip(bots)!r}: {e}", entity="bot pattern",
                         hint="give a valid Python regular expression") from None
    raw = Counter(c.author for c in log.commits)
    mapping = _author_mapping(raw, aliases or {}, merge_case)
    excluded = sorted({m for m in mapping.values() if bot_re and bot_re.search(m)})
    drop = set(excluded)
    nobody = {m for m in mapping.values() if m.casefold() in ANONYMOUS}
    commits, n_drop, nameless = [], 0, []
    for c in log.commits:
        name = mapping[c.author]
        if name in drop:
            n_drop += 1
        elif name in nobody:
            nameless.append(c)
        else:
            commits.append(c if name == c.author else c._replace(author=name))
    renamed = {**log.aliases, **{a: m for a, m in mapping.items() if a != m}}
    unused = sorted(a for a in (aliases or {}) if a not in raw)
    warnings = list(log.warnings)
    if nameless:
        where = log.source or "<git log>"
        one = len(nameless) == 1
        warnings.append(f"{where}: {'commit' if one else f'{len(nameless):,} commits'} "
                        + _some(f"{clip(c.hash, 40)} ({c.date})" for c in nameless)
                        + f" {'has' if one else 'have'} no author name: left out"
                        + ("" if all(c.author == "" for c in nameless) else
                           " (map '(no author)' to a person with an alias map to keep them)"))
    return GitLog.model_construct(commits=commits, source=log.source,
                                  excluded_authors=sorted({*log.excluded_authors, *excluded}),
                                  excluded_commits=log.excluded_commits + n_drop, aliases=renamed,
                                  unused_aliases=unused, warnings=warnings)


def _author_mapping(raw: Counter, aliases: Mapping[str, str], merge_case: bool) -> dict[str, str]:
    """Raw author -> name: aliases first, then case/whitespace variants merged (see :func:`clean_authors`)."""
    mapping = {a: aliases.get(a, a) for a in raw}
    if not merge_case:
        return mapping
    mapping = {a: " ".join(m.split()) or m for a, m in mapping.items()}
    freq: Counter = Counter()
    for a, n in raw.items():
        freq[mapping[a]] += n
    best: dict[str, str] = {}
    for name, _ in sorted(freq.items(), key=lambda kv: -kv[1]):  # stable: first seen wins ties
        best.setdefault(name.casefold(), name)
    return {a: best[m.casefold()] for a, m in mapping.items()}


def parse_alias_map(text: str, file: str | None = None) -> dict[str, str]:
    """Parse an alias map: ``Canonical Name = alias one, alias two`` per line.

    ``.mailmap`` lines (``Proper Name <mail> Commit Name <mail>``) are also accepted: the
    second name maps to the first. A line that only changes e-mails (``<proper@x>
    <commit@x>``) changes no name and is skipped. A line that renames by e-mail only (``Proper Name <mail>``,
    ``Proper Name <proper@x> <commit@x>``) is refused with its number: a log carries
    names, not e-mails (git applies such lines itself when teamsim reads a repository
    folder, from the repository's ``.mailmap``). Blank lines and ``#`` comments are ignored.

    A chain (``Ann = Bob`` and ``Bob = Cy``) is followed: ``Cy`` and ``Bob`` both map to
    ``Ann``. Aliases that match no author are reported by :func:`clean_authors` in
    ``GitLog.unused_aliases``.

    Parameters
    ----------
    text : str
        The alias map's content.
    file : str, optional
        Name used in error messages.

    Returns
    -------
    dict of str to str
        Alias -> canonical name (chains resolved).

    Raises
    ------
    InputError
        A line that maps nothing, a ``.mailmap`` line keyed by e-mail only, an alias given
        two different canonical names (names both lines), or aliases that form a cycle.

    Examples
    --------
    >>> parse_alias_map("# people\\nAnn Lee = A. Lee, alee\\nBo <bo@x> Bob <bob@y>\\n")
    {'A. Lee': 'Ann Lee', 'alee': 'Ann Lee', 'Bob': 'Bo'}
    >>> parse_alias_map("Ann = Bob\\nBob = Cy\\n")
    {'Bob': 'Ann', 'Cy': 'Ann'}
    """
    out: dict[str, str] = {}
    where: dict[str, int] = {}

    def add(alias: str, canon: str, lineno: int) -> None:
        if alias in out and out[alias] != canon:
            raise InputError(f"alias {clip(alias, 80)!r} maps to {clip(out[alias], 80)!r} "
                             f"(line {where[alias]}) and to {clip(canon, 80)!r} (line {lineno})",
                             file=file, line=lineno,
                             entity=clip(alias, 80),
                             hint="give each alias one canonical name; delete one of the two lines")
        out[alias] = canon
        where.setdefault(alias, lineno)

    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if "=" in _EMAILS.sub("", line):
            canon, rest = (s.strip() for s in line.split("=", 1))
            names = [a.strip() for a in rest.split(",") if a.strip()]
            if canon and names:
                for a in names:
                    if a != canon:
                        add(a, canon, lineno)
                continue
        else:
            pair = _mailmap_names(line)
            if pair is not None:
                proper, commit = pair
                if proper and not commit:
                    raise InputError(f"this .mailmap line maps by e-mail only: {clip(line, 120)!r}",
                                     file=file, line=lineno, entity=clip(proper, 80),
                                     hint="teamsim's logs carry author names, not e-mails: write "
                                     "'Proper Name <mail> Commit Name <mail>' or "
                                     "'Proper Name = Commit Name'; "
                                     "a repository's own .mailmap is applied (e-mails too) when teamsim "
                                     "reads the repository folder")
                if proper and commit != proper:
                    add(commit, proper, lineno)
                continue
        raise InputError(f"alias line maps nothing: {clip(line, 120)!r}", file=file, line=lineno,
                         hint="write 'Canonical Name = alias one, alias two' "
                         "(or a .mailmap line 'Proper Name <mail> Commit Name <mail>')")
    return _resolve_chains(out, where, file)


_EMAILS = re.compile(r"<[^<>]*>")


def _mailmap_names(line: str) -> tuple[str, str] | None:
    """``(proper name, commit name)`` of a ``.mailmap`` line (either may be empty: keyed by
    e-mail only), or None when the line is not one: ``[Name] <mail> [Name] [<mail>]``."""
    proper, sep, rest = line.partition("<")
    _, sep2, rest = rest.partition(">")
    if not (sep and sep2):
        return None
    commit, sep, rest = rest.partition("<")
    if sep:
        _, sep, tail = rest.partition(">")
        if not sep or tail.strip():
            return None
    return proper.strip(), commit.strip()


def _resolve_chains(out: dict[str, str], where: dict[str, int], file: str | None) -> dict[str, str]:
    """Follow chains (``Ann = Bob``, ``Bob = Cy``: Cy -> Ann) in O(aliases); refuse a cycle."""
    resolved: dict[str, str] = {}
    for a in out:
        path: list[str] = []
        on_path: set[str] = set()
        c = a
        while c in out and c not in resolved:
            if c in on_path:
                cycle = path[path.index(c):]
                raise InputError(f"aliases form a cycle: {clip(' -> '.join([*cycle, c]), 300)}", file=file,
                                 line=where[a], entity=clip(a, 80),
                                 hint="make one of the names the canonical name and map the others to it")
            path.append(c)
            on_path.add(c)
            c = out[c]
        final = resolved.get(c, c)
        for x in path:
            resolved[x] = final
    return {a: resolved[a] for a in out}


def read_alias_map(path: str | Path) -> dict[str, str]:
    """Read an alias-map file (see :func:`parse_alias_map`).

    Parameters
    ----------
    path : str or pathlib.Path
        A text file with ``Canonical Name = alias, alias`` or ``.mailmap`` lines.

    Returns
    -------
    dict of str to str
        Alias -> canonical name (chains resolved).

    Raises
    ------
    InputError
        Missing or malformed file.

    See Also
    --------
    clean_authors : Apply the map to a history.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "aliases.txt")
    ...     _ = f.write_text("Ann Lee = A. Lee, alee\\n")
    ...     read_alias_map(f)
    {'A. Lee': 'Ann Lee', 'alee': 'Ann Lee'}
    """
    return parse_alias_map(read_text(path), str(path))


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
        check_git_dir(found, where)
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


# ---------------------------------------------------------------------------- modules
class ModuleMap(BaseModel):
    """How paths map to modules (the projects of a git affiliation network).

    Attributes
    ----------
    depth : int, default 2
        Without a matching pattern, the module is the first ``depth`` folders of the path
        (``src/cartservice/main.go`` -> ``src/cartservice``); files in shallower folders
        belong to their folder, files at the top to ``(root)``.
    patterns : list of (glob, module)
        Tried first, in order; ``fnmatch`` globs on the whole path (``*``, ``?`` and
        ``[...]``; ``*`` crosses ``/``, so ``src/*`` matches ``src/a/b/c.go``). The module
        name may use ``{1}``, ``{2}``, ... for the path's *folders* (1-based: ``{1}`` is
        the first folder). A placeholder never names a file: when a path has too few
        folders for the placeholders (``src/.gitignore`` with ``src/*={2}``) the pattern
        does not apply to it and the path falls through to the next pattern, then to
        ``depth`` (``src/.gitignore`` -> ``src``).
    drop_unmatched : bool, default False
        With patterns, ignore files no pattern matches instead of falling back to depth.

    Raises
    ------
    InputError
        A placeholder that is not a positive integer (``{0}``, ``{}``, ``{name}``), or a
        glob with an unclosed ``[``.
    """

    model_config = _Model
    depth: int = Field(default=2, ge=1)
    patterns: list[tuple[str, str]] = Field(default_factory=list)
    drop_unmatched: bool = False

    def __init__(self, **data: Any) -> None:
        # checked after pydantic's validation, so that the InputError (a ValueError) reaches
        # the user as it is instead of being wrapped in a pydantic ValidationError
        super().__init__(**data)
        for glob, mod in self.patterns:
            check_module_pattern(glob, mod)


_BRACKETS = re.compile(r"\[!?\]?[^\]]*\]")


def check_module_pattern(glob: str, module: str) -> int:
    """Check one ``GLOB=MODULE`` pattern; return the number of folders its placeholders need.

    Parameters
    ----------
    glob : str
        An ``fnmatch`` glob on the whole path.
    module : str
        The module name, with optional placeholders ``{1}``, ``{2}``, ... (path folders,
        1-based).

    Returns
    -------
    int
        The largest placeholder (0 when there is none).

    Raises
    ------
    InputError
        Empty glob or module, an unclosed ``[`` in the glob, or a placeholder that is not
        a positive integer.

    Examples
    --------
    >>> check_module_pattern("src/*", "svc-{2}"), check_module_pattern("docs/*", "docs")
    (2, 0)
    """
    entity = f"module pattern {clip(glob, 100)}={clip(module, 100)}"
    if not glob.strip() or not module.strip():
        raise InputError("empty glob or module name", entity=entity,
                         hint="write GLOB=MODULE, e.g. 'src/*={2}' or 'docs/*=docs'")
    if "[" in _BRACKETS.sub("", glob):
        raise InputError(f"bad glob {clip(glob)!r}: '[' is not closed by ']'", entity=entity,
                         hint="close the bracket ('[abc]'), or write '[[]' for a literal '['")
    return _placeholders(module, entity)


@lru_cache(maxsize=256)
def _placeholders(module: str, entity: str = "module pattern") -> int:
    hint = "use {1} for the first folder of the path, {2} for the second, ..."
    most = 0
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(module) if f is not None]
    except ValueError as e:
        raise InputError(f"bad module name {clip(module)!r}: {e}", entity=entity, hint=hint) from None
    for f in fields:
        if not f.isdigit():
            raise InputError(f"bad placeholder {{{clip(f, 40)}}} in module name {clip(module)!r}",
                             entity=entity, hint=hint) from None
        if int(f) == 0:
            raise InputError(f"placeholder {{0}} in module name {clip(module)!r}: placeholders are 1-based",
                             entity=entity, hint=hint)
        most = max(most, int(f))
    return most


def module_of(path: str, *, depth: int = 2, patterns: Sequence[tuple[str, str]] = (),
              drop_unmatched: bool = False) -> str | None:
    """The module a path belongs to (see :class:`ModuleMap`).

    Parameters
    ----------
    path : str
        A file path in the repository, ``/``-separated.
    depth : int, default 2
        Without a matching pattern, the module is the first ``depth`` folders of the path.
    patterns : sequence of (glob, module)
        Tried first, in order; the module may use ``{1}``, ``{2}``, ... for the
        path's folders (see :class:`ModuleMap`).
    drop_unmatched : bool, default False
        With patterns, give None for a path no pattern matches instead of using ``depth``.

    Returns
    -------
    str or None
        None only when ``drop_unmatched`` and no pattern matches.

    Examples
    --------
    >>> module_of("networkx/algorithms/cluster.py", depth=2)
    'networkx/algorithms'
    >>> module_of("README.md"), module_of("docs/a/b.md", patterns=[("docs/*", "docs")])
    ('(root)', 'docs')
    >>> module_of("src/cart/x.go", patterns=[("src/*", "svc-{2}")])
    'svc-cart'
    >>> module_of("src/.gitignore", patterns=[("src/*", "svc-{2}")])  # {2} would be a file
    'src'
    """
    parts = path.split("/")
    for pat, mod in patterns:
        if fnmatch.fnmatchcase(path, pat):
            if "{" not in mod:
                return mod
            if _placeholders(mod) > len(parts) - 1:
                continue  # a placeholder would name the file, not a folder: fall through
            return mod.format("", *parts)
    if patterns and drop_unmatched:
        return None
    folders = parts[:-1][:depth]
    return "/".join(folders) if folders else "(root)"


# ---------------------------------------------------------------------------- tools
#: Path rules for cognitive tools, tried in order; the first matching glob (``fnmatch``
#: on the lower-cased path, ``*`` crosses ``/``) names the tool. Infrastructure kinds come
#: first, then languages by extension. Override or extend with ``tool_rules=`` (your
#: rules are tried first) or ``teamsim import git --tools-map FILE``.
TOOL_RULES: tuple[tuple[str, str], ...] = (
    # CI / build / infrastructure kinds
    (".github/workflows/*", "GitHub Actions"),
    (".gitlab-ci.yml", "GitLab CI"),
    ("*.gitlab-ci.yml", "GitLab CI"),
    ("*cloudbuild*.yaml", "Cloud Build"),
    ("*cloudbuild*.yml", "Cloud Build"),
    ("*jenkinsfile*", "Jenkins"),
    ("*.tf", "Terraform"),
    ("*.tfvars", "Terraform"),
    ("*.hcl", "Terraform"),
    ("*chart.yaml", "Helm"),
    ("*values*.yaml", "Helm"),
    ("*helm*/*", "Helm"),
    ("*charts/*", "Helm"),
    ("*kustomization.yaml", "Kustomize"),
    ("*kustomize/*", "Kustomize"),
    ("*kubernetes*.yaml", "Kubernetes"),
    ("*kubernetes*/*.yaml", "Kubernetes"),
    ("*kubernetes*/*.yml", "Kubernetes"),
    ("*k8s*/*.yaml", "Kubernetes"),
    ("*k8s*/*.yml", "Kubernetes"),
    ("*manifests/*.yaml", "Kubernetes"),
    ("*openshift*/*.yaml", "Kubernetes"),
    ("*skaffold*.yaml", "Skaffold"),
    ("*istio*/*.yaml", "Istio"),
    ("*dockerfile*", "Docker"),
    ("*docker-compose*.yml", "Docker"),
    ("*docker-compose*.yaml", "Docker"),
    ("*.dockerignore", "Docker"),
    ("*ansible*/*.yml", "Ansible"),
    ("*ansible*/*.yaml", "Ansible"),
    ("*makefile", "Make"),
    ("*cmakelists.txt", "CMake"),
    ("*.cmake", "CMake"),
    ("*.bazel", "Bazel"),
    ("*.bzl", "Bazel"),
    ("*.proto", "Protocol Buffers"),
    ("*.thrift", "Thrift"),
    ("*.sql", "SQL"),
    # languages
    ("*.py", "Python"), ("*.pyx", "Python"), ("*.pyi", "Python"), ("*.ipynb", "Python"),
    ("*.go", "Go"),
    ("*.java", "Java"), ("*.kt", "Kotlin"), ("*.scala", "Scala"), ("*.groovy", "Groovy"),
    ("*.gradle", "Gradle"),
    ("*.cs", "C#"), ("*.csproj", "C#"), ("*.fs", "F#"),
    ("*.js", "JavaScript"), ("*.mjs", "JavaScript"), ("*.cjs", "JavaScript"), ("*.jsx", "JavaScript"),
    ("*.ts", "TypeScript"), ("*.tsx", "TypeScript"),
    ("*.html", "HTML/CSS"), ("*.css", "HTML/CSS"), ("*.scss", "HTML/CSS"),
    ("*.c", "C"), ("*.h", "C"),
    ("*.cc", "C++"), ("*.cpp", "C++"), ("*.cxx", "C++"), ("*.hpp", "C++"), ("*.hh", "C++"),
    ("*.rs", "Rust"), ("*.rb", "Ruby"), ("*.php", "PHP"), ("*.swift", "Swift"),
    ("*.lua", "Lua"), ("*.r", "R"), ("*.jl", "Julia"), ("*.m", "MATLAB/Objective-C"),
    ("*.sh", "Shell"), ("*.bash", "Shell"), ("*.zsh", "Shell"), ("*.ps1", "PowerShell"),
    ("*.md", "Documentation"), ("*.rst", "Documentation"), ("*.adoc", "Documentation"),
    ("*.txt", "Documentation"),
)


def tool_of(path: str, rules: Sequence[tuple[str, str]] = TOOL_RULES) -> str | None:
    """The cognitive tool a changed file shows, or None (see :data:`TOOL_RULES`).

    Parameters
    ----------
    path : str
        A changed file's path in the repository.
    rules : sequence of (glob, tool), default :data:`TOOL_RULES`
        Tried in order; the first glob matching the lower-cased path decides.

    Returns
    -------
    str or None
        The tool of the first matching rule, or None when no rule matches.

    See Also
    --------
    infer_tools : Each author's tools from the files they changed.

    Examples
    --------
    >>> [tool_of(p) for p in ("src/cart/Dockerfile", "helm-chart/templates/cart.yaml",
    ...                       "kubernetes-manifests/cart.yaml", "src/cart/main.go", "LICENSE")]
    ['Docker', 'Helm', 'Kubernetes', 'Go', None]
    """
    return _tool_matcher(tuple(rules))(path)


@lru_cache(maxsize=64)
def _tool_matcher(rules: tuple[tuple[str, str], ...]) -> Callable[[str], str | None]:
    """A function path -> tool equal to the first rule whose ``fnmatchcase`` matches.

    All rules become one regular expression whose alternatives are tried in order, so the
    first matching rule wins: one C call per path instead of one per rule. Patterns and
    path are reversed (a glob reversed token by token matches the reversed string), so
    the usual ``*.ext`` rules fail on the path's first characters instead of scanning it.
    """
    alts = (fnmatch.translate("".join(reversed(_glob_tokens(pat)))) for pat, _ in rules)
    regex = re.compile("|".join(f"(?P<r{i}>{alt})" for i, alt in enumerate(alts)) or "(?!)")
    tools = {f"r{i}": tool for i, (_, tool) in enumerate(rules)}

    def match(path: str) -> str | None:
        m = regex.match(path.lower()[::-1])
        return None if m is None else tools[m.lastgroup]

    return match


def _glob_tokens(pat: str) -> list[str]:
    """A glob's tokens as :func:`fnmatch.translate` reads them: ``[...]`` classes whole,
    every other character alone, and an unclosed ``[`` as the class ``[[]`` (a literal
    ``[`` that stays literal in any order of the tokens)."""
    out, i, n = [], 0, len(pat)
    while i < n:
        if pat[i] == "[":
            j = i + 1
            j += j < n and pat[j] == "!"
            j += j < n and pat[j] == "]"
            j = pat.find("]", j)
            if j >= 0:
                out.append(pat[i:j + 1])
                i = j + 1
                continue
        out.append("[[]" if pat[i] == "[" else pat[i])
        i += 1
    return out


def _tool_table(paths: Iterable[str], rules: Sequence[tuple[str, str]]) -> dict[str, str | None]:
    match = _tool_matcher(tuple(rules))
    return {p: match(p) for p in set(paths)}


def infer_tools(log: GitLog, *, tool_rules: Sequence[tuple[str, str]] = (), min_files: int = 1,
                replace_rules: bool = False) -> dict[str, list[str]]:
    """Each author's cognitive tools, inferred from the files they changed.

    Parameters
    ----------
    log : GitLog
        A parsed history (:func:`parse_git_log` or :func:`read_git_log`).
    tool_rules : sequence of (glob, tool)
        Extra rules, tried before :data:`TOOL_RULES` (so they override it).
    min_files : int, default 1
        A person holds a tool when they changed at least this many distinct files of it.
    replace_rules : bool, default False
        Use only ``tool_rules``.

    Returns
    -------
    dict of str to list of str
        Author -> sorted tools (authors with none get an empty list).

    Examples
    --------
    >>> log = parse_git_log("--a--2020-01-01--Ann\\n1\\t0\\tmain.go\\n1\\t0\\tDockerfile\\n")
    >>> infer_tools(log)
    {'Ann': ['Docker', 'Go']}
    """
    from teamsim.importers._gitcols import columns

    rules = list(tool_rules) if replace_rules else [*tool_rules, *TOOL_RULES]
    return _tools_of(columns(log.commits), rules, min_files)


def _touched(log: GitLog) -> dict[tuple[str, int], set[str]]:
    """``(author, year) -> distinct paths they changed``: the one pass over every file change
    that tools and module memberships are computed from."""
    out: dict[tuple[str, int], set[str]] = {}
    for c in log.commits:
        if c.files:
            key = (c.author, c.date.year)
            got = out.get(key)
            if got is None:
                got = out[key] = set()
            got.update(map(_PATH, c.files))
    return out


def _tools_of(cols: Columns, rules: Sequence[tuple[str, str]], min_files: int) -> dict[str, list[str]]:
    """Author -> sorted tools held (at least ``min_files`` distinct files of the tool), every
    author of the log (in order of first commit); each distinct path is matched once."""
    import numpy as np

    from teamsim.importers._gitcols import intern, pairs

    table = _tool_table(cols.paths, rules)
    tools, tool = intern(list(map(table.__getitem__, cols.paths)))
    a, p = pairs(cols.author[cols.commit], cols.path, len(cols.paths))
    a, t, k = pairs(a, tool[p], len(tools), counts=True)
    named = np.array([x is not None for x in tools], bool)
    ok = (k >= min_files) & named[t]
    out: dict[str, list[str]] = {name: [] for name in cols.authors}
    for ai, ti in zip(a[ok].tolist(), t[ok].tolist()):
        out[cols.authors[ai]].append(tools[ti])
    return {name: sorted(ts) for name, ts in out.items()}


def read_tool_rules(path: str | Path) -> list[tuple[str, str]]:
    """Read tool rules from YAML: a mapping ``glob: tool`` or a list of ``{pattern, tool}``.

    Parameters
    ----------
    path : str or pathlib.Path
        The YAML file.

    Returns
    -------
    list of (str, str)
        ``(glob, tool)`` pairs in file order, globs lower-cased and tool names
        stripped, for ``tool_rules`` of :func:`infer_tools`.

    Raises
    ------
    InputError
        Missing or malformed file.

    Examples
    --------
    ``k8s.yaml`` containing ``"deploy/*.yaml": Kubernetes`` makes every YAML file under
    ``deploy/`` show Kubernetes:

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "k8s.yaml")
    ...     _ = f.write_text('"Deploy/*.yaml": Kubernetes\\n')
    ...     rules = read_tool_rules(f)
    >>> rules, tool_of("deploy/cart.yaml", rules)
    ([('deploy/*.yaml', 'Kubernetes')], 'Kubernetes')
    """
    data, locate = one_document(read_text(path), str(path), "a tool rules file")
    hint = "write a mapping of glob patterns to tool names, e.g. 'deploy/*.yaml: Kubernetes'"
    if isinstance(data, dict):
        items = [(k, v, (k,)) for k, v in data.items()]
    elif isinstance(data, list) and all(isinstance(d, dict) and {"pattern", "tool"} <= set(d) for d in data):
        items = [(d["pattern"], d["tool"], (i, "tool")) for i, d in enumerate(data)]
    else:
        raise InputError("tool rules must be a mapping of glob -> tool", file=str(path), hint=hint)
    check_count("max_tool_rules", len(items), entity="tool rules", file=str(path),
                what="number of tool rules",
                fix="keep only the rules the built-in ones lack (teamsim knows the common file types)")
    for k, v, loc in items:
        if not isinstance(k, str):
            raise InputError(f"the pattern {_value(k)} is not text", file=str(path), line=locate(loc[:1]),
                             hint="quote the glob pattern, e.g. '\"*.go\": Go'")
        if not isinstance(v, str) or not v.strip():
            raise InputError(f"the tool of the rule {clip(k, 80)!r} is {_value(v)}, not a tool name",
                             file=str(path), line=locate(loc), entity=f"rule {clip(k, 80)!r}",
                             hint=f"write the tool name as plain text, e.g. '{clip(k, 80)}: Go'")
    return [(k.lower(), v.strip()) for k, v, _ in items]


def _value(v: Any) -> str:
    """A short description of a YAML value for a message."""
    if isinstance(v, str):
        return "empty"
    if isinstance(v, (dict, list)):
        return "a mapping" if isinstance(v, dict) else "a list"
    return f"{type(v).__name__} {clip(v, 40)}"


# ---------------------------------------------------------------------------- scenario
def git_scenario(log: GitLog, *, modules: ModuleMap | None = None, tool_rules: Sequence[tuple[str, str]] = (),
                 min_files: int = 1, name: str | None = None) -> Scenario:
    """Turn a git history into a scenario: people with inferred tools, one project per module and year.

    Parameters
    ----------
    log : GitLog
        A parsed history (:func:`parse_git_log` or :func:`read_git_log`).
    modules : ModuleMap, optional
        Path -> module mapping (default: depth 2).
    tool_rules, min_files
        See :func:`infer_tools`.
    name : str, optional
        Scenario name (default: from ``log.source``).

    Returns
    -------
    Scenario
        ``tools``: every inferred tool; ``people``: every author (sorted) who changed at
        least one file of a module, with tools; ``projects``: ``"<module> <year>"`` with
        the authors who changed it that year and ``year``. Commits without file changes
        (merges, empty commits) make no project membership, and authors with only such
        commits (or only files no module takes, with ``drop_unmatched``) are left out,
        as in the affiliation network: ``len(log.authors) - len(scenario.people)`` of them.

    Examples
    --------
    >>> log = parse_git_log("--a--2020-01-01--Ann\\n1\\t0\\tsrc/cart/m.go\\n\\n"
    ...                     "--b--2021-03-01--Bo\\n1\\t0\\tsrc/cart/Dockerfile\\n")
    >>> s = git_scenario(log)
    >>> [(p.name, p.members) for p in s.projects]
    [('src/cart 2020', ['Ann']), ('src/cart 2021', ['Bo'])]
    >>> s.person("Bo").tools
    ['Docker']
    """
    import numpy as np

    from teamsim.importers._gitcols import columns

    with gc_paused():
        cols = columns(log.commits)
        tools = _tools_of(cols, [*tool_rules, *TOOL_RULES], min_files)
        names, mods, (pm, py, mp, ma) = _member_columns(cols, modules)
    bounds = np.searchsorted(mp, np.arange(len(pm) + 1)).tolist()
    active = sorted({names[i] for i in np.unique(ma).tolist()})
    all_tools = sorted({t for a in active for t in tools[a]})
    people = [Person(name=a, tools=tools[a]) for a in active]
    projects = [Project(name=f"{mods[m]} {y}", members=sorted(names[i] for i in ma[lo:hi].tolist()), year=y)
                for m, y, lo, hi in zip(pm.tolist(), py.tolist(), bounds, bounds[1:])]
    title = name or (f"git history of {Path(log.source).name}" if log.source else "git history")
    return Scenario(name=title, tools=[CognitiveTool(name=t) for t in all_tools], people=people,
                    projects=projects)


def _member_columns(cols: Columns, mm: ModuleMap | None) -> tuple[list[str], list[str], tuple]:
    """``(authors, modules, memberships)``: :func:`._gitcols.memberships` of the history's
    columns, with the author names and the sorted module names its ids refer to."""
    import numpy as np

    from teamsim.importers._gitcols import memberships

    table = _module_table(cols.paths, mm)
    mods = sorted({m for m in table.values() if m is not None})
    idx: dict[str | None, int] = {m: i for i, m in enumerate(mods)}
    idx[None] = -1
    module = np.fromiter(map(idx.__getitem__, map(table.__getitem__, cols.paths)), np.int64, len(cols.paths))
    return cols.authors, mods, memberships(cols, module)


def _module_table(paths: Iterable[str], mm: ModuleMap | None) -> dict[str, str | None]:
    """Each distinct path -> its module (None: dropped by ``drop_unmatched``)."""
    mm = mm or ModuleMap()
    return {p: module_of(p, depth=mm.depth, patterns=mm.patterns, drop_unmatched=mm.drop_unmatched)
            for p in set(paths)}


def module_members(log: GitLog, mm: ModuleMap | None = None) -> dict[tuple[str, int], dict[str, None]]:
    """Who changed each module in each year: ``(module, year) -> {author: None}``.

    The memberships of the projects of :func:`git_scenario` (keys sorted; authors in the
    order of their first commit of that year in the log).

    Parameters
    ----------
    log : GitLog
        A parsed history (:func:`parse_git_log` or :func:`read_git_log`).
    mm : ModuleMap, optional
        Path -> module mapping (default: depth 2); paths mapped to None are skipped.

    Returns
    -------
    dict of (str, int) to dict of str to None
        ``(module, year)`` -> the authors who changed a file of the module that
        year (a dict used as an ordered set), keys sorted.

    See Also
    --------
    commit_modules : The modules of each commit.
    teamsim.affiliation.git_affiliation : The same as an affiliation network.

    Notes
    -----
    One pass over the file changes groups each author's distinct paths per year; each
    distinct path is mapped once: O(file changes + distinct paths x patterns).

    Examples
    --------
    >>> log = parse_git_log("--a--2020-01-01--Ann\\n1\\t0\\tsrc/x/a.go\\n1\\t0\\tsrc/x/b.go\\n"
    ...                     "--b--2021-01-01--Bo\\n1\\t0\\tsrc/x/a.go\\n")
    >>> module_members(log)
    {('src/x', 2020): {'Ann': None}, ('src/x', 2021): {'Bo': None}}
    """
    return _members_of(_touched(log), mm)


def _members_of(touched: dict[tuple[str, int], set[str]],
                mm: ModuleMap | None) -> dict[tuple[str, int], dict[str, None]]:
    module = _module_table((p for paths in touched.values() for p in paths), mm).__getitem__
    members: dict[tuple[str, int], dict[str, None]] = defaultdict(dict)
    for (author, year), paths in touched.items():
        for m in set(map(module, paths)):
            if m is not None:
                members[(m, year)][author] = None
    return dict(sorted(members.items()))


def commit_modules(log: GitLog, mm: ModuleMap | None = None) -> Iterator[tuple[Commit, str]]:
    """Yield ``(commit, module)`` once per distinct module each commit touches.

    Parameters
    ----------
    log : GitLog
        A parsed history (:func:`parse_git_log` or :func:`read_git_log`).
    mm : ModuleMap, optional
        Default depth 2. Paths mapped to None (``drop_unmatched``) are skipped.

    Yields
    ------
    (Commit, str)
        A commit and one module it changed, in log order; a commit that changes
        several modules is yielded once per module (in order of first file).

    See Also
    --------
    module_members : Who changed each module in each year.

    Notes
    -----
    Each distinct path is mapped once (cached): O(file changes + distinct paths x patterns).

    Examples
    --------
    >>> log = parse_git_log("--a--2020-01-01--Ann\\n1\\t0\\tsrc/x/a.go\\n1\\t0\\tsrc/x/b.go\\n")
    >>> [(c.hash, m) for c, m in commit_modules(log)]
    [('a', 'src/x')]
    """
    module = _module_table((p for c in log.commits for p in map(_PATH, c.files)), mm).__getitem__
    for c in log.commits:
        for m in dict.fromkeys(map(module, map(_PATH, c.files))):
            if m is not None:
                yield c, m
