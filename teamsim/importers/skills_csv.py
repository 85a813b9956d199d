"""Skills-matrix CSV: the spreadsheet most managers already keep.

One row per person, one column per cognitive tool. Recognised extra columns
(case-insensitive): ``name`` (or ``person``; required), ``team`` (one or more
team names separated by ``;``), ``role``, ``level``, ``cost``, ``candidate``
(``yes``/``1``/``x`` makes the row a candidate you could hire rather than a
person on staff; a candidate has no team). Every other column is a tool. Cells:

* blank, ``0``, ``no``, ``n``, ``false``, ``-``: the person does not hold the tool;
* ``1``, ``x``, ``yes``, ``y``, ``true``, ``✓``: holds it;
* any other number > 0: holds it at that proficiency level (kept in ``levels``);
  with ``min_level`` set, levels below it count as not holding the tool (the
  level is still kept).

Prerequisites and values come from an optional *tools file*: a CSV with
columns ``tool``, ``requires`` (``;``-separated), ``value``, ``description``,
or a YAML list of tools as in a scenario file.

Examples
--------
>>> text = "name,team,A,B\\nAnn,Core,1,\\nBo,Core,x,3\\n"
>>> s = read_skills_matrix_text(text, "m.csv")
>>> [(p.name, p.tools) for p in s.people], s.teams[0].members
([('Ann', ['A']), ('Bo', ['A', 'B'])], ['Ann', 'Bo'])
"""

from __future__ import annotations

from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teamsim.errors import InputError, ScenarioError
from teamsim.importers._csv import NOT_DECIMAL, UNDERFLOW, CsvRows, plain_decimal, refuse_repeated_columns
from teamsim.importers._yaml import one_document, read_text
from teamsim.importers.scenario_file import parse_scenario
from teamsim.scenario import Scenario

if TYPE_CHECKING:
    import numpy as np

__all__ = ["read_skills_matrix", "read_skills_matrix_text", "read_tools_file", "skills_matrix_csv",
           "tools_csv"]

_META = {"name", "person", "team", "role", "level", "cost", "candidate"}
_NO = {"", "0", "no", "n", "false", "-"}
_YES = {"1", "x", "yes", "y", "true", "✓", "✔"}


_TOOL_COLUMNS = ("tool", "requires", "value", "description")


def _dialect(text: str) -> str:
    """The delimiter: ``;`` when the header has semicolons but no commas (European Excel)."""
    first = text.split("\n", 1)[0]
    return ";" if ";" in first and "," not in first else ","


def read_tools_file(path: str | Path) -> list[dict[str, Any]]:
    """Read tool declarations (name, requires, value, description) from CSV or YAML.

    A CSV has the columns ``tool`` (or ``name``), ``requires`` (``;``-separated,
    or ``|`` in a ``;``-delimited file), ``value`` and ``description``; any other
    column, or a column given twice, is an error, so a misspelt header never drops
    data silently. Only a description may span lines.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.csv`` file, or a ``.yaml``/``.yml``/``.json`` file holding a list of
        tools (or a mapping with a ``tools:`` list) as in a scenario file.

    Returns
    -------
    list of dict
        One tool declaration per tool, as in a scenario's ``tools:`` (``name``,
        and ``requires``, ``value``, ``description`` when given); from a CSV each
        also carries its line number under ``_line`` for error messages.

    Raises
    ------
    InputError
        Missing file, unknown or repeated columns, or a bad value (naming the line).

    See Also
    --------
    tools_csv : Write a tools file from a scenario.
    read_skills_matrix : Read a skills matrix with such a file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "tools.csv")
    ...     _ = f.write_text("tool,requires,value\\nA,,1\\nB,A,2\\n")
    ...     [(t["name"], t.get("requires", []), t["value"]) for t in read_tools_file(f)]
    [('A', [], 1.0), ('B', ['A'], 2.0)]
    """
    file = str(path)
    text = read_text(path)
    if file.lower().endswith((".yaml", ".yml", ".json")):
        data, _ = one_document(text, file, "a tools file")
        if isinstance(data, dict) and "tools" in data:
            data = data["tools"]
        if not isinstance(data, list):
            raise InputError("a tools file holds a list of tools", file=file,
                             hint="write '- name: A' entries, or a 'tools:' key with such a list")
        return data
    delim = _dialect(text)
    sep = "|" if delim == ";" else ";"
    rows = CsvRows(text, file, delimiter=delim)
    it = iter(rows)
    raw = next(it, (1, []))[1]
    header = ["tool" if h.strip().lower() == "name" else h.strip().lower() for h in raw]
    unknown = [h for h in header if h not in _TOOL_COLUMNS]
    if unknown or "tool" not in header:
        raise InputError(
            f"unknown column {unknown[0]!r}" if unknown else "no 'tool' column", file=file,
            line=1, hint=f"the columns of a tools file are: {', '.join(_TOOL_COLUMNS)}")
    refuse_repeated_columns(header, raw, file)
    rows.multiline = {header.index("description")} if "description" in header else ()
    out = []
    for lineno, cells in it:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise InputError(f"row has {len(cells)} cells but the header has {len(header)}",
                             file=file, line=lineno, hint="remove the extra cells or add a column")
        row = dict(zip(header, (c.strip() for c in cells)))
        name = row.get("tool")
        if not name:
            raise InputError("row without a tool name", file=file, line=lineno,
                             hint="fill the 'tool' column")
        tool: dict[str, Any] = {"name": name}
        if row.get("requires"):
            tool["requires"] = [r.strip() for r in row["requires"].split(sep) if r.strip()]
        if row.get("value"):
            try:
                tool["value"] = plain_decimal(row["value"])
            except ValueError as e:
                raise InputError(f"value {row['value']!r} is {e}", file=file,
                                 line=lineno, entity=f"tool {name!r}",
                                 hint="write a number such as 1 or 2.5") from None
        if row.get("description"):
            tool["description"] = row["description"]
        tool["_line"] = lineno
        out.append(tool)
    return out


class _Columns:
    """The matrix header: where the name and the other recognised columns are, and the tools."""

    def __init__(self, header: list[str], file: str) -> None:
        lower = [h.lower() for h in header]
        if "name" not in lower and "person" not in lower:
            raise InputError("no 'name' column", file=file, line=1,
                             hint="add a column 'name' with one person per row (columns are "
                             "separated by commas, or by semicolons throughout)")
        keys = [("name" if h == "person" else h) if h in _META else None for h in lower]
        refuse_repeated_columns(keys, header, file)
        self.tools = [(j, header[j]) for j, k in enumerate(keys) if k is None]
        for j, name in self.tools:
            if not name:
                raise InputError(f"column {j + 1} has no header", file=file, line=1,
                                 hint="name every tool column")
        refuse_repeated_columns([None if k else h.casefold() for h, k in zip(header, keys)], header,
                                file, what="tool column")
        self.col = {k: j for j, k in enumerate(keys) if k is not None}
        self.width = len(header)


_NOT, _HOLDS, _BAD = 0.0, -1.0, -2.0  # cell codes; a level > 0 is its own code


def _code(cell: str, min_level: float | None) -> float:
    """A cell as a code: not held, held, a level > 0, or bad."""
    low = cell.strip().lower()
    if low in _NO:
        return _NOT
    if low in _YES and not (min_level is not None and low == "1"):
        return _HOLDS
    try:
        level = plain_decimal(low)
    except ValueError:
        return _BAD
    return level if 0 < level < float("inf") else _NOT if level == 0 else _BAD


def _bad_cell(cell: str, file: str, line: int, name: str, column: str) -> InputError:
    try:
        plain_decimal(cell)
    except ValueError as e:
        if str(e) == NOT_DECIMAL:
            return InputError(f"cell {cell.strip()!r} is not a level", file=file, line=line,
                              entity=f"person {name!r}", loc=(column,),
                              hint="use blank/0 (no), 1 or x (yes), or a plain decimal number with "
                              "ASCII digits (level)")
        if str(e) == UNDERFLOW:
            return InputError(f"level {cell.strip()!r} is {UNDERFLOW} (it would read as 'does not hold')",
                              file=file, line=line, entity=f"person {name!r}", loc=(column,),
                              hint="write 0 or blank for 'does not hold', or a larger level")
    return InputError(f"level {cell.strip()!r} is out of range", file=file, line=line,
                      entity=f"person {name!r}", loc=(column,),
                      hint="levels are finite numbers >= 0; 0 or blank means 'does not hold'")


class _ToolCells:
    """Every row's tool cells decoded at once (each distinct cell text is read once).

    ``tools(i)`` and ``levels(i)`` give row ``i``'s held tools in column order and
    their levels; ``first_bad`` is the first row with an unreadable cell, or None.
    """

    first_bad: int | None
    _names: list[str]
    _level_names: list[str]
    _levels: list[float]
    _bounds: list[int]
    _level_bounds: list[int]

    def __init__(self, rows: list[list[str]], cols: _Columns, min_level: float | None) -> None:
        n, idx = len(rows), [j for j, _ in cols.tools]
        self.cols = cols
        if not idx or not n:
            self.first_bad, self._names, self._level_names, self._levels = None, [], [], []
            self._bounds = self._level_bounds = [0] * (n + 1)
            return
        import numpy as np  # here, not at the top: reading a scenario file needs no numpy

        pick = itemgetter(*idx) if len(idx) > 1 else (lambda r: (r[idx[0]],))
        flat = list(chain.from_iterable(map(pick, rows)))
        code = {c: _code(c, min_level) for c in set(flat)}
        arr = np.fromiter(map(code.__getitem__, flat), float, len(flat)).reshape(n, len(idx))
        bad = np.flatnonzero((arr == _BAD).any(axis=1))
        self.first_bad = int(bad[0]) if len(bad) else None
        held = (arr == _HOLDS) | ((arr > 0) & (arr >= (min_level or 0)))
        names = np.array([t for _, t in cols.tools], dtype=object)
        self._names, self._bounds = self._by_row(held, names, n)
        r, c = np.nonzero(held & (arr > 0))
        self._level_names, self._level_bounds = self._by_row(held & (arr > 0), names, n)
        self._levels = arr[r, c].tolist()

    @staticmethod
    def _by_row(mask: np.ndarray, names: np.ndarray, n: int) -> tuple[list[str], list[int]]:
        """The names of the True cells, row after row, and where each row's names start."""
        import numpy as np

        r, c = np.nonzero(mask)
        return names[c].tolist(), np.concatenate([[0], np.cumsum(np.bincount(r, minlength=n))]).tolist()

    def tools(self, i: int) -> list[str]:
        return self._names[self._bounds[i]:self._bounds[i + 1]]

    def levels(self, i: int) -> dict[str, float]:
        a, b = self._level_bounds[i], self._level_bounds[i + 1]
        return dict(zip(self._level_names[a:b], self._levels[a:b])) if b > a else {}

    def bad_cell(self, row: list[str], file: str, line: int, name: str) -> InputError:
        j, tool = next((j, t) for j, t in self.cols.tools if _code(row[j], None) == _BAD)
        return _bad_cell(row[j], file, line, name, tool)


def _person(row: list[str], cols: _Columns, cells: _ToolCells, i: int,
            file: str, line: int, name: str) -> dict[str, Any]:
    """Row ``i`` as a person: the tools held (and their levels), role, level and cost."""
    if i == cells.first_bad:
        raise cells.bad_cell(row, file, line, name)
    person: dict[str, Any] = {"name": name, "tools": cells.tools(i)}
    levels = cells.levels(i)
    if levels:
        person["levels"] = levels
    for key in ("role", "level"):
        if key in cols.col and row[cols.col[key]].strip():
            person[key] = row[cols.col[key]].strip()
    if "cost" in cols.col and row[cols.col["cost"]].strip():
        try:
            person["cost"] = plain_decimal(row[cols.col["cost"]])
        except ValueError as e:
            raise InputError(f"cost {row[cols.col['cost']]!r} is {e}", file=file,
                             line=line, entity=f"person {name!r}", loc=("cost",),
                             hint="write a plain number") from None
    return person


def _candidate(row: list[str], cols: _Columns, file: str, line: int, name: str) -> bool:
    if "candidate" not in cols.col:
        return False
    flag = row[cols.col["candidate"]].strip().lower()
    if flag not in _YES | _NO:
        raise InputError(f"candidate cell {row[cols.col['candidate']].strip()!r} is not yes or no",
                         file=file, line=line, entity=f"person {name!r}", loc=("candidate",),
                         hint="write yes/1/x for a candidate, blank/no/0 for a person on staff")
    return flag in _YES


def _teams_of(row: list[str], cols: _Columns, file: str, line: int, name: str,
              is_candidate: bool) -> list[str]:
    if "team" not in cols.col:
        return []
    cell = row[cols.col["team"]].strip()
    teams = list(dict.fromkeys(filter(None, map(str.strip, cell.split(";"))))) if ";" in cell else \
        [cell] if cell else []
    if teams and is_candidate:
        raise InputError(f"candidate {name!r} is listed in team {teams[0]!r}", file=file, line=line,
                         entity=f"candidate {name!r}", loc=("team",),
                         hint="leave a candidate's team blank (hire them first), or clear the "
                         "candidate cell")
    return teams


def _matrix_rows(text: str, file: str) -> tuple[_Columns, list[tuple[int, list[str]]],
                                                  InputError | None]:
    """The header's columns, the non-blank rows padded to its width, and a row-length error.

    Reading stops at a row longer than the header; its error is returned so that it is
    raised in file order, after the problems of the rows above it.
    """
    it = iter(CsvRows(text, file, delimiter=_dialect(text)))
    first = next(it, None)
    if first is None:
        raise InputError("the file is empty", file=file,
                         hint="the first row names the columns: name, team, tool1, tool2, ...")
    cols = _Columns([h.strip() for h in first[1]], file)
    width = cols.width
    rows: list[tuple[int, list[str]]] = []
    for lineno, row in it:
        if len(row) != width:
            if len(row) > width and any(c.strip() for c in row[width:]):
                return cols, rows, InputError(
                    f"row has {len(row)} cells but the header has {width}", file=file, line=lineno,
                    hint="remove the extra cells or name the column in the header")
            row = row[:width] + [""] * (width - len(row))
        if "".join(row).strip():
            rows.append((lineno, row))
    return cols, rows, None


def _read_rows(text: str, file: str, min_level: float | None) -> tuple[
        list[dict[str, Any]], list[dict[str, Any]], dict[str, list[str]], dict[str, int], list[str]]:
    """The matrix's people, candidates, teams, line of each name, and tool column names."""
    cols, rows, late = _matrix_rows(text, file)
    cells = _ToolCells([r for _, r in rows], cols, min_level)
    people: list[dict[str, Any]] = []
    candidates: list[dict[str, Any]] = []
    teams: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    name_col = cols.col["name"]
    for i, (lineno, row) in enumerate(rows):
        name = row[name_col].strip()
        if not name:
            raise InputError("row without a name", file=file, line=lineno,
                             hint="fill the name column or delete the row")
        if name in seen:
            raise InputError(f"person {name!r} appears twice (also on line {seen[name]})",
                             file=file, line=lineno, entity=f"person {name!r}",
                             hint="merge the two rows")
        seen[name] = lineno
        person = _person(row, cols, cells, i, file, lineno, name)
        is_candidate = _candidate(row, cols, file, lineno, name)
        for t in _teams_of(row, cols, file, lineno, name, is_candidate):
            teams.setdefault(t, []).append(name)
        (candidates if is_candidate else people).append(person)
    if late is not None:
        raise late
    if not people and not candidates:
        raise InputError("no people in the matrix", file=file, line=1,
                         hint="add one row per person below the header")
    return people, candidates, teams, seen, [tool for _, tool in cols.tools]


def read_skills_matrix_text(text: str, file: str, tools_file: str | Path | None = None,
                            *, min_level: float | None = None, strict: bool = False) -> Scenario:
    """Parse skills-matrix CSV text into a :class:`~teamsim.scenario.Scenario`.

    Linear in the size of the matrix: 100,000 people by 30 tools read in a few
    seconds (``benchmarks/bench_parsers.py``).

    Parameters
    ----------
    text : str
        CSV content (comma- or semicolon-delimited).
    file : str
        Name used in error messages.
    tools_file : path, optional
        Tool declarations with prerequisites and values (see :func:`read_tools_file`).
    min_level : float, optional
        Levels below this count as not holding the tool. With ``min_level`` set,
        a cell ``1`` is read as level 1 (not as "yes"), so a 1-3 proficiency
        scale filters consistently; ``x``/``yes`` still mean "holds".
    strict : bool
        Passed to :func:`~teamsim.importers.scenario_file.parse_scenario`.

    Returns
    -------
    Scenario
        Named after ``file``: its people, candidates and teams in row order, each
        person's tools (with levels), and the tools in column order (with the
        tools file's prerequisites and values).

    Raises
    ------
    InputError
        No name column, no people, an empty or repeated name, a column given twice
        (tool columns that differ only in case, two name columns, name and person),
        a row longer than the header, an unreadable cell (naming row and column), a
        ``candidate`` cell that is not yes/no, a candidate with a team, a cell over
        ``max_cell_bytes``, or an unclosed quote (naming the line it opens on).
    ScenarioError
        If the result is not a valid scenario (e.g. a prerequisite cycle in the
        tools file, reported against the tools file's line).

    See Also
    --------
    read_skills_matrix : Read the same from a file.
    skills_matrix_csv : Write a scenario as a skills matrix.

    Examples
    --------
    >>> s = read_skills_matrix_text("name,team,A,B\\nAnn,Core,1,\\nBo,Core,x,3\\n", "m.csv")
    >>> s.name, [(p.name, p.tools, p.levels) for p in s.people]
    ('m', [('Ann', ['A'], {}), ('Bo', ['A', 'B'], {'B': 3.0})])
    """
    people, candidates, teams, seen, tool_names = _read_rows(text, file, min_level)
    from_file: list[dict[str, Any]] = read_tools_file(tools_file) if tools_file is not None else []
    lines = [t.pop("_line", None) if isinstance(t, dict) else None for t in from_file]
    declared = {t.get("name") for t in from_file if isinstance(t, dict)}
    tools = from_file + [{"name": t} for t in tool_names if t not in declared]
    data: dict[str, Any] = {
        "name": Path(file).stem,
        "tools": tools,
        "people": people,
        "teams": [{"name": t, "members": m} for t, m in teams.items()],
    }
    if candidates:
        data["candidates"] = candidates
    try:
        return parse_scenario(data, file, strict=strict)
    except ScenarioError as e:
        where, i = (e.loc[0], e.loc[1]) if len(e.loc) > 1 else (None, None)
        if where == "tools" and isinstance(i, int) and i < len(from_file):
            e.file, e.line = str(tools_file), lines[i]
            if e.hint and "declare it under tools" in e.hint:
                e.hint = "add a row for it to the tools file (or fix the spelling)"
        elif where in ("people", "candidates") and isinstance(i, int):
            e.line = seen.get((people if where == "people" else candidates)[i]["name"])
            if e.hint and "declare it under tools" in e.hint:
                e.hint = "add a column for it to the matrix or a row to the tools file"
        raise


def read_skills_matrix(path: str | Path, tools_file: str | Path | None = None, *,
                       min_level: float | None = None, strict: bool = False) -> Scenario:
    """Read a skills-matrix CSV file; see :func:`read_skills_matrix_text`.

    Parameters
    ----------
    path : str or pathlib.Path
        The matrix (a regular file within the size limit).
    tools_file : str or pathlib.Path, optional
        Tool declarations with prerequisites and values (see :func:`read_tools_file`).
    min_level : float, optional
        Levels below this count as not holding the tool.
    strict : bool, default False
        Raise when a person lists a tool without its prerequisites.

    Returns
    -------
    Scenario
        As :func:`read_skills_matrix_text`, named after the file.

    Raises
    ------
    InputError
        Missing or unreadable file and the errors of :func:`read_skills_matrix_text`.
    ScenarioError
        If the result is not a valid scenario.

    See Also
    --------
    read_skills_matrix_text : The same for CSV text already read.
    skills_matrix_csv : Writes a scenario back as a skills matrix.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "skills.csv")
    ...     _ = f.write_text("name,team,A,B\\nAnn,Core,1,\\nBo,Core,x,3\\n")
    ...     s = read_skills_matrix(f, min_level=2)
    >>> s.name, [(p.name, p.tools) for p in s.people]   # Ann's "1" is level 1 < 2; Bo's "x" holds A
    ('skills', [('Ann', []), ('Bo', ['A', 'B'])])
    """
    return read_skills_matrix_text(read_text(path), str(path), tools_file,
                                   min_level=min_level, strict=strict)


def skills_matrix_csv(scenario: Scenario) -> str:
    """The scenario's people and candidates as a skills-matrix CSV (``teamsim import skills``).

    Columns ``name``, ``team`` (``;``-separated), ``role``, ``level``, ``cost``,
    ``candidate`` (``yes`` for a candidate) and one column per tool: ``1`` for a tool held, its level
    as a decimal when the person has one (``1.0`` for level 1, which reads back as a level,
    while ``1`` reads back as "holds it"), so the matrix re-imports to the same people. Tool values,
    prerequisites and services are not part of a matrix: :func:`tools_csv` writes the
    tools file that carries values and prerequisites. Text cells go through
    :func:`teamsim._csvsafe.csv_text` (a name starting with ``=`` gets a leading ``'``).

    Parameters
    ----------
    scenario : Scenario
        The scenario whose people and candidates are written.

    Returns
    -------
    str
        CSV text, every text cell quoted, one row per person then per candidate.

    Raises
    ------
    InputError
        A tool is named like one of the matrix's own columns, or a team name holds ``;``.

    See Also
    --------
    read_skills_matrix_text : Reads the CSV it writes.
    tools_csv : The scenario's tools as a tools file.

    Examples
    --------
    >>> s = read_skills_matrix_text("name,team,A,B\\nAnn,Core,1,1.0\\nBo,Core,x,3\\n", "m.csv")
    >>> print(skills_matrix_csv(s), end="")
    "name","team","role","level","cost","candidate","A","B"
    "Ann","Core","","","","",1,1.0
    "Bo","Core","","","","",1,3.0
    >>> read_skills_matrix_text(skills_matrix_csv(s), "again.csv").people == s.people
    True
    """
    from teamsim._csvsafe import csv_text

    tools = scenario.tool_names
    for t in tools:
        if t.lower() in _META:
            raise InputError(f"tool {t!r} has the name of a skills-matrix column", entity=f"tool {t!r}",
                             hint="rename the tool to export the matrix")
    teams: dict[str, list[str]] = {}
    for team in scenario.teams:
        if ";" in team.name:
            raise InputError(f"team {team.name!r} has a ';' in its name", entity=f"team {team.name!r}",
                             hint="the matrix separates teams with ';': rename the team to export")
        for m in team.members:
            teams.setdefault(m, []).append(team.name)
    rows = []
    for p, is_candidate in [*((p, False) for p in scenario.people),
                            *((c, True) for c in scenario.candidates)]:
        held = set(p.tools)
        row: dict[str, object] = {"name": p.name, "team": ";".join(teams.get(p.name, [])),
                                  "role": p.role or "", "level": p.level or "",
                                  "cost": "" if p.cost is None else p.cost,
                                  "candidate": "yes" if is_candidate else ""}
        for t in tools:
            row[t] = "" if t not in held else float(p.levels[t]) if t in p.levels else 1
        rows.append(row)
    return csv_text(rows, ["name", "team", "role", "level", "cost", "candidate", *tools])


def tools_csv(scenario: Scenario) -> str:
    """The scenario's tools as a tools file for ``teamsim import skills --tools``.

    Parameters
    ----------
    scenario : Scenario
        The scenario whose tools are written.

    Returns
    -------
    str
        CSV text with the columns ``tool``, ``requires`` (``;``-separated),
        ``value`` and ``description``, one row per tool in declaration order.

    See Also
    --------
    read_tools_file : Read it back.
    skills_matrix_csv : The matrix that goes with it.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B", "requires": ["A"],
    ...     "value": 2}], "people": [{"name": "Ann", "tools": ["A"]}]})
    >>> print(tools_csv(s), end="")
    "tool","requires","value","description"
    "A","",1.0,""
    "B","A",2.0,""
    """
    from teamsim._csvsafe import csv_text

    return csv_text([{"tool": t.name, "requires": ";".join(t.requires), "value": t.value,
                      "description": t.description or ""} for t in scenario.tools],
                     list(_TOOL_COLUMNS))
