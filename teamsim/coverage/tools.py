"""Where a service's needed tools come from: Backstage tags and annotations, or the files of its git
history.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from teamsim.errors import InputError
from teamsim.importers.git import TOOL_RULES, GitLog, tool_of
from teamsim.ownership import service_folders
from teamsim.scenario import Scenario

__all__ = [
    "TOOLS_ANNOTATION",
    "add_git_tools",
    "service_files",
    "service_tools_from_git",
    "tools_from_catalog",
]


TOOLS_ANNOTATION = "teamsim.io/tools"
"""Backstage annotation listing the tools a component needs: ``"Go, Kubernetes, SQL:2"``."""


# ----------------------------------------------------------------------------- sources of tools
def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9#+]", "", s.lower())


def tools_from_catalog(tags: Iterable[str], annotations: Mapping[str, str] | None,
                       tool_names: Iterable[str]) -> tuple[list[str | dict[str, str | float]], list[str]]:
    """The tools a Backstage component needs, from its ``metadata.tags`` and annotation.

    Tags are matched to the scenario's tools ignoring case and punctuation
    (``nodejs`` is ``Node.js``); tags that name no tool are ignored (tags are
    not only tools). The annotation :data:`TOOLS_ANNOTATION`
    (``teamsim.io/tools: "Go, SQL:2"``) lists tools explicitly, with optional
    ``:weight``; a name in it that is no tool is returned as unknown.

    Hook for the catalog reader: ``Service(tools=tools_from_catalog(tags,
    annotations, names)[0])`` for each Component.

    Parameters
    ----------
    tags : iterable of str
        The component's ``metadata.tags``.
    annotations : mapping of str to str or None
        The component's ``metadata.annotations`` (may hold :data:`TOOLS_ANNOTATION`).
    tool_names : iterable of str
        The scenario's tool names, to match tags and annotation entries against.

    Returns
    -------
    tools : list of str or dict
        Scenario ``services[].tools`` entries.
    unknown : list of str
        Annotation entries that name no tool.

    Raises
    ------
    InputError
        An annotation weight that is not a positive finite number.

    See Also
    --------
    service_tools_from_git : The tools a service's files show instead.

    Examples
    --------
    >>> tools_from_catalog(["nodejs", "website"], {"teamsim.io/tools": "Go, SQL:2, Cobol"},
    ...                    ["Go", "SQL", "Node.js"])
    (['Node.js', 'Go', {'name': 'SQL', 'weight': 2.0}], ['Cobol'])
    """
    by_norm = {_norm(t): t for t in tool_names}
    out: dict[str, float] = {}
    for tag in tags:
        t = by_norm.get(_norm(tag))
        if t is not None:
            out.setdefault(t, 1.0)
    unknown = []
    for item in (annotations or {}).get(TOOLS_ANNOTATION, "").split(","):
        name, _, w = item.strip().partition(":")
        if not name.strip():
            continue
        try:
            weight = float(w) if w.strip() else 1.0
        except ValueError:
            weight = float("nan")
        if not (math.isfinite(weight) and 0 < weight <= 1e12):
            raise InputError(f"weight {w.strip()!r} of tool {name.strip()!r} is not a positive number",
                             entity=f"annotation {TOOLS_ANNOTATION}", hint="write e.g. 'Go:2'")
        t = by_norm.get(_norm(name))
        if t is None:
            unknown.append(name.strip())
        else:
            out[t] = weight
    return [t if w == 1.0 else {"name": t, "weight": w} for t, w in out.items()], unknown


def service_files(log: GitLog, service: str,
                  service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/") -> set[str]:
    """Files of the history under a service's folders (a template such as ``src/{name}/`` or a mapping).

    Parameters
    ----------
    log : GitLog
        A parsed git history (:func:`teamsim.importers.git.read_git_log`).
    service : str
        The service's name.
    service_paths : str or mapping, default "{name}/"
        A template with ``{name}``, or service -> folder(s) in the repository.

    Returns
    -------
    set of str
        Every file path of the log under one of the service's folders.

    See Also
    --------
    teamsim.coverage.knowledge_truck_factor : The truck factor of these files.

    Examples
    --------
    >>> from teamsim.importers.git import parse_git_log
    >>> log = parse_git_log("--a--2020-01-01--Ann\\n1\\t0\\tsrc/cart/main.go\\n1\\t0\\tREADME.md\\n")
    >>> sorted(service_files(log, "cart", "src/{name}/"))
    ['src/cart/main.go']
    """
    return _files_by_service(log, [service], service_paths)[service]


def _files_by_service(log: GitLog, services: Iterable[str],
                      service_paths: Mapping[str, str | Iterable[str]] | str) -> dict[str, set[str]]:
    """Each service's files of the history, in one pass: O(distinct paths x distinct prefix lengths).

    A file is a service's when it starts with one of the service's folders (``/`` stripped on
    the left); the prefixes are looked up in a dict, one slice per distinct prefix length,
    instead of comparing every path with every service's folders.
    """
    out: dict[str, set[str]] = {}
    index: dict[str, list[str]] = defaultdict(list)
    for s in services:
        out[s] = set()
        for p in dict.fromkeys(p.lstrip("/") for p in service_folders(s, service_paths)):
            index[p].append(s)
    lengths = sorted({len(p) for p in index})
    for path in {ch.path for c in log.commits for ch in c.changes}:
        for n in lengths:
            if n > len(path):
                break
            for s in index.get(path[:n], ()):
                out[s].add(path)
    return out


def service_tools_from_git(log: GitLog, services: Iterable[str],
                           service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/", *,
                           rules: Sequence[tuple[str, str]] = TOOL_RULES,
                           min_files: int = 1) -> dict[str, list[str]]:
    """The tools each service needs, from the files under its paths (the tool map of ``import git``).

    Parameters
    ----------
    log : GitLog
        A parsed git history (:func:`teamsim.importers.git.read_git_log`).
    services : iterable of str
        Names of the services.
    service_paths : str or mapping, default "{name}/"
        A template with ``{name}``, or service -> folder(s) in the repository.
    rules : sequence of (glob, tool), default :data:`teamsim.importers.git.TOOL_RULES`
        File globs and the tool a matching file shows (first match wins).
    min_files : int, default 1
        A service needs a tool when at least this many of its files show it.

    Returns
    -------
    dict of str to list of str
        Service -> sorted tools.

    See Also
    --------
    add_git_tools : Adds them to the scenario.
    service_files : The files read.

    Examples
    --------
    >>> from teamsim.importers.git import parse_git_log
    >>> log = parse_git_log("--a--2020-01-01--Ann\\n1\\t0\\tcart/main.go\\n1\\t0\\tcart/Dockerfile\\n")
    >>> service_tools_from_git(log, ["cart"])
    {'cart': ['Docker', 'Go']}
    """
    out = {}
    for s, files in _files_by_service(log, services, service_paths).items():
        counts: dict[str, int] = defaultdict(int)
        for f in files:
            t = tool_of(f, rules)
            if t is not None:
                counts[t] += 1
        out[s] = sorted(t for t, k in counts.items() if k >= min_files)
    return out


def add_git_tools(scenario: Scenario, log: GitLog,
                  service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/", *,
                  rules: Sequence[tuple[str, str]] = TOOL_RULES, min_files: int = 1) -> Scenario:
    """The scenario with each service's needed tools united with those its files show in git.

    Tools come from :func:`service_tools_from_git` (the tool map of ``import
    git``); a tool not yet in the scenario is declared. Tools already needed
    keep their weights; tools found in git weigh 1.

    Parameters
    ----------
    scenario : Scenario
        The organisation (left unchanged).
    log, service_paths, rules, min_files
        As for :func:`service_tools_from_git`.

    Returns
    -------
    Scenario
        A new scenario whose services also need the tools git shows.

    See Also
    --------
    service_tools_from_git : The tools it adds.
    tools_from_catalog : The tools a catalog declares instead.

    Examples
    --------
    >>> from teamsim.importers.git import parse_git_log
    >>> log = parse_git_log("--a--2020-01-01--Ann\\n1\\t0\\tcart/main.go\\n1\\t0\\tcart/Dockerfile\\n")
    >>> s = Scenario.model_validate({"tools": [{"name": "Go"}],
    ...     "services": [{"name": "cart", "tools": [{"name": "Go", "weight": 2}]}]})
    >>> add_git_tools(s, log).services[0].tool_weights
    {'Go': 2.0, 'Docker': 1.0}
    """
    found = service_tools_from_git(log, [x.name for x in scenario.services], service_paths,
                                   rules=rules, min_files=min_files)
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    declared = {t["name"] for t in data.get("tools", [])}
    new: list[str] = []
    for sd in data.get("services", []):
        have = {x if isinstance(x, str) else x["name"] for x in sd.get("tools", [])}
        add = [t for t in found[sd["name"]] if t not in have]
        if add:
            sd["tools"] = [*sd.get("tools", []), *add]
        new += [t for t in add if t not in declared and t not in new]
    if new:
        data["tools"] = [*data.get("tools", []), *({"name": t} for t in new)]
    return Scenario.model_validate(data)
