"""Predictions CSV for :mod:`teamsim.crowd`: one row per forecaster and question.

Columns (any order, names case-insensitive, no others): ``forecaster``, ``question``,
``prediction``, ``truth``. Every row of a question repeats its truth. A forecaster may
skip questions: each question's crowd is whoever answered it (see :mod:`teamsim.crowd`).

Refused, with file, line and fix: a missing, repeated or unknown column; a row with
too many or too few cells; an empty name; a number that is not a finite ASCII decimal
(:func:`~teamsim.importers._csv.plain_decimal`: no ``1_000``, no other digits), that
is over 1e100 in size, or nonzero yet so small it underflows to 0; a
question whose truth differs between rows; a forecaster who answers a question twice;
a cell over the ``max_cell_bytes`` limit; a table whose forecasters x questions would
need more than ``max_memory_bytes`` to read and report on
(:func:`teamsim.crowd.check_table_memory`, before the table is allocated).

Examples
--------
>>> p = parse_predictions("forecaster,question,prediction,truth\\nAnn,q1,2,5\\nBo,q1,8,5\\n", "p.csv")
>>> p.forecasters, p.values.tolist(), p.truth.tolist()
(('Ann', 'Bo'), [[2.0], [8.0]], [5.0])
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import numpy as np

from teamsim.crowd import Predictions, check_table_memory
from teamsim.errors import InputError
from teamsim.importers._csv import UNDERFLOW, plain_decimal
from teamsim.importers._files import read_text
from teamsim.importers.skills_csv import _dialect
from teamsim.limits import LIMITS, limit

__all__ = ["COLUMNS", "parse_predictions", "read_predictions"]

#: The columns of a predictions file.
COLUMNS = ("forecaster", "question", "prediction", "truth")


def _header(cells: list[str], file: str) -> dict[str, int]:
    names = [c.strip().lower() for c in cells]
    where: dict[str, int] = {}
    for j, name in enumerate(names):
        if name not in COLUMNS:
            raise InputError(f"unknown column {cells[j].strip()!r}", file=file, line=1,
                             hint=f"the columns are exactly: {', '.join(COLUMNS)}")
        if name in where:
            raise InputError(f"column {name!r} appears twice (columns {where[name] + 1} and {j + 1})",
                             file=file, line=1, hint="keep one of them")
        where[name] = j
    missing = [c for c in COLUMNS if c not in where]
    if missing:
        raise InputError("missing column" + ("s " if len(missing) > 1 else " ")
                         + ", ".join(repr(c) for c in missing), file=file, line=1,
                         hint=f"the first row names the columns: {','.join(COLUMNS)}")
    return where


#: Largest prediction or truth in size: squared errors summed over many forecasters stay finite.
MAX_PREDICTION = 1e100


def _number(cell: str, what: str, file: str, line: int, entity: str) -> float:
    try:
        x = plain_decimal(cell)
    except ValueError as e:
        if str(e) == UNDERFLOW:
            raise InputError(f"{what} {cell.strip()[:40]!r} is {UNDERFLOW} (it would be read as 0)",
                             file=file, line=line, entity=entity, loc=(what,),
                             hint="write 0, or give the numbers in a smaller unit") from None
        raise InputError(f"{what} {cell.strip()[:40]!r} is {e}", file=file, line=line,
                         entity=entity, loc=(what,),
                         hint="write a plain decimal number with ASCII digits and a dot, e.g. 12.5 or "
                         "-3e2 (no '_' or other digits)") from None
    if not math.isfinite(x):
        raise InputError(f"{what} {cell.strip()[:40]!r} is not a finite number", file=file, line=line,
                         entity=entity, loc=(what,), hint="write a finite decimal number")
    if abs(x) > MAX_PREDICTION:
        raise InputError(f"{what} {cell.strip()[:40]!r} is larger than {MAX_PREDICTION:.0e} in size "
                         "(its squared error would overflow)", file=file, line=line, entity=entity,
                         loc=(what,), hint="give the numbers in a larger unit (e.g. millions)")
    return x


def _check_cells(cells: list[str], header: list[str], cap: int, file: str, line: int) -> None:
    for j, c in enumerate(cells):
        if len(c) > cap // 4 and len(c.encode()) > cap:  # UTF-8 has at most 4 bytes a character
            name = header[j].strip() if j < len(header) else f"cell {j + 1}"
            raise InputError(f"{name} cell has {len(c.encode()):,} bytes, over the limit of {cap:,}",
                             file=file, line=line, loc=(name,),
                             hint=f"shorten it, or raise the limit: {LIMITS['max_cell_bytes'].env}={2 * cap}")


def _parse(reader: Any, file: str, cap: int) -> Predictions:
    header = next(reader, None)
    if header is None or not any(c.strip() for c in header):
        raise InputError("the file is empty", file=file,
                         hint=f"the first row names the columns: {','.join(COLUMNS)}")
    _check_cells(header, header, cap, file, 1)
    col, width = _header(header, file), len(header)
    forecasters: dict[str, int] = {}
    questions: dict[str, tuple[int, float, int]] = {}  # name -> (index, truth, line)
    seen: dict[tuple[str, str], int] = {}
    cells_out: list[tuple[int, int, float]] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        _check_cells(cells, header, cap, file, line)
        if len(cells) != width:
            raise InputError(f"row has {len(cells)} cells but the header has {width}", file=file, line=line,
                             hint=f"give every row the {width} cells {', '.join(COLUMNS)}")
        who, q = cells[col["forecaster"]].strip(), cells[col["question"]].strip()
        if not who or not q:
            raise InputError(f"empty {'forecaster' if not who else 'question'} name", file=file, line=line,
                             hint="fill the cell or delete the row")
        entity = f"forecaster {who!r}, question {q!r}"
        if (who, q) in seen:
            raise InputError(f"{who!r} predicts question {q!r} twice (also on line {seen[who, q]})",
                             file=file, line=line, entity=entity, hint="keep one prediction per question")
        seen[who, q] = line
        value = _number(cells[col["prediction"]], "prediction", file, line, entity)
        truth = _number(cells[col["truth"]], "truth", file, line, entity)
        k, first, first_line = questions.setdefault(q, (len(questions), truth, line))
        if truth != first:
            raise InputError(f"question {q!r} has truth {truth:g} here but {first:g} on line {first_line}",
                             file=file, line=line, entity=f"question {q!r}",
                             hint="a question has one true answer: correct one of the rows")
        cells_out.append((forecasters.setdefault(who, len(forecasters)), k, value))
    if not cells_out:
        raise InputError("no predictions below the header", file=file,
                         hint="add one row per forecaster and question")
    check_table_memory(len(forecasters), len(questions), file)  # before the dense table exists
    values = np.full((len(forecasters), len(questions)), np.nan)
    idx = np.array([(i, k) for i, k, _ in cells_out], dtype=np.int64)
    values[idx[:, 0], idx[:, 1]] = [v for _, _, v in cells_out]
    truths = np.array([t for _, t, _ in questions.values()])
    return Predictions(tuple(forecasters), tuple(questions), values, truths, file)


def parse_predictions(text: str, file: str) -> Predictions:
    """Parse predictions CSV text (see the module docstring for the format and what is refused).

    Parameters
    ----------
    text : str
        CSV with the columns ``forecaster``, ``question``, ``prediction`` and
        ``truth`` (comma separated, or semicolon separated when the header has no comma).
    file : str
        Name used in messages.

    Returns
    -------
    Predictions
        Forecasters and questions in order of first appearance.

    Raises
    ------
    InputError
        Naming the file, the line, the entity and the fix.

    See Also
    --------
    read_predictions : Read the same from a file.
    teamsim.crowd.crowd_report : The diversity prediction theorem on the result.

    Notes
    -----
    The csv module's own cell limit (characters, process-wide) is set to the
    ``max_cell_bytes`` limit while the text is parsed and restored afterwards.

    Examples
    --------
    >>> p = parse_predictions("forecaster,question,prediction,truth\\nAnn,q1,2,5\\nBo,q1,8,5\\n", "p.csv")
    >>> p.forecasters, p.questions, p.values.tolist(), p.truth.tolist()
    (('Ann', 'Bo'), ('q1',), [[2.0], [8.0]], [5.0])
    """
    cap = limit("max_cell_bytes")
    reader = csv.reader(io.StringIO(text), delimiter=_dialect(text), strict=True)
    old = csv.field_size_limit(cap + 1)
    try:
        return _parse(reader, file, cap)
    except csv.Error as e:
        big = "field limit" in str(e)
        raise InputError(f"a cell is over the limit of {cap:,} bytes" if big else f"malformed CSV: {e}",
                         file=file, line=reader.line_num,
                         hint=f"shorten it, or raise the limit: {LIMITS['max_cell_bytes'].env}={2 * cap}"
                         if big else "check the quotes on this line") from None
    finally:
        csv.field_size_limit(old)


def read_predictions(path: str | Path) -> Predictions:
    """Read a predictions CSV file (bounded read, see :func:`parse_predictions`).

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file (a regular file within the size limit).

    Returns
    -------
    Predictions
        Forecasters and questions in order of first appearance, the forecasters x
        questions predictions and each question's truth.

    Raises
    ------
    InputError
        Missing or unreadable file and the errors of :func:`parse_predictions`.

    See Also
    --------
    parse_predictions : The same for CSV text already read.
    teamsim.crowd.decompose : The diversity prediction theorem's terms of the predictions read.

    Examples
    --------
    >>> read_predictions("no/such.csv")
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: no/such.csv: error: file not found
      fix: check the path
    """
    return parse_predictions(read_text(path), str(path))
