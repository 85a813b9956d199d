"""The coverage report: per service its holders, missing tools and truck factor; per team its
cognitive load.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from pydantic import Field

from teamsim._results import Result
from teamsim.ability import tool_matrix
from teamsim.coverage.tools import _files_by_service
from teamsim.coverage.truckfactor import KnowledgeTruckFactor, _authorship, _truck_factor, skills_truck_factor
from teamsim.importers.git import GitLog
from teamsim.scenario import Scenario

__all__ = ["CognitiveLoad", "CoverageReport", "LoadLimits", "ServiceCoverage", "coverage_report"]


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
    teams: list[dict[str, Any]]
    uncovered: int
    min_truck_factor: int | None
    warnings: list[str]


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
    teamsim.coverage.coverage_analysis : With the what-ifs.
    skills_truck_factor : The truck factor of a service's tools.
    teamsim.coverage.knowledge_truck_factor : The truck factor of its code.

    References
    ----------
    .. [1] M. Skelton and M. Pais, *Team Topologies*, IT Revolution, 2019, ch. 3
       "Team-First Thinking", "Restrict team responsibilities to match team cognitive
       load" (the domain limit; the book has no equations).
    .. [2] G. Avelino, L. Passos, A. Hora and M. T. Valente, "A novel approach for
       estimating truck factors", ICPC 2016, eq. (1) and Algorithm 1 (knowledge truck factor).

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
        sub = m.held[np.ix_(rows, np.array([col[t] for t in w], dtype=np.intp))]
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
