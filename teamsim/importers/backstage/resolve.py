"""Resolving the references in entity specs with each field's default kind; every problem is a warning."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from teamsim._text import plural
from teamsim.errors import InputError
from teamsim.importers._result import ImportWarning
from teamsim.importers.backstage.reader import _Entity, _show
from teamsim.importers.backstage.refs import EntityRef, _split_ref
from teamsim.limits import LIMITS, limit

__all__: list[str] = []  # internals of read_backstage (teamsim.importers.backstage.build)

_Loc = tuple[str | int, ...]   # where in an entity, e.g. ('spec', 'dependsOn', 0)

_DEFAULT_KIND = {
    "owner": "group", "system": "system", "domain": "domain", "providesApis": "api",
    "consumesApis": "api", "subcomponentOf": "component", "memberOf": "group",
    "parent": "group", "children": "group", "members": "user", "subdomainOf": "domain",
}


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
    counts: Counter[str] = field(default_factory=Counter)
    cap: int = field(default_factory=lambda: limit("max_listed_warnings"))
    by_name: dict[tuple[str, str], dict[str, EntityRef]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for r in self.ents:
            self.by_name.setdefault((r.namespace, r.name), {})[r.kind] = r

    def _problem(self, kind: str, e: _Entity, loc: _Loc, message: Any, hint: str | None) -> None:
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

    def resolve(self, e: _Entity, value: Any, fld: str, loc: _Loc,
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

    def listed(self, e: _Entity, fld: str) -> list[tuple[Any, _Loc]]:
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
