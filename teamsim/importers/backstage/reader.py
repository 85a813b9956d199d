"""Reading a catalog's files: the folder walk, Location targets kept inside the catalog, and each
entity with its spec (unknown kinds, misspelt keys and values of the wrong type are warned).
"""

from __future__ import annotations

import difflib
import errno
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from teamsim.errors import InputError, TeamsimError
from teamsim.importers._glob import glob_files
from teamsim.importers._result import ImportWarning
from teamsim.importers._yaml import Locator, parse_documents, read_text
from teamsim.importers.backstage.refs import _KIND_NAMES, _URL, KNOWN_KINDS, EntityRef, parse_entity_ref
from teamsim.limits import check_count

__all__: list[str] = []  # internals of read_backstage (teamsim.importers.backstage.build)


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
    spec: dict[Any, Any]
    meta: dict[Any, Any]
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


def _misspelt_keys(kind: str, spec: dict[Any, Any]) -> Iterator[tuple[str, str]]:
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


class _At(TypedDict):
    """Where a Location target is written, for the warnings about it."""

    file: str
    line: int | None
    entity: EntityRef


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

    def warn(self, message: str, file: str | None = None, line: int | None = None,
             entity: EntityRef | str | None = None, hint: str | None = None, kind: str | None = None) -> None:
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
            for entry in entries:
                p = Path(entry.path)
                is_yaml = p.suffix.lower() in _YAML_SUFFIXES
                if entry.is_symlink():
                    if is_yaml or os.path.isdir(p):  # a link that would be read or scanned
                        real = self.contained(p, f"symlink {self.show(p)}", file=self.show(p))
                        if real is not None and is_yaml and real.is_file():
                            found.append(p)
                elif entry.is_dir(follow_symlinks=False):
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
        metadata = data.get("metadata")
        meta = metadata if isinstance(metadata, dict) else {}
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
            close = difflib.get_close_matches(kind[:40], KNOWN_KINDS, n=1, cutoff=0.75)
            self.warn(f"kind {_show(raw_kind)} is not used by teamsim; entity not imported"
                      + (f" (did you mean {_KIND_NAMES[close[0]]}?)" if close else ""), file=file,
                      line=locate(("kind",)), entity=ref,
                      hint=f"write kind: {_KIND_NAMES[close[0]]}" if close else
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
        raw: list[tuple[Any, tuple[str | int, ...]]] = (
            [(spec["target"], ("spec", "target"))] if "target" in spec else [])
        if isinstance(listed, list):
            raw += [(t, ("spec", "targets", i)) for i, t in enumerate(listed)]
        elif listed is not None:
            raw.append((listed, ("spec", "targets")))
        if not raw:
            self.warn("Location without target or targets", file=loc.file, line=loc.line("spec"),
                      entity=loc.ref)
        for t, where in raw:
            at: _At = {"file": loc.file, "line": loc.locate(where), "entity": loc.ref}
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

    def _glob(self, base: Path, pattern: str, what: str, at: _At) -> Iterator[Path]:
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
