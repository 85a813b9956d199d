"""Skills-matrix CSV: the spreadsheet most managers already keep.

One row per person, one column per cognitive tool. Recognised extra columns
(case-insensitive): ``name`` (or ``person``; required), ``team`` (one or more
team names separated by ``;``), ``role``, ``level``, ``cost``. Every other
column is a tool. Cells:

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

__all__ = ["read_skills_matrix", "read_skills_matrix_text", "read_tools_file"]

_META = {"name", "person", "team", "role", "level", "cost"}
_NO = {"", "0", "no", "n", "false", "-"}
_YES = {"1", "x", "yes", "y", "true", "✓", "✔"}


def read_tools_file(path: str | Path) -> list[dict]:
    """Read tool declarations (name, requires, value, description) from CSV or YAML.

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
    rows = list(csv.DictReader(io.StringIO(text)))
    out = []
    for lineno, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        name = row.get("tool") or row.get("name")
        if not name:
            raise InputError("row without a tool name", file=file, line=lineno,
                             hint="fill the 'tool' column")
        tool: dict = {"name": name}
        if row.get("requires"):
            tool["requires"] = [r.strip() for r in row["requires"].split(";") if r.strip()]
        if row.get("value"):
            try:
                tool["value"] = float(row["value"])
            except ValueError:
                raise InputError(f"value {row['value']!r} is not a number", file=file,
                                 line=lineno, entity=f"tool {name!r}",
                                 hint="write a number such as 1 or 2.5") from None
        if row.get("description"):
            tool["description"] = row["description"]
        out.append(tool)
    return out


def read_skills_matrix_text(text: str, file: str, tools_file: str | Path | None = None,
                            *, min_level: float | None = None, strict: bool = False):
    """Parse skills-matrix CSV text into a :class:`~teamsim.scenario.Scenario`.

    Parameters
    ----------
    text : str
        CSV content.
    file : str
        Name used in error messages.
    tools_file : path, optional
        Tool declarations with prerequisites and values (see :func:`read_tools_file`).
    min_level : float, optional
        Levels below this count as not holding the tool.
    strict : bool
        Passed to :func:`~teamsim.importers.scenario_file.parse_scenario`.

    Raises
    ------
    InputError
        No name column, an empty or repeated name, an unreadable cell (naming row and column).
    ScenarioError
        If the result is not a valid scenario (e.g. unknown tool in the tools file).
    """
    reader = csv.reader(io.StringIO(text))
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
                         hint="add a column 'name' with one person per row")
    tool_cols = [j for j, h in enumerate(lower) if h not in _META]
    for j in tool_cols:
        if not header[j]:
            raise InputError(f"column {j + 1} has no header", file=file, line=1,
                             hint="name every tool column")
    dup = {header[j] for j in tool_cols if [header[i] for i in tool_cols].count(header[j]) > 1}
    if dup:
        raise InputError(f"tool column {sorted(dup)[0]!r} appears twice", file=file, line=1,
                         hint="merge the two columns")
    col = {h: lower.index(h) for h in _META if h in lower}
    people, teams = [], {}
    seen: dict[str, int] = {}
    for lineno, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row):
            continue
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
            if low in _YES:
                person["tools"].append(header[j])
                continue
            try:
                level = float(cell)
            except ValueError:
                raise InputError(f"cell {cell!r} is not a level", file=file, line=lineno,
                                 entity=f"person {name!r}", loc=(header[j],),
                                 hint="use blank/0 (no), 1 or x (yes), or a number (level)") from None
            if level < 0:
                raise InputError(f"negative level {cell!r}", file=file, line=lineno,
                                 entity=f"person {name!r}", loc=(header[j],),
                                 hint="levels are >= 0; 0 or blank means 'does not hold'")
            if level == 0:
                continue
            person["tools"].append(header[j])
            levels[header[j]] = level
        if min_level is not None:
            person["tools"] = [t for t in person["tools"]
                               if t not in levels or levels[t] >= min_level]
            levels = {t: v for t, v in levels.items() if t in person["tools"]}
        if levels:
            person["levels"] = levels
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
        if "team" in col:
            for t in (x.strip() for x in row[col["team"]].split(";")):
                if t:
                    teams.setdefault(t, []).append(name)
        people.append(person)
    if tools_file is not None:
        tools = read_tools_file(tools_file)
        declared = {t.get("name") for t in tools if isinstance(t, dict)}
        tools += [{"name": header[j]} for j in tool_cols if header[j] not in declared]
    else:
        tools = [{"name": header[j]} for j in tool_cols]
    data = {
        "name": Path(file).stem,
        "tools": tools,
        "people": people,
        "teams": [{"name": t, "members": m} for t, m in teams.items()],
    }
    try:
        return parse_scenario(data, file, strict=strict)
    except ScenarioError as e:
        if e.loc and e.loc[0] == "tools" and tools_file is not None:
            e.file = str(tools_file)
        raise


def read_skills_matrix(path: str | Path, tools_file: str | Path | None = None, *,
                       min_level: float | None = None, strict: bool = False):
    """Read a skills-matrix CSV file; see :func:`read_skills_matrix_text`."""
    return read_skills_matrix_text(read_text(path), str(path), tools_file,
                                   min_level=min_level, strict=strict)
