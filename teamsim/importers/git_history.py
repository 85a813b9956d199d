"""A git history in memory: :class:`Commit` s with their :class:`FileChange` s, in a :class:`GitLog`.

The data model every git reader and analysis shares: :mod:`teamsim.importers.git_parse`
makes it from a log's text, :mod:`teamsim.importers.git_repo` from a repository,
:mod:`teamsim.importers.git_authors` cleans its authors, and
:mod:`teamsim.importers.git_modules` / :mod:`teamsim.importers.git_tools` analyse it.

Examples
--------
>>> c = Commit("a1", dt.date(2024, 1, 2), "Ann", (("src/x.go", 3, 1),))
>>> GitLog(commits=[c]).authors
['Ann']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from pydantic import Field

from teamsim._results import Result

if TYPE_CHECKING:
    from teamsim.importers.git_modules import ModuleMap, ModuleMemberships

__all__ = ["ANONYMOUS", "FIRST_DATE", "Commit", "FileChange", "GitLog"]


#: Author names that name nobody: git prints an empty ``%aN`` for a commit without an
#: author name, and git-svn writes ``(no author)``. Their commits are left out (with a
#: warning) unless an alias maps the name to a person.
ANONYMOUS = ("", "(no author)")

#: The earliest author date kept: git stores dates as seconds since 1970 and cannot make
#: an earlier one. Later than a year after today is not kept either (see :func:`parse_git_log`).
FIRST_DATE = dt.date(1970, 1, 1)

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


class GitLog(Result):
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

    def module_memberships(self, modules: ModuleMap | None = None) -> ModuleMemberships:
        """Who changed which module in which year, as plain arrays for the analyses.

        See :func:`teamsim.importers.git_modules.module_memberships`.
        """
        from teamsim.importers.git_modules import module_memberships

        return module_memberships(self, modules)



def _plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _some(items: Iterable[str], shown: int = 5) -> str:
    """``a, b, c`` or ``a, b, c, d, e and 7 more``."""
    items = list(items)
    head = ", ".join(items[:shown])
    return head + (f" and {len(items) - shown:,} more" if len(items) > shown else "")

