"""Small CSV tables beside the sources: org charts, service folders, observed team interactions.

* an **org CSV** ``person,team[,role]``: one row per membership (a person in two
  teams has two rows); it gives teams their members, e.g. for a Backstage
  catalog whose owners are not Group entities;
* a **service-paths CSV** ``service,path``: the repository folder(s) of each
  service, for CODEOWNERS and git history (``--service-paths``);
* an **interactions CSV** ``team,other``: observed team interactions for
  socio-technical congruence (``--interactions``).

Every reader goes through :class:`~teamsim.importers._csv.CsvRows` (bounded cells,
line numbers) and names the file, line and column of a bad row.

Examples
--------
>>> import tempfile, pathlib
>>> f = pathlib.Path(tempfile.mkdtemp()) / "org.csv"
>>> _ = f.write_text("person,team\\nann,payments\\nbo,payments\\nann,search\\n")
>>> [(t.name, t.members) for t in read_org_csv(f).teams]
[('payments', ['ann', 'bo']), ('search', ['ann'])]
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from teamsim.errors import InputError
from teamsim.importers._csv import CsvRows, refuse_extra_cells, refuse_repeated_columns
from teamsim.importers._files import read_text
from teamsim.importers.codeowners import check_path_template, check_repo_folder, normalise_folder
from teamsim.scenario import Scenario

__all__ = ["ORG_COLUMNS", "csv_rows", "read_interactions", "read_org_csv", "read_service_paths",
           "row_cells"]

#: Columns an org CSV may have (``name`` is read as ``person``).
ORG_COLUMNS = ("person", "team", "role")


def csv_rows(path: str | Path) -> list[tuple[int, list[str]]]:
    """The non-blank rows of a small CSV file with their line numbers.

    Parameters
    ----------
    path : str or Path
        The CSV file.

    Returns
    -------
    list of (int, list of str)
        Each row's first line and its cells, stripped; trailing empty cells
        (spreadsheet exports) are dropped.

    See Also
    --------
    row_cells : One row as column -> cell.
    read_org_csv : Reads an org chart from such rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = f.write_text("a, b,,\\n\\n c,d\\n")
    >>> csv_rows(f)
    [(1, ['a', 'b']), (3, ['c', 'd'])]
    """
    rows = []
    for line, row in CsvRows(read_text(path), str(path)):
        cells = [c.strip() for c in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            rows.append((line, cells))
    return rows


def row_cells(path: str | Path, line: int, cells: list[str], columns: list[str], example: str,
              required: tuple[str, ...] = ()) -> dict[str, str]:
    """One row as column -> cell.

    Parameters
    ----------
    path : str or Path
        The file, for messages.
    line : int
        The row's line, for messages.
    cells : list of str
        The row's cells.
    columns : list of str
        The header's column names.
    example : str
        An example row for the fix.
    required : tuple of str, optional
        Columns that must not be empty (default: every column).

    Returns
    -------
    dict of str to str
        Column -> cell; missing trailing cells are empty.

    Raises
    ------
    InputError
        A cell beyond the columns, or an empty ``required`` (default: every) column,
        naming the file, line and column.

    See Also
    --------
    csv_rows : The rows it names the cells of.
    read_org_csv : Names the cells of each org-chart row with it.

    Examples
    --------
    >>> row_cells("t.csv", 2, ["a"], ["team", "other"], "A,B", required=("team",))
    {'team': 'a', 'other': ''}
    """
    refuse_extra_cells(cells, columns, str(path), line, example)
    row = dict(zip(columns, cells + [""] * (len(columns) - len(cells))))
    missing = [c for c in required or columns if not row[c]]
    if missing:
        raise InputError(f"the row has no {missing[0]}", file=str(path), line=line,
                         hint=f"write {','.join(columns)} per line, e.g. {example}")
    return row


def _header(path: str | Path, rows: list[tuple[int, list[str]]], needed: tuple[str, ...],
            example: str, what: str) -> list[str]:
    """The lower-cased header, which must name every ``needed`` column once."""
    header = [c.lower() for c in rows[0][1]] if rows else []
    if not set(needed) <= set(header):
        raise InputError(f"{what} needs the columns {','.join(needed)}", file=str(path),
                         line=rows[0][0] if rows else None,
                         hint=f"start with the header {','.join(needed)}, then one row per line, e.g. "
                              f"{example}")
    refuse_repeated_columns(header, rows[0][1], str(path), line=rows[0][0])
    return header


def read_service_paths(value: str) -> str | dict[str, list[str]]:
    """A ``{name}`` folder template, or a CSV file of ``service,path`` rows (several per service).

    Parameters
    ----------
    value : str
        The ``--service-paths`` value: a template such as ``src/{name}/`` or a ``.csv`` path.

    Returns
    -------
    str or dict of str to list of str
        The template, or service -> folders (``./`` segments and repeated ``/``
        collapsed: ``src/./cart`` is ``src/cart``).

    Raises
    ------
    InputError
        A malformed template, or a CSV without the columns or with an empty cell,
        or a path outside the repository or with a wildcard (:func:`check_repo_folder`).

    See Also
    --------
    teamsim.importers.codeowners.service_folder_list : A service's folders from the template or mapping.
    csv_rows : The rows of a ``service,path`` file.

    Examples
    --------
    >>> read_service_paths("src/{name}/")
    'src/{name}/'
    """
    if "{" in value or "}" in value or not value.lower().endswith(".csv"):
        return check_path_template(value)
    rows = csv_rows(value)
    example = "cartservice,src/cartservice/"
    header = _header(value, rows, ("service", "path"), example, "service-paths CSV")
    out: dict[str, list[str]] = {}
    for line, cells in rows[1:]:
        r = row_cells(value, line, cells, header, example, required=("service", "path"))
        check_repo_folder(r["path"], entity=f"service {r['service']!r}", file=value, line=line,
                          example=example.split(",")[1])
        out.setdefault(r["service"], []).append(normalise_folder(r["path"]))
    return out


def read_interactions(path: str | Path | None) -> list[tuple[str, str]] | None:
    """Observed team interactions ``team,other`` (header optional: team,other / source,target / a,b).

    Parameters
    ----------
    path : str or Path, optional
        The CSV file; None gives None (use the declared interactions).

    Returns
    -------
    list of (str, str) or None
        The interacting team pairs, in file order.

    Raises
    ------
    InputError
        A header that looks like a misspelt one, or a row without both teams.

    See Also
    --------
    csv_rows : The rows it reads.
    teamsim.ownership.congruence : The share of required coordination these interactions cover.

    Examples
    --------
    >>> read_interactions(None) is None
    True
    """
    if path is None:
        return None
    rows = csv_rows(path)
    headers = (["source", "target"], ["team", "other"], ["a", "b"])
    if rows:
        first = [c.lower() for c in rows[0][1][:2]]
        if first in headers:
            rows = rows[1:]
        else:
            near = [h for h in headers if len(first) == 2 and all(
                difflib.SequenceMatcher(None, a, b).ratio() >= 0.6 for a, b in zip(first, h))]
            if near:
                raise InputError(f"header {','.join(first)!r} looks like a misspelt "
                                 f"{','.join(near[0])!r}", file=str(path), line=rows[0][0],
                                 hint=f"write the header as {','.join(near[0])} (or source,target)")
    pairs = [row_cells(path, line, cells, ["team", "other"], "Checkout,Platform") for line, cells in rows]
    return [(r["team"], r["other"]) for r in pairs]


def read_org_csv(path: str | Path) -> Scenario:
    """An org chart: people and the teams they are members of.

    Parameters
    ----------
    path : str or Path
        CSV with a header naming ``person`` (or ``name``) and ``team``, optionally
        ``role``; one row per membership.

    Returns
    -------
    Scenario
        People (with their first role) and teams with members, in order of appearance.

    Raises
    ------
    InputError
        Missing or unknown columns, an empty person or team, a cell beyond the
        columns, a membership given twice.

    See Also
    --------
    csv_rows : The rows it reads.
    teamsim.importers.load_scenario : Loads an org CSV like any scenario file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "org.csv"
    >>> _ = f.write_text("name,team,role\\nann,web,lead\\n")
    >>> s = read_org_csv(f)
    >>> s.people[0].role, s.teams[0].members
    ('lead', ['ann'])
    """
    rows = csv_rows(path)
    if rows:
        rows[0] = (rows[0][0], ["person" if c.lower() == "name" else c for c in rows[0][1]])
    example = "ann,payments"
    header = _header(path, rows, ("person", "team"), example, "an org CSV")
    extra = [c for c, h in zip(rows[0][1], header) if h not in ORG_COLUMNS]
    if extra:
        raise InputError(f"column {extra[0]!r} is not a column of an org CSV ({', '.join(ORG_COLUMNS)})",
                         file=str(path), line=rows[0][0],
                         hint="remove it, or read the file as a skills matrix (one column per tool)")
    people: dict[str, dict[str, Any]] = {}
    teams: dict[str, dict[str, int]] = {}
    for line, cells in rows[1:]:
        r = row_cells(path, line, cells, header, example, required=("person", "team"))
        people.setdefault(r["person"], {"name": r["person"], **({"role": r["role"]} if r.get("role")
                                                                else {})})
        members = teams.setdefault(r["team"], {})
        if r["person"] in members:
            raise InputError(f"{r['person']!r} is listed twice in team {r['team']!r} "
                             f"(lines {members[r['person']]} and {line})", file=str(path), line=line,
                             entity=f"team {r['team']!r}", hint="remove the repeated row")
        members[r["person"]] = line
    if not people:
        raise InputError("the org CSV has no rows", file=str(path),
                         hint=f"add one row per membership after the header, e.g. {example}")
    return Scenario.model_validate({"name": Path(path).stem, "people": list(people.values()),
                                    "teams": [{"name": t, "members": list(m)} for t, m in teams.items()]})
