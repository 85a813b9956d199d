"""Hiring what-ifs and team composition: whom to hire, whom to staff, whom we cannot lose.

Engineering managers ask "whom should we hire next, which team covers this
project, what do we lose if she leaves, what must he learn first?". teamsim
answers with the cognitive-tool model of :mod:`teamsim.ability` (Page, *The
Diversity Bonus*, 2017): a team can apply any tool one of its members holds, so
the value of a hire is the value of the tools they **add**, not their individual
ability. The most able candidate is often not the best addition.

=====================================  ===========================================================
function                               question
=====================================  ===========================================================
:func:`rank_candidates`                whom to hire next: marginal gain in team ability per candidate
:func:`smallest_covering_team`         the smallest team holding every required tool (set cover)
:func:`key_person_risk`                tools only one person holds; truck factor
:func:`departure`                      what is lost if someone leaves, who can cover it by learning
:func:`learning_plan`                  what a person must learn, in order, to hold a tool
:func:`team_learning_plan`             for each tool a team lacks, the member closest to it
:func:`overlap`                        "beware hiring managers": Jaccard overlap, nested tool sets
=====================================  ===========================================================

The best team of k for a task is :func:`teamsim.ability.most_able_team` (exact by
enumeration or integer program, greedy with its (1 - 1/e) bound for huge pools).

Examples
--------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({
...     "tools": [{"name": x} for x in "ABCDEFG"],
...     "people": [{"name": "Betsy", "tools": list("ABEF")}],
...     "candidates": [{"name": "Adam", "tools": list("ABCDE")},
...                    {"name": "Carl", "tools": list("CDG")}]})
>>> r = rank_candidates(s, ["Betsy"])
>>> [(c.name, c.individual_ability, c.marginal_gain) for c in r.candidates]
[('Carl', 3.0, 3.0), ('Adam', 5.0, 2.0)]
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence

import numpy as np

from teamsim._milp import MilpResult, solve_milp
from teamsim._results import Result
from teamsim.ability import ToolMatrix, _resolve_task, tool_matrix
from teamsim.budget import check_memory, check_work, seconds
from teamsim.errors import InputError, ScenarioError
from teamsim.prerequisites import learning_path
from teamsim.scenario import Scenario, Task

__all__ = [
    "CandidateGain",
    "CandidateRanking",
    "CoveringTeam",
    "DepartureImpact",
    "KeyPersonRisk",
    "LearningPlan",
    "LostTool",
    "OverlapReport",
    "PairOverlap",
    "TeamLearningPlan",
    "ToolGap",
    "TruckFactor",
    "departure",
    "key_person_risk",
    "learning_plan",
    "overlap",
    "rank_candidates",
    "smallest_covering_team",
    "team_learning_plan",
    "truck_factor",
]

#: Exact integer programs are attempted up to this many people x tools cells.
MAX_EXACT_CELLS = 200_000

TeamArg = str | Sequence[str] | None


# --------------------------------------------------------------------------- helpers
def _members(scenario: Scenario, team: TeamArg) -> tuple[str | None, list[str]]:
    """(team name or None, member names): a team name, an explicit list, or everyone."""
    if team is None:
        return None, [p.name for p in scenario.people]
    if isinstance(team, str):
        return team, list(scenario.team(team).members)
    names = list(team)
    for n in names:
        scenario.person(n)  # raises ScenarioError for unknown names
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise InputError(f"{dup!r} is listed twice", entity=f"person {dup!r}", hint="list each member once")
    return None, names


def _suggest(name: str, choices: Sequence[str], usual: Sequence[str] | None = None,
             kind: str = "name") -> str:
    """A hint naming the closest matches of a mistyped name (difflib), else the usual choices when few."""
    close = difflib.get_close_matches(name, list(choices), n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    usual = list(choices if usual is None else usual)
    if len(usual) <= 10:
        return f"no {kind} has a similar name; the {kind}s are: {', '.join(usual) or '(none)'}"
    return f"no {kind} has a similar name among {len(usual)}; check the spelling"


def _unheld(scenario: Scenario, tools: Sequence[str], names: Sequence[str]) -> list[str]:
    """The tools (in order) that none of ``names`` holds."""
    has = set().union(*(scenario.tool_set(n) for n in names)) if names else set()
    return [t for t in tools if t not in has]


def _required(scenario: Scenario, task: Task | None, tools: Sequence[str] | None) -> list[str] | None:
    if tools is not None:
        tools = list(tools)
        unknown = [t for t in tools if t not in scenario.tool_values]
        if unknown:
            raise ScenarioError(f"unknown tool {unknown[0]!r}", entity=f"tool {unknown[0]!r}",
                                hint=f"choose from: {', '.join(scenario.tool_names)}")
        if not tools:
            raise InputError("no required tools given", hint="pass at least one tool or a task")
        return tools
    return list(task.tools) if task is not None else None


def _matrix(scenario: Scenario, people: Sequence[str], task: Task | None,
            tools: Sequence[str] | None = None) -> ToolMatrix:
    """People x tools for a task, an explicit tool list (values = tool values) or all tools."""
    if tools is not None:
        t = Task(name="(required tools)", tools=list(tools))
        return tool_matrix(scenario, people, t)
    return tool_matrix(scenario, people, task)


def _milp(c, A, lb, ub, integrality, time_limit: float) -> MilpResult:
    """``min c x`` s.t. ``lb <= A x <= ub``, ``0 <= x <= 1`` (see :func:`teamsim._milp.solve_milp`)."""
    from scipy.optimize import LinearConstraint

    n = len(c)
    return solve_milp(c, [LinearConstraint(A, lb, ub)], integrality=integrality, lb=np.zeros(n),
                      ub=np.ones(n), time_limit=time_limit)


# --------------------------------------------------------------------------- 1. candidates
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


# --------------------------------------------------------------------------- 2. set cover
class CoveringTeam(Result):
    """The smallest team that holds every required tool.

    Attributes
    ----------
    task : str or None
    tools : list of str
        Required tools.
    members : list of str
    size : int
    exact : bool
        True when proven minimum.
    method : str
        "milp" (integer program, HiGHS) or "greedy".
    lower_bound : int
        No covering team is smaller (equals ``size`` when exact).
    covered_by : dict of str to list of str
        Each required tool -> the chosen members who hold it.
    note : str
        Why ``method`` produced the team (e.g. greedy proven minimum by its bound).
    """

    task: str | None
    tools: list[str]
    members: list[str]
    size: int
    exact: bool
    method: str
    lower_bound: int
    covered_by: dict[str, list[str]]
    note: str = ""


def _greedy_cover(held: np.ndarray) -> list[int]:
    """Greedy set cover (most uncovered tools first), in the order picked."""
    covered = np.zeros(held.shape[1], dtype=bool)
    chosen: list[int] = []
    while not covered.all():
        gain = (held & ~covered).sum(axis=1)
        i = int(np.argmax(gain))
        chosen.append(i)
        covered |= held[i]
    return chosen


def _prune_cover(held: np.ndarray, chosen: list[int]) -> list[int]:
    """Drop redundant members of a cover: try the earliest picks (largest sets) first.

    A member is redundant when every tool they hold is held by another remaining
    member; removing one never uncovers a tool, so the result is still a cover and
    no remaining member is redundant.
    """
    keep = list(chosen)
    for i in chosen:
        others = [j for j in keep if j != i]
        if others and held[others].sum(axis=0).min() >= 1:
            keep = others
    return keep


def _uncovered_hint(scenario: Scenario, pool: list[str], nobody: list[str]) -> str:
    """Where the tools nobody in ``pool`` holds can be found: outside the pool, or nowhere."""
    everyone = [p.name for p in scenario.people] + [c.name for c in scenario.candidates]
    outside = {t: [n for n in everyone if n not in pool and t in scenario.tool_set(n)] for t in nobody}
    if not any(outside.values()):
        return ("nobody in the scenario (people or candidates) holds it: add a candidate who does, "
                f"or plan who learns it (teamsim learn --tool {nobody[0]})")
    by_person: dict[str, list[str]] = {}
    for t, ns in outside.items():
        for n in ns:
            by_person.setdefault(n, []).append(t)
    who = "; ".join(f"{n} holds {', '.join(ts)}" for n, ts in by_person.items())
    cands = {c.name for c in scenario.candidates}
    where = ("include the candidates in the pool (--pool all on the command line, "
             "include_candidates=True in Python)"
             if any(n in cands for ns in outside.values() for n in ns) else "add them to the pool")
    hint = f"outside the pool, {who}: {where}"
    if not all(outside.values()):
        hint += ("; nobody in the scenario holds "
                 + ", ".join(t for t, ns in outside.items() if not ns))
    return hint


def _refuse_uncovered(scenario: Scenario, pool: list[str], m) -> None:
    """Refuse required tools that nobody in the pool holds, saying where they are."""
    nobody = [m.tools[j] for j in np.flatnonzero(~m.held.any(axis=0))]
    if nobody:
        tools_txt = ", ".join(repr(t) for t in nobody)
        hint = _uncovered_hint(scenario, pool, nobody)
        plural = "s" if len(nobody) > 1 else ""
        raise InputError(f"nobody in the pool holds required tool{plural} {tools_txt}",
                         entity=f"tool {nobody[0]!r}", hint=hint)


def _milp_cover(held: np.ndarray, n_greedy: int, time_limit: float, rows, used, exact, lower, note):
    """Try the integer program; return rows, method, exact, lower bound and note (kept if no better)."""
    from scipy.sparse import csr_matrix

    n, n_tools = held.shape
    res = _milp(np.ones(n), csr_matrix(held.T.astype(float)), np.ones(n_tools),
                np.full(n_tools, np.inf), np.ones(n), time_limit)
    if res.x is None:
        note = f"the integer program found no cover within {time_limit:g} s; greedy cover kept"
    elif int(round(res.x.sum())) <= n_greedy:
        rows, used = sorted(np.flatnonzero(res.x > 0.5).tolist()), "milp"
        exact = exact or res.optimal
        note = "" if res.optimal else f"integer program stopped at the {time_limit:g} s time limit"
        if exact:
            lower = len(rows)
        elif res.bound is not None:
            lower = max(lower, math.ceil(res.bound - 1e-9))
    return rows, used, exact, lower, note


def smallest_covering_team(
    scenario: Scenario,
    task: Task | str | None = None,
    *,
    tools: Sequence[str] | None = None,
    pool: Sequence[str] | None = None,
    include_candidates: bool = False,
    method: str = "auto",
    time_limit: float = 10.0,
) -> CoveringTeam:
    """The smallest team whose members together hold every required tool (minimum set cover).

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    task : Task or str, optional
        The required tools (one of ``task`` or ``tools`` is needed).
    tools : sequence of str, optional
        Required tools given directly.
    pool : sequence of str, optional
        People to choose from; default the scenario's people (plus candidates with
        ``include_candidates``).
    include_candidates : bool, default False
        With the default pool, also choose from the scenario's candidates.
    method : {"auto", "milp", "greedy"}, default "auto"
        "auto" keeps the greedy cover when its lower bound proves it minimum, else
        solves the integer program when pool x tools <= 200,000 cells; "milp"
        always solves the integer program; "greedy" never does. ``method`` of the
        result says what produced the team.
    time_limit : float, default 10
        Seconds for the integer program (> 0).

    Returns
    -------
    CoveringTeam
        The fewest members who together hold every required tool (set cover),
        whether that is proven minimum, and a lower bound on the size.

    Raises
    ------
    InputError
        No required tools, an empty pool, a bad method or time limit, or a required
        tool nobody in the pool holds (the hint names who outside the pool holds
        it, or says that nobody in the scenario does).

    Notes
    -----
    Integer program: min sum_i x_i s.t. sum_{i holds j} x_i >= 1 for every
    required tool j, x binary (HiGHS via ``scipy.optimize.milp``, zero gap).
    Greedy (pick the person covering most uncovered tools) is within a factor
    H(d) <= 1 + ln d of the optimum, d = most required tools one person holds
    (Johnson 1974; Chvatal 1979), which gives ``lower_bound = ceil(g / H(d))`` for
    a greedy cover of g people; redundant members are then pruned (the earliest,
    largest picks first), which never makes the cover larger.

    This is minimum set cover only: it ignores whether the members have ever
    worked together. Lappas, Liu & Terzi's team formation (KDD 2009) adds a
    communication cost in the collaboration network; that is
    :func:`teamsim.teamformation.scenario_team` (``teamsim team-formation``). The
    example below uses the skill sets of their running example, where the smallest
    covering team is {a, e}.

    References
    ----------
    .. [1] Johnson, D. S., "Approximation algorithms for combinatorial problems",
       J. Computer and System Sciences 9(3): 256-278, 1974.
    .. [2] Chvatal, V., "A greedy heuristic for the set-covering problem", Math. of
       Operations Research 4(3): 233-235, 1979.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": x} for x in ["alg", "se", "ds", "web"]],
    ...     "people": [{"name": "a", "tools": ["alg"]}, {"name": "b", "tools": ["web"]},
    ...                {"name": "c", "tools": ["se", "ds"]}, {"name": "d", "tools": ["se"]},
    ...                {"name": "e", "tools": ["se", "ds", "web"]}]})
    >>> t = smallest_covering_team(s, tools=["alg", "se", "ds", "web"])
    >>> t.members, t.exact
    (['a', 'e'], True)
    """
    task = _resolve_task(scenario, task)
    req = _required(scenario, task, tools)
    if req is None:
        raise InputError("no required tools", hint="pass a task (--task) or the tools (--tool)")
    if pool is None:
        pool = [p.name for p in scenario.people] + (
            [c.name for c in scenario.candidates] if include_candidates else [])
    pool = list(pool)
    if not pool:
        raise InputError("the pool of people is empty", hint="add people to the scenario")
    if method not in ("auto", "milp", "greedy"):
        raise InputError(f"unknown method {method!r} for the smallest covering team",
                         entity="parameter method",
                         hint="choose auto, milp or greedy (exhaustive search is for a team of fixed size k)")
    seconds("time_limit", time_limit)
    m = _matrix(scenario, pool, task if tools is None else None, req if tools is not None else None)
    _refuse_uncovered(scenario, pool, m)
    held = m.held
    greedy = _greedy_cover(held)
    d = int(held.sum(axis=1).max())
    harmonic = sum(1 / i for i in range(1, d + 1))
    lower = max(math.ceil(len(greedy) / harmonic - 1e-9), math.ceil(len(m.tools) / d))
    greedy = _prune_cover(held, greedy)
    rows, exact, used = sorted(greedy), len(greedy) <= lower, "greedy"
    note = "greedy cover proven minimum by its lower bound" if exact else ""
    if not exact and method == "auto" and held.size > MAX_EXACT_CELLS:
        note = (f"pool x tools > {MAX_EXACT_CELLS:,} cells: greedy only "
                "(method='milp' forces the integer program)")
    if method == "milp" or (not exact and method == "auto" and held.size <= MAX_EXACT_CELLS):
        rows, used, exact, lower, note = _milp_cover(held, len(greedy), time_limit, rows, used,
                                                     exact, lower, note)
    members = [pool[i] for i in rows]
    covered_by = {t: [pool[i] for i in rows if held[i, j]] for j, t in enumerate(m.tools)}
    return CoveringTeam(task=task.name if task and tools is None else None, tools=m.tools, members=members,
                        size=len(members), exact=exact, method=used,
                        lower_bound=len(members) if exact else lower, covered_by=covered_by, note=note)


# --------------------------------------------------------------------------- 3. key-person risk
class TruckFactor(Result):
    """The truck factor: how many people must leave before the team is in trouble.

    Attributes
    ----------
    value : int
        The smallest number of members whose departure loses at least ``threshold``
        of the required tool value (with threshold None: leaves some required tool
        uncovered). 0 when a required tool is already uncovered.
    people : list of str
        One smallest such group.
    threshold : float or None
    exact : bool
    method : str
        "least-held tool", "milp" or "greedy".
    lower_bound : int
    lost_share : float
        Share of the required tool value that is uncovered after ``people`` leave
        (>= ``threshold``; with threshold None, the share the least-held tool carries).
    lost_tools : list of str
        The required tools uncovered after ``people`` leave (including ``uncovered``).
    uncovered : list of str
        Required tools nobody holds already (why the truck factor is 0).
    """

    value: int
    people: list[str]
    threshold: float | None
    exact: bool
    method: str
    lower_bound: int
    lost_share: float = 0.0
    lost_tools: list[str] = []
    uncovered: list[str] = []


class KeyPersonRisk(Result):
    """Key-person risk of a team.

    Attributes
    ----------
    team : str or None
    members : list of str
    task : str or None
    single_holders : dict of str to str
        Tool -> the only member who holds it (required tools only, with a task).
    key_people : dict of str to list of str
        Member -> the tools only they hold.
    uncovered : list of str
        Required tools nobody on the team holds.
    holders : dict of str to int
        Number of members holding each required tool.
    truck_factor : TruckFactor
    """

    team: str | None
    members: list[str]
    task: str | None
    single_holders: dict[str, str]
    key_people: dict[str, list[str]]
    uncovered: list[str]
    holders: dict[str, int]
    truck_factor: TruckFactor


def _greedy_departures(held: np.ndarray, values: np.ndarray, need: float) -> list[int]:
    """Rows whose greedy departure (most sole-held value first) loses at least ``need``."""
    gone = np.zeros(held.shape[0], dtype=bool)
    while True:
        remaining = held & ~gone[:, None]
        left = remaining.sum(axis=0)
        lost = float(values[left == 0].sum())
        if lost >= need:
            break
        sole = remaining & (left == 1)                       # tools i is the last holder of
        key = np.lexsort((-np.arange(held.shape[0]), held.sum(axis=1), sole.sum(axis=1), sole @ values))
        key = key[~gone[key]]                                # ascending; the last is the best pick
        gone[key[-1]] = True
    return np.flatnonzero(gone).tolist()


def _truck_program(held: np.ndarray, values: np.ndarray, need: float):
    """Objective, constraint matrix and bounds of the fewest departures losing ``need``."""
    from scipy.sparse import coo_matrix

    n, t = held.shape
    hi, hj = np.nonzero(held)
    # rows: u_j - d_i <= 0 for each holding (i, j); value row: sum v_j u_j >= need
    e = len(hi)
    A = coo_matrix((np.r_[-np.ones(e), np.ones(e), values],
                    (np.r_[np.arange(e), np.arange(e), np.full(t, e)],
                     np.r_[hi, n + hj, n + np.arange(t)])), shape=(e + 1, n + t)).tocsr()
    lb = np.r_[np.full(e, -np.inf), need]
    ub = np.r_[np.zeros(e), np.inf]
    c = np.r_[np.ones(n), np.zeros(t)]
    return c, A, lb, ub


def _truck_solve(held: np.ndarray, values: np.ndarray, need: float, best: list[int], method: str,
                 time_limit: float):
    """Improve or bound the greedy departures ``best``: rows, method, exact flag, lower bound."""
    n, t = held.shape
    c, A, lb, ub = _truck_program(held, values, need)
    exact, used, lower = False, "greedy", 1
    if method == "milp" or (method == "auto" and held.size <= MAX_EXACT_CELLS):
        res = _milp(c, A, lb, ub, np.ones(n + t), time_limit)
        if res.x is not None:
            rows = np.flatnonzero(res.x[:n] > 0.5).tolist()
            if len(rows) <= len(best):
                best, used = rows, "milp"
            exact = res.optimal
            lower = len(best) if exact else (math.ceil(res.bound - 1e-9) if res.bound is not None else 1)
    else:
        res = _milp(c, A, lb, ub, np.zeros(n + t), time_limit)   # LP relaxation: a lower bound
        if res.objective is not None:
            lower = max(1, math.ceil(res.objective - 1e-9))
        exact = lower >= len(best)
    return best, used, exact, lower


def truck_factor(
    scenario: Scenario,
    team: TeamArg = None,
    *,
    task: Task | str | None = None,
    threshold: float | None = None,
    method: str = "auto",
    time_limit: float = 10.0,
) -> TruckFactor:
    """Truck factor of a team for its required tools.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    team : str, sequence of str or None
        Team name, members, or everyone.
    task : Task or str, optional
        Required tools (default: every tool the team holds, at its value).
    threshold : float in (0, 1], optional
        Trouble = at least this share of the required tool value uncovered
        (Avelino et al.'s truck factor uses 0.5 of the files). None (default) =
        any required tool uncovered.
    method : {"auto", "milp", "greedy"}
        For a threshold: "auto" solves the integer program exactly when members x
        tools <= 200,000 cells, else greedy with an LP lower bound.
    time_limit : float, default 10
        Seconds for the integer program (> 0).

    Returns
    -------
    TruckFactor
        The smallest number of members whose departure leaves the team in
        trouble, and one such set of members.

    Raises
    ------
    InputError
        Empty team, threshold outside (0, 1].

    Notes
    -----
    Tool j is lost when *all* its holders leave, so with threshold None the truck
    factor is exactly ``min_j |holders(j)|`` (the holders of the least-held
    required tool), O(n t). With a threshold q it is the integer program
    min sum_i d_i s.t. u_j <= d_i for every holder i of j, sum_j v_j u_j >= q V,
    d, u binary -- a partial hitting-set problem (NP-hard): exact by HiGHS for
    small teams; for large ones greedy departures (the member whose leaving loses
    the most value, then the most sole-held tools) bounded below by the LP relaxation.

    References
    ----------
    .. [1] Avelino, G., Passos, L., Hora, A. and Valente, M. T., "A novel approach
       for estimating truck factors", ICPC 2016.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "P", "tools": ["A", "B"]}, {"name": "Q", "tools": ["A"]}]})
    >>> tf = truck_factor(s)
    >>> tf.value, tf.people
    (1, ['P'])
    """
    task = _resolve_task(scenario, task)
    _, members = _members(scenario, team)
    if not members:
        raise InputError("the team has no members", hint="choose a team with members")
    m = tool_matrix(scenario, members, task)
    if task is None:   # the tools the team holds
        keep = m.held.any(axis=0)
        m = ToolMatrix(m.people, [t for t, k in zip(m.tools, keep) if k], m.held[:, keep], m.values[keep])
    held, values = m.held, m.values
    count = held.sum(axis=0)
    if held.shape[1] == 0:
        raise InputError("the team holds no tools, so nothing can be lost", hint="give a task or add tools")
    if threshold is not None and not 0 < threshold <= 1:
        raise InputError(f"threshold {threshold} is outside (0, 1]", entity="parameter threshold",
                         hint="give the share of required tool value whose loss means trouble, e.g. 0.5")
    if method not in ("auto", "milp", "greedy"):
        raise InputError(f"unknown method {method!r}", entity="parameter method",
                         hint="choose auto, milp or greedy")
    seconds("time_limit", time_limit)
    total = float(values.sum())
    uncovered = [m.tools[j] for j in np.flatnonzero(count == 0)]

    def result(rows: list[int], **kw) -> TruckFactor:
        left = held[[i for i in range(len(members)) if i not in set(rows)]].any(axis=0)
        share = float(values[~left].sum()) / total if total > 0 else 0.0
        return TruckFactor(people=[members[i] for i in rows], threshold=threshold, lost_share=share,
                           lost_tools=[m.tools[j] for j in np.flatnonzero(~left)], uncovered=uncovered, **kw)

    if threshold is None:
        j = int(np.argmin(count))
        return result(np.flatnonzero(held[:, j]).tolist(), value=int(count[j]), exact=True,
                      method="least-held tool", lower_bound=int(count[j]))
    need = threshold * total - 1e-9
    if float(values[count == 0].sum()) >= need:
        return result([], value=0, exact=True, method="least-held tool", lower_bound=0)
    # greedy departures
    best = _greedy_departures(held, values, need)
    best, used, exact, lower = _truck_solve(held, values, need, best, method, time_limit)
    return result(best, value=len(best), exact=exact or lower >= len(best), method=used,
                  lower_bound=min(lower, len(best)))


def key_person_risk(
    scenario: Scenario, team: TeamArg = None, *, task: Task | str | None = None,
    threshold: float | None = None,
) -> KeyPersonRisk:
    """Key-person risk: tools only one member holds, uncovered required tools, truck factor.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    team : str, sequence of str or None
        Team name, members, or everyone.
    task : Task or str, optional
        Required tools (default: every tool the team holds).
    threshold : float, optional
        Passed to :func:`truck_factor`.

    Returns
    -------
    KeyPersonRisk
        Tools held by a single member, the members holding tools alone,
        required tools nobody holds, and the team's truck factor.

    Raises
    ------
    InputError, ScenarioError
        See :func:`truck_factor`.

    Notes
    -----
    Holder counts are the column sums of the members x tools matrix, O(n t).

    References
    ----------
    .. [1] Avelino, G., Passos, L., Hora, A. and Valente, M. T., "A novel approach
       for estimating truck factors", ICPC 2016.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
    ...     "people": [{"name": "P", "tools": ["A", "B"]}, {"name": "Q", "tools": ["A"]}]})
    >>> key_person_risk(s).single_holders
    {'B': 'P'}
    """
    task = _resolve_task(scenario, task)
    name, members = _members(scenario, team)
    tf = truck_factor(scenario, members, task=task, threshold=threshold)
    m = tool_matrix(scenario, members, task)
    count = m.held.sum(axis=0)
    relevant = np.ones(len(m.tools), bool) if task is not None else count > 0
    single = {m.tools[j]: members[int(np.flatnonzero(m.held[:, j])[0])]
              for j in np.flatnonzero((count == 1) & relevant)}
    key: dict[str, list[str]] = {}
    for tool, person in single.items():
        key.setdefault(person, []).append(tool)
    return KeyPersonRisk(team=name, members=members, task=task.name if task else None, single_holders=single,
                         key_people=key,
                         uncovered=[m.tools[j] for j in np.flatnonzero((count == 0) & relevant)],
                         holders={m.tools[j]: int(count[j]) for j in np.flatnonzero(relevant)},
                         truck_factor=tf)


# --------------------------------------------------------------------------- 4. learning plans
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


# --------------------------------------------------------------------------- departure what-if
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
    before = float(m.values @ m.held.any(axis=0))
    held_before = [t for t, h in zip(m.tools, m.held.any(axis=0)) if h]
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


# --------------------------------------------------------------------------- 5. overlap
class PairOverlap(Result):
    """Two people and the overlap of their tool sets.

    ``nested`` is True when one set contains the other ("no diversity, no bonus").
    """

    a: str
    b: str
    jaccard: float
    shared: list[str]
    nested: bool


class OverlapReport(Result):
    """"Beware hiring managers": overlapping and nested tool sets in a team or pool.

    Attributes
    ----------
    people : list of str
    jaccard : list of list of float
        Pairwise Jaccard similarity |A & B| / |A | B| (1 on the diagonal; 0 for two empty sets).
    mean_jaccard : float
        Mean over pairs.
    diversity : float
        1 - mean_jaccard: mean pairwise Jaccard distance of the pool.
    coverage_ratio : float
        Union ability / sum of individual abilities (1 = no tool held twice).
    similar : list of PairOverlap
        Pairs with Jaccard >= threshold, most similar first.
    nested : list of PairOverlap
        Pairs whose tool sets are nested (one contains the other).
    threshold : float
    """

    people: list[str]
    jaccard: list[list[float]]
    mean_jaccard: float
    diversity: float
    coverage_ratio: float
    similar: list[PairOverlap]
    nested: list[PairOverlap]
    threshold: float


def overlap(
    scenario: Scenario, people: TeamArg = None, *, candidates: bool = False, threshold: float = 0.7,
) -> OverlapReport:
    """Pairwise overlap of tool sets in a team or a pool: similar pairs, nested pairs, diversity.

    Managers tend to hire people like the ones they have ("beware hiring managers",
    Page 2017): this flags pairs with highly overlapping (Jaccard >= threshold) or
    nested tool sets and reports the pool's diversity.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the people, candidates, tools and tasks.
    people : str, sequence of str or None
        Team name, explicit names (people and/or candidates) or everyone.
    candidates : bool, default False
        Also include the scenario's candidates (when ``people`` is None or a team).
    threshold : float in [0, 1], default 0.7
        Pairs whose Jaccard similarity of tool sets is at least this are flagged.

    Returns
    -------
    OverlapReport
        Pairwise Jaccard similarities, the similar and nested pairs, and the
        pool's diversity (1 - mean pairwise Jaccard similarity).

    Raises
    ------
    InputError
        Fewer than two people, threshold outside [0, 1].

    Notes
    -----
    J(A, B) = |A & B| / |A | B| (Jaccard 1901); all pairs at once from the Gram
    matrix H H^T of the people x tools matrix, O(n^2 t), and one result per pair
    (refused over the ``max_work`` or ``max_memory_bytes`` limit: about 2,800 people).

    References
    ----------
    .. [1] Jaccard, P., "Distribution de la flore alpine dans le bassin des Dranses et
       dans quelques regions voisines", Bull. Soc. Vaudoise Sci. Nat. 37: 241-272, 1901.
    .. [2] Page, S. E., *The Diversity Bonus*, Princeton University Press, 2017.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": x} for x in "ABC"],
    ...     "people": [{"name": "P", "tools": ["A", "B"]}, {"name": "Q", "tools": ["A"]},
    ...                {"name": "R", "tools": ["C"]}]})
    >>> r = overlap(s)
    >>> [(p.a, p.b, p.jaccard) for p in r.nested], round(r.diversity, 3)
    ([('P', 'Q', 0.5)], 0.833)
    """
    if not 0 <= threshold <= 1:
        raise InputError(f"threshold {threshold} is outside [0, 1]", entity="parameter threshold",
                         hint="give a Jaccard similarity between 0 and 1, e.g. 0.7")
    _, names = _members(scenario, people)
    if candidates and (people is None or isinstance(people, str)):
        names += [c.name for c in scenario.candidates]
    if len(names) < 2:
        raise InputError("overlap needs at least two people", hint="choose a bigger team or add candidates")
    # one PairOverlap per pair: measured 40-50 us and 1,230 bytes each (the people x people
    # matrices are small beside them)
    pairs_n = len(names) * (len(names) - 1) // 2
    entity = f"overlap of {len(names):,} people ({pairs_n:,} pairs)"
    check_memory(1_300 * pairs_n, params="people (team or pool)", entity=entity)
    check_work(5_000 * pairs_n, params="people (team or pool)", entity=entity)
    m = tool_matrix(scenario, names)
    h = m.held.astype(np.int64)
    inter = h @ h.T
    size = h.sum(axis=1)
    union = size[:, None] + size[None, :] - inter
    jac = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
    np.fill_diagonal(jac, 1.0)
    nested_m = (inter == size[:, None]) | (inter == size[None, :])
    iu, ju = np.triu_indices(len(names), 1)
    pairs = []
    for i, j in zip(iu, ju):
        pairs.append(PairOverlap(a=names[i], b=names[j], jaccard=float(jac[i, j]),
                                 shared=[m.tools[c] for c in np.flatnonzero(m.held[i] & m.held[j])],
                                 nested=bool(nested_m[i, j] and size[i] + size[j] > 0)))
    mean = float(jac[iu, ju].mean())
    total = float(m.abilities().sum())
    return OverlapReport(
        people=names, jaccard=jac.round(6).tolist(), mean_jaccard=mean, diversity=1 - mean,
        coverage_ratio=m.union_value(np.arange(len(names))) / total if total > 0 else 1.0,
        similar=sorted((p for p in pairs if p.jaccard >= threshold), key=lambda p: -p.jaccard),
        nested=[p for p in pairs if p.nested], threshold=threshold)
