"""Bounded, safe reading and atomic writing of the files teamsim is given.

Every importer reads through :func:`read_bytes` / :func:`read_text`, which

- open regular files only: a device such as ``/dev/zero``, a FIFO or a socket is
  refused at once (the file is opened non-blocking, so a FIFO never hangs);
- refuse a file over ``max_file_bytes`` before reading it, and never read more
  than that even if the file grows;
- cap the decompressed size of a gzip file at ``max_decompressed_bytes`` (a
  4 MB gzip bomb that expands to 4 GB is refused after reading the cap);
- turn every OS error (missing file, folder, permission, symlink loop) into an
  :class:`~teamsim.errors.InputError` that names the file and the fix.

:func:`write_text_new` writes atomically: a temporary file in the same folder is
renamed over the target, so a failed write never leaves a truncated file behind,
and a target that is a symlink is replaced, not followed.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from pathlib import Path

from teamsim.errors import InputError
from teamsim.limits import check_count, limit

__all__ = ["read_bytes", "read_text", "read_maybe_gzip", "decode_text", "remove_tree", "write_text_new"]


def _os_error(e: OSError, file: str) -> InputError:
    if isinstance(e, FileNotFoundError):
        return InputError("file not found", file=file, hint="check the path")
    if isinstance(e, IsADirectoryError):
        return InputError("is a folder, not a file", file=file, hint="name a file inside it")
    if isinstance(e, PermissionError):
        return InputError("permission denied", file=file, hint="make the file readable")
    if e.errno == errno.ELOOP:
        return InputError("symlink loop", file=file, hint="point the link at a real file")
    return InputError(f"cannot read: {e.strerror or e}", file=file)


def read_bytes(path: str | Path, *, limit_name: str = "max_file_bytes") -> bytes:
    """Read a regular file whole, bounded by a size limit.

    Parameters
    ----------
    path : str or Path
        The file.
    limit_name : str, default "max_file_bytes"
        The :mod:`teamsim.limits` entry that bounds its size in bytes.

    Returns
    -------
    bytes
        The file's contents.

    Raises
    ------
    InputError
        Missing file, folder, device/FIFO/socket, permission, symlink loop, or a file
        over the size limit (the message names the environment variable to raise it).

    Examples
    --------
    >>> read_bytes("/dev/zero")
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: /dev/zero: error: not a regular file (a device, FIFO or socket)
      fix: give a file saved on disk
    """
    file = str(path)
    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise _os_error(e, file) from None
    st = os.fstat(fd)
    if stat.S_ISDIR(st.st_mode):   # checked before fdopen, which refuses a folder with its own error
        os.close(fd)
        raise _os_error(IsADirectoryError(), file)
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(st.st_mode):
            raise InputError("not a regular file (a device, FIFO or socket)", file=file,
                             hint="give a file saved on disk")
        check_count(limit_name, st.st_size, entity="file", file=file,
                    what="file size")
        cap = limit(limit_name)
        try:
            data = f.read(cap + 1)
        except OSError as e:
            raise _os_error(e, file) from None
    check_count(limit_name, len(data), entity="file", file=file, what="file size")
    return data


def _gunzip(data: bytes, file: str) -> bytes:
    import gzip  # imported when a file is gzip data
    import zlib

    cap = limit("max_decompressed_bytes")
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as g:
            out = g.read(cap + 1)
    except (OSError, EOFError, zlib.error) as e:
        raise InputError(f"cannot read gzip data: {e}", file=file,
                         hint="give a complete gzip-compressed file, or the plain text") from None
    check_count("max_decompressed_bytes", len(out), entity="gzip file", file=file,
                what="decompressed size of at least")
    if out[:2] == b"\x1f\x8b":
        raise InputError("the file is gzip-compressed twice", file=file,
                         hint="decompress it once (gunzip) and give the result")
    return out


def decode_text(data: bytes, file: str) -> str:
    """Decode UTF-8 text (a BOM is dropped), refusing NUL bytes with their line.

    Raises
    ------
    InputError
        Not UTF-8 (UTF-16 is named as such), or a NUL byte (names its line).

    Examples
    --------
    >>> decode_text(b"a\\nb", "x.yaml")
    'a\\nb'
    >>> decode_text(b"a\\nb\\x00", "x.yaml")
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: x.yaml:2: error: contains a NUL byte (binary data)
      fix: save the file as plain UTF-8 text
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError("UTF-16 text (it starts with a UTF-16 byte order mark)", file=file, line=1,
                         hint="save the file as UTF-8")
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputError("contains a NUL byte (binary data)", file=file,
                         line=data.count(b"\n", 0, nul) + 1, hint="save the file as plain UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise InputError(f"not UTF-8 text ({e.reason} at byte {e.start})", file=file, line=line,
                         hint="save the file as UTF-8") from None


def read_text(path: str | Path) -> str:
    """Read a bounded UTF-8 text file (see :func:`read_bytes` and :func:`decode_text`).

    Raises
    ------
    InputError
        As :func:`read_bytes` and :func:`decode_text`.

    Examples
    --------
    >>> read_text("no/such/file.yaml")
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: no/such/file.yaml: error: file not found
      fix: check the path
    """
    return decode_text(read_bytes(path), str(path))


def read_maybe_gzip(path: str | Path) -> str:
    """Read a text file, decompressing it (bounded) when it is gzip data or ends in ``.gz``.

    Raises
    ------
    InputError
        As :func:`read_text`, or broken gzip data, or a decompressed size over
        ``max_decompressed_bytes``.

    Examples
    --------
    >>> import gzip, tempfile, os
    >>> d = tempfile.mkdtemp(); p = os.path.join(d, "log.gz")
    >>> _ = open(p, "wb").write(gzip.compress(b"hello"))
    >>> read_maybe_gzip(p)
    'hello'
    """
    data = read_bytes(path)
    if str(path).endswith(".gz") or data[:2] == b"\x1f\x8b":
        data = _gunzip(data, str(path))
    return decode_text(data, str(path))


def write_text_new(path: str | Path, text: str | bytes, *, overwrite: bool = False) -> None:
    """Write ``text`` to ``path`` atomically, refusing to overwrite unless asked.

    The text goes to a temporary file in the same folder, which is flushed to disk
    and renamed over ``path``: readers see the old file or the new one, never a
    truncated one. A symlink at ``path`` (dangling or not) counts as an existing
    file and is replaced by the new file, never followed.

    Parameters
    ----------
    path : str or Path
        The file to write.
    text : str or bytes
        Its new contents (str is written as UTF-8, bytes as they are).
    overwrite : bool, default False
        Replace an existing file (``--force``).

    Raises
    ------
    InputError
        The folder does not exist, the file exists and ``overwrite`` is False,
        ``path`` is a folder, or the write fails (the old file is left intact).

    See Also
    --------
    read_text : The bounded reader of the same module.
    teamsim.importers.scenario_file.dump_scenario : Writes a scenario with it.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "s.yaml")
    >>> write_text_new(p, "tools: []\\n")
    >>> write_text_new(p, "x")
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: ...: error: file exists; teamsim will not overwrite it
      fix: choose another -o path, or pass --force
    """
    p = Path(path)
    file = str(path)
    if not p.parent.is_dir():
        raise InputError("the folder to write into does not exist", file=file,
                         hint=f"create {p.parent} first, or choose another -o path")
    if p.is_dir():
        raise InputError("is a folder, not a file", file=file, hint="choose a file name for -o")
    if os.path.lexists(p) and not overwrite:
        raise InputError("file exists; teamsim will not overwrite it", file=file,
                         hint="choose another -o path, or pass --force")
    import tempfile  # imported when a file is written

    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        if os.path.lexists(p):
            try:
                os.chmod(tmp, stat.S_IMODE(os.lstat(p).st_mode) if not p.is_symlink() else 0o644)
            except OSError:
                pass
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, p)
        tmp = None
    except OSError as e:
        raise InputError(f"cannot write: {e.strerror or e}; the old file is unchanged", file=file,
                         hint="check free space and permissions") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask



def remove_tree(path: str | Path) -> None:
    """Delete a folder and everything below it, never following a symlink.

    Iterative: :func:`shutil.rmtree` recurses once per level, so a folder chain 1,000
    levels deep (a hostile archive's member path) would raise ``RecursionError`` and
    leave everything behind. Files that vanish meanwhile are ignored.

    Parameters
    ----------
    path : str or Path
        A folder (a missing one is nothing to do).

    Examples
    --------
    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> (d / "a" / "b").mkdir(parents=True)
    >>> _ = (d / "a" / "b" / "x.yaml").write_text("x")
    >>> remove_tree(d)
    >>> d.exists()
    False
    """
    if os.path.islink(path):
        os.unlink(path)
        return
    stack = [(os.fspath(path), False)]
    while stack:
        folder, emptied = stack.pop()
        try:
            if emptied:
                os.rmdir(folder)
                continue
            stack.append((folder, True))
            with os.scandir(folder) as it:
                for e in it:
                    if e.is_dir(follow_symlinks=False):
                        stack.append((e.path, False))
                    else:
                        os.unlink(e.path)
        except FileNotFoundError:
            continue
