"""Merging scenarios read from several sources: scenario, catalog, edge list, org CSV, git.

:func:`merge_scenarios` unites people, teams (members and services) and services
(dependencies) by name, in any order; :func:`check_csv_names` warns about
dependency-list services no other source knows. :func:`teamsim.importers.read`
reads the sources and calls both.

Examples
--------
>>> from teamsim.importers import read
>>> r = read(["scenarios/service-graphs/online-boutique.csv",
...           "scenarios/online-boutique/CODEOWNERS"], service_paths="src/{name}/")
>>> len(r.scenario.services), len(r.scenario.teams)
(13, 5)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from teamsim.errors import InputError
from teamsim.importers._result import ImportWarning
from teamsim.scenario import Scenario

__all__ = ["check_csv_names", "merge_scenarios"]

_Entry = dict[str, Any]   # a person, service or team as dumped from a scenario


def _merge_person(people: dict[str, _Entry], p: _Entry) -> None:
    """Merge one source's person: tool lists united, missing fields filled."""
    cur = people.setdefault(p["name"], dict(p))
    if cur is not p:
        had = set(cur.get("tools", []))
        cur["tools"] = [*cur.get("tools", []), *(t for t in p.get("tools", []) if t not in had)]
        for f, v in p.items():
            cur.setdefault(f, v)
        if not cur["tools"]:
            cur.pop("tools")


def _merge_service(services: dict[str, _Entry], weight_of: dict[tuple[str, str], tuple[float, str]],
                   s: _Entry, label: str, warnings: list[ImportWarning]) -> None:
    """Merge one source's service into ``services``; a dependency given twice keeps the larger weight."""
    cur = services.setdefault(s["name"], {**s, "depends_on": []})
    for f in ("load", "description", "system", "unresolved_owner"):
        if f in s and f not in cur:
            cur[f] = s[f]
    have = {_name_of(x, "name") for x in cur.get("tools", [])}  # needed tools: the union
    cur["tools"] = [*cur.get("tools", []),
                    *(x for x in s.get("tools", []) if _name_of(x, "name") not in have)]
    if not cur["tools"]:
        cur.pop("tools")
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
                entity=f"service {edge[0]!r}", hint="give the weight in one source only",
                kind="dependency weights differ"))
            weight_of[edge] = (keep, l0 if keep == w0 else label)


def _name_of(x: str | _Entry, field: str) -> str:
    """The name in a plain-string or dict entry (``field`` of a dict)."""
    return x if isinstance(x, str) else cast(str, x[field])   # names are validated text


def _merge_team(teams: dict[str, _Entry], team_members: dict[str, set[str]],
                owners_by_source: dict[str, dict[str, set[str]]], t: _Entry, label: str) -> None:
    """Merge team ``t`` of source ``label`` into ``teams`` (case-insensitively), noting its owners."""
    k = t["name"].lower()
    cur = teams.setdefault(k, {**t, "members": [], "services": [], "interactions": []})
    have_members = team_members.setdefault(k, set())
    for m in t.get("members", []):
        if m not in have_members:
            have_members.add(m)
            cur["members"].append(m)
    have = {_name_of(x, "name") for x in cur["services"]}
    cur["services"].extend(x for x in t.get("services", []) if _name_of(x, "name") not in have)
    hv = {(x["team"].lower(), x.get("mode")) for x in cur["interactions"]}
    cur["interactions"].extend(x for x in t.get("interactions", [])
                               if (x["team"].lower(), x.get("mode")) not in hv)
    for f in ("type", "capacity"):
        if f in t and f not in cur:
            cur[f] = t[f]
    if not t.get("members_unknown"):  # one source that knows the members is enough
        cur.pop("members_unknown", None)
    for x in t.get("services", []):
        owners_by_source.setdefault(_name_of(x, "name"), {}).setdefault(label, set()).add(
            cur["name"])


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
        The scenarios read from each source (catalog, CODEOWNERS, git, files).
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

    See Also
    --------
    teamsim.importers.registry.read : Reads sources and merges them with it.
    check_csv_names : Warns about dependency-CSV services other sources do not know.

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

    def union(field: str) -> list[_Entry]:
        seen: dict[str, _Entry] = {}
        for d in dumps:
            for x in d.get(field, []):
                seen.setdefault(x["name"], x)
        return list(seen.values())

    for f in ("tools", "candidates", "projects", "tasks"):
        base[f] = union(f)
    people: dict[str, _Entry] = {}
    teams: dict[str, _Entry] = {}
    services: dict[str, _Entry] = {}
    weight_of: dict[tuple[str, str], tuple[float, str]] = {}
    owners_by_source: dict[str, dict[str, set[str]]] = {}
    team_members: dict[str, set[str]] = {}
    for d, label in zip(dumps, labels):
        for p in d.get("people", []):
            _merge_person(people, p)
        for s in d.get("services", []):
            _merge_service(services, weight_of, s, label, warnings)
        for t in d.get("teams", []):
            _merge_team(teams, team_members, owners_by_source, t, label)
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
        entity=f"service {svc!r}", hint="name the same owner team in every source", kind="owners disagree")
        for svc, by in owners_by_source.items() if len({frozenset(v) for v in by.values()}) > 1]
    base.update(people=list(people.values()), teams=list(teams.values()),
                services=list(services.values()))
    if name:
        base["name"] = name
    owned = {_name_of(x, "name") for t in base["teams"] for x in t.get("services", [])}
    for s in base["services"]:
        if s["name"] in owned:
            s.pop("unresolved_owner", None)
    return Scenario.model_validate(base)


def check_csv_names(scenarios: Sequence[Scenario], kinds: Sequence[str],
                     warnings: list[ImportWarning], files: Sequence[str]) -> None:
    """Warn about dependency-CSV services that no other source knows, with a "did you mean".

    Parameters
    ----------
    scenarios : sequence of Scenario
        One per source.
    kinds : sequence of str
        Each scenario's source kind (see :mod:`teamsim.importers.registry`).
    warnings : list of ImportWarning
        Receives one warning per unknown service.
    files : sequence of str
        Each scenario's file, for the warnings.

    See Also
    --------
    merge_scenarios : Merges the scenarios it checks.
    teamsim.importers.dependencies.read_dependencies : Reads a dependency CSV file.

    Examples
    --------
    >>> a = Scenario.model_validate({"services": [{"name": "Cart"}]})
    >>> b = Scenario.model_validate({"services": [{"name": "cart"}]})
    >>> w = []
    >>> check_csv_names([a, b], ["backstage", "dependencies"], w, ["c.yaml", "d.csv"])
    >>> w[0].message
    "service 'cart' is in no other source; it is added as a new, unowned service (did you mean 'Cart'?)"
"""
    known = {s.name for sc, k in zip(scenarios, kinds) if k != "dependencies" for s in sc.services}
    if not known:
        return
    import difflib  # only when dependencies are read with another source

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
                     "check the spelling, or add the service to the catalog/scenario",
                     kind="service only in a dependency list"))
