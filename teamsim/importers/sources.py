"""Ownership inputs from several files at once: scenario, catalog, edge list, CODEOWNERS.

``teamsim ownership SOURCE...`` accepts any mix of

* a teamsim scenario (``.yaml``/``.yml``/``.json`` holding ``services:``, ``teams:`` ...);
* a Backstage catalog: a folder, or a YAML file whose first entity has
  ``apiVersion`` and ``kind`` (:mod:`teamsim.importers.backstage`);
* a dependency edge list ``.csv`` with columns ``source,target[,weight]``
  (:mod:`teamsim.importers.dependencies`);
* a ``CODEOWNERS`` file (:mod:`teamsim.importers.codeowners`), applied last to
  the services read from the other sources.

They are merged with :func:`merge_scenarios`: people, teams (members and
services united) and services (dependencies united) by name.

Example
-------
>>> r = read_sources(["scenarios/service-graphs/online-boutique.csv",
...                   "scenarios/online-boutique/CODEOWNERS"],
...                  service_paths="src/{name}/")                        # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from teamsim.errors import InputError
from teamsim.importers._result import ImportResult, ImportWarning
from teamsim.importers._yaml import parse_documents, read_text
from teamsim.importers.backstage import BackstageImport, CatalogGroup, read_backstage
from teamsim.importers.codeowners import read_codeowners
from teamsim.importers.dependencies import read_dependencies
from teamsim.importers.scenario_file import load_scenario_file
from teamsim.scenario import Scenario

__all__ = ["SourcesImport", "merge_scenarios", "read_sources", "source_kind"]


class SourcesImport(ImportResult):
    """Merged scenario, warnings from every source, and the catalog groups if a catalog was read."""

    groups: list[CatalogGroup] = []


def source_kind(path: str | Path) -> str:
    """Classify an input: "backstage", "codeowners", "dependencies" or "scenario".

    Raises
    ------
    InputError
        Missing file or unknown file type.

    Example
    -------
    >>> source_kind("scenarios/service-graphs/dsb-hotel.csv")
    'dependencies'
    """
    p = Path(path)
    if p.is_dir():
        return "backstage"
    if not p.exists():
        raise InputError("file not found", file=str(path), hint="check the path")
    if p.name.lower() == "codeowners" or p.suffix.lower() == ".codeowners":
        return "codeowners"
    suffix = p.suffix.lower()
    if suffix == ".csv":
        return "dependencies"
    if suffix in (".yaml", ".yml"):
        text = read_text(p)
        try:
            docs = parse_documents(text, str(p), json_ok=False)
        except InputError:
            return "scenario"  # let the scenario loader report the YAML error
        first = next((d for d, _ in docs if d is not None), None)
        if isinstance(first, dict) and "apiVersion" in first and "kind" in first:
            return "backstage"
        return "scenario"
    if suffix == ".json":
        return "scenario"
    raise InputError(f"unknown input type {suffix or p.name!r}", file=str(path),
                     hint="give a scenario (.yaml/.json), a Backstage catalog (folder or .yaml), "
                          "a dependency list (.csv) or a CODEOWNERS file")


def merge_scenarios(scenarios: Sequence[Scenario], name: str | None = None) -> Scenario:
    """Merge scenarios by name: people, teams (members and services) and services (dependencies).

    The first scenario's tools, candidates, projects and tasks are kept; later
    ones add people, teams and services, and extend existing teams' members
    and services and existing services' dependencies.

    Example
    -------
    >>> a = Scenario.model_validate({"services": [{"name": "x", "depends_on": ["y"]}, {"name": "y"}]})
    >>> b = Scenario.model_validate({"services": [{"name": "x"}, {"name": "z", "depends_on": ["x"]}],
    ...                              "teams": [{"name": "T", "services": ["x", "z"]}]})
    >>> m = merge_scenarios([a, b])
    >>> [s.name for s in m.services], m.teams[0].service_names
    (['x', 'y', 'z'], ['x', 'z'])
    """
    if not scenarios:
        raise InputError("no inputs to merge")
    if len(scenarios) == 1:
        return scenarios[0]
    base = scenarios[0].model_dump(mode="json", exclude_defaults=True)
    people = {p["name"]: p for p in base.get("people", [])}
    teams = {t["name"]: t for t in base.get("teams", [])}
    services = {s["name"]: s for s in base.get("services", [])}

    def key(x, field):
        return x if isinstance(x, str) else x[field]

    for sc in scenarios[1:]:
        d = sc.model_dump(mode="json", exclude_defaults=True)
        for p in d.get("people", []):
            people.setdefault(p["name"], p)
        for s in d.get("services", []):
            cur = services.setdefault(s["name"], s)
            if cur is not s:
                have = {key(x, "service") for x in cur.get("depends_on", [])}
                cur.setdefault("depends_on", []).extend(
                    x for x in s.get("depends_on", []) if key(x, "service") not in have)
                for f in ("load", "description", "system", "unresolved_owner"):
                    if f in s and f not in cur:
                        cur[f] = s[f]
        for t in d.get("teams", []):
            cur = teams.setdefault(t["name"], t)
            if cur is not t:
                cur.setdefault("members", []).extend(
                    m for m in t.get("members", []) if m not in cur.get("members", []))
                have = {key(x, "name") for x in cur.get("services", [])}
                cur.setdefault("services", []).extend(
                    x for x in t.get("services", []) if key(x, "name") not in have)
                for f in ("type", "capacity"):
                    if f in t and f not in cur:
                        cur[f] = t[f]
    base.update(people=list(people.values()), teams=list(teams.values()),
                services=list(services.values()))
    if name:
        base["name"] = name
    owned = {key(x, "name") for t in base["teams"] for x in t.get("services", [])}
    for s in base["services"]:
        if s["name"] in owned:
            s.pop("unresolved_owner", None)
    return Scenario.model_validate(base)


def read_sources(paths: Iterable[str | Path],
                 service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/") -> SourcesImport:
    """Read and merge ownership inputs (see the module docstring).

    Parameters
    ----------
    paths : iterable of str or Path
    service_paths : mapping or str, default "{name}/"
        Service -> repository folder(s), or a template, for CODEOWNERS.

    Returns
    -------
    SourcesImport

    Raises
    ------
    InputError, ScenarioError
        No inputs, a CODEOWNERS file without any other source of services, or
        errors of the individual readers.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise InputError("no input given", hint="give a scenario, a catalog, a dependency CSV "
                         "and/or a CODEOWNERS file")
    scenarios: list[Scenario] = []
    warnings: list[ImportWarning] = []
    sources: list[str] = []
    groups: list[CatalogGroup] = []
    owners_files = []
    for p in paths:
        kind = source_kind(p)
        if kind == "codeowners":
            owners_files.append(p)
            continue
        if kind == "backstage":
            r: ImportResult = read_backstage(p)
            assert isinstance(r, BackstageImport)
            groups.extend(r.groups)
        elif kind == "dependencies":
            r = read_dependencies(p)
        else:
            r = ImportResult(scenario=load_scenario_file(p), sources=[str(p)])
        scenarios.append(r.scenario)
        warnings.extend(r.warnings)
        sources.extend(r.sources)
    if owners_files and not scenarios:
        raise InputError("a CODEOWNERS file needs the services it covers", file=str(owners_files[0]),
                         hint="also give a dependency CSV, a catalog or a scenario listing services")
    name = " + ".join(p.name for p in paths)
    scenario = merge_scenarios(scenarios, name=name if len(paths) > 1 else None)
    for f in owners_files:
        r = read_codeowners(f, scenario, service_paths)
        scenario = r.scenario.model_copy(update={"name": name})
        warnings.extend(r.warnings)
        sources.extend(r.sources)
    return SourcesImport(scenario=scenario, warnings=warnings, sources=sources, groups=groups)
