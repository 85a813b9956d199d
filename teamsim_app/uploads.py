"""Uploaded files: read with the library's own readers, nothing left on disk, nothing leaked.

The importers read paths (:mod:`teamsim.importers._files` bounds every read: size,
gzip, NUL bytes). An upload is written to a private temporary folder under a fixed
name, read, and the folder is removed at once; error messages name the file the
user uploaded, never the temporary path. An unexpected exception from a reader is
logged on the server and becomes a plain :class:`~teamsim.errors.TeamsimError`
without paths or traceback.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from teamsim import TeamsimError
from teamsim.importers.uploaded import upload_name
from teamsim.limits import check_count
from teamsim_app.safe import log_unexpected

__all__ = ["UNEXPECTED", "display_name", "guarded", "read_upload"]

T = TypeVar("T")

#: What the user sees when a reader fails in a way teamsim did not foresee (details: server log).
UNEXPECTED = ("teamsim could not read this file (an unexpected error; the details are in the "
              "server log)")

_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,10}")


#: The uploaded file's own name, on one line and at most 100 characters
#: (:func:`teamsim.importers.uploaded.upload_name`).
display_name = upload_name


def guarded(fn: Callable[..., T], *args, file: str | None = None, **kwargs) -> T:
    """``fn(*args, **kwargs)``; any exception other than a TeamsimError is logged with its
    traceback and raised as a TeamsimError with the generic message :data:`UNEXPECTED`."""
    try:
        return fn(*args, **kwargs)
    except TeamsimError:
        raise
    except Exception as e:
        log_unexpected(f"unexpected error reading {file!r}", e)
        raise TeamsimError(UNEXPECTED, file=file,
                           hint="check that it is a teamsim scenario, skills CSV or git log") from None


def _renamed(e: TeamsimError, paths: tuple[str, ...], name: str) -> TeamsimError:
    """``e`` naming the uploaded file instead of its temporary copy (``paths``: file, folder)."""
    e.file = name
    for field in ("message", "entity", "hint"):
        value = getattr(e, field)
        for p in paths:
            value = value.replace(p, name) if value else value
        setattr(e, field, value)
    return e


def read_upload(filename: str | None, data: bytes, reader: Callable[[Path], T]) -> T:
    """``reader(path)`` of an upload's bytes, from a temporary folder removed right after.

    Parameters
    ----------
    filename : str
        The name the browser sent (only its suffix is used on disk; messages show it).
    data : bytes
        The file's contents.
    reader : callable
        A library reader taking a path, e.g. :func:`teamsim.load_scenario`.

    Raises
    ------
    TeamsimError
        The reader's own message with the uploaded file's name; a file over
        ``max_file_bytes`` before anything is written; :data:`UNEXPECTED` otherwise.
    """
    name = display_name(filename)
    check_count("max_file_bytes", len(data), entity="file", file=name, what="file size")
    suffix = Path(name).suffix if _SUFFIX.fullmatch(Path(name).suffix) else ""
    with tempfile.TemporaryDirectory(prefix="teamsim-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix.lower()}"
        try:
            path.write_bytes(data)
            return guarded(reader, path, file=name)
        except TeamsimError as e:
            raise _renamed(e, (str(path), tmp), name) from None
        except OSError as e:
            log_unexpected(f"cannot write the upload {name!r} to {tmp}", e)
            raise TeamsimError(UNEXPECTED, file=name) from None
