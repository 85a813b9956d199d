"""A git history as integer columns: the fast path of the git analyses.

:class:`~teamsim.importers.git.GitLog` keeps one named tuple per commit (the public,
iterable form). The analyses over every file change (module memberships, tools,
the affiliation network) need only who, when and which path: :func:`columns` turns the
commits into numpy arrays of ids (authors, years and paths interned, each distinct value
decoded once) in a few passes that run at C speed (``map``, ``dict``), and the grouping
is done with ``numpy.unique`` on combined integer keys instead of one dictionary update
per change.

Private to the importers: :mod:`teamsim.importers.git` builds its results from it and hands
the analyses plain arrays (:func:`teamsim.importers.git_modules.module_memberships`).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any, Literal, TypeVar, overload

import numpy as np

__all__ = ["Columns", "columns", "intern", "memberships", "pairs"]

_DATE, _AUTHOR, _FILES, _PATH = itemgetter(1), itemgetter(2), itemgetter(3), itemgetter(0)


@dataclass(frozen=True)
class Columns:
    """The commits of a history as columns.

    Attributes
    ----------
    authors : list of str
        Distinct authors in order of first appearance.
    author, year : numpy.ndarray of int64, shape (commits,)
        Each commit's author id (into ``authors``) and calendar year.
    paths : list of str
        Distinct changed paths in order of first appearance.
    commit, path : numpy.ndarray of int64, shape (changes,)
        Each file change's commit index (non-decreasing: log order) and path id.
    """

    authors: list[str]
    author: np.ndarray
    year: np.ndarray
    paths: list[str]
    commit: np.ndarray
    path: np.ndarray


_H = TypeVar("_H", bound=Hashable)


def intern(values: Sequence[_H]) -> tuple[list[_H], np.ndarray]:
    """Distinct values in order of first appearance, and each value's id (int64).

    Examples
    --------
    >>> names, ids = intern(["b", "a", "b"])
    >>> names, ids.tolist()
    (['b', 'a'], [0, 1, 0])
    """
    ids = {v: i for i, v in enumerate(dict.fromkeys(values))}
    return list(ids), np.fromiter(map(ids.__getitem__, values), np.int64, len(values))


def columns(commits: Sequence[tuple[Any, ...]]) -> Columns:
    """The columns of a list of :class:`~teamsim.importers.git.Commit` s (O(commits + changes))."""
    authors, author = intern(list(map(_AUTHOR, commits)))
    dates, date = intern(list(map(_DATE, commits)))
    years = np.array([d.year for d in dates], np.int64)
    files = list(map(_FILES, commits))
    n = np.fromiter(map(len, files), np.int64, len(files))
    paths, path = intern(list(map(_PATH, chain.from_iterable(files))))
    return Columns(authors, author, years[date], paths, np.repeat(np.arange(len(commits)), n), path)


@overload
def pairs(a: np.ndarray, b: np.ndarray, nb: int, *,
          counts: Literal[False] = False) -> tuple[np.ndarray, np.ndarray]: ...
@overload
def pairs(a: np.ndarray, b: np.ndarray, nb: int, *,
          counts: Literal[True]) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...
def pairs(a: np.ndarray, b: np.ndarray, nb: int, *,
          counts: bool = False) -> tuple[np.ndarray, np.ndarray] | tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct ``(a, b)`` pairs (``0 <= b < nb``) sorted by a then b: ``(a, b)`` arrays, and
    with ``counts`` how often each pair occurs."""
    key = a * np.int64(nb) + b
    if counts:
        uk, k = np.unique(key, return_counts=True)
        return uk // nb, uk % nb, k
    uk = np.unique(key)
    return uk // nb, uk % nb


def memberships(cols: Columns, module: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Who changed which module in which year.

    Parameters
    ----------
    cols : Columns
    module : numpy.ndarray of int64, shape (len(cols.paths),)
        Each path's module id, in the order of the module names (-1: no module).

    Returns
    -------
    (project_module, project_year, member_project, member_author)
        The projects (distinct ``(module, year)`` with a change, sorted by module id then
        year) and their members: one entry per (project, author), grouped by project,
        authors in the order of their first commit changing the module that year.
    """
    mid = module[cols.path]
    keep = mid >= 0
    ci, mid = cols.commit[keep], mid[keep]
    years, yid = np.unique(cols.year, return_inverse=True)
    ny, na = max(len(years), 1), max(len(cols.authors), 1)
    key = (mid * ny + yid[ci]) * na + cols.author[ci]
    uk, first = np.unique(key, return_index=True)
    order = np.lexsort((first, uk // na))
    project_key, author = uk[order] // na, uk[order] % na
    projects, member_project = np.unique(project_key, return_inverse=True)
    return projects // ny, years[projects % ny], member_project.reshape(-1), author
