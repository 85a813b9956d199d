""":func:`design_teams` (exact or large-neighbourhood search, with a bound and the gap) and
:func:`design_scenario` (the scenario with a design applied).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from teamsim._milp import relative_gap
from teamsim.budget import seconds
from teamsim.defaults import TEAM_SIZE
from teamsim.design.bounds import _component_bound, _move_bound
from teamsim.design.exact import _exact
from teamsim.design.lns import _lns
from teamsim.design.problem import _Assign, _metrics, _precheck, _Problem, _problem
from teamsim.design.results import Design, DesignMove, DesignTeam
from teamsim.errors import InputError
from teamsim.scenario import Scenario
from teamsim.seeds import DEFAULT_SEED

__all__ = ["design_scenario", "design_teams"]


def _moves(pb: _Problem, ap: np.ndarray, as_: np.ndarray) -> list[DesignMove]:
    out = []
    for kind, names, cur, a in (("person", pb.people, pb.cur_p, ap), ("service", pb.services, pb.cur_s, as_)):
        for i in np.flatnonzero(~cur[np.arange(len(a)), a]):
            out.append(DesignMove(kind=kind, name=names[i], from_teams=[pb.teams[k] for k in
                                                                        np.flatnonzero(cur[i])],
                                  to_team=pb.teams[a[i]]))
    return out


def design_teams(scenario: Scenario, *, n_teams: int | None = None, min_size: int = TEAM_SIZE[0],
                 max_size: int = TEAM_SIZE[1], redundancy: int = 2, max_services: int | None = None,
                 max_load: int | None = None, lam: float = 1.0, pins: Mapping[str, str] | None = None,
                 method: str = "auto", time_limit: float = 60.0, seed: int = DEFAULT_SEED) -> Design:
    """Propose who is in which team and which team owns which service (see the module docstring).

    Parameters
    ----------
    scenario : Scenario
        People, teams, services with ``tools`` and ``depends_on``.
    n_teams : int, optional
        Number of teams (default: today's teams with members).
    min_size, max_size : int, default 5, 9
        Team size bounds (Skelton & Pais 2019, ch. 3).
    redundancy : int, default 2
        Members of the owner team who must hold each tool a service needs.
    max_services : int, optional
        Services per team at most.
    max_load : int, optional
        Distinct needed tools per team at most (cognitive load).
    lam : float, default 1
        Weight of one change (a person or a service moved) against one unit
        of cross-team dependency weight.
    pins : mapping of str to str, optional
        Person or service -> team it must be in / owned by.
    method : {"auto", "milp", "lns"}, default "auto"
        "auto": the exact program when people x teams <= 4,000, else the
        large-neighbourhood search.
    time_limit : float, default 60
        Seconds for the solver (the exact program returns its incumbent and
        bound when it runs out; the search stops).
    seed : int, default 0
        Seed of the search's random choices.

    Returns
    -------
    Design
        ``before``/``after`` metrics: objective, cross-team weight, people and
        services moved, teams, smallest and largest team, services missing a
        tool, services below the redundancy, smallest skills truck factor, most
        services and largest cognitive load per team.

    Raises
    ------
    InputError
        Bad parameters, unknown pins, an organisation too large for the memory
        limit, or no feasible design, with the reason (e.g. "no one holds
        Rust: service 'x' cannot be covered").

    See Also
    --------
    design_scenario : Apply the design to the scenario.
    teamsim.design.parse_pins : Pins from name=team texts.
    teamsim.reorg.suggest_ownership : Owners for services only, teams unchanged.

    References
    ----------
    Skelton & Pais, *Team Topologies*, 2019, ch. 3 "Team-First Thinking".
    Pisinger & Ropke, "Large neighborhood search", 2010.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"tools": [{"name": "Rust"}],
    ...     "people": [{"name": "a"}], "teams": [{"name": "T", "members": ["a"], "services": ["x"]}],
    ...     "services": [{"name": "x", "tools": ["Rust"]}]})
    >>> design_teams(s, min_size=1)
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: error: no one holds Rust: service 'x' cannot be covered
      entity: service 'x'
      fix: hire or train people in Rust, or lower --redundancy
    """
    if method not in ("auto", "milp", "lns"):
        raise InputError(f"unknown method {method!r}", entity="method", hint="choose auto, milp or lns")
    seconds("time_limit", time_limit)
    start = time.monotonic()
    pb = _problem(scenario, n_teams, dict(pins or {}), min_size=min_size, max_size=max_size,
                  redundancy=redundancy, max_services=max_services, max_load=max_load, lam=float(lam))
    _precheck(pb, scenario)
    ap0, as0 = _seed_today(pb)
    before, viol0 = _metrics(pb, ap0, as0)
    if method == "milp" or (method == "auto" and len(pb.people) * len(pb.teams) <= 4000):
        sol, bound, optimal = _exact(pb, time_limit)
        used = "milp"
    else:
        sol, bound, optimal, used = None, None, False, "lns"
    if sol is None or not optimal:   # an optimal solve always has a solution
        sol, bound = _search_and_bound(pb, sol, bound, start + time_limit, seed)
    ap, as_ = sol
    after, viol = _metrics(pb, ap, as_)
    if viol:
        raise InputError(f"no feasible design found ({viol[0]})", entity="team design",
                         hint="give the search more time (time_limit), or relax the constraints")
    obj = after["objective"]
    if bound is not None:
        bound = min(bound, obj)
    optimal = optimal or (bound is not None and relative_gap(obj, bound) == 0.0)
    teams = [DesignTeam(name=t, members=[pb.people[i] for i in np.flatnonzero(ap == k)],
                        services=[pb.services[i] for i in np.flatnonzero(as_ == k)])
             for k, t in enumerate(pb.teams) if (ap == k).any() or (as_ == k).any()]
    moves = _moves(pb, ap, as_)
    return Design(teams=teams, objective=obj, bound=bound, gap=relative_gap(obj, bound), optimal=optimal,
                  method=used, cross_team_weight=after["cross_team_weight"], changes=len(moves),
                  moves=moves, before=before, after=after, violations_before=viol0,
                  seconds=time.monotonic() - start)


def _search_and_bound(pb: _Problem, sol: _Assign | None, bound: float | None, deadline: float,
                      seed: int) -> tuple[_Assign, float | None]:
    """The search (when the exact program found nothing) and the best of every lower bound.

    The group bound (:func:`_component_bound`, its LP given up to a fifth of
    the time) comes first, the search takes most of what is left, and the
    covering bound (:func:`_move_bound`) the rest.
    """
    def left() -> float:
        return deadline - time.monotonic()

    cb = _component_bound(pb, lp_seconds=max(0.0, min(10.0, 0.2 * left())))
    if sol is None:
        sol = _lns(pb, max(0.1, left() * (0.9 if cb is not None else 0.75)), seed)
    mb = _move_bound(pb, max(0.1, min(10.0, left()))) if cb is None or left() > 1.0 else None
    return sol, max((b for b in (bound, cb, mb) if b is not None), default=None)


def _seed_today(pb: _Problem) -> tuple[np.ndarray, np.ndarray]:
    """Today's organisation as assignments (first team; -1 for none), for the "before" metrics."""
    ap = np.where(pb.cur_p.any(axis=1), pb.cur_p.argmax(axis=1), -1)
    as_ = np.where(pb.cur_s.any(axis=1), pb.cur_s.argmax(axis=1), -1)
    return ap, as_


def design_scenario(scenario: Scenario, design: Design) -> Scenario:
    """The scenario with the design's teams (members and services); team fields such as type persist.

    Parameters
    ----------
    scenario : Scenario
        Today's organisation (left unchanged).
    design : Design
        A design of :func:`design_teams` for this scenario.

    Returns
    -------
    Scenario
        A new, validated scenario whose teams have the design's members and
        services; other team fields (type, capacity, interactions with teams that
        remain) are kept.

    See Also
    --------
    design_teams : The design it applies.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"people": [{"name": "a"}], "services": [{"name": "x"}],
    ...     "teams": [{"name": "T", "members": ["a"], "type": "platform"}]})
    >>> d = Design(teams=[DesignTeam(name="T", members=["a"], services=["x"])], objective=0, bound=0,
    ...            gap=0, optimal=True, method="milp", cross_team_weight=0, changes=1, moves=[],
    ...            before={}, after={})
    >>> design_scenario(s, d).teams[0].service_names, design_scenario(s, d).teams[0].type
    (['x'], 'platform')
    """
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    old = {t["name"]: t for t in data.get("teams", [])}
    teams: list[dict[str, Any]] = []
    for t in design.teams:
        keep = {k: v for k, v in old.get(t.name, {}).items() if k not in ("members", "services")}
        keep.update(name=t.name, members=t.members, services=t.services)
        teams.append(keep)
    kept = {t["name"] for t in teams}
    for team in teams:
        team["interactions"] = [x for x in team.get("interactions", []) if x["team"] in kept]
    data["teams"] = teams
    return Scenario.model_validate(data)
