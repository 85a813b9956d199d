"""Clean a history's authors: alias maps (``.mailmap`` too), case variants, bots, nameless commits.

An alias map (the idea of git's ``.mailmap``) maps other spellings to one canonical
name (:func:`parse_alias_map`, :func:`read_alias_map`); :func:`clean_authors` applies
it, merges names that differ only in case or whitespace (the most frequent spelling
wins) and excludes bots by a regular expression (:data:`~teamsim.defaults.BOT_PATTERN`
by default).

Examples
--------
>>> parse_alias_map("Ann Lee = A. Lee, alee\\n")
{'A. Lee': 'Ann Lee', 'alee': 'Ann Lee'}
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from teamsim._text import clip
from teamsim.defaults import BOT_PATTERN
from teamsim.errors import InputError
from teamsim.importers._yaml import read_text
from teamsim.importers.git_history import ANONYMOUS, GitLog, _some

__all__ = ["clean_authors", "parse_alias_map", "read_alias_map"]



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

    See Also
    --------
    parse_alias_map : The alias map it applies.
    teamsim.importers.git_parse.parse_git_log : Cleans the authors of the log it parses.

    Examples
    --------
    >>> from teamsim.importers.git_parse import parse_git_log
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


def _author_mapping(raw: Counter[str], aliases: Mapping[str, str], merge_case: bool) -> dict[str, str]:
    """Raw author -> name: aliases first, then case/whitespace variants merged (see :func:`clean_authors`)."""
    mapping = {a: aliases.get(a, a) for a in raw}
    if not merge_case:
        return mapping
    mapping = {a: " ".join(m.split()) or m for a, m in mapping.items()}
    freq: Counter[str] = Counter()
    for a, n in raw.items():
        freq[mapping[a]] += n
    best: dict[str, str] = {}
    for name, _ in sorted(freq.items(), key=lambda kv: -kv[1]):  # stable: first seen wins ties
        best.setdefault(name.casefold(), name)
    return {a: best[m.casefold()] for a, m in mapping.items()}


def parse_alias_map(text: str, file: str | None = None) -> dict[str, str]:
    """Parse an alias map: ``Canonical Name = alias one, alias two`` per line.

    ``.mailmap`` lines (``Proper Name <mail> Commit Name <mail>``) are also accepted: the
    second name maps to the first. A line keyed by e-mail only (``Proper Name <mail>``,
    ``Proper Name <proper@x> <commit@x>``, ``<proper@x> <commit@x>``) is refused with its
    number: it maps no name, and a log carries names, not e-mails (git applies such lines
    itself when teamsim reads a repository folder, from the repository's ``.mailmap``).
    Blank lines and ``#`` comments are ignored.

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

    See Also
    --------
    read_alias_map : The same, reading the file first.
    clean_authors : Applies the map to a history's authors.

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
                if not (proper and commit):
                    raise InputError(f"this .mailmap line maps by e-mail only: {clip(line, 120)!r}",
                                     file=file, line=lineno, entity=clip(proper or commit or line, 80),
                                     hint="teamsim's logs carry author names, not e-mails: write "
                                     "'Proper Name <mail> Commit Name <mail>' or "
                                     "'Proper Name = Commit Name'; "
                                     "a repository's own .mailmap is applied (e-mails too) when teamsim "
                                     "reads the repository folder")
                if commit != proper:
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


