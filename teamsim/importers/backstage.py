"""Backstage software catalog: groups, users and the components they own.

Reads one ``catalog-info.yaml`` (following its ``Location`` entities) or a
whole catalog folder, and builds a :class:`~teamsim.scenario.Scenario`:

* **people** are ``User`` entities;
* **teams** are ``Group`` entities that have members or own a component or
  resource; members are the union of ``Group.spec.members`` and every user's
  ``User.spec.memberOf`` (direct membership, as Backstage's ``hasMember``);
* **services** are ``Component`` and ``Resource`` entities, owned by the team
  their ``spec.owner`` names, in the system ``spec.system`` names;
* **dependencies** come from ``dependsOn`` / ``dependencyOf``, from
  ``consumesApis`` (the consumer depends on every component that
  ``providesApis`` the API) and from ``subcomponentOf`` (the parent depends on
  its subcomponent).

Entity references are ``[kind:][namespace/]name``, compared case-insensitively,
with each field's default kind (``owner`` -> Group, ``system`` -> System,
``providesApis``/``consumesApis`` -> API, ``memberOf``/``parent``/``children``
-> Group, ``members`` -> User, ``subcomponentOf`` -> Component, ``dependsOn``
-> Component or Resource) and the referring entity's namespace.

``Location`` targets are followed when they are relative paths that stay
inside the catalog folder (the folder given, or the folder of the file given);
URLs are never fetched. Nothing is dropped silently: unresolved references,
unknown kinds, duplicates, missing or escaping Location targets, group parent
cycles, owners that are users, malformed files and empty files become
:class:`~teamsim.importers._result.ImportWarning` entries with file, line and
entity.

Example
-------
>>> r = read_backstage("tests/data/backstage-demo")                 # doctest: +SKIP
>>> sorted(t.name for t in r.scenario.teams)                          # doctest: +SKIP
['acme-corp', 'team-a', 'team-b', 'team-c', 'team-d']
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from teamsim.errors import InputError, TeamsimError
from teamsim.importers._result import ImportResult, ImportWarning
from teamsim.importers._yaml import Locator, parse_documents, read_text
from teamsim.scenario import Scenario

__all__ = [
    "BackstageImport",
    "CatalogGroup",
    "EntityRef",
    "parse_entity_ref",
    "read_backstage",
]

KNOWN_KINDS = ("group", "user", "component", "api", "resource", "system", "domain", "location")
_KIND_NAMES = {k: ("API" if k == "api" else k.capitalize()) for k in KNOWN_KINDS}
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class EntityRef:
    """A normalised Backstage entity reference (lower-case kind, namespace and name)."""

    kind: str
    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.namespace}/{self.name}"


def parse_entity_ref(ref: str, default_kind: str | None = None,
                     default_namespace: str = "default") -> EntityRef:
    """Parse ``[kind:][namespace/]name`` into an :class:`EntityRef`, case-insensitively.

    Parameters
    ----------
    ref : str
    default_kind : str, optional
        The field's default kind, used when the reference has none.
    default_namespace : str, default "default"
        Usually the namespace of the entity holding the reference.

    Returns
    -------
    EntityRef
        With kind ``""`` when none is given and there is no default.

    Raises
    ------
    InputError
        On an empty reference or empty parts.

    Example
    -------
    >>> str(parse_entity_ref("Group:Default/Team-A"))
    'group:default/team-a'
    >>> str(parse_entity_ref("team-a", "group", "development"))
    'group:development/team-a'
    """
    text = str(ref).strip()
    kind, rest = (text.split(":", 1) if ":" in text else (default_kind or "", text))
    ns, name = rest.split("/", 1) if "/" in rest else (default_namespace, rest)
    if not name or not ns or (":" in text and not kind):
        raise InputError(f"malformed entity reference {ref!r}",
                         hint="write references as [kind:][namespace/]name")
    return EntityRef(kind.strip().lower(), ns.strip().lower(), name.strip().lower())


class CatalogGroup(BaseModel):
    """A Backstage Group as read: its hierarchy, members and what it owns.

    ``team`` is the name of the scenario team it became (None when the group
    has no members and owns no component or resource).
    """

    model_config = ConfigDict(frozen=True)

    ref: str
    type: str | None
    parent: str | None
    members: list[str]
    owns: list[str]
    team: str | None


class BackstageImport(ImportResult):
    """A Backstage catalog read as a scenario.

    Attributes
    ----------
    groups : list of CatalogGroup
        Every group, with the entities it owns (components, resources, APIs,
        systems, domains).
    entities : dict of str to int
        Entities read, by kind.
    """

    groups: list[CatalogGroup] = []
    entities: dict[str, int] = {}

    @property
    def groups_owning_nothing(self) -> list[str]:
        """Refs of groups that own no entity at all."""
        return [g.ref for g in self.groups if not g.owns]


@dataclass
class _Entity:
    kind: str
    ref: EntityRef
    spec: dict
    meta: dict
    file: str
    locate: Locator
    raw_kind: str

    def line(self, *loc: str | int) -> int | None:
        return self.locate(loc)


@dataclass
class _Reader:
    root: Path
    warnings: list[ImportWarning] = field(default_factory=list)
    entities: dict[EntityRef, _Entity] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    seen: set[Path] = field(default_factory=set)
    non_entity: list[tuple[str, int | None]] = field(default_factory=list)
    text_refs: set[Path] = field(default_factory=set)
    folder: bool = False
    foreign: list[str] = field(default_factory=list)

    def warn(self, message, file=None, line=None, entity=None, hint=None) -> None:
        self.warnings.append(ImportWarning(message=message, file=file, line=line,
                                           entity=str(entity) if entity else None, hint=hint))

    def show(self, p: Path) -> str:
        """The path as the user can open it: relative to the current directory when below it."""
        try:
            return str(p.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(p)

    # -------------------------------------------------------------- files
    def read_file(self, path: Path, *, entry: bool = False) -> None:
        path = path.resolve()
        if path in self.seen:
            return
        self.seen.add(path)
        file = self.show(path)
        try:
            text = read_text(path)
            if not text.strip():
                raise InputError("the file is empty", file=file,
                                 hint="add Backstage entities or remove the file")
            docs = parse_documents(text, file, json_ok=False)
            if self.folder and not entry and "backstage.io/" not in text:
                # folder mode reads every YAML file: CI workflows, Kubernetes manifests and
                # OpenAPI documents hold no Backstage entity (no apiVersion backstage.io/...)
                self.foreign.append(file)
                return
        except TeamsimError as e:
            if entry:
                raise
            self.warn(f"{e.message}; file skipped", file=e.file or file, line=e.line, hint=e.hint)
            return
        self.files.append(file)
        for data, locate in docs:
            if data is None:
                continue
            self.read_entity(data, locate, file, path)

    def read_entity(self, data: Any, locate: Locator, file: str, path: Path) -> None:
        if not isinstance(data, dict) or "kind" not in data or "apiVersion" not in data:
            self.non_entity.append((file, locate(())))
            return
        raw_kind = str(data.get("kind"))
        kind = raw_kind.lower()
        meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
        name = meta.get("name")
        if not name or not isinstance(name, str):
            self.warn(f"{raw_kind} entity without metadata.name; skipped", file=file,
                      line=locate(("metadata",)) or locate(()), hint="give it metadata.name")
            return
        ns = str(meta.get("namespace") or "default")
        try:
            ref = parse_entity_ref(f"{kind}:{ns}/{name}")
        except InputError:
            self.warn(f"malformed entity name {name!r}; skipped", file=file, line=locate(()))
            return
        ent = _Entity(kind, ref, spec, meta, file, locate, raw_kind)
        self._collect_text_refs(spec, path)
        if kind == "location":
            self.follow(ent, path)
            return
        if kind not in KNOWN_KINDS:
            near = difflib.get_close_matches(kind, KNOWN_KINDS, n=1, cutoff=0.75)
            self.warn(f"kind {raw_kind!r} is not used by teamsim; entity not imported"
                      + (f" (did you mean {_KIND_NAMES[near[0]]}?)" if near else ""), file=file,
                      line=locate(("kind",)), entity=ref,
                      hint=f"write kind: {_KIND_NAMES[near[0]]}" if near else
                           "only Group, User, Component, API, Resource, System, Domain and "
                           "Location are read")
            return
        if ref in self.entities:
            first = self.entities[ref]
            self.warn(f"duplicate entity {ref}; the first one "
                      f"({first.file}:{first.line() or '?'}) is kept", file=file,
                      line=locate(()), entity=ref, hint="remove or rename one of them")
            return
        self.entities[ref] = ent

    def _collect_text_refs(self, node: Any, path: Path) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("$text", "$yaml", "$json") and isinstance(v, str) and not _URL.match(v):
                    self.text_refs.add((path.parent / v).resolve())
                else:
                    self._collect_text_refs(v, path)
        elif isinstance(node, list):
            for v in node:
                self._collect_text_refs(v, path)

    def follow(self, loc: _Entity, path: Path) -> None:
        spec = loc.spec
        targets: list[tuple[Any, tuple]] = []
        if "target" in spec:
            targets.append((spec["target"], ("spec", "target")))
        for i, t in enumerate(spec.get("targets") or []):
            targets.append((t, ("spec", "targets", i)))
        if not targets:
            self.warn("Location without target or targets", file=loc.file, line=loc.line("spec"),
                      entity=loc.ref)
        for t, where in targets:
            line = loc.locate(where)
            if not isinstance(t, str) or not t.strip():
                self.warn(f"Location target {t!r} is not a path", file=loc.file, line=line,
                          entity=loc.ref)
                continue
            t = t.strip()
            if _URL.match(t) and not re.match(r"^[a-zA-Z]:[\\/]", t):
                self.warn(f"Location target {t!r} is a URL; teamsim never reads the network, "
                          "target not followed", file=loc.file, line=line, entity=loc.ref,
                          hint="download the catalog files into the catalog folder and use "
                               "relative targets")
                continue
            if Path(t).is_absolute():
                self.warn(f"Location target {t!r} is an absolute path; only relative targets "
                          "are followed", file=loc.file, line=line, entity=loc.ref,
                          hint="make the target relative to the Location file")
                continue
            base = path.parent
            if any(c in t for c in "*?["):
                inside = [p for p in sorted(base.glob(t)) if p.is_file() and self.inside(p)]
                if not inside:
                    self.warn(f"Location target {t!r} matches no file in the catalog folder",
                              file=loc.file, line=line, entity=loc.ref)
                for p in inside:
                    self.read_file(p)
                continue
            target = (base / t).resolve()
            if not self.inside(target):
                self.warn(f"Location target {t!r} leaves the catalog folder {self.show(self.root)}; "
                          "not followed", file=loc.file, line=line, entity=loc.ref,
                          hint="keep every catalog file inside the catalog folder")
                continue
            if not target.is_file():
                self.warn(f"Location target {t!r} does not exist", file=loc.file, line=line,
                          entity=loc.ref, hint="fix the path or remove the target")
                continue
            self.read_file(target)

    def inside(self, p: Path) -> bool:
        try:
            p.resolve().relative_to(self.root)
            return True
        except ValueError:
            return False


_DEFAULT_KIND = {
    "owner": "group", "system": "system", "domain": "domain", "providesApis": "api",
    "consumesApis": "api", "subcomponentOf": "component", "memberOf": "group",
    "parent": "group", "children": "group", "members": "user", "subdomainOf": "domain",
}


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

    Notes
    -----
    Every file is parsed once with PyYAML's safe loader; references are
    resolved through dictionaries, so the import is linear in the catalog size.

    References
    ----------
    .. [1] Backstage, "Descriptor Format of Catalog Entities" and "Entity
       references", https://backstage.io/docs/features/software-catalog/

    Example
    -------
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
        files = sorted(x for x in root.rglob("*") if x.suffix.lower() in (".yaml", ".yml")
                       and x.is_file())
        if not files:
            raise InputError("no .yaml files in the catalog folder", file=str(path),
                             hint="give a folder holding catalog-info.yaml files")
        for f in files:
            rd.read_file(f)
    else:
        rd.read_file(p, entry=True)
    texts = {rd.show(x) for x in rd.text_refs}
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


def _display(ref: EntityRef, clash: set[str]) -> str:
    base = ref.name if ref.namespace == "default" else f"{ref.namespace}/{ref.name}"
    return f"{ref.kind}:{base}" if base in clash else base


def _build(rd: _Reader, source: str) -> BackstageImport:
    ents = rd.entities
    warn = rd.warn
    by_kind: dict[str, list[_Entity]] = defaultdict(list)
    for e in ents.values():
        by_kind[e.kind].append(e)

    def resolve(e: _Entity, value: Any, fld: str, loc: tuple, kinds: tuple[str, ...] | None = None
                ) -> EntityRef | None:
        """Resolve one reference; warn and return None when it does not resolve."""
        line = e.locate(loc)
        if not isinstance(value, str) or not value.strip():
            warn(f"{fld}: {value!r} is not an entity reference", file=e.file, line=line,
                 entity=e.ref)
            return None
        try:
            ref = parse_entity_ref(value, _DEFAULT_KIND.get(fld), e.ref.namespace)
        except InputError as err:
            warn(f"{fld}: {err.message}", file=e.file, line=line, entity=e.ref, hint=err.hint)
            return None
        candidates = [ref] if ref.kind else [EntityRef(k, ref.namespace, ref.name)
                                             for k in (kinds or ())]
        for c in candidates:
            if c in ents and (kinds is None or c.kind in kinds):
                return c
        if ref.kind and kinds is not None and ref.kind not in kinds and ref in ents:
            warn(f"{fld}: {value!r} is a {ref.kind}, expected {' or '.join(kinds)}", file=e.file,
                 line=line, entity=e.ref)
            return None
        warn(f"{fld}: reference {value!r} does not resolve"
             f"{f' (looked for {ref})' if ref.kind else ''}", file=e.file, line=line,
             entity=e.ref, hint="add the entity to the catalog or fix the reference")
        return None

    def ref_list(e: _Entity, fld: str) -> list[tuple[Any, tuple]]:
        v = e.spec.get(fld)
        if v is None:
            return []
        if not isinstance(v, list):
            warn(f"{fld} should be a list; read as one reference", file=e.file,
                 line=e.line("spec", fld), entity=e.ref)
            return [(v, ("spec", fld))]
        return [(x, ("spec", fld, i)) for i, x in enumerate(v)]

    # ----------------------------------------------------------------- groups and users
    members: dict[EntityRef, list[EntityRef]] = defaultdict(list)
    parent: dict[EntityRef, EntityRef] = {}
    for g in by_kind["group"]:
        pv = g.spec.get("parent")
        if pv is not None:
            r = resolve(g, pv, "parent", ("spec", "parent"), ("group",))
            if r is not None:
                parent[g.ref] = r
        for v, loc in ref_list(g, "children"):
            r = resolve(g, v, "children", loc, ("group",))
            if r is not None and r not in parent:
                parent[r] = g.ref
        for v, loc in ref_list(g, "members"):
            r = resolve(g, v, "members", loc, ("user",))
            if r is not None and r not in members[g.ref]:
                members[g.ref].append(r)
    for u in by_kind["user"]:
        for v, loc in ref_list(u, "memberOf"):
            r = resolve(u, v, "memberOf", loc, ("group",))
            if r is not None and u.ref not in members[r]:
                members[r].append(u.ref)
    # parent cycles
    reported: set[EntityRef] = set()
    for g in by_kind["group"]:
        path, cur = [], g.ref
        while cur in parent and cur not in path:
            path.append(cur)
            cur = parent[cur]
        if cur in path and cur not in reported:
            cyc = path[path.index(cur):]
            reported.update(cyc)
            ge = ents[cur]
            warn("group parent cycle " + " -> ".join(str(x) for x in [*cyc, cur]) +
                 "; hierarchy ignored for these groups", file=ge.file, line=ge.line("spec", "parent"),
                 entity=cur, hint="a group cannot be its own ancestor; fix parent/children")
    for r in reported:
        parent.pop(r, None)

    # ----------------------------------------------------------------- owners
    service_kinds = ("component", "resource")
    owner_of: dict[EntityRef, EntityRef] = {}
    unresolved_owner: dict[EntityRef, str] = {}
    owns: dict[EntityRef, list[str]] = defaultdict(list)
    for kind in ("component", "resource", "api", "system", "domain"):
        for e in by_kind[kind]:
            ov = e.spec.get("owner")
            line = e.line("spec", "owner")
            if ov is None:
                warn(f"{e.raw_kind} has no spec.owner", file=e.file, line=e.line("spec") or e.line(),
                     entity=e.ref, hint="give every entity an owning group")
                continue
            try:
                ref = parse_entity_ref(str(ov), "group", e.ref.namespace)
            except InputError as err:
                warn(f"owner: {err.message}", file=e.file, line=line, entity=e.ref)
                unresolved_owner[e.ref] = str(ov)
                continue
            if ref.kind == "user":
                groups = [g for g, ms in members.items() if ref in ms]
                known = ref in ents
                hint = (f"make a group the owner (the user is in {', '.join(map(str, groups))})"
                        if groups else "make a group the owner")
                warn(f"owner {ov!r} is a user{'' if known else ' that is not in the catalog'}, "
                     "not a group; the entity has no owning team", file=e.file, line=line,
                     entity=e.ref, hint=hint)
                unresolved_owner[e.ref] = str(ref).replace(":default/", ":")
                continue
            if ref.kind != "group" or ref not in ents:
                as_user = parse_entity_ref(f"user:{ref.namespace}/{ref.name}")
                if ref.kind == "group" and as_user in ents:
                    groups = [g for g, ms in members.items() if as_user in ms]
                    warn(f"owner {ov!r} is not a group, but a User {ref.name} exists: owners "
                         "should be groups; the entity has no owning team", file=e.file, line=line,
                         entity=e.ref, hint=(f"make a group the owner (e.g. {groups[0]}, which "
                                             f"{ref.name} is in)" if groups else
                                             "make a group the owner"))
                    unresolved_owner[e.ref] = f"user:{ref.name}"
                    continue
                warn(f"owner {ov!r} does not resolve to a group (looked for {ref})", file=e.file,
                     line=line, entity=e.ref, hint="add the group to the catalog or fix the owner")
                unresolved_owner[e.ref] = str(ov)
                continue
            owner_of[e.ref] = ref
            owns[ref].append(str(e.ref))

    # ----------------------------------------------------------------- services
    services = [e for k in service_kinds for e in by_kind[k]]
    base_names = [e.ref.name if e.ref.namespace == "default" else f"{e.ref.namespace}/{e.ref.name}"
                  for e in services]
    clash = {n for n in base_names if base_names.count(n) > 1}
    sname = {e.ref: _display(e.ref, clash) for e in services}
    deps: dict[EntityRef, dict[EntityRef, float]] = defaultdict(dict)
    providers: dict[EntityRef, list[EntityRef]] = defaultdict(list)
    for e in by_kind["component"]:
        for v, loc in ref_list(e, "providesApis"):
            r = resolve(e, v, "providesApis", loc, ("api",))
            if r is not None:
                providers[r].append(e.ref)
    system_of: dict[EntityRef, str] = {}

    def add_dep(a: EntityRef, b: EntityRef) -> None:
        if a != b:
            deps[a][b] = 1.0

    for e in services:
        if "system" in e.spec:
            r = resolve(e, e.spec["system"], "system", ("spec", "system"), ("system",))
            if r is not None:
                system_of[e.ref] = r.name if r.namespace == "default" else f"{r.namespace}/{r.name}"
        for v, loc in ref_list(e, "dependsOn"):
            r = resolve(e, v, "dependsOn", loc, service_kinds)
            if r is not None:
                add_dep(e.ref, r)
        for v, loc in ref_list(e, "dependencyOf"):
            r = resolve(e, v, "dependencyOf", loc, service_kinds)
            if r is not None:
                add_dep(r, e.ref)
        if e.kind == "component":
            if "subcomponentOf" in e.spec:
                r = resolve(e, e.spec["subcomponentOf"], "subcomponentOf",
                            ("spec", "subcomponentOf"), ("component",))
                if r is not None:
                    add_dep(r, e.ref)
            for v, loc in ref_list(e, "consumesApis"):
                r = resolve(e, v, "consumesApis", loc, ("api",))
                if r is None:
                    continue
                if not providers.get(r):
                    warn(f"consumed API {r} has no providing component; no dependency added",
                         file=e.file, line=e.locate(loc), entity=e.ref,
                         hint="add providesApis to the component that serves it")
                for prov in providers.get(r, []):
                    add_dep(e.ref, prov)
    for e in by_kind["api"]:
        if "system" in e.spec:
            resolve(e, e.spec["system"], "system", ("spec", "system"), ("system",))
    for e in by_kind["system"]:
        if "domain" in e.spec:
            resolve(e, e.spec["domain"], "domain", ("spec", "domain"), ("domain",))
    for e in by_kind["domain"]:
        if "subdomainOf" in e.spec:
            resolve(e, e.spec["subdomainOf"], "subdomainOf", ("spec", "subdomainOf"), ("domain",))

    # ----------------------------------------------------------------- scenario
    users = by_kind["user"]
    u_base = [u.ref.name if u.ref.namespace == "default" else f"{u.ref.namespace}/{u.ref.name}"
              for u in users]
    uname = {u.ref: _display(u.ref, {n for n in u_base if u_base.count(n) > 1}) for u in users}
    groups = by_kind["group"]
    g_base = [g.ref.name if g.ref.namespace == "default" else f"{g.ref.namespace}/{g.ref.name}"
              for g in groups]
    gname = {g.ref: _display(g.ref, {n for n in g_base if g_base.count(n) > 1}) for g in groups}
    teams = []
    group_out = []
    for g in groups:
        mem = [uname[m] for m in members.get(g.ref, []) if m in uname]
        svc = [sname[s.ref] for s in services if owner_of.get(s.ref) == g.ref]
        is_team = bool(mem or svc)
        if is_team:
            teams.append({"name": gname[g.ref], "members": mem, "services": svc})
        gt = g.spec.get("type")
        group_out.append(CatalogGroup(
            ref=str(g.ref), type=str(gt) if gt is not None else None,
            parent=str(parent[g.ref]) if g.ref in parent else None,
            members=mem, owns=owns.get(g.ref, []), team=gname[g.ref] if is_team else None))
    svc_out = []
    for e in services:
        d: dict[str, Any] = {"name": sname[e.ref]}
        if deps.get(e.ref):
            d["depends_on"] = [sname[x] for x in deps[e.ref]]
        desc = e.meta.get("description")
        if isinstance(desc, str) and desc.strip():
            d["description"] = desc.strip()
        if e.ref in system_of:
            d["system"] = system_of[e.ref]
        if e.ref in unresolved_owner:
            d["unresolved_owner"] = unresolved_owner[e.ref]
        svc_out.append(d)
    people = [{"name": uname[u.ref]} for u in users]
    counts: dict[str, int] = defaultdict(int)
    for e in ents.values():
        counts[e.raw_kind] += 1
    scenario = Scenario.model_validate({
        "name": f"Backstage catalog {source}", "people": people, "teams": teams,
        "services": svc_out})
    return BackstageImport(scenario=scenario, warnings=rd.warnings, sources=rd.files,
                           groups=group_out, entities=dict(sorted(counts.items())))
