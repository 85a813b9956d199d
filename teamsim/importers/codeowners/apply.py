"""Applying CODEOWNERS to a scenario: each service's owner teams from the rules that own its folder,
with a warning for every owner that is a person, every path no service claims and every unused rule.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any

from teamsim.errors import InputError
from teamsim.importers._result import ImportResult, ImportWarning
from teamsim.importers._yaml import read_text
from teamsim.importers.codeowners.folders import _service_folders, check_path_template
from teamsim.importers.codeowners.matching import RuleIndex, folder_owner_rule
from teamsim.importers.codeowners.rules import CodeownersRule, parse_codeowners
from teamsim.scenario import Scenario

__all__ = ["CodeownersResult", "apply_codeowners", "read_codeowners"]


class CodeownersResult(ImportResult):
    """A scenario with the owners a CODEOWNERS file gave (see :func:`apply_codeowners`).

    Attributes
    ----------
    decided : dict of str to list of str
        Each service the file gave owner teams, with them (also when they are the owners
        the other sources gave).
    """

    decided: dict[str, list[str]] = {}


def _team_name(owner: str) -> str | None:
    return owner[1:] if owner.startswith("@") and "/" in owner else None


def _svc_entry(x: str | Mapping[str, Any]) -> str:
    if isinstance(x, str):
        return x
    name: str = x["name"]
    return name


def _path_owner_warning(path: str, rule: CodeownersRule | None, people: list[str], tnames: list[str],
                        service: str, file: str) -> ImportWarning | None:
    """The warning for a service path that no rule gives an owner, or only people own; else None."""
    if rule is None or not rule.owners:
        return ImportWarning(
            message=f"path {path!r} has no code owner"
                    + (f" (rule {rule.pattern!r} has no owners)" if rule else ""),
            file=file, line=rule.line if rule else None, entity=f"service {service!r}",
            hint="add a CODEOWNERS rule with an @org/team owner", kind="path without code owner")
    if people and not tnames:
        return ImportWarning(
            message=f"path {path!r} is owned by {', '.join(people)}: a person, not a team",
            file=file, line=rule.line if rule else None, entity=f"service {service!r}",
            hint="make an @org/team the code owner", kind="path owned by a person")
    return None


def apply_codeowners(scenario: Scenario, rules: list[CodeownersRule],
                     service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/", *,
                     file: str = "CODEOWNERS", no_folder: Collection[str] = ()) -> CodeownersResult:
    """Set each service's owners from CODEOWNERS rules.

    Parameters
    ----------
    scenario : Scenario
        Services (and possibly teams and people) from another source, e.g. a
        catalog or a dependency CSV; teams already in it keep their members.
    rules : list of CodeownersRule
        Rules in file order, from :func:`parse_codeowners`.
    service_paths : mapping or str, default "{name}/"
        Service -> folder(s) in the repository, or a template such as
        ``"src/{name}/"``. A service with several folders gets the owners of
        each (shared ownership, weights = number of folders). Paths are
        folders: ``src/{name}`` and ``src/{name}/`` are the same.
    file : str
        Name used in warnings.
    no_folder : collection of str
        Services with no folder in the repository (a catalog's Resources:
        databases, queues, buckets). A rule of wildcards only (``*``) does not
        take them from the owner another source gives; a rule naming their
        path still does.

    Returns
    -------
    CodeownersResult
        The scenario with the owner teams of the services, and warnings for
        services that are unowned or owned by individuals, for owners that
        differ from the other sources', and for rules that decide no service;
        ``decided`` lists the owner teams it gave each service.

    Raises
    ------
    InputError
        A service-path template with a placeholder other than ``{name}``.

    See Also
    --------
    read_codeowners : Reads the CODEOWNERS file first.
    parse_codeowners : The rules it applies.
    folder_owner_rule : The rule deciding one service's owners.

    Notes
    -----
    A service folder's owner is decided by :func:`folder_owner_rule` (the
    owner of any file directly in it). ``@org/team`` becomes the existing team
    named ``org/team`` or ``team`` (case-insensitive, as GitHub team names are),
    else a new team ``org/team`` (spelt as first seen). **Precedence**: for a
    service that CODEOWNERS gives an owner team, that team replaces the owners
    from the other sources, with a warning when they differ; a service whose
    folder has no owner or only a person as owner keeps the other sources'
    owner. O(service paths x (path depth + rules of wildcards only)),
    through a :class:`RuleIndex`.

    Examples
    --------
    >>> s = Scenario.model_validate({"services": [{"name": "cart"}, {"name": "web"}]})
    >>> r = apply_codeowners(s, parse_codeowners("* @o/web\\n/src/cart/ @o/carts @o/web\\n"), "src/{name}/")
    >>> [(t.name, t.service_names) for t in r.scenario.teams]
    [('o/carts', ['cart']), ('o/web', ['cart', 'web'])]
    """
    if isinstance(service_paths, str):
        check_path_template(service_paths)
    warnings: list[ImportWarning] = []
    weights: dict[str, dict[str, float]] = {}
    unresolved: dict[str, str] = {}
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    teams: dict[str, dict[str, Any]] = {t["name"].lower(): t for t in data.get("teams", [])}
    before: dict[str, list[str]] = {}
    for team in teams.values():
        for x in team.get("services", []):
            before.setdefault(_svc_entry(x), []).append(team["name"])
    mapped: dict[str, str] = {}

    def team_for(owner: str) -> str:
        """``@org/x`` -> an existing team ``org/x`` or ``x`` (case-insensitive), else ``org/x``."""
        full = owner[1:]
        for k in (full.lower(), full.split("/", 1)[1].lower()):
            if k in teams:
                name: str = teams[k]["name"]
                if name != full and owner.lower() not in mapped:
                    mapped[owner.lower()] = name
                return name
        teams[full.lower()] = {"name": full}
        return full

    warnings += _stray_paths(service_paths, scenario, file)
    used_lines: set[int] = set()
    kept_resources: set[int] = set()
    index = RuleIndex(rules)
    for s in scenario.services:
        paths = _service_folders(service_paths, s.name)
        if not paths:
            warnings.append(ImportWarning(
                message="no repository path given for the service; CODEOWNERS not applied to it",
                file=file, entity=f"service {s.name!r}", hint="add the service to the service-paths mapping",
                kind="no service path"))
            continue
        w: dict[str, float] = {}
        lines: list[int] = []
        for p in paths:
            rule = folder_owner_rule(index, p)
            if rule is not None and s.name in no_folder and before.get(s.name) and rule.catch_all:
                kept_resources.add(rule.line)
                continue  # a default owner does not take a database from its catalog owner
            owners = () if rule is None else rule.owners
            if rule is not None:
                used_lines.add(rule.line)
                lines.append(rule.line)
            tnames = list(dict.fromkeys(team_for(o) for o in owners if _team_name(o)))
            people = [o for o in owners if _team_name(o) is None]
            if owners and people and not tnames:
                unresolved[s.name] = "user:" + people[0].lstrip("@")
            warning = _path_owner_warning(p, rule, people, tnames, s.name, file)
            if warning is not None:
                warnings.append(warning)
            for t in tnames:
                w[t] = w.get(t, 0.0) + 1.0 / len(tnames)
        old = before.get(s.name, [])
        if w:
            weights[s.name] = w
            if old and {o.lower() for o in old} != {t.lower() for t in w}:
                warnings.append(_differs(s.name, old, list(w), lines, file))
        elif old and s.name in unresolved:
            warnings.append(ImportWarning(
                message=f"CODEOWNERS names a person for {s.name!r}; the other sources' owner "
                        f"{', '.join(old)} is kept", file=file, entity=f"service {s.name!r}",
                        kind="person code owner kept out"))
            unresolved.pop(s.name)
    warnings += _taken_teams(mapped, file) + _unused_rules(rules, used_lines, file, kept_resources)
    _reassign(teams, weights)
    for sd in data.get("services", []):
        if sd["name"] in unresolved and sd["name"] not in weights:
            sd["unresolved_owner"] = unresolved[sd["name"]]
    data["teams"] = [t for t in teams.values() if t.get("members") or t.get("services")
                     or t.get("capacity") is not None]
    return CodeownersResult(scenario=Scenario.model_validate(data), warnings=warnings, sources=[file],
                            decided={svc: list(w) for svc, w in weights.items()})


def _taken_teams(mapped: Mapping[str, str], file: str) -> list[ImportWarning]:
    """A warning per code owner (``@org/x``) taken to be an existing team of another name (``x``)."""
    return [ImportWarning(message=f"code owner {owner} is taken to be the existing team {name!r}", file=file,
                          entity=f"team {name!r}", kind="code owner is an existing team")
            for owner, name in mapped.items()]


def _stray_paths(service_paths: Mapping[str, str | Iterable[str]] | str, scenario: Scenario,
                 file: str) -> list[ImportWarning]:
    """A warning for the services a service-paths mapping names that no source declares."""
    if isinstance(service_paths, str):
        return []
    declared = {s.name for s in scenario.services}
    stray = [n for n in service_paths if n not in declared]
    if not stray:
        return []
    shown = ", ".join(repr(n) for n in stray[:5]) + (f" and {len(stray) - 5} more" if len(stray) > 5 else "")
    return [ImportWarning(
        message=f"the service-paths mapping names {len(stray)} service{'s' * (len(stray) > 1)} that no "
                f"source declares ({shown}); their paths are not used", file=file,
        hint="fix the spelling, or declare the service in a catalog, scenario or dependency list",
        kind="service path of no service")]


def _differs(service: str, old: list[str], new: list[str], lines: list[int], file: str) -> ImportWarning:
    where = ", ".join(str(n) for n in dict.fromkeys(lines))
    return ImportWarning(
        message=f"owner of {service!r} differs: the other sources say {', '.join(old)}, "
                f"CODEOWNERS (line {where}) says {', '.join(new)}; CODEOWNERS is used",
        file=file, line=lines[-1] if lines else None, entity=f"service {service!r}",
        hint="make the sources agree, or leave the service out of CODEOWNERS", kind="owner differs")


def _unused_rules(rules: list[CodeownersRule], used_lines: set[int], file: str,
                  kept_resources: Collection[int] = ()) -> list[ImportWarning]:
    """A warning per rule that decides no service's owner, saying why when it can tell.

    A rule of wildcards only (``*``) matches every folder: it decides nothing when every
    service folder has a later, more specific rule (and the services without a folder keep
    their catalog owner, ``kept_resources`` lists such rules' lines). A wildcard pattern without
    a folder (``*.md``) matches only some files of a folder, never the folder itself.
    """
    def why(r: CodeownersRule) -> str:
        if r.catch_all:
            return (" (every service folder has a later, more specific rule"
                    + ("; services without a folder keep their catalog owner" if r.line in kept_resources
                       else "") + ")")
        if "*" in r.pattern and "/" not in r.pattern.rstrip("/"):
            return " (it matches only some files of a folder)"
        return ""

    return [ImportWarning(
        message=f"rule {r.pattern!r} decides the owner of no service" + why(r), file=file, line=r.line,
        hint="a service folder's owner is the owner of any file directly in it; check --service-paths",
        kind="rule decides no service") for r in rules if r.line not in used_lines]


def _reassign(teams: dict[str, dict[str, Any]], weights: dict[str, dict[str, float]]) -> None:
    """Give each service CODEOWNERS decided to its owner teams (shared: with weights)."""
    for t in teams.values():
        t["services"] = [x for x in t.get("services", []) if _svc_entry(x) not in weights]
    for svc, w in weights.items():
        for team, wt in w.items():
            t = teams[team.lower()]
            t.setdefault("services", []).append(svc if wt == 1.0 and len(w) == 1 else
                                                {"name": svc, "weight": wt})


def read_codeowners(path: str | Path, scenario: Scenario,
                    service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/", *,
                    no_folder: Collection[str] = ()) -> CodeownersResult:
    """Read a CODEOWNERS file and apply it to a scenario's services (see :func:`apply_codeowners`).

    Parameters
    ----------
    path : str or pathlib.Path
        The CODEOWNERS file (a regular file within the size limit).
    scenario : Scenario
        Services (and possibly teams and people) from another source.
    service_paths : mapping or str, default "{name}/"
        Service -> folder(s) in the repository, or a template such as
        ``"src/{name}/"``; as in :func:`apply_codeowners`.
    no_folder : collection of str
        Services with no folder in the repository; as in :func:`apply_codeowners`.

    Returns
    -------
    CodeownersResult
        The scenario with the services' owner teams, the warnings of parsing
        and applying the file, the file as its source, and the owners it decided.

    Raises
    ------
    InputError
        Missing or unreadable file, or a file without any rule.

    See Also
    --------
    parse_codeowners : Parse CODEOWNERS text.
    apply_codeowners : Apply parsed rules to a scenario.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> s = Scenario.model_validate({"services": [{"name": "cart"}]})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "CODEOWNERS")
    ...     _ = f.write_text("/cart/ @o/carts\\n")
    ...     r = read_codeowners(f, s)
    >>> [(t.name, t.service_names) for t in r.scenario.teams]
    [('o/carts', ['cart'])]
    """
    file = str(path)
    warnings: list[ImportWarning] = []
    rules = parse_codeowners(read_text(path), file, warnings)
    if not rules:
        raise InputError("CODEOWNERS has no rules", file=file,
                         hint="add lines such as '/src/cart/ @org/carts'")
    r = apply_codeowners(scenario, rules, service_paths, file=file, no_folder=no_folder)
    return r.model_copy(update={"warnings": [*warnings, *r.warnings]})
