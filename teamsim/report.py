"""The scenario report behind ``teamsim analyze``: ability, diversity bonus,
communication and team size for every person and team.

The report is a pydantic model, so the CLI prints it as a table or dumps it as
JSON (``teamsim analyze --json``) and the app draws it; all numbers come from
:mod:`teamsim.ability`, :mod:`teamsim.communication` and
:mod:`teamsim.prerequisites`.

JSON shape (stable; extra keys may be added)::

    {"scenario": str | null,
     "people": [{"name", "ability", "tools", "implied_tools", "unique_tools"}],
     "teams": [{"name", "type", "members", "size", "ability", "abilities",
                "task_coverage", "best_member", "best_member_ability",
                "diversity_bonus", "nested", "communication_paths",
                "two_pizza", "unique_tools"}],
     "organisation": {...}, "team_of_k": {...} | null,
     "tool_redundancy": {tool: holders}, "warnings": [str]}

Examples
--------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
...     "people": [{"name": "P", "tools": ["A"]}, {"name": "Q", "tools": ["B"]}],
...     "teams": [{"name": "T", "members": ["P", "Q"]}]})
>>> r = analyze(s)
>>> r.teams[0].ability, r.teams[0].diversity_bonus, r.teams[0].communication_paths
(2.0, 1.0, 1)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from teamsim._results import Result
from teamsim.ability import (
    MostAbleMethod,
    TeamChoice,
    ToolMatrix,
    best_ability_team,
    most_able_team,
    nested_rows,
    team_ability,
    tool_matrix,
)
from teamsim.communication import TWO_PIZZA_LIMIT, TwoPizzaCheck, communication_paths, two_pizza
from teamsim.prerequisites import implied_prerequisites, learning_order
from teamsim.scenario import Scenario, Task, Team

__all__ = [
    "OrganisationReport",
    "PersonReport",
    "ScenarioReport",
    "TeamOfK",
    "TeamReport",
    "analyze",
    "analyze_row",
    "check_analyze_parameters",
    "check_analyze_row",
    "team_of_k",
]


class PersonReport(Result):
    """One person: individual ability (tool value), effective tools in learning
    order, prerequisites that were implied, and tools nobody else holds."""

    name: str
    ability: float
    tools: list[str]
    implied_tools: list[str]
    unique_tools: list[str]


class TeamReport(Result):
    """One team: abilities by task type, diversity bonus, communication and size.

    ``abilities`` maps "complex", "additive" and "disjunctive" to team ability
    (see :mod:`teamsim.ability`); ``task_coverage`` maps each scenario task to the
    conjunctive share of its required tools the team covers.
    """

    name: str
    type: str | None
    members: list[str]
    size: int
    ability: float
    abilities: dict[str, float]
    task_coverage: dict[str, float]
    best_member: str | None
    best_member_ability: float
    diversity_bonus: float
    nested: bool
    communication_paths: int
    two_pizza: TwoPizzaCheck
    unique_tools: dict[str, list[str]]


class OrganisationReport(Result):
    """The whole organisation.

    ``communication_paths`` counts every pair of people (n(n-1)/2 for all n
    people); ``within_team_paths`` sums the teams' own paths.
    """

    people: int
    teams: int
    tools: int
    ability: float
    communication_paths: int
    within_team_paths: int
    oversized_teams: list[str]
    tools_held_by_one: list[str]
    tools_held_by_none: list[str]
    nested: bool


class TeamOfK(Result):
    """For team size k: the best-ability team (top-k individuals) against the
    most able team (largest union of tools), drawn from all people."""

    k: int
    best_ability_team: TeamChoice
    most_able_team: TeamChoice


class ScenarioReport(Result):
    """Everything ``teamsim analyze`` reports; see the module docstring for the JSON shape."""

    scenario: str | None
    two_pizza_limit: int
    people: list[PersonReport]
    teams: list[TeamReport]
    organisation: OrganisationReport
    team_of_k: TeamOfK | None
    tool_redundancy: dict[str, int]
    warnings: list[str]


def _team_report(scenario: Scenario, m: ToolMatrix, abilities: np.ndarray, team: Team, two_pizza_limit: int,
                 warnings: list[str]) -> TeamReport:
    """The report of one team, appending its warnings (size, nested tool sets, no members)."""
    rows = m.rows(team.members)
    sub = m.held[rows]
    ab = abilities[rows]
    complex_ = m.union_value(rows)
    best = int(np.argmax(ab)) if len(rows) else None
    best_ab = float(ab[best]) if best is not None else 0.0
    team_holders = sub.sum(axis=0)
    uniq = {}
    alone = team_holders == 1
    for r in np.flatnonzero((sub & alone).any(axis=1)):  # only members who hold a tool alone
        uniq[team.members[r]] = [m.tools[j] for j in np.flatnonzero(sub[r] & alone)]
    nested = nested_rows(sub)
    check = two_pizza(len(team.members), two_pizza_limit)
    if not check.ok:
        warnings.append(f"team {team.name} has {check.size} people, above the two-pizza "
                        f"limit of {two_pizza_limit} ({check.communication_paths} "
                        f"communication paths); consider {check.suggested_teams} teams")
    if nested:
        warnings.append(f"team {team.name}: nested tool sets, no diversity, no bonus")
    if not team.members:
        warnings.append(f"team {team.name} has no members but owns services")
    return TeamReport(
        name=team.name, type=team.type, members=list(team.members), size=len(team.members),
        ability=complex_,
        abilities={"complex": complex_, "additive": float(ab.sum()),
                   "disjunctive": best_ab},
        task_coverage={t.name: team_ability(scenario, team.members, "conjunctive", t)
                       for t in scenario.tasks},
        best_member=team.members[best] if best is not None else None,
        best_member_ability=best_ab, diversity_bonus=complex_ - best_ab, nested=nested,
        communication_paths=check.communication_paths, two_pizza=check, unique_tools=uniq,
    )


def team_of_k(scenario: Scenario, k: int, pool: Sequence[str] | None = None, task: Task | str | None = None,
              *, method: MostAbleMethod = "auto", time_limit: float = 10.0) -> TeamOfK:
    """The k individually most able people against the most able team of k.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    k : int
        Team size.
    pool : sequence of str, optional
        Names to choose from (default: the scenario's people; see
        :func:`teamsim.hiring.pool_names`).
    task : Task or str, optional
        Count only this task's required tools.
    method : {"auto", "exhaustive", "milp", "greedy"}, default "auto"
        How the most able team is found (:func:`teamsim.ability.most_able_team`).
    time_limit : float, default 10.0
        Seconds for its integer program.

    Returns
    -------
    TeamOfK
        :func:`teamsim.ability.best_ability_team` and
        :func:`teamsim.ability.most_able_team` of the same pool, task and k.

    Raises
    ------
    InputError
        k outside 1..len(pool), an unknown name, task or method.

    See Also
    --------
    teamsim.ability.interactive_method : The method for an interactive page.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": x} for x in "ABCDE"], "people": [
    ...     {"name": "Adam", "tools": list("ABC")}, {"name": "Betsy", "tools": list("ABD")},
    ...     {"name": "Carl", "tools": list("DE")}]})
    >>> r = team_of_k(s, 2)
    >>> r.best_ability_team.members, r.most_able_team.members, r.most_able_team.ability
    (['Adam', 'Betsy'], ['Adam', 'Carl'], 5.0)
    """
    return TeamOfK(k=k, best_ability_team=best_ability_team(scenario, k, pool, task),
                   most_able_team=most_able_team(scenario, k, pool, task, method=method,
                                                 time_limit=time_limit))


def analyze(scenario: Scenario, *, k: int = 2, two_pizza_limit: int = TWO_PIZZA_LIMIT,
            method: MostAbleMethod = "auto") -> ScenarioReport:
    """Analyse a scenario: people, teams, organisation and the best teams of size k.

    Parameters
    ----------
    scenario : Scenario
        The scenario to analyse.
    k : int, default 2
        Team size for the best-ability vs most-able comparison (skipped when the
        scenario has fewer than k people).
    two_pizza_limit : int, default 9
        Largest two-pizza team (see :mod:`teamsim.communication`).
    method : {"auto", "exhaustive", "milp", "greedy"}, default "auto"
        How the most able team of k is found (:func:`team_of_k`).

    Returns
    -------
    ScenarioReport
        Each person's ability and tools; each team's abilities, diversity bonus,
        communication paths and two-pizza check; organisation-wide numbers; tool
        redundancy; and the best-ability and most able teams of size k.

    Raises
    ------
    InputError
        If ``k`` < 1 or ``two_pizza_limit`` < 1.

    See Also
    --------
    analyze_row : The same in numbers, for a sweep.
    teamsim.report_file.report_text : The full report as a file.

    Examples
    --------
    >>> from teamsim.importers import load_scenario
    >>> r = analyze(load_scenario("scenarios/diversity-bonus.yaml"))   # doctest: +SKIP
    >>> [(t.name, t.ability, t.diversity_bonus) for t in r.teams]      # doctest: +SKIP
    [('Adam+Betsy', 6.0, 1.0), ('Betsy+Carl', 7.0, 3.0)]
    """
    check_analyze_parameters(k, two_pizza_limit)
    order = {t: i for i, t in enumerate(learning_order(scenario))}
    implied = implied_prerequisites(scenario)
    m = tool_matrix(scenario)
    abilities = m.abilities()
    holders = m.held.sum(axis=0)
    warnings: list[str] = []
    for name, tools in implied.items():
        if name in m.people:
            warnings.append(f"{name} lists tools without their prerequisites; assumed known: "
                            f"{', '.join(tools)} (use --strict to make this an error)")

    people = []
    for i, name in enumerate(m.people):
        tools = sorted(scenario.tool_set(name), key=order.__getitem__)
        uniq = [m.tools[j] for j in np.flatnonzero(m.held[i] & (holders == 1))]
        people.append(PersonReport(name=name, ability=float(abilities[i]), tools=tools,
                                   implied_tools=implied.get(name, []), unique_tools=uniq))

    teams = []
    for team in scenario.teams:
        teams.append(_team_report(scenario, m, abilities, team, two_pizza_limit, warnings))

    none_held = [m.tools[j] for j in np.flatnonzero(holders == 0)]
    if none_held and m.people:
        warnings.append(f"no one holds: {', '.join(none_held)}")
    org_nested = nested_rows(m.held)
    if org_nested:
        warnings.append("everyone's tool sets are nested: no diversity, no bonus")
    best_k = None
    if len(m.people) >= k:
        best_k = team_of_k(scenario, k, method=method)
    else:
        warnings.append(f"no team of k={k}: the scenario has only {len(m.people)} people")
    return ScenarioReport(
        scenario=scenario.name,
        two_pizza_limit=two_pizza_limit,
        people=people,
        teams=teams,
        organisation=OrganisationReport(
            people=len(m.people), teams=len(scenario.teams), tools=len(m.tools),
            ability=m.union_value(np.arange(len(m.people))),
            communication_paths=communication_paths(len(m.people)),
            within_team_paths=sum(t.communication_paths for t in teams),
            oversized_teams=[t.name for t in teams if not t.two_pizza.ok],
            tools_held_by_one=[m.tools[j] for j in np.flatnonzero(holders == 1)],
            tools_held_by_none=none_held, nested=org_nested,
        ),
        team_of_k=best_k,
        tool_redundancy=dict(zip(m.tools, holders.astype(int).tolist())),
        warnings=warnings,
    )


def check_analyze_parameters(k: int, two_pizza_limit: int) -> None:
    """Refuse a team size k or a two-pizza limit below 1 (before a sweep runs).

    Parameters
    ----------
    k : int
        Team size for the best-ability vs most-able comparison.
    two_pizza_limit : int
        Largest two-pizza team.

    Raises
    ------
    InputError
        Naming the parameter below 1.

    See Also
    --------
    check_analyze_row : Also checks the point against the scenario.

    Examples
    --------
    >>> check_analyze_parameters(2, 9)
    >>> check_analyze_parameters(0, 9)
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: error: k=0 is out of range (>= 1)
      entity: parameter k
      fix: use k = 1 or more
    """
    from teamsim.budget import whole

    whole("k", k, 1)
    whole("two_pizza_limit", two_pizza_limit, 1)


def check_analyze_row(scenario: Scenario, k: int = 2, two_pizza_limit: int = TWO_PIZZA_LIMIT) -> None:
    """Refuse a point of an ``analyze`` sweep that the scenario cannot answer (before any run).

    Besides :func:`check_analyze_parameters`, a team of ``k`` must fit in the scenario:
    k runs from 1 to its number of people (a larger k would leave the row's team columns
    empty).

    Parameters
    ----------
    scenario : Scenario
        The scenario the sweep analyses.
    k : int, default 2
        Team size.
    two_pizza_limit : int, default 9
        Largest two-pizza team.

    Raises
    ------
    InputError
        k outside 1..people, or a two-pizza limit below 1; the message names the valid range.

    See Also
    --------
    check_analyze_parameters : The scenario-free checks.
    analyze_row : The row it checks.

    Examples
    --------
    >>> from teamsim.importers import load_scenario
    >>> from teamsim.scenarios import default_scenario_path
    >>> s = load_scenario(default_scenario_path())                 # Page's Adam, Betsy, Carl
    >>> check_analyze_row(s, k=3)
    >>> try:
    ...     check_analyze_row(s, k=99)
    ... except Exception as e:
    ...     print(e.message)
    k = 99 is out of range for this scenario: k takes 1..3 (it has 3 people)
    """
    from teamsim.errors import InputError

    check_analyze_parameters(k, two_pizza_limit)
    n = len(scenario.people)
    if k > n:
        raise InputError(f"k = {k} is out of range for this scenario: k takes 1..{n} (it has {n} people)"
                         if n else f"k = {k} is out of range: the scenario has no people",
                         entity="sweep parameter k", hint=f"give values of k from 1 to {n}, e.g. -p k=1,{n}"
                         if n else "add people to the scenario")


def analyze_row(scenario: Scenario, k: int = 2, two_pizza_limit: int = TWO_PIZZA_LIMIT) -> dict[str, object]:
    """One row of a sweep over team size k and the two-pizza limit: :func:`analyze` in numbers.

    Parameters
    ----------
    scenario : Scenario
        The scenario to analyse.
    k : int, default 2
        Team size for the best-ability vs most-able comparison.
    two_pizza_limit : int, default 9
        Largest two-pizza team.

    Returns
    -------
    dict
        ``people``, ``teams``, ``oversized_teams`` (teams over the limit),
        ``within_team_paths``; for the team of k (None when the scenario has fewer than
        k people): ``best_ability_team`` (members joined by " + ") and its ability,
        ``most_able_team`` and its ability, ``most_able_exact``, and ``diversity_gain``
        (most able minus best-ability team).

    Raises
    ------
    InputError
        k or two_pizza_limit below 1.

    See Also
    --------
    analyze : The full analysis.
    check_analyze_row : Checks a point before a sweep runs.

    Examples
    --------
    >>> from teamsim.importers import load_scenario
    >>> from teamsim.scenarios import default_scenario_path
    >>> r = analyze_row(load_scenario(default_scenario_path()), k=2)   # Page's Adam, Betsy, Carl
    >>> r["best_ability_team"], r["most_able_team"], r["diversity_gain"]
    ('Adam + Betsy', 'Betsy + Carl', 1.0)
    """
    r = analyze(scenario, k=k, two_pizza_limit=two_pizza_limit)
    o, tk = r.organisation, r.team_of_k
    best, able = (tk.best_ability_team, tk.most_able_team) if tk else (None, None)
    return {"people": o.people, "teams": o.teams, "oversized_teams": len(o.oversized_teams),
            "within_team_paths": o.within_team_paths,
            "best_ability_team": " + ".join(best.members) if best else None,
            "best_ability_team_ability": best.ability if best else None,
            "most_able_team": " + ".join(able.members) if able else None,
            "most_able_team_ability": able.ability if able else None,
            "most_able_exact": able.exact if able else None,
            "diversity_gain": able.ability - best.ability if able and best else None}
