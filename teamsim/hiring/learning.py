"""Learning plans: what a person must learn, in prerequisite order, to hold a tool."""

from __future__ import annotations

from collections.abc import Sequence

from teamsim._results import Result
from teamsim.ability.matrix import _resolve_task
from teamsim.budget import check_work
from teamsim.errors import InputError
from teamsim.hiring._common import TeamArg, _members, _required
from teamsim.prerequisites import learning_path
from teamsim.scenario import Scenario, Task


class LearningPlan(Result):
    """What a person must learn, in a valid order, to hold a tool.

    Attributes
    ----------
    person, tool : str
    path : list of str
        Missing prerequisites then the tool, in learning order (empty if already held).
    steps : int
        ``len(path)``.
    """

    person: str
    tool: str
    path: list[str]
    steps: int


class ToolGap(Result):
    """A tool the team lacks and the members closest to it (fewest tools to learn).

    Attributes
    ----------
    tool : str
    value : float
    closest : LearningPlan
        The member with the shortest path (ties: member order).
    plans : list of LearningPlan
        Every member's path, shortest first.
    candidates_holding : list of str
        Candidates who already hold the tool (hire instead of train).
    equally_close : list of str
        Every member with the shortest path (``closest`` is the first of them).
    """

    tool: str
    value: float
    closest: LearningPlan
    plans: list[LearningPlan]
    candidates_holding: list[str]
    equally_close: list[str] = []


class TeamLearningPlan(Result):
    """For each tool a team lacks (of a task, or of all tools), who should learn it."""

    team: str | None
    members: list[str]
    task: str | None
    gaps: list[ToolGap]


def learning_plan(scenario: Scenario, person: str, tool: str) -> LearningPlan:
    """The missing prerequisites and the tool, in a valid learning order, for one person.

    Wraps :func:`teamsim.prerequisites.learning_path`.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    person : str
        A person or candidate.
    tool : str
        The tool to acquire.

    Returns
    -------
    LearningPlan
        ``path``: the tools to learn, prerequisites first, ending with ``tool``
        (empty when the person already holds it); ``steps``: its length.

    Raises
    ------
    ScenarioError
        Unknown person or tool.

    See Also
    --------
    team_learning_plan : The closest member for each tool a team lacks.
    teamsim.prerequisites.learning_path : The underlying path.

    Notes
    -----
    The prerequisite closure of the tool minus what the person holds, in
    lexicographic topological order: O(t + e) on a DAG of t tools and e prerequisites.

    References
    ----------
    .. [1] Page, S. E., *The Diversity Bonus*, Princeton University Press, 2017. (tools learned in order)

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B", "requires": ["A"]}],
    ...                              "people": [{"name": "Ann", "tools": []}]})
    >>> learning_plan(s, "Ann", "B").path
    ['A', 'B']
    """
    path = learning_path(scenario, person, tool)
    return LearningPlan(person=person, tool=tool, path=path, steps=len(path))


def _gap(scenario: Scenario, tool: str, members: list[str]) -> ToolGap:
    plans = sorted((learning_plan(scenario, p, tool) for p in members), key=lambda p: p.steps)
    holding = [c.name for c in scenario.candidates if tool in scenario.tool_set(c.name)]
    return ToolGap(tool=tool, value=scenario.tool_values[tool], closest=plans[0], plans=plans,
                   candidates_holding=holding,
                   equally_close=[p.person for p in plans if p.steps == plans[0].steps])


def team_learning_plan(
    scenario: Scenario, team: TeamArg = None, *, task: Task | str | None = None,
    tools: Sequence[str] | None = None,
) -> TeamLearningPlan:
    """For each tool the team lacks, the member closest to it (fewest missing prerequisites).

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    team : str, sequence of str or None
        A team name, an explicit list of members, or None for the whole
        organisation (every person).
    task : Task or str, optional
        Consider the task's required tools (default: every tool in the scenario).
    tools : sequence of str, optional
        Consider these tools instead.

    Returns
    -------
    TeamLearningPlan
        Gaps in learning order of the tools.

    Raises
    ------
    InputError
        Empty team.

    See Also
    --------
    learning_plan : The plan of one person.
    teamsim.prerequisites.tool_depth : How deep a tool's prerequisites go.

    Notes
    -----
    One :func:`learning_path` per member and missing tool: O(n g (t + e)) for g gaps
    on a prerequisite DAG with e edges.

    References
    ----------
    .. [1] Page, S. E., *The Diversity Bonus*, Princeton University Press, 2017.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B", "requires": ["A"]}],
    ...     "people": [{"name": "P", "tools": ["A"]}, {"name": "Q", "tools": []}]})
    >>> g = team_learning_plan(s).gaps[0]
    >>> g.tool, g.closest.person, g.closest.path
    ('B', 'P', ['B'])
    """
    task = _resolve_task(scenario, task)
    name, members = _members(scenario, team)
    if not members:
        raise InputError("the team has no members", hint="choose a team with members")
    req = _required(scenario, task, tools) or scenario.tool_names
    has = set().union(*(scenario.tool_set(p) for p in members))
    from teamsim.prerequisites import learning_order

    order = {t: i for i, t in enumerate(learning_order(scenario))}
    missing = sorted((t for t in req if t not in has), key=order.__getitem__)
    edges = sum(len(t.requires) for t in scenario.tools)
    check_work(100 * len(members) * len(missing) * (len(scenario.tools) + edges),
               params="team members and missing tools",
               entity=f"learning plans for {len(members):,} members x {len(missing):,} missing tools")
    return TeamLearningPlan(team=name, members=members, task=task.name if task and tools is None else None,
                            gaps=[_gap(scenario, t, members) for t in missing])
