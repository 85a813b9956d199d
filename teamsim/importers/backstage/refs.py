"""Backstage entity references ``[kind:][namespace/]name``: parsing and the known kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from teamsim.errors import InputError

__all__ = ["EntityRef", "parse_entity_ref"]


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
    teamsim.importers.backstage.is_placeholder : Whether an owner name is a template placeholder.
    teamsim.importers.backstage.read_backstage : Resolves every owner and dependency reference with it.

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
