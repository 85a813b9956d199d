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
URLs are never fetched. Nothing outside the catalog folder is ever read: a
symlink (a file or a folder) met while scanning the folder or following a
Location that leads out of it, a symlink loop and a ``..`` target are named in a
warning and skipped.

Nothing is dropped silently: unresolved references, unknown kinds, duplicates,
missing or escaping Location targets, group parent cycles, owners that are users,
values of the wrong type, empty files and empty documents become
:class:`~teamsim.importers._result.ImportWarning` entries with file, line and
entity. **A file that cannot be parsed** (malformed YAML, tabs, too deep, too
big) is skipped with a warning naming it and the fix, and the other files are
read: a catalog folder is usually a whole repository, whose Helm templates and
CI files are often not valid YAML. The entry file given by the user is an error.

Limits (:mod:`teamsim.limits`): ``max_catalog_files`` YAML files per folder or
Location pattern, ``max_location_depth`` chained Locations and
``max_group_depth`` levels of Group parents are refused with the environment
variable that raises them. Every walk is iterative and linear: the catalog is
read with an explicit stack, spec values are only looked at where a field is
read (an alias bomb is never expanded), and references resolve through
dictionaries.

Examples
--------
>>> r = read_backstage("tests/data/backstage-demo")                 # doctest: +SKIP
>>> sorted(t.name for t in r.scenario.teams)                          # doctest: +SKIP
['acme-corp', 'team-a', 'team-b', 'team-c', 'team-d']
"""

from __future__ import annotations

import difflib
import errno
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from teamsim._text import plural
from teamsim.errors import InputError, TeamsimError
from teamsim.importers._glob import glob_files
from teamsim.importers._result import ImportResult, ImportWarning
from teamsim.importers._yaml import Locator, parse_documents, read_text
from teamsim.limits import LIMITS, check_count, limit
from teamsim.scenario import Scenario

__all__ = [
    "BackstageImport",
    "CatalogGroup",
    "EntityRef",
    "is_placeholder",
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
        An entity reference such as ``group:default/payments`` or ``payments``.
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

    See Also
    --------
    is_placeholder : Whether an owner name is a template placeholder.
    read_backstage : Resolves every owner and dependency reference with it.

    Examples
    --------
    >>> str(parse_entity_ref("Group:Default/Team-A"))
    'group:default/team-a'
    >>> str(parse_entity_ref("team-a", "group", "development"))
    'group:development/team-a'
    """
    return EntityRef(*_split_ref(ref, default_kind, default_namespace))


def _split_ref(ref: str, default_kind: str | None, default_namespace: str) -> tuple[str, str, str]:
    """(kind, namespace, name) of a reference, lower-case: :func:`parse_entity_ref` without
    building an :class:`EntityRef` (resolving half a million references, that matters)."""
    text = str(ref).strip()
    kind, rest = (text.split(":", 1) if ":" in text else (default_kind or "", text))
    ns, name = rest.split("/", 1) if "/" in rest else (default_namespace, rest)
    if not name or not ns or (":" in text and not kind):
        raise InputError(f"malformed entity reference {ref!r}",
                         hint="write references as [kind:][namespace/]name")
    return kind.strip().lower(), ns.strip().lower(), name.strip().lower()


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
    no_folder : list of str
        Services that come from Resource entities (databases, queues ...),
        which have no folder in a repository (see ``apply_codeowners``).
    service_refs : dict of str to str
        Each service's entity ref (``component:default/cart``).
    external_owns : dict of str to list of str
        Owners that are not Group entities of this catalog: the entities each owns
        (another source, e.g. a groups YAML, may define the group).
    owner_users : dict of str to str
        Entities whose owner is a user (entity ref -> the user's person name).
    """

    groups: list[CatalogGroup] = []
    entities: dict[str, int] = {}
    no_folder: list[str] = []
    service_refs: dict[str, str] = {}
    external_owns: dict[str, list[str]] = {}
    owner_users: dict[str, str] = {}

    @property
    def groups_owning_nothing(self) -> list[str]:
        """Refs of groups that own no entity at all."""
        return [g.ref for g in self.groups if not g.owns]


def _show(value: Any) -> str:
    """A short description of a YAML value for a message; never walks into a structure.

    A mapping or list may be an alias bomb (a few hundred bytes that stand for a
    billion nodes) or nested thousands of levels deep, so it is named, not printed.
    """
    if isinstance(value, str):
        return repr(value if len(value) <= 80 else value[:77] + "...")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return "a very large number"
    return repr(value)


def _text_refs(node: Any) -> Iterator[str]:
    """The ``$text``/``$yaml``/``$json`` paths anywhere in ``node``.

    Iterative, and each distinct mapping or list is visited once: YAML aliases are
    shared objects, so an alias bomb costs its size in the file, not its expansion.
    """
    stack, seen = [node], set()
    while stack:
        cur = stack.pop()
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        for k, v in (cur.items() if isinstance(cur, dict) else enumerate(cur)):
            if isinstance(v, (dict, list)):
                stack.append(v)
            elif k in ("$text", "$yaml", "$json") and isinstance(v, str) and not _URL.match(v):
                yield v


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


_YAML_SUFFIXES = (".yaml", ".yml")

#: The spec fields of each kind in Backstage's descriptor format, for "did you mean".
_SPEC_KEYS = {
    "component": ("type", "lifecycle", "owner", "system", "subcomponentOf", "providesApis",
                  "consumesApis", "dependsOn", "dependencyOf"),
    "api": ("type", "lifecycle", "owner", "system", "definition"),
    "resource": ("type", "owner", "system", "dependsOn", "dependencyOf"),
    "system": ("owner", "domain", "type"),
    "domain": ("owner", "subdomainOf", "type"),
    "group": ("type", "profile", "parent", "children", "members"),
    "user": ("profile", "memberOf"),
    "location": ("type", "target", "targets", "presence"),
}


def _misspelt_keys(kind: str, spec: dict) -> Iterator[tuple[str, str]]:
    """(key, known key) for each spec key that is not a field of ``kind`` but close to one.

    Keys far from every field (a plugin's own) are left alone, as Backstage does.
    """
    known = _SPEC_KEYS.get(kind, ())
    lower = {k.lower(): k for k in known}
    for key in spec:
        if not isinstance(key, str) or key in known or key.startswith("$"):
            continue
        near = lower.get(key.lower()) or next(iter(difflib.get_close_matches(
            key[:40].lower(), list(lower), n=1, cutoff=0.8)), None)
        if near is not None:
            yield key, lower.get(near, near)


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

    def warn(self, message, file=None, line=None, entity=None, hint=None, kind=None) -> None:
        self.warnings.append(ImportWarning(message=message, file=file, line=line, kind=kind,
                                           entity=str(entity) if entity else None, hint=hint))

    def show(self, p: Path) -> str:
        """The path as the user can open it (relative to the current directory when below it).

        Symlinks are not resolved, so a warning names the link the user sees.
        """
        p = Path(os.path.abspath(p))
        try:
            return str(p.relative_to(Path.cwd()))
        except ValueError:
            return str(p)

    def inside(self, real: Path) -> bool:
        """True when ``real`` (a resolved path) is in the catalog folder."""
        return real == self.root or self.root in real.parents

    def contained(self, p: Path, what: str, **where: Any) -> Path | None:
        """``p`` with symlinks resolved when it exists inside the catalog folder, else None.

        Every file the reader opens passes here: a symlink (or ``..``) that leads out of
        the catalog folder, a symlink loop and a missing file are warnings naming
        ``what`` (the link, or the Location target), and the file is never read.
        """
        try:
            real = p.resolve(strict=True)
        except FileNotFoundError:
            self.warn(f"{what} does not exist", hint="fix the path or remove it", **where)
            return None
        except (OSError, RuntimeError, ValueError) as e:  # symlink loop, NUL byte, too long
            loop = isinstance(e, RuntimeError) or getattr(e, "errno", None) == errno.ELOOP
            self.warn(f"{what} {'is a symlink loop' if loop else 'cannot be opened'}; not read",
                      hint="point the link at a real file inside the catalog folder", **where)
            return None
        if not self.inside(real):
            via = f" (it leads to {real})" if p.is_symlink() else ""
            self.warn(f"{what} leaves the catalog folder {self.show(self.root)}{via}; not read",
                      hint="keep every catalog file inside the catalog folder (copy it in, or "
                           "give its folder as another source)", **where)
            return None
        return real

    # -------------------------------------------------------------- files
    def scan(self) -> list[Path]:
        """Every ``.yaml``/``.yml`` file below the catalog folder, sorted by path.

        Iterative, so neither depth nor symlink loops matter. A symlinked file is read
        when it leads to a file inside the folder; a symlinked folder is not descended
        (inside the folder its files are found under their real path; outside it, the
        link is named in a warning).
        """
        found: list[Path] = []
        stack = [self.root]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as e:
                self.warn(f"cannot list the folder ({e.strerror or e}); its files are not read",
                          file=self.show(folder), hint="make the folder readable")
                continue
            subfolders = []
            for e in entries:
                p = Path(e.path)
                is_yaml = p.suffix.lower() in _YAML_SUFFIXES
                if e.is_symlink():
                    if is_yaml or os.path.isdir(p):  # a link that would be read or scanned
                        real = self.contained(p, f"symlink {self.show(p)}", file=self.show(p))
                        if real is not None and is_yaml and real.is_file():
                            found.append(p)
                elif e.is_dir(follow_symlinks=False):
                    subfolders.append(p)
                elif is_yaml:
                    found.append(p)
            check_count("max_catalog_files", len(found), entity="catalog folder",
                        file=self.show(self.root), what="number of YAML files")
            stack.extend(reversed(subfolders))
        return sorted(found)

    def read_tree(self, start: Path, *, entry: bool = False) -> None:
        """Read ``start`` and, depth first, the files its Location entities point to.

        An explicit stack instead of recursion: a Location chain is bounded by
        ``max_location_depth`` with a clear refusal, never by Python's stack.
        """
        stack = [self._read_file(start, entry=entry)]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                continue
            target, loc = nxt
            try:
                check_count("max_location_depth", len(stack), entity=str(loc.ref), file=loc.file)
            except InputError as e:
                e.line = loc.line("spec")
                raise
            stack.append(self._read_file(target))

    def _read_file(self, path: Path, *, entry: bool = False) -> Iterator[tuple[Path, _Entity]]:
        """Read one file's entities; yield (file, Location) for each Location target to follow."""
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
            self.warn(f"{e.message}; file skipped (the other files are read)", file=e.file or file,
                      line=e.line, hint=e.hint)
            return
        self.files.append(file)
        for number, (data, locate) in enumerate(docs, 1):
            if data is None:
                self.warn(f"document {number} of the file is empty; nothing read from it",
                          file=file, line=locate(()),
                          hint="remove the extra '---' (or the comment-only document)")
                continue
            ent = self.read_entity(data, locate, file)
            if ent is None:
                continue
            self.text_refs.update(path.parent / t for t in _text_refs(ent.spec) if "\0" not in t)
            if ent.kind == "location":
                for target in self.targets(ent, path):
                    yield target, ent

    def read_entity(self, data: Any, locate: Locator, file: str) -> _Entity | None:
        """Check one document's envelope; keep the entity (Locations are returned, not kept)."""
        if not isinstance(data, dict) or "kind" not in data or "apiVersion" not in data:
            self.non_entity.append((file, locate(())))
            return None
        raw_kind = data["kind"]
        if not isinstance(raw_kind, str) or not raw_kind.strip():
            self.warn(f"kind {_show(raw_kind)} is not a kind name; document skipped", file=file,
                      line=locate(("kind",)), hint="write e.g. kind: Component")
            return None
        kind = raw_kind.strip().lower()
        meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
        spec = data.get("spec")
        if not isinstance(spec, dict):
            if spec is not None:
                self.warn(f"spec is {_show(spec)}, not a mapping; read as empty", file=file,
                          line=locate(("spec",)), hint="write spec as key: value lines")
            spec = {}
        name, ns = meta.get("name"), meta.get("namespace", "default")
        if not isinstance(name, str) or not name.strip():
            self.warn(f"{_show(raw_kind)[1:-1]} entity without metadata.name; skipped", file=file,
                      line=locate(("metadata",)) or locate(()), hint="give it metadata.name")
            return None
        try:
            if not isinstance(ns, str):
                raise InputError("namespace is not text")
            ref = parse_entity_ref(f"{kind}:{ns or 'default'}/{name}")
        except InputError:
            self.warn(f"malformed entity name {_show(name)} (namespace {_show(ns)}); skipped",
                      file=file, line=locate(("metadata",)),
                      hint="names and namespaces are text without ':' or '/'")
            return None
        ent = _Entity(kind, ref, spec, meta, file, locate, raw_kind)
        for key, near in _misspelt_keys(kind, spec):
            self.warn(f"spec.{_show(key)[1:-1]} is not a {_KIND_NAMES[kind]} field; ignored "
                      f"(did you mean {near}?)", file=file, line=locate(("spec", key)), entity=ref,
                      hint=f"rename it to {near}", kind="unknown spec key")
        if kind == "location":
            return ent
        if kind not in KNOWN_KINDS:
            near = difflib.get_close_matches(kind[:40], KNOWN_KINDS, n=1, cutoff=0.75)
            self.warn(f"kind {_show(raw_kind)} is not used by teamsim; entity not imported"
                      + (f" (did you mean {_KIND_NAMES[near[0]]}?)" if near else ""), file=file,
                      line=locate(("kind",)), entity=ref,
                      hint=f"write kind: {_KIND_NAMES[near[0]]}" if near else
                           "only Group, User, Component, API, Resource, System, Domain and "
                           "Location are read", kind="kind not used")
            return None
        if ref in self.entities:
            first = self.entities[ref]
            self.warn(f"duplicate entity {ref}; the first one "
                      f"({first.file}:{first.line() or '?'}) is kept", file=file,
                      line=locate(()), entity=ref, hint="remove or rename one of them",
                      kind="duplicate entity")
            return None
        self.entities[ref] = ent
        return ent

    def targets(self, loc: _Entity, path: Path) -> Iterator[Path]:
        """The files a Location points to that may be read (each problem is a warning)."""
        spec = loc.spec
        listed = spec.get("targets")
        raw: list[tuple[Any, tuple]] = [(spec["target"], ("spec", "target"))] if "target" in spec else []
        if isinstance(listed, list):
            raw += [(t, ("spec", "targets", i)) for i, t in enumerate(listed)]
        elif listed is not None:
            raw.append((listed, ("spec", "targets")))
        if not raw:
            self.warn("Location without target or targets", file=loc.file, line=loc.line("spec"),
                      entity=loc.ref)
        for t, where in raw:
            at = {"file": loc.file, "line": loc.locate(where), "entity": loc.ref}
            if not isinstance(t, str) or not t.strip() or "\0" in t:
                self.warn(f"Location target {_show(t)} is not a path", **at)
                continue
            t = t.strip()
            what = f"Location target {_show(t)}"
            if _URL.match(t) and not re.match(r"^[a-zA-Z]:[\\/]", t):
                self.warn(f"{what} is a URL; teamsim never reads the network, target not followed",
                          hint="download the catalog files into the catalog folder and use "
                               "relative targets", **at)
            elif Path(t).is_absolute():
                self.warn(f"{what} is an absolute path; only relative targets are followed",
                          hint="make the target relative to the Location file", **at)
            elif not self.inside(Path(os.path.normpath(path.parent / t))):
                self.warn(f"{what} leaves the catalog folder {self.show(self.root)}; not followed",
                          hint="keep every catalog file inside the catalog folder", **at)
            elif any(c in t for c in "*?["):
                yield from self._glob(path.parent, t, what, at)
            else:
                real = self.contained(path.parent / t, what, **at)
                if real is not None and not real.is_file():
                    self.warn(f"{what} is not a file", hint="name a catalog file", **at)
                elif real is not None:
                    yield real

    def _glob(self, base: Path, pattern: str, what: str, at: dict) -> Iterator[Path]:
        """The files a Location pattern matches: one iterative walk, linear in the folder's size."""
        def count(n: int) -> None:
            check_count("max_catalog_files", n, entity=str(at["entity"]), file=at["file"],
                        what="number of files the Location pattern matches")
        try:
            walk = glob_files(base, pattern, count)
        except ValueError as e:
            self.warn(f"{what} is not a usable pattern ({e})", hint="write the '..' first", **at)
            return
        for folder, why in walk.unreadable:
            self.warn(f"{what}: cannot list the folder {self.show(folder)} ({why}); its files are "
                      "not read", hint="make the folder readable", **at)
        for link in walk.linked_folders:
            if self.contained(link, f"{what}: symlinked folder {self.show(link)}", **at) is not None:
                self.warn(f"{what}: symlinked folder {self.show(link)} is not followed",
                          hint="match the folder's real path in the pattern", **at)
        files = []
        for p in walk.files:
            real = self.contained(p, f"{what} match {self.show(p)}", **at)
            if real is not None and real.is_file():
                files.append(real)
        if not files:
            self.warn(f"{what} matches no file in the catalog folder", **at)
        yield from files


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


def _base_name(ref: EntityRef) -> str:
    return ref.name if ref.namespace == "default" else f"{ref.namespace}/{ref.name}"


def _system_name(e: _Entity, resolved: EntityRef | None) -> str | None:
    """The system (domain of cognitive load) an entity names: the resolved System, else the
    name it gives (a System kept outside the catalog is still a system; the reference is
    warned about as unresolved), else None."""
    if resolved is not None:
        return _base_name(resolved)
    value = e.spec.get("system")
    try:
        _, ns, name = _split_ref(value, "system", e.ref.namespace) if isinstance(value, str) else ("", "", "")
    except InputError:
        return None
    return (name if ns == "default" else f"{ns}/{name}") if name else None


def _names(refs: list[EntityRef]) -> dict[EntityRef, str]:
    """Display names: ``[namespace/]name``, with ``kind:`` only where two kinds share a name."""
    counts = Counter(_base_name(r) for r in refs)
    return {r: (f"{r.kind}:{b}" if counts[b] > 1 else b) for r in refs for b in (_base_name(r),)}


@dataclass
class _Refs:
    """Resolves the references in entity specs; each problem is a warning, never an error.

    A catalog can hold hundreds of thousands of broken references: the first
    ``max_listed_warnings`` of each kind are warnings with their line; the rest are only
    counted (no line is looked up, no warning is built), and :meth:`unlisted` says how many.
    """

    ents: dict[EntityRef, _Entity]
    warn: Any
    counts: Counter = field(default_factory=Counter)
    cap: int = field(default_factory=lambda: limit("max_listed_warnings"))
    by_name: dict[tuple[str, str], dict[str, EntityRef]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for r in self.ents:
            self.by_name.setdefault((r.namespace, r.name), {})[r.kind] = r

    def _problem(self, kind: str, e: _Entity, loc: tuple, message: Any, hint: str | None) -> None:
        """Warn about one reference (``message`` is built only when the warning is listed)."""
        self.counts[kind] += 1
        if self.counts[kind] <= self.cap:
            self.warn(message(), file=e.file, line=e.locate(loc), entity=e.ref, hint=hint, kind=kind)

    def unlisted(self) -> list[ImportWarning]:
        """One warning per kind of reference problem past the cap: how many were not listed."""
        return [ImportWarning(
            message=f"{plural(n - self.cap, 'more warning')} of kind {kind} not listed one by one "
                    f"({n:,} in all)", kind=f"{kind} (not listed)",
            hint="fix the ones listed and read again, or list them all: "
                 f"{LIMITS['max_listed_warnings'].env}={n}")
            for kind, n in self.counts.items() if n > self.cap]

    def resolve(self, e: _Entity, value: Any, fld: str, loc: tuple,
                kinds: tuple[str, ...] | None = None) -> EntityRef | None:
        """Resolve one reference; warn and return None when it does not resolve."""
        if not isinstance(value, str) or not value.strip():
            self._problem("not an entity reference", e, loc,
                          lambda: f"{fld}: {_show(value)} is not an entity reference",
                          "write [kind:][namespace/]name")
            return None
        try:
            kind, ns, name = _split_ref(value, _DEFAULT_KIND.get(fld), e.ref.namespace)
        except InputError as err:
            problem = f"{fld}: {err.message}"
            self._problem("malformed entity reference", e, loc, lambda: problem, err.hint)
            return None
        found = self.by_name.get((ns, name), {})
        if kind and kind in found:
            if kinds is None or kind in kinds:
                return found[kind]
            self._problem("reference to the wrong kind", e, loc, lambda: f"{fld}: {_show(value)} is a "
                          f"{kind}, expected {' or '.join(kinds)}", None)
            return None
        for k in () if kind else kinds or ():
            if k in found:
                return found[k]
        self._problem("unresolved reference", e, loc, lambda: f"{fld}: reference {_show(value)} does "
                      f"not resolve{f' (looked for {kind}:{ns}/{name})' if kind else ''}",
                      "add the entity to the catalog or fix the reference")
        return None

    def listed(self, e: _Entity, fld: str) -> list[tuple[Any, tuple]]:
        """The items of a list-valued spec field with their locations (a scalar is one item)."""
        v = e.spec.get(fld)
        if v is None:
            return []
        if not isinstance(v, list):
            self.warn(f"{fld} should be a list; read as one reference", file=e.file,
                      line=e.line("spec", fld), entity=e.ref)
            return [(v, ("spec", fld))]
        return [(x, ("spec", fld, i)) for i, x in enumerate(v)]

    def all(self, e: _Entity, fld: str, kinds: tuple[str, ...]) -> Iterator[EntityRef]:
        """Every reference of a list field that resolves."""
        for v, loc in self.listed(e, fld):
            r = self.resolve(e, v, fld, loc, kinds)
            if r is not None:
                yield r

    def one(self, e: _Entity, fld: str, kinds: tuple[str, ...]) -> EntityRef | None:
        """The reference of a single-valued field, if present and resolving."""
        if fld not in e.spec:
            return None
        return self.resolve(e, e.spec[fld], fld, ("spec", fld), kinds)


def _hierarchy(groups: list[_Entity], users: list[_Entity], refs: _Refs
               ) -> tuple[dict[EntityRef, dict[EntityRef, None]], dict[EntityRef, EntityRef]]:
    """Members of each group (ordered, no repeats) and each group's parent, cycles removed."""
    members: dict[EntityRef, dict[EntityRef, None]] = defaultdict(dict)
    parent: dict[EntityRef, EntityRef] = {}
    for g in groups:
        r = refs.one(g, "parent", ("group",))
        if r is not None:
            parent[g.ref] = r
        for r in refs.all(g, "children", ("group",)):
            parent.setdefault(r, g.ref)
        for r in refs.all(g, "members", ("user",)):
            members[g.ref][r] = None
    for u in users:
        for r in refs.all(u, "memberOf", ("group",)):
            members[r][u.ref] = None
    _break_parent_cycles(parent, refs)
    return members, parent


def _break_parent_cycles(parent: dict[EntityRef, EntityRef], refs: _Refs) -> None:
    """Warn about (and drop the parents of) each group parent cycle; bound the chain depth.

    Each group is walked once (depths are remembered), so chains and cycles of any
    length cost linear time; a chain deeper than ``max_group_depth`` is refused.
    """
    depth: dict[EntityRef, int] = {}
    cap = limit("max_group_depth")
    for start in list(parent):
        path: list[EntityRef] = []
        pos: dict[EntityRef, int] = {}
        cur = start
        while cur in parent and cur not in depth and cur not in pos:
            pos[cur] = len(path)
            path.append(cur)
            cur = parent[cur]
        base = depth.get(cur, 0)
        if cur in pos:  # a new cycle: path[pos[cur]:]
            cyc = path[pos[cur]:]
            del path[pos[cur]:]
            ge = refs.ents[cur]
            shown = [str(x) for x in cyc[:8]] + ([f"... ({len(cyc)} groups)"] if len(cyc) > 8 else [])
            refs.warn("group parent cycle " + " -> ".join([*shown, str(cur)])
                      + "; hierarchy ignored for these groups", file=ge.file,
                      line=ge.line("spec", "parent"), entity=cur,
                      hint="a group cannot be its own ancestor; fix parent/children",
                      kind="group parent cycle")
            for c in cyc:
                parent.pop(c, None)
                depth[c] = base = 0
        for i, g in enumerate(reversed(path), 1):
            depth[g] = base + i
        if path and depth[path[0]] > cap:
            ge = refs.ents[path[0]]
            try:
                check_count("max_group_depth", depth[path[0]], entity=str(path[0]), file=ge.file)
            except InputError as e:
                e.line = ge.line("spec", "parent")
                raise


def _owners(by_kind: dict[str, list[_Entity]], members: dict[EntityRef, dict[EntityRef, None]],
            ents: dict[EntityRef, _Entity], warn: Any
            ) -> tuple[dict[EntityRef, EntityRef], dict[EntityRef, list[str]], dict[EntityRef, str]]:
    """The owning group of each owned entity; unresolved owners are warned and kept as text."""
    groups_of: dict[EntityRef, list[EntityRef]] = defaultdict(list)
    for g, ms in members.items():
        for m in ms:
            groups_of[m].append(g)
    owner_of: dict[EntityRef, EntityRef] = {}
    unresolved: dict[EntityRef, str] = {}
    external: dict[EntityRef, list[_Entity]] = {}
    owns: dict[EntityRef, list[str]] = defaultdict(list)
    for e in (e for k in ("component", "resource", "api", "system", "domain") for e in by_kind[k]):
        ov = e.spec.get("owner")
        if ov is None:
            warn(f"{e.raw_kind} has no spec.owner", file=e.file, line=e.line("spec") or e.line(),
                 entity=e.ref, hint="give every entity an owning group", kind="no owner")
            continue
        # the line is looked up only for a warning: a valid catalog is never composed for lines
        def at(e: _Entity = e) -> dict:
            return {"file": e.file, "line": e.line("spec", "owner"), "entity": e.ref}

        try:
            if not isinstance(ov, str):
                raise InputError(f"{_show(ov)} is not an entity reference",
                                 hint="write the owner as [kind:][namespace/]name")
            ref = parse_entity_ref(ov, "group", e.ref.namespace)
        except InputError as err:
            warn(f"owner: {err.message}", hint=err.hint, **at(), kind="owner not a reference")
            unresolved[e.ref] = ov if isinstance(ov, str) else "(not a reference)"
            continue
        as_user = EntityRef("user", ref.namespace, ref.name)
        if ref.kind == "user" or (ref.kind == "group" and ref not in ents and as_user in ents):
            groups = groups_of.get(as_user, [])
            hint = (f"make a group the owner (e.g. {groups[0]}, which {ref.name} is in)"
                    if groups else "make a group the owner")
            what = ("a user" + ("" if as_user in ents else " that is not in the catalog")
                    if ref.kind == "user" else f"not a group, but a User {ref.name} exists")
            warn(f"owner {_show(ov)} is {what}: owners should be groups; the entity has no "
                 "owning team", hint=hint, kind=_USER_OWNER_KINDS[as_user in ents or ref.kind != "user"],
                 **at())
            unresolved[e.ref] = f"user:{_base_name(as_user)}"
        elif ref.kind == "group" and ref not in ents and is_placeholder(ref.name):
            warn(f"owner {_show(ov)} is a template placeholder, not a real owner; the entity has "
                 "no owning team", hint="replace it with the owning group's name", kind="placeholder",
                 **at())
            unresolved[e.ref] = ov
        elif ref.kind != "group":
            warn(f"owner {_show(ov)} does not resolve to a group (looked for {ref})",
                 hint="add the group to the catalog or fix the owner", **at(), kind="owner not a group")
            unresolved[e.ref] = ov
        else:
            if ref not in ents:
                external.setdefault(ref, []).append(e)
            owner_of[e.ref] = ref
            owns[ref].append(str(e.ref))
    for ref, owned in external.items():
        _warn_external(ref, owned, ents, warn)
    return owner_of, owns, unresolved


#: Warning kinds of an owner that is a user: not in this catalog (another source may list it), or in it.
_USER_OWNER_KINDS = {False: "owner is an unknown user", True: "owner is a user"}
#: The kind :func:`teamsim.importers.read` looks for once every source has given its people.
UNKNOWN_USER_OWNER = _USER_OWNER_KINDS[False]

#: Owner names that Backstage templates and examples use as placeholders.
_PLACEHOLDER = re.compile(r"^(group|team|owner|user|my|your|example|some|sample)[-_]?"
                          r"(name|team|group|owner)?$|^(changeme|todo|tbd|xxx+|placeholder)$|"
                          r"[${}<>]")


def is_placeholder(name: str) -> bool:
    """Whether an owner name is a template placeholder such as ``group-name`` or ``${{ values.owner }}``.

    Parameters
    ----------
    name : str
        The name part of an owner reference.

    Returns
    -------
    bool
        True for the names Backstage templates and examples use (``group-name``,
        ``team-name``, ``my-team``, ``changeme`` ...) and for template syntax.

    See Also
    --------
    parse_entity_ref : Parses an owner reference that is not a placeholder.
    read_backstage : Warns about owners that are placeholders.

    Examples
    --------
    >>> [is_placeholder(n) for n in ("group-name", "team-name", "${{values.owner}}", "payments")]
    [True, True, True, False]
    """
    return bool(_PLACEHOLDER.search(name.strip().lower()))


def _warn_external(ref: EntityRef, owned: list[_Entity], ents: dict[EntityRef, _Entity],
                   warn: Any) -> None:
    """One warning per owner that is not a Group entity: it becomes a team, members unknown."""
    first = owned[0]
    known = sorted(_base_name(g) for g in ents if g.kind == "group" and g.namespace == ref.namespace)
    guess = difflib.get_close_matches(ref.name, known, n=1, cutoff=0.8)
    names = ", ".join(_base_name(e.ref) for e in owned[:3]) + (
        f" and {len(owned) - 3} more" if len(owned) > 3 else "")
    team = (f"it becomes team {_base_name(ref)!r} with members unknown"
            if any(e.kind in ("component", "resource") for e in owned) else "its members are unknown")
    warn(f"owner {ref} is not a Group entity in the catalog; {team} (owns {names})"
         + (f"; did you mean {guess[0]!r}?" if guess else ""),
         file=first.file, line=first.line("spec", "owner"), entity=str(ref),
         hint=(f"fix the owner to {guess[0]!r}" if guess else
               "give its members with a Group entity or an org CSV (person,team)"),
         kind="members unknown")


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
        r = refs.one(e, "subcomponentOf", ("component",))
        if r is not None:
            add(r, e.ref)
        for v, loc in refs.listed(e, "consumesApis"):
            r = refs.resolve(e, v, "consumesApis", loc, ("api",))
            if r is not None and not providers.get(r):
                refs.warn(f"consumed API {r} has no providing component; no dependency added",
                          file=e.file, line=e.locate(loc), entity=e.ref,
                          hint="add providesApis to the component that serves it",
                          kind="consumed API without provider")
            for prov in providers.get(r, []) if r is not None else []:
                add(e.ref, prov)
    for kind, fld, target in (("api", "system", "system"), ("system", "domain", "domain"),
                              ("domain", "subdomainOf", "domain")):
        for e in by_kind[kind]:
            refs.one(e, fld, (target,))
    return deps, system_of


def _service_tools(services: list[_Entity], rd: _Reader) -> dict[EntityRef, list]:
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
    teams, group_out = [], []
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
