"""Team design: who is in which team and which team owns which service, optimised together.

:func:`design_teams` proposes an organisation that satisfies

* every person in exactly one team, every service owned by exactly one team;
* team sizes within ``[min_size, max_size]``, by default 5 to 9 people
  (Skelton & Pais 2019, ch. 3 "Team-First Thinking": teams of five to nine,
  after Dunbar's numbers);
* every tool a service needs (``services[].tools``) held by at least
  ``redundancy`` members of its owner team (:mod:`teamsim.coverage`);
* at most ``max_services`` services and at most ``max_load`` distinct needed
  tools (the team's cognitive load) per team;
* pins: ``person=team`` or ``service=team`` assignments kept as given;

and minimises

.. math:: f = \\sum_{(u,v)} w_{uv} [t(u) \\ne t(v)] + \\lambda (\\#\\text{people moved}
          + \\#\\text{services moved})

the weight of service dependencies that cross teams plus lambda per change
from today (a person whose team changes, a service whose owner changes; people
without a team and unowned services move for free; keeping any one of a
person's or a service's current teams is no change).

Team names persist; with more teams than today the new ones are called
``new-team-1``, ``new-team-2``...; with fewer, the design chooses which to
close.

Solvers: an exact mixed-integer program (HiGHS via :func:`teamsim._milp.solve_milp`,
zero gap) for small organisations; a large-neighbourhood search seeded from
today's organisation for large ones (each step frees a few connected teams and
re-solves them exactly, constraints softened with a large penalty). Both report
the best lower bound (HiGHS' dual bound; with ``max_services``, the
set-partitioning bound over connected service groups, :func:`_component_bound`;
a covering program over which services and people must move,
:func:`_move_bound`) and the gap.

References
----------
.. [1] M. Skelton and M. Pais, *Team Topologies*, IT Revolution, 2019, ch. 3
   "Team-First Thinking" (team size, cognitive load).
.. [2] D. Pisinger and S. Ropke, "Large neighborhood search", in *Handbook of
   Metaheuristics*, Springer, 2010, pp. 399-419.

Examples
--------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({
...     "tools": [{"name": "Go"}, {"name": "SQL"}],
...     "people": [{"name": "a", "tools": ["Go"]}, {"name": "b", "tools": ["SQL"]},
...                {"name": "c", "tools": ["Go"]}, {"name": "d", "tools": ["SQL"]}],
...     "teams": [{"name": "T", "members": ["a", "c"], "services": ["api"]},
...               {"name": "U", "members": ["b", "d"], "services": ["db"]}],
...     "services": [{"name": "api", "tools": ["Go", "SQL"], "depends_on": ["db"]},
...                  {"name": "db", "tools": ["SQL"]}]})
>>> d = design_teams(s, min_size=1, max_size=3, redundancy=1)
>>> d.objective, d.optimal, len(d.moves)   # two optimal designs tie: one person and one service move
(2.0, True, 2)
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from pydantic import Field
from scipy.optimize import LinearConstraint

from teamsim._milp import relative_gap, solve_milp
from teamsim._results import Result
from teamsim.ability import tool_matrix
from teamsim.budget import check_memory, seconds
from teamsim.defaults import TEAM_SIZE
from teamsim.errors import InputError
from teamsim.scenario import Scenario
from teamsim.seeds import DEFAULT_SEED

__all__ = ["Design", "DesignMove", "DesignTeam", "design_scenario", "design_teams", "parse_pins"]



class DesignTeam(Result):
    """One team of a design: its members and the services it owns."""

    name: str
    members: list[str]
    services: list[str]


class DesignMove(Result):
    """A change from today: a person or a service that goes to another team.

    ``from_teams`` is empty for a person without a team or an unowned service.
    """

    kind: str
    name: str
    from_teams: list[str]
    to_team: str


class Design(Result):
    """A proposed team design.

    Attributes
    ----------
    teams : list of DesignTeam
    objective : float
        Cross-team dependency weight + lam x changes.
    bound : float or None
        Best proven lower bound on the objective of any feasible design.
    gap : float or None
        ``(objective - bound) / objective`` (0 when proven optimal).
    optimal : bool
    method : str
        "milp" or "lns".
    cross_team_weight : float
    changes : int
        People and services moved.
    moves : list of DesignMove
    before, after : dict of str to float or None
        Every metric of today's organisation and of the design
        (see :func:`design_teams`).
    violations_before : list of str
        Constraints today's organisation breaks.
    """

    teams: list[DesignTeam]
    objective: float
    bound: float | None
    gap: float | None
    optimal: bool
    method: str
    cross_team_weight: float
    changes: int
    moves: list[DesignMove]
    before: dict[str, float | None]
    after: dict[str, float | None]
    violations_before: list[str] = Field(default_factory=list)
    seconds: float = 0.0


# ----------------------------------------------------------------------------- the problem
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
    design_teams : Takes the pins.

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


def _problem(scenario: Scenario, n_teams: int | None, pins: Mapping[str, str], **kw) -> _Problem:
    people = [p.name for p in scenario.people]
    services = [s.name for s in scenario.services]
    today = [t.name for t in scenario.teams]
    k = n_teams if n_teams is not None else max(1, sum(bool(t.members) for t in scenario.teams))
    _check_params(k, kw["min_size"], kw["max_size"], kw["redundancy"], kw["max_services"],
                  kw["max_load"], kw["lam"])
    if k * kw["min_size"] > len(people):
        raise InputError(f"{len(people)} people cannot form {k} teams of {kw['min_size']}-{kw['max_size']}",
                         entity="--teams", hint=f"choose --teams at most {len(people) // kw['min_size']}"
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
    pin_p, pin_s = {}, {}
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
                  np.array(list(weights.values()), float), cur_p, cur_s, pin_p, pin_s, k, **kw)
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
        raise InputError(f"{len(pb.services)} services do not fit in {K} teams of at most "
                         f"{pb.max_services}", entity="--max-services",
                         hint="raise --max-services or --teams")
    count = pb.held.sum(axis=0)
    for s in scenario.services:
        for t in s.tool_weights:
            n = int(count[pb.tools.index(t)])
            if n < pb.redundancy:
                who = "no one holds" if n == 0 else f"only {n} of the people hold{'s' * (n == 1)}"
                raise InputError(f"{who} {t}: service {s.name!r} cannot be covered"
                                 + (f" by {pb.redundancy} members" if n else ""),
                                 entity=f"service {s.name!r}",
                                 hint=f"hire or train people in {t}, or lower --redundancy")
        if pb.max_load is not None and len(s.tool_weights) > pb.max_load:
            raise InputError(f"service {s.name!r} needs {len(s.tool_weights)} tools, over --max-load "
                             f"{pb.max_load}", entity=f"service {s.name!r}", hint="raise --max-load")


# ----------------------------------------------------------------------------- evaluation
def _objective(pb: _Problem, ap: np.ndarray, as_: np.ndarray) -> tuple[float, float, int, int]:
    cross = float(pb.ew[as_[pb.eu] != as_[pb.ev]].sum())
    had_p, had_s = pb.cur_p.any(axis=1), pb.cur_s.any(axis=1)
    mp = int((had_p & ~pb.cur_p[np.arange(len(ap)), np.maximum(ap, 0)]).sum())
    ms = int((had_s & ~pb.cur_s[np.arange(len(as_)), np.maximum(as_, 0)]).sum())
    return cross + pb.lam * (mp + ms), cross, mp, ms


def _coverage_counts(pb: _Problem, ap: np.ndarray, as_: np.ndarray) -> np.ndarray:
    """Holders in the owner team of each (service, tool) pair."""
    K = len(pb.teams)
    team_held = np.zeros((K, len(pb.tools)), int)
    ok = ap >= 0
    np.add.at(team_held, ap[ok], pb.held[ok].astype(int))
    owner = as_[pb.pairs_s]
    return np.where(owner >= 0, team_held[np.maximum(owner, 0), pb.pairs_t], 0)


def _metrics(pb: _Problem, ap: np.ndarray, as_: np.ndarray) -> tuple[dict, list[str]]:
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
    v = []
    for k in np.flatnonzero(used | (nserv > 0)):
        if not pb.min_size <= size[k] <= pb.max_size:
            v.append(f"team {pb.teams[k]!r} has {size[k]} people, outside {pb.min_size}-{pb.max_size}")
        if pb.max_services is not None and nserv[k] > pb.max_services:
            v.append(f"team {pb.teams[k]!r} owns {nserv[k]} services, over {pb.max_services}")
        if pb.max_load is not None and loads[k] > pb.max_load:
            v.append(f"team {pb.teams[k]!r} must hold {loads[k]} tools, over {pb.max_load}")
    for i in np.flatnonzero(held < pb.redundancy):
        v.append(f"service {pb.services[pb.pairs_s[i]]!r}: {held[i]} holder(s) of "
                 f"{pb.tools[pb.pairs_t[i]]} in its team, fewer than {pb.redundancy}")
    if used.sum() != pb.k_used:
        v.append(f"{int(used.sum())} teams instead of {pb.k_used}")
    v += [f"person {pb.people[i]!r} has no team" for i in np.flatnonzero(ap < 0)]
    v += [f"service {pb.services[i]!r} has no owner" for i in np.flatnonzero(as_ < 0)]
    v += [f"pin {pb.people[p]}={pb.teams[k]} broken" for p, k in pb.pin_p.items() if ap[p] != k]
    v += [f"pin {pb.services[s]}={pb.teams[k]} broken" for s, k in pb.pin_s.items() if as_[s] != k]
    return m, v


# ----------------------------------------------------------------------------- the integer program
def _kron(a, F: int) -> sp.csr_array:
    return sp.csr_array(sp.kron(sp.csr_array(a), sp.identity(F, format="csr")))


def _model(pb: _Problem, fp: np.ndarray, fs: np.ndarray, F: np.ndarray, k_target: int, *,
           soft: bool, cover: bool = True):
    """The (sub)model over free people ``fp``, free services ``fs`` and free teams ``F``.

    Variables, in order: x (person, team), y (service, team), z (team used),
    d (free-free edge, team: |y_u - y_v|), u (tool, team: the team must hold it;
    only with max_load), then, when ``soft``, penalised slacks of the size,
    coverage, service-count and load rows.
    """
    nP, nS, nF = len(fp), len(fs), len(F)
    spos = np.full(len(pb.services), -1)
    spos[fs] = np.arange(nS)
    emask = (spos[pb.eu] >= 0) & (spos[pb.ev] >= 0)
    eu, ev, ew = spos[pb.eu[emask]], spos[pb.ev[emask]], pb.ew[emask]
    nE = len(ew)
    pmask = np.isin(pb.pairs_s, fs)
    qs, qt = spos[pb.pairs_s[pmask]], pb.pairs_t[pmask]
    nQ = len(qs) if cover else 0
    tl = np.unique(qt) if pb.max_load is not None else np.zeros(0, np.intp)
    tpos = np.full(len(pb.tools), -1)
    tpos[tl] = np.arange(len(tl))
    nT = len(tl)
    nx, ny, nd, nu = nP * nF, nS * nF, nE * nF, nT * nF
    n0 = nx + ny + nF + nd + nu
    check_memory(200 * (n0 + nQ * nF * (2 + int(pb.held[fp].sum(axis=0).mean() if nP and pb.tools else 0))),
                 params="teams, people and services", entity="team design model (its integer program)")
    blocks, lo, hi, softable = [], [], [], []

    def add(parts, lower, upper, can_soften=False):
        blocks.append(sp.hstack([sp.csr_array(p) for p in parts], format="csr"))
        rows = blocks[-1].shape[0]
        lo.append(np.broadcast_to(np.asarray(lower, float), (rows,)))
        hi.append(np.broadcast_to(np.asarray(upper, float), (rows,)))
        softable.append(np.full(rows, can_soften))

    Z = lambda r, c: sp.csr_array((r, c))  # noqa: E731
    onesP, onesS = np.ones((1, nP)), np.ones((1, nS))
    I_F = sp.identity(nF, format="csr")
    add([sp.kron(sp.identity(nP), np.ones((1, nF))), Z(nP, ny + nF + nd + nu)], 1, 1)
    add([Z(nS, nx), sp.kron(sp.identity(nS), np.ones((1, nF))), Z(nS, nF + nd + nu)], 1, 1)
    size = _kron(onesP, nF)
    add([size, Z(nF, ny), -pb.min_size * I_F, Z(nF, nd + nu)], 0, np.inf, True)
    add([size, Z(nF, ny), -pb.max_size * I_F, Z(nF, nd + nu)], -np.inf, 0, True)
    cap = pb.max_services if pb.max_services is not None else max(nS, 1)
    add([Z(nF, nx), _kron(onesS, nF), -cap * I_F, Z(nF, nd + nu)], -np.inf, 0, True)
    add([Z(1, nx + ny), np.ones((1, nF)), Z(1, nd + nu)], k_target, k_target)
    if nE:
        sel_u = sp.csr_array((np.ones(nE), (np.arange(nE), eu)), shape=(nE, nS))
        sel_v = sp.csr_array((np.ones(nE), (np.arange(nE), ev)), shape=(nE, nS))
        dI = sp.identity(nd, format="csr")
        add([Z(nd, nx), _kron(sel_v - sel_u, nF), Z(nd, nF), dI, Z(nd, nu)], 0, np.inf)
        add([Z(nd, nx), _kron(sel_u - sel_v, nF), Z(nd, nF), dI, Z(nd, nu)], 0, np.inf)
    if nQ:
        hold = sp.csr_array(pb.held[np.ix_(fp, qt)].T.astype(float))  # pairs x free people
        qsel = sp.csr_array((np.ones(nQ), (np.arange(nQ), qs)), shape=(nQ, nS))
        add([_kron(hold, nF), -pb.redundancy * _kron(qsel, nF), Z(nQ * nF, nF + nd + nu)], 0, np.inf,
            True)
    if nT:
        qsel = sp.csr_array((np.ones(len(qs)), (np.arange(len(qs)), qs)), shape=(len(qs), nS))
        tsel = sp.csr_array((np.ones(len(qs)), (np.arange(len(qs)), tpos[qt])), shape=(len(qs), nT))
        add([Z(len(qs) * nF, nx), -_kron(qsel, nF), Z(len(qs) * nF, nF + nd), _kron(tsel, nF)], 0, np.inf)
        add([Z(nF, nx + ny), -pb.max_load * I_F, Z(nF, nd), _kron(np.ones((1, nT)), nF)], -np.inf, 0,
            True)
    A = sp.vstack(blocks, format="csr")
    lo_, hi_ = np.concatenate(lo), np.concatenate(hi)
    c = np.concatenate([-pb.lam * pb.cur_p[np.ix_(fp, F)].ravel(), -pb.lam * pb.cur_s[np.ix_(fs, F)].ravel(),
                        np.zeros(nF), np.repeat(ew / 2.0, nF), np.zeros(nu)])
    lb, ub = np.zeros(n0), np.ones(n0)
    fpos = {int(k): j for j, k in enumerate(F)}
    for arr, pins, off in ((fp, pb.pin_p, 0), (fs, pb.pin_s, nx)):
        for i, p in enumerate(arr.tolist()):
            if p in pins and pins[p] in fpos:
                lb[off + i * nF + fpos[pins[p]]] = 1.0
    integ = np.concatenate([np.ones(nx + ny + nF), np.zeros(nd + nu)])
    if soft:  # one penalised slack per row that may be violated (size, services, cover, load)
        rows = np.flatnonzero(np.concatenate(softable))
        sign = np.where(np.isfinite(lo_[rows]), 1.0, -1.0)
        S_ = sp.csr_array((sign, (rows, np.arange(len(rows)))), shape=(A.shape[0], len(rows)))
        A = sp.hstack([A, S_], format="csr")
        c = np.concatenate([c, np.full(len(rows), _penalty(pb))])
        lb, ub = np.concatenate([lb, np.zeros(len(rows))]), np.concatenate([ub, np.full(len(rows), np.inf)])
        integ = np.concatenate([integ, np.zeros(len(rows))])
    return c, [LinearConstraint(A, lo_, hi_)], integ, lb, ub, (nx, ny)


def _decode(x: np.ndarray, fp, fs, F, sizes) -> tuple[np.ndarray, np.ndarray]:
    nx, ny = sizes
    nF = len(F)
    ap = F[x[:nx].reshape(len(fp), nF).argmax(axis=1)] if len(fp) else np.zeros(0, np.intp)
    as_ = F[x[nx:nx + ny].reshape(len(fs), nF).argmax(axis=1)] if len(fs) else np.zeros(0, np.intp)
    return ap, as_


def _exact(pb: _Problem, time_limit: float):
    P, S, K = len(pb.people), len(pb.services), len(pb.teams)
    F = np.arange(K)
    c, cons, integ, lb, ub, sizes = _model(pb, np.arange(P), np.arange(S), F, pb.k_used, soft=False)
    r = solve_milp(c, cons, integrality=integ, lb=lb, ub=ub, time_limit=time_limit)
    const = pb.lam * float(pb.cur_p.any(axis=1).sum() + pb.cur_s.any(axis=1).sum())
    bound = None if r.bound is None else r.bound + const
    if r.x is None:
        if r.status == 2:
            raise InputError("no design satisfies every constraint together (sizes, coverage with "
                             "redundancy, services and load per team, pins)", entity="team design",
                             hint="lower --redundancy, widen --min-size/--max-size, raise "
                                  "--max-services/--max-load, change --teams or drop pins")
        return None, bound, False
    ap, as_ = _decode(r.x, np.arange(P), np.arange(S), F, sizes)
    return (ap, as_), bound, r.optimal


# ----------------------------------------------------------------------------- large neighbourhoods
def _seed(pb: _Problem) -> tuple[np.ndarray, np.ndarray]:
    """Today's organisation, completed: first team of each person, first owner of each service."""
    K = len(pb.teams)
    ap = np.where(pb.cur_p.any(axis=1), pb.cur_p.argmax(axis=1), -1)
    as_ = np.where(pb.cur_s.any(axis=1), pb.cur_s.argmax(axis=1), -1)
    for p, k in pb.pin_p.items():
        ap[p] = k
    for s, k in pb.pin_s.items():
        as_[s] = k
    size = np.bincount(ap[ap >= 0], minlength=K)
    used = list(np.flatnonzero(size > 0))
    while len(used) > pb.k_used:  # close the smallest teams: members join the next smallest
        k = min(used, key=lambda j: size[j])
        used.remove(k)
    for k in np.flatnonzero(size == 0):
        if len(used) < pb.k_used:
            used.append(int(k))
    used_a = np.array(sorted(used))
    for i in np.flatnonzero((ap < 0) | ~np.isin(ap, used_a)):
        size = np.bincount(ap[np.isin(ap, used_a)], minlength=K)
        ap[i] = used_a[np.argmin(size[used_a])]
    for k in used_a:  # an empty new team takes people from the largest teams
        while np.sum(ap == k) < pb.min_size and np.bincount(ap, minlength=K).max() > pb.min_size:
            big = np.bincount(ap, minlength=K).argmax()
            ap[np.flatnonzero(ap == big)[-1]] = k
    for s in np.flatnonzero((as_ < 0) | ~np.isin(as_, used_a)):
        score = np.zeros(K)
        for a, b, w in zip(pb.eu, pb.ev, pb.ew):
            if s in (a, b) and as_[b if a == s else a] >= 0:
                score[as_[b if a == s else a]] += w
        score[~np.isin(np.arange(K), used_a)] = -np.inf
        as_[s] = int(score.argmax()) if score.max() > 0 else used_a[np.argmin(np.bincount(
            as_[as_ >= 0], minlength=K)[used_a])]
    return _repair(pb, ap, as_)


def _repair(pb: _Problem, ap: np.ndarray, as_: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Greedy: a service its team cannot cover goes to the covering team it depends on most."""
    K = len(pb.teams)
    team_held = np.zeros((K, len(pb.tools)), int)
    np.add.at(team_held, ap, pb.held.astype(int))
    used = np.bincount(ap, minlength=K) > 0
    A = sp.csr_array((np.concatenate([pb.ew, pb.ew]), (np.concatenate([pb.eu, pb.ev]),
                                                       np.concatenate([pb.ev, pb.eu]))),
                     shape=(len(pb.services),) * 2)
    cap = pb.max_services if pb.max_services is not None else len(pb.services)

    def attach(s):
        return np.bincount(as_, weights=A[[s]].toarray().ravel(), minlength=K).astype(float)

    def move(s):
        tools = pb.pairs_t[pb.pairs_of[s]]
        ok = used & (team_held[:, tools] >= pb.redundancy).all(axis=1)
        ok &= np.bincount(as_, minlength=K) < cap
        if ok.any():
            score = np.where(ok, attach(s), -np.inf)
            as_[s] = int(score.argmax())

    for s in range(len(pb.services)):
        tools = pb.pairs_t[pb.pairs_of[s]]
        if s not in pb.pin_s and len(tools) and (team_held[as_[s], tools] < pb.redundancy).any():
            move(s)
    for k in np.flatnonzero(np.bincount(as_, minlength=K) > cap):
        own = [s for s in np.flatnonzero(as_ == k) if s not in pb.pin_s]
        own.sort(key=lambda s: attach(s)[k])
        for s in own[:max(0, int(np.sum(as_ == k)) - cap)]:
            move(s)
    return ap, as_


def _neighbourhood(pb: _Problem, ap, as_, rng, n_teams: int, max_people: int) -> np.ndarray:
    K = len(pb.teams)
    W = np.zeros((K, K))
    tu, tv = as_[pb.eu], as_[pb.ev]
    np.add.at(W, (tu, tv), pb.ew)
    W = W + W.T
    np.fill_diagonal(W, 0)
    _, v = _metrics_light(pb, ap, as_)
    used = np.flatnonzero(np.bincount(ap, minlength=K) > 0)
    bad = used[v[used] > 0]
    if len(bad):  # repair first: a team breaking a constraint, with partners that have room
        first = int(rng.choice(bad))
    else:
        score = W.sum(axis=1)[used] + 0.1
        first = int(rng.choice(used, p=score / score.sum()))
    room = np.zeros(K)
    if pb.max_services is not None:
        room = (np.bincount(as_, minlength=K) < pb.max_services) * (1.0 + W.max(initial=0.0))
    chosen, people = [first], int(np.sum(ap == first))
    while len(chosen) < n_teams:
        w = W[chosen].sum(axis=0) + rng.random(K) * (1.0 + 2.0 * bool(len(bad))) + room * bool(len(bad))
        w[chosen] = -np.inf
        w[~np.isin(np.arange(K), used)] = -np.inf
        if not np.isfinite(w).any():
            break
        k = int(w.argmax())
        if people + np.sum(ap == k) > max_people:
            break
        chosen.append(k)
        people += int(np.sum(ap == k))
    return np.array(sorted(chosen))


def _metrics_light(pb: _Problem, ap, as_) -> tuple[float, np.ndarray]:
    """Penalised objective and violation count per team (for the search)."""
    K = len(pb.teams)
    size = np.bincount(ap, minlength=K)
    nserv = np.bincount(as_, minlength=K)
    held = _coverage_counts(pb, ap, as_)
    viol = np.zeros(K)
    np.add.at(viol, as_[pb.pairs_s], np.maximum(pb.redundancy - held, 0))
    used = size > 0
    viol += used * (np.maximum(pb.min_size - size, 0) + np.maximum(size - pb.max_size, 0))
    if pb.max_services is not None:
        viol += np.maximum(nserv - pb.max_services, 0)
    if pb.max_load is not None:
        for k in range(K):
            viol[k] += max(0, len(set(pb.pairs_t[as_[pb.pairs_s] == k].tolist())) - pb.max_load)
    return _objective(pb, ap, as_)[0] + _penalty(pb) * viol.sum(), viol


def _penalty(pb: _Problem) -> float:
    """Weight of one unit of violation: more than any objective difference."""
    return 1.0 + pb.lam * (len(pb.people) + len(pb.services)) + float(pb.ew.sum())


def _lns(pb: _Problem, time_limit: float, seed: int, n_teams: int = 2, max_people: int = 48,
         max_stale: int = 200, sub_limit: float = 1.0):
    rng = np.random.default_rng(seed)
    ap, as_ = _seed(pb)
    best, _ = _metrics_light(pb, ap, as_)
    deadline = time.monotonic() + time_limit
    used, stale = int(np.sum(np.bincount(ap, minlength=len(pb.teams)) > 0)), 0
    while time.monotonic() < deadline - 0.05 and stale < max_stale:
        F = _neighbourhood(pb, ap, as_, rng, n_teams + int(rng.integers(2)), max_people)
        stale = max_stale if len(F) >= used else stale + 1  # the whole organisation: solved once
        fp, fs = np.flatnonzero(np.isin(ap, F)), np.flatnonzero(np.isin(as_, F))
        c, cons, integ, lb, ub, sizes = _model(pb, fp, fs, F, len(F), soft=True)
        r = solve_milp(c, cons, integrality=integ, lb=lb, ub=ub,
                       time_limit=max(0.05, min(sub_limit, deadline - time.monotonic())))
        if r.x is None:
            continue
        a2, s2 = ap.copy(), as_.copy()
        a2[fp], s2[fs] = _decode(r.x, fp, fs, F, sizes)
        val, _ = _metrics_light(pb, a2, s2)
        if val < best - 1e-9:
            stale = 0 if len(F) < used else stale
        if val <= best + 1e-9:
            ap, as_, best = a2, s2, val
    return ap, as_


def _move_bound(pb: _Problem, time_limit: float) -> float | None:
    """A lower bound from which services and people must move (a small covering program).

    With ``m_s`` (service s leaves its only owner) and ``q_p`` (person p leaves
    their only team) as binaries, any design costs at least

    * ``w (1 - m_u - m_v)^+`` for an edge crossing teams today (it still
      crosses unless an end moves),
    * ``w |m_u - m_v|`` for an edge inside one team today (it crosses when
      exactly one end leaves),
    * ``lam`` per service and per person moved,

    subject to: a service whose owner team has fewer than ``redundancy``
    holders of a needed tool moves, or that many holders join the team
    (``(r - h) m_s + sum q_p >= r - h`` over holders outside it); a team
    over ``max_size`` loses that many people; with ``max_services`` = N, at
    most N - 1 of a service's dependencies stay inside its team. Services with several or no
    owners, and people with several or no teams, move for free here and their
    edges are left out, so the bound stays valid. HiGHS' dual bound of this
    program (its optimum, when solved) is returned.
    """
    one_s = pb.cur_s.sum(axis=1) == 1
    one_p = pb.cur_p.sum(axis=1) == 1
    ts = pb.cur_s.argmax(axis=1)
    keep = one_s[pb.eu] & one_s[pb.ev]
    eu, ev, ew = pb.eu[keep], pb.ev[keep], pb.ew[keep]
    X = ts[eu] != ts[ev]
    S, P = len(pb.services), len(pb.people)
    nX, nI = int(X.sum()), int((~X).sum())
    n = S + P + nX + nI
    xo, io = S + P, S + P + nX
    rows, cols, vals, lo, hi = [], [], [], [], []

    def row(cs, vs, lower, upper):
        r = len(lo)
        rows.extend([r] * len(cs))
        cols.extend(cs)
        vals.extend(vs)
        lo.append(lower)
        hi.append(upper)

    for j, (u, v) in enumerate(zip(eu[X], ev[X])):
        row([xo + j, u, v], [1, -1, -1], -np.inf, 0)
    for j, (u, v) in enumerate(zip(eu[~X], ev[~X])):
        row([io + j, u, v], [1, -1, 1], 0, np.inf)
        row([io + j, u, v], [1, 1, -1], 0, np.inf)
    if pb.max_services is not None:  # at most max_services - 1 neighbours share u's team
        for u in range(S):
            xs = np.flatnonzero((eu[X] == u) | (ev[X] == u))
            ins = np.flatnonzero((eu[~X] == u) | (ev[~X] == u))
            if len(xs) + len(ins) > pb.max_services - 1:
                row([*(xo + xs).tolist(), *(io + ins).tolist()], [1.0] * len(xs) + [-1.0] * len(ins),
                    -np.inf, pb.max_services - 1 - len(ins))
    K = len(pb.teams)
    team_held = np.zeros((K, len(pb.tools)), int)
    for p in np.flatnonzero(pb.cur_p.any(axis=1)):
        team_held[pb.cur_p[p]] += pb.held[p]
    for s_, t in zip(pb.pairs_s, pb.pairs_t):
        if one_s[s_]:
            short = pb.redundancy - team_held[ts[s_], t]
            if short > 0:
                joiners = np.flatnonzero(pb.held[:, t] & ~pb.cur_p[:, ts[s_]])
                row([int(s_), *(S + joiners).tolist()], [float(short)] + [1.0] * len(joiners), short, np.inf)
    size = pb.cur_p.sum(axis=0)
    for k in np.flatnonzero(size > pb.max_size):
        mem = np.flatnonzero(pb.cur_p[:, k])
        row((S + mem).tolist(), [1.0] * len(mem), float(size[k] - pb.max_size), np.inf)
    c = np.concatenate([pb.lam * one_s, pb.lam * one_p, -ew[X], ew[~X]])
    A = sp.csr_array((vals, (rows, cols)), shape=(len(lo), n))
    r = solve_milp(c, [LinearConstraint(A, np.array(lo), np.array(hi))],
                   integrality=np.concatenate([np.ones(S + P), np.zeros(nX + nI)]),
                   lb=np.zeros(n), ub=np.concatenate([np.ones(S + P + nX), np.full(nI, np.inf)]),
                   time_limit=time_limit)
    return None if r.bound is None else r.bound + float(ew[X].sum())


_MAX_GROUPS = 4_000_000
"""Connected service groups the component bound enumerates at most (else it gives no bound)."""


def _grow(level: np.ndarray, A: sp.csr_array) -> np.ndarray:
    """Connected service sets one larger than the rows of ``level`` (sorted rows, each set once).

    Examples
    --------
    >>> A = sp.csr_array(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]]))
    >>> _grow(np.array([[0], [1], [2]]), A).tolist()
    [[0, 1], [1, 2]]
    """
    m, k = level.shape
    rows, xs = [], []
    for j in range(k):  # every neighbour of every member
        c = level[:, j]
        cnt = A.indptr[c + 1] - A.indptr[c]
        r = np.repeat(np.arange(m), cnt)
        xs.append(A.indices[np.repeat(A.indptr[c] - np.cumsum(cnt) + cnt, cnt) + np.arange(len(r))])
        rows.append(r)
    r, x = np.concatenate(rows), np.concatenate(xs)
    keep = (level[r] != x[:, None]).all(axis=1)
    new = np.sort(np.column_stack([level[r[keep]], x[keep]]), axis=1)
    if float(A.shape[0]) ** (k + 1) < 2.0**62:  # one integer key per set: a fast unique
        key = np.zeros(len(new), np.int64)
        for j in range(k + 1):
            key = key * A.shape[0] + new[:, j]
        return new[np.unique(key, return_index=True)[1]]
    return np.unique(new, axis=0)


def _short_charge(pb: _Problem, ts: np.ndarray) -> np.ndarray:
    """Per service: a share of the people who must join its team if it stays there.

    A service of team ``a`` whose tool ``t`` has ``h`` holders in ``a`` today
    and ``f`` holders with no team (who join for free) needs at least
    ``r - h - f`` paid joiners if it stays. The team's joiners are shared by
    its ``n_a`` short services, so each is charged ``short / n_a``: the
    charges of a team sum to at most its largest shortfall.
    """
    S, K = len(pb.services), len(pb.teams)
    team_held = (pb.cur_p.T.astype(np.int64) @ pb.held.astype(np.int64)) if K else np.zeros((0, 0))
    free = pb.held[~pb.cur_p.any(axis=1)].sum(axis=0)
    short = np.zeros(S)
    own = ts[pb.pairs_s] >= 0
    gap = pb.redundancy - team_held[ts[pb.pairs_s[own]], pb.pairs_t[own]] - free[pb.pairs_t[own]]
    np.maximum.at(short, pb.pairs_s[own], np.maximum(gap, 0).astype(float))
    n_short = np.bincount(ts[(short > 0) & (ts >= 0)], minlength=K)
    return np.where(short > 0, short / np.maximum(n_short[np.maximum(ts, 0)], 1), 0.0)


def _group_cost(pb: _Problem, sets: np.ndarray, W: sp.csr_array, ts: np.ndarray,
                sigma: np.ndarray, move: np.ndarray) -> np.ndarray:
    """Least cost of each group of services put together in one team.

    ``-w(C) + lam * (services moved + short charges of those that stay)``,
    minimised over the team: one of the members' teams today, or another.
    """
    m, k = sets.shape
    w = np.zeros(m)
    for a in range(k):
        for b in range(a + 1, k):
            w += W[sets[:, a], sets[:, b]]
    t = ts[sets]
    own = t >= 0
    mv, sg = move[sets], sigma[sets]
    fresh = (own * mv).sum(axis=1)  # all move to a team none of them is in today
    best = fresh
    for j in range(k):
        same = own & (t == t[:, [j]])
        stay = np.where(own[:, j], fresh + (same * (sg - mv)).sum(axis=1), np.inf)
        best = np.minimum(best, stay)
    return -w + pb.lam * best


def _safe_dual(y: np.ndarray, levels: list[np.ndarray], costs: list[np.ndarray]) -> float:
    """``sum(y)`` after lowering ``y`` until no group's shares exceed its cost (a valid dual).

    Each service gives up the largest excess ``(sum_{v in C} y_v - cost(C)) / |C|``
    of its groups, so every group's shares sum to at most its cost and the
    value is a proven lower bound, whatever rounding the solver made.

    Examples
    --------
    >>> pairs = [np.array([[0], [1]]), np.array([[0, 1]])]
    >>> _safe_dual(np.array([0.0, -1.5]), pairs, [np.zeros(2), np.array([-1.0])])  # 0.25 too low each
    -1.5
    """
    cut = np.zeros(len(y))
    for level, cost in zip(levels, costs):
        excess = np.maximum(y[level].sum(axis=1) - cost, 0.0) / level.shape[1]
        for j in range(level.shape[1]):
            np.maximum.at(cut, level[:, j], excess)
    return float((y - cut).sum())


def _partition_lp(levels: list[np.ndarray], costs: list[np.ndarray], time_limit: float) -> np.ndarray | None:
    """Duals of the set-partitioning LP over groups (min sum cost x, each service in one group).

    Groups that cost no less than their members alone are left out: the
    singletons cover them (and :func:`_safe_dual` checks every group anyway).
    None when HiGHS does not solve it in ``time_limit`` seconds.
    """
    from scipy.optimize import linprog

    S = len(levels[0])
    keep = [c < costs[0][lv].sum(axis=1) - 1e-9 for lv, c in zip(levels, costs)]
    keep[0] = np.ones(S, bool)
    sets = [lv[k] for lv, k in zip(levels, keep)]
    offs = np.cumsum([0] + [len(x) for x in sets])
    rows = np.concatenate([x.ravel() for x in sets])
    cols = np.concatenate([np.repeat(np.arange(len(x)), x.shape[1]) + o for x, o in zip(sets, offs)])
    M = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(S, int(offs[-1])))
    c = np.concatenate([cost[k] for cost, k in zip(costs, keep)])
    r = linprog(c, A_eq=M, b_eq=np.ones(S), bounds=(0, None), method="highs",
                options={"time_limit": float(time_limit), "presolve": True})
    if r.status != 0 or getattr(r, "eqlin", None) is None:
        return None
    return np.asarray(r.eqlin.marginals, float)


def _component_bound(pb: _Problem, max_groups: int = _MAX_GROUPS, lp_seconds: float = 0.0) -> float | None:
    """A lower bound from the service groups a design can form (with ``max_services``).

    Split each team of a design into the connected pieces (in the dependency
    graph) of its services: pieces have at most ``max_services`` = N services,
    and the design costs at least the total dependency weight plus, over the
    pieces C, ``cost(C) = -w(C) + lam (moved services of C + short charges,
    :func:`_short_charge`)``, since dependencies between pieces cross nothing
    and people moves are at least the charges. So the set-partitioning
    program "choose pieces covering every service once at least cost" bounds
    the design from below, and so does any feasible dual ``y`` of its LP
    relaxation (``sum_{u in C} y_u <= cost(C)`` for every connected C):

    * the equal shares :math:`y_u = \\min_{C \\ni u} \\text{cost}(C) / |C|`
      (always), and
    * the LP's optimal duals when HiGHS solves it within ``lp_seconds``,
      checked and made feasible by :func:`_safe_dual`.

    A team over N services today must shed the excess; this is priced in
    with a Lagrange multiplier of 0 or 1 on "moved >= excess" (the better is
    kept). Services with several or no owners and people with several teams
    are counted as moving for free. Returns None without ``max_services`` or
    when more than ``max_groups`` connected groups would have to be listed.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"people": [{"name": "a"}, {"name": "b"}],
    ...     "teams": [{"name": "T", "members": ["a"], "services": ["x"]},
    ...               {"name": "U", "members": ["b"], "services": ["y", "z"]}],
    ...     "services": [{"name": "x", "depends_on": ["y", "z"]}, {"name": "y"}, {"name": "z"}]})
    >>> pb = _problem(s, None, {}, min_size=1, max_size=1, redundancy=1, max_services=3,
    ...               max_load=None, lam=1.0)
    >>> _component_bound(pb), _component_bound(pb, lp_seconds=5)  # x joins U: 2 - 2 + 1 move
    (1.0, 1.0)
    """
    if pb.max_services is None:
        return None
    S, K, N = len(pb.services), len(pb.teams), pb.max_services
    single = pb.cur_s.sum(axis=1) == 1
    ts = np.where(single, pb.cur_s.argmax(axis=1), -1)
    sigma = _short_charge(pb, ts)
    W = sp.csr_array((np.concatenate([pb.ew, pb.ew]), (np.concatenate([pb.eu, pb.ev]),
                                                       np.concatenate([pb.ev, pb.eu]))), shape=(S, S))
    W.sum_duplicates()
    A = sp.csr_array((np.ones(W.nnz), W.indices, W.indptr), shape=(S, S))
    levels = [np.arange(S)[:, None]]
    for _ in range(1, min(N, S)):
        if float(np.diff(A.indptr)[levels[-1]].sum()) > max_groups:
            return None
        levels.append(_grow(levels[-1], A))
    over = np.maximum(np.bincount(ts[single], minlength=K) - N, 0)
    best: tuple[float, list[np.ndarray], float] = (-np.inf, [], 0.0)
    for pi in (np.zeros(K), (over > 0).astype(float)):
        move = np.where(single, 1.0 - pi[np.maximum(ts, 0)], 0.0)
        costs = [pb.lam * np.minimum(sigma, move)]
        costs += [_group_cost(pb, lv, W, ts, sigma, move) for lv in levels[1:]]
        y = costs[0].copy()  # equal shares of each service's cheapest group
        for lv, c in zip(levels[1:], costs[1:]):
            for j in range(lv.shape[1]):
                np.minimum.at(y, lv[:, j], c / lv.shape[1])
        const = float(pb.ew.sum() + pb.lam * (pi * over).sum())
        value = _safe_dual(y, levels, costs) + const
        if value > best[0]:
            best = (value, costs, const)
    value, costs, const = best
    duals = _partition_lp(levels, costs, lp_seconds) if lp_seconds > 0 else None
    if duals is not None:
        value = max(value, _safe_dual(duals, levels, costs) + const)
    return value


# ----------------------------------------------------------------------------- public API
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
    parse_pins : Pins from name=team texts.
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
    if not optimal:
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


def _search_and_bound(pb: _Problem, sol, bound: float | None, deadline: float, seed: int):
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
    teams = []
    for t in design.teams:
        keep = {k: v for k, v in old.get(t.name, {}).items() if k not in ("members", "services")}
        keep.update(name=t.name, members=t.members, services=t.services)
        teams.append(keep)
    kept = {t["name"] for t in teams}
    for t in teams:
        t["interactions"] = [x for x in t.get("interactions", []) if x["team"] in kept]
    data["teams"] = teams
    return Scenario.model_validate(data)
