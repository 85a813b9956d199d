"""The team assembly model of Guimerà, Uzzi, Spiro & Amaral (Science, 2005).

Teams are assembled one per time step. Each of the ``m`` seats goes to an *incumbent*
(someone already in the network) with probability ``p``, otherwise to a *newcomer*. An
incumbent seat is filled, with probability ``q``, by a past collaborator of an incumbent
already on the team (a *repeat collaboration*), otherwise by a random incumbent. People
inactive for more than ``tau`` steps leave the network with their links. The collaboration
network's structure is set by p and q: for small p the network is a dust of small
clusters, and as p grows a giant component appears. Guimerà et al. describe this as a
phase transition (of an infinite network); at the sizes simulated here (about
m x (tau + 1) active people, 124 for the defaults) it is a smooth crossover whose width
shrinks as the network grows. They found that successful Broadway and scientific teams sat
at intermediate p and q, past that transition.

References
----------
.. [1] R. Guimerà, B. Uzzi, J. Spiro and L. A. N. Amaral, "Team assembly mechanisms
   determine collaboration network structure and team performance", Science 308,
   697-702 (2005).

Examples
--------
>>> r = assemble_teams(m=4, p=0.8, q=0.3, tau=10, steps=300, seed=1)
>>> len(r.teams), r.teams[0]
(300, [0, 1, 2, 3])
>>> r.giant_share[-1] > 0.5
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from typing import Any

import numpy as np
import scipy.sparse as sp
from pydantic import Field
from scipy.sparse.csgraph import connected_components

from teamsim import defaults as _defaults
from teamsim._results import Result
from teamsim.affiliation import AffiliationNetwork, affiliation_from_members
from teamsim.budget import check_work, whole
from teamsim.errors import InputError
from teamsim.seeds import DEFAULT_SEED, Seed, make_rng
from teamsim.sweep import sweep

__all__ = ["DEFAULTS", "AssemblyParameters", "AssemblyResult", "AssemblyRun", "AssemblySeries",
           "AssemblySweep", "Stationary", "SweepPoint", "assemble_teams", "assembly_network", "assembly_row",
           "assembly_run", "assembly_sweep", "check_assembly_row", "stationary"]

#: Default parameters (:data:`teamsim.defaults.ASSEMBLY`), shared by the library, ``teamsim
#: assembly``, ``teamsim sweep assembly`` and the app.
DEFAULTS = _defaults.ASSEMBLY


class AssemblyResult(Result):
    """A run of the team assembly model.

    Attributes
    ----------
    m, p, q, tau, steps, seed
        The parameters (seed None when a Generator or fresh entropy was used).
    teams : list of list of int
        People (integer ids, in order of arrival) of the team assembled at each step.
    times : list of int
        Steps at which the network was measured.
    active : list of int
        People in the network at those steps (active within the last ``tau`` steps).
    edges : list of int
        Collaboration ties among them.
    giant_share : list of float
        S: share of active people in the largest connected component.
    giant_size : list of int
        People in the largest connected component.
    incumbent_share : float
        Share of seats that went to incumbents (close to p after the start).
    repeat_share : float
        Share of incumbent seats that were repeat collaborations.
    """

    m: int
    p: float
    q: float
    tau: int
    steps: int
    seed: int | None = None
    teams: list[list[int]] = Field(default_factory=list)
    times: list[int] = Field(default_factory=list)
    active: list[int] = Field(default_factory=list)
    edges: list[int] = Field(default_factory=list)
    giant_share: list[float] = Field(default_factory=list)
    giant_size: list[int] = Field(default_factory=list)
    incumbent_share: float = 0.0
    repeat_share: float = 0.0


class SweepPoint(Result):
    """Giant component share at one (p, q), over seeds."""

    p: float
    q: float
    giant_share: float
    giant_share_sd: float
    runs: int


class AssemblySweep(Result):
    """Giant component share over a grid of p (and q): the phase transition."""

    m: int
    tau: int
    steps: int
    points: list[SweepPoint] = Field(default_factory=list)


def _check(m: int, p: float, q: float, tau: int, steps: int, record_every: int | None = None) -> None:
    for name, val, ok, hint in (("m", m, m >= 1, "team size is at least 1"),
                                ("p", p, 0 <= p <= 1, "p is a probability in [0, 1]"),
                                ("q", q, 0 <= q <= 1, "q is a probability in [0, 1]"),
                                ("tau", tau, tau >= 1, "tau is at least 1 step"),
                                ("steps", steps, steps >= 1, "run at least 1 step"),
                                ("record_every", record_every, record_every is None or record_every >= 1,
                                 "record at least every step")):
        if not ok:
            raise InputError(f"{name} = {val} is out of range", entity=f"assembly parameter {name}",
                             hint=hint)
    for name, val in (("m", m), ("tau", tau), ("steps", steps)):
        whole(name, val)
    check_work(_work(m, tau, steps, record_every), params="steps, m",
               entity=f"team assembly model m={m}, tau={tau}, steps={steps:,}")


def _work(m: int, tau: int, steps: int, record_every: int | None = None) -> int:
    """Estimated operations (:mod:`teamsim.budget`) of one run of the model.

    Each step seats m people and links every pair (600 m^2 + 2,000 m: measured 2-9 us
    per step x m^2 for m = 4-200); each measurement of the giant component walks the
    active network (about m^2 min(tau, steps) links).
    """
    every = record_every or max(1, steps // 100)
    return steps * (600 * m * m + 2_000 * m) + (steps // every + 1) * 10 * m * m * min(tau, steps)


class _Pool:
    """Active people with O(1) random choice and removal."""

    def __init__(self) -> None:
        self.items: list[int] = []
        self.pos: dict[int, int] = {}

    def add(self, x: int) -> None:
        if x not in self.pos:
            self.pos[x] = len(self.items)
            self.items.append(x)

    def remove(self, x: int) -> None:
        i = self.pos.pop(x)
        last = self.items.pop()
        if i < len(self.items):
            self.items[i] = last
            self.pos[last] = i


def _measure(collab: dict[int, set[int]], pool: _Pool) -> tuple[int, int, int]:
    """(active people, ties, giant component size)."""
    people = pool.items
    n = len(people)
    if n == 0:
        return 0, 0, 0
    index = pool.pos
    rows, cols = [], []
    for a in people:
        ia = index[a]
        for b in collab[a]:
            rows.append(ia)
            cols.append(index[b])
    adj = sp.csr_matrix((np.ones(len(rows), np.int8), (rows, cols)), shape=(n, n))
    _, labels = connected_components(adj, directed=False)
    return n, len(rows) // 2, int(np.bincount(labels).max())


def assemble_teams(*, m: int = DEFAULTS["m"], p: float = DEFAULTS["p"], q: float = DEFAULTS["q"],
                   tau: int = DEFAULTS["tau"], steps: int = DEFAULTS["steps"], seed: Seed = DEFAULT_SEED,
                   record_every: int | None = None) -> AssemblyResult:
    """Simulate the team assembly model.

    Parameters
    ----------
    m : int, default 4
        Team size (people per team).
    p : float in [0, 1], default 0.6
        Probability that a seat goes to an incumbent.
    q : float in [0, 1], default 0.5
        Probability that an incumbent seat repeats a collaboration (a past collaborator of
        an incumbent already on the team).
    tau : int, default 30
        Steps of inactivity after which a person leaves the network.
    steps : int, default 1000
        Teams to assemble (one per step).
    seed : int, SeedSequence, numpy Generator or None, default 0
        Same int, same run.
    record_every : int, optional
        Measure the network every this many steps (default: about 100 measurements).

    Returns
    -------
    AssemblyResult

    Raises
    ------
    InputError
        Parameters out of range.

    See Also
    --------
    assembly_run : A checked run with its stationary state.
    assembly_network : A run's teams as an affiliation network.
    stationary : Summarise a run.

    Notes
    -----
    Seat rules as in Guimerà et al. (2005), Fig. 1: with probability p an incumbent, else
    a newcomer; an incumbent seat is, with probability q, a random collaborator of a random
    incumbent already on the team (if that incumbent has one not yet on the team), else a
    random incumbent not yet on the team (a newcomer if none is left). The network after step
    t holds the people active in steps [t - tau, t] and every tie among them, so at most
    m (tau + 1) people; with p = 0 exactly that many in tau + 1 separate teams
    (S = 1 / (tau + 1)), with p = 1 the first team forever (S = 1). O(steps x m) seat draws;
    each measurement O(active + ties).

    References
    ----------
    .. [1] R. Guimerà, B. Uzzi, J. Spiro and L. A. N. Amaral, "Team assembly mechanisms
       determine collaboration network structure and team performance", Science 308,
       697-702 (2005): the model (incumbent probability p, repeat-collaboration
       probability q, team size m, leaving after tau idle steps), Fig. 1.

    Examples
    --------
    >>> a = assemble_teams(p=0.5, steps=50, seed=3)
    >>> b = assemble_teams(p=0.5, steps=50, seed=3)
    >>> a == b
    True
    """
    _check(m, p, q, tau, steps, record_every)
    rng = make_rng(seed)
    every = record_every or max(1, steps // 100)
    collab: dict[int, set[int]] = {}
    last: dict[int, int] = {}
    expire: dict[int, list[int]] = {}
    pool = _Pool()
    next_id = 0
    teams: list[list[int]] = []
    times, active, edges, giant, gsize = [], [], [], [], []
    seats_inc = seats_rep = 0
    u = rng.random((steps, m, 3))
    for t in range(steps):
        team: list[int] = []
        on_team: set[int] = set()
        incumbents: list[int] = []
        for s in range(m):
            chosen = None
            if u[t, s, 0] < p and len(pool.items) > len(incumbents):
                if incumbents and u[t, s, 1] < q:
                    src = incumbents[int(rng.integers(len(incumbents)))]
                    options = [c for c in collab[src] if c not in on_team]
                    if options:
                        chosen = options[int(u[t, s, 2] * len(options))]
                        seats_rep += 1
                if chosen is None:
                    for _ in range(50):
                        c = pool.items[int(rng.integers(len(pool.items)))]
                        if c not in on_team:
                            chosen = c
                            break
                if chosen is not None:
                    seats_inc += 1
                    incumbents.append(chosen)
            if chosen is None:
                chosen = next_id
                next_id += 1
                collab[chosen] = set()
            team.append(chosen)
            on_team.add(chosen)
        for a in team:
            collab[a].update(x for x in team if x != a)
            last[a] = t
            expire.setdefault(t + tau + 1, []).append(a)
            pool.add(a)
        for a in expire.pop(t, []):
            if last[a] + tau + 1 == t and a in pool.pos:  # inactive for more than tau steps: leaves
                pool.remove(a)
                for b in collab.pop(a):
                    collab[b].discard(a)
        teams.append(team)
        if (t + 1) % every == 0 or t == steps - 1:
            n, e, g = _measure(collab, pool)
            times.append(t + 1)
            active.append(n)
            edges.append(e)
            giant.append(g / n if n else 0.0)
            gsize.append(g)
    return AssemblyResult(m=m, p=p, q=q, tau=tau, steps=steps,
                          seed=seed if isinstance(seed, int) else None, teams=teams, times=times,
                          active=active, edges=edges, giant_share=giant, giant_size=gsize,
                          incumbent_share=seats_inc / (steps * m),
                          repeat_share=seats_rep / max(seats_inc, 1))


def assembly_network(result: AssemblyResult) -> AffiliationNetwork:
    """The teams of a run as an affiliation network (people ``"agent <id>"``, year = step).

    Use :func:`~teamsim.affiliation.time_windows` with ``width=tau`` for the network at
    each step, or :func:`~teamsim.smallworld.small_world_by_window` for Q over time.

    Parameters
    ----------
    result : AssemblyResult
        A run of :func:`assemble_teams`.

    Returns
    -------
    AffiliationNetwork
        One project per assembled team (year = its step), people named
        ``"agent <id>"``.

    See Also
    --------
    assemble_teams : Run the model.
    teamsim.smallworld.small_world : Small-world statistics of the network.

    Examples
    --------
    >>> net = assembly_network(assemble_teams(steps=5, p=0.0, seed=1))
    >>> net.n_people, net.n_projects, net.years
    (20, 5, (1, 2, 3, 4, 5))
    """
    names = {f"team {t + 1}": [f"agent {a}" for a in team] for t, team in enumerate(result.teams)}
    years = {f"team {t + 1}": t + 1 for t in range(len(result.teams))}
    return affiliation_from_members(names, years=years)


def check_assembly_row(m: int, p: float, q: float, tau: int, steps: int, tail: float) -> None:
    """Refuse parameters of :func:`assembly_row` that are out of range (before a sweep runs).

    Parameters
    ----------
    m : int
        Team size (>= 1).
    p : float
        Probability that a seat goes to an incumbent, in [0, 1].
    q : float
        Probability that an incumbent seat repeats a collaboration, in [0, 1].
    tau : int
        Steps of inactivity after which a person leaves the network (>= 1).
    steps : int
        Teams to assemble (>= 1).
    tail : float
        Fraction of the run's measurements the giant component share is averaged
        over, in (0, 1].

    Raises
    ------
    InputError
        Naming the first parameter out of range (or not a whole number) and its
        range, or a run over the ``max_work`` limit.

    See Also
    --------
    assembly_row : The run these parameters are for.

    References
    ----------
    .. [1] R. Guimerà, B. Uzzi, J. Spiro and L. A. N. Amaral, "Team assembly mechanisms
       determine collaboration network structure and team performance", Science 308,
       697-702 (2005).

    Examples
    --------
    >>> check_assembly_row(4, 0.5, 0.5, 10, 100, 0.2)
    >>> check_assembly_row(4, 1.5, 0.5, 10, 100, 0.2)
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: error: p = 1.5 is out of range
      entity: assembly parameter p
      fix: p is a probability in [0, 1]
    """
    _check(m, p, q, tau, steps)
    if not 0 < tail <= 1:
        raise InputError(f"tail = {tail} is out of range", entity="assembly parameter tail",
                         hint="tail is the last share of a run to average over, in (0, 1]")


class AssemblyParameters(Result):
    """The parameters of one run (:func:`assembly_run`)."""

    m: int
    p: float
    q: float
    tau: int
    steps: int
    tail: float
    seed: int


class AssemblySeries(Result):
    """A run's measurements over time (see :class:`AssemblyResult`)."""

    times: list[int]
    active: list[int]
    giant_size: list[int]
    giant_share: list[float]
    edges: list[int]


class AssemblyRun(Result):
    """One run with its parameters, stationary state and time series (``teamsim assembly --json``)."""

    parameters: AssemblyParameters
    stationary: Stationary
    series: AssemblySeries


def assembly_run(m: int = DEFAULTS["m"], p: float = DEFAULTS["p"], q: float = DEFAULTS["q"],
                 tau: int = DEFAULTS["tau"], steps: int = DEFAULTS["steps"], tail: float = DEFAULTS["tail"],
                 *, seed: int = DEFAULT_SEED) -> AssemblyRun:
    """One checked run of the team assembly model, summarised: parameters, stationary state, series.

    Parameters
    ----------
    m, p, q, tau, steps, seed
        As :func:`assemble_teams` (the seed an integer, so the run can be repeated).
    tail : float in (0, 1], default 0.2
        Last share of the measurements averaged for the stationary state (:func:`stationary`).

    Returns
    -------
    AssemblyRun

    Raises
    ------
    InputError
        Parameters out of range (:func:`check_assembly_row`).

    See Also
    --------
    assemble_teams : The raw run.
    stationary : The summary it reports.
    assembly_sweep : The giant component over a grid of p and q.

    References
    ----------
    .. [1] R. Guimerà, B. Uzzi, J. Spiro and L. A. N. Amaral, "Team assembly mechanisms
       determine collaboration network structure and team performance", Science 308,
       697-702 (2005): the model, Fig. 1.

    Examples
    --------
    >>> r = assembly_run(p=0.0, steps=300, seed=0)
    >>> r.parameters.p, r.stationary.active, len(r.series.times) == len(r.series.giant_share)
    (0.0, 124.0, True)
    """
    check_assembly_row(m, p, q, tau, steps, tail)
    r = assemble_teams(m=m, p=p, q=q, tau=tau, steps=steps, seed=seed)
    params = AssemblyParameters(m=m, p=p, q=q, tau=tau, steps=steps, tail=tail, seed=seed)
    return AssemblyRun(parameters=params, stationary=stationary(r, tail),
                       series=AssemblySeries(times=r.times, active=r.active, giant_size=r.giant_size,
                                             giant_share=r.giant_share, edges=r.edges))


def assembly_row(m: int = DEFAULTS["m"], p: float = DEFAULTS["p"], q: float = DEFAULTS["q"],
                 tau: int = DEFAULTS["tau"], steps: int = DEFAULTS["steps"], tail: float = DEFAULTS["tail"],
                 *, seed: Seed = DEFAULT_SEED) -> dict[str, Any]:
    """One run of the team assembly model as a row of a sweep.

    Parameters
    ----------
    m, p, q, tau, steps, seed
        As :func:`assemble_teams`.
    tail : float in (0, 1], default 0.2
        The giant component share is averaged over this last fraction of the run's
        measurements (the stationary state).

    Returns
    -------
    dict
        ``giant_share`` S (tail mean) and ``giant_share_sd`` (its standard deviation over
        the tail's measurements), ``active`` people and ``giant_size`` (tail means),
        ``incumbent_share``, ``repeat_share``, and the ``edges`` at the end.

    Raises
    ------
    InputError
        Parameters out of range.

    See Also
    --------
    assembly_run : The same run with its time series.
    teamsim.sweep.sweep : Run rows over a parameter grid.

    Examples
    --------
    >>> assembly_row(p=1.0, tau=10, steps=200, seed=0)["giant_share"]
    1.0
    """
    check_assembly_row(m, p, q, tau, steps, tail)
    r = assemble_teams(m=m, p=float(p), q=float(q), tau=tau, steps=steps, seed=seed)
    return stationary(r, tail).model_dump(exclude={"tail", "measurements"})


class Stationary(Result):
    """The stationary state of a run: means over the last ``tail`` of its measurements.

    Attributes
    ----------
    tail : float
    measurements : int
        Measurements averaged.
    giant_share, giant_share_sd : float
        S, the share of active people in the giant component: mean and standard deviation
        over those measurements.
    active : float
        Mean number of active agents (at most m (tau + 1)).
    giant_size : float
        Mean number of people in the giant component (S x active, measurement by measurement).
    incumbent_share, repeat_share : float
        Over the whole run (see :class:`AssemblyResult`).
    edges : int
        Ties at the end.
    """

    tail: float
    measurements: int
    giant_share: float
    giant_share_sd: float
    active: float
    giant_size: float
    incumbent_share: float
    repeat_share: float
    edges: int


def stationary(r: AssemblyResult, tail: float = DEFAULTS["tail"]) -> Stationary:
    """Summarise a run's stationary state: S, its spread, active agents, giant size.

    Parameters
    ----------
    r : AssemblyResult
        A run of :func:`assemble_teams`.
    tail : float in (0, 1], default 0.2
        Last share of the run's measurements to average over.

    Returns
    -------
    Stationary

    See Also
    --------
    assemble_teams : The run it summarises.
    assembly_run : A run and its summary.

    Examples
    --------
    p = 0: every team is new people, so tau + 1 = 31 separate teams of 4 are active and
    S = 1/31.

    >>> s = stationary(assemble_teams(p=0.0, steps=300, seed=0))
    >>> s.active, s.giant_size, round(s.giant_share, 4), round(s.giant_share_sd, 12)
    (124.0, 4.0, 0.0323, 0.0)
    """
    k = max(1, int(round(len(r.giant_share) * tail)))
    s = r.giant_share[-k:]
    return Stationary(tail=tail, measurements=k, giant_share=float(np.mean(s)),
                      giant_share_sd=float(np.std(s)), active=float(np.mean(r.active[-k:])),
                      giant_size=float(np.mean(r.giant_size[-k:])),
                      incumbent_share=r.incumbent_share, repeat_share=r.repeat_share, edges=r.edges[-1])


def assembly_sweep(ps: Sequence[float] = tuple(np.round(np.linspace(0, 1, 11), 2)),
                   qs: Sequence[float] = (0.0,), *, m: int = DEFAULTS["m"], tau: int = DEFAULTS["tau"],
                   steps: int = DEFAULTS["steps"], runs: int = 3, tail: float = DEFAULTS["tail"],
                   seed: Seed = DEFAULT_SEED,
                   executor: Executor | str | None = None, workers: int | None = None,
                   progress: bool | Callable[[int, int], object] = False) -> AssemblySweep:
    """Giant component share over p (and q): the phase transition of team assembly.

    Parameters
    ----------
    ps, qs : sequences of float
        Grid of p and q values.
    m, tau, steps
        Model parameters, see :func:`assemble_teams`.
    runs : int, default 3
        Independent runs per grid point (replicates of :func:`teamsim.sweep.sweep`).
    tail : float, default 0.2
        The share is averaged over this last fraction of each run (the stationary state).
    seed : int, SeedSequence, numpy Generator or None, default 0
        Run ``j`` of grid point ``i`` (q outer, p inner) uses child ``i * runs + j`` of
        ``numpy.random.SeedSequence(seed)``.
    executor, workers
        Where the runs go (see :func:`teamsim.sweep.open_executor`): default
        ``TEAMSIM_DASK_SCHEDULER`` or local Dask worker processes; ``"serial"`` runs here.
    progress : bool or callable, default False
        A rich progress bar on stderr, or ``progress(done, total)`` as runs complete.

    Returns
    -------
    AssemblySweep
        One point per (p, q): mean and standard deviation over runs.

    Raises
    ------
    InputError
        Parameters out of range, before any run starts.

    See Also
    --------
    assembly_row : One run of a sweep.
    assembly_run : One run in full.

    Notes
    -----
    O(len(ps) x len(qs) x runs x steps x m). The giant component share rises from about
    1 / (tau + 1) to 1 as p grows (Guimerà et al. 2005, Fig. 2, describe a phase transition);
    with about m (tau + 1) active people the rise is a smooth crossover over a range of p
    several tenths wide, not a jump.

    Examples
    --------
    >>> s = assembly_sweep(ps=(0.0, 1.0), m=4, tau=10, steps=200, runs=1, executor="serial")
    >>> [round(x.giant_share, 2) for x in s.points]
    [0.09, 1.0]
    """
    whole("runs", runs)
    check_assembly_row(m, 0.5, 0.5, tau, steps, tail)
    check_work(len(ps) * len(qs) * runs * _work(m, tau, steps),
               params="steps, m, runs and the number of p, q values",
               entity=f"assembly sweep of {len(ps) * len(qs):,} points x {runs:,} runs")
    grid = {"q": [float(q) for q in qs], "p": [float(p) for p in ps], "m": m, "tau": tau, "steps": steps,
            "tail": tail}
    rows = sweep(assembly_row, grid, replicates=runs, seed=seed, executor=executor, workers=workers,
                 progress=progress, check=check_assembly_row, label="assembly sweep")
    points = []
    for i in range(0, len(rows), runs):
        vals = [r["giant_share"] for r in rows[i:i + runs]]
        points.append(SweepPoint(p=rows[i]["p"], q=rows[i]["q"], giant_share=float(np.mean(vals)),
                                 giant_share_sd=float(np.std(vals)), runs=runs))
    return AssemblySweep(m=m, tau=tau, steps=steps, points=points)
