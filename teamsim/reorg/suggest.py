"""Which ownership minimises cross-team dependencies: :func:`suggest_ownership`.

Each service goes to one team, minimising weighted cross-team dependencies plus
lambda per service moved away from its current owners, subject to each team's
capacity (:mod:`teamsim.reorg.capacity`) and pinned services. Small instances
are solved exactly (:mod:`teamsim.reorg.exact`), large ones by local search
(:mod:`teamsim.reorg.localsearch`), always with a lower bound and the gap.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping

import numpy as np
import scipy.sparse as sp

from teamsim.budget import seconds, whole
from teamsim.communication import TWO_PIZZA_LIMIT
from teamsim.errors import InputError
from teamsim.ownership import OwnershipMatrices, ownership_matrices, ownership_report
from teamsim.reorg._common import (
    _check_memory,
    _data,
    _keep,
    _objective,
    _primary,
    _prune_interactions,
    _undirected,
)
from teamsim.reorg.capacity import _effective_ownership, team_capacities
from teamsim.reorg.exact import _exact, _matching_bound
from teamsim.reorg.localsearch import _initial, _local_search
from teamsim.reorg.results import Move, OwnershipSuggestion
from teamsim.reorg.whatif import compare_reports
from teamsim.scenario import Scenario
from teamsim.seeds import DEFAULT_SEED

__all__ = ["suggest_ownership"]


def _drop_free_moves(assign: np.ndarray, cur: np.ndarray, A: sp.csr_array, O0: sp.csr_array,
                     owned: np.ndarray, load: np.ndarray, cap: np.ndarray, lam: float,
                     pinned_to: Mapping[int, int]) -> np.ndarray:
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


def _current_objective(A: sp.csr_array, O0: sp.csr_array, owned: np.ndarray, load: np.ndarray,
                       cap: np.ndarray, lam: float,
                       primary: np.ndarray) -> tuple[np.ndarray, bool, float | None, str | None]:
    """The current assignment, whether it is feasible, its objective and a note when it has none."""
    S, T = O0.shape
    cur_assign = np.where(owned, _primary(O0), -1) if T else primary.copy()
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


def _solve(A: sp.csr_array, O0: sp.csr_array, owned: np.ndarray, load: np.ndarray, cap: np.ndarray,
           pinned_to: Mapping[int, int], lam: float, lam_s: float, *, use_exact: bool, rounds: int, seed: int,
           t0: float, time_limit: float, bound_milp: bool = False) -> tuple[np.ndarray, float, bool, str]:
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
        if ex is not None and assign is not None and (_objective(ex, A, O0, owned, lam_s)[0]
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
    if assign is None:   # only the exact method gets here without a local-search result
        raise InputError("no ownership found within the time limit",
                         hint="raise --time-limit or the team capacities")
    return assign, lower, optimal, meth


def _gap(obj: float, lower: float | None, optimal: bool, eps: float,
         S: int) -> tuple[float | None, float | None, bool]:
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


def _reassigned(scenario: Scenario, m: OwnershipMatrices, assign: np.ndarray) -> tuple[list[Move], Scenario]:
    """The moves of ``assign`` and the scenario with services owned as ``assign`` says."""
    moves: list[Move] = []
    data = _data(scenario)
    by_team: dict[str, list[str]] = {t.name: [] for t in scenario.teams}
    O = sp.csr_array(m.O)  # noqa: E741
    O.sort_indices()
    for i, name in enumerate(m.services):
        to = m.teams[assign[i]]
        by_team[to].append(name)
        lo, hi = O.indptr[i], O.indptr[i + 1]
        before = [m.teams[j] for j in O.indices[lo:hi][O.data[lo:hi] > 0]]
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

    See Also
    --------
    teamsim.reorg.split_team : Split one oversized team.
    teamsim.design.design_teams : Also choose who is in which team.
    teamsim.reorg.team_capacities : The capacities it respects.

    Notes
    -----
    Exact model (HiGHS branch and cut through :func:`scipy.optimize.milp`):
    binary ``x_st`` (service s to team t), ``d_et >= |x_ut - x_vt|`` for every
    undirected dependency e = {u, v} and team t, minimise
    ``sum_e (w_e / 2) sum_t d_et - lam sum_st O0_st x_st`` subject to
    ``sum_t x_st = 1``, ``sum_s load_s x_st <= cap_t`` and pinned ``x``
    (the L1 form, whose LP relaxation is tighter than ``z_e >= x_ut - x_vt``);
    S T + E T variables and S + T + 2 E T constraints. Local search: vectorised best-improvement single
    moves (the gain of moving a service to each team its neighbours are in or it has a
    share of, computed from its dependencies: O(S + E) memory, no S x T array) and pairwise
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
    lower: float | None
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
