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

from collections.abc import Sequence
from pathlib import Path

from teamsim._gc import gc_paused
from teamsim.defaults import BOT_PATTERN
from teamsim.importers.git_authors import clean_authors, parse_alias_map, read_alias_map
from teamsim.importers.git_history import ANONYMOUS, FIRST_DATE, Commit, FileChange, GitLog
from teamsim.importers.git_modules import (
    ModuleMap,
    _member_columns,
    check_module_pattern,
    commit_modules,
    module_members,
    module_of,
)
from teamsim.importers.git_parse import check_has_changes, parse_git_log, unquote_path
from teamsim.importers.git_repo import GIT_LOG_ARGS, read_git_log, run_git_log
from teamsim.importers.git_tools import TOOL_RULES, _tools_of, infer_tools, read_tool_rules, tool_of
from teamsim.scenario import CognitiveTool, Person, Project, Scenario

__all__ = [
    "ANONYMOUS",
    "BOT_PATTERN",
    "FIRST_DATE",
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

    See Also
    --------
    teamsim.importers.git_repo.read_git_log : Reads the history it turns into a scenario.
    teamsim.importers.git_tools.infer_tools : The tools inferred for each author.
    teamsim.affiliation.git_affiliation : The same history as an affiliation network.

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
        names, mods, pm, py, mp, ma = _member_columns(cols, modules)
    bounds = np.searchsorted(mp, np.arange(len(pm) + 1)).tolist()
    active = sorted({names[i] for i in np.unique(ma).tolist()})
    all_tools = sorted({t for a in active for t in tools[a]})
    people = [Person(name=a, tools=tools[a]) for a in active]
    projects = [Project(name=f"{mods[m]} {y}", members=sorted(names[i] for i in ma[lo:hi].tolist()), year=y)
                for m, y, lo, hi in zip(pm.tolist(), py.tolist(), bounds, bounds[1:])]
    title = name or (f"git history of {Path(log.source).name}" if log.source else "git history")
    return Scenario(name=title, tools=[CognitiveTool(name=t) for t in all_tools], people=people,
                    projects=projects)

