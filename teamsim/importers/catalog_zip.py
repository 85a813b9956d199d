"""A Backstage catalog in a zip archive, read safely.

The archive's ``.yaml``/``.yml`` members are copied into a private temporary folder
and read there as a catalog folder (:func:`~teamsim.importers.backstage.read_backstage`);
file names in warnings and errors are shown as ``archive.zip/member``.

Hostile archives are bounded before anything is written:

* the archive itself is at most ``max_file_bytes``, and holds at most
  ``max_catalog_files`` members;
* the YAML members together are at most ``max_catalog_zip_bytes``, and each at
  most ``max_file_bytes``: checked first from the sizes the archive's directory
  declares (an honest zip bomb is refused before anything is written), then again
  while each member is decompressed in chunks (a lying one stops there);
* a member whose name is absolute, holds ``..`` or a drive letter (path
  traversal), or that is a symlink, is skipped with a warning: nothing is ever
  written outside the temporary folder, and no link is followed; a member path
  nested deeper than ``max_depth`` folders is skipped the same way.

The temporary folder is always removed: after success, after a refusal, on Ctrl-C
and on ``kill`` (SIGTERM).
"""

from __future__ import annotations

import io
import os
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import TypedDict, overload

from teamsim._interrupt import terminate_as_interrupt
from teamsim.errors import InputError, TeamsimError
from teamsim.importers._files import read_bytes, remove_tree
from teamsim.importers._result import ImportWarning
from teamsim.importers.backstage import BackstageImport, read_backstage
from teamsim.limits import LIMITS, check_count, limit

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
    """Decompress one member into ``dest`` (a new file), bounded per member and in total.

    The bytes are counted as they come, whatever sizes the archive declares.
    """
    cap, where = limit("max_file_bytes"), f"{file}/{info.filename}"
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as out, zf.open(info) as src:
            size = 0
            while chunk := src.read(_CHUNK):
                size += len(chunk)
                budget[0] += len(chunk)
                if size > cap:
                    check_count("max_file_bytes", size, entity="zip member", file=where,
                                what="decompressed size")
                _check_total(budget[0], file, "")
                out.write(chunk)
    except BaseException:
        dest.unlink()  # a member not read in full is not read at all (never "an empty file")
        raise


def _unreadable(e: Exception, info: zipfile.ZipInfo) -> tuple[str, str]:
    """Why a member cannot be extracted (never naming the temporary folder), and the fix."""
    if isinstance(e, zipfile.BadZipFile) and "CRC" in str(e):
        return (f"member is damaged: its data does not match the archive's directory (declared "
                f"{info.file_size:,} bytes; checksum mismatch: the declared size is wrong or the "
                "data is corrupt)", "rebuild the archive from the catalog folder (zip -r catalog.zip FOLDER)")
    if isinstance(e, OSError):  # its str() names the file in the temporary folder
        return (f"member cannot be written: {e.strerror or type(e).__name__}",
                "shorten the member's path (at most 255 characters a folder or file name)")
    return (f"member cannot be read ({e})",
            "rebuild the archive with plain deflate (zip -r catalog.zip FOLDER)")


def _check_total(size: int, file: str, how: str) -> None:
    check_count("max_catalog_zip_bytes", size, entity="zip archive", file=file,
                what=f"decompressed size of all YAML members{how}",
                fix="leave files that are not catalog files out of the archive")


class _At(TypedDict):
    """The member a warning is about, and the warning's kind."""

    file: str
    kind: str


def _unsafe(info: zipfile.ZipInfo, rel: PurePosixPath | None, file: str) -> ImportWarning | None:
    """A warning when the member must not be written: it leaves the folder, is a link, nests too deep."""
    at: _At = {"file": f"{file}/{info.filename}", "kind": "unsafe zip member"}
    if rel is None:
        return ImportWarning(message="member path leaves the archive (absolute or '..'); not read",
                             hint="rebuild the archive with relative paths", **at)
    if stat.S_ISLNK(info.external_attr >> 16):
        return ImportWarning(message="member is a symlink; not followed, not read",
                             hint="put the file itself in the archive", **at)
    if len(rel.parts) - 1 > limit("max_depth"):
        return ImportWarning(message=f"member path is {len(rel.parts) - 1} folders deep, over the "
                             f"limit of {limit('max_depth')}; not read",
                             hint=f"flatten the archive, or raise the limit: {LIMITS['max_depth'].env}",
                             **at)
    return None


def _plan(zf: zipfile.ZipFile, file: str) -> tuple[list[tuple[zipfile.ZipInfo, PurePosixPath]],
                                                   list[ImportWarning]]:
    """The YAML members to extract, and a warning per unsafe member; refuses an archive whose
    directory already declares too many members or too many bytes (before anything is written)."""
    infos = zf.infolist()
    check_count("max_catalog_files", len(infos), entity="zip archive", file=file,
                what="archive members:")
    keep, warnings = [], []
    for info in infos:
        if info.is_dir():
            continue
        rel = _member_path(info.filename)
        bad = _unsafe(info, rel, file)
        if bad is not None:
            warnings.append(bad)
        elif rel is not None and rel.suffix.lower() in (".yaml", ".yml"):
            if info.file_size > limit("max_file_bytes"):
                check_count("max_file_bytes", info.file_size, entity="zip member",
                            file=f"{file}/{info.filename}", what="declared decompressed size")
            keep.append((info, rel))
    _check_total(sum(info.file_size for info, _ in keep), file, " (as the archive declares them)")
    return keep, warnings


def _extract(zf: zipfile.ZipFile, root: Path, file: str) -> list[ImportWarning]:
    """Copy the YAML members into ``root``; unsafe members are warnings, never written."""
    keep, warnings = _plan(zf, file)
    budget = [0]
    for info, rel in keep:
        at: _At = {"file": f"{file}/{info.filename}", "kind": "unsafe zip member"}
        dest = root.joinpath(*rel.parts)
        try:
            os.makedirs(dest.parent, exist_ok=True)
            _copy(zf, info, dest, file, budget)
        except FileExistsError:
            warnings.append(ImportWarning(message="member appears twice; the first copy is read",
                                          hint="remove the duplicate from the archive", **at))
        except (OSError, zipfile.BadZipFile, NotImplementedError, RuntimeError) as e:
            why, fix = _unreadable(e, info)
            warnings.append(ImportWarning(message=f"{why}; skipped", hint=fix, **at))
    return warnings


@overload
def _relabel(text: str, root: str, file: str) -> str: ...
@overload
def _relabel(text: str | None, root: str, file: str) -> str | None: ...
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

    See Also
    --------
    teamsim.importers.backstage.read_backstage : The same for a catalog file or folder.
    teamsim.importers.registry.read : Reads a zipped catalog together with other sources.

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
    with zf, terminate_as_interrupt():  # kill/Ctrl-C: the finally below still runs
        root = os.path.realpath(tempfile.mkdtemp(prefix="teamsim-catalog-"))
        warnings: list[ImportWarning] = []
        try:
            warnings = _extract(zf, Path(root), file)
            r = read_backstage(root)
        except TeamsimError as e:
            e.file = _relabel(e.file, root, file)
            e.message = _relabel(e.message, root, file)
            if warnings:  # a member skipped (damaged, unsafe) may be why nothing was found
                e.message += (f"; {len(warnings)} member{'s' * (len(warnings) > 1)} skipped, the first: "
                              f"{warnings[0].file}: {warnings[0].message}")
            raise
        finally:
            remove_tree(root)
    fix = [w.model_copy(update={"file": _relabel(w.file, root, file),
                                "message": _relabel(w.message, root, file)}) for w in r.warnings]
    return r.model_copy(update={
        "warnings": warnings + fix, "sources": [_relabel(s, root, file) for s in r.sources],
        "scenario": r.scenario.model_copy(update={"name": f"Backstage catalog {file}"})})
