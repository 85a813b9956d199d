"""Scenario edits: every change a user makes to a plan, as a pure function.

Each function takes a :class:`~teamsim.scenario.Scenario` and returns a new, validated
one; the input is never changed. The app's editors and the command line call these
functions, so an edit behaves the same everywhere and is tested once. Unknown names
raise :class:`~teamsim.errors.InputError` naming the entity and the choices.

A team must keep members, services or a capacity to be valid, so a team that an
edit leaves with none of these is removed; :func:`remove_person` and
:func:`move_person` say so in their docstrings.

Examples
--------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({"tools": [{"name": "A"}],
...     "people": [{"name": "Ann", "tools": ["A"]}],
...     "candidates": [{"name": "Priya", "tools": ["A"]}],
...     "teams": [{"name": "Platform", "members": ["Ann"]}, {"name": "Payments", "members": ["Ann"]}]})
>>> s2 = hire(s, "Priya", team="Platform")
>>> [t.members for t in s2.teams]
[['Ann', 'Priya'], ['Ann']]
>>> [t.name for t in rename_team(s2, "Platform", "Core").teams]
['Core', 'Payments']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from difflib import get_close_matches
from typing import Any

from teamsim.errors import InputError
from teamsim.reorg import move_person, move_service
from teamsim.scenario import Scenario, TeamType

__all__ = ["add_person", "add_team", "delete_team", "hire", "move_person", "move_service",
           "remove_person", "remove_task", "rename_team", "set_skill_matrix", "set_task", "set_tools",
           "skill_matrix_message"]


def _data(scenario: Scenario) -> dict[str, Any]:
    return scenario.model_dump(mode="json", exclude_defaults=True)


def _unknown(kind: str, name: str, choices: Iterable[str]) -> InputError:
    choices = sorted(choices)
    near = get_close_matches(name, choices, n=1)
    hint = f"did you mean {near[0]!r}?" if near else (
        f"choose one of: {', '.join(choices[:20])}" if choices else f"add a {kind} first")
    return InputError(f"unknown {kind} {name!r}", entity=f"{kind} {name!r}", hint=hint)


def _new_name(kind: str, name: str, taken: Iterable[str]) -> str:
    name = (name or "").strip()
    if not name:
        raise InputError(f"the new {kind} needs a name", entity=kind, hint="type a name")
    if name in set(taken):
        raise InputError(f"{name!r} is already taken", entity=f"{kind} {name!r}", hint="choose another name")
    return name


def _valid(data: dict[str, Any], what: str) -> Scenario:
    from teamsim.importers.scenario_file import parse_scenario

    return parse_scenario(data, what)


def _drop_empty_teams(data: dict[str, Any]) -> None:
    keep = [t for t in data.get("teams", [])
            if t.get("members") or t.get("services") or t.get("capacity") is not None]
    kept = {t["name"] for t in keep}
    for t in keep:
        t["interactions"] = [x for x in t.get("interactions", []) if x["team"] in kept]
    data["teams"] = keep


def add_person(scenario: Scenario, name: str, tools: Sequence[str] = (), *, team: str | None = None,
               candidate: bool = False) -> Scenario:
    """Add a person (or a candidate) with ``tools``, optionally as a member of ``team``.

    Parameters
    ----------
    scenario : Scenario
        The scenario to edit (left unchanged).
    name : str
        The new person's name (surrounding spaces removed; must not be taken).
    tools : sequence of str
        Declared tools the person holds.
    team : str, optional
        An existing team the person joins.
    candidate : bool, default False
        Add a candidate (someone you could hire) instead of a person on staff.

    Returns
    -------
    Scenario
        A new, validated scenario with the change.

    Raises
    ------
    InputError
        Empty or taken name, unknown team, or a candidate put in a team.
    ScenarioError
        Unknown tools.

    See Also
    --------
    remove_person : The inverse: take a person out of the scenario.
    hire : Move an existing candidate into the staff.
    set_tools : Change a person's tools afterwards.

    Examples
    --------
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}]})
    >>> [p.name for p in add_person(s, "Ann", ["A"]).people]
    ['Ann']
    """
    taken = [p.name for p in (*scenario.people, *scenario.candidates)]
    name = _new_name("person", name, taken)
    if candidate and team is not None:
        raise InputError("a candidate cannot be in a team", entity=f"candidate {name!r}",
                         hint="hire the candidate into the team instead")
    data = _data(scenario)
    data.setdefault("candidates" if candidate else "people", []).append({"name": name, "tools": list(tools)})
    if team is not None:
        scenario.team(team)
        next(t for t in data["teams"] if t["name"] == team).setdefault("members", []).append(name)
    return _valid(data, f"add {name}")


def remove_person(scenario: Scenario, name: str) -> Scenario:
    """Remove a person or candidate, and take them out of every team.

    A team left with no members, no services and no capacity is removed too.

    Parameters
    ----------
    scenario : Scenario
        The scenario to edit (left unchanged).
    name : str
        A person or candidate.

    Returns
    -------
    Scenario
        A new, validated scenario with the change.

    Raises
    ------
    InputError
        Unknown person.

    See Also
    --------
    add_person : The inverse.
    move_person : Move a person to another team instead.

    Examples
    --------
    >>> s = Scenario.model_validate({"people": [{"name": "Ann"}, {"name": "Bo"}],
    ...                              "teams": [{"name": "T", "members": ["Ann", "Bo"]}]})
    >>> [t.members for t in remove_person(s, "Ann").teams]
    [['Bo']]
    """
    everyone = [p.name for p in (*scenario.people, *scenario.candidates)]
    if name not in everyone:
        raise _unknown("person", name, everyone)
    data = _data(scenario)
    for key in ("people", "candidates"):
        data[key] = [p for p in data.get(key, []) if p["name"] != name]
    for t in data.get("teams", []):
        t["members"] = [m for m in t.get("members", []) if m != name]
    _drop_empty_teams(data)
    return _valid(data, f"remove {name}")


def set_tools(scenario: Scenario, person: str, tools: Sequence[str]) -> Scenario:
    """Give ``person`` (or a candidate) exactly ``tools``; levels for dropped tools go too.

    Parameters
    ----------
    scenario : Scenario
        The scenario to edit (left unchanged).
    person : str
        A person or candidate.
    tools : sequence of str
        Declared tools: the person's whole new tool list.

    Returns
    -------
    Scenario
        A new, validated scenario with the change.

    Raises
    ------
    InputError
        Unknown person.
    ScenarioError
        Unknown tools.

    See Also
    --------
    add_person : Add a person with their tools.
    teamsim.hiring.learning_plan : Which tools a person could learn next.

    Examples
    --------
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "Ann", "tools": ["A"], "levels": {"A": 2}}]})
    >>> p = set_tools(s, "Ann", ["B"]).person("Ann")
    >>> p.tools, p.levels
    (['B'], {})
    """
    everyone = [p.name for p in (*scenario.people, *scenario.candidates)]
    if person not in everyone:
        raise _unknown("person", person, everyone)
    data = _data(scenario)
    for key in ("people", "candidates"):
        for p in data.get(key, []):
            if p["name"] == person:
                p["tools"] = list(tools)
                if "levels" in p:
                    p["levels"] = {k: v for k, v in p["levels"].items() if k in set(tools)}
    return _valid(data, f"tools of {person}")


def set_skill_matrix(scenario: Scenario, names: Sequence[str], tools: Sequence[str],
                     held: Iterable[Iterable[bool]], candidate: Sequence[bool] | None = None) -> Scenario:
    """Give the scenario the people, candidates and tools of an edited skill matrix.

    Each row is one person: a name, the tools ticked, and whether they are a candidate.
    A person keeps the order of their tool list (newly ticked tools are appended in
    column order), so one tick changes one person's list and nothing else. Other fields
    of known people (role, cost, the levels of tools still held) are kept; a person whose
    row is gone is :func:`remove_person` (out of their teams too); a new name is a new
    person; rows keep their order, people and candidates apart.

    Parameters
    ----------
    scenario : Scenario
        The scenario to edit (left unchanged).
    names : sequence of str, length n
        The rows' names, in order.
    tools : sequence of str, length t
        The matrix's columns: declared tools.
    held : array-like of bool, shape (n, t)
        ``held[i][j]``: row i ticks tool j.
    candidate : sequence of bool, length n, optional
        Which rows are candidates (default: none).

    Returns
    -------
    Scenario
        A new, validated scenario with the change.

    Raises
    ------
    ScenarioError
        For example two rows with one name, an empty name or an unknown tool.

    See Also
    --------
    set_tools : One person's tools.
    teamsim.ability.skill_grid : The matrix to start the edit from.

    Examples
    --------
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "Ann", "tools": ["A"], "role": "SRE", "levels": {"A": 2}},
    ...                {"name": "Bo", "tools": ["A"]}]})
    >>> s2 = set_skill_matrix(s, ["Ann", "Cy"], ["A", "B"], [[True, True], [False, True]],
    ...                       candidate=[False, True])
    >>> [(p.name, p.tools, p.role, p.levels) for p in s2.people]
    [('Ann', ['A', 'B'], 'SRE', {'A': 2.0})]
    >>> [(c.name, c.tools) for c in s2.candidates]
    [('Cy', ['B'])]
    >>> set_skill_matrix(s, ["Ann", "Bo"], ["B", "A"], [[True, True], [False, True]]).person("Ann").tools
    ['A', 'B']
    """
    flags = [False] * len(names) if candidate is None else [bool(c) for c in candidate]
    for gone in [p.name for p in scenario.all_people if p.name not in set(names)]:
        scenario = remove_person(scenario, gone)
    data = _data(scenario)
    old = {p["name"]: p for p in (*data.get("people", []), *data.get("candidates", []))}
    rows: dict[bool, list[dict[str, Any]]] = {False: [], True: []}
    for name, row, is_candidate in zip(names, held, flags):
        ticked = [t for t, h in zip(tools, row) if h]
        p = dict(old.get(name, {}))
        p["name"] = name
        # keep the person's own order; newly ticked tools follow in column order
        chosen = set(ticked)
        kept = [t for t in p.get("tools", []) if t in chosen]
        p["tools"] = kept + [t for t in ticked if t not in set(kept)]
        if "levels" in p:
            p["levels"] = {t: v for t, v in p["levels"].items() if t in ticked}
        rows[is_candidate].append(p)
    data["people"], data["candidates"] = rows[False], rows[True]
    return _valid(data, "skill matrix (edited)")


def skill_matrix_message(before: Scenario, after: Scenario, *, most: int = 3) -> str:
    """Say what a skill-matrix edit changed, for the saved version's message.

    One part per person changed: ``"Ana: +Go"``, ``"Ben: +Go -SQL"``, ``"added Cy"``,
    ``"removed Bo"``, ``"Cy: now a candidate"``; more than ``most`` parts are summarised
    as the first ``most`` and how many more.

    Parameters
    ----------
    before, after : Scenario
        The scenario before and after the edit (:func:`set_skill_matrix`).
    most : int, default 3
        How many people's changes to spell out.

    Returns
    -------
    str
        The message; ``"skill matrix: no change"`` when nothing a matrix shows changed.

    See Also
    --------
    set_skill_matrix : The edit whose change this describes.

    Examples
    --------
    >>> s = Scenario.model_validate({"tools": [{"name": "Go"}, {"name": "SQL"}],
    ...     "people": [{"name": "Ana", "tools": ["SQL"]}, {"name": "Ben", "tools": ["SQL"]}]})
    >>> skill_matrix_message(s, set_skill_matrix(s, ["Ana", "Ben"], ["Go", "SQL"], [[1, 1], [0, 1]]))
    'Ana: +Go'
    >>> skill_matrix_message(s, set_skill_matrix(s, ["Ana", "Ben", "Cy"], ["Go", "SQL"],
    ...                                          [[1, 0], [0, 0], [1, 0]]), most=2)
    'Ana: +Go -SQL; Ben: -SQL; and 1 more'
    """
    old = {p.name: p for p in before.all_people}
    new = {p.name: p for p in after.all_people}
    was_candidate, is_candidate = {c.name for c in before.candidates}, {c.name for c in after.candidates}
    parts = [f"removed {name}" for name in old if name not in new]
    for name, p in new.items():
        if name not in old:
            parts.append(f"added {name}" + (f" ({', '.join(p.tools)})" if p.tools else ""))
            continue
        had, has = set(old[name].tools), set(p.tools)
        ticks = [f"+{t}" for t in p.tools if t not in had]
        ticks += [f"-{t}" for t in old[name].tools if t not in has]
        if (name in was_candidate) != (name in is_candidate):
            ticks.append("now a candidate" if name not in was_candidate else "now on staff")
        if ticks:
            parts.append(f"{name}: {' '.join(ticks)}")
    if not parts:
        return "skill matrix: no change"
    more = len(parts) - most
    return "; ".join(parts[:most]) + (f"; and {more} more" if more > 0 else "")


def hire(scenario: Scenario, candidate: str, *, team: str | None = None) -> Scenario:
    """Move a candidate into the staff, and into ``team`` when given.

    Parameters
    ----------
    scenario : Scenario
        The scenario to edit (left unchanged).
    candidate : str
        One of the scenario's candidates.
    team : str, optional
        An existing team the new hire joins.

    Returns
    -------
    Scenario
        A new, validated scenario with the change.

    Raises
    ------
    InputError
        Unknown candidate or team.

    See Also
    --------
    add_person : Add someone who is not a candidate yet.
    teamsim.hiring.rank_candidates : Which candidate to hire.

    Examples
    --------
    >>> s = Scenario.model_validate({"people": [{"name": "Ann"}], "candidates": [{"name": "Priya"}],
    ...     "teams": [{"name": "T", "members": ["Ann"]}]})
    >>> s2 = hire(s, "Priya", team="T")
    >>> [p.name for p in s2.people], s2.candidates, s2.team("T").members
    (['Ann', 'Priya'], [], ['Ann', 'Priya'])
    """
    names = [c.name for c in scenario.candidates]
    if candidate not in names:
        raise _unknown("candidate", candidate, names)
    if team is not None:
        scenario.team(team)
    data = _data(scenario)
    cand = next(c for c in data["candidates"] if c["name"] == candidate)
    data["candidates"] = [c for c in data["candidates"] if c["name"] != candidate]
    data.setdefault("people", []).append(cand)
    for t in data.get("teams", []):
        if t["name"] == team:
            t.setdefault("members", []).append(candidate)
    return _valid(data, f"hire {candidate}")


def add_team(scenario: Scenario, name: str, members: Sequence[str] = (), *,
             type: TeamType | None = None, capacity: float | None = None) -> Scenario:
    """Add a team; it needs at least one member or a capacity (a planned team).

    Members join the new team and stay in their other teams (use :func:`move_person`
    to move them).

    Parameters
    ----------
    scenario : Scenario
        The scenario to edit (left unchanged).
    name : str
        The new team's name (surrounding spaces removed; must not be taken).
    members : sequence of str
        People who join the team.
    type : {"stream-aligned", "platform", "enabling", "complicated-subsystem"}, optional
        Team Topologies type (Skelton & Pais 2019).
    capacity : float, optional
        Planned size, for a team without members yet.

    Returns
    -------
    Scenario
        A new, validated scenario with the change.

    Raises
    ------
    InputError
        Empty or taken name, or neither members nor a capacity.
    ScenarioError
        Members that are not people.

    See Also
    --------
    delete_team : The inverse.
    rename_team : Rename a team.

    Examples
    --------
    >>> s = Scenario.model_validate({"people": [{"name": "Ann"}]})
    >>> s2 = add_team(s, "Data", capacity=4)
    >>> [(t.name, t.members, t.capacity) for t in s2.teams]
    [('Data', [], 4.0)]
    """
    name = _new_name("team", name, [t.name for t in scenario.teams])
    if not members and capacity is None:
        raise InputError("a new team needs a member or a capacity", entity=f"team {name!r}",
                         hint="add a member now, or give the planned team a capacity")
    team: dict[str, Any] = {"name": name, "members": list(members)}
    if type is not None:
        team["type"] = type
    if capacity is not None:
        team["capacity"] = capacity
    data = _data(scenario)
    data.setdefault("teams", []).append(team)
    return _valid(data, f"add team {name}")


def rename_team(scenario: Scenario, old: str, new: str) -> Scenario:
    """Rename a team, and every interaction that names it.

    Parameters
    ----------
    scenario : Scenario
        The scenario to edit (left unchanged).
    old : str
        An existing team.
    new : str
        Its new name (surrounding spaces removed; must not be another team's).

    Returns
    -------
    Scenario
        A new, validated scenario with the change.

    Raises
    ------
    InputError
        Unknown team, or empty or taken new name.

    See Also
    --------
    add_team : Add a team.
    delete_team : Delete a team.

    Examples
    --------
    >>> s = Scenario.model_validate({"people": [{"name": "Ann"}],
    ...     "teams": [{"name": "T", "members": ["Ann"]}]})
    >>> [t.name for t in rename_team(s, "T", "Core").teams]
    ['Core']
    """
    scenario.team(old)
    new = _new_name("team", new, [t.name for t in scenario.teams if t.name != old])
    data = _data(scenario)
    for t in data["teams"]:
        if t["name"] == old:
            t["name"] = new
        for x in t.get("interactions", []):
            if x["team"] == old:
                x["team"] = new
    return _valid(data, f"rename team {old}")


def delete_team(scenario: Scenario, name: str) -> Scenario:
    """Delete a team: its members stay (in no team unless in another), its services lose this owner.

    Parameters
    ----------
    scenario : Scenario
        The scenario to edit (left unchanged).
    name : str
        An existing team.

    Returns
    -------
    Scenario
        A new, validated scenario with the change.

    Raises
    ------
    InputError
        Unknown team.

    See Also
    --------
    add_team : The inverse.
    rename_team : Rename a team.

    Examples
    --------
    >>> s = Scenario.model_validate({"people": [{"name": "Ann"}],
    ...     "teams": [{"name": "T", "members": ["Ann"]}, {"name": "U", "members": ["Ann"]}]})
    >>> s2 = delete_team(s, "T")
    >>> [t.name for t in s2.teams], [p.name for p in s2.people]
    (['U'], ['Ann'])
    """
    scenario.team(name)
    data = _data(scenario)
    data["teams"] = [t for t in data["teams"] if t["name"] != name]
    for t in data["teams"]:
        t["interactions"] = [x for x in t.get("interactions", []) if x["team"] != name]
    return _valid(data, f"delete team {name}")


def set_task(scenario: Scenario, name: str, tools: Sequence[str], *,
             weights: dict[str, float] | None = None, description: str | None = None) -> Scenario:
    """Add task ``name`` requiring ``tools``, or replace the task of that name.

    Parameters
    ----------
    scenario : Scenario
        The scenario to edit (left unchanged).
    name : str
        The task's name (surrounding spaces removed); a replaced task keeps its place.
    tools : sequence of str
        Declared tools the task requires (at least one).
    weights : dict of str to float, optional
        Value of some required tools on this task (default: each tool's value).
    description : str, optional
        What the task is.

    Returns
    -------
    Scenario
        A new, validated scenario with the change.

    Raises
    ------
    InputError
        Empty name or no tools.
    ScenarioError
        Unknown tools or bad weights.

    See Also
    --------
    remove_task : The inverse.

    Examples
    --------
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}]})
    >>> set_task(s, "launch", ["A", "B"]).task("launch").tools
    ['A', 'B']
    """
    name = (name or "").strip()
    if not name:
        raise InputError("the task needs a name", entity="task", hint="type a name")
    if not tools:
        raise InputError("a task needs at least one required tool", entity=f"task {name!r}",
                         hint="tick the tools the task requires")
    task: dict[str, Any] = {"name": name, "tools": list(tools)}
    if weights:
        task["weights"] = dict(weights)
    if description:
        task["description"] = description
    data = _data(scenario)
    tasks = [t for t in data.get("tasks", []) if t["name"] != name]
    index = next((i for i, t in enumerate(data.get("tasks", [])) if t["name"] == name), len(tasks))
    data["tasks"] = [*tasks[:index], task, *tasks[index:]]
    return _valid(data, f"task {name}")


def remove_task(scenario: Scenario, name: str) -> Scenario:
    """Remove task ``name``.

    Parameters
    ----------
    scenario : Scenario
        The scenario to edit (left unchanged).
    name : str
        An existing task.

    Returns
    -------
    Scenario
        A new, validated scenario with the change.

    Raises
    ------
    InputError
        Unknown task.

    See Also
    --------
    set_task : Add or replace a task.

    Examples
    --------
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}],
    ...     "tasks": [{"name": "t1", "tools": ["A"]}, {"name": "t2", "tools": ["A"]}]})
    >>> [t.name for t in remove_task(s, "t1").tasks]
    ['t2']
    """
    names = [t.name for t in scenario.tasks]
    if name not in names:
        raise _unknown("task", name, names)
    data = _data(scenario)
    data["tasks"] = [t for t in data["tasks"] if t["name"] != name]
    return _valid(data, f"remove task {name}")
