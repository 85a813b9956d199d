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

Examples
--------
>>> r = read_sources(["scenarios/service-graphs/online-boutique.csv",
...                   "scenarios/online-boutique/CODEOWNERS"],
...                  service_paths="src/{name}/")                        # doctest: +SKIP
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import yaml

from teamsim.errors import InputError
from teamsim.importers._result import ImportResult, ImportWarning
from teamsim.importers._yaml import read_text
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

    Examples
    --------
    >>> source_kind("scenarios/service-graphs/dsb-hotel.csv")
    'dependencies'
    """
    p = Path(path)
    if p.is_dir():
        return "backstage"
    if not p.exists():
        raise InputError("file not found", file=str(path), hint="check the path")
    if "codeowners" in p.name.lower():  # CODEOWNERS, .github/CODEOWNERS, team_CODEOWNERS ...
        return "codeowners"
    suffix = p.suffix.lower()
    if suffix == ".csv":
        return "dependencies"
    if suffix in (".yaml", ".yml"):
        keys = _first_document_keys(read_text(p))
        return "backstage" if {"apiVersion", "kind"} <= keys else "scenario"
    if suffix == ".json":
        return "scenario"
    raise InputError(f"unknown input type {suffix or p.name!r}", file=str(path),
                     hint="give a scenario (.yaml/.json), a Backstage catalog (folder or .yaml), "
                          "a dependency list (.csv) or a CODEOWNERS file (its name must contain "
                          "CODEOWNERS)")


def _first_document_keys(text: str) -> set[str]:
    """The top-level keys of the first non-empty YAML document, from PyYAML's event stream.

    Only the first document is scanned, nothing is constructed and aliases are not
    expanded, so classifying a 10,000-entity catalog costs a fraction of reading it.
    Malformed YAML gives no keys: the scenario loader then reports the error.
    """
    keys: set[str] = set()
    depth, at_key = 0, False
    try:
        for ev in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(ev, yaml.CollectionStartEvent):
                if depth == 0 and not isinstance(ev, yaml.MappingStartEvent):
                    return set()
                depth += 1
                at_key = at_key if depth > 1 else True
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
                if depth == 0:
                    return keys
                at_key = not at_key if depth == 1 else at_key
            elif depth == 1 and isinstance(ev, (yaml.ScalarEvent, yaml.AliasEvent)):
                if at_key and isinstance(ev, yaml.ScalarEvent):
                    keys.add(ev.value)
                at_key = not at_key
            elif depth == 0 and isinstance(ev, yaml.ScalarEvent) and not (
                    ev.style is None and ev.value in ("", "~", "null", "Null", "NULL")):
                return set()  # a document that is one value
    except yaml.YAMLError:
        return set()
    return keys


def _merge_person(people: dict[str, dict], p: dict) -> None:
    """Merge one source's person: tool lists united, missing fields filled."""
    cur = people.setdefault(p["name"], dict(p))
    if cur is not p:
        had = set(cur.get("tools", []))
        cur["tools"] = [*cur.get("tools", []), *(t for t in p.get("tools", []) if t not in had)]
        for f, v in p.items():
            cur.setdefault(f, v)
        if not cur["tools"]:
            cur.pop("tools")


def _merge_service(services: dict[str, dict], weight_of: dict[tuple[str, str], tuple[float, str]],
                   s: dict, label: str, warnings: list[ImportWarning]) -> None:
    """Merge one source's service into ``services``; a dependency given twice keeps the larger weight."""
    cur = services.setdefault(s["name"], {**s, "depends_on": []})
    for f in ("load", "description", "system", "unresolved_owner"):
        if f in s and f not in cur:
            cur[f] = s[f]
    for x in s.get("depends_on", []):
        tgt = x if isinstance(x, str) else x["service"]
        w = 1.0 if isinstance(x, str) else float(x.get("weight", 1.0))
        edge = (s["name"], tgt)
        if edge not in weight_of:
            weight_of[edge] = (w, label)
            cur["depends_on"].append(tgt)
            continue
        w0, l0 = weight_of[edge]
        if w != w0:
            keep = max(w, w0)
            warnings.append(ImportWarning(
                message=f"dependency {edge[0]} -> {edge[1]} has weight {w0:g} in {l0} and "
                        f"{w:g} in {label}; the larger, {keep:g}, is used",
                entity=f"service {edge[0]!r}", hint="give the weight in one source only"))
            weight_of[edge] = (keep, l0 if keep == w0 else label)


def merge_scenarios(scenarios: Sequence[Scenario], name: str | None = None, *,
                    warnings: list[ImportWarning] | None = None,
                    labels: Sequence[str] | None = None) -> Scenario:
    """Merge scenarios by name, so that the result does not depend on their order.

    Rules (also in ``docs/ownership.md``, "How sources are merged"):

    * tools, candidates, projects and tasks: the union by name (the first
      definition of a name is kept);
    * people: by name; tool lists are united and fields missing in one source
      (role, level, cost) are filled from another (a catalog User has no tools,
      a scenario person does);
    * teams: by name, **case-insensitively** (``Platform`` and ``platform`` are
      one team, spelt as first seen); members and services are united,
      interactions too;
    * services: by name (case-sensitive); dependencies are united and, when two
      sources give the same dependency different weights, the **larger** weight is
      kept with a warning (catalog edges always weigh 1, so a measured weight wins);
    * ownership: the union; when two sources name different owner teams for
      one service, the service becomes shared and a warning names both.

    Parameters
    ----------
    scenarios : sequence of Scenario
    name : str, optional
        Name of the merged scenario.
    warnings : list, optional
        Receives an :class:`ImportWarning` per conflict.
    labels : sequence of str, optional
        The source of each scenario (a file name), used in warnings.

    Returns
    -------
    Scenario

    Raises
    ------
    InputError
        No scenarios; ScenarioError if the merged scenario is invalid.

    Examples
    --------
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
    warnings = warnings if warnings is not None else []
    labels = list(labels) if labels is not None else [sc.name or f"input {i + 1}"
                                                      for i, sc in enumerate(scenarios)]
    dumps = [sc.model_dump(mode="json", exclude_defaults=True) for sc in scenarios]
    base = dict(dumps[0])

    def key(x, field):
        return x if isinstance(x, str) else x[field]

    def union(field: str) -> list[dict]:
        seen: dict[str, dict] = {}
        for d in dumps:
            for x in d.get(field, []):
                seen.setdefault(x["name"], x)
        return list(seen.values())

    for f in ("tools", "candidates", "projects", "tasks"):
        base[f] = union(f)
    people: dict[str, dict] = {}
    teams: dict[str, dict] = {}
    services: dict[str, dict] = {}
    weight_of: dict[tuple[str, str], tuple[float, str]] = {}
    owners_by_source: dict[str, dict[str, set[str]]] = {}
    team_members: dict[str, set[str]] = {}
    for d, label in zip(dumps, labels):
        for p in d.get("people", []):
            _merge_person(people, p)
        for s in d.get("services", []):
            _merge_service(services, weight_of, s, label, warnings)
        for t in d.get("teams", []):
            k = t["name"].lower()
            cur = teams.setdefault(k, {**t, "members": [], "services": [], "interactions": []})
            have_members = team_members.setdefault(k, set())
            for m in t.get("members", []):
                if m not in have_members:
                    have_members.add(m)
                    cur["members"].append(m)
            have = {key(x, "name") for x in cur["services"]}
            cur["services"].extend(x for x in t.get("services", []) if key(x, "name") not in have)
            hv = {(x["team"].lower(), x.get("mode")) for x in cur["interactions"]}
            cur["interactions"].extend(x for x in t.get("interactions", [])
                                       if (x["team"].lower(), x.get("mode")) not in hv)
            for f in ("type", "capacity"):
                if f in t and f not in cur:
                    cur[f] = t[f]
            for x in t.get("services", []):
                owners_by_source.setdefault(key(x, "name"), {}).setdefault(label, set()).add(
                    cur["name"])
    for s in services.values():
        s["depends_on"] = [t if weight_of[(s["name"], t)][0] == 1.0 else
                           {"service": t, "weight": weight_of[(s["name"], t)][0]}
                           for t in s["depends_on"]]
        if not s["depends_on"]:
            s.pop("depends_on")
    canon = {k: t["name"] for k, t in teams.items()}
    for t in teams.values():
        t["interactions"] = [{**x, "team": canon.get(x["team"].lower(), x["team"])}
                             for x in t["interactions"]]
        for f in ("members", "services", "interactions"):
            if not t[f]:
                t.pop(f)
    warnings += [ImportWarning(
        message=f"sources disagree about the owner of {svc!r} ("
                + "; ".join(f"{lab}: {', '.join(sorted(v))}" for lab, v in by.items())
                + "); it is shared by all",
        entity=f"service {svc!r}", hint="name the same owner team in every source")
        for svc, by in owners_by_source.items() if len({frozenset(v) for v in by.values()}) > 1]
    base.update(people=list(people.values()), teams=list(teams.values()),
                services=list(services.values()))
    if name:
        base["name"] = name
    owned = {key(x, "name") for t in base["teams"] for x in t.get("services", [])}
    for s in base["services"]:
        if s["name"] in owned:
            s.pop("unresolved_owner", None)
    return Scenario.model_validate(base)


def _check_csv_names(scenarios: Sequence[Scenario], kinds: Sequence[str],
                     warnings: list[ImportWarning], files: Sequence[str]) -> None:
    """Warn about dependency-CSV services that no other source knows, with a "did you mean"."""
    known = {s.name for sc, k in zip(scenarios, kinds) if k != "dependencies" for s in sc.services}
    if not known:
        return
    lower: dict[str, str] = {}
    for n in sorted(known):
        lower.setdefault(n.lower(), n)
    for sc, k, file in zip(scenarios, kinds, files):
        if k != "dependencies":
            continue
        for s in sc.services:
            if s.name in known:
                continue
            guess = lower.get(s.name.lower()) or next(iter(
                difflib.get_close_matches(s.name, sorted(known), n=1, cutoff=0.6)), None)
            warnings.append(ImportWarning(
                message=f"service {s.name!r} is in no other source; it is added as a new, unowned "
                        "service" + (f" (did you mean {guess!r}?)" if guess else ""),
                file=file, entity=f"service {s.name!r}",
                hint=f"rename it to {guess!r} in the CSV" if guess else
                     "check the spelling, or add the service to the catalog/scenario"))


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
    no_folder: list[str] = []
    owners_files = []
    labels: list[str] = []
    kinds: list[str] = []
    files: list[str] = []
    for p in paths:
        kind = source_kind(p)
        if kind == "codeowners":
            owners_files.append(p)
            continue
        if kind == "backstage":
            r: ImportResult = read_backstage(p)
            assert isinstance(r, BackstageImport)
            groups.extend(r.groups)
            no_folder.extend(r.no_folder)
        elif kind == "dependencies":
            r = read_dependencies(p)
        else:
            r = ImportResult(scenario=load_scenario_file(p), sources=[str(p)])
        scenarios.append(r.scenario)
        labels.append(p.name)
        kinds.append(kind)
        files.append(str(p))
        warnings.extend(r.warnings)
        sources.extend(r.sources)
    _check_csv_names(scenarios, kinds, warnings, files)
    if owners_files and not scenarios:
        raise InputError("a CODEOWNERS file needs the services it covers", file=str(owners_files[0]),
                         hint="also give a dependency CSV, a catalog or a scenario listing services")
    name = " + ".join(p.name for p in paths)
    scenario = merge_scenarios(scenarios, name=name if len(paths) > 1 else None, warnings=warnings,
                               labels=labels)
    for f in owners_files:
        r = read_codeowners(f, scenario, service_paths, no_folder=no_folder)
        scenario = r.scenario.model_copy(update={"name": name})
        warnings.extend(r.warnings)
        sources.extend(r.sources)
    return SourcesImport(scenario=scenario, warnings=warnings, sources=sources, groups=groups)
