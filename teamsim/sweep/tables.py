"""Results tables: sweep rows written to and read from CSV or Parquet."""

from __future__ import annotations

import csv
import io
import json
import numbers
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from teamsim._csvsafe import FORMULA_STARTS, csv_text
from teamsim.errors import InputError
from teamsim.limits import check_count, limit
from teamsim.sweep._common import _INT, INDEX_COLUMNS, TABLE_SUFFIXES, Row

__all__ = ["TableRows", "read_table", "write_table"]


class TableRows(list[Row]):
    """Rows read from a results file; ``file`` names it in error messages."""

    file: str | None = None


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InputError("the results file must end in .csv or .parquet", file=str(path),
                         hint="choose e.g. -o results.csv")
    return suffix


def _arrow(path: Path) -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise InputError("Parquet files need the pyarrow package", file=str(path),
                         hint="pip install 'teamsim[parquet]', or choose -o results.csv") from None
    return pyarrow, pyarrow.parquet


def _cell(v: object) -> object:
    """A value ready for :func:`~teamsim._csvsafe.csv_cell`, so that :func:`_parse_cell` gets it back.

    Numbers, booleans and None pass; other non-text values become JSON; a text that
    starts with ``'`` gets one more, so the quote that ``csv_cell`` puts before a
    formula-like text is the only one :func:`_parse_cell` removes.
    """
    if v is None or isinstance(v, numbers.Number):
        return v
    text = v if isinstance(v, str) else json.dumps(v, default=str)
    return "'" + text if text.startswith("'") else text


def _parse_cell(s: str) -> object:
    """A CSV cell written by :func:`write_table` back as int, float, bool, None or str."""
    if s[:1] == "'" and s[1:2] and s[1] in ("'", *FORMULA_STARTS):   # escaped text: text, as it was
        return s[1:]
    if s == "":
        return None
    if s in ("True", "False"):
        return s == "True"
    if _INT.fullmatch(s):
        return int(s)
    try:
        return float(s) if len(s) < 40 else s
    except ValueError:
        return s


def _columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    return list(dict.fromkeys(k for row in rows for k in row))


def write_table(path: str | Path, rows: Sequence[Mapping[str, Any]], *, overwrite: bool = False) -> None:
    """Write sweep rows to a ``.csv`` or ``.parquet`` file, atomically.

    Parameters
    ----------
    path : str or Path
        The file; its suffix chooses the format.
    rows : sequence of mappings
        Rows as :func:`sweep` returns them.
    overwrite : bool, default False
        Replace an existing file.

    Raises
    ------
    InputError
        Another suffix, an existing file without ``overwrite``, a missing folder,
        pyarrow missing for Parquet.

    See Also
    --------
    read_table : The inverse.
    teamsim.sweep.sweep_to_file : Writes its table with it.

    Notes
    -----
    CSV is written by :func:`teamsim._csvsafe.csv_text`: numbers (negative ones too) stay
    unquoted numbers (floats round-trip exactly), text is quoted, and a text that a
    spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR, LF first)
    gets a leading ``'``, which :func:`read_table` removes again. None and NaN are
    empty cells. A temporary file is renamed over ``path``
    (:func:`~teamsim.importers.write_text_new`).

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "r.csv")
    >>> write_table(p, [{"point": 0, "replicate": 0, "seed": 1, "x": 0.1}])
    >>> read_table(p) == [{"point": 0, "replicate": 0, "seed": 1, "x": 0.1}]
    True
    >>> write_table(p, [{"point": 0, "replicate": 0, "seed": 1, "x": -2.5, "who": "=1+2"}], overwrite=True)
    >>> print(open(p).read(), end="")
    "point","replicate","seed","x","who"
    0,0,1,-2.5,"'=1+2"
    >>> read_table(p)[0]["x"], read_table(p)[0]["who"]
    (-2.5, '=1+2')
    """
    from teamsim.importers import write_text_new

    path = Path(path)
    if _suffix(path) == ".parquet":
        pa, pq = _arrow(path)
        buf = io.BytesIO()
        pq.write_table(pa.Table.from_pylist([dict(r) for r in rows]), buf)
        write_text_new(path, buf.getvalue(), overwrite=overwrite)
        return
    columns = _columns(rows)
    write_text_new(path, csv_text(({c: _cell(row.get(c)) for c in columns} for row in rows), columns),
                   overwrite=overwrite)


def read_table(path: str | Path) -> TableRows:
    """Read the rows of a results file written by :func:`write_table` (to resume a sweep).

    Parameters
    ----------
    path : str or Path
        A ``.csv`` or ``.parquet`` file.

    Returns
    -------
    TableRows
        A list of dicts; CSV cells become int, float, bool, None or str.

    Raises
    ------
    InputError
        Not a regular file, over ``max_file_bytes``, NUL bytes, ragged CSV rows, a cell
        over ``max_cell_bytes``, more rows than ``max_sweep_points``, no ``point``,
        ``replicate`` and ``seed`` columns, or an unreadable Parquet file.

    See Also
    --------
    write_table : Write such a file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = pathlib.Path(d, "r.csv")
    ...     _ = p.write_text("point,replicate,seed,x,ok\\n0,0,7,0.5,True\\n")
    ...     read_table(p)
    [{'point': 0, 'replicate': 0, 'seed': 7, 'x': 0.5, 'ok': True}]
    """
    from teamsim.importers._files import read_bytes, read_text

    path, file = Path(path), str(path)
    if _suffix(path) == ".parquet":
        rows = _read_parquet(path, read_bytes(path))
    else:
        rows = _read_csv(read_text(path), file)
    missing = [c for c in INDEX_COLUMNS if rows and c not in rows[0]]
    if missing or not rows:
        raise InputError(f"no {missing[0] if missing else 'rows'}"
                         f"{' column' if missing else ''}: this is not a teamsim sweep table",
                         file=file, hint="resume only a file that teamsim sweep -o wrote")
    out = TableRows(rows)
    out.file = file
    return out


def _read_csv(text: str, file: str) -> list[Row]:
    old = csv.field_size_limit(limit("max_cell_bytes"))
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, [])
        rows = []
        for line in reader:
            if len(line) != len(header):
                raise InputError(f"{len(line)} cells where the header has {len(header)}", file=file,
                                 line=reader.line_num, hint="the file is damaged: write to a new file")
            rows.append(dict(zip(header, map(_parse_cell, line))))
    except csv.Error as e:
        raise InputError(f"not a readable CSV table: {e}", file=file,
                         hint="resume only a file that teamsim sweep -o wrote") from None
    finally:
        csv.field_size_limit(old)
    check_count("max_sweep_points", len(rows), entity="results table", file=file, what="table size")
    return rows


def _read_parquet(path: Path, data: bytes) -> list[Row]:
    pa, pq = _arrow(path)
    try:
        f = pq.ParquetFile(pa.BufferReader(data))
        meta = f.metadata
        check_count("max_sweep_points", meta.num_rows, entity="results table", file=str(path),
                    what="table size")
        size = sum(meta.row_group(g).total_byte_size for g in range(meta.num_row_groups))
        check_count("max_decompressed_bytes", size, entity="results table", file=str(path))
        rows: list[Row] = f.read().to_pylist()
        return rows
    except InputError:
        raise
    except (pa.ArrowException, OSError, ValueError) as e:
        raise InputError(f"not a readable Parquet table: {str(e)[:200]}", file=str(path),
                         hint="resume only a file that teamsim sweep -o wrote") from None
