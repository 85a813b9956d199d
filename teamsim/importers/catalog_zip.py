"""A Backstage catalog in a zip archive, read safely.

The archive's ``.yaml``/``.yml`` members are copied into a private temporary folder
and read there as a catalog folder (:func:`~teamsim.importers.backstage.read_backstage`);
file names in warnings and errors are shown as ``archive.zip/member``.

Hostile archives are bounded before anything is written:

* the archive itself is at most ``max_file_bytes``, and holds at most
  ``max_catalog_files`` members;
* each member is decompressed in chunks and refused past ``max_file_bytes``;
  all members together past ``max_decompressed_bytes`` (a zip bomb stops there,
  whatever sizes its headers claim);
* a member whose name is absolute, holds ``..`` or a drive letter (path
  traversal), or that is a symlink, is skipped with a warning: nothing is ever
  written outside the temporary folder, and no link is followed.
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from teamsim.errors import InputError, TeamsimError
from teamsim.importers._files import read_bytes
from teamsim.importers._result import ImportWarning
from teamsim.importers.backstage import BackstageImport, read_backstage
from teamsim.limits import check_count, limit

__all__ = ["read_backstage_zip"]

_CHUNK = 1 << 20


def _member_path(name: str) -> PurePosixPath | None:
    """The member's relative path, or None when it could leave the folder."""
    path = PurePosixPath(name.replace("\\", "/"))
    parts = [p for p in path.parts if p not in ("", ".")]
    if path.is_absolute() or not parts or ".." in parts or ":" in parts[0]:
        return None
    return PurePosixPath(*parts)


def _copy(zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path, file: str, budget: list[int]) -> None:
    """Decompress one member into ``dest`` (a new file), bounded per member and in total."""
    cap, where = limit("max_file_bytes"), f"{file}/{info.filename}"
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "wb") as out, zf.open(info) as src:
        size = 0
        while chunk := src.read(_CHUNK):
            size += len(chunk)
            budget[0] += len(chunk)
            if size > cap:
                check_count("max_file_bytes", size, entity="zip member", file=where,
                            what="decompressed size")
            check_count("max_decompressed_bytes", budget[0], entity="zip archive", file=file,
                        what="decompressed size of all members")
            out.write(chunk)


def _extract(zf: zipfile.ZipFile, root: Path, file: str) -> list[ImportWarning]:
    """Copy the YAML members into ``root``; unsafe members are warnings, never written."""
    infos = zf.infolist()
    check_count("max_catalog_files", len(infos), entity="zip archive", file=file,
                what="archive members:")
    warnings, budget = [], [0]
    for info in infos:
        if info.is_dir():
            continue
        rel = _member_path(info.filename)
        mode = info.external_attr >> 16
        at = {"file": f"{file}/{info.filename}", "kind": "unsafe zip member"}
        if rel is None:
            warnings.append(ImportWarning(message="member path leaves the archive (absolute or '..'); "
                                          "not read", hint="rebuild the archive with relative paths",
                                          **at))
            continue
        if stat.S_ISLNK(mode):
            warnings.append(ImportWarning(message="member is a symlink; not followed, not read",
                                          hint="put the file itself in the archive", **at))
            continue
        if rel.suffix.lower() not in (".yaml", ".yml"):
            continue
        dest = root.joinpath(*rel.parts)
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            _copy(zf, info, dest, file, budget)
        except FileExistsError:
            warnings.append(ImportWarning(message="member appears twice; the first copy is read",
                                          hint="remove the duplicate from the archive", **at))
        except (OSError, zipfile.BadZipFile, NotImplementedError, RuntimeError) as e:
            warnings.append(ImportWarning(message=f"member cannot be read ({e}); skipped",
                                          hint="rebuild the archive with plain deflate", **at))
    return warnings


def _relabel(text: str | None, root: str, file: str) -> str | None:
    """``text`` with the temporary folder shown as the archive (absolute, or relative to the
    current directory as the catalog reader shows paths below it)."""
    if text is None:
        return None
    rel = os.path.relpath(root)
    text = text.replace(root, file)
    return text if rel.startswith("..") else text.replace(rel, file)


def read_backstage_zip(path: str | Path) -> BackstageImport:
    """Read a zipped Backstage catalog (every YAML member, as a catalog folder).

    Parameters
    ----------
    path : str or Path
        A ``.zip`` archive.

    Returns
    -------
    BackstageImport
        As :func:`~teamsim.importers.backstage.read_backstage`, with file names shown
        as ``archive.zip/member``, plus a warning per unsafe member skipped.

    Raises
    ------
    InputError
        Not a zip archive, an archive or member over its size limit, too many
        members, or no Backstage entity in it.

    Examples
    --------
    >>> import tempfile, zipfile, pathlib
    >>> z = pathlib.Path(tempfile.mkdtemp()) / "catalog.zip"
    >>> with zipfile.ZipFile(z, "w") as zf:
    ...     zf.writestr("web.yaml", "apiVersion: backstage.io/v1alpha1\\nkind: Component\\n"
    ...                 "metadata: {name: web}\\nspec: {owner: payments}\\n")
    ...     zf.writestr("../evil.yaml", "x: 1")
    >>> r = read_backstage_zip(z)
    >>> [(t.name, t.services, t.members_unknown) for t in r.scenario.teams]
    [('payments', ['web'], True)]
    >>> [w.message for w in r.warnings if w.kind == "unsafe zip member"]
    ["member path leaves the archive (absolute or '..'); not read"]
    """
    file = str(path)
    data = read_bytes(path)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as e:
        raise InputError(f"not a readable zip archive ({e})", file=file,
                         hint="give a .zip of the catalog folder") from None
    with zf, tempfile.TemporaryDirectory(prefix="teamsim-catalog-") as tmp:
        root = os.path.realpath(tmp)
        warnings = _extract(zf, Path(root), file)
        try:
            r = read_backstage(root)
        except TeamsimError as e:
            e.file = _relabel(e.file, root, file)
            e.message = _relabel(e.message, root, file)
            raise
    fix = [w.model_copy(update={"file": _relabel(w.file, root, file),
                                "message": _relabel(w.message, root, file)}) for w in r.warnings]
    return r.model_copy(update={
        "warnings": warnings + fix, "sources": [_relabel(s, root, file) for s in r.sources],
        "scenario": r.scenario.model_copy(update={"name": f"Backstage catalog {file}"})})
