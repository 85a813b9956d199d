"""Kind sniffing: whether a source is of a kind, from its name and its first bytes.

The ``detect`` tests of :data:`teamsim.importers.registry.KINDS` and the probe that
reads a file's first bytes for them; :func:`teamsim.importers.registry.detect_kind`
tries them in order. Nothing here reads more than a file's first 4 KiB, except
:func:`_is_catalog`, which reads a ``.yaml`` file's first few YAML events.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from teamsim.importers._files import read_text

__all__: list[str] = []  # the registry's private helpers

_ENTITY_KEYS = {"apiVersion", "kind", "metadata", "spec", "relations", "status"}


def _first_document_keys(text: str) -> set[str]:
    """Top-level keys of the first non-empty YAML document, from PyYAML's event stream.

    Stops at the first key that no Backstage entity has, or once apiVersion and kind
    are both seen: classifying a 50 MB scenario reads a few events. Nothing is
    constructed and aliases are not expanded; malformed YAML gives no keys.
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
                    if ev.value not in _ENTITY_KEYS or {"apiVersion", "kind"} <= keys:
                        return keys
                at_key = not at_key
            elif depth == 0 and isinstance(ev, yaml.ScalarEvent) and not (
                    ev.style is None and ev.value in ("", "~", "null", "Null", "NULL")):
                return set()  # a document that is one value
    except yaml.YAMLError:
        return set()
    return keys


def _suffix(p: Path) -> str:
    return p.suffix.lower()


def _csv_header(head: bytes) -> set[str]:
    line = head.split(b"\n", 1)[0].decode("utf-8-sig", "replace").strip().lower()
    sep = ";" if line.count(";") > line.count(",") else ","
    return {c.strip().strip('"') for c in line.split(sep)}


def _is_catalog(p: Path, head: bytes) -> bool:
    if p.is_dir():
        return True
    return _suffix(p) in (".yaml", ".yml") and {"apiVersion", "kind"} <= _first_document_keys(read_text(p))


def _is_git_log(p: Path, head: bytes) -> bool:
    first = head.lstrip().split(b"\n", 1)[0]
    return (_suffix(p) in (".gitlog", ".gz") or head[:2] == b"\x1f\x8b"
            or (first.startswith(b"--") and first.count(b"--") >= 3))


def _is_org(p: Path, head: bytes) -> bool:
    if _suffix(p) != ".csv":
        return False
    from teamsim.importers.tables import ORG_COLUMNS

    cols = {"person" if c == "name" else c for c in _csv_header(head)}
    return {"person", "team"} <= cols <= set(ORG_COLUMNS)


def _probe(p: Path) -> bytes:
    """The first 4 KiB of a regular file (nothing for a folder or anything else)."""
    if not p.is_file():
        return b""
    try:
        with open(p, "rb") as f:
            return f.read(4096)
    except OSError:
        return b""  # the reader reports it with its own message
