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

Example
-------
>>> text = "name,team,A,B\\nAnn,Core,1,\\nBo,Core,x,3\\n"
>>> s = read_skills_matrix_text(text, "m.csv")
>>> [(p.name, p.tools) for p in s.people], s.teams[0].members
([('Ann', ['A']), ('Bo', ['A', 'B'])], ['Ann', 'Bo'])
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from teamsim.errors import InputError, ScenarioError
from teamsim.importers._yaml import parse_documents, read_text
from teamsim.importers.scenario_file import parse_scenario
from teamsim.scenario import Scenario

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


def read_tools_file(path: str | Path) -> list[dict]:
    """Read tool declarations (name, requires, value, description) from CSV or YAML.

    A CSV has the columns ``tool`` (or ``name``), ``requires`` (``;``-separated,
    or ``|`` in a ``;``-delimited file), ``value`` and ``description``; any other
    column is an error, so a misspelt header never drops data silently.

    Raises
    ------
    InputError
        Missing file, unknown columns, or a bad value (naming the line).
    """
    file = str(path)
    text = read_text(path)
    if file.lower().endswith((".yaml", ".yml", ".json")):
        data, _ = parse_documents(text, file)[0]
        if isinstance(data, dict) and "tools" in data:
            data = data["tools"]
        if not isinstance(data, list):
            raise InputError("a tools file holds a list of tools", file=file,
                             hint="write '- name: A' entries, or a 'tools:' key with such a list")
        return data
    delim = _dialect(text)
    sep = "|" if delim == ";" else ";"
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    header = [h.strip().lower() for h in next(reader, [])]
    header = ["tool" if h == "name" else h for h in header]
    unknown = [h for h in header if h not in _TOOL_COLUMNS]
    if unknown or "tool" not in header:
        raise InputError(
            f"unknown column {unknown[0]!r}" if unknown else "no 'tool' column", file=file,
            line=1, hint=f"the columns of a tools file are: {', '.join(_TOOL_COLUMNS)}")
    out = []
    for lineno, cells in enumerate(reader, start=2):
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
        tool: dict = {"name": name}
        if row.get("requires"):
            tool["requires"] = [r.strip() for r in row["requires"].split(sep) if r.strip()]
        if row.get("value"):
            try:
                tool["value"] = float(row["value"])
            except ValueError:
                raise InputError(f"value {row['value']!r} is not a number", file=file,
                                 line=lineno, entity=f"tool {name!r}",
                                 hint="write a number such as 1 or 2.5") from None
        if row.get("description"):
            tool["description"] = row["description"]
        tool["_line"] = lineno
        out.append(tool)
    return out


def read_skills_matrix_text(text: str, file: str, tools_file: str | Path | None = None,
                            *, min_level: float | None = None, strict: bool = False):
    """Parse skills-matrix CSV text into a :class:`~teamsim.scenario.Scenario`.

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

    Raises
    ------
    InputError
        No name column, no people, an empty or repeated name, tool columns that
        differ only in case, a row longer than the header, an unreadable cell
        (naming row and column), a ``candidate`` cell that is not yes/no, or a
        candidate with a team.
    ScenarioError
        If the result is not a valid scenario (e.g. a prerequisite cycle in the
        tools file, reported against the tools file's line).
    """
    reader = csv.reader(io.StringIO(text), delimiter=_dialect(text))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError("the file is empty", file=file,
                         hint="the first row names the columns: name, team, tool1, tool2, ...") from None
    lower = [h.lower() for h in header]
    if "name" in lower:
        name_col = lower.index("name")
    elif "person" in lower:
        name_col = lower.index("person")
    else:
        raise InputError("no 'name' column", file=file, line=1,
                         hint="add a column 'name' with one person per row (columns are "
                         "separated by commas, or by semicolons throughout)")
    tool_cols = [j for j, h in enumerate(lower) if h not in _META]
    for j in tool_cols:
        if not header[j]:
            raise InputError(f"column {j + 1} has no header", file=file, line=1,
                             hint="name every tool column")
    seen_cols: dict[str, str] = {}
    for j in tool_cols:
        key = header[j].casefold()
        if key in seen_cols:
            same = seen_cols[key] == header[j]
            raise InputError(
                f"tool column {header[j]!r} appears twice" if same else
                f"tool columns {seen_cols[key]!r} and {header[j]!r} differ only in case",
                file=file, line=1, hint="merge the two columns")
        seen_cols[key] = header[j]
    col = {h: lower.index(h) for h in _META if h in lower}
    people, candidates, teams = [], [], {}
    seen: dict[str, int] = {}
    for lineno, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
            raise InputError(f"row has {len(row)} cells but the header has {len(header)}",
                             file=file, line=lineno,
                             hint="remove the extra cells or name the column in the header")
        row = row + [""] * (len(header) - len(row))
        name = row[name_col].strip()
        if not name:
            raise InputError("row without a name", file=file, line=lineno,
                             hint="fill the name column or delete the row")
        if name in seen:
            raise InputError(f"person {name!r} appears twice (also on line {seen[name]})",
                             file=file, line=lineno, entity=f"person {name!r}",
                             hint="merge the two rows")
        seen[name] = lineno
        person: dict = {"name": name, "tools": []}
        levels: dict[str, float] = {}
        for j in tool_cols:
            cell = row[j].strip()
            low = cell.lower()
            if low in _NO:
                continue
            if low in _YES and not (min_level is not None and low == "1"):
                person["tools"].append(header[j])
                continue
            try:
                level = float(cell)
            except ValueError:
                raise InputError(f"cell {cell!r} is not a level", file=file, line=lineno,
                                 entity=f"person {name!r}", loc=(header[j],),
                                 hint="use blank/0 (no), 1 or x (yes), or a number (level)") from None
            if not 0 <= level < float("inf"):
                raise InputError(f"level {cell!r} is out of range", file=file, line=lineno,
                                 entity=f"person {name!r}", loc=(header[j],),
                                 hint="levels are finite numbers >= 0; 0 or blank means "
                                 "'does not hold'")
            if level == 0:
                continue
            levels[header[j]] = level
            if min_level is None or level >= min_level:
                person["tools"].append(header[j])
        person_levels = {t: v for t, v in levels.items() if t in person["tools"]}
        if person_levels:
            person["levels"] = person_levels
        for key in ("role", "level"):
            if key in col and row[col[key]].strip():
                person[key] = row[col[key]].strip()
        if "cost" in col and row[col["cost"]].strip():
            try:
                person["cost"] = float(row[col["cost"]])
            except ValueError:
                raise InputError(f"cost {row[col['cost']]!r} is not a number", file=file,
                                 line=lineno, entity=f"person {name!r}", loc=("cost",),
                                 hint="write a plain number") from None
        is_candidate = False
        if "candidate" in col:
            flag = row[col["candidate"]].strip().lower()
            if flag not in _YES | _NO:
                raise InputError(f"candidate cell {row[col['candidate']].strip()!r} is not yes or no",
                                 file=file, line=lineno, entity=f"person {name!r}", loc=("candidate",),
                                 hint="write yes/1/x for a candidate, blank/no/0 for a person on staff")
            is_candidate = flag in _YES
        if "team" in col:
            for t in (x.strip() for x in row[col["team"]].split(";")):
                if t and is_candidate:
                    raise InputError(f"candidate {name!r} is listed in team {t!r}", file=file, line=lineno,
                                     entity=f"candidate {name!r}", loc=("team",),
                                     hint="leave a candidate's team blank (hire them first), or clear the "
                                     "candidate cell")
                if t:
                    teams.setdefault(t, []).append(name)
        (candidates if is_candidate else people).append(person)
    if not people and not candidates:
        raise InputError("no people in the matrix", file=file, line=1,
                         hint="add one row per person below the header")
    from_file: list[dict] = read_tools_file(tools_file) if tools_file is not None else []
    lines = [t.pop("_line", None) if isinstance(t, dict) else None for t in from_file]
    declared = {t.get("name") for t in from_file if isinstance(t, dict)}
    tools = from_file + [{"name": header[j]} for j in tool_cols if header[j] not in declared]
    data = {
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
        if len(e.loc) > 1 and e.loc[0] == "tools" and e.loc[1] < len(from_file):
            e.file, e.line = str(tools_file), lines[e.loc[1]]
            if e.hint and "declare it under tools" in e.hint:
                e.hint = "add a row for it to the tools file (or fix the spelling)"
        elif len(e.loc) > 1 and e.loc[0] in ("people", "candidates"):
            e.line = seen.get((people if e.loc[0] == "people" else candidates)[e.loc[1]]["name"])
            if e.hint and "declare it under tools" in e.hint:
                e.hint = "add a column for it to the matrix or a row to the tools file"
        raise


def read_skills_matrix(path: str | Path, tools_file: str | Path | None = None, *,
                       min_level: float | None = None, strict: bool = False):
    """Read a skills-matrix CSV file; see :func:`read_skills_matrix_text`."""
    return read_skills_matrix_text(read_text(path), str(path), tools_file,
                                   min_level=min_level, strict=strict)


def skills_matrix_csv(scenario: Scenario) -> str:
    """The scenario's people and candidates as a skills-matrix CSV (``teamsim import skills``).

    Columns ``name``, ``team`` (``;``-separated), ``role``, ``level``, ``cost``,
    ``candidate`` (``yes`` for a candidate) and one column per tool: ``1`` for a tool held, its level when the
    person has one (a level of exactly 1 reads back as plain "holds it"). Tool values,
    prerequisites and services are not part of a matrix: :func:`tools_csv` writes the
    tools file that carries values and prerequisites. Text cells go through
    :func:`teamsim._csvsafe.csv_text` (a name starting with ``=`` gets a leading ``'``).

    Raises
    ------
    InputError
        A tool is named like one of the matrix's own columns, or a team name holds ``;``.

    Examples
    --------
    >>> s = read_skills_matrix_text("name,team,A,B\\nAnn,Core,1,\\nBo,Core,x,3\\n", "m.csv")
    >>> print(skills_matrix_csv(s), end="")
    "name","team","role","level","cost","candidate","A","B"
    "Ann","Core","","","","",1,""
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
            row[t] = p.levels.get(t, 1) if t in held else ""
        rows.append(row)
    return csv_text(rows, ["name", "team", "role", "level", "cost", "candidate", *tools])


def tools_csv(scenario: Scenario) -> str:
    """The scenario's tools as a tools file for ``teamsim import skills --tools``.

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
