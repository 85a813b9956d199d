"""Map changed files to modules (the projects of a git affiliation network) and group who changed what.

:class:`ModuleMap` and :func:`module_of` map a path to a module: a path prefix of
configurable depth such as ``src/<service>``, or glob patterns with folder placeholders.
:func:`module_members` gives who changed each module in each year, :func:`commit_modules`
the modules of each commit.

Examples
--------
>>> module_of("src/cart/main.go", depth=2)
'src/cart'
"""

from __future__ import annotations

import fnmatch
import re
import string
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import Field

from teamsim._results import Result
from teamsim._text import clip
from teamsim.errors import InputError
from teamsim.importers.git_history import Commit, GitLog

_PATH = itemgetter(0)  # FileChange -> path, at C speed in map()

if TYPE_CHECKING:  # numpy and the columnar code load only when a history is analysed
    import numpy as np

    from teamsim.importers._gitcols import Columns

__all__ = ["ModuleMap", "ModuleMemberships", "check_module_pattern", "commit_modules", "module_members",
           "module_memberships", "module_of"]


class ModuleMap(Result):
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

    See Also
    --------
    module_of : Applies checked patterns to a path.
    ModuleMap : The patterns and depth that define the modules.

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

    See Also
    --------
    commit_modules : The modules each commit touches.
    check_module_pattern : The check of one ``GLOB=MODULE`` pattern.

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



class ModuleMemberships(NamedTuple):
    """Who changed which module in which year, as plain arrays (:func:`module_memberships`).

    The projects are the distinct ``(module, year)`` pairs with a change, sorted by module
    then year; the members are one entry per (project, author), grouped by project,
    authors in the order of their first commit changing the module that year.

    Attributes
    ----------
    authors : list of str
        Author names (``member_author`` indexes them).
    modules : list of str
        Module names, sorted (``project_module`` indexes them).
    project_module, project_year : numpy.ndarray of int64, shape (projects,)
        Each project's module id and calendar year.
    member_project, member_author : numpy.ndarray of int64, shape (memberships,)
        Each membership's project id and author id.
    """

    authors: list[str]
    modules: list[str]
    project_module: np.ndarray
    project_year: np.ndarray
    member_project: np.ndarray
    member_author: np.ndarray


def module_memberships(log: GitLog, mm: ModuleMap | None = None) -> ModuleMemberships:
    """Who changed which module in which year, as integer arrays: what the analyses of a history need.

    The columnar form of :func:`module_members` (linear in the file changes, no per-change
    Python loop), handed to :func:`teamsim.affiliation.git_affiliation` and the history
    scenario so that the analyses do not depend on how the history is stored.

    Parameters
    ----------
    log, mm : GitLog, ModuleMap
        As :func:`module_members` (``mm`` optional: depth 2 by default).

    Returns
    -------
    ModuleMemberships
        Authors and modules by name, projects and memberships as int64 arrays.

    See Also
    --------
    module_members : The same as a dict of ``(module, year)`` -> authors.
    teamsim.affiliation.git_affiliation : The affiliation network built from it.

    Examples
    --------
    >>> from teamsim.importers.git import parse_git_log
    >>> log = parse_git_log("--a--2020-01-01--Ann\\n1\\t0\\tsrc/x/m.go\\n"
    ...                     "--b--2021-01-01--Bo\\n1\\t0\\tsrc/x/m.go\\n1\\t0\\tsrc/y/n.go\\n")
    >>> m = module_memberships(log)
    >>> m.authors, m.modules, m.project_module.tolist(), m.project_year.tolist()
    (['Ann', 'Bo'], ['src/x', 'src/y'], [0, 0, 1], [2020, 2021, 2021])
    >>> m.member_project.tolist(), m.member_author.tolist()
    ([0, 1, 2], [0, 1, 1])
    """
    from teamsim.importers._gitcols import columns

    return _member_columns(columns(log.commits), mm)


def _member_columns(cols: Columns, mm: ModuleMap | None) -> ModuleMemberships:
    """:func:`._gitcols.memberships` of the history's columns, after the author names and
    the sorted module names its ids refer to."""
    import numpy as np

    from teamsim.importers._gitcols import memberships

    table = _module_table(cols.paths, mm)
    mods = sorted({m for m in table.values() if m is not None})
    idx: dict[str | None, int] = {m: i for i, m in enumerate(mods)}
    idx[None] = -1
    module = np.fromiter(map(idx.__getitem__, map(table.__getitem__, cols.paths)), np.int64, len(cols.paths))
    return ModuleMemberships(cols.authors, mods, *memberships(cols, module))


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
    >>> from teamsim.importers.git_parse import parse_git_log
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
    >>> from teamsim.importers.git_parse import parse_git_log
    >>> log = parse_git_log("--a--2020-01-01--Ann\\n1\\t0\\tsrc/x/a.go\\n1\\t0\\tsrc/x/b.go\\n")
    >>> [(c.hash, m) for c, m in commit_modules(log)]
    [('a', 'src/x')]
    """
    module = _module_table((p for c in log.commits for p in map(_PATH, c.files)), mm).__getitem__
    for c in log.commits:
        for m in dict.fromkeys(map(module, map(_PATH, c.files))):
            if m is not None:
                yield c, m
