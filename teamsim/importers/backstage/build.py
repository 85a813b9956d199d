"""From the entities read to a scenario: :func:`read_backstage`, and the teams, services, dependencies,
systems and tools it builds.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from teamsim.errors import InputError
from teamsim.importers.backstage.owners import _hierarchy, _owners
from teamsim.importers.backstage.reader import _Entity, _Reader, _show
from teamsim.importers.backstage.refs import EntityRef
from teamsim.importers.backstage.resolve import _names, _Refs, _system_name
from teamsim.importers.backstage.results import BackstageImport, CatalogGroup
from teamsim.scenario import Scenario

__all__ = ["read_backstage"]


def read_backstage(path: str | Path) -> BackstageImport:
    """Read a Backstage catalog (a file or a folder) into a scenario plus warnings.

    Parameters
    ----------
    path : str or Path
        A catalog file (its Location targets are followed) or a folder (every
        ``.yaml``/``.yml`` file below it is read, each file once).

    Returns
    -------
    BackstageImport
        The scenario, the warnings, the groups with what they own, and entity
        counts by kind.

    Raises
    ------
    InputError
        When the path does not exist, the entry file cannot be parsed, or no
        Backstage entity is found at all.

    See Also
    --------
    teamsim.importers.catalog_zip.read_backstage_zip : The same for a zipped catalog.
    teamsim.importers.registry.read : Reads a catalog together with other sources.

    Notes
    -----
    Every file is parsed once with PyYAML's safe loader; references are
    resolved through dictionaries, so the import is linear in the catalog size.

    References
    ----------
    .. [1] Backstage, "Descriptor Format of Catalog Entities" and "Entity
       references", https://backstage.io/docs/features/software-catalog/

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "c.yaml").write_text('''
    ... apiVersion: backstage.io/v1alpha1
    ... kind: Group
    ... metadata: {name: Web}
    ... spec: {type: team, children: []}
    ... ---
    ... apiVersion: backstage.io/v1alpha1
    ... kind: User
    ... metadata: {name: ann}
    ... spec: {memberOf: [web]}
    ... ---
    ... apiVersion: backstage.io/v1alpha1
    ... kind: Component
    ... metadata: {name: shop}
    ... spec: {type: service, owner: group:web, lifecycle: production}
    ... ''')
    >>> r = read_backstage(d)
    >>> r.scenario.teams[0].members, r.scenario.teams[0].service_names, r.warnings
    (['ann'], ['shop'], [])
    """
    p = Path(path)
    if not p.exists():
        raise InputError("catalog not found", file=str(path), hint="give a catalog file or folder")
    root = (p if p.is_dir() else p.parent).resolve()
    rd = _Reader(root=root, folder=p.is_dir())
    if p.is_dir():
        files = rd.scan()
        if not files:
            more = f" ({rd.warnings[0].message})" if rd.warnings else ""
            raise InputError(f"no .yaml files in the catalog folder{more}", file=str(path),
                             hint="give a folder holding catalog-info.yaml files")
        for f in files:
            rd.read_tree(f)
    else:
        rd.read_tree(p, entry=True)
    texts = {rd.show(Path(os.path.realpath(x))) for x in rd.text_refs}
    foreign = [f for f in rd.foreign if f not in texts]
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        rd.warn(f"{len(foreign)} YAML file{'s' * (len(foreign) != 1)} without Backstage entities "
                f"(no apiVersion backstage.io/...) skipped: {shown}", file=rd.show(root),
                hint="normal for CI workflows, Kubernetes manifests and OpenAPI files in a folder")
    for file, line in rd.non_entity:
        if file not in texts:
            rd.warn("document is not a Backstage entity (no apiVersion/kind); skipped", file=file,
                    line=line, hint="catalog files hold entities with apiVersion, kind, metadata")
    if not rd.entities:
        more = (f" ({len(rd.warnings)} problem{'s' * (len(rd.warnings) > 1)}, the first: "
                f"{rd.warnings[0].render()})" if rd.warnings else "")
        raise InputError(f"no Backstage entities found{more}", file=str(path),
                         hint="catalog files hold entities with apiVersion, kind, metadata, spec")
    return _build(rd, str(path))


def _dependencies(by_kind: dict[str, list[_Entity]], services: list[_Entity], refs: _Refs
                  ) -> tuple[dict[EntityRef, dict[EntityRef, None]], dict[EntityRef, str]]:
    """Service dependencies (dependsOn, dependencyOf, subcomponentOf, consumed APIs) and systems."""
    service_kinds = ("component", "resource")
    deps: dict[EntityRef, dict[EntityRef, None]] = defaultdict(dict)
    providers: dict[EntityRef, list[EntityRef]] = defaultdict(list)
    for e in by_kind["component"]:
        for r in refs.all(e, "providesApis", ("api",)):
            providers[r].append(e.ref)
    system_of: dict[EntityRef, str] = {}

    def add(a: EntityRef, b: EntityRef) -> None:
        if a != b:
            deps[a][b] = None

    for e in services:
        system = _system_name(e, refs.one(e, "system", ("system",)))
        if system is not None:
            system_of[e.ref] = system
        for r in refs.all(e, "dependsOn", service_kinds):
            add(e.ref, r)
        for r in refs.all(e, "dependencyOf", service_kinds):
            add(r, e.ref)
        if e.kind != "component":
            continue
        sub = refs.one(e, "subcomponentOf", ("component",))
        if sub is not None:
            add(sub, e.ref)
        for v, loc in refs.listed(e, "consumesApis"):
            api = refs.resolve(e, v, "consumesApis", loc, ("api",))
            if api is not None and not providers.get(api):
                refs.warn(f"consumed API {api} has no providing component; no dependency added",
                          file=e.file, line=e.locate(loc), entity=e.ref,
                          hint="add providesApis to the component that serves it",
                          kind="consumed API without provider")
            for prov in providers.get(api, []) if api is not None else []:
                add(e.ref, prov)
    for kind, fld, target in (("api", "system", "system"), ("system", "domain", "domain"),
                              ("domain", "subdomainOf", "domain")):
        for e in by_kind[kind]:
            refs.one(e, fld, (target,))
    return deps, system_of


def _service_tools(services: list[_Entity], rd: _Reader) -> dict[EntityRef, list[Any]]:
    """The tools each Component or Resource needs (``services[].tools``), from the catalog.

    ``metadata.tags`` that name a tool of ``import git``'s tool map
    (:data:`teamsim.importers.git.TOOL_RULES`: ``go``, ``python``, ``docker``...)
    or a tool listed in any entity's :data:`teamsim.coverage.TOOLS_ANNOTATION`
    (``teamsim.io/tools: "Go, SQL:2"``), matched ignoring case and punctuation;
    the annotation's own tools with their weights (:func:`teamsim.coverage.tools_from_catalog`).
    Other tags (``website``, ``experimental``) are not tools and are ignored.
    """
    from teamsim.coverage import TOOLS_ANNOTATION, tools_from_catalog
    from teamsim.importers.git import TOOL_RULES

    def annotations(e: _Entity) -> dict[str, str]:
        ann = e.meta.get("annotations")
        val = ann.get(TOOLS_ANNOTATION) if isinstance(ann, dict) else None
        if val is not None and not isinstance(val, str):
            rd.warn(f"annotation {TOOLS_ANNOTATION} is {_show(val)}, not text; ignored", file=e.file,
                    line=e.line("metadata", "annotations", TOOLS_ANNOTATION), entity=e.ref,
                    hint=f'write e.g. {TOOLS_ANNOTATION}: "Go, SQL:2"')
            return {}
        return {TOOLS_ANNOTATION: val} if val else {}

    def tags(e: _Entity) -> list[str]:
        raw = e.meta.get("tags")
        if raw is None:
            return []
        if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
            rd.warn(f"metadata.tags is {_show(raw)}, not a list of text; ignored", file=e.file,
                    line=e.line("metadata", "tags"), entity=e.ref, hint="write e.g. tags: [go, grpc]")
            return []
        return raw

    ann = {e.ref: annotations(e) for e in services}
    names = dict.fromkeys(t for _, t in TOOL_RULES)
    for a in ann.values():
        for item in a.get(TOOLS_ANNOTATION, "").split(","):
            name = item.partition(":")[0].strip()
            if name:
                names.setdefault(name)
    out = {}
    for e in services:
        try:
            out[e.ref] = tools_from_catalog(tags(e), ann[e.ref], names)[0]
        except InputError as err:  # a bad weight: the component's tools are left out, with the reason
            rd.warn(f"{err.message}; tools ignored", file=e.file, entity=e.ref, hint=err.hint,
                    line=e.line("metadata", "annotations", TOOLS_ANNOTATION))
    return out


def _build(rd: _Reader, source: str) -> BackstageImport:
    """Turn the entities read into a scenario: linear in the catalog size."""
    by_kind: dict[str, list[_Entity]] = defaultdict(list)
    for e in rd.entities.values():
        by_kind[e.kind].append(e)
    refs = _Refs(rd.entities, rd.warn)
    groups, users = by_kind["group"], by_kind["user"]
    members, parent = _hierarchy(groups, users, refs)
    owner_of, owns, unresolved = _owners(by_kind, members, rd.entities, rd.warn)
    services = [e for k in ("component", "resource") for e in by_kind[k]]
    deps, system_of = _dependencies(by_kind, services, refs)
    sname = _names([e.ref for e in services])
    uname = _names([u.ref for u in users])
    external = list(dict.fromkeys(r for r in owner_of.values() if r not in rd.entities))
    gname = _names([g.ref for g in groups] + external)
    owned_by: dict[EntityRef, list[str]] = defaultdict(list)
    for s in services:
        if s.ref in owner_of:
            owned_by[owner_of[s.ref]].append(sname[s.ref])
    teams: list[dict[str, Any]] = []
    group_out = []
    for g in groups:
        mem = [uname[m] for m in members.get(g.ref, {}) if m in uname]
        svc = owned_by.get(g.ref, [])
        is_team = bool(mem or svc)
        if is_team:
            teams.append({"name": gname[g.ref], "members": mem, "services": svc})
        gt = g.spec.get("type")
        if gt is not None and not isinstance(gt, str):
            rd.warn(f"spec.type is {_show(gt)}, not text; ignored", file=g.file,
                    line=g.line("spec", "type"), entity=g.ref, hint="write e.g. type: team")
        group_out.append(CatalogGroup(
            ref=str(g.ref), type=gt if isinstance(gt, str) else None,
            parent=str(parent[g.ref]) if g.ref in parent else None,
            members=mem, owns=owns.get(g.ref, []), team=gname[g.ref] if is_team else None))
    teams += [{"name": gname[r], "services": owned_by[r], "members_unknown": True}
              for r in external if owned_by.get(r)]
    svc_out = []
    tools_of = _service_tools(services, rd)
    for e in services:
        d: dict[str, Any] = {"name": sname[e.ref]}
        if tools_of.get(e.ref):
            d["tools"] = tools_of[e.ref]
        if deps.get(e.ref):
            d["depends_on"] = [sname[x] for x in deps[e.ref]]
        desc = e.meta.get("description")
        if isinstance(desc, str) and desc.strip():
            d["description"] = desc.strip()
        if e.ref in system_of:
            d["system"] = system_of[e.ref]
        if e.ref in unresolved:
            d["unresolved_owner"] = unresolved[e.ref]
        svc_out.append(d)
    counts = Counter(e.raw_kind for e in rd.entities.values())
    used = dict.fromkeys(t if isinstance(t, str) else t["name"] for d in svc_out for t in d.get("tools", []))
    scenario = Scenario.model_validate({
        "name": f"Backstage catalog {source}", "people": [{"name": uname[u.ref]} for u in users],
        "tools": [{"name": t} for t in used], "teams": teams, "services": svc_out})
    return BackstageImport(scenario=scenario, warnings=rd.warnings + refs.unlisted(), sources=rd.files,
                           groups=group_out, entities=dict(sorted(counts.items())),
                           no_folder=[sname[e.ref] for e in by_kind["resource"]],
                           service_refs={sname[e.ref]: str(e.ref) for e in services},
                           external_owns={str(r): owns[r] for r in external},
                           owner_users={str(r): v[5:] for r, v in unresolved.items()
                                        if v.startswith("user:")})
