"""CSV rows with the line each starts on, bounded cells, and no rows silently swallowed.

Every CSV reader in :mod:`teamsim.importers` reads through :class:`CsvRows`, which

- numbers rows by the physical line they start on (a quoted cell may hold a line
  break, so the row count is not the line number);
- accepts ``\\n``, ``\\r\\n`` and ``\\r`` line ends;
- bounds a cell at ``max_cell_bytes`` (the :mod:`csv` module's field limit, counted
  in characters) and refuses a longer one with file, line and the limit to raise;
- refuses a cell that runs over several lines in a column where that cannot be
  meant: an unclosed quote makes the csv module read every following row into one
  cell, so a person's name would silently swallow the rest of the file;
- refuses a header that names the same column twice (:func:`refuse_repeated_columns`);
- refuses a NUL byte, naming its line, even in text that did not come through
  :func:`~teamsim.importers._files.read_text`.

Every number cell is read by :func:`plain_decimal`: ASCII decimals only.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Container, Iterator, Sequence

from teamsim.errors import InputError
from teamsim.importers._files import decode_text
from teamsim.limits import LIMITS, limit

__all__ = ["CsvRows", "plain_decimal", "refuse_extra_cells", "refuse_repeated_columns"]

_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

#: Why :func:`plain_decimal` refused a cell: not a number; nan or inf; underflows to 0.
NOT_DECIMAL, NOT_FINITE, UNDERFLOW = "not a number", "not a finite number", "so close to 0 that it underflows"


def plain_decimal(cell: str) -> float:
    """A CSV cell read as a plain ASCII decimal number, surrounding spaces ignored.

    :func:`float` also reads ``1_000``, Arabic-Indic or fullwidth digits, ``inf`` and
    ``nan``, and turns ``1e-400`` into 0: a file would then mean something other than
    what it shows. Here only an optional sign, ASCII digits, an optional ``.``
    fraction and an optional exponent are read (so no ``inf`` or ``nan``; ``1e400``
    is read as ``inf`` for the caller's range check), and a nonzero number that
    underflows to 0 or to a subnormal (below 2.2e-308 in size) is refused.

    Parameters
    ----------
    cell : str
        The cell's text.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        With the message :data:`NOT_DECIMAL`, :data:`NOT_FINITE` (``nan``, ``inf``,
        ``-infinity`` in any case) or :data:`UNDERFLOW`.

    Examples
    --------
    >>> plain_decimal(" -1.5e3 "), plain_decimal("0e-999")
    (-1500.0, 0.0)
    >>> for bad in ("1_000", "\\u0663", "\\uff15", "nan", "1e-400"):
    ...     try:
    ...         plain_decimal(bad)
    ...     except ValueError as e:
    ...         print(e)
    not a number
    not a number
    not a number
    not a finite number
    so close to 0 that it underflows
    """
    text = cell.strip()
    if not _DECIMAL.fullmatch(text):
        infinite = text.lower().lstrip("+-") in ("nan", "inf", "infinity")
        raise ValueError(NOT_FINITE if infinite else NOT_DECIMAL)
    x = float(text)
    nonzero = any(c in "123456789" for c in re.split("[eE]", text)[0])
    if nonzero and abs(x) < sys.float_info.min:
        raise ValueError(UNDERFLOW)
    return x


def _lines_in(cell: str) -> int:
    return cell.count("\n") + cell.count("\r") - cell.count("\r\n")


class CsvRows:
    """Iterate ``(line, cells)`` over CSV text; ``line`` is where the row starts (1-based).

    Parameters
    ----------
    text : str
        The CSV text.
    file : str
        Its name, for messages.
    delimiter : str, default ","
        The cell separator.

    Attributes
    ----------
    multiline : container of int
        Columns whose cells may span lines (e.g. a description); set it after
        reading the header. Elsewhere a line break inside a cell is refused as an
        unclosed quote.

    Examples
    --------
    >>> list(CsvRows('name,A\\nAnn,1\\n"Bo\\nBob",2\\n', "m.csv"))
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: m.csv:3: error: a quoted cell opened on line 3 runs over 2 lines (to line 4)
      fix: close the quote (") on the line it opens; write a quote inside a quoted cell as ""
    >>> [(line, cells) for line, cells in CsvRows("a,b\\r\\n\\r\\nc,d", "x.csv")]
    [(1, ['a', 'b']), (2, []), (3, ['c', 'd'])]
    """

    def __init__(self, text: str, file: str, *, delimiter: str = ",") -> None:
        self.text, self.file, self.delimiter = text, file, delimiter
        self.multiline: Container[int] = ()

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        if "\0" in self.text:  # text handed over directly, not read with read_text
            decode_text(self.text.encode("utf-8", "surrogatepass"), self.file)  # refuses, naming the line
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        old = csv.field_size_limit(limit("max_cell_bytes"))
        try:
            end, row = 0, None
            while True:
                start = end + 1
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as e:
                    raise self._error(e, reader.line_num) from None
                end = reader.line_num
                if end != start:
                    self._refuse_split(row, start, end)
                yield start, row
            if row is not None and any(_lines_in(c) for c in row):  # the file ended inside a quote
                self._refuse_split(row, end, end)
        finally:
            csv.field_size_limit(old)

    def _error(self, e: csv.Error, line: int) -> InputError:
        if "field larger than field limit" in str(e):
            lim = LIMITS["max_cell_bytes"]
            cap = limit("max_cell_bytes")
            return InputError(f"a cell is longer than the limit of {cap:,} {lim.unit}", file=self.file,
                              line=line, hint="check for an unclosed quote (\"), or raise the limit: "
                              f"{lim.env}={2 * cap}")
        return InputError(f"malformed CSV: {e}", file=self.file, line=line,
                          hint="save the file as plain CSV text")

    def _refuse_split(self, row: Sequence[str], start: int, end: int) -> None:
        line = start
        for j, cell in enumerate(row):
            n = _lines_in(cell)
            if n and j not in self.multiline:
                closed = f"runs over {end - line + 1} lines (to line {end})" if end > line else \
                    "is never closed"
                raise InputError(f"a quoted cell opened on line {line} {closed}", file=self.file,
                                 line=line, hint="close the quote (\") on the line it opens; write a "
                                 "quote inside a quoted cell as \"\"")
            line += n


def refuse_extra_cells(cells: Sequence[str], columns: Sequence[str], file: str, line: int,
                       example: str) -> None:
    """Refuse a row with a filled cell beyond the header's columns (nothing is dropped silently).

    Empty trailing cells (``a,b,,`` as spreadsheets write them) are allowed.

    Parameters
    ----------
    cells : sequence of str
        The row's cells.
    columns : sequence of str
        The header's columns, as written.
    file : str
        The file, for the message.
    line : int
        The row's line.
    example : str
        An example row for the fix.

    Raises
    ------
    InputError
        Naming the file, line, the first extra cell and the columns expected.

    Examples
    --------
    >>> refuse_extra_cells(["a", "b", ""], ["source", "target"], "d.csv", 2, "cart,db")
    >>> try:
    ...     refuse_extra_cells(["a", "b", "1", "2"], ["source", "target", "weight"], "d.csv", 2, "cart,db,1")
    ... except InputError as e:
    ...     print(e.message)
    4 cells where 3 are expected (source,target,weight): extra '2'
    """
    width = len(columns)
    extra = next((c for c in cells[width:] if c.strip()), None)
    if extra is not None:
        names = ",".join(c.strip() for c in columns)
        raise InputError(f"{len(cells)} cells where {width} are expected ({names}): "
                         f"extra {extra.strip()[:80]!r}", file=file, line=line,
                         hint=f"write {names} per line, e.g. {example} (quote a value "
                         "holding a comma), or name the extra column in the header")


def refuse_repeated_columns(keys: Sequence[str | None], header: Sequence[str], file: str,
                            what: str = "column", line: int = 1) -> None:
    """Refuse a header in which two columns have the same key (``None`` keys are skipped).

    Raises
    ------
    InputError
        Naming both columns by name and position, on the header's ``line``.

    Examples
    --------
    >>> try:
    ...     refuse_repeated_columns(["name", "team", "name"], ["name", "team", "person"], "m.csv")
    ... except InputError as e:
    ...     print(e.line, e.message)
    1 columns 'name' (column 1) and 'person' (column 3) both give the name
    """
    first: dict[str, int] = {}
    for j, key in enumerate(keys):
        if key is None:
            continue
        i = first.setdefault(key, j)
        if i != j:
            a, b = header[i].strip(), header[j].strip()
            both = f"{what}s {a!r} (column {i + 1}) and {b!r} (column {j + 1})"
            msg = (f"{what} {a!r} appears twice (columns {i + 1} and {j + 1})" if a == b else
                   f"{both} differ only in case" if a.casefold() == b.casefold() else
                   f"{both} both give the {key}")
            raise InputError(msg, file=file, line=line,
                             hint="keep one of the two columns (move its cells into the other)")
