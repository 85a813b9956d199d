"""Skills coverage of services: can the team that owns a service run it?

"You build it, you run it" means that the team owning a service must hold the
cognitive tools the service needs (``services[].tools`` in the scenario). This
module joins the two halves of teamsim, people's tools and service ownership:

* :func:`coverage_report`: for each service, the tools it needs, which members
  of its owner team(s) hold each one, the missing tools and the **skills truck
  factor**; for each team its **cognitive load** (Skelton & Pais 2019) against
  configurable limits, with warnings;
* :func:`skills_truck_factor`: the fewest owner-team members whose leaving
  uncovers a needed tool. A set of leavers uncovers tool ``t`` exactly when it
  contains every holder of ``t``, so the truck factor is
  ``min_t |holders(t)|``: exact for any team size, in linear time;
* :func:`knowledge_truck_factor`: the truck factor of a service's code from
  git history, with the algorithm of Avelino et al. (2016);
* :func:`departure`: what leaves with a set of people, and who could cover
  each gap (the people with the shortest learning path, in any team);
* :func:`tools_from_catalog`, :func:`service_tools_from_git`: where
  ``services[].tools`` come from when the input is a Backstage catalog or a
  repository.

Cognitive load of a team: the distinct tools, services and domains it must
hold. A domain is a service's ``system``; services without a system count as
one domain together. Team Topologies advises no more than two or three simple
domains, or one complicated one, per team (Skelton & Pais 2019, ch. 3
"Team-First Thinking", "Restrict team responsibilities to match team
cognitive load"); the default domain limit is therefore 3, the tool and
service limits are off unless set.

References
----------
.. [1] G. Avelino, L. Passos, A. Hora and M. T. Valente, "A novel approach for
   estimating truck factors", *Proc. 24th IEEE International Conference on
   Program Comprehension (ICPC)*, 2016, doi:10.1109/ICPC.2016.7503718.
   Degree of authorship, eq. (1); truck-factor algorithm, Algorithm 1.
.. [2] M. Skelton and M. Pais, *Team Topologies*, IT Revolution, 2019,
   ch. 3 "Team-First Thinking".

Examples
--------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({
...     "tools": [{"name": "Go"}, {"name": "SQL"}],
...     "people": [{"name": "Ann", "tools": ["Go", "SQL"]}, {"name": "Bo", "tools": ["Go"]}],
...     "teams": [{"name": "T", "members": ["Ann", "Bo"], "services": ["api"]}],
...     "services": [{"name": "api", "tools": ["Go", "SQL"]}]})
>>> r = coverage_report(s).services[0]
>>> r.holders, r.missing_tools, r.truck_factor, r.critical
({'Go': ['Ann', 'Bo'], 'SQL': ['Ann']}, [], 1, ['Ann'])
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from pydantic import Field

from teamsim._results import Result
from teamsim.ability import tool_matrix
from teamsim.budget import seconds
from teamsim.errors import InputError
from teamsim.importers.git import TOOL_RULES, GitLog, tool_of
from teamsim.ownership import service_folders
from teamsim.prerequisites import closure_table
from teamsim.scenario import Scenario

__all__ = [
    "TOOLS_ANNOTATION",
    "CognitiveLoad",
    "CoverageAnalysis",
    "CoverageReport",
    "Departure",
    "KnowledgeTruckFactor",
    "LoadLimits",
    "LostTool",
    "ServiceHire",
    "ServiceHiring",
    "ServiceCoverage",
    "add_git_tools",
    "coverage_analysis",
    "coverage_report",
    "degree_of_authorship",
    "departure",
    "hire_for_services",
    "knowledge_truck_factor",
    "service_files",
    "service_tools_from_git",
    "skills_truck_factor",
    "tools_from_catalog",
]

TOOLS_ANNOTATION = "teamsim.io/tools"
"""Backstage annotation listing the tools a component needs: ``"Go, Kubernetes, SQL:2"``."""


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


class ServiceCoverage(Result):
    """Coverage of one service by its owner team(s).

    Attributes
    ----------
    name : str
    team : str or None
        Owner team (owners joined by ", " when shared; None when unowned).
    tools : list of str
        Needed tools.
    weights : dict of str to float
        Weight of each needed tool.
    holders : dict of str to list of str
        Needed tool -> owner-team members who hold it (prerequisites implied).
    missing_tools : list of str
        Needed tools no owner-team member holds.
    truck_factor : int or None
        Skills truck factor (:func:`skills_truck_factor`); None when the
        service needs no tools.
    critical : list of str
        Members who are the only holder of a needed tool.
    knowledge : KnowledgeTruckFactor or None
        From git history when a log was given.
    """

    name: str
    team: str | None
    tools: list[str]
    weights: dict[str, float]
    holders: dict[str, list[str]]
    missing_tools: list[str]
    truck_factor: int | None
    critical: list[str]
    knowledge: KnowledgeTruckFactor | None = None


class LoadLimits(Result):
    """Cognitive-load limits of one team (None: no limit).

    Default: at most 3 domains (Skelton & Pais 2019, ch. 3: two or three simple
    domains per team).

    Examples
    --------
    >>> LoadLimits(max_tools=8).max_domains
    3
    """

    max_tools: int | None = Field(default=None, ge=0)
    max_services: int | None = Field(default=None, ge=0)
    max_domains: int | None = Field(default=3, ge=0)


class CognitiveLoad(Result):
    """A team's cognitive load: the distinct tools, services and domains it must hold.

    Attributes
    ----------
    name : str
        The team.
    members : int
    tools, services, domains : int
    missing_tools : int
        (service, tool) pairs of its services that no member holds.
    warnings : list of str
        One per limit exceeded.
    """

    name: str
    members: int
    tools: int
    services: int
    domains: int
    missing_tools: int
    warnings: list[str] = Field(default_factory=list)


class CoverageReport(Result):
    """Coverage of every service and the cognitive load of every team.

    Attributes
    ----------
    services : list of ServiceCoverage
    teams : list of dict
        Each ``{"name", "cognitive_load": CognitiveLoad}``.
    uncovered : int
        Services missing at least one needed tool (unowned services with
        needed tools included).
    min_truck_factor : int or None
        Smallest skills truck factor over services that need tools.
    warnings : list of str
    """

    services: list[ServiceCoverage]
    teams: list[dict]
    uncovered: int
    min_truck_factor: int | None
    warnings: list[str]


# ----------------------------------------------------------------------------- truck factors
def skills_truck_factor(holders: Mapping[str, Sequence[str]]) -> int | None:
    """Fewest people whose leaving uncovers a needed tool: ``min_t |holders(t)|``.

    Leaving people uncover tool ``t`` exactly when they include all its
    holders, so the smallest such set is the holders of the least-held tool.

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
    G. Avelino, L. Passos, A. Hora, M. T. Valente, "A novel approach for
    estimating truck factors", ICPC 2016, eq. (1) and Algorithm 1.

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


# ----------------------------------------------------------------------------- sources of tools
def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9#+]", "", s.lower())


def tools_from_catalog(tags: Iterable[str], annotations: Mapping[str, str] | None,
                       tool_names: Iterable[str]) -> tuple[list[str | dict], list[str]]:
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
    knowledge_truck_factor : The truck factor of these files.

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


# ----------------------------------------------------------------------------- coverage
def _owners(scenario: Scenario) -> dict[str, list[int]]:
    owners: dict[str, list[int]] = defaultdict(list)
    for j, t in enumerate(scenario.teams):
        for s in t.service_names:
            owners[s].append(j)
    return owners


def _domains(scenario: Scenario, names: Iterable[str]) -> int:
    systems = {s.name: s.system for s in scenario.services}
    return len({systems[n] for n in names})


def coverage_report(scenario: Scenario, *, limits: LoadLimits | None = None, log: GitLog | None = None,
                    service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/") -> CoverageReport:
    """Coverage of every service by its owner team(s), and every team's cognitive load.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, teams, services and the tools they need.
    limits : LoadLimits, optional
        Cognitive-load limits (default :class:`LoadLimits`).
    log : GitLog, optional
        Git history: adds each service's knowledge truck factor
        (:func:`knowledge_truck_factor` over :func:`service_files`).
    service_paths : str or mapping, default "{name}/"
        Folders of each service in ``log``.

    Returns
    -------
    CoverageReport

    See Also
    --------
    coverage_analysis : With the what-ifs.
    skills_truck_factor : The truck factor of a service's tools.
    knowledge_truck_factor : The truck factor of its code.

    References
    ----------
    Skelton & Pais 2019, ch. 3 (cognitive load); Avelino et al. 2016 (knowledge truck factor).

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "Rust"}], "people": [{"name": "Ann"}],
    ...     "teams": [{"name": "T", "members": ["Ann"], "services": ["x"]}],
    ...     "services": [{"name": "x", "tools": ["Rust"]}]})
    >>> r = coverage_report(s)
    >>> r.services[0].missing_tools, r.services[0].truck_factor, r.uncovered
    (['Rust'], 0, 1)
    """
    limits = limits or LoadLimits()
    m = tool_matrix(scenario)
    col = {t: j for j, t in enumerate(m.tools)}
    row = {p: i for i, p in enumerate(m.people)}
    owners = _owners(scenario)
    members = [np.array([row[p] for p in t.members], dtype=np.intp) for t in scenario.teams]
    people = [p.name for p in scenario.people]
    if log is not None:
        changes, creator = _authorship(log)
        files = _files_by_service(log, [s.name for s in scenario.services], service_paths)
    out = []
    for s in scenario.services:
        w = s.tool_weights
        own = owners.get(s.name, [])
        rows = np.unique(np.concatenate([members[j] for j in own])) if own else np.zeros(0, np.intp)
        sub = m.held[np.ix_(rows, [col[t] for t in w])]
        holders = {t: [m.people[rows[i]] for i in np.flatnonzero(sub[:, k])] for k, t in enumerate(w)}
        sole = sorted({v[0] for v in holders.values() if len(v) == 1})
        know = None
        if log is not None:
            know = _truck_factor({f: changes[f] for f in files[s.name]}, creator, people)
        out.append(ServiceCoverage(
            name=s.name, team=", ".join(scenario.teams[j].name for j in own) or None, tools=list(w),
            weights=w, holders=holders, missing_tools=[t for t, v in holders.items() if not v],
            truck_factor=skills_truck_factor(holders), critical=sole, knowledge=know))
    teams, warnings = [], []
    by_name = {c.name: c for c in out}
    for t in scenario.teams:
        cov = [by_name[n] for n in t.service_names]
        load = CognitiveLoad(name=t.name, members=len(t.members),
                             tools=len({x for c in cov for x in c.tools}), services=len(cov),
                             domains=_domains(scenario, t.service_names),
                             missing_tools=sum(len(c.missing_tools) for c in cov))
        warn = [f"team {t.name!r} must hold {getattr(load, k)} {k}, over the limit of {lim}"
                for k, lim in (("tools", limits.max_tools), ("services", limits.max_services),
                               ("domains", limits.max_domains))
                if lim is not None and getattr(load, k) > lim]
        load = load.model_copy(update={"warnings": warn})
        warnings.extend(warn)
        teams.append({"name": t.name, "cognitive_load": load})
    for c in out:
        if c.team is None and c.tools:
            warnings.append(f"service {c.name!r} has no owner team: nobody covers {', '.join(c.tools)}")
    tfs = [c.truck_factor for c in out if c.truck_factor is not None]
    return CoverageReport(services=out, teams=teams, uncovered=sum(bool(c.missing_tools) for c in out),
                          min_truck_factor=min(tfs, default=None), warnings=warnings)


# ----------------------------------------------------------------------------- departures
class LostTool(Result):
    """A needed tool a service loses when people leave, and who could cover it.

    Attributes
    ----------
    service, tool : str
    team : str or None
        The service's owner team(s).
    cover : list of dict
        Up to five people who stay, closest first: ``{"person", "team", "steps"}``
        where ``steps`` is the number of tools they must learn (the tool and
        its missing prerequisites; 0 when they already hold it).
    """

    service: str
    tool: str
    team: str | None
    cover: list[dict]


class Departure(Result):
    """What leaves with a set of people.

    Attributes
    ----------
    leaving : list of str
    lost : list of LostTool
        Each (service, tool) whose coverage is lost.
    services_uncovered : list of str
        Services covered before and not after.
    truck_factor_before, truck_factor_after : dict of str to int or None
        Skills truck factor of each service touched.
    knowledge_share : dict of str to float
        Service -> share of its changes made by the leavers (when a log was given).
    """

    leaving: list[str]
    lost: list[LostTool]
    services_uncovered: list[str]
    truck_factor_before: dict[str, int | None]
    truck_factor_after: dict[str, int | None]
    knowledge_share: dict[str, float] = Field(default_factory=dict)


def departure(scenario: Scenario, leaving: Iterable[str], *, log: GitLog | None = None,
              service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/",
              top: int = 5) -> Departure:
    """Departure what-if: which services lose coverage, what knowledge leaves, who could cover.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, teams, services and the tools they need.
    leaving : iterable of str
        People who leave.
    log : GitLog, optional
        Adds each service's share of changes made by the leavers.
    service_paths : str or mapping
        Folders of each service in ``log``.
    top : int, default 5
        Cover candidates listed per lost tool.

    Returns
    -------
    Departure

    Raises
    ------
    ScenarioError
        An unknown person.

    See Also
    --------
    coverage_analysis : The report with this what-if.
    teamsim.hiring.departure.departure : What a team loses when someone leaves.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "Go"}, {"name": "K8s", "requires": ["Go"]}],
    ...     "people": [{"name": "Ann", "tools": ["K8s"]}, {"name": "Bo"}, {"name": "Cy", "tools": ["Go"]}],
    ...     "teams": [{"name": "T", "members": ["Ann", "Bo"], "services": ["x"]},
    ...               {"name": "U", "members": ["Cy"]}],
    ...     "services": [{"name": "x", "tools": ["K8s"]}]})
    >>> d = departure(s, ["Ann"])
    >>> d.services_uncovered, d.lost[0].cover
    (['x'], [{'person': 'Cy', 'team': 'U', 'steps': 1}, {'person': 'Bo', 'team': 'T', 'steps': 2}])
    """
    gone = list(dict.fromkeys(leaving))
    for p in gone:
        scenario.person(p)
    before = coverage_report(scenario, log=log, service_paths=service_paths)
    left = set(gone)
    m = tool_matrix(scenario)
    stay = np.array([p not in left for p in m.people])
    col = {t: j for j, t in enumerate(m.tools)}
    table = closure_table(scenario)
    team_of: dict[str, str] = {}
    for t in scenario.teams:
        for p in t.members:
            team_of.setdefault(p, t.name)
    lost, uncovered, tf0, tf1, share = [], [], {}, {}, {}
    for c in before.services:
        after = {t: [p for p in v if p not in left] for t, v in c.holders.items()}
        if after == c.holders:
            continue
        tf0[c.name], tf1[c.name] = c.truck_factor, skills_truck_factor(after)
        newly = [t for t, v in after.items() if not v and c.holders[t]]
        if newly and not c.missing_tools:
            uncovered.append(c.name)
        for t in newly:
            need = np.zeros(len(m.tools), bool)
            need[[col[x] for x in table[t]]] = True
            steps = (need & ~m.held).sum(axis=1)
            cand = np.flatnonzero(stay)
            cand = cand[np.lexsort((cand, steps[cand]))][:top]
            lost.append(LostTool(service=c.name, tool=t, team=c.team, cover=[
                {"person": m.people[i], "team": team_of.get(m.people[i]), "steps": int(steps[i])}
                for i in cand]))
    if log is not None:
        for c in before.services:
            if c.knowledge is not None and c.knowledge.files:
                k = sum(v for a, v in c.knowledge.change_share.items() if a in left)
                if k > 0:
                    share[c.name] = k
    return Departure(leaving=gone, lost=lost, services_uncovered=uncovered, truck_factor_before=tf0,
                     truck_factor_after=tf1, knowledge_share=share)


# ----------------------------------------------------------------------------- hiring for services
class ServiceHire(Result):
    """One candidate: the coverage they would add to a team's services.

    Attributes
    ----------
    name : str
    gain : float
        Weighted (service, tool) holder deficits they fill, divided by the
        redundancy: 1 per needed tool of weight 1 brought to full redundancy.
    cost : float or None
    gain_per_cost : float or None
    tools : list of str
        Needed tools below redundancy that they hold.
    """

    name: str
    gain: float
    cost: float | None
    gain_per_cost: float | None
    tools: list[str]


class ServiceHiring(Result):
    """Candidates ranked for a team's services, and the best set of hires within a budget.

    Attributes
    ----------
    team : str
    ranking : list of ServiceHire
        By gain per cost (gain when costs are missing), then gain, then name.
    hires : list of str
        The best set within the budget (empty without a budget).
    gain : float
        Coverage the set adds.
    bound : float or None
        Upper bound on any set's gain within the budget (equal to ``gain`` when exact).
    method : str
        "milp" (exact), "greedy" (with the LP-relaxation bound) or "none".
    """

    team: str
    ranking: list[ServiceHire]
    hires: list[str]
    gain: float
    bound: float | None
    method: str


def _deficits(scenario: Scenario, team: str, redundancy: int):
    t = scenario.team(team)
    m = tool_matrix(scenario, [*t.members, *(c.name for c in scenario.candidates)])
    col = {x: j for j, x in enumerate(m.tools)}
    n = len(t.members)
    pairs = [(s.name, x, w) for s in scenario.services if s.name in t.service_names
             for x, w in s.tool_weights.items()]
    cols = np.array([col[x] for _, x, _ in pairs], dtype=np.intp)
    have = m.held[:n][:, cols].sum(axis=0) if len(pairs) else np.zeros(0)
    short = np.maximum(redundancy - have, 0)
    return pairs, m.held[n:][:, cols], short, np.array([w for *_, w in pairs], float)


def hire_for_services(scenario: Scenario, team: str, *, budget: float | None = None,
                      redundancy: int = 1, max_exact: int = 200, time_limit: float = 30.0) -> ServiceHiring:
    """Rank the scenario's candidates by the coverage they add to a team's services; best hires in a budget.

    The gain of a set H is ``sum_(s,t) w_st min(short_st, |H holding t|) / r`` over the team's
    services s and needed tools t, where ``short_st`` is how many holders the team lacks to reach
    redundancy r. The best set within the budget is a small integer program (exact, HiGHS, for
    pools up to ``max_exact`` candidates) or, for larger pools, greedy by gain per cost with
    the LP relaxation as the upper bound.

    Parameters
    ----------
    scenario : Scenario
        Candidates under ``candidates:`` with ``cost`` (needed with a budget).
    team : str
        The team whose services need covering.
    budget : float, optional
        Total cost allowed.
    redundancy : int, default 1
        r: how many team members should hold each tool a service needs (>= 1).
    max_exact : int, default 200
        Solve the integer program exactly for pools up to this many candidates;
        greedy above.
    time_limit : float, default 30
        Seconds for the integer program (> 0).

    Returns
    -------
    ServiceHiring

    Raises
    ------
    InputError
        Bad budget or redundancy, or a candidate without a cost when a budget is given.

    See Also
    --------
    coverage_report : The coverage it improves.
    teamsim.hiring.rank_candidates : Candidates ranked by team ability instead.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "Go"}, {"name": "SQL"}],
    ...     "people": [{"name": "Ann", "tools": ["Go"]}],
    ...     "candidates": [{"name": "Cy", "tools": ["SQL"], "cost": 2},
    ...                    {"name": "Di", "tools": ["Go", "SQL"], "cost": 5}],
    ...     "teams": [{"name": "T", "members": ["Ann"], "services": ["api"]}],
    ...     "services": [{"name": "api", "tools": ["Go", {"name": "SQL", "weight": 3}]}]})
    >>> h = hire_for_services(s, "T", budget=4)
    >>> [(c.name, c.gain, c.gain_per_cost) for c in h.ranking], h.hires, h.gain, h.method
    ([('Cy', 3.0, 1.5), ('Di', 3.0, 0.6)], ['Cy'], 3.0, 'milp')
    """
    if redundancy < 1:
        raise InputError("redundancy must be at least 1", entity="redundancy", hint="e.g. 1 or 2")
    seconds("time_limit", time_limit)
    if budget is not None and not (math.isfinite(budget) and budget >= 0):
        raise InputError(f"budget {budget!r} is not a non-negative number", entity="budget",
                         hint="give a total cost, e.g. 250000")
    pairs, held, short, w = _deficits(scenario, team, redundancy)
    cands = scenario.candidates
    gains = (held & (short > 0)) @ w / redundancy if len(pairs) else np.zeros(len(cands))
    ranking = []
    for i, c in enumerate(cands):
        per = None if not c.cost else float(gains[i]) / c.cost
        ranking.append(ServiceHire(name=c.name, gain=float(gains[i]), cost=c.cost, gain_per_cost=per,
                                   tools=sorted({x for j, (_, x, _) in enumerate(pairs)
                                                 if short[j] > 0 and held[i, j]})))
    ranking.sort(key=lambda h: (-(h.gain_per_cost if h.gain_per_cost is not None else h.gain),
                                -h.gain, h.name))
    if budget is None or not cands:
        return ServiceHiring(team=team, ranking=ranking, hires=[], gain=0.0, bound=None, method="none")
    missing = [c.name for c in cands if c.cost is None]
    if missing:
        raise InputError(f"candidate {missing[0]!r} has no cost", entity=f"candidate {missing[0]!r}",
                         hint="give every candidate a cost: to choose hires within a budget")
    cost = np.array([c.cost for c in cands], float)
    chosen, gain, bound, method = _best_hires(held, short, w / redundancy, cost, budget,
                                              len(cands) <= max_exact, time_limit)
    return ServiceHiring(team=team, ranking=ranking, hires=[cands[i].name for i in chosen],
                         gain=gain, bound=bound, method=method)


def _best_hires(held, short, w, cost, budget, exact, time_limit):
    """max sum w g, g <= short, g <= held^T x, cost x <= budget (x binary; LP bound if not exact)."""
    import scipy.sparse as sp
    from scipy.optimize import LinearConstraint

    from teamsim._milp import solve_milp

    n, q = held.shape
    A1 = sp.hstack([-sp.csr_array(held.T.astype(float)), sp.identity(q)], format="csr")
    A2 = sp.csr_array(np.concatenate([cost, np.zeros(q)])[None, :])
    c = np.concatenate([np.zeros(n), -w])
    ub = np.concatenate([np.ones(n), short.astype(float)])
    cons = [LinearConstraint(A1, -np.inf, 0), LinearConstraint(A2, -np.inf, budget)]
    integ = np.concatenate([np.ones(n) if exact else np.zeros(n), np.zeros(q)])
    r = solve_milp(c, cons, integrality=integ, lb=np.zeros(n + q), ub=ub, time_limit=time_limit)
    bound = None if r.bound is None else -r.bound

    def value(sel):
        return float(w @ np.minimum(short, held[sel].sum(axis=0))) if len(sel) else 0.0

    if exact and r.x is not None:
        sel = sorted(np.flatnonzero(r.x[:n] > 0.5).tolist())
        return sel, value(sel), bound if not r.optimal else value(sel), "milp"
    sel: list[int] = []
    left = float(budget)
    while True:
        base = value(sel)
        best, score = None, 0.0
        for i in range(n):
            if i not in sel and cost[i] <= left + 1e-9:
                g = value([*sel, i]) - base
                s_ = g / cost[i] if cost[i] > 0 else (np.inf if g > 0 else 0.0)
                if g > 1e-12 and s_ > score:
                    best, score = i, s_
        if best is None:
            break
        sel.append(best)
        left -= cost[best]
    return sorted(sel), value(sel), bound, "greedy"


class CoverageAnalysis(CoverageReport):
    """A :class:`CoverageReport` with the what-ifs asked for (``teamsim coverage --json``).

    Attributes
    ----------
    departure : Departure or None
        The departure what-if (:func:`departure`), when people leave.
    hiring : ServiceHiring or None
        The candidates for a team's services (:func:`hire_for_services`), when asked.
    """

    departure: Departure | None = None
    hiring: ServiceHiring | None = None


def coverage_analysis(scenario: Scenario, *, limits: LoadLimits | None = None, log: GitLog | None = None,
                      service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/",
                      leaving: Iterable[str] = (), hire_for: str | None = None, budget: float | None = None,
                      redundancy: int = 1) -> CoverageAnalysis:
    """The coverage report, with the departure what-if of ``leaving`` and the hiring for ``hire_for``.

    Parameters
    ----------
    scenario, limits, log, service_paths
        As :func:`coverage_report`.
    leaving : iterable of str, default ()
        People who leave (:func:`departure`); none: no departure what-if.
    hire_for : str, optional
        Team whose services the candidates are ranked for (:func:`hire_for_services`).
    budget : float, optional
        Total cost of the hires (:func:`hire_for_services`).
    redundancy : int, default 1
        Holders wanted per needed tool (:func:`hire_for_services`).

    Returns
    -------
    CoverageAnalysis

    See Also
    --------
    coverage_report : The report alone.
    departure : The departure what-if.
    hire_for_services : The hiring what-if.

    Examples
    --------
    >>> s = Scenario.model_validate({"tools": [{"name": "go"}], "people": [{"name": "ann", "tools": ["go"]}],
    ...     "teams": [{"name": "A", "members": ["ann"], "services": ["api"]}],
    ...     "services": [{"name": "api", "tools": ["go"]}]})
    >>> a = coverage_analysis(s, leaving=["ann"])
    >>> a.services[0].truck_factor, a.departure.services_uncovered, a.hiring
    (1, ['api'], None)
    """
    leaving = list(leaving)
    r = coverage_report(scenario, limits=limits, log=log, service_paths=service_paths)
    d = departure(scenario, leaving, log=log, service_paths=service_paths) if leaving else None
    h = hire_for_services(scenario, hire_for, budget=budget, redundancy=redundancy) if hire_for else None
    return CoverageAnalysis(**dict(r), departure=d, hiring=h)
