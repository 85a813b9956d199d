"""Reorganisation what-ifs: move a service or a person, suggest an ownership, split a team.

Three questions architects ask before a reorganisation (the "inverse Conway
manoeuvre": shape teams so that the architecture you want is the one their
communication produces):

(a) **What changes if** a service or a person moves to another team?
    :func:`move_service` / :func:`move_person` return the new scenario and
    :func:`what_if` the before/after value of every ownership metric
    (:mod:`teamsim.ownership`).
(b) **Which ownership minimises cross-team dependencies?**
    :func:`suggest_ownership` assigns each service to one team, minimising

    .. math:: f(x) = \\sum_{(u,v)} w_{uv} [t(u) \\ne t(v)]
                   + \\lambda \\sum_s \\big(1 - O^0_{s,t(s)}\\big)

    (weighted cross-team dependencies plus lambda per service moved away from
    its current owners; unowned services move for free) subject to each
    team's capacity (total service load) and pinned services. Small instances
    are solved exactly as a mixed-integer program with HiGHS
    (:func:`scipy.optimize.milp`), reporting the optimality gap; large ones by
    a vectorised local search (best single moves plus pairwise swaps, with
    seeded perturbation restarts).
(c) **How to split an oversized team** into two-pizza teams along its
    services' dependency structure: :func:`split_team`.

Capacities: a team's ``capacity`` field; otherwise ``max_load_per_person x
size`` when that option is given; otherwise ``(1 + slack) x`` (its current load
plus an equal part of the unowned services' load), so the suggestion cannot pile
everything onto one team and orphans have room. A service without a
``load`` counts 1.

Examples
--------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({
...     "people": [{"name": "a"}, {"name": "b"}],
...     "teams": [{"name": "A", "members": ["a"], "services": ["x", "y"], "capacity": 3},
...               {"name": "B", "members": ["b"], "services": ["z"], "capacity": 3}],
...     "services": [{"name": "x", "depends_on": ["z"]}, {"name": "y"},
...                  {"name": "z", "depends_on": ["x"]}]})
>>> r = suggest_ownership(s, lam=0.5)
>>> r.objective, r.optimal, [(m.service, m.to_team) for m in r.moves]
(0.5, True, [('z', 'A')])
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp
from pydantic import computed_field

from teamsim._milp import solve_milp
from teamsim._results import Result
from teamsim.budget import check_memory, seconds, whole
from teamsim.communication import TWO_PIZZA_LIMIT, two_pizza
from teamsim.errors import InputError
from teamsim.ownership import OwnershipMatrices, OwnershipReport, ownership_matrices, ownership_report
from teamsim.scenario import Scenario
from teamsim.seeds import DEFAULT_SEED

__all__ = [
    "MetricChange",
    "Move",
    "OwnershipSuggestion",
    "TeamSplit",
    "WhatIf",
    "compare_reports",
    "move_person",
    "move_service",
    "plan_teams",
    "split_team",
    "suggest_ownership",
    "team_capacities",
    "what_if",
]


class MetricChange(Result):
    """One metric before and after a change; ``scope`` is "organisation" or a team name."""

    scope: str
    metric: str
    before: float | None
    after: float | None
    change: float | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def name(self) -> str:
        """``metric`` for the organisation, ``"team: metric"`` for a team."""
        return self.metric if self.scope == "organisation" else f"{self.scope}: {self.metric}"


class WhatIf(Result):
    """A what-if: what was changed, every metric before and after, and the new scenario."""

    description: str
    changes: list[MetricChange]
    before: OwnershipReport
    after: OwnershipReport
    scenario: Scenario

    @property
    def changed(self) -> list[MetricChange]:
        """Only the metrics whose value changed."""
        return [c for c in self.changes if c.before != c.after]


class Move(Result):
    """A service moved to ``to_team`` from its previous owner(s) (empty when it had none)."""

    service: str
    from_teams: list[str]
    to_team: str


class OwnershipSuggestion(Result):
    """A suggested ownership (one team per service) and its objective.

    Attributes
    ----------
    method : {"exact", "local-search"}
    objective : float
        ``cross_team + lam x moved`` of the suggestion.
    cross_team : float
        Weighted cross-team dependencies of the suggestion.
    moved : float
        Ownership moved (a wholly owned service that moves counts 1).
    current_objective : float or None
        The objective of the current ownership (each service with its largest
        owner), None when that breaks a capacity or leaves services unowned;
        ``current_note`` says which.
    lower_bound : float or None
        Proven lower bound on the optimum (exact method only).
    gap : float or None
        ``(objective - lower_bound) / max(objective, 1e-9)``; 0 when proven optimal.
    optimal : bool
    lam : float
    capacity : dict of str to float
        The capacity used for each team.
    load : dict of str to float
        Each team's load in the suggestion.
    moves : list of Move
    changes : list of MetricChange
        Every ownership metric before and after.
    scenario : Scenario
        The scenario with the suggested ownership.
    """

    method: str
    objective: float
    cross_team: float
    moved: float
    current_objective: float | None
    current_note: str | None = None
    lower_bound: float | None
    gap: float | None
    optimal: bool
    lam: float
    capacity: dict[str, float]
    load: dict[str, float]
    moves: list[Move]
    changes: list[MetricChange]
    scenario: Scenario


class TeamSplit(Result):
    """An oversized team split into two-pizza teams along its services' dependencies.

    ``teams`` maps each new team to ``{"members": [...], "services": [...]}``;
    ``cut`` is the dependency weight between the new teams' services; ``notes``
    say e.g. that the team was already within the two-pizza limit.
    """

    team: str
    parts: int
    teams: dict[str, dict[str, list[str]]]
    cut: float
    notes: list[str] = []
    changes: list[MetricChange]
    scenario: Scenario


# ---------------------------------------------------------------------- moves and diffs
_ORG_METRICS = ("services", "teams_count", "people", "dependencies", "cross_team_count",
                "cross_team_dependencies", "cross_team_edges", "cross_team_ratio", "modularity")
_TEAM_METRICS = ("size", "communication_paths", "two_pizza", "services_owned", "load",
                 "load_per_person", "internal_dependencies", "cross_team_dependencies", "cohesion",
                 "efferent_coupling", "afferent_coupling")


def compare_reports(before: OwnershipReport, after: OwnershipReport) -> list[MetricChange]:
    """Every organisation and team metric before and after, with the change.

    Teams that exist on one side only have None on the other.

    Parameters
    ----------
    before, after : OwnershipReport
        :func:`teamsim.ownership.ownership_report` of the two organisations.

    Returns
    -------
    list of MetricChange
        Organisation metrics, then each team's, each with its value before and
        after and the change (None where a side lacks the metric).

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> from teamsim.ownership import ownership_report
    >>> s = Scenario.model_validate({"services": [{"name": "x"}],
    ...                              "teams": [{"name": "A", "services": ["x"]}]})
    >>> [c for c in compare_reports(ownership_report(s), ownership_report(s)) if c.change]
    []
    """
    def num(v):
        return None if v is None else float(v)

    out = []
    for m in _ORG_METRICS:
        b, a = num(getattr(before, m)), num(getattr(after, m))
        out.append(MetricChange(scope="organisation", metric=m, before=b, after=a,
                                change=None if a is None or b is None else a - b))
    for m, fn in (("orphaned", lambda r: len(r.orphaned)), ("shared", lambda r: len(r.shared)),
                  ("congruence", lambda r: r.congruence.congruence if r.congruence else None)):
        b, a = num(fn(before)), num(fn(after))
        out.append(MetricChange(scope="organisation", metric=m, before=b, after=a,
                                change=None if a is None or b is None else a - b))
    tb = {t.name: t for t in before.teams}
    ta = {t.name: t for t in after.teams}
    for name in [*tb, *(n for n in ta if n not in tb)]:
        for m in _TEAM_METRICS:
            b = num(getattr(tb[name], m)) if name in tb else None
            a = num(getattr(ta[name], m)) if name in ta else None
            out.append(MetricChange(scope=name, metric=m, before=b, after=a,
                                    change=None if a is None or b is None else a - b))
    return out


def _data(scenario: Scenario) -> dict:
    return scenario.model_dump(mode="json", exclude_defaults=True)


def _keep(t: dict) -> bool:
    """A team survives a change if it still has members, services or a capacity."""
    return bool(t.get("members") or t.get("services") or t.get("capacity") is not None)


def _prune_interactions(data: dict) -> None:
    kept = {t["name"] for t in data["teams"]}
    for t in data["teams"]:
        t["interactions"] = [x for x in t.get("interactions", []) if x["team"] in kept]


def _entry_name(x) -> str:
    return x if isinstance(x, str) else x["name"]


def move_service(scenario: Scenario, service: str, to_team: str, *,
                 from_team: str | None = None) -> Scenario:
    """A copy of the scenario where ``to_team`` owns ``service``.

    Parameters
    ----------
    scenario : Scenario
        The organisation: services, dependencies, teams and members (left unchanged).
    service, to_team : str
        The service, and the team that takes it over.
    from_team : str, optional
        Move only this owner's share (shared ownership); by default every
        current owner gives the service up.

    Returns
    -------
    Scenario
        A new, validated scenario with the move.

    Raises
    ------
    InputError
        Unknown service or team, or ``from_team`` does not own the service.

    Examples
    --------
    >>> s = Scenario.model_validate({"people": [{"name": "p"}], "services": [{"name": "x"}],
    ...     "teams": [{"name": "A", "members": ["p"], "services": ["x"]},
    ...               {"name": "B", "services": ["x"]}]})
    >>> [t.service_names for t in move_service(s, "x", "B").teams]
    [[], ['x']]
    """
    names = {s.name for s in scenario.services}
    if service not in names:
        raise InputError(f"unknown service {service!r}", entity=f"service {service!r}",
                         hint=f"choose one of: {', '.join(sorted(names))}")
    scenario.team(to_team)
    if from_team is not None and service not in scenario.team(from_team).service_names:
        raise InputError(f"team {from_team!r} does not own {service!r}", entity=f"team {from_team!r}",
                         hint="leave out --from to move the service from all its owners")
    data = _data(scenario)
    moved_w = 0.0
    for t in data["teams"]:
        if t["name"] == to_team:
            continue
        if from_team is None or t["name"] == from_team:
            keep = []
            for x in t.get("services", []):
                if _entry_name(x) == service:
                    moved_w += 1.0 if isinstance(x, str) else x.get("weight", 1.0)
                else:
                    keep.append(x)
            t["services"] = keep
    for t in data["teams"]:
        if t["name"] == to_team:
            svcs = t.setdefault("services", [])
            cur = next((i for i, x in enumerate(svcs) if _entry_name(x) == service), None)
            if cur is None:
                svcs.append(service if from_team is None or moved_w == 1.0 else
                            {"name": service, "weight": moved_w})
            elif from_team is None:
                svcs[cur] = service
            else:
                x = svcs[cur]
                w = (1.0 if isinstance(x, str) else x.get("weight", 1.0)) + moved_w
                svcs[cur] = {"name": service, "weight": w}
    for sd in data.get("services", []):
        if sd["name"] == service:
            sd.pop("unresolved_owner", None)
    data["teams"] = [t for t in data["teams"] if _keep(t) or t["name"] == to_team]
    _prune_interactions(data)
    return Scenario.model_validate(data)


def move_person(scenario: Scenario, person: str, to_team: str, *,
                from_team: str | None = None) -> Scenario:
    """A copy of the scenario where ``person`` is a member of ``to_team``.

    By default the person leaves every other team; with ``from_team`` only that one.

    Parameters
    ----------
    scenario : Scenario
        The organisation: services, dependencies, teams and members (left unchanged).
    person : str
        A person of the scenario.
    to_team : str
        The team they join.
    from_team : str, optional
        Leave only this team (default: every other team).

    Returns
    -------
    Scenario
        A new, validated scenario with the move.

    Raises
    ------
    InputError
        Unknown person or team.

    Examples
    --------
    >>> s = Scenario.model_validate({"people": [{"name": "p"}, {"name": "q"}], "teams": [
    ...     {"name": "A", "members": ["p", "q"]}, {"name": "B", "members": ["q"]}]})
    >>> [t.members for t in move_person(s, "p", "B").teams]
    [['q'], ['q', 'p']]
    """
    if person not in {p.name for p in scenario.people}:
        raise InputError(f"unknown person {person!r}", entity=f"person {person!r}",
                         hint="choose one of the people listed in the scenario")
    scenario.team(to_team)
    if from_team is not None and person not in scenario.team(from_team).members:
        raise InputError(f"{person!r} is not a member of team {from_team!r}",
                         entity=f"team {from_team!r}")
    data = _data(scenario)
    for t in data["teams"]:
        if t["name"] != to_team and (from_team is None or t["name"] == from_team):
            t["members"] = [m for m in t.get("members", []) if m != person]
        if t["name"] == to_team and person not in t.get("members", []):
            t.setdefault("members", []).append(person)
    dropped = [t["name"] for t in data["teams"] if not _keep(t)]
    data["teams"] = [t for t in data["teams"] if t["name"] not in dropped]
    _prune_interactions(data)
    return Scenario.model_validate(data)


def what_if(scenario: Scenario, *, service: str | None = None, person: str | None = None,
            to_team: str, from_team: str | None = None,
            two_pizza_limit: int = TWO_PIZZA_LIMIT) -> WhatIf:
    """Move a service or a person and report every ownership metric before and after.

    Parameters
    ----------
    scenario : Scenario
        The organisation: services, dependencies, teams and members (left unchanged).
    service, person : str
        Exactly one of them.
    to_team : str
        The team that takes the service or the person.
    from_team : str, optional
        See :func:`move_service` and :func:`move_person`.
    two_pizza_limit : int, default 9
        Largest team that still counts as a two-pizza team.

    Returns
    -------
    WhatIf
        The moved scenario and every ownership metric before and after.

    Raises
    ------
    InputError
        Neither or both of ``service`` and ``person``; unknown names.

    Examples
    --------
    >>> s = Scenario.model_validate({"people": [{"name": "p"}, {"name": "q"}],
    ...     "services": [{"name": "x", "depends_on": ["y"]}, {"name": "y"}],
    ...     "teams": [{"name": "A", "members": ["p"], "services": ["x"]},
    ...               {"name": "B", "members": ["q"], "services": ["y"]}]})
    >>> w = what_if(s, service="x", to_team="B")
    >>> [(c.metric, c.before, c.after) for c in w.changed if c.scope == "organisation"][:2]
    [('cross_team_count', 1.0, 0.0), ('cross_team_dependencies', 1.0, 0.0)]
    """
    if (service is None) == (person is None):
        raise InputError("give exactly one of a service or a person to move",
                         hint="give service=NAME or person=NAME "
                              "(CLI: --move-service NAME or --move-person NAME)")
    if service is not None:
        owners = [t.name for t in scenario.teams if service in t.service_names]
        after = move_service(scenario, service, to_team, from_team=from_team)
        if owners == [to_team]:
            desc = f"{service} is already owned by {to_team}: nothing changes"
        else:
            gives = [from_team] if from_team else [o for o in owners if o != to_team]
            desc = (f"move service {service} to team {to_team}"
                    + (f" (from {', '.join(gives)})" if gives else " (it had no owner team)"))
    else:
        teams_of = [t.name for t in scenario.teams if person in t.members]
        after = move_person(scenario, person, to_team, from_team=from_team)
        leaves = [from_team] if from_team else [t for t in teams_of if t != to_team]
        if not leaves and to_team in teams_of:
            desc = f"{person} is already a member of {to_team}: nothing changes"
        else:
            desc = (f"move {person} to team {to_team}"
                    + (f", leaving {' and '.join(leaves)}" if leaves else ""))
    rb = ownership_report(scenario, two_pizza_limit=two_pizza_limit)
    ra = ownership_report(after, two_pizza_limit=two_pizza_limit)
    return WhatIf(description=desc, changes=compare_reports(rb, ra), before=rb, after=ra,
                  scenario=after)


# ---------------------------------------------------------------------- suggestion
def plan_teams(scenario: Scenario, n: int, *, slack: float = 0.25, prefix: str = "team-") -> Scenario:
    """Add ``n`` planned (empty) teams with equal capacity, for inputs without teams.

    Each planned team gets capacity ``ceil((1 + slack) x total load / n)`` so
    that :func:`suggest_ownership` partitions the services into ``n`` balanced
    teams along the dependency graph (e.g. for a bare dependency CSV).

    Parameters
    ----------
    scenario : Scenario
        The organisation: services, dependencies, teams and members (left unchanged).
    n : int
        Number of planned teams (>= 1).
    slack : float, default 0.25
        Spare capacity above an equal share of the load.
    prefix : str, default "team-"
        The teams are named ``<prefix>1`` ... ``<prefix>n``.

    Returns
    -------
    Scenario
        A new scenario with the planned teams (no members, no services).

    Raises
    ------
    InputError
        ``n`` < 1 or a name clash with an existing team.

    See Also
    --------
    suggest_ownership : Give the planned teams services.

    Examples
    --------
    >>> s = Scenario.model_validate({"services": [{"name": "x"}, {"name": "y"}, {"name": "z"}]})
    >>> [(t.name, t.capacity) for t in plan_teams(s, 2, slack=0).teams]
    [('team-1', 2.0), ('team-2', 2.0)]
    """
    if n < 1:
        raise InputError(f"--teams must be at least 1, got {n}")
    if slack < 0:
        raise InputError(f"slack must be >= 0, got {slack}")
    _check_memory(len(scenario.services), len(scenario.teams) + n, 0, exact=False,
                  entity=f"{n:,} planned teams")
    total = sum(1.0 if s.load is None else s.load for s in scenario.services)
    cap = float(math.ceil((1.0 + slack) * total / n - 1e-9))
    data = _data(scenario)
    have = {t["name"] for t in data.get("teams", [])}
    new = [f"{prefix}{i + 1}" for i in range(n)]
    clash = [x for x in new if x in have]
    if clash:
        raise InputError(f"planned team name {clash[0]!r} already exists",
                         hint="rename the existing team")
    data["teams"] = [*data.get("teams", []), *({"name": x, "capacity": cap} for x in new)]
    return Scenario.model_validate(data)


def _check_memory(S: int, T: int, E: int, *, exact: bool, entity: str) -> None:
    """Refuse a reorganisation of S services, T teams and E dependencies that would not fit.

    The estimate (bytes) counts the dense team x team matrices of the ownership reports
    before and after (24 T^2), the dense service x team arrays of the local search
    (32 S T) and, for the exact method, the integer program's (S + E) T variables
    (5,000 bytes each: HiGHS's model, presolve and search tree, measured 4,000-4,600 on
    random graphs with 100-200 services and teams).
    """
    need = 24 * T * T + 32 * S * T + (5_000 * (S + E) * T if exact else 0)
    check_memory(need, params="teams and services" + (" (exact method)" if exact else ""), entity=entity)


def _effective_ownership(scenario: Scenario, m: OwnershipMatrices) -> tuple[np.ndarray, np.ndarray]:
    """Dense ownership shares where an orphan owned by a person belongs to that person's team(s)."""
    O0 = m.O.toarray()
    owned = m.owned.copy()
    member_of: dict[str, list[int]] = {}
    for j, t in enumerate(scenario.teams):
        for p in t.members:
            member_of.setdefault(p, []).append(j)
    for i, svc in enumerate(scenario.services):
        ref = svc.unresolved_owner or ""
        if not owned[i] and ref.lower().startswith("user:") and member_of.get(ref[5:]):
            js = member_of[ref[5:]]
            O0[i, js] = 1.0 / len(js)
            owned[i] = True
    return O0, owned


def team_capacities(scenario: Scenario, *, max_load_per_person: float | None = None,
                    slack: float = 0.25, m: OwnershipMatrices | None = None) -> np.ndarray:
    """Each team's capacity (largest total service load) for :func:`suggest_ownership`.

    The team's ``capacity`` if set, else ``max_load_per_person x size`` if given,
    else ``(1 + slack) x (current load + unowned load / number of teams)``, where
    a service owned by a person counts in that person's team(s).

    Parameters
    ----------
    scenario : Scenario
        The organisation: services, dependencies, teams and members (left unchanged).
    max_load_per_person : float, optional
        Capacity per member for teams without a ``capacity``.
    slack : float, default 0.25
        Spare capacity above the current load.
    m : OwnershipMatrices, optional
        Precomputed :func:`teamsim.ownership.ownership_matrices` of the scenario.

    Returns
    -------
    numpy.ndarray of float, shape (T,)
        Capacity of each team, in scenario order, in units of service load.

    Examples
    --------
    >>> s = Scenario.model_validate({"services": [{"name": "x"}, {"name": "y", "load": 3}],
    ...     "teams": [{"name": "A", "services": ["x", "y"]}, {"name": "B", "services": ["x"],
    ...     "capacity": 1}]})
    >>> team_capacities(s, slack=0.5).tolist()
    [5.25, 1.0]
    """
    if slack < 0:
        raise InputError(f"slack must be >= 0, got {slack}")
    if max_load_per_person is not None and max_load_per_person < 0:
        raise InputError(f"max load per person must be >= 0, got {max_load_per_person}")
    m = m or ownership_matrices(scenario)
    O0, owned = _effective_ownership(scenario, m)
    cur = O0.T @ m.load if len(m.services) else np.zeros(len(m.teams))
    unowned = float(m.load[~owned].sum()) if len(m.services) else 0.0
    cap = (1.0 + slack) * (cur + unowned / max(len(m.teams), 1))
    if max_load_per_person is not None:
        cap = max_load_per_person * m.sizes.astype(float)
    for j, t in enumerate(scenario.teams):
        if t.capacity is not None:
            cap[j] = t.capacity
    return cap


def _undirected(m: OwnershipMatrices) -> sp.csr_array:
    A = (m.D + m.D.T).tocsr()
    A.setdiag(0)
    A.eliminate_zeros()
    return sp.csr_array(A)


def _objective(assign: np.ndarray, A: sp.csr_array, O0: np.ndarray, owned: np.ndarray,
               lam: float) -> tuple[float, float, float]:
    coo = sp.triu(A, k=1).tocoo()
    cross = float(coo.data[assign[coo.row] != assign[coo.col]].sum())
    idx = np.arange(len(assign))
    moved = float((1.0 - O0[idx, assign])[owned].sum())
    return cross + lam * moved, cross, moved


def _exact(A, O0, owned, load, cap, pinned_to, lam, time_limit):
    from scipy.optimize import LinearConstraint

    S, T = O0.shape
    coo = sp.triu(A, k=1).tocoo()
    E = len(coo.data)
    nx, nd = S * T, E * T
    n = nx + nd
    # x_st binary; d_et >= |x_ut - x_vt|, so that (1/2) sum_t d_et is 1 exactly when u and v
    # are in different teams (an L1 formulation: its LP relaxation is tighter than one
    # variable per edge with z_e >= x_ut - x_vt)
    e_idx = np.repeat(np.arange(E), T)
    t_idx = np.tile(np.arange(T), E)
    c = np.concatenate([-lam * (O0 * owned[:, None]).ravel(), coo.data[e_idx] / 2.0])
    rows = np.repeat(np.arange(S), T)
    A1 = sp.csr_array((np.ones(nx), (rows, np.arange(nx))), shape=(S, n))  # sum_t x_st = 1
    A2 = sp.csr_array((np.repeat(load, T), (np.tile(np.arange(T), S), np.arange(nx))),
                      shape=(T, n))  # sum_s load_s x_st <= cap_t
    er = np.arange(nd)
    xu = coo.row[e_idx] * T + t_idx
    xv = coo.col[e_idx] * T + t_idx
    ones = np.ones(nd)
    A3 = sp.csr_array((np.concatenate([ones, -ones, ones]),
                       (np.concatenate([er, er, er]), np.concatenate([nx + er, xu, xv]))),
                      shape=(nd, n))  # d_et - x_ut + x_vt >= 0
    A4 = sp.csr_array((np.concatenate([ones, ones, -ones]),
                       (np.concatenate([er, er, er]), np.concatenate([nx + er, xu, xv]))),
                      shape=(nd, n))  # d_et + x_ut - x_vt >= 0
    lb = np.zeros(n)
    ub = np.ones(n)
    for s, t in pinned_to.items():
        lb[s * T + t] = 1.0
    cons = [LinearConstraint(A1, 1, 1), LinearConstraint(A2, -np.inf, cap),
            LinearConstraint(A3, 0, np.inf), LinearConstraint(A4, 0, np.inf)]
    integrality = np.concatenate([np.ones(nx), np.zeros(nd)])
    res = solve_milp(c, cons, integrality=integrality, lb=lb, ub=ub, time_limit=time_limit)
    lower = None if res.bound is None else res.bound + lam * float(owned.sum())
    if res.x is None:
        if res.status == 1:  # time limit without an incumbent of its own
            return None, lower, False
        raise InputError(f"no ownership satisfies the capacities and pinned services ({res.message})",
                         hint="raise team capacities (--slack, --max-load-per-person) or pin fewer "
                              "services")
    assign = res.x[:nx].reshape(S, T).argmax(axis=1)
    return assign, lower, res.optimal


def _drop_free_moves(assign, cur, A, O0, owned, load, cap, lam, pinned_to):
    """Send moved services back to their current owner while that costs nothing.

    Ties favour fewer moves: with ``lam = 0`` (or on a plateau) the solvers may
    return moves that gain nothing. A moved service goes back when the
    objective does not rise and its owner has room, until no such service is
    left; the whole current ownership is kept when it is as good.
    """
    if _objective(cur, A, O0, owned, lam)[0] <= _objective(assign, A, O0, owned, lam)[0] + 1e-9:
        return cur.copy()
    assign = assign.copy()
    T = O0.shape[1]
    used = np.bincount(assign, weights=load, minlength=T)
    indptr, indices, wts = A.indptr, A.indices, A.data
    changed = True
    while changed:
        changed = False
        for s in np.nonzero((assign != cur) & owned)[0]:
            if s in pinned_to:
                continue
            a, c = assign[s], cur[s]
            if used[c] + load[s] > cap[c] + 1e-9:
                continue
            nb, w = indices[indptr[s]:indptr[s + 1]], wts[indptr[s]:indptr[s + 1]]
            delta = (float(w[assign[nb] != c].sum()) - float(w[assign[nb] != a].sum())
                     - lam * (O0[s, c] - O0[s, a]))
            if delta <= 1e-9:
                assign[s] = c
                used[a] -= load[s]
                used[c] += load[s]
                changed = True
    return assign


def _initial(A, O0, owned, load, cap, pinned_to, lam):
    S, T = O0.shape
    assign = np.where(owned, O0.argmax(axis=1), -1)
    for s, t in pinned_to.items():
        assign[s] = t
    used = np.bincount(assign[assign >= 0], weights=load[assign >= 0], minlength=T)
    # over-capacity teams shed their least-attached unpinned services
    for t in np.nonzero(used > cap + 1e-9)[0]:
        members = [s for s in np.nonzero(assign == t)[0] if s not in pinned_to]
        members.sort(key=lambda s: A[[s]].toarray().ravel()[assign == t].sum())
        for s in members:
            if used[t] <= cap[t] + 1e-9:
                break
            assign[s] = -1
            used[t] -= load[s]
    order = np.nonzero(assign < 0)[0]
    for s in sorted(order, key=lambda s: -load[s]):
        row = A[[s]].toarray().ravel()
        score = np.bincount(assign[assign >= 0], weights=row[assign >= 0], minlength=T) + lam * O0[s]
        free = cap - used
        ok = free >= load[s] - 1e-9
        if not ok.any():
            raise InputError("the teams' capacities cannot hold every service",
                             hint="raise capacities (--slack, --max-load-per-person, team capacity)")
        score = np.where(ok, score, -np.inf)
        best = np.flatnonzero(score == score.max())
        t = best[np.argmax(free[best])]
        assign[s] = t
        used[t] += load[s]
    return assign


class _Search:
    """Local-search state: an assignment with its neighbour weights per team and team loads."""

    def __init__(self, A, O0, owned, load, cap, pinned, assign, lam, rng):
        """Set up the state for ``assign`` (kept and changed in place)."""
        self.S, self.T = O0.shape
        self.A, self.O0, self.owned, self.load, self.cap = A, O0, owned, load, cap
        self.lam, self.rng, self.assign = lam, rng, assign
        self.indptr, self.indices, self.wts = A.indptr, A.indices, A.data
        self.N, self.used = self._tallies()  # N[s, t] = weight from s to services in t
        self.bonus = lam * (O0 * owned[:, None])
        self.movable = ~pinned

    def _tallies(self):
        """Neighbour weights per team and team loads of the current assignment."""
        X = sp.csr_array((np.ones(self.S), (np.arange(self.S), self.assign)), shape=(self.S, self.T))
        return (np.asarray((self.A @ X).toarray()),
                np.bincount(self.assign, weights=self.load, minlength=self.T))

    def refresh(self) -> None:
        """Recompute the neighbour weights per team and the team loads in place."""
        self.N[:], self.used[:] = self._tallies()

    def nbrs(self, s):
        """The neighbours of service ``s`` and the weights of those edges."""
        lo, hi = self.indptr[s], self.indptr[s + 1]
        return self.indices[lo:hi], self.wts[lo:hi]

    def gains(self, rows):
        """Gain of moving each of ``rows`` to each team (-inf where full or already there)."""
        N, bonus, assign = self.N, self.bonus, self.assign
        cur = assign[rows]
        g = (N[rows] + bonus[rows]) - (N[rows, cur] + bonus[rows, cur])[:, None]
        feas = self.used[None, :] + self.load[rows, None] <= self.cap[None, :] + 1e-9
        g = np.where(feas, g, -np.inf)
        g[np.arange(len(rows)), cur] = -np.inf
        return g

    def apply(self, s, t) -> None:
        """Move service ``s`` to team ``t``, updating neighbour weights and loads."""
        old = self.assign[s]
        nb, w = self.nbrs(s)
        self.N[nb, old] -= w
        self.N[nb, t] += w
        self.used[old] -= self.load[s]
        self.used[t] += self.load[s]
        self.assign[s] = t

    def descend(self) -> None:
        """Make the best single move until no move gains."""
        rows = np.nonzero(self.movable)[0]
        if not len(rows):
            return
        G = self.gains(rows)
        best_t = G.argmax(axis=1)
        best_g = G[np.arange(len(rows)), best_t]
        where = np.full(self.S, -1)
        where[rows] = np.arange(len(rows))
        for _ in range(50 * self.S + 100):
            i = int(np.argmax(best_g))
            if best_g[i] <= 1e-9:
                break
            s = rows[i]
            old, new = self.assign[s], best_t[i]
            self.apply(s, new)
            self._update_best(rows, where, best_t, best_g, i, s, old, new)

    def _update_best(self, rows, where, best_t, best_g, i, s, old, new) -> None:
        """Refresh the best moves after moving row ``i`` (service ``s``) from ``old`` to ``new``."""
        N, bonus, assign, load, cap, used = (self.N, self.bonus, self.assign, self.load,
                                             self.cap, self.used)
        # full refresh: s, its neighbours (N changed) and rows aiming at the
        # now fuller team; every other row may only gain the freed-up team
        nb = where[self.nbrs(s)[0]]
        upd = np.unique(np.concatenate([nb[nb >= 0], [i], np.nonzero(best_t == new)[0]]))
        Gu = self.gains(rows[upd])
        best_t[upd] = Gu.argmax(axis=1)
        best_g[upd] = Gu[np.arange(len(upd)), best_t[upd]]
        cur = assign[rows]
        g_old = (N[rows, old] + bonus[rows, old]) - (N[rows, cur] + bonus[rows, cur])
        ok = (used[old] + load[rows] <= cap[old] + 1e-9) & (cur != old)
        better = ok & (g_old > best_g)
        best_t[better] = old
        best_g[better] = g_old[better]

    def swaps(self) -> bool:
        """Swap pairs of services between two full teams where that gains; True if any did."""
        improved = False
        for s in self.rng.permutation(np.nonzero(self.movable)[0]):
            improved = self._swap(s) or improved
        return improved

    def _swap(self, s) -> bool:
        """Swap ``s`` with the best service of the full team it would rather be in."""
        N, bonus, assign, load, cap, used = (self.N, self.bonus, self.assign, self.load,
                                             self.cap, self.used)
        a = assign[s]
        g_s = N[s] + bonus[s] - (N[s, a] + bonus[s, a])
        g_s[a] = -np.inf
        t = int(np.argmax(g_s))
        if g_s[t] <= 1e-9 or used[t] + load[s] <= cap[t] + 1e-9:
            return False
        cand = np.nonzero((assign == t) & self.movable)[0]
        if not len(cand):
            return False
        g_c = N[cand, a] + bonus[cand, a] - (N[cand, t] + bonus[cand, t])
        w_sc = self.A[[s]].toarray().ravel()[cand]
        total = g_s[t] + g_c - 2 * w_sc
        feas = ((used[t] - load[cand] + load[s] <= cap[t] + 1e-9)
                & (used[a] - load[s] + load[cand] <= cap[a] + 1e-9))
        total = np.where(feas, total, -np.inf)
        k = int(np.argmax(total))
        if total[k] > 1e-9:
            c2 = cand[k]
            self.apply(s, t)
            self.apply(c2, a)
            return True
        return False

    def settle(self) -> None:
        """Alternate single moves and swaps until neither gains."""
        self.descend()
        while self.swaps():
            self.descend()

    def value(self) -> float:
        """The objective of the current assignment."""
        return _objective(self.assign, self.A, self.O0, self.owned, self.lam)[0]

    def kick_random(self, mov) -> None:
        """Random single moves of about 5 % of the movable services ``mov``."""
        rng = self.rng
        k = max(1, len(mov) // 20)
        for s in rng.choice(mov, size=min(k, len(mov)), replace=False):
            free = self.cap - self.used
            ok = np.nonzero(free >= self.load[s] - 1e-9)[0]
            ok = ok[ok != self.assign[s]]
            if len(ok):
                self.apply(s, int(rng.choice(ok)))

    def kick_cluster(self, mov) -> None:
        """Move a random service and its same-team neighbours to another team together.

        Single moves never break up a cohesive group (Kernighan & Lin 1970).
        """
        rng, assign, T = self.rng, self.assign, self.T
        s = int(rng.choice(mov))
        a = assign[s]
        nb = self.nbrs(s)[0]
        group = [s, *(int(v) for v in nb if assign[v] == a and self.movable[v])]
        t = int(rng.integers(T - 1)) if T > 1 else a
        t = t + (t >= a) if T > 1 else a
        for v in group:
            if self.used[t] + self.load[v] <= self.cap[t] + 1e-9 and t != assign[v]:
                self.apply(v, t)


def _local_search(A, O0, owned, load, cap, pinned, assign, lam, rng, rounds, deadline=None):
    """Improve ``assign`` by descent, swaps and perturbed restarts; return the best found."""
    st = _Search(A, O0, owned, load, cap, pinned, assign, lam, rng)
    st.settle()
    best, best_val = assign.copy(), st.value()
    for r in range(rounds):
        if deadline is not None and time.perf_counter() > deadline:
            break
        mov = np.nonzero(st.movable)[0]
        if not len(mov):
            break
        if r % 2:
            st.kick_random(mov)
        else:
            st.kick_cluster(mov)
        st.settle()
        v = st.value()
        if v <= best_val + 1e-9:  # accept ties: walk along plateaus
            if v < best_val - 1e-9 or not np.array_equal(assign, best):
                best, best_val = assign.copy(), min(v, best_val)
        else:  # restart from the best
            assign[:] = best
            st.refresh()
    return best


def _check_suggest_options(scenario: Scenario, lam: float, method: str, time_limit: float,
                           rounds: int, seed: int) -> None:
    """Refuse a scenario without teams and bad options of :func:`suggest_ownership`."""
    if not scenario.teams:
        raise InputError("the scenario has no teams to assign services to",
                         hint="give a scenario or catalog with teams, or use --teams N")
    if lam < 0 or not math.isfinite(lam):
        raise InputError(f"lambda must be a finite number >= 0, got {lam}")
    if method not in ("auto", "exact", "local"):
        raise InputError(f"unknown method {method!r}", hint="use auto, exact or local")
    seconds("time_limit", time_limit)
    whole("rounds", rounds, 0)
    whole("seed", seed, 0)


def _pinned_indices(pinned: Iterable[str], sidx: dict[str, int], primary: np.ndarray) -> dict[int, int]:
    """Service index to owner team index for each pinned service (refusing unknown or unowned ones)."""
    pinned_to: dict[int, int] = {}
    for name in pinned:
        if name not in sidx:
            raise InputError(f"unknown pinned service {name!r}", entity=f"service {name!r}")
        if primary[sidx[name]] < 0:
            raise InputError(f"pinned service {name!r} has no owner to stay with",
                             entity=f"service {name!r}", hint="give it an owner team first")
        pinned_to[sidx[name]] = int(primary[sidx[name]])
    return pinned_to


def _current_objective(A, O0, owned, load, cap, lam, primary):
    """The current assignment, whether it is feasible, its objective and a note when it has none."""
    S, T = O0.shape
    cur_assign = np.where(owned, O0.argmax(axis=1), -1) if T else primary.copy()
    cur_ok = bool((cur_assign >= 0).all()) and bool(
        (np.bincount(cur_assign, weights=load, minlength=T) <= cap + 1e-9).all()) if S else True
    current = _objective(cur_assign, A, O0, owned, lam)[0] if cur_ok and S else (0.0 if not S else None)
    current_note = None
    if current is None:
        n_un = int((cur_assign < 0).sum())
        current_note = (f"{n_un} service{'s' * (n_un != 1)} {'have' if n_un != 1 else 'has'} no owner "
                        "today, so the current ownership has no objective" if n_un else
                        "the current ownership exceeds a team's capacity")
    return cur_assign, cur_ok, current, current_note


_BOUND_MILP_VARS = 20_000
"""With method "auto", after the local search the integer program runs for its lower bound
(and a better incumbent, if it finds one) when it has at most this many variables ((S + E) T)."""


def _matching_bound(A: sp.csr_array, O0, owned: np.ndarray, lam: float, pinned: np.ndarray) -> float:
    """A lower bound from the dependencies that cross teams today: each crosses or an end moves.

    A dependency {u, v} between owned services with no owner in common stays
    crossing (cost ``w``) unless u or v moves (cost ``lam`` each, once for
    all its dependencies; a pinned service cannot): ``c_e + m_u + m_v >= 1``.
    The LP dual of that covering program is a fractional matching: ``y_e <=
    w_e`` and at most ``lam`` per movable service. Any feasible ``y`` bounds
    the optimum from below; this one is greedy (dependencies at the
    least-connected services first). Capacities are ignored; O(S + E) memory.

    Examples
    --------
    >>> A = sp.csr_array(np.array([[0.0, 2.0], [2.0, 0.0]]))
    >>> O0 = np.array([[1.0, 0.0], [0.0, 1.0]])      # x in team 0, y in team 1, x-y weight 2
    >>> _matching_bound(A, O0, np.array([True, True]), 0.5, np.zeros(2, bool))  # one move: 0.5
    0.5
    >>> _matching_bound(A, O0, np.array([True, True]), 0.5, np.ones(2, bool))   # both pinned: 2
    2.0
    """
    own = sp.csr_array(sp.csr_array(O0) > 0, dtype=float)
    coo = sp.triu(A, k=1).tocoo()
    u, v, w = coo.row, coo.col, coo.data
    shared = np.asarray((own[u] * own[v]).sum(axis=1)).ravel() > 0 if len(w) else np.zeros(0, bool)
    x = owned[u] & owned[v] & ~shared
    u, v, w = u[x], v[x], w[x]
    deg = np.bincount(np.concatenate([u, v]), minlength=A.shape[0])
    room = np.where(pinned, np.inf, float(lam)).tolist()
    total = 0.0
    for e in np.argsort(deg[u] + deg[v], kind="stable").tolist():
        a, b = int(u[e]), int(v[e])
        y = min(float(w[e]), room[a], room[b])  # python floats: fast scalar updates
        room[a] -= y
        room[b] -= y
        total += y
    return total


def _solve(A, O0, owned, load, cap, pinned_to, lam, lam_s, *, use_exact, rounds, seed, t0,
           time_limit, bound_milp=False):
    """Local search, then the MILP when exact (or for its bound): assignment, lower bound, optimal, method."""
    S = O0.shape[0]
    rng = np.random.default_rng(seed)
    pin = np.zeros(S, bool)
    pin[list(pinned_to)] = True
    assign = None
    try:
        init = _initial(A, O0, owned, load, cap, pinned_to, lam_s)
        # small instances (solved exactly as well) afford many more restarts
        # the local search may use 30 % of the time limit when the MILP follows, all of it otherwise
        assign = _local_search(A, O0, owned, load, cap, pin, init, lam_s, rng,
                               max(rounds, 300) if use_exact else rounds,
                               deadline=t0 + (0.3 if use_exact else 0.5 if bound_milp else 1.0) * time_limit)
    except InputError:
        if not use_exact:  # the greedy start found no room; only the MILP can tell
            raise
    lower, optimal, meth = _matching_bound(A, O0, owned, lam, pin), False, "local-search"
    if bound_milp and not use_exact:
        left = time_limit - (time.perf_counter() - t0)
        ex, low, optimal = _exact(A, O0, owned, load, cap, pinned_to, lam, max(0.05, left))
        lower = max(lower, low) if low is not None else lower
        if ex is not None and (_objective(ex, A, O0, owned, lam_s)[0]
                               < _objective(assign, A, O0, owned, lam_s)[0] - 1e-9):
            assign, meth = ex, "exact"
    if use_exact:
        # the MILP's dual bound is valid for the problem; keep the better of
        # its incumbent and the local search when the time limit stops it
        left = max(0.05, time_limit - (time.perf_counter() - t0))
        # the MILP solves with lam itself (an eps per move weakens HiGHS's pruning); the
        # comparison below and the clean-up after it break its ties towards fewer moves
        ex, low, optimal = _exact(A, O0, owned, load, cap, pinned_to, lam, left)
        lower = max(lower, low) if low is not None else lower
        meth = "exact"
        if ex is not None and (assign is None or _objective(ex, A, O0, owned, lam_s)[0]
                               <= _objective(assign, A, O0, owned, lam_s)[0] + 1e-9):
            assign = ex
        if assign is None:
            raise InputError("no ownership found within the time limit",
                             hint="raise --time-limit or the team capacities")
    return assign, lower, optimal, meth


def _gap(obj: float, lower: float | None, optimal: bool, eps: float, S: int):
    """Lower bound, relative gap and optimal flag of objective ``obj``."""
    if lower is not None:
        lower = min(lower, obj)
    # eps x S is below the tolerance of "optimal" (1e-3 of the smallest weight)
    gap = None if lower is None else (0.0 if obj - lower <= max(1e-6 * max(1.0, abs(obj)),
                                                                 1.01 * eps * S)
                                      else (obj - lower) / max(abs(obj), 1e-9))
    optimal = bool(optimal and gap is not None and gap == 0.0)
    if gap == 0.0:
        lower = obj
    return lower, gap, optimal


def _reassigned(scenario: Scenario, m: OwnershipMatrices, assign: np.ndarray):
    """The moves of ``assign`` and the scenario with services owned as ``assign`` says."""
    moves = []
    data = _data(scenario)
    by_team: dict[str, list] = {t.name: [] for t in scenario.teams}
    for i, name in enumerate(m.services):
        to = m.teams[assign[i]]
        by_team[to].append(name)
        before = [m.teams[j] for j in np.nonzero(m.O[[i]].toarray().ravel() > 0)[0]]
        if before != [to]:
            moves.append(Move(service=name, from_teams=before, to_team=to))
    for t in data["teams"]:
        t["services"] = by_team[t["name"]]
    for sd in data.get("services", []):
        sd.pop("unresolved_owner", None)
    data["teams"] = [t for t in data["teams"] if _keep(t)]
    _prune_interactions(data)
    return moves, Scenario.model_validate(data)


def suggest_ownership(scenario: Scenario, *, lam: float = 1.0, pinned: Iterable[str] = (),
                      max_load_per_person: float | None = None, slack: float = 0.25,
                      method: str = "auto", time_limit: float = 10.0, rounds: int = 20,
                      seed: int = DEFAULT_SEED, exact_limit: int = 25,
                      two_pizza_limit: int = TWO_PIZZA_LIMIT) -> OwnershipSuggestion:
    """Suggest one owner team per service minimising cross-team dependencies plus moves.

    Parameters
    ----------
    scenario : Scenario
        Needs at least one team.
    lam : float, default 1
        Cost of moving one service away from its current owners, in units of
        dependency weight (0: ignore the current ownership). An unowned service
        whose source named a person as owner (``unresolved_owner: user:NAME``)
        counts as owned by that person's team(s); other unowned services move
        for free.
    pinned : iterable of str
        Services that stay with their current (largest) owner.
    max_load_per_person, slack : float
        Capacity rule (see :func:`team_capacities`).
    method : {"auto", "exact", "local"}
        "auto" is exact up to ``exact_limit`` services, local search above
        (followed by the MILP, for its lower bound and a better incumbent, when
        it has at most 20,000 variables). The local search alone reports the
        greedy fractional-matching bound (:func:`_matching_bound`).
    time_limit : float, default 10
        Seconds for the optimisation: the local search's restarts stop at 30 %
        of it when the exact solver follows (at 100 % otherwise; its first
        descent always completes), and HiGHS gets the rest
        (``options={"time_limit": ...}``); the gap says how far it got.
        Building the matrices and the before/after reports comes on top
        (well under a second for a few thousand services).
    rounds : int, default 20
        Perturbation restarts of the local search (at least 300 when the
        exact solver runs too, to give it a good incumbent to compare with).
    seed : int, default 0
        Seed of the local search (same seed, same answer).
    exact_limit : int, default 25
        With "auto", the exact solver is used up to this many services.
    two_pizza_limit : int, default 9
        Largest team that still counts as a two-pizza team.

    Returns
    -------
    OwnershipSuggestion
        The scenario with the suggested ownership, the moves, the objective with
        its lower bound and gap, each team's capacity and load, and every
        metric before and after.

    Raises
    ------
    InputError
        No teams, bad options, an unknown or unowned pinned service, or
        capacities that cannot hold every service.

    Notes
    -----
    Exact model (HiGHS branch and cut through :func:`scipy.optimize.milp`):
    binary ``x_st`` (service s to team t), ``d_et >= |x_ut - x_vt|`` for every
    undirected dependency e = {u, v} and team t, minimise
    ``sum_e (w_e / 2) sum_t d_et - lam sum_st O0_st x_st`` subject to
    ``sum_t x_st = 1``, ``sum_s load_s x_st <= cap_t`` and pinned ``x``
    (the L1 form, whose LP relaxation is tighter than ``z_e >= x_ut - x_vt``);
    S T + E T variables and S + T + 2 E T constraints. Local search: vectorised best-improvement single
    moves (gain matrix ``A X + lam O0``, O(S T) per refresh) and pairwise
    swaps for full teams, with seeded perturbation restarts (random moves, or a
    service moved together with its same-team neighbours) that accept ties. The problem
    generalises balanced graph partitioning, which is NP-hard (Garey,
    Johnson & Stockmeyer 1976), hence the gap.

    References
    ----------
    .. [1] Huangfu, Q., Hall, J. A. J., "Parallelizing the dual revised simplex
       method", Mathematical Programming Computation 10, 2018 (HiGHS).
    .. [2] Kernighan, B. W., Lin, S., "An efficient heuristic procedure for
       partitioning graphs", Bell System Technical Journal 49(2), 1970.
    .. [3] Skelton, M., Pais, M., *Team Topologies*, 2019 (inverse Conway manoeuvre).

    Examples
    --------
    >>> s = Scenario.model_validate({"services": [{"name": "x", "depends_on": ["y"]},
    ...     {"name": "y"}], "teams": [{"name": "A", "services": ["x"], "capacity": 2},
    ...     {"name": "B", "services": ["y"], "capacity": 2}]})
    >>> r = suggest_ownership(s, lam=0.25)
    >>> r.objective, r.cross_team, r.moved, r.gap
    (0.25, 0.0, 1.0, 0.0)
    """
    _check_suggest_options(scenario, lam, method, time_limit, rounds, seed)
    if method != "local":
        import scipy.optimize  # noqa: F401  (imported once, ~1 s: not charged to the time limit)
    t0 = time.perf_counter()
    m = ownership_matrices(scenario)
    S, T = len(m.services), len(m.teams)
    use_exact = method == "exact" or (method == "auto" and S <= exact_limit)
    _check_memory(S, T, len(m.src), exact=use_exact,
                  entity=f"reorganisation of {S:,} services and {len(m.src):,} dependencies over "
                  f"{T:,} teams ({'exact' if use_exact else 'local search'})")
    A = _undirected(m)
    O0, owned = _effective_ownership(scenario, m)
    load = m.load
    cap = team_capacities(scenario, max_load_per_person=max_load_per_person, slack=slack, m=m)
    primary = m.primary_owner()
    pinned_to = _pinned_indices(pinned, {n: i for i, n in enumerate(m.services)}, primary)
    if load.sum() > cap.sum() + 1e-9:
        raise InputError(f"total service load {load.sum():g} exceeds the teams' total capacity "
                         f"{cap.sum():g}", hint="raise --slack or --max-load-per-person, or "
                         "set team capacities")
    cur_assign, cur_ok, current, current_note = _current_objective(A, O0, owned, load, cap, lam,
                                                                   primary)
    # ties favour fewer moves: the solvers see lam + eps per move, eps far below any
    # difference of dependency weights (0.1 % of the smallest, spread over all services)
    wmin = float(A.data[A.data > 0].min()) if A.nnz else 1.0
    eps = 1e-3 * wmin / (S + 1)
    lam_s = lam + eps
    if S == 0:
        assign, lower, optimal, meth = np.zeros(0, np.int64), 0.0, True, "exact"
    else:
        assign, lower, optimal, meth = _solve(A, O0, owned, load, cap, pinned_to, lam, lam_s,
                                              use_exact=use_exact, rounds=rounds, seed=seed,
                                              t0=t0, time_limit=time_limit,
                                              bound_milp=method == "auto" and (S + A.nnz // 2) * T
                                              <= _BOUND_MILP_VARS)
    if S and cur_ok:
        assign = _drop_free_moves(assign, cur_assign, A, O0, owned, load, cap, lam_s, pinned_to)
    obj, cross, moved = _objective(assign, A, O0, owned, lam)
    lower, gap, optimal = _gap(obj, lower, optimal, eps, S)
    moves, after = _reassigned(scenario, m, assign)
    changes = compare_reports(ownership_report(scenario, two_pizza_limit=two_pizza_limit),
                              ownership_report(after, two_pizza_limit=two_pizza_limit))
    used = np.bincount(assign, weights=load, minlength=T) if S else np.zeros(T)
    return OwnershipSuggestion(
        method=meth, objective=obj, cross_team=cross, moved=moved, current_objective=current,
        current_note=current_note,
        lower_bound=lower, gap=gap, optimal=optimal, lam=lam,
        capacity={n: float(c) for n, c in zip(m.teams, cap)},
        load={n: float(u) for n, u in zip(m.teams, used)}, moves=moves, changes=changes,
        scenario=after)


# ---------------------------------------------------------------------- split
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
                    *, balance: float, seed: int, time_limit: float):
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
    counts = np.maximum(1, np.floor(share * size).astype(int))
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


def _split_scenario(scenario: Scenario, t, names: list[str], members: dict[str, list[str]],
                    groups: dict[str, list[str]]) -> Scenario:
    """The scenario with team ``t`` replaced by the non-empty new teams, interactions carried over."""
    team = t.name
    data = _data(scenario)
    new_teams = []
    kept_names = [n for n in names if members[n] or groups[n]]
    for td in data["teams"]:
        if td["name"] != team:
            acts = []
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
                nt = {"name": n, "members": members[n], "services": groups[n]}
                if t.type:
                    nt["type"] = t.type
                if td.get("interactions"):
                    nt["interactions"] = [dict(x) for x in td["interactions"]]
                new_teams.append(nt)
    data["teams"] = new_teams
    _prune_interactions(data)
    return Scenario.model_validate(data)


def split_team(scenario: Scenario, team: str, *, parts: int | None = None,
               max_size: int = TWO_PIZZA_LIMIT, seed: int = 0, balance: float = 0.2,
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
