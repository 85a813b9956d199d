"""The design problem: a scenario and the constraints as arrays, pins parsed and checked, and the
metrics of an assignment (crossing dependency weight, moves, coverage, sizes, load).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from teamsim._text import plural
from teamsim.ability import tool_matrix
from teamsim.budget import check_memory
from teamsim.errors import InputError
from teamsim.scenario import Scenario

__all__ = ["parse_pins"]

_Assign = tuple[np.ndarray, np.ndarray]   # team of each person, of each service (-1: none)


@dataclass
class _Problem:
    people: list[str]
    services: list[str]
    teams: list[str]
    tools: list[str]
    held: np.ndarray              # people x needed tools, bool
    pairs_s: np.ndarray           # (service, tool) pairs: service index
    pairs_t: np.ndarray           # ... and tool index
    eu: np.ndarray
    ev: np.ndarray
    ew: np.ndarray
    cur_p: np.ndarray             # people x teams, bool: today's teams
    cur_s: np.ndarray             # services x teams, bool: today's owners
    pin_p: dict[int, int]
    pin_s: dict[int, int]
    k_used: int
    min_size: int
    max_size: int
    redundancy: int
    max_services: int | None
    max_load: int | None
    lam: float
    pairs_of: list[np.ndarray] = field(default_factory=list)


def parse_pins(pins: Iterable[str]) -> dict[str, str]:
    """``["name=team", ...]`` -> ``{name: team}`` (a person or a service pinned to a team).

    Parameters
    ----------
    pins : iterable of str
        Items ``name=team``, as given on the command line (spaces around ``=`` ignored).

    Returns
    -------
    dict of str to str
        Person or service name -> the team it must stay in or move to.

    Raises
    ------
    InputError
        An item without ``=``, or a name pinned twice.

    See Also
    --------
    teamsim.design.design_teams : Takes the pins.

    Examples
    --------
    >>> parse_pins(["Ann=Checkout", "cartservice = Cart"])
    {'Ann': 'Checkout', 'cartservice': 'Cart'}
    """
    out: dict[str, str] = {}
    for item in pins:
        name, eq, team = item.partition("=")
        name, team = name.strip(), team.strip()
        if not eq or not name or not team:
            raise InputError(f"pin {item!r} is not name=team", entity="--pin",
                             hint="write --pin PERSON=TEAM or --pin SERVICE=TEAM")
        if name in out and out[name] != team:
            raise InputError(f"{name!r} is pinned to two teams", entity="--pin", hint="pin it once")
        out[name] = team
    return out


def _check_params(n_teams: int, min_size: int, max_size: int, redundancy: int,
                  max_services: int | None, max_load: int | None, lam: float) -> None:
    bad = [("--teams", n_teams < 1, "at least 1"), ("--min-size", min_size < 1, "at least 1"),
           ("--max-size", max_size < min_size, "at least --min-size"),
           ("--redundancy", redundancy < 1, "at least 1"),
           ("--max-services", max_services is not None and max_services < 1, "at least 1"),
           ("--max-load", max_load is not None and max_load < 0, "0 or more"),
           ("--lam", not (np.isfinite(lam) and 0 <= lam <= 1e9), "a finite number from 0 to 1e9")]
    for name, wrong, want in bad:
        if wrong:
            raise InputError(f"{name} must be {want}", entity=name, hint=f"give {name} {want}")


def _problem(scenario: Scenario, n_teams: int | None, pins: Mapping[str, str],
             *, min_size: int, max_size: int, redundancy: int, max_services: int | None,
             max_load: int | None, lam: float) -> _Problem:
    people = [p.name for p in scenario.people]
    services = [s.name for s in scenario.services]
    today = [t.name for t in scenario.teams]
    k = n_teams if n_teams is not None else max(1, sum(bool(t.members) for t in scenario.teams))
    _check_params(k, min_size, max_size, redundancy, max_services, max_load, lam)
    if k * min_size > len(people):
        raise InputError(f"{len(people)} people cannot form {k} teams of {min_size}-{max_size}",
                         entity="--teams", hint=f"choose --teams at most {len(people) // min_size}"
                         " or a smaller --min-size")
    new = [f"new-team-{i}" for i in range(1, 10 * k + len(today) + 2)
           if f"new-team-{i}" not in today][:max(0, k - len(today))]
    teams = today + new
    check_memory(2 * (len(people) + len(services)) * len(teams), params="teams, people and services",
                 entity=f"team design of {len(people):,} people and {len(services):,} services into "
                 f"{len(teams):,} teams")
    needed = sorted({t for s in scenario.services for t in s.tool_weights})
    m = tool_matrix(scenario)
    col = {t: j for j, t in enumerate(m.tools)}
    held = m.held[:, [col[t] for t in needed]] if needed else np.zeros((len(people), 0), bool)
    tix = {t: j for j, t in enumerate(needed)}
    ps = np.array([i for i, s in enumerate(scenario.services) for _ in s.tool_weights], dtype=np.intp)
    pt = np.array([tix[t] for s in scenario.services for t in s.tool_weights], dtype=np.intp)
    sidx = {s: i for i, s in enumerate(services)}
    pidx = {p: i for i, p in enumerate(people)}
    weights: dict[tuple[int, int], float] = {}
    for s in scenario.services:
        for d, w in zip(s.dependency_names, s.dependency_weights):
            a, b = sorted((sidx[s.name], sidx[d]))
            weights[(a, b)] = weights.get((a, b), 0.0) + w
    e = np.array(list(weights), dtype=np.intp).reshape(-1, 2)
    cur_p = np.zeros((len(people), len(teams)), bool)
    cur_s = np.zeros((len(services), len(teams)), bool)
    for j, t in enumerate(scenario.teams):
        cur_p[[pidx[p] for p in t.members], j] = True
        cur_s[[sidx[s] for s in t.service_names], j] = True
    tidx = {t: j for j, t in enumerate(teams)}
    pin_p: dict[int, int] = {}
    pin_s: dict[int, int] = {}
    for name, team in pins.items():
        if team not in tidx:
            raise InputError(f"pin {name}={team}: unknown team {team!r}", entity="--pin",
                             hint=f"choose one of: {', '.join(teams)}")
        if name in pidx:
            pin_p[pidx[name]] = tidx[team]
        elif name in sidx:
            pin_s[sidx[name]] = tidx[team]
        else:
            raise InputError(f"pin {name}={team}: {name!r} is neither a person nor a service",
                             entity="--pin", hint="fix the spelling")
    pb = _Problem(people, services, teams, needed, held, ps, pt, e[:, 0], e[:, 1],
                  np.array(list(weights.values()), float), cur_p, cur_s, pin_p, pin_s, k,
                  min_size, max_size, redundancy, max_services, max_load, lam)
    pb.pairs_of = [np.flatnonzero(ps == i) for i in range(len(services))]
    return pb


def _precheck(pb: _Problem, scenario: Scenario) -> None:
    """Refuse designs that cannot exist, with the reason (before any solver runs)."""
    P, K = len(pb.people), pb.k_used
    if not (K * pb.min_size <= P <= K * pb.max_size):
        raise InputError(f"{P} people cannot form {K} teams of {pb.min_size}-{pb.max_size}",
                         entity="--teams", hint=f"choose --teams between {-(-P // pb.max_size)} and "
                         f"{max(1, P // pb.min_size)}, or change --min-size/--max-size")
    if pb.max_services is not None and len(pb.services) > K * pb.max_services:
        raise InputError(f"{plural(len(pb.services), 'service')} do not fit in {plural(K, 'team')} of "
                         f"at most {pb.max_services}", entity="--max-services",
                         hint="raise --max-services or --teams")
    count = pb.held.sum(axis=0)
    for s in scenario.services:
        for t in s.tool_weights:
            n = int(count[pb.tools.index(t)])
            if n < pb.redundancy:
                who = "no one holds" if n == 0 else f"only {n} of the people hold{'s' * (n == 1)}"
                raise InputError(f"{who} {t}: service {s.name!r} cannot be covered"
                                 + (f" by {plural(pb.redundancy, 'member')}" if n else ""),
                                 entity=f"service {s.name!r}",
                                 hint=f"hire or train people in {t}, or lower --redundancy")
        if pb.max_load is not None and len(s.tool_weights) > pb.max_load:
            raise InputError(f"service {s.name!r} needs {plural(len(s.tool_weights), 'tool')}, over "
                             f"--max-load {pb.max_load}", entity=f"service {s.name!r}",
                             hint="raise --max-load")


def _objective(pb: _Problem, ap: np.ndarray, as_: np.ndarray) -> tuple[float, float, int, int]:
    cross = float(pb.ew[as_[pb.eu] != as_[pb.ev]].sum())
    had_p, had_s = pb.cur_p.any(axis=1), pb.cur_s.any(axis=1)
    mp = int((had_p & ~pb.cur_p[np.arange(len(ap)), np.maximum(ap, 0)]).sum())
    ms = int((had_s & ~pb.cur_s[np.arange(len(as_)), np.maximum(as_, 0)]).sum())
    return cross + pb.lam * (mp + ms), cross, mp, ms


def _penalty(pb: _Problem) -> float:
    """Weight of one unit of violation: more than any objective difference."""
    return 1.0 + pb.lam * (len(pb.people) + len(pb.services)) + float(pb.ew.sum())


def _coverage_counts(pb: _Problem, ap: np.ndarray, as_: np.ndarray) -> np.ndarray:
    """Holders in the owner team of each (service, tool) pair."""
    K = len(pb.teams)
    team_held = np.zeros((K, len(pb.tools)), int)
    ok = ap >= 0
    np.add.at(team_held, ap[ok], pb.held[ok].astype(int))
    owner = as_[pb.pairs_s]
    return np.where(owner >= 0, team_held[np.maximum(owner, 0), pb.pairs_t], 0)


def _metrics(pb: _Problem, ap: np.ndarray, as_: np.ndarray) -> tuple[dict[str, Any], list[str]]:
    K = len(pb.teams)
    size = np.bincount(ap[ap >= 0], minlength=K)
    nserv = np.bincount(as_[as_ >= 0], minlength=K)
    used = size > 0
    held = _coverage_counts(pb, ap, as_)
    loads = np.zeros(K, int)
    for k in range(K):
        loads[k] = len(set(pb.pairs_t[as_[pb.pairs_s] == k].tolist()))
    below = np.zeros(len(pb.services), bool)
    np.logical_or.at(below, pb.pairs_s, held < pb.redundancy)
    missing = np.zeros(len(pb.services), bool)
    np.logical_or.at(missing, pb.pairs_s, held == 0)
    tf = [int(held[ix].min()) for ix in pb.pairs_of if len(ix)]
    obj, cross, mp, ms = _objective(pb, ap, as_)
    m = {"objective": obj, "cross_team_weight": cross, "people_moved": mp, "services_moved": ms,
         "teams": int(used.sum()), "smallest_team": int(size[used].min()) if used.any() else 0,
         "largest_team": int(size.max()) if K else 0,
         "services_missing_a_tool": int(missing.sum()),
         f"services_below_redundancy_{pb.redundancy}": int(below.sum()),
         "min_skills_truck_factor": min(tf, default=None),
         "most_services_per_team": int(nserv.max()) if K else 0,
         "largest_cognitive_load": int(loads.max()) if K else 0,
         "unowned_services": int((as_ < 0).sum()), "people_without_team": int((ap < 0).sum())}
    v: list[str] = []
    for k in np.flatnonzero(used | (nserv > 0)).tolist():
        if not pb.min_size <= size[k] <= pb.max_size:
            v.append(f"team {pb.teams[k]!r} has {plural(int(size[k]), 'person', 'people')}, outside "
                     f"{pb.min_size}-{pb.max_size}")
        if pb.max_services is not None and nserv[k] > pb.max_services:
            v.append(f"team {pb.teams[k]!r} owns {plural(int(nserv[k]), 'service')}, over {pb.max_services}")
        if pb.max_load is not None and loads[k] > pb.max_load:
            v.append(f"team {pb.teams[k]!r} must hold {plural(int(loads[k]), 'tool')}, over {pb.max_load}")
    for i in np.flatnonzero(held < pb.redundancy):
        v.append(f"service {pb.services[pb.pairs_s[i]]!r}: {plural(int(held[i]), 'holder')} of "
                 f"{pb.tools[pb.pairs_t[i]]} in its team, fewer than {pb.redundancy}")
    if used.sum() != pb.k_used:
        v.append(f"{plural(int(used.sum()), 'team')} instead of {pb.k_used}")
    v += [f"person {pb.people[i]!r} has no team" for i in np.flatnonzero(ap < 0)]
    v += [f"service {pb.services[i]!r} has no owner" for i in np.flatnonzero(as_ < 0)]
    v += [f"pin {pb.people[p]}={pb.teams[k]} broken" for p, k in pb.pin_p.items() if ap[p] != k]
    v += [f"pin {pb.services[s]}={pb.teams[k]} broken" for s, k in pb.pin_s.items() if as_[s] != k]
    return m, v
