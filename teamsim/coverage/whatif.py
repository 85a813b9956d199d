"""Coverage what-ifs: what leaves with a set of people (:func:`departure`), whom to hire to cover every
service (:func:`hire_for_services`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import Field

from teamsim._results import Result
from teamsim.ability import tool_matrix
from teamsim.budget import seconds
from teamsim.coverage.report import coverage_report
from teamsim.coverage.truckfactor import skills_truck_factor
from teamsim.errors import InputError
from teamsim.importers.git import GitLog
from teamsim.prerequisites import closure_table
from teamsim.scenario import Scenario

__all__ = ["Departure", "LostTool", "ServiceHire", "ServiceHiring", "departure", "hire_for_services"]


# ----------------------------------------------------------------------------- departures
class LostTool(Result):
    """A needed tool a service loses when people leave, and who could cover it.

    Attributes
    ----------
    service, tool : str
    team : str or None
        The service's owner team(s).
    cover : list of dict
        Up to five people who stay, closest first: ``{"person", "team", "steps"}``
        where ``steps`` is the number of tools they must learn (the tool and
        its missing prerequisites; 0 when they already hold it).
    """

    service: str
    tool: str
    team: str | None
    cover: list[dict[str, Any]]


class Departure(Result):
    """What leaves with a set of people.

    Attributes
    ----------
    leaving : list of str
    lost : list of LostTool
        Each (service, tool) whose coverage is lost.
    services_uncovered : list of str
        Services covered before and not after.
    truck_factor_before, truck_factor_after : dict of str to int or None
        Skills truck factor of each service touched.
    knowledge_share : dict of str to float
        Service -> share of its changes made by the leavers (when a log was given).
    """

    leaving: list[str]
    lost: list[LostTool]
    services_uncovered: list[str]
    truck_factor_before: dict[str, int | None]
    truck_factor_after: dict[str, int | None]
    knowledge_share: dict[str, float] = Field(default_factory=dict)


def departure(scenario: Scenario, leaving: Iterable[str], *, log: GitLog | None = None,
              service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/",
              top: int = 5) -> Departure:
    """Departure what-if: which services lose coverage, what knowledge leaves, who could cover.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, teams, services and the tools they need.
    leaving : iterable of str
        People who leave.
    log : GitLog, optional
        Adds each service's share of changes made by the leavers.
    service_paths : str or mapping
        Folders of each service in ``log``.
    top : int, default 5
        Cover candidates listed per lost tool.

    Returns
    -------
    Departure

    Raises
    ------
    ScenarioError
        An unknown person.

    See Also
    --------
    teamsim.coverage.coverage_analysis : The report with this what-if.
    teamsim.hiring.departure.departure : What a team loses when someone leaves.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "Go"}, {"name": "K8s", "requires": ["Go"]}],
    ...     "people": [{"name": "Ann", "tools": ["K8s"]}, {"name": "Bo"}, {"name": "Cy", "tools": ["Go"]}],
    ...     "teams": [{"name": "T", "members": ["Ann", "Bo"], "services": ["x"]},
    ...               {"name": "U", "members": ["Cy"]}],
    ...     "services": [{"name": "x", "tools": ["K8s"]}]})
    >>> d = departure(s, ["Ann"])
    >>> d.services_uncovered, d.lost[0].cover
    (['x'], [{'person': 'Cy', 'team': 'U', 'steps': 1}, {'person': 'Bo', 'team': 'T', 'steps': 2}])
    """
    gone = list(dict.fromkeys(leaving))
    for p in gone:
        scenario.person(p)
    before = coverage_report(scenario, log=log, service_paths=service_paths)
    left = set(gone)
    m = tool_matrix(scenario)
    stay = np.array([p not in left for p in m.people])
    col = {t: j for j, t in enumerate(m.tools)}
    table = closure_table(scenario)
    team_of: dict[str, str] = {}
    for team in scenario.teams:
        for p in team.members:
            team_of.setdefault(p, team.name)
    lost, uncovered, tf0, tf1, share = [], [], {}, {}, {}
    for c in before.services:
        after = {t: [p for p in v if p not in left] for t, v in c.holders.items()}
        if after == c.holders:
            continue
        tf0[c.name], tf1[c.name] = c.truck_factor, skills_truck_factor(after)
        newly = [t for t, v in after.items() if not v and c.holders[t]]
        if newly and not c.missing_tools:
            uncovered.append(c.name)
        for t in newly:
            need = np.zeros(len(m.tools), bool)
            need[[col[x] for x in table[t]]] = True
            steps = (need & ~m.held).sum(axis=1)
            cand = np.flatnonzero(stay)
            cand = cand[np.lexsort((cand, steps[cand]))][:top]
            lost.append(LostTool(service=c.name, tool=t, team=c.team, cover=[
                {"person": m.people[i], "team": team_of.get(m.people[i]), "steps": int(steps[i])}
                for i in cand]))
    if log is not None:
        for c in before.services:
            if c.knowledge is not None and c.knowledge.files:
                k = sum(v for a, v in c.knowledge.change_share.items() if a in left)
                if k > 0:
                    share[c.name] = k
    return Departure(leaving=gone, lost=lost, services_uncovered=uncovered, truck_factor_before=tf0,
                     truck_factor_after=tf1, knowledge_share=share)


# ----------------------------------------------------------------------------- hiring for services
class ServiceHire(Result):
    """One candidate: the coverage they would add to a team's services.

    Attributes
    ----------
    name : str
    gain : float
        Weighted (service, tool) holder deficits they fill, divided by the
        redundancy: 1 per needed tool of weight 1 brought to full redundancy.
    cost : float or None
    gain_per_cost : float or None
    tools : list of str
        Needed tools below redundancy that they hold.
    """

    name: str
    gain: float
    cost: float | None
    gain_per_cost: float | None
    tools: list[str]


class ServiceHiring(Result):
    """Candidates ranked for a team's services, and the best set of hires within a budget.

    Attributes
    ----------
    team : str
    ranking : list of ServiceHire
        By gain per cost (gain when costs are missing), then gain, then name.
    hires : list of str
        The best set within the budget (empty without a budget).
    gain : float
        Coverage the set adds.
    bound : float or None
        Upper bound on any set's gain within the budget (equal to ``gain`` when exact).
    method : str
        "milp" (exact), "greedy" (with the LP-relaxation bound) or "none".
    """

    team: str
    ranking: list[ServiceHire]
    hires: list[str]
    gain: float
    bound: float | None
    method: str


_Counts = npt.NDArray[np.integer[Any] | np.floating[Any]]
_Floats = npt.NDArray[np.float64]


def _deficits(scenario: Scenario, team: str, redundancy: int,
              ) -> tuple[list[tuple[str, str, float]], npt.NDArray[np.bool_], _Counts, _Floats]:
    t = scenario.team(team)
    m = tool_matrix(scenario, [*t.members, *(c.name for c in scenario.candidates)])
    col = {x: j for j, x in enumerate(m.tools)}
    n = len(t.members)
    pairs = [(s.name, x, w) for s in scenario.services if s.name in t.service_names
             for x, w in s.tool_weights.items()]
    cols = np.array([col[x] for _, x, _ in pairs], dtype=np.intp)
    have = m.held[:n][:, cols].sum(axis=0) if len(pairs) else np.zeros(0)
    short = np.maximum(redundancy - have, 0)
    return pairs, m.held[n:][:, cols], short, np.array([w for *_, w in pairs], float)


def hire_for_services(scenario: Scenario, team: str, *, budget: float | None = None,
                      redundancy: int = 1, max_exact: int = 200, time_limit: float = 30.0) -> ServiceHiring:
    """Rank the scenario's candidates by the coverage they add to a team's services; best hires in a budget.

    The gain of a set H is ``sum_(s,t) w_st min(short_st, |H holding t|) / r`` over the team's
    services s and needed tools t, where ``short_st`` is how many holders the team lacks to reach
    redundancy r. The best set within the budget is a small integer program (exact, HiGHS, for
    pools up to ``max_exact`` candidates) or, for larger pools, greedy by gain per cost with
    the LP relaxation as the upper bound.

    Parameters
    ----------
    scenario : Scenario
        Candidates under ``candidates:`` with ``cost`` (needed with a budget).
    team : str
        The team whose services need covering.
    budget : float, optional
        Total cost allowed.
    redundancy : int, default 1
        r: how many team members should hold each tool a service needs (>= 1).
    max_exact : int, default 200
        Solve the integer program exactly for pools up to this many candidates;
        greedy above.
    time_limit : float, default 30
        Seconds for the integer program (> 0).

    Returns
    -------
    ServiceHiring

    Raises
    ------
    InputError
        Bad budget or redundancy, or a candidate without a cost when a budget is given.

    See Also
    --------
    coverage_report : The coverage it improves.
    teamsim.hiring.rank_candidates : Candidates ranked by team ability instead.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "Go"}, {"name": "SQL"}],
    ...     "people": [{"name": "Ann", "tools": ["Go"]}],
    ...     "candidates": [{"name": "Cy", "tools": ["SQL"], "cost": 2},
    ...                    {"name": "Di", "tools": ["Go", "SQL"], "cost": 5}],
    ...     "teams": [{"name": "T", "members": ["Ann"], "services": ["api"]}],
    ...     "services": [{"name": "api", "tools": ["Go", {"name": "SQL", "weight": 3}]}]})
    >>> h = hire_for_services(s, "T", budget=4)
    >>> [(c.name, c.gain, c.gain_per_cost) for c in h.ranking], h.hires, h.gain, h.method
    ([('Cy', 3.0, 1.5), ('Di', 3.0, 0.6)], ['Cy'], 3.0, 'milp')
    """
    if redundancy < 1:
        raise InputError("redundancy must be at least 1", entity="redundancy", hint="e.g. 1 or 2")
    seconds("time_limit", time_limit)
    if budget is not None and not (math.isfinite(budget) and budget >= 0):
        raise InputError(f"budget {budget!r} is not a non-negative number", entity="budget",
                         hint="give a total cost, e.g. 250000")
    pairs, held, short, w = _deficits(scenario, team, redundancy)
    cands = scenario.candidates
    gains = (held & (short > 0)) @ w / redundancy if len(pairs) else np.zeros(len(cands))
    ranking = []
    for i, c in enumerate(cands):
        per = None if not c.cost else float(gains[i]) / c.cost
        ranking.append(ServiceHire(name=c.name, gain=float(gains[i]), cost=c.cost, gain_per_cost=per,
                                   tools=sorted({x for j, (_, x, _) in enumerate(pairs)
                                                 if short[j] > 0 and held[i, j]})))
    ranking.sort(key=lambda h: (-(h.gain_per_cost if h.gain_per_cost is not None else h.gain),
                                -h.gain, h.name))
    if budget is None or not cands:
        return ServiceHiring(team=team, ranking=ranking, hires=[], gain=0.0, bound=None, method="none")
    missing = [c.name for c in cands if c.cost is None]
    if missing:
        raise InputError(f"candidate {missing[0]!r} has no cost", entity=f"candidate {missing[0]!r}",
                         hint="give every candidate a cost: to choose hires within a budget")
    cost = np.array([c.cost for c in cands], float)
    chosen, gain, bound, method = _best_hires(held, short, w / redundancy, cost, budget,
                                              len(cands) <= max_exact, time_limit)
    return ServiceHiring(team=team, ranking=ranking, hires=[cands[i].name for i in chosen],
                         gain=gain, bound=bound, method=method)


def _best_hires(held: npt.NDArray[np.bool_], short: _Counts, w: _Floats, cost: _Floats, budget: float,
                exact: bool, time_limit: float) -> tuple[list[int], float, float | None, str]:
    """max sum w g, g <= short, g <= held^T x, cost x <= budget (x binary; LP bound if not exact)."""
    import scipy.sparse as sp
    from scipy.optimize import LinearConstraint

    from teamsim._milp import solve_milp

    n, q = held.shape
    A1 = sp.hstack([-sp.csr_array(held.T.astype(float)), sp.identity(q)], format="csr")
    A2 = sp.csr_array(np.concatenate([cost, np.zeros(q)])[None, :])
    c = np.concatenate([np.zeros(n), -w])
    ub = np.concatenate([np.ones(n), short.astype(float)])
    cons = [LinearConstraint(A1, -np.inf, 0), LinearConstraint(A2, -np.inf, budget)]
    integ = np.concatenate([np.ones(n) if exact else np.zeros(n), np.zeros(q)])
    r = solve_milp(c, cons, integrality=integ, lb=np.zeros(n + q), ub=ub, time_limit=time_limit)
    bound = None if r.bound is None else -r.bound

    def value(sel: list[int]) -> float:
        return float(w @ np.minimum(short, held[sel].sum(axis=0))) if len(sel) else 0.0

    if exact and r.x is not None:
        chosen = sorted(np.flatnonzero(r.x[:n] > 0.5).tolist())
        return chosen, value(chosen), bound if not r.optimal else value(chosen), "milp"
    sel: list[int] = []
    left = float(budget)
    while True:
        base = value(sel)
        best, score = None, 0.0
        for i in range(n):
            if i not in sel and cost[i] <= left + 1e-9:
                g = value([*sel, i]) - base
                s_ = g / cost[i] if cost[i] > 0 else (np.inf if g > 0 else 0.0)
                if g > 1e-12 and s_ > score:
                    best, score = i, s_
        if best is None:
            break
        sel.append(best)
        left -= cost[best]
    return sorted(sel), value(sel), bound, "greedy"
