"""How to split an oversized team into two-pizza teams along its services' dependencies: :func:`split_team`.

The services are partitioned with :func:`teamsim.reorg.suggest_ownership` on the
team's own dependency subgraph; members are dealt so that each new team holds
the tools its services need.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import scipy.sparse as sp

from teamsim.communication import TWO_PIZZA_LIMIT, two_pizza
from teamsim.defaults import DEFAULT_SEED
from teamsim.errors import InputError
from teamsim.ownership import ownership_report
from teamsim.reorg._common import _data, _prune_interactions
from teamsim.reorg.results import TeamSplit
from teamsim.reorg.suggest import suggest_ownership
from teamsim.reorg.whatif import compare_reports
from teamsim.scenario import Scenario, Team

__all__ = ["split_team"]


def _split_names(scenario: Scenario, team: str, size: int, parts: int | None, max_size: int,
                 balance: float) -> list[str]:
    """Names of the new teams, refusing a bad balance or number of parts, or a taken name."""
    if balance < 0 or not math.isfinite(balance):
        raise InputError(f"balance must be a finite number >= 0, got {balance}")
    k = parts if parts is not None else max(2, two_pizza(size, max_size).suggested_teams)
    if k < 2:
        raise InputError(f"a split needs at least 2 parts, got {k}", hint="give --parts 2 or more")
    if size and k > size:
        raise InputError(f"cannot split {size} people into {k} teams", entity=f"team {team!r}",
                         hint=f"give --parts {size} or fewer")
    names = [f"{team}-{i + 1}" for i in range(k)]
    taken = {x.name for x in scenario.teams}
    if any(n in taken for n in names):
        raise InputError(f"team name {next(n for n in names if n in taken)!r} already exists",
                         entity=f"team {team!r}", hint="rename the existing team")
    return names


def _split_services(scenario: Scenario, svc: list[str], loads: dict[str, float], names: list[str],
                    *, balance: float, seed: int, time_limit: float) -> tuple[dict[str, list[str]], float]:
    """Partition services ``svc`` into balanced groups, one per name: groups and the cut weight."""
    svc_set = set(svc)
    k = len(names)
    total = sum(loads[x] for x in svc)
    biggest = max((loads[x] for x in svc), default=0.0)
    sub_services = [{"name": s.name, "load": loads[s.name], "depends_on": [
        d if isinstance(d, str) else d.model_dump() for d in s.depends_on
        if (d if isinstance(d, str) else d.service) in svc_set]}
        for s in scenario.services if s.name in svc_set]
    cap = max(biggest, (1.0 + balance) * total / k)
    while True:
        sub = Scenario.model_validate({
            "services": sub_services,
            "teams": [{"name": n, "services": [], "capacity": cap} for n in names]})
        try:
            sug = suggest_ownership(sub, lam=0.0, seed=seed, slack=0.0, time_limit=time_limit)
            break
        except InputError:  # lumpy loads: no packing within the balance; loosen it
            cap *= 1.1
    groups: dict[str, list[str]] = {n: [] for n in names}
    for tt in sug.scenario.teams:
        groups[tt.name] = tt.service_names
    return groups, sug.cross_team


def _member_counts(share: np.ndarray, size: int) -> np.ndarray:
    """People per new team in proportion to ``share`` (largest remainder), at least one each."""
    if not size:
        return np.zeros(len(share), int)
    counts: np.ndarray = np.maximum(1, np.floor(share * size).astype(int))
    while counts.sum() > size:
        counts[np.argmax(counts - share * size)] -= 1
    while counts.sum() < size:
        counts[np.argmin(counts - share * size)] += 1
    return counts


def _deal_members(scenario: Scenario, people: list[str], names: list[str], counts: np.ndarray,
                  groups: dict[str, list[str]], time_limit: float) -> dict[str, list[str]]:
    """People to the new teams (``counts`` each) so that they hold their services' tools.

    A small integer program (HiGHS): binary ``x_pk`` (person p to new team k),
    ``sum_k x_pk = 1``, ``sum_p x_pk = counts_k``; for each tool ``t`` a
    service of team k needs (weight ``w``), a first holder ``a`` and a second
    ``b`` (``a + b <= sum_{p holds t} x_pk``, both in [0, 1]); maximise
    ``sum w ((1 + W) a + b)`` with W the total weight, so one holder of every
    tool comes before a second holder of any, and among equals the people
    keep the member order (they are dealt in order when no service needs a tool).

    Examples
    --------
    >>> s = Scenario.model_validate({"tools": [{"name": "Go"}, {"name": "Rust"}],
    ...     "people": [{"name": "a", "tools": ["Go"]}, {"name": "c", "tools": ["Rust"]},
    ...                {"name": "b", "tools": ["Go"]}, {"name": "d", "tools": ["Rust"]}],
    ...     "services": [{"name": "g", "tools": ["Go"]}, {"name": "r", "tools": ["Rust"]}]})
    >>> _deal_members(s, ["a", "c", "b", "d"], ["T-1", "T-2"], np.array([2, 2]),
    ...               {"T-1": ["g"], "T-2": ["r"]}, 5.0)
    {'T-1': ['a', 'b'], 'T-2': ['c', 'd']}
    """
    from scipy.optimize import LinearConstraint

    from teamsim._milp import solve_milp

    K, P = len(names), len(people)
    order = np.repeat(np.arange(K), counts)  # dealt in member order
    need = {x.name: x.tool_weights for x in scenario.services}
    pairs = [(k, tool, w) for k, n in enumerate(names) for sv in groups[n] for tool, w in need[sv].items()]
    if not pairs or not P:
        return {n: [p for p, k in zip(people, order) if k == j] for j, n in enumerate(names)}
    Q, nx = len(pairs), P * K
    pk = np.array([k for k, _, _ in pairs])
    w = np.array([wt for _, _, wt in pairs])
    holds = np.array([[tool in scenario.tool_set(p) for _, tool, _ in pairs] for p in people], float)
    rows_c = sp.csr_array(sp.kron(sp.identity(P), np.ones((1, K))))          # one team each
    rows_k = sp.csr_array(sp.kron(np.ones((1, P)), sp.identity(K)))          # counts
    # a_q + b_q - sum_p holds[p, q] x[p, k_q] <= 0
    cov = sp.csr_array((-holds.ravel(), (np.tile(np.arange(Q), P), np.repeat(np.arange(P), Q) * K
                                          + np.tile(pk, P))), shape=(Q, nx))
    A = sp.vstack([sp.hstack([rows_c, sp.csr_array((P, 2 * Q))]),
                   sp.hstack([rows_k, sp.csr_array((K, 2 * Q))]),
                   sp.hstack([cov, sp.identity(Q), sp.identity(Q)])], format="csr")
    keep = np.zeros(nx)
    keep[np.arange(P) * K + order] = 1.0
    c = np.concatenate([-w.min() / (2.0 * (P + 1)) * keep, -(1.0 + w.sum()) * w, -w])
    lo = np.concatenate([np.ones(P), counts.astype(float), np.full(Q, -np.inf)])
    hi = np.concatenate([np.ones(P), counts.astype(float), np.zeros(Q)])
    integ = np.concatenate([np.ones(nx), np.zeros(2 * Q)])
    r = solve_milp(c, [LinearConstraint(A, lo, hi)], integrality=integ, lb=np.zeros(nx + 2 * Q),
                   ub=np.ones(nx + 2 * Q), time_limit=time_limit)
    team = order if r.x is None else r.x[:nx].reshape(P, K).argmax(axis=1)
    return {n: [p for p, k in zip(people, team) if k == j] for j, n in enumerate(names)}


def _missing_tools(scenario: Scenario, members: dict[str, list[str]],
                   groups: dict[str, list[str]]) -> list[str]:
    """A note for each new team whose members hold none of a tool its services need."""
    need = {x.name: x.tool_weights for x in scenario.services}
    notes = []
    for n, people in members.items():
        held = set().union(*(scenario.tool_set(p) for p in people))
        miss = sorted({tool for sv in groups[n] for tool in need[sv]} - held)
        if miss:
            notes.append(f"no one in {n} holds {', '.join(miss)}, needed by its services: "
                         "hire or train, or give fewer --parts")
    return notes


def _split_scenario(scenario: Scenario, t: Team, names: list[str], members: dict[str, list[str]],
                    groups: dict[str, list[str]]) -> Scenario:
    """The scenario with team ``t`` replaced by the non-empty new teams, interactions carried over."""
    team = t.name
    data = _data(scenario)
    new_teams: list[dict[str, Any]] = []
    kept_names = [n for n in names if members[n] or groups[n]]
    for td in data["teams"]:
        if td["name"] != team:
            acts: list[dict[str, Any]] = []
            for x in td.get("interactions", []):
                if x["team"] == team:
                    acts.extend({**x, "team": n} for n in kept_names)
                else:
                    acts.append(x)
            if acts:
                td["interactions"] = acts
            new_teams.append(td)
            continue
        for n in names:
            if members[n] or groups[n]:
                nt: dict[str, Any] = {"name": n, "members": members[n], "services": groups[n]}
                if t.type:
                    nt["type"] = t.type
                if td.get("interactions"):
                    nt["interactions"] = [dict(x) for x in td["interactions"]]
                new_teams.append(nt)
    data["teams"] = new_teams
    _prune_interactions(data)
    return Scenario.model_validate(data)


def split_team(scenario: Scenario, team: str, *, parts: int | None = None,
               max_size: int = TWO_PIZZA_LIMIT, seed: int = DEFAULT_SEED, balance: float = 0.2,
               time_limit: float = 10.0) -> TeamSplit:
    """Split a team into two-pizza teams along its services' dependency structure.

    The team's services are partitioned into ``parts`` groups of balanced load
    that cut as little dependency weight as possible: :func:`suggest_ownership`
    (exact MILP up to 25 services, local search above) on the team's own
    dependency subgraph, with ``parts`` empty teams of equal capacity
    ``max(largest service load, (1 + balance) x load / parts)``; every group
    therefore gets services whenever the loads allow it. Each new team then
    gets members in proportion to its group's load (largest remainder, at
    least one each), chosen so that they hold the tools its services need
    (``services[].tools``): one holder of every needed tool first, then a
    second (:func:`_deal_members`); a note names the tools a new team still
    lacks. Declared interactions are
    carried over: each new team keeps the old team's interactions, and teams that
    declared one with the old team now declare it with every new team.

    Parameters
    ----------
    scenario : Scenario
        The organisation: services, dependencies, teams and members (left unchanged).
    team : str
        The team to split.
    parts : int, optional
        Number of new teams; default the fewest two-pizza teams that hold
        everyone (``ceil(size / max_size)``, at least 2).
    max_size : int, default 9
        Largest new team (the two-pizza limit), used for the default ``parts``.
    seed : int, default 0
        Seed of the local search (same seed, same answer).
    balance : float, default 0.2
        Allowed load imbalance: no group carries more than ``(1 + balance)``
        times an equal share (or its largest service).
    time_limit : float, default 10
        Seconds for the exact solver.

    Returns
    -------
    TeamSplit
        New teams ``<team>-1`` ... with members and services, the dependency
        weight cut between them, a note (e.g. that the team was already within
        the two-pizza limit), and every metric before and after.

    Raises
    ------
    InputError
        Unknown team, ``parts`` < 2, more parts than members, or a negative ``balance``.

    See Also
    --------
    teamsim.reorg.suggest_ownership : The partition it runs on the team's services.
    teamsim.communication.two_pizza : Whether a team is too large.

    Notes
    -----
    Minimum-cut partitioning under a balance constraint (the problem
    Kernighan & Lin 1970 address with their bisection heuristic) is NP-hard;
    the exact solver reports the optimality gap.

    Examples
    --------
    >>> people = [{"name": f"p{i}"} for i in range(12)]
    >>> s = Scenario.model_validate({"people": people, "services": [
    ...     {"name": "a", "depends_on": ["b"]}, {"name": "b"},
    ...     {"name": "c", "depends_on": ["d"]}, {"name": "d"}],
    ...     "teams": [{"name": "T", "members": [p["name"] for p in people],
    ...                "services": ["a", "b", "c", "d"]}]})
    >>> r = split_team(s, "T")
    >>> r.cut, sorted(sorted(t["services"]) for t in r.teams.values())
    (0.0, [['a', 'b'], ['c', 'd']])
    """
    t = scenario.team(team)
    size = len(t.members)
    names = _split_names(scenario, team, size, parts, max_size, balance)
    k = len(names)
    notes = []
    if size <= max_size:
        notes.append(f"{team} has {size} people, already within the two-pizza limit of {max_size}: "
                     "the split is not needed for size")
    svc = t.service_names
    loads = {s.name: (1.0 if s.load is None else s.load) for s in scenario.services}
    groups: dict[str, list[str]] = {n: [] for n in names}
    cut = 0.0
    if svc:
        groups, cut = _split_services(scenario, svc, loads, names, balance=balance, seed=seed,
                                      time_limit=time_limit)
        if len(svc) < k:
            notes.append(f"{team} owns {len(svc)} service{'s' * (len(svc) != 1)} for {k} teams: "
                         "some new teams own none")
    gl = np.asarray([sum(loads[x] for x in groups[n]) for n in names])
    share = gl / gl.sum() if gl.sum() > 0 else np.full(k, 1.0 / k)
    counts = _member_counts(share, size)
    if size and counts.max() > max_size:
        notes.append(f"a new team has {counts.max()} people, over the two-pizza limit of {max_size}: "
                     "give more --parts")
    members = _deal_members(scenario, list(t.members), names, counts, groups, time_limit)
    notes += _missing_tools(scenario, members, groups)
    after = _split_scenario(scenario, t, names, members, groups)
    changes = compare_reports(ownership_report(scenario, two_pizza_limit=max_size),
                              ownership_report(after, two_pizza_limit=max_size))
    return TeamSplit(team=team, parts=k,
                     teams={n: {"members": members[n], "services": groups[n]} for n in names},
                     cut=cut, notes=notes, changes=changes, scenario=after)
