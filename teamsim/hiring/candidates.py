"""Whom to hire next: each candidate's marginal gain in team ability (Page 2017)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from teamsim._results import Result
from teamsim.ability.matrix import _resolve_task
from teamsim.errors import InputError
from teamsim.hiring._common import TeamArg, _matrix, _members, _required, _suggest, _unheld
from teamsim.scenario import Scenario, Task


class CandidateGain(Result):
    """One candidate: individual ability, the marginal gain they bring and the tools they add.

    Attributes
    ----------
    name : str
    individual_ability : float
        Value of the candidate's own tools (restricted to the target's tools, if any).
    marginal_gain : float
        Team ability with the candidate minus team ability without (value of the tools added).
    ability_after : float
        Team ability if hired.
    tools_added : list of str
        Tools the team lacks that the candidate holds.
    rank : int
        1 = best addition.
    """

    name: str
    individual_ability: float
    marginal_gain: float
    ability_after: float
    tools_added: list[str]
    rank: int


class CandidateRanking(Result):
    """Candidates ranked by marginal gain in team ability.

    Attributes
    ----------
    team : str or None
        Team name (None for an explicit member list or the whole organisation).
    members : list of str
    task : str or None
        Target whose required tools count (None = all tools at their values).
    team_ability : float
        Current team ability.
    candidates : list of CandidateGain
        Best addition first (ties: declaration order).
    best_addition, most_able : str
        The top-ranked candidate and the candidate of highest individual ability.
    most_able_is_best : bool
        False when the most able candidate is not the best addition (Page's point).
    unheld : list of str
        Required tools neither the team nor any ranked candidate holds (no hire
        among these candidates covers them).
    warnings : list of str
        Human-readable warnings (e.g. about ``unheld``).
    """

    team: str | None
    members: list[str]
    task: str | None
    team_ability: float
    candidates: list[CandidateGain]
    best_addition: str
    most_able: str
    most_able_is_best: bool
    unheld: list[str] = []
    warnings: list[str] = []


def rank_candidates(
    scenario: Scenario,
    team: TeamArg = None,
    *,
    candidates: Sequence[str] | None = None,
    task: Task | str | None = None,
    tools: Sequence[str] | None = None,
) -> CandidateRanking:
    """Rank candidates by the marginal gain in team ability each would bring.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    team : str, sequence of str or None
        A team name, an explicit list of members, or None for the whole
        organisation (every person).
    candidates : sequence of str, optional
        Default: the scenario's ``candidates:``.
    task : Task or str, optional
        Count only the task's required tools at its weights.
    tools : sequence of str, optional
        Count only these tools (at their values); overrides ``task``.

    Returns
    -------
    CandidateRanking

    Raises
    ------
    InputError
        No candidates, a candidate listed twice or unknown (the hint suggests close
        names), or a candidate who is already a member.
    ScenarioError
        Unknown team, person, task or tool.

    See Also
    --------
    teamsim.edits.hire : Hire the chosen candidate.
    teamsim.coverage.hire_for_services : Candidates ranked by service coverage.
    teamsim.ability.most_able_team : The most able team of a pool.

    Notes
    -----
    Marginal gain of candidate c for team S: ``f(S + c) - f(S) = v . (h_c AND NOT
    OR_{i in S} h_i)``, computed for all candidates at once as one matrix-vector
    product, O(c t). Team ability f is submodular (Page 2017; Nemhauser et al. 1978):
    a candidate's gain never exceeds their individual ability, and equals it only
    when they share no tool with the team.

    References
    ----------
    .. [1] Page, S. E., *The Diversity Bonus*, Princeton University Press, 2017.
    .. [2] Nemhauser, G. L., Wolsey, L. A. and Fisher, M. L., "An analysis of
       approximations for maximizing submodular set functions", Math. Programming 14, 1978.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "P", "tools": ["A"]}],
    ...     "candidates": [{"name": "Q", "tools": ["A", "B"]}]})
    >>> rank_candidates(s).candidates[0].tools_added
    ['B']
    """
    task = _resolve_task(scenario, task)
    name, members = _members(scenario, team)
    pool = [c.name for c in scenario.candidates] if candidates is None else list(candidates)
    if not pool:
        raise InputError("there are no candidates to rank", entity="candidates",
                         hint="add people you could hire under candidates: in the scenario")
    known = [c.name for c in scenario.candidates] + [p.name for p in scenario.people]
    seen: set[str] = set()
    for c in pool:
        if c not in known:
            raise InputError(f"unknown candidate {c!r}", entity=f"candidate {c!r}",
                             hint=_suggest(c, known, [x.name for x in scenario.candidates], "candidate"))
        if c in seen:
            raise InputError(f"candidate {c!r} is listed twice", entity=f"candidate {c!r}",
                             hint="list each candidate once")
        seen.add(c)
        if c in members:
            raise InputError(f"candidate {c!r} is already a member of the team",
                             entity=f"candidate {c!r}",
                             hint="remove them from the candidates or from the team")
    req = _required(scenario, task, tools)
    tm = _matrix(scenario, members, task, req)
    cm = _matrix(scenario, pool, task, req)
    covered = tm.held.any(axis=0)
    base = float(tm.values @ covered)
    adds = cm.held & ~covered
    gain = adds @ cm.values
    ability = cm.abilities()
    order = np.argsort(-gain, kind="stable")
    ranked = [CandidateGain(name=pool[i], individual_ability=float(ability[i]), marginal_gain=float(gain[i]),
                            ability_after=base + float(gain[i]),
                            tools_added=[cm.tools[j] for j in np.flatnonzero(adds[i])], rank=r + 1)
              for r, i in enumerate(order)]
    most_able = pool[int(np.argmax(ability))]
    best = ranked[0].name
    unheld = (_unheld(scenario, tm.tools, [*members, *pool]) if req is not None or task is not None else [])
    warnings = ([f"nobody on the team or among these candidates holds required tool(s) {', '.join(unheld)}: "
                 "no hire here covers them (plan who learns them: teamsim learn)"] if unheld else [])
    return CandidateRanking(team=name, members=members, task=task.name if task else None,
                            team_ability=base, candidates=ranked, best_addition=best, most_able=most_able,
                            most_able_is_best=bool(gain[pool.index(most_able)] >= gain[order[0]] - 1e-12),
                            unheld=unheld, warnings=warnings)
