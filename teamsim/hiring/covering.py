"""The smallest team holding every required tool: set cover, exact or greedy with its bound."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from teamsim._results import Result
from teamsim.ability.matrix import ToolMatrix, _resolve_task
from teamsim.budget import seconds
from teamsim.errors import InputError
from teamsim.hiring._common import MAX_EXACT_CELLS, _matrix, _milp, _required
from teamsim.scenario import Scenario, Task


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


def _refuse_uncovered(scenario: Scenario, pool: list[str], m: ToolMatrix) -> None:
    """Refuse required tools that nobody in the pool holds, saying where they are."""
    nobody = [m.tools[j] for j in np.flatnonzero(~m.held.any(axis=0))]
    if nobody:
        tools_txt = ", ".join(repr(t) for t in nobody)
        hint = _uncovered_hint(scenario, pool, nobody)
        plural = "s" if len(nobody) > 1 else ""
        raise InputError(f"nobody in the pool holds required tool{plural} {tools_txt}",
                         entity=f"tool {nobody[0]!r}", hint=hint)


def _milp_cover(held: np.ndarray, n_greedy: int, time_limit: float, rows: list[int], used: str,
                exact: bool, lower: int, note: str) -> tuple[list[int], str, bool, int, str]:
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

    See Also
    --------
    teamsim.ability.most_able_team : The most able team of a given size.
    teamsim.teamformation.form_team : A covering team of low communication cost.

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
