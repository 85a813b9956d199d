"""Sources given as bytes (files uploaded to the app): detected and read with :func:`read`.

A browser sends each file's name and contents, never a folder. :func:`read_uploads`
writes them to a private temporary folder (removed before it returns, whatever
happens) and reads them with :func:`~teamsim.importers.registry.read` in one call:

* files of kind ``backstage`` (catalog YAML files) go into one folder, read as one
  catalog, so that references between them resolve as in the catalog they came from;
* a file of the pseudo-kind :data:`ALIASES` (``aliases.txt``, ``.mailmap``) is the
  ``aliases=`` option of the git logs, not a source;
* a file of the pseudo-kind :data:`TOOLS` (a CSV with the columns ``tool``, ``requires``,
  ``value``, ``description``, as ``teamsim`` exports it) is the ``tools=`` option of the
  skills matrices uploaded with it (``teamsim import skills M.csv --tools T.csv``);
* every message, warning and source names the uploaded file, never the temporary copy.

:func:`provenance_rows` turns the provenance of a result into rows to show.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from teamsim._text import printable
from teamsim.errors import InputError, TeamsimError
from teamsim.importers._files import read_text
from teamsim.importers._result import ImportWarning
from teamsim.importers.registry import GIT_KINDS, KINDS, Provenance, ReadResult, detect_kind, read
from teamsim.importers.skills_csv import _TOOL_COLUMNS, _dialect
from teamsim.limits import check_count

__all__ = ["ALIASES", "CATALOG", "TOOLS", "UPLOAD_KINDS", "detect_uploads", "provenance_rows", "read_uploads",
           "upload_name"]

#: The pseudo-kind of an author alias map (``Canonical = alias`` lines, or a .mailmap).
ALIASES = "aliases"
#: The pseudo-kind of a tools file (prerequisites and values of the tools of a skills matrix).
TOOLS = "tools"
#: Every kind an upload can be read as: :data:`~teamsim.importers.registry.KINDS` but folders,
#: :data:`ALIASES` and :data:`TOOLS`.
UPLOAD_KINDS: tuple[str, ...] = (*(k.name for k in KINDS if k.name != "git-repo"), ALIASES, TOOLS)
#: The kinds that are an option of other uploads, not a source.
#: pseudo-kind -> (option of read(), noun, what it needs, kinds that use it)
_OPTIONS = {ALIASES: ("aliases", "alias", "git log", GIT_KINDS),
            TOOLS: ("tools", "tools", "skills matrix", ("skills",))}
#: The name of the folder the Backstage files of one upload are read from, as one catalog.
CATALOG = "catalog"

_ALIAS_NAME = re.compile(r"(^|[^a-z])alias|mailmap", re.IGNORECASE)
_DISK_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def upload_name(filename: str | None) -> str:
    """The uploaded file's own name, on one line and at most 100 characters.

    Parameters
    ----------
    filename : str or None
        The name a browser sent (it may hold a client's folders).

    Returns
    -------
    str
        The last path component, control characters made visible, long names cut in
        the middle (the end, with the suffix, is kept); ``"upload"`` when empty.

    See Also
    --------
    read_uploads : Names each upload with it in messages.
    teamsim._text.printable : Neutralises control characters for terminal output.

    Examples
    --------
    >>> upload_name("C:\\\\Users\\\\me\\\\org.yaml"), upload_name("../../x.yaml"), upload_name(None)
    ('org.yaml', 'x.yaml', 'upload')
    >>> len(upload_name("a" * 500 + ".yaml"))
    100
    """
    name = printable(re.split(r"[\\/]", filename or "")[-1]) or "upload"
    return name if len(name) <= 100 else name[:80] + "…" + name[-19:]


def _disk_name(name: str) -> str:
    """An ASCII file name keeping what detection looks at: the suffix and CODEOWNERS/alias words."""
    safe = _DISK_UNSAFE.sub("_", name).strip("_")
    safe = safe if safe.strip(".") else "upload"
    return safe if len(safe) <= 120 else safe[:100] + safe[-20:]


@dataclass
class _Staged:
    """Uploads written to a temporary folder: each one's path and the name to show for it."""

    root: Path
    paths: list[Path]
    names: list[str]

    def relabel(self, text: str | None) -> str | None:
        """``text`` with every temporary path shown as the uploaded file's name."""
        if not text:
            return text
        for path, name in sorted(zip(self.paths, self.names), key=lambda pn: -len(str(pn[0]))):
            text = text.replace(str(path), name)
        return text.replace(str(self.root / CATALOG), CATALOG).replace(str(self.root), "upload")

    def error(self, e: TeamsimError) -> TeamsimError:
        """``e`` naming the uploaded files."""
        for field in ("message", "file", "entity", "hint"):
            setattr(e, field, self.relabel(getattr(e, field)))
        return e

    def gather(self, flags: Sequence[bool]) -> None:
        """Move the flagged files into the folder :data:`CATALOG` (a name taken twice gets a prefix)."""
        catalog = self.root / CATALOG
        for i, (path, flag) in enumerate(zip(self.paths, flags)):
            if flag:
                catalog.mkdir(exist_ok=True)
                new = catalog / path.name
                new = new if not new.exists() else catalog / f"{i}-{path.name}"
                self.paths[i] = path.rename(new)


@contextmanager
def _staged(files: Sequence[tuple[str | None, bytes]]) -> Iterator[_Staged]:
    """Write ``files`` (name, bytes) to a private temporary folder, removed on exit; each file
    in a folder of its own (two uploads may share a name)."""
    check_count("max_catalog_files", len(files), entity="upload", what="files uploaded at once")
    names = [upload_name(n) for n, _ in files]
    for name, (_, data) in zip(names, files):
        check_count("max_file_bytes", len(data), entity="file", file=name, what="file size")
    with tempfile.TemporaryDirectory(prefix="teamsim-upload-") as tmp:
        root = Path(os.path.realpath(tmp))
        paths = []
        for i, (name, (_, data)) in enumerate(zip(names, files)):
            (root / f"f{i}").mkdir()
            paths.append(root / f"f{i}" / _disk_name(name))
            paths[-1].write_bytes(data)
        yield _Staged(root, paths, names)


def _is_tools_csv(path: Path) -> bool:
    """A .csv whose header has only the columns of a tools file, ``tool`` (or ``name`` and
    ``requires``) among them: what :func:`~teamsim.importers.skills_csv.tools_csv` writes."""
    if path.suffix.lower() != ".csv":
        return False
    first = read_text(path).partition("\n")[0]
    header = [h.strip().lower() for h in next(csv.reader([first], delimiter=_dialect(first)), [])]
    return (set(header) <= {*_TOOL_COLUMNS, "name"} and len(set(header)) == len(header)
            and ("tool" in header or {"name", "requires"} <= set(header)))


def _detect(path: Path) -> str:
    """The kind of a staged upload (:func:`detect_kind`; :data:`ALIASES` by its name; :data:`TOOLS`
    by its header)."""
    if _ALIAS_NAME.search(path.name) and path.suffix.lower() in ("", ".txt", ".mailmap"):
        return ALIASES
    if _is_tools_csv(path):
        return TOOLS
    return detect_kind(path, accept=[k for k in UPLOAD_KINDS if k not in _OPTIONS])


def _detect_or_none(path: Path) -> str | None:
    try:
        return _detect(path)
    except InputError:
        return None


def detect_uploads(files: Sequence[tuple[str | None, bytes]]) -> list[str | None]:
    """The kind :func:`read_uploads` reads each upload as, None where none fits.

    Parameters
    ----------
    files : sequence of (str, bytes)
        Each file's name (as the browser sent it) and contents.

    Returns
    -------
    list of (str or None)
        One of :data:`UPLOAD_KINDS` per file (detected as by
        :func:`~teamsim.importers.registry.detect_kind`; a ``.txt`` or suffix-less file
        whose name says alias, or a ``.mailmap``, is :data:`ALIASES`; a CSV with only the
        columns of a tools file is :data:`TOOLS`).

    Raises
    ------
    InputError
        Too many files, or a file over ``max_file_bytes``.

    See Also
    --------
    read_uploads : Reads each upload as the kind detected.
    teamsim.importers.registry.detect_kind : The same for files on disk.

    Examples
    --------
    >>> detect_uploads([("org/CODEOWNERS", b"* @a"), ("deps.csv", b"source,target\\na,b\\n"),
    ...                 ("aliases.txt", b"Ann = ann\\n"), ("notes.md", b"hi"),
    ...                 ("t.csv", b'"tool","requires","value"\\n"Go","",1\\n')])
    ['codeowners', 'dependencies', 'aliases', None, 'tools']
    """
    with _staged(files) as st:
        return [_detect_or_none(p) for p in st.paths]


def _options(st: _Staged, kinds: list[str]) -> tuple[list[ImportWarning], dict[str, Path]]:
    """The options the pseudo-kind uploads give (``aliases=``, ``tools=``), and a warning for one
    whose sources were not uploaded; two files of one pseudo-kind are refused."""
    warnings, extra = [], {}
    for kind, (option, noun, needs, users) in _OPTIONS.items():
        paths = [p for p, k in zip(st.paths, kinds) if k == kind]
        if len(paths) > 1:
            raise InputError(f"{len(paths)} {noun} files uploaded", file=st.relabel(str(paths[1])),
                             hint=f"upload one {option} file (merge them into one)")
        if paths and not any(k in users for k in kinds) and any(k not in _OPTIONS for k in kinds):
            warnings.append(ImportWarning(message=f"no {needs} uploaded: the {option} file is not used",
                                          file=str(paths[0]), kind=f"unused {noun}",
                                          hint=f"upload the {needs} with it"))
        if paths:
            extra[option] = paths[0]
    return warnings, extra


def _read_staged(st: _Staged, kinds: list[str], options: dict[str, Any], chosen: Sequence[bool]
                 ) -> ReadResult:
    """:func:`read` of the staged files: the catalog folder once, aliases and tools as options, a detected
    git log as history when another file gives teams with members (``chosen``: the user's kinds)."""
    warnings, extra = _options(st, kinds)
    sources: list[Path] = []
    read_as: list[str | None] = []
    for p, k, mine in zip(st.paths, kinds, chosen):
        if k == "backstage":
            p = p.parent
            if p in sources:
                continue
        if k not in _OPTIONS:
            sources.append(p)
            read_as.append(None if k in GIT_KINDS and not mine else k)  # detected again, may become history
    if not sources:
        kind = next(k for k in kinds if k in _OPTIONS)
        option, _, needs, _ = _OPTIONS[kind]
        raise InputError(f"only {'an aliases' if kind == ALIASES else 'a tools'} file was uploaded",
                         file=st.relabel(str(extra[option])),
                         hint=f"upload the {needs} it belongs to with it")
    options = {**options, **extra}
    r = read(sources, kind=read_as, accept=[k for k in UPLOAD_KINDS if k not in _OPTIONS],
             git_as_history="auto", **options)
    return r.model_copy(update={"warnings": warnings + list(r.warnings)})


def read_uploads(files: Sequence[tuple[str | None, bytes]], kinds: Sequence[str | None] | None = None,
                 **options: Any) -> ReadResult:
    """Read uploaded files (name, bytes) with :func:`~teamsim.importers.registry.read`, in one call.

    Parameters
    ----------
    files : sequence of (str, bytes)
        Each file's name (as the browser sent it: only its last component is used)
        and contents.
    kinds : sequence of (str or None), optional
        One of :data:`UPLOAD_KINDS` per file, None (or no sequence) to detect it
        (:func:`detect_uploads`).
    **options
        Options of :func:`~teamsim.importers.registry.read` (``aliases`` comes from an
        uploaded aliases file).

    Returns
    -------
    ReadResult
        As :func:`~teamsim.importers.registry.read`, naming the uploaded files: its
        ``kinds`` lists each upload and the kind it was read as; Backstage files are
        one source, the folder :data:`CATALOG`, in ``sources``, named by its files in the
        scenario's name and the provenance. A git log whose kind is detected is read as
        history only (kind ``git-history``, as the CLI's ``--git-log``) when another file
        gives teams with members (``git_as_history="auto"`` of
        :func:`~teamsim.importers.registry.read`); choose ``git-log`` to read its authors as
        people.

    Raises
    ------
    InputError, ScenarioError
        The message of :func:`~teamsim.importers.registry.read` naming the uploaded
        file; no file; a file no kind fits; a kind not in :data:`UPLOAD_KINDS`; more than
        one aliases file, or only that; too many files or a file too large.

    See Also
    --------
    detect_uploads : The kind each upload is read as.
    teamsim.importers.registry.read : The same for files on disk.
    provenance_rows : The result's provenance as table rows.

    Examples
    --------
    >>> deps = b"source,target\\nweb,cart\\nweb,shop\\n"
    >>> owners = b"/src/web/ @acme/storefront\\n/src/cart/ @acme/checkout\\n"
    >>> r = read_uploads([("graph.csv", deps), ("CODEOWNERS", owners)], service_paths="src/{name}/")
    >>> r.kinds
    [('graph.csv', 'dependencies'), ('CODEOWNERS', 'codeowners')]
    >>> r.provenance.services["cart"]
    [('graph.csv', 'listed'), ('CODEOWNERS', 'paths')]
    >>> [w.message for w in r.warnings]
    ["path 'src/shop/' has no code owner"]
    """
    if not files:
        raise InputError("no file uploaded", hint="upload a scenario, a catalog, a dependency CSV, "
                         "an org CSV, a git log and/or a CODEOWNERS file")
    given = list(kinds) if kinds is not None else [None] * len(files)
    if len(given) != len(files):
        raise InputError(f"{len(given)} kinds for {len(files)} files", entity="kind",
                         hint="give one kind per file (None to detect it)")
    for name, k in zip(files, given):
        if k is not None and k not in UPLOAD_KINDS:
            raise InputError(f"unknown kind {k!r}", file=upload_name(name[0]), entity="kind",
                             hint=f"use one of {', '.join(UPLOAD_KINDS)}")
    with _staged(files) as st:
        try:
            kinds_read = [k or _detect(p) for k, p in zip(given, st.paths)]
            st.gather([k == "backstage" for k in kinds_read])
            r = _read_staged(st, kinds_read, options, [k is not None for k in given])
        except TeamsimError as e:
            raise st.error(e) from None
        return _relabelled(r, st, kinds_read)


def _labels(st: _Staged) -> dict[str, str]:
    """The name :func:`read` gives each staged source (a file's or the catalog folder's name) -> the
    name to show: the uploaded file's, and for the catalog folder its files' names."""
    catalog = [n for p, n in zip(st.paths, st.names) if p.parent == st.root / CATALOG]
    labels = {p.name: n for p, n in zip(st.paths, st.names) if p.parent != st.root / CATALOG}
    return {**labels, CATALOG: " + ".join(catalog) or CATALOG}


def _relabelled(r: ReadResult, st: _Staged, kinds: list[str]) -> ReadResult:
    """``r`` with the temporary paths shown as the uploaded names, and the kind each upload was read as."""
    fields = ("message", "file", "entity", "hint")
    warnings = [w.model_copy(update={f: st.relabel(getattr(w, f)) for f in fields}) for w in r.warnings]
    labels = _labels(st)
    name = (" + ".join(labels.get(Path(p).name, Path(p).name) for p, _ in r.kinds) if len(r.kinds) > 1
            else st.relabel(r.scenario.name))
    sc = r.scenario.model_copy(update={"name": name, "description": st.relabel(r.scenario.description)})
    prov = r.provenance.model_copy(update={what: {k: [(labels.get(src, src), fact) for src, fact in v]
                                                  for k, v in getattr(r.provenance, what).items()}
                                           for what in ("services", "teams", "people")})
    read_as = {Path(p): k for p, k in r.kinds}
    kinds = [read_as.get(p.parent if k == "backstage" else p, k) for p, k in zip(st.paths, kinds)]
    return r.model_copy(update={
        "scenario": sc, "warnings": warnings, "kinds": list(zip(st.names, kinds)), "provenance": prov,
        "sources": [st.relabel(s) or s for s in r.sources]})


def provenance_rows(provenance: Provenance) -> list[tuple[str, str, str, str]]:
    """The provenance as table rows: (what, name, source, fact), services then teams then people.

    Parameters
    ----------
    provenance : Provenance
        From :func:`~teamsim.importers.registry.read` or :func:`read_uploads`.

    Returns
    -------
    list of (str, str, str, str)
        ``what`` is ``"service"``, ``"team"`` or ``"person"``; names sorted, each
        name's facts in reading order.

    See Also
    --------
    read_uploads : The reader whose provenance it lays out.
    teamsim.importers.registry.read : Reads sources with their provenance.

    Examples
    --------
    >>> p = Provenance(services={"web": [("a.csv", "dependencies"), ("CODEOWNERS", "paths")]},
    ...                teams={"shop": [("CODEOWNERS", "owner")]})
    >>> for row in provenance_rows(p):
    ...     print(row)
    ('service', 'web', 'a.csv', 'dependencies')
    ('service', 'web', 'CODEOWNERS', 'paths')
    ('team', 'shop', 'CODEOWNERS', 'owner')
    """
    groups = (("service", provenance.services), ("team", provenance.teams), ("person", provenance.people))
    return [(what, name, source, fact) for what, facts in groups
            for name in sorted(facts) for source, fact in facts[name]]
