"""Truck factors: the skills truck factor of a team (``min_t |holders(t)|``) and the knowledge truck
factor of code from git history (Avelino et al. 2016).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from pydantic import Field

from teamsim._results import Result

if TYPE_CHECKING:
    from teamsim.importers.git import GitLog

__all__ = ["KnowledgeTruckFactor", "degree_of_authorship", "knowledge_truck_factor", "skills_truck_factor"]


class KnowledgeTruckFactor(Result):
    """Truck factor of a service's code from git history (Avelino et al. 2016).

    Attributes
    ----------
    truck_factor : int
        Fewest authors whose leaving orphans more than half of the files.
    authors : list of str
        Those authors, in removal order (most files authored first).
    left : list of str
        Those of ``authors`` who are no longer people of the scenario.
    files : int
        Files of the service in the history.
    change_share : dict of str to float
        Each author's share of the service's file changes, largest first.
    """

    truck_factor: int
    authors: list[str]
    left: list[str] = Field(default_factory=list)
    files: int
    change_share: dict[str, float]


# ----------------------------------------------------------------------------- truck factors
def skills_truck_factor(holders: Mapping[str, Sequence[str]]) -> int | None:
    """Fewest people whose leaving uncovers a needed tool: ``min_t |holders(t)|``.

    Leaving people uncover tool ``t`` exactly when they include all its
    holders, so the smallest such set is the holders of the least-held tool.
    This skills variant is teamsim's own: Avelino et al. [1]_ define the truck
    factor on code (the fewest developers whose leaving orphans over half the
    files, see :func:`knowledge_truck_factor`); here the files are replaced by
    the team's needed tools and "orphaned" by "no holder left", with any one
    uncovered tool counting (not half of them).

    Parameters
    ----------
    holders : mapping of str to sequence of str
        Needed tool -> the people who hold it.

    Returns
    -------
    int or None
        0 when a tool is already missing; None when no tool is needed.

    See Also
    --------
    knowledge_truck_factor : The same from the history.
    teamsim.hiring.truck_factor : A team's truck factor for its tools.

    References
    ----------
    .. [1] G. Avelino, L. Passos, A. Hora and M. T. Valente, "A novel approach for
       estimating truck factors", ICPC 2016 (the truck factor of code; the skills
       variant above is teamsim's).

    Examples
    --------
    >>> skills_truck_factor({"Go": ["Ann", "Bo"], "SQL": ["Ann"]})
    1
    >>> skills_truck_factor({"Go": []}), skills_truck_factor({})
    (0, None)
    """
    return min((len(set(v)) for v in holders.values()), default=None)


def degree_of_authorship(first_author: bool, deliveries: int, others: int) -> float:
    """Degree of authorship of one developer on one file (Avelino et al. 2016, eq. 1).

    ``DOA = 3.293 + 1.098 FA + 0.164 DL - 0.321 ln(1 + AC)`` with FA 1 when the
    developer created the file, DL their changes to it and AC the changes of
    everyone else.

    Parameters
    ----------
    first_author : bool
        FA: the developer created the file (made the oldest commit touching it).
    deliveries : int
        DL: the developer's changes (commits) to the file.
    others : int
        AC: the changes to the file by everyone else.

    Returns
    -------
    float
        The degree of authorship; an author has at least 3.293 and at least
        0.75 of the file's largest.

    See Also
    --------
    knowledge_truck_factor : The truck factor built on it.

    References
    ----------
    .. [1] G. Avelino, L. Passos, A. Hora and M. T. Valente, "A novel approach for
       estimating truck factors", ICPC 2016, eq. (1).

    Examples
    --------
    >>> round(degree_of_authorship(True, 3, 2), 3)
    4.53
    """
    return 3.293 + 1.098 * first_author + 0.164 * deliveries - 0.321 * math.log1p(others)


def knowledge_truck_factor(log: GitLog, files: Iterable[str] | None = None, *,
                           people: Iterable[str] = ()) -> KnowledgeTruckFactor:
    """Truck factor of a body of code from its history (Avelino et al. 2016, Algorithm 1).

    Authors of a file are the developers whose degree of authorship
    (:func:`degree_of_authorship`) is at least 3.293 and at least 0.75 of the
    file's largest. The most prolific authors (by files authored) are removed
    one at a time until fewer than half of the files keep an author; the truck
    factor is the number removed. The creator of a file is the author of the
    oldest commit touching it in the history given.

    Parameters
    ----------
    log : GitLog
        A parsed git history (:func:`teamsim.importers.git.read_git_log`).
    files : iterable of str, optional
        The files of the service (default every file of the log).
    people : iterable of str
        Current people; truck-factor authors not among them are listed in ``left``.

    Returns
    -------
    KnowledgeTruckFactor

    See Also
    --------
    skills_truck_factor : The same from skills instead of history.
    degree_of_authorship : Who knows a file.

    References
    ----------
    .. [1] G. Avelino, L. Passos, A. Hora and M. T. Valente, "A novel approach for
       estimating truck factors", ICPC 2016, eq. (1) (degree of authorship) and
       Algorithm 1 (greedy truck factor).

    Examples
    --------
    >>> from teamsim.importers.git import parse_git_log
    >>> log = parse_git_log("--c3--2020-03-01--Bo\\n1\\t0\\tb.go\\n"
    ...                     "--c2--2020-02-01--Ann\\n1\\t0\\ta.go\\n1\\t0\\tc.go\\n"
    ...                     "--c1--2020-01-01--Ann\\n1\\t0\\ta.go\\n")
    >>> k = knowledge_truck_factor(log, people=["Bo"])
    >>> k.truck_factor, k.authors, k.left
    (1, ['Ann'], ['Ann'])
    """
    changes, creator = _authorship(log, None if files is None else set(files))
    return _truck_factor(changes, creator, people)


def _authorship(log: GitLog,
                keep: set[str] | None = None) -> tuple[dict[str, dict[str, int]], dict[str, str]]:
    """One pass over the history: changes per file and author, and each file's creator."""
    changes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    creator: dict[str, str] = {}
    for c in log.commits:  # newest first: the last author seen is the creator
        for ch in c.changes:
            if keep is None or ch.path in keep:
                changes[ch.path][c.author] += 1
                creator[ch.path] = c.author
    return changes, creator


def _truck_factor(changes: dict[str, dict[str, int]], creator: dict[str, str],
                  people: Iterable[str]) -> KnowledgeTruckFactor:
    """Avelino et al.'s Algorithm 1 on the changes per file and author (see knowledge_truck_factor)."""
    total: dict[str, int] = defaultdict(int)
    authored: dict[str, set[str]] = defaultdict(set)
    for f, by in changes.items():
        n = sum(by.values())
        doa = {a: degree_of_authorship(creator[f] == a, k, n - k) for a, k in by.items()}
        top = max(doa.values())
        for a, k in by.items():
            total[a] += k
            if doa[a] >= 3.293 and doa[a] / top > 0.75:
                authored[a].add(f)
    nfiles = len(changes)
    left_files = {f: sum(f in fs for fs in authored.values()) for f in changes}
    order: list[str] = []
    remaining = dict(authored)
    while remaining and nfiles and sum(v > 0 for v in left_files.values()) / nfiles >= 0.5:
        a = min(remaining, key=lambda x: (-len(remaining[x]), x))
        order.append(a)
        for f in remaining.pop(a):
            left_files[f] -= 1
    grand = sum(total.values()) or 1
    share = dict(sorted(((a, k / grand) for a, k in total.items()), key=lambda x: (-x[1], x[0])))
    now = set(people)
    return KnowledgeTruckFactor(truck_factor=len(order), authors=order,
                                left=[a for a in order if a not in now], files=nfiles,
                                change_share=share)
