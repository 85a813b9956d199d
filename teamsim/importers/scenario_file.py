"""Scenario files: YAML (safe loader only) and JSON, read and written.

The format is the pydantic model :class:`teamsim.scenario.Scenario`; its JSON
Schema is published as ``docs/scenario.schema.json``. Errors name the file, the
line, the entity, the field and the fix.

Examples
--------
>>> from teamsim.importers import load_scenario
>>> s = load_scenario("scenarios/diversity-bonus.yaml")   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from teamsim._gc import gc_paused
from teamsim.errors import ScenarioError, format_loc
from teamsim.importers._files import write_text_new
from teamsim.importers._yaml import Locator, one_document, read_text
from teamsim.prerequisites import check_prerequisites
from teamsim.scenario import (
    MAX_NUMBER,
    SHOWN_MAX,
    CognitiveTool,
    Dependency,
    OwnedService,
    Person,
    Project,
    Scenario,
    Service,
    ServiceTool,
    Task,
    Team,
)

__all__ = [
    "dump_scenario",
    "load_scenario_file",
    "parse_scenario",
    "scenario_to_yaml",
    "validation_problem",
    "write_text_new",
]

_GROUP_MODEL: dict[str, type[BaseModel]] = {
    "tools": CognitiveTool, "people": Person, "candidates": Person, "teams": Team,
    "services": Service, "projects": Project, "tasks": Task,
}
_KIND = {"tools": "tool", "people": "person", "candidates": "candidate", "teams": "team",
         "services": "service", "projects": "project", "tasks": "task"}


_Loc = tuple[str | int, ...]   # a location path such as ('people', 0, 'tools')


def _entity(data: Any, loc: _Loc) -> str | None:
    if len(loc) >= 2 and loc[0] in _KIND and isinstance(loc[1], int):
        try:
            item = data[loc[0]][loc[1]]
            name = item.get("name") if isinstance(item, dict) else None
        except (KeyError, IndexError, TypeError):
            name = None
        return f"{_KIND[loc[0]]} {name!r}" if name else f"{_KIND[loc[0]]} #{loc[1] + 1}"
    return None


# how pydantic names the branches of ``name | {name, weight}`` unions in an error's loc
_UNION_TAGS = frozenset({"str", "constrained-str", Dependency.__name__, OwnedService.__name__,
                         ServiceTool.__name__})


def _union_at(loc: _Loc) -> int | None:
    """Index of the union-branch tag in ``loc`` (it follows a list index), or None."""
    return next((i for i in range(1, len(loc))
                 if loc[i] in _UNION_TAGS and isinstance(loc[i - 1], int)), None)


def validation_problem(errors: Sequence[Mapping[str, Any]]) -> tuple[Mapping[str, Any], _Loc, int]:
    """The first problem of a pydantic error list, its location, and how many more there are.

    In a union such as ``name | {service, weight}`` pydantic reports each branch; the
    problem shown is the branch that nearly matched (the deepest location: ``weight``
    over 1e12 rather than "not a string"), and the branch tags are left out of the
    location, so it reads as in the scenario file.

    Parameters
    ----------
    errors : list of dict
        ``ValidationError.errors()``.

    Returns
    -------
    err : dict
        The problem to show.
    loc : tuple
        Its location path, without union-branch tags.
    more : int
        How many other problems there are (the other branches of a union not counted).

    See Also
    --------
    teamsim.errors.format_loc : Formats the location it returns.
    parse_scenario : Reports the first problem it finds.

    Examples
    --------
    >>> from pydantic import ValidationError
    >>> try:
    ...     Service.model_validate({"name": "a", "depends_on": [{"service": "b", "weight": 2e12}]})
    ... except ValidationError as e:
    ...     err, loc, more = validation_problem(e.errors())
    >>> err["type"], loc, more
    ('less_than_equal', ('depends_on', 0, 'weight'), 0)
    """
    groups: dict[_Loc, list[Mapping[str, Any]]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        at = _union_at(loc)
        groups.setdefault(loc if at is None else loc[:at], []).append(err)
    first = next(iter(groups.values()))
    err = max(first, key=lambda x: len(x["loc"]))  # the first of the deepest
    loc = tuple(err["loc"])
    at = _union_at(loc)
    return err, loc if at is None else loc[:at] + loc[at + 1:], len(groups) - 1


def _number_hint(err: Mapping[str, Any]) -> str | None:
    typ = err["type"]
    value: Any = err.get("input")   # the value as given: any YAML/JSON value
    if typ == "number_text":
        try:
            float(value)
        except (TypeError, ValueError):
            return "give a number"
        return f"remove the quotes: write {value.strip()}, not {value!r}"
    if typ == "number_bool":
        return "write a number such as 1 or 0, not true or false"
    if typ == "date_number":
        return "write the date as YYYY-MM-DD"
    if typ in ("less_than_equal", "less_than") and err.get("ctx", {}).get("le") == MAX_NUMBER:
        return (f"give at most {SHOWN_MAX}; only ratios matter, so scale the numbers down "
                "(e.g. thousands instead of units)")
    return None


def _hint(err: Mapping[str, Any], loc: _Loc) -> str:
    typ = err["type"]
    number = _number_hint(err)
    if number is not None:
        return number
    if typ == "extra_forbidden":
        model = _GROUP_MODEL.get(str(loc[0])) if len(loc) > 2 else Scenario
        allowed = ", ".join(model.model_fields) if model else ""
        return f"remove {loc[-1]!r} or fix its spelling; allowed fields: {allowed}"
    if typ == "missing":
        return f"add the field {loc[-1]!r}"
    if typ == "string_type":
        return ("write it as text; quote values YAML reads as numbers or booleans "
                "(e.g. 'yes', 'no', '1.0')")
    if typ in ("list_type", "too_short"):
        return "give a list, e.g. [A, B] or one '- item' per line"
    if typ.startswith("literal"):
        return f"use one of the allowed values: {err.get('ctx', {}).get('expected', '')}"
    if typ == "finite_number":
        return "give a finite number (not .inf or .nan)"
    if typ.startswith(("float", "int", "greater", "less")):
        return "give a number in the allowed range"
    if typ.startswith("date"):
        return "write dates as YYYY-MM-DD"
    return "correct the value"


def parse_scenario(data: Any, file: str, locate: Locator | None = None,
                   *, strict: bool = False) -> Scenario:
    """Validate already-parsed data as a :class:`Scenario`.

    Parameters
    ----------
    data : Any
        The parsed document (a mapping).
    file : str
        Name used in error messages.
    locate : callable, optional
        Maps a location path to a line number.
    strict : bool, default False
        Raise when a person lists a tool without its prerequisites.

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        The first problem, with file, line, entity, field and fix; when there
        are several, the message says how many more.

    See Also
    --------
    load_scenario_file : Read and validate a file.

    Examples
    --------
    >>> parse_scenario({"tools": [{"name": "A"}], "people": [{"name": "Ann", "tools": ["A"]}]},
    ...                "team.yaml").tool_names
    ['A']
    >>> try:
    ...     parse_scenario({"tools": [{"name": "A"}], "people": [{"name": "Ann", "tools": ["B"]}]},
    ...                    "team.yaml")
    ... except ScenarioError as e:
    ...     print(e)
    team.yaml: error: unknown tool 'B'
      entity: person 'Ann'
      field: people[0].tools[0]
      fix: declare it under tools: (or fix the spelling)
    """
    locate = locate or (lambda loc: None)
    if data is None:
        raise ScenarioError("the file is empty", file=file,
                            hint="start from scenarios/diversity-bonus.yaml")
    if not isinstance(data, dict):
        raise ScenarioError(f"a scenario must be a mapping, not a {type(data).__name__}",
                            file=file, line=locate(()),
                            hint="put tools:, people:, teams: ... at the top level")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as e:
        err, loc, n_more = validation_problem(e.errors())
        more = f" (and {n_more} more problem{'s' * (n_more > 1)})" if n_more else ""
        msg = err["msg"]
        if err["type"] == "value_error":
            msg = msg.removeprefix("Value error, ")
        shown = err.get("input")
        if err["type"] not in ("missing", "extra_forbidden") and not isinstance(shown, (dict, list)):
            msg = f"{msg}, got {shown!r}"
        raise ScenarioError(f"{format_loc(loc)}: {msg}{more}", file=file, line=locate(loc),
                            entity=_entity(data, loc), loc=loc, hint=_hint(err, loc)) from None
    except ScenarioError as e:
        e.file = file
        e.line = locate(e.loc)
        raise
    if strict:
        try:
            check_prerequisites(scenario)
        except ScenarioError as e:
            e.file, e.line = file, locate(e.loc)
            raise
    return scenario


def load_scenario_file(path: str | Path, *, strict: bool = False) -> Scenario:
    """Load a YAML or JSON scenario file.

    Parameters
    ----------
    path : str or pathlib.Path
        A ``.yaml``/``.yml`` or ``.json`` file holding one document (a regular
        file within the size limit; YAML is read with the safe loader).
    strict : bool, default False
        Raise when a person lists a tool without its prerequisites (instead of
        implying them).

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    InputError
        Missing file, malformed YAML/JSON, or more than one YAML document.
    ScenarioError
        Invalid content (see :func:`parse_scenario`).

    See Also
    --------
    dump_scenario : Write a scenario file.

    Examples
    --------
    >>> s = load_scenario_file("scenarios/diversity-bonus.yaml")
    >>> [p.name for p in s.people]
    ['Adam', 'Betsy', 'Carl']
    """
    file = str(path)
    data, locate = one_document(read_text(path), file, "a scenario file")
    return parse_scenario(data, file, locate, strict=strict)


def scenario_to_yaml(scenario: Scenario) -> str:
    """Serialise a scenario as YAML (defaults omitted, field order kept).

    Loading the text again gives an equal scenario.

    Parameters
    ----------
    scenario : Scenario
        The scenario to write.

    Returns
    -------
    str
        YAML text, short lists in flow style, lines up to 100 characters.

    See Also
    --------
    dump_scenario : Write it to a file.

    Examples
    --------
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B", "requires": ["A"]}],
    ...                              "people": [{"name": "Ann", "tools": ["B"]}]})
    >>> print(scenario_to_yaml(s), end="")
    tools:
    - {name: A}
    - name: B
      requires: [A]
    people:
    - name: Ann
      tools: [B]
    """
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    with gc_paused():  # one node per value, no cycles: the collector's walks find nothing
        return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True,
                         default_flow_style=None, width=100)


#: libyaml's emitter when PyYAML has it (same text, a few times faster on big scenarios).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_scenario(scenario: Scenario, path: str | Path, *, overwrite: bool = False) -> None:
    """Write a scenario as YAML (or JSON when ``path`` ends in .json); see :func:`write_text_new`.

    Parameters
    ----------
    scenario : Scenario
        The scenario to write (defaults omitted).
    path : str or pathlib.Path
        The file to write, atomically; a name ending in ``.json`` gives JSON.
    overwrite : bool, default False
        Replace an existing file.

    Raises
    ------
    InputError
        The folder does not exist, or the file exists and ``overwrite`` is False.

    See Also
    --------
    scenario_to_yaml : The YAML text.
    load_scenario_file : Read it back.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}], "people": [{"name": "Ann", "tools": ["A"]}]})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     dump_scenario(s, pathlib.Path(d, "team.json"))
    ...     load_scenario_file(pathlib.Path(d, "team.json")) == s
    True
    """
    text = (scenario.model_dump_json(indent=2, exclude_defaults=True) + "\n"
            if str(path).lower().endswith(".json") else scenario_to_yaml(scenario))
    write_text_new(path, text, overwrite=overwrite)
