"""The random references of the small-world ratios: analytic and simulated.

The *analytic* expectation of a random affiliation network's projection with the same two
degree distributions (Newman, Strogatz & Watts 2001), and the *simulated* null: the
observed network with its memberships shuffled (the bipartite configuration model,
degrees kept on both sides, no repeated membership).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from pydantic import Field

from teamsim._results import Result
from teamsim.affiliation import AffiliationNetwork
from teamsim.seeds import DEFAULT_SEED, Seed, make_rng
from teamsim.smallworld.metrics import _kernels

__all__ = ["DENSE_SHARE", "TINY_PEOPLE", "RandomExpectation", "random_bipartite_expectation",
           "randomize_affiliation"]

#: Below this many people the analytic (N -> infinity) formulas are flagged as unreliable.
TINY_PEOPLE = 100
#: Above this expected density z1 / (N - 1) the analytic formulas are flagged (they assume a
#: sparse, locally tree-like network without repeated collaborations).
DENSE_SHARE = 0.1


class RandomExpectation(Result):
    """A random reference for C and L, and the ratios against it.

    Attributes
    ----------
    kind : {"analytic", "simulated"}
        ``analytic``: generating functions of Newman, Strogatz & Watts (2001);
        ``simulated``: mean over shuffled affiliation networks.
    z1, z2 : float or None
        Mean number of first and second neighbours in the projection (analytic).
    transitivity : float or None
        Expected transitivity of the projection.
    average_clustering : float or None
        Average local clustering of the null (simulated only).
    path_length : float or None
    samples : int
        Randomised networks measured (simulated).
    cc_ratio, pl_ratio, q : float or None
        ``C / C_random`` (transitivity), ``L / L_random`` and ``Q = cc_ratio / pl_ratio``.
    cc_ratio_local : float or None
        ``<C_i> / <C_i>_random`` (simulated only; not used in Q).
    cc_ci, pl_ci, q_ci : list of two floats or None
        Simulated only: the central ``confidence`` range (2.5th and 97.5th percentiles at
        95 %) of the ratios against each shuffled network on its own,
        ``C / C_s``, ``L / L_s`` and ``(C / C_s) / (L / L_s)``. A network that is itself
        random falls inside it about 95 % of the time; 1 outside ``q_ci`` means the network
        differs from the null at about the 5 % level. None, with the reason in
        ``undefined``, for one shuffled network (no spread) or when a shuffled network has
        transitivity 0.
    flags : dict of str to str
        Analytic only: the formula's assumptions that fail in this window (``"N<=z1"``,
        ``"no giant"``, ``"dense"``, ``"tiny"``) -> why; the analytic values are then
        unreliable or undefined.
    undefined : dict of str to str
        Field -> why it is None.
    """

    kind: Literal["analytic", "simulated"]
    z1: float | None = None
    z2: float | None = None
    transitivity: float | None = None
    average_clustering: float | None = None
    path_length: float | None = None
    samples: int = 0
    cc_ratio: float | None = None
    pl_ratio: float | None = None
    q: float | None = None
    cc_ratio_local: float | None = None
    cc_ci: list[float] | None = None
    pl_ci: list[float] | None = None
    q_ci: list[float] | None = None
    flags: dict[str, str] = Field(default_factory=dict)
    undefined: dict[str, str] = Field(default_factory=dict)



# ---------------------------------------------------------------------------- random expectation
def random_bipartite_expectation(projects_per_person: npt.ArrayLike,
                                 project_sizes: npt.ArrayLike) -> RandomExpectation:
    """Expected clustering and path length of a random affiliation network's projection.

    A random bipartite graph with the given degree sequences on both sides (people's
    numbers of projects, projects' sizes), projected onto people.

    Parameters
    ----------
    projects_per_person : array-like of int, shape (N,)
        Number of projects of each of the N people.
    project_sizes : array-like of int, shape (M,)
        ``sum(projects_per_person) == sum(project_sizes)`` for a consistent network.

    Returns
    -------
    RandomExpectation
        ``kind="analytic"`` with z1, z2, the transitivity and the mean path length
        (ratios are filled in by :func:`small_world`).

    See Also
    --------
    randomize_affiliation : The simulated reference instead.
    teamsim.smallworld.small_world : Uses both references.

    Notes
    -----
    With ``f0(x) = sum_j p_j x^j`` (projects per person, mean mu) and
    ``g0(x) = sum_k q_k x^k`` (project sizes, mean nu), ``g1(x) = g0'(x) / nu`` and the
    projection's degree generating function ``G0(x) = f0(g1(x))`` [1, sections on bipartite
    graphs and collaboration networks]:

    - ``z1 = G0'(1) = mu g1'(1)``, ``z2 = G0'(1) G1'(1) = f0''(1) g1'(1)^2`` with
      ``G1(x) = f1(g1(x))``, ``f1 = f0' / mu``;
    - transitivity ``C = (M / N) g0'''(1) / G0''(1)`` with
      ``G0''(1) = f0''(1) g1'(1)^2 + mu g1''(1)``: triangles come from projects of three or
      more people, ``M g0'''(1) / 6`` of them, over ``N G0''(1) / 2`` connected triples;
    - mean path length ``l = ln(N / z1) / ln(z2 / z1) + 1`` [1, Eq. (54)], defined when
      ``z2 > z1 > 0`` and ``N > z1``.

    The factorial moments are sample means, so the cost is O(N + M). ``flags`` names the
    assumptions that fail (the formulas are exact for large, sparse, locally tree-like
    networks): ``N<=z1``, ``no giant`` (``z2 <= z1``), ``dense`` (``z1 > 0.1 (N - 1)``) and
    ``tiny`` (``N < 100``); the last two thresholds are teamsim's own rule of thumb, not
    Newman, Strogatz & Watts'.

    References
    ----------
    .. [1] M. E. J. Newman, S. H. Strogatz and D. J. Watts, "Random graphs with arbitrary
       degree distributions and their applications", Phys. Rev. E 64, 026118 (2001):
       the bipartite generating functions f0, g0 and G0(x) = f0(g1(x)) (section on bipartite
       graphs), the projection's clustering (section on collaboration networks) and the mean
       path length, Eq. (54).

    Examples
    --------
    Everyone on one project of 5: the projection is a clique (C = 1), and nobody is two
    steps away, so the path-length formula is undefined.

    >>> r = random_bipartite_expectation([1] * 5, [5])
    >>> r.transitivity, r.z1, r.path_length, r.undefined["path_length"][:24]
    (1.0, 4.0, None, 'no second neighbours (z2')
    """
    dp = np.asarray(projects_per_person, np.float64)
    ns = np.asarray(project_sizes, np.float64)
    und: dict[str, str] = {}
    if dp.size == 0 or ns.size == 0 or dp.sum() == 0:
        why = "empty network: no people or no projects"
        return RandomExpectation(kind="analytic", undefined={k: why for k in
                                                             ("z1", "z2", "transitivity", "path_length")})
    n, m = dp.size, ns.size
    mu, f2 = dp.mean(), (dp * (dp - 1)).mean()
    nu, g2, g3 = ns.mean(), (ns * (ns - 1)).mean(), (ns * (ns - 1) * (ns - 2)).mean()
    g1p, g1pp = g2 / nu, g3 / nu
    z1 = mu * g1p
    z2 = f2 * g1p ** 2
    gpp = f2 * g1p ** 2 + mu * g1pp
    c = None
    if gpp > 0:
        c = float(min(1.0, (m / n) * g3 / gpp))
    else:
        und["transitivity"] = "no connected triples expected (no project has 2+ people sharing a person)"
    length = None
    if z1 <= 0:
        und["path_length"] = "no collaboration ties expected (every project has one person): z1 = 0"
    elif z2 <= z1:
        und["path_length"] = (f"no second neighbours (z2 = {z2:.3g} <= z1 = {z1:.3g}): the random network "
                              "has no giant component, so ln(N/z1)/ln(z2/z1) is undefined")
    elif n <= z1:
        und["path_length"] = f"N = {n} <= z1 = {z1:.3g}: too small for the formula"
    else:
        length = float(math.log(n / z1) / math.log(z2 / z1) + 1)
    return RandomExpectation(kind="analytic", z1=float(z1), z2=float(z2), transitivity=c,
                             path_length=length, flags=_analytic_flags(n, z1, z2), undefined=und)


def _analytic_flags(n: int, z1: float, z2: float) -> dict[str, str]:
    """The assumptions of the generating-function formulas that fail for N people (see
    :func:`random_bipartite_expectation`): each flag -> why."""
    flags = {}
    if 0 < z1 and n <= z1:
        flags["N<=z1"] = f"N = {n} <= z1 = {z1:.3g}: fewer people than expected collaborators"
    if 0 < z1 and z2 <= z1:
        flags["no giant"] = f"z2 = {z2:.3g} <= z1 = {z1:.3g}: no giant component expected"
    if n > 1 and z1 > DENSE_SHARE * (n - 1):
        flags["dense"] = (f"dense: z1 = {z1:.3g} expected collaborators is over {DENSE_SHARE:.0%} of "
                          f"the other {n - 1} people; the formulas assume a sparse network without "
                          "repeated collaborations")
    if n < TINY_PEOPLE:
        flags["tiny"] = (f"tiny: N = {n} < {TINY_PEOPLE} people; the formulas are limits for "
                         "large networks")
    return flags


def _switch_chain(person: np.ndarray, proj: np.ndarray, rng: np.random.Generator,
                  sweeps: int = 20) -> np.ndarray:
    """Degree-preserving switches of a simple bipartite graph: (a, k), (b, l) -> (a, l), (b, k).

    A switch is made only when it creates no repeated membership, so the graph stays
    simple throughout; ``sweeps`` x E attempts (at most 5 million), compiled
    (:func:`teamsim._kernels.bipartite_switches`), drawn in chunks of a million. Who is on
    which project is looked up in a bit table when it takes at most 64 MB.
    """
    e = person.size
    if e < 2:
        return proj
    order = np.argsort(person, kind="stable")
    n, m = int(person.max()) + 1, int(proj.max()) + 1
    ptr = np.searchsorted(person[order], np.arange(n + 1))
    held = (_kernels().membership_bits(person, proj, n, m) if n * ((m + 63) // 64) <= 2**23
            else np.zeros((0, 1), np.uint64))
    todo = min(sweeps * e, 5_000_000)
    while todo > 0:
        pairs = rng.integers(0, e, (min(todo, 1_000_000), 2))
        _kernels().bipartite_switches(person, proj, ptr, order, held, pairs)
        todo -= len(pairs)
    return proj


def randomize_affiliation(net: AffiliationNetwork, *, seed: Seed = DEFAULT_SEED,
                          max_rounds: int = 200) -> AffiliationNetwork:
    """Shuffle who works on which project, keeping every degree and the network simple.

    Every person keeps their number of projects and every project its size; nobody is on
    a project twice. (The bipartite configuration model, conditioned on simplicity.)

    Parameters
    ----------
    net : AffiliationNetwork
        People x projects memberships (with project years for time windows).
    seed : int, numpy Generator or None, default 0
        Random stream of the shuffle (None: fresh entropy, not reproducible).
    max_rounds : int, default 200
        Rounds of repair swaps for repeated memberships.

    Returns
    -------
    AffiliationNetwork
        Same people, projects, years and groups.

    See Also
    --------
    random_bipartite_expectation : The analytic reference instead.
    teamsim.affiliation.random_affiliation : A synthetic network from scratch.

    Notes
    -----
    The project end of every membership is permuted at random (O(E)); each repeated
    (person, project) pair is then swapped with a random membership when the swap makes
    no new repeat. Vectorised per round. If the permutation repeats more than 5 % of the
    memberships, if repeats remain after ``max_rounds``, or if the repairs stall for 3
    rounds (small dense networks, a person on most projects), the real network is
    randomised instead by a compiled chain of degree-preserving switches that never
    creates a repeat (20 x E attempts, at most 5 million).

    Examples
    --------
    >>> from teamsim.affiliation import affiliation_from_members
    >>> net = affiliation_from_members({"a": ["A", "B"], "b": ["B", "C"], "c": ["C", "A"]})
    >>> r = randomize_affiliation(net, seed=1)
    >>> r.project_sizes.tolist(), r.projects_per_person.tolist()
    ([2, 2, 2], [2, 2, 2])
    """
    rng = make_rng(seed)
    b = net.incidence.tocoo()
    person, proj = b.row.astype(np.int64), b.col.astype(np.int64)
    proj = rng.permutation(proj)
    m = max(net.n_projects, 1)
    best, stalled = None, 0
    for _ in range(max_rounds):
        key = person * m + proj
        order = np.argsort(key, kind="stable")
        dup = np.zeros(key.size, bool)
        dup[order[1:]] = key[order[1:]] == key[order[:-1]]
        bad = np.flatnonzero(dup)
        if bad.size == 0:
            break
        if best is None and bad.size > 0.05 * key.size:  # dense: repairs would crawl
            break
        stalled = stalled + 1 if best is not None and bad.size >= best else 0
        best = bad.size if best is None else min(best, bad.size)
        if stalled >= 3:  # repairs no longer converge (a person on most projects)
            break
        counts = Counter(key.tolist())
        other = rng.integers(0, key.size, bad.size)
        for i, j in zip(bad.tolist(), other.tolist()):
            pi, pj = int(person[i]), int(person[j])
            ki, kj = int(proj[i]), int(proj[j])
            if i == j or counts[pi * m + kj] or counts[pj * m + ki]:
                continue
            counts[pi * m + ki] -= 1
            counts[pj * m + kj] -= 1
            counts[pi * m + kj] += 1
            counts[pj * m + ki] += 1
            proj[i], proj[j] = kj, ki
    else:
        bad = np.ones(1, np.intp)
    if bad.size:  # small, dense networks: degree-preserving switches from the real network
        proj = _switch_chain(person, b.col.astype(np.int64).copy(), rng)
    inc = sp.csr_matrix((np.ones(person.size, np.int8), (person, proj)), shape=net.incidence.shape)
    inc.sum_duplicates()
    inc.data[:] = 1
    return AffiliationNetwork(net.people, net.projects, inc, net.years, net.groups)
