"""Departure what-if: what a team loses when someone leaves, and who could cover it."""

from __future__ import annotations

from typing import cast

import numpy as np
import numpy.typing as npt

from teamsim._results import Result
from teamsim.ability import tool_matrix
from teamsim.ability.matrix import _resolve_task
from teamsim.errors import InputError
from teamsim.hiring._common import TeamArg, _members
from teamsim.hiring.learning import LearningPlan, _gap
from teamsim.hiring.risk import truck_factor
from teamsim.scenario import Scenario, Task


class LostTool(Result):
    """A tool the team loses when someone leaves, and how to recover it."""

    tool: str
    value: float
    closest: LearningPlan | None
    plans: list[LearningPlan]
    candidates_holding: list[str]
    equally_close: list[str] = []


class DepartureImpact(Result):
    """What happens if a person leaves a team.

    Attributes
    ----------
    person : str
    team : str or None
    members_after : list of str
    ability_before, ability_after : float
    lost : list of LostTool
        Tools only the leaver held, each with the remaining member closest to it
        (fewest tools to learn) and candidates who hold it.
    truck_factor_before, truck_factor_after : int or None
        Truck factor before and after (None after when nobody is left), for the
        required tools (default: the tools the team held before), with ``threshold``.
    threshold : float or None
        The truck factor's threshold (None: any required tool uncovered).
    """

    person: str
    team: str | None
    task: str | None
    members_after: list[str]
    ability_before: float
    ability_after: float
    lost: list[LostTool]
    truck_factor_before: int
    truck_factor_after: int | None
    threshold: float | None = None


def departure(
    scenario: Scenario, person: str, team: TeamArg = None, *, task: Task | str | None = None,
    threshold: float | None = None,
) -> DepartureImpact:
    """Departure what-if: who leaves, what the team loses, who could cover it by learning least.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    person : str
        The member who leaves.
    team : str, sequence of str or None
        Default: the whole organisation.
    task : Task or str, optional
        Count only the task's required tools.
    threshold : float in (0, 1], optional
        Truck factor threshold, as in :func:`truck_factor`.

    Returns
    -------
    DepartureImpact
        Team ability and truck factor before and after the person leaves,
        and the tools only the leaver held.

    Raises
    ------
    InputError
        If the person is not a member of the team.

    See Also
    --------
    teamsim.hiring.key_person_risk : Who is a key person before anyone leaves.
    teamsim.coverage.departure : The same for services.

    Notes
    -----
    Lost tools are the leaver's sole-held tools; each is matched with the
    remaining member with the shortest :func:`~teamsim.prerequisites.learning_path`.

    References
    ----------
    .. [1] Page, S. E., *The Diversity Bonus*, Princeton University Press, 2017.
    .. [2] Avelino, G. et al., "A novel approach for estimating truck factors", ICPC 2016.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B", "requires": ["A"]}],
    ...     "people": [{"name": "P", "tools": ["B"]}, {"name": "Q", "tools": ["A"]}]})
    >>> d = departure(s, "P")
    >>> [(x.tool, x.closest.person, x.closest.path) for x in d.lost], d.ability_after
    ([('B', 'Q', ['B'])], 1.0)
    """
    task = _resolve_task(scenario, task)
    name, members = _members(scenario, team)
    scenario.person(person)
    if person not in members:
        raise InputError(f"{person!r} is not a member of {name or 'the team'}", entity=f"person {person!r}",
                         hint=f"choose one of: {', '.join(members)}")
    after = [p for p in members if p != person]
    m = tool_matrix(scenario, members, task)
    i = members.index(person)
    others = np.delete(m.held, i, axis=0)
    lost_cols = np.flatnonzero(m.held[i] & ~others.any(axis=0))
    lost = []
    for j in lost_cols:
        tool = m.tools[j]
        g = _gap(scenario, tool, after) if after else None
        lost.append(LostTool(tool=tool, value=float(m.values[j]), closest=g.closest if g else None,
                             plans=g.plans if g else [], equally_close=g.equally_close if g else [],
                             candidates_holding=[c.name for c in scenario.candidates
                                                 if tool in scenario.tool_set(c.name)]))
    held_any = cast("npt.NDArray[np.bool_]", m.held.any(axis=0))  # 2-D held: one flag per tool
    before = float(m.values @ held_any)
    held_before = [t for t, h in zip(m.tools, held_any) if h]
    tf_task = task if task is not None else (
        Task(name="(tools the team holds)", tools=held_before) if held_before else None)

    def tf(ms: list[str]) -> int:
        if tf_task is None:
            return 0
        return truck_factor(scenario, ms, task=tf_task, threshold=threshold).value

    return DepartureImpact(person=person, team=name, task=task.name if task else None, members_after=after,
                           ability_before=before, ability_after=float(m.values @ others.any(axis=0)),
                           lost=lost, truck_factor_before=tf(members), truck_factor_after=tf(after) if after
                           else None, threshold=threshold)
