"""Small-world measures of collaboration networks and the small-world quotient Q.

A collaboration network is a *small world* when people are much more clustered than in a
random network with the same degrees, yet about as close to each other (Watts & Strogatz
1998). Uzzi & Spiro (2005) measured it on Broadway's affiliation network of artists and
musicals with the *small-world quotient*

    Q = CC ratio / PL ratio,   CC ratio = C_actual / C_random,   PL ratio = L_actual / L_random,

and found that creative success rose with Q up to a point, then fell.

The measures here are computed on the one-mode projection of an
:class:`~teamsim.affiliation.AffiliationNetwork` (people linked when they share a project):

- **clustering**, reported two ways and never mixed in one ratio: *transitivity*
  ``C = 3 x triangles / connected triples`` (the global clustering coefficient, the one
  the random-graph formula predicts and Q uses), and the *average local clustering*
  ``<C_i>``, with ``C_i = 0`` for people with fewer than two collaborators (as networkx);
- **mean shortest path length** L on the giant component: exact (all-pairs breadth-first
  search) up to ``exact_limit`` people, above that the mean over a random sample of
  sources with a normal-approximation confidence interval; the report says which;
- the **random expectation** with the same two degree distributions (projects per person
  and project sizes) from the generating functions of Newman, Strogatz & Watts (2001),
  *and* a **simulated null**: the affiliation network with its project memberships
  shuffled (every person keeps their number of projects, every project its size, no
  person twice on a project), measured like the real one.

Why not ``networkx.sigma`` / ``networkx.omega``: they compare a graph with rewired copies of
the *one-mode* graph (double-edge swaps on the people network). In a collaboration network
each project is a clique of its members; rewiring the projection destroys those cliques,
so its "random" clustering is far too low and Q is inflated by the projection itself, not
by the way people combine across projects. The correct null keeps projects as projects
and randomises who works on them (Newman, Strogatz & Watts 2001; Uzzi & Spiro 2005).
Both are also far too slow for networks of 10^5 people.

Every undefined value is None with the reason in ``undefined`` (one person, an empty
window, no connected triples, no growth beyond the first neighbours, ...); these
functions never raise on a degenerate network.

References
----------
.. [1] B. Uzzi and J. Spiro, "Collaboration and Creativity: The Small World Problem",
   American Journal of Sociology 111(2), 447-504 (2005).
.. [2] M. E. J. Newman, S. H. Strogatz and D. J. Watts, "Random graphs with arbitrary
   degree distributions and their applications", Phys. Rev. E 64, 026118 (2001).
.. [3] D. J. Watts and S. H. Strogatz, "Collective dynamics of 'small-world' networks",
   Nature 393, 440-442 (1998).

Examples
--------
>>> from teamsim.affiliation import affiliation_from_members
>>> net = affiliation_from_members({"a": ["A", "B", "C"], "b": ["C", "D"]})
>>> r = small_world(net, null_samples=0)
>>> r.people, r.transitivity, round(r.average_clustering, 3), r.path_length.value
(4, 0.6, 0.583, 1.3333333333333333)
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from typing import Literal

import numpy as np
import scipy.sparse as sp
from pydantic import Field

from teamsim._results import Result
from teamsim.affiliation import AffiliationNetwork, one_mode_projection, time_windows
from teamsim.defaults import EXACT_LIMIT, NULL_SAMPLES, SAMPLE_SOURCES
from teamsim.errors import InputError
from teamsim.limits import check_count
from teamsim.seeds import DEFAULT_SEED, Seed, make_rng

__all__ = [
    "NULL_SAMPLES",
    "PathLength",
    "RandomExpectation",
    "SmallWorldReport",
    "SmallWorldSeries",
    "average_clustering",
    "clustering_coefficients",
    "mean_path_length",
    "random_bipartite_expectation",
    "randomize_affiliation",
    "small_world",
    "small_world_by_window",
    "transitivity",
    "window_notes",
]

#: Below this many people the analytic (N -> infinity) formulas are flagged as unreliable.
TINY_PEOPLE = 100
#: Above this expected density z1 / (N - 1) the analytic formulas are flagged (they assume a
#: sparse, locally tree-like network without repeated collaborations).
DENSE_SHARE = 0.1
#: Projections of up to this many people are built as bit rows (N^2 / 8 bytes: 128 MB at
#: most) when they are dense enough for it to pay (see :func:`_projection_clustering`).
BIT_ROWS_MAX = 1 << 15


class PathLength(Result):
    """Mean shortest path length on the giant component.

    Attributes
    ----------
    value : float or None
        Mean over ordered pairs of distinct people in the giant component.
    method : {"exact", "sampled"} or None
    sources : int
        Breadth-first searches run (all people when exact).
    component_size : int
    ci_low, ci_high : float or None
        Confidence interval of a sampled value (normal approximation over sources, with
        the finite-population correction); equal to ``value`` when exact.
    confidence : float
    undefined : str or None
        Why ``value`` is None.
    """

    value: float | None = None
    method: Literal["exact", "sampled"] | None = None
    sources: int = 0
    component_size: int = 0
    ci_low: float | None = None
    ci_high: float | None = None
    confidence: float = 0.95
    undefined: str | None = None


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


class SmallWorldReport(Result):
    """Small-world measures of one affiliation network (one time window).

    Attributes
    ----------
    window : str or None
        Window label (``"2019"``, ``"2013-2019"``, ``"all"``).
    people, projects, memberships, edges : int
        N, M, person-project links, collaboration ties (edges of the projection).
    mean_projects_per_person, mean_project_size : float or None
    components : int
        Connected components of the projection.
    giant_size : int
    giant_share : float or None
        Share of people in the giant component.
    transitivity, average_clustering : float or None
    path_length : PathLength
    analytic, simulated : RandomExpectation
        ``simulated`` is None when ``null_samples=0``.
    cc_ratio, pl_ratio, q : float or None
        The headline ratios: against the simulated null (``simulated``), so Q = 1 for a
        network that is itself random. The analytic ratios of Newman, Strogatz & Watts are
        in ``analytic``.
    cc_ratio_ci, pl_ratio_ci, q_ci : list of two floats or None
        Their intervals (``simulated.cc_ci``, ``pl_ci``, ``q_ci``); an interval missing
        beside a defined ratio has its reason in ``undefined``.
    null_samples : int
        Shuffled networks behind the headline values.
    undefined : dict of str to str
        Field -> why it is None.
    """

    window: str | None = None
    people: int
    projects: int
    memberships: int
    edges: int
    mean_projects_per_person: float | None = None
    mean_project_size: float | None = None
    components: int = 0
    giant_size: int = 0
    giant_share: float | None = None
    transitivity: float | None = None
    average_clustering: float | None = None
    path_length: PathLength
    analytic: RandomExpectation
    simulated: RandomExpectation | None = None
    cc_ratio: float | None = None
    pl_ratio: float | None = None
    q: float | None = None
    cc_ratio_ci: list[float] | None = None
    pl_ratio_ci: list[float] | None = None
    q_ci: list[float] | None = None
    null_samples: int = 0
    undefined: dict[str, str] = Field(default_factory=dict)


class SmallWorldSeries(Result):
    """Small-world reports over time windows.

    Attributes
    ----------
    source : str or None
    width : int
        Window width in years.
    windows : list of SmallWorldReport
    notes : list of str
        What a reader must know to read the windows: projects without a year (in their
        own ``undated`` window), a window wider than the history.
    """

    source: str | None = None
    width: int = 1
    windows: list[SmallWorldReport] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


# ---------------------------------------------------------------------------- graph input
def _adjacency(graph, *, check: bool = True) -> sp.csr_matrix:
    """A simple symmetric csr adjacency (non-zeros are edges) from a sparse matrix, networkx
    graph or network; ``check=False`` returns a square csr input as it is (the caller's
    kernel checks it)."""
    if isinstance(graph, AffiliationNetwork):
        return one_mode_projection(graph)
    if not sp.issparse(graph):
        import networkx as nx

        if isinstance(graph, nx.Graph):
            graph = nx.to_scipy_sparse_array(graph, weight=None, format="csr")
        else:
            graph = sp.csr_matrix(np.asarray(graph))
    if (graph.format == "csr" and graph.shape[0] == graph.shape[1] and graph.dtype.kind in "iuf"
            and (not check or _kernels().is_simple(graph.indptr, graph.indices, graph.data))):
        return graph  # already a simple adjacency (e.g. from one_mode_projection)
    return _simple(graph)


def _simple(graph) -> sp.csr_matrix:
    """A simple 0/1 int8 csr copy: repeats merged, diagonal and stored zeros dropped, sorted."""
    a = sp.csr_matrix(graph, copy=True)
    a.sum_duplicates()
    a.setdiag(0)
    a.eliminate_zeros()
    a.data = np.ones_like(a.data, dtype=np.int8)
    a = a.astype(np.int8)
    a.sort_indices()
    return a


def _kernels():
    """The compiled kernels, imported on first use (numba's import is not free)."""
    from teamsim import _kernels

    return _kernels


def _triangles_and_degrees(a: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Triangles through each node and degrees (forward algorithm, compiled)."""
    deg = np.diff(a.indptr).astype(np.int64)
    ok, tri = _kernels().triangles(a.indptr, a.indices, a.data, True)
    return (tri, deg) if ok else _triangles_and_degrees(_simple(a))


def _clustering_sums(graph, local: bool) -> tuple[int, int, int, float]:
    """``(n, 3 x triangles, connected triples, sum of local clustering)``, one kernel call
    on a simple csr input (which the kernel checks on its way)."""
    a = _adjacency(graph, check=False)
    ok, tri3, triples, local_sum = _kernels().clustering_sums(a.indptr, a.indices, a.data, local)
    if not ok:
        a = _simple(a)
        ok, tri3, triples, local_sum = _kernels().clustering_sums(a.indptr, a.indices, a.data, local)
    return a.shape[0], int(tri3), int(triples), float(local_sum)


def _projection_clustering(net: AffiliationNetwork) -> tuple[sp.csr_matrix, float | None, float]:
    """The projection of ``net`` with its transitivity and average clustering.

    Dense projections (an upper bound on the mean degree, ``sum_k n_k (n_k - 1) / N``, of at
    least one per 64 people) of up to :data:`BIT_ROWS_MAX` people are built as bit rows and
    their triangles counted by popcounts of row intersections (O(m N / 64), compiled);
    the rest by :func:`~teamsim.affiliation.one_mode_projection` and the forward
    algorithm (O(m^1.5)). Both count the same integers and sum the local coefficients in
    the same order, so the values are identical.
    """
    n = net.n_people
    sizes = net.project_sizes
    if 0 < n <= BIT_ROWS_MAX and int((sizes * (sizes - 1)).sum()) >= n * ((n + 63) // 64):
        b = net.incidence.tocoo()
        rows = _kernels().projection_bits(n, b.row.astype(np.int64), b.col.astype(np.int64),
                                          net.n_projects)
        tri3, triples, local_sum, indptr, indices = _kernels().bit_clustering(rows)
        a = sp.csr_matrix((np.ones(indices.size, np.int8), indices, indptr), shape=(n, n))
    else:
        a = one_mode_projection(net)
        n, tri3, triples, local_sum = _clustering_sums(a, True)
    return a, (tri3 / triples if triples else None), (local_sum / n if n else 0.0)


def clustering_coefficients(graph) -> tuple[float | None, float]:
    """Transitivity and average local clustering of a simple undirected graph, in one pass.

    Parameters
    ----------
    graph : scipy.sparse matrix (N, N), networkx.Graph or AffiliationNetwork
        Adjacency (non-zeros are edges; the diagonal is ignored) or an affiliation network
        (its one-mode projection is used).

    Returns
    -------
    (transitivity, average_clustering)
        Transitivity is None when there is no connected triple; the average local
        clustering counts people with fewer than two neighbours as 0 (networkx's
        ``count_zeros=True``) and is 0.0 for an empty graph.

    See Also
    --------
    transitivity : The global coefficient alone.
    average_clustering : The mean local coefficient alone.

    Notes
    -----
    ``C = sum_i t_i / sum_i k_i (k_i - 1) / 2`` and ``<C_i> = mean_i t_i / (k_i (k_i - 1) / 2)``
    with ``t_i`` the triangles through i, counted by the compiled forward algorithm on the
    degree-oriented graph (each edge kept once, from the lower- to the higher-degree end;
    each triangle found once from its lowest node): O(m^1.5) time for m edges, O(n + m)
    memory. The mean is summed left to right, so both values equal networkx's and
    igraph's (``transitivity_avglocal_undirected(mode="zero")``) to the last bit.

    References
    ----------
    .. [1] Watts & Strogatz, Nature 393 (1998) (local clustering); M. E. J. Newman,
       "The structure and function of complex networks", SIAM Review 45, 167 (2003), Eqs. (3)-(4).
    .. [2] N. Chiba and T. Nishizeki, "Arboricity and subgraph listing algorithms",
       SIAM J. Comput. 14(1), 210-223 (1985); M. Latapy, "Main-memory triangle computations
       for very large (sparse (power-law)) graphs", Theor. Comput. Sci. 407, 458-473 (2008).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3)])
    >>> t, c = clustering_coefficients(g)
    >>> t, round(c, 4)
    (0.6, 0.5833)
    """
    if isinstance(graph, AffiliationNetwork):
        return _projection_clustering(graph)[1:]
    n, tri3, triples, local_sum = _clustering_sums(graph, True)
    return (tri3 / triples if triples else None), (local_sum / n if n else 0.0)


def transitivity(graph) -> float | None:
    """Transitivity (global clustering coefficient) 3 x triangles / connected triples.

    See :func:`clustering`. None when there are no connected triples.

    Parameters
    ----------
    graph : scipy.sparse matrix (N, N), networkx.Graph or AffiliationNetwork
        Adjacency (non-zeros are edges; the diagonal is ignored) or an affiliation network
        (its one-mode projection is used).

    Returns
    -------
    float or None
        ``C = 3 x triangles / connected triples`` in [0, 1]; None without a
        connected triple.

    See Also
    --------
    clustering_coefficients : Transitivity and average clustering in one pass.
    average_clustering : The mean of the local coefficients instead.

    References
    ----------
    .. [1] M. E. J. Newman, "The structure and function of complex networks",
       SIAM Review 45, 167-256 (2003), Sec. III.B.

    Examples
    --------
    >>> import networkx as nx
    >>> transitivity(nx.complete_graph(4)), transitivity(nx.path_graph(2))
    (1.0, None)
    """
    _, tri3, triples, _ = _clustering_sums(graph, False)
    return tri3 / triples if triples else None


def average_clustering(graph) -> float:
    """Average local clustering coefficient (degree < 2 counts as 0). See :func:`clustering`.

    Parameters
    ----------
    graph : scipy.sparse matrix (N, N), networkx.Graph or AffiliationNetwork
        Adjacency (non-zeros are edges; the diagonal is ignored) or an affiliation network
        (its one-mode projection is used).

    Returns
    -------
    float
        ``<C_i> = mean_i t_i / (k_i (k_i - 1) / 2)`` in [0, 1], with t_i the
        triangles through node i and k_i its degree; 0.0 for an empty graph.

    See Also
    --------
    clustering_coefficients : Transitivity and average clustering in one pass.
    transitivity : The global coefficient instead.

    References
    ----------
    .. [1] D. J. Watts and S. H. Strogatz, "Collective dynamics of 'small-world'
       networks", Nature 393, 440-442 (1998) (local clustering C_i);
       M. E. J. Newman, SIAM Review 45, 167-256 (2003), Sec. III.B.

    Examples
    --------
    >>> import networkx as nx
    >>> round(average_clustering(nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3)])), 4)
    0.5833
    """
    return clustering_coefficients(graph)[1]


# ---------------------------------------------------------------------------- path length
def _bfs_distance_sums(a: sp.csr_matrix, sources: np.ndarray, *,
                       per_source: bool = True) -> tuple[int, np.ndarray]:
    """Sum of all distances from ``sources``, and each source's sum (bit-parallel BFS).

    Up to 64 x W sources run at once: each node holds W 64-bit words of "reached by
    source s" bits, and one level ORs the neighbours' frontier words, pushing from the
    frontier or pulling into the nodes not yet reached by every source, whichever
    touches fewer edges (compiled, :mod:`teamsim._kernels`). Returns ``(total, sums)``;
    ``sums`` is all zeros without ``per_source`` (the total alone is cheaper: a
    popcount per word instead of a pass over the bits).
    """
    n = a.shape[0]
    words = int(np.clip(2**24 // max(n, 1), 1, 8))  # frontier, visited, next: 3 x n x W words
    src = np.ascontiguousarray(sources, dtype=np.int64)
    total, sums = _kernels().bfs_distance_sums(a.indptr, a.indices, src, per_source, words)
    return int(total), sums


def _giant(a: sp.csr_matrix) -> tuple[int, np.ndarray, np.ndarray]:
    """(number of components, labels, indices of the giant component)."""
    if a.shape[0] == 0:
        return 0, np.zeros(0, np.int64), np.zeros(0, np.int64)
    ncomp, labels = _kernels().components(a.indptr, a.indices)  # a is symmetric
    sizes = np.bincount(labels)
    return ncomp, labels, np.flatnonzero(labels == sizes.argmax())


def mean_path_length(graph, *, exact_limit: int = EXACT_LIMIT, sources: int = SAMPLE_SOURCES,
                     confidence: float = 0.95, seed: Seed = DEFAULT_SEED) -> PathLength:
    """Mean shortest path length on the giant component, exact or sampled.

    Parameters
    ----------
    graph : scipy.sparse matrix (N, N), networkx.Graph or AffiliationNetwork
        Adjacency (non-zeros are edges; the diagonal is ignored) or an affiliation network
        (its one-mode projection is used).
    exact_limit : int, default 10,000
        All-pairs BFS when the giant component has at most this many people.
    sources : int, default 512
        Random sources (without replacement) of the sampled BFS above the limit.
    confidence : float, default 0.95
        Level of the sampled confidence interval.
    seed : int, numpy Generator or None, default 0
        Source sample (reproducible by default).

    Returns
    -------
    PathLength
        ``value`` None (with ``undefined``) when the giant component has fewer than two
        people.

    See Also
    --------
    clustering_coefficients : The other half of the small-world statistics.
    small_world : Both, against a random reference.

    Notes
    -----
    ``L = 1 / (n (n - 1)) sum_{i != j} d_ij`` over the giant component (n people).
    Bit-parallel breadth-first search, compiled: 512 sources at once (8 machine words per
    node), each level pushing from the frontier or pulling into the nodes not yet reached
    by every source, whichever touches fewer edges; at most O(n m D / 64) word operations
    for the exact value (m edges, diameter D), and the distance sum is an exact integer,
    so the exact value equals networkx's and igraph's to the last bit. Sampled: the mean
    of the per-source means ``L_s`` over s sources; ``L_s`` averages over all targets, so
    the estimate is unbiased, with CI ``+/- z sd(L_s) / sqrt(s) sqrt(1 - s/n)``.

    References
    ----------
    .. [1] D. J. Watts and S. H. Strogatz, "Collective dynamics of 'small-world'
       networks", Nature 393, 440-442 (1998) (characteristic path length L).
    .. [2] M. E. J. Newman, "The structure and function of complex networks",
       SIAM Review 45, 167-256 (2003), Sec. III.A (mean geodesic distance).

    Examples
    --------
    >>> import networkx as nx
    >>> mean_path_length(nx.path_graph(4)).value   # (1+2+3+1+1+2) * 2 / 12
    1.6666666666666667
    """
    a = _adjacency(graph)
    return _path_length(a, _giant(a)[2], exact_limit=exact_limit, sources=sources, confidence=confidence,
                        seed=seed)


def _path_length(a: sp.csr_matrix, giant: np.ndarray, *, exact_limit: int, sources: int,
                 confidence: float = 0.95, seed: Seed = DEFAULT_SEED) -> PathLength:
    """:func:`mean_path_length` of a simple symmetric adjacency whose giant component is known."""
    n = len(giant)
    if n < 2:
        return PathLength(component_size=n, confidence=confidence,
                          undefined="no path: the giant component has fewer than two people")
    g = a if n == a.shape[0] else a[giant][:, giant].tocsr()
    if n <= exact_limit or sources >= n:
        total, _ = _bfs_distance_sums(g, np.arange(n), per_source=False)
        value = total / (n * (n - 1))
        return PathLength(value=value, method="exact", sources=n, component_size=n, ci_low=value,
                          ci_high=value, confidence=confidence)
    rng = make_rng(seed)
    src = np.sort(rng.choice(n, size=max(2, sources), replace=False))
    _, sums = _bfs_distance_sums(g, src)
    per = sums / (n - 1)
    s = len(src)
    value = float(per.mean())
    z = statistics.NormalDist().inv_cdf(0.5 + confidence / 2)
    half = float(z * per.std(ddof=1) / math.sqrt(s) * math.sqrt(1 - s / n))
    return PathLength(value=value, method="sampled", sources=s, component_size=n, ci_low=value - half,
                      ci_high=value + half, confidence=confidence)


# ---------------------------------------------------------------------------- random expectation
def random_bipartite_expectation(projects_per_person, project_sizes) -> RandomExpectation:
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
    small_world : Uses both references.

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
       degree distributions and their applications", Phys. Rev. E 64, 026118 (2001).

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
        bad = np.ones(1)
    if bad.size:  # small, dense networks: degree-preserving switches from the real network
        proj = _switch_chain(person, b.col.astype(np.int64).copy(), rng)
    inc = sp.csr_matrix((np.ones(person.size, np.int8), (person, proj)), shape=net.incidence.shape)
    inc.sum_duplicates()
    inc.data[:] = 1
    return AffiliationNetwork(net.people, net.projects, inc, net.years, net.groups)


def _with_ratios(r: RandomExpectation, c: float | None, c_local: float | None, length: float | None,
                 c_reason: str | None, l_reason: str | None) -> RandomExpectation:
    und = dict(r.undefined)
    cc = pl = q = ccl = None
    if c is None:
        und["cc_ratio"] = f"actual transitivity undefined ({c_reason})"
    elif r.transitivity is None:
        und["cc_ratio"] = f"random transitivity undefined ({und.get('transitivity', 'see transitivity')})"
    elif r.transitivity == 0:
        und["cc_ratio"] = "random transitivity is 0 (no project of three or more people)"
    else:
        cc = c / r.transitivity
    if length is None:
        und["pl_ratio"] = f"actual path length undefined ({l_reason})"
    elif r.path_length is None:
        und["pl_ratio"] = f"random path length undefined ({und.get('path_length', 'see path_length')})"
    else:
        pl = length / r.path_length
    if cc is not None and pl is not None:
        q = cc / pl
    else:
        und["q"] = "needs both the CC ratio and the PL ratio"
    if r.kind == "simulated":
        if c_local is not None and r.average_clustering:
            ccl = c_local / r.average_clustering
        else:
            und["cc_ratio_local"] = "random average clustering is 0 or undefined"
    return r.model_copy(update={"cc_ratio": cc, "pl_ratio": pl, "q": q, "cc_ratio_local": ccl,
                                "undefined": und})


def _measure_null(net: AffiliationNetwork, samples: int, *, exact_limit: int, sources: int,
                  rng: np.random.Generator) -> tuple[list[float | None], list[float], list[float | None]]:
    """Transitivity, average clustering and path length of ``samples`` shuffled networks."""
    cs, cls, ls = [], [], []
    for _ in range(samples):
        r, rc, rcl = _projection_clustering(randomize_affiliation(net, seed=rng))
        cs.append(rc)
        cls.append(rcl)
        ls.append(_path_length(r, _giant(r)[2], exact_limit=exact_limit, sources=sources, seed=rng).value)
    return cs, cls, ls


def _percentiles(values: np.ndarray, confidence: float) -> list[float]:
    lo, hi = np.quantile(values, [(1 - confidence) / 2, (1 + confidence) / 2])
    return [float(lo), float(hi)]


def _simulated(net: AffiliationNetwork, samples: int, c: float | None, c_local: float,
               length: float | None, reasons: tuple[str | None, str | None], *, exact_limit: int,
               sources: int, confidence: float, rng: np.random.Generator) -> RandomExpectation:
    """The simulated null: means over ``samples`` shuffled networks, the ratios against the
    means and the percentile intervals of the ratios against each network alone."""
    cs, cls, ls = _measure_null(net, samples, exact_limit=exact_limit, sources=sources, rng=rng)
    und: dict[str, str] = {}
    rc = float(np.mean(cs)) if all(x is not None for x in cs) else None
    if rc is None:
        und["transitivity"] = "a shuffled network has no connected triples"
    rl = float(np.mean(ls)) if all(x is not None for x in ls) else None
    if rl is None:
        und["path_length"] = "a shuffled network's giant component has fewer than two people"
    null = RandomExpectation(kind="simulated", transitivity=rc, average_clustering=float(np.mean(cls)),
                             path_length=rl, samples=samples, undefined=und)
    r = _with_ratios(null, c, c_local, length, *reasons)
    return r.model_copy(update=_intervals(r, c, length, cs, ls, confidence))


def _intervals(r: RandomExpectation, c: float | None, length: float | None, cs: list, ls: list,
               confidence: float) -> dict:
    """``cc_ci``, ``pl_ci``, ``q_ci`` of the ratios against each shuffled network alone, or, for
    a defined ratio without an interval, the reason under ``undefined``."""
    ci: dict = {}
    und = dict(r.undefined)
    zeros = sum(1 for x in cs if x == 0)
    no_spread = "one shuffled network: no spread to give an interval (use 20 or more null samples)"
    no_triangle = (f"{zeros} of {len(cs)} shuffled networks have transitivity 0 (no closed triple): the "
                   "ratio against them alone is undefined")
    for key, ratio, needs_c in (("cc_ci", r.cc_ratio, True), ("pl_ci", r.pl_ratio, False),
                                ("q_ci", r.q, True)):
        if ratio is None:
            continue   # the ratio's own reason explains
        if len(cs) < 2 or (needs_c and zeros):
            und[key] = no_spread if len(cs) < 2 else no_triangle
            continue
        cc = c / np.asarray(cs, float) if needs_c else 1.0
        pl = length / np.asarray(ls, float)
        ci[key] = _percentiles(cc / pl if key == "q_ci" else (cc if needs_c else pl), confidence)
    return {**ci, "undefined": und}


def _empty_report(window: str | None, m: int, null_samples: int, confidence: float) -> SmallWorldReport:
    why = "empty window: no projects with people"
    und = {k: why for k in ("mean_projects_per_person", "mean_project_size", "giant_share",
                            "transitivity", "cc_ratio", "pl_ratio", "q")}
    an = RandomExpectation(kind="analytic", undefined={"transitivity": why, "path_length": why})
    sim = (RandomExpectation(kind="simulated", undefined={"transitivity": why, "path_length": why})
           if null_samples else None)
    return SmallWorldReport(window=window, people=0, projects=m, memberships=0, edges=0,
                            path_length=PathLength(undefined=why, confidence=confidence), analytic=an,
                            simulated=sim, null_samples=null_samples, undefined=und)


def _check_samples(null_samples: int) -> None:
    if isinstance(null_samples, bool) or not isinstance(null_samples, (int, np.integer)) or null_samples < 0:
        raise InputError(f"null_samples = {null_samples!r} is not a whole number >= 0",
                         entity="null_samples", hint=f"give a positive count, e.g. {NULL_SAMPLES}")
    check_count("max_null_samples", int(null_samples), entity="--null-samples",
                what="shuffled networks of the simulated null:")


def small_world(net: AffiliationNetwork, *, window: str | None = None, null_samples: int = NULL_SAMPLES,
                exact_limit: int = EXACT_LIMIT, sources: int = SAMPLE_SOURCES, confidence: float = 0.95,
                seed: Seed = DEFAULT_SEED) -> SmallWorldReport:
    """The small-world report of an affiliation network: C, L, random expectations and Q.

    Parameters
    ----------
    net : AffiliationNetwork
        People x projects memberships (with project years for time windows).
    window : str, optional
        Label copied into the report.
    null_samples : int, default 20
        Shuffled networks for the simulated null, which gives the headline CC ratio, PL ratio
        and Q and their intervals (0 = analytic only: the headline values are then None).
        At most ``TEAMSIM_MAX_NULL_SAMPLES``.
    exact_limit, sources
        Path length options, see :func:`mean_path_length`.
    confidence : float, default 0.95
        Level of the intervals (sampled path length, ``q_ci``, ``cc_ratio_ci``, ``pl_ratio_ci``).
    seed : int, numpy Generator or None, default 0
        For path-length sampling and the simulated null; reproducible by default.

    Returns
    -------
    SmallWorldReport
        Never raises on degenerate networks; undefined values are None with a reason.

    Raises
    ------
    InputError
        ``null_samples`` negative, not a whole number or over the limit.

    See Also
    --------
    small_world_by_window : The same per time window.
    clustering_coefficients : C alone.
    mean_path_length : L alone.

    Notes
    -----
    ``Q = (C / C_r) / (L / L_r)`` (Uzzi & Spiro 2005, the small-world quotient), with C the
    transitivity. Headline: ``C_r, L_r`` are the means over ``null_samples`` networks from
    :func:`randomize_affiliation` (the bipartite configuration model: degrees kept on both
    sides), measured the same way as the real one; ``q_ci`` is the central ``confidence``
    range of Q against each shuffled network alone, so a random network's Q is 1 within it.
    Beside it, ``analytic`` holds the generating-function values of
    :func:`random_bipartite_expectation` (Newman, Strogatz & Watts 2001, Eq. 54 for L) with
    the ``flags`` of the assumptions that fail. Cost: one projection O(sum_k n_k^2),
    clustering O(m^1.5), path length as :func:`mean_path_length`, times (1 + null_samples).

    References
    ----------
    .. [1] B. Uzzi and J. Spiro, American Journal of Sociology 111(2), 447-504 (2005).
    .. [2] M. E. J. Newman, S. H. Strogatz and D. J. Watts, Phys. Rev. E 64, 026118 (2001).

    Examples
    --------
    >>> from teamsim.affiliation import affiliation_from_members
    >>> r = small_world(affiliation_from_members({"x": ["solo"]}))
    >>> r.people, r.transitivity, r.path_length.value, r.undefined["transitivity"][:20]
    (1, None, None, 'no connected triples')
    """
    _check_samples(null_samples)
    rng = make_rng(seed)
    n, m = net.n_people, net.n_projects
    if n == 0:
        return _empty_report(window, m, null_samples, confidence)
    und: dict[str, str] = {}
    dp, ns = net.projects_per_person, net.project_sizes
    a, c, c_local = _projection_clustering(net)
    ncomp, _, giant = _giant(a)
    c_reason = None
    if c is None:
        c_reason = und["transitivity"] = "no connected triples: nobody has two collaborators"
    pl = _path_length(a, giant, exact_limit=exact_limit, sources=sources, confidence=confidence, seed=rng)
    if pl.value is None:
        und["path_length"] = pl.undefined or "undefined"
    reasons = (c_reason, pl.undefined)
    an = _with_ratios(random_bipartite_expectation(dp, ns), c, c_local, pl.value, *reasons)
    sim = None
    if null_samples > 0:
        sim = _simulated(net, null_samples, c, c_local, pl.value, reasons, exact_limit=exact_limit,
                         sources=sources, confidence=confidence, rng=rng)
    head = sim or RandomExpectation(kind="simulated", undefined={
        k: "no simulated null (null_samples = 0): see analytic" for k in ("cc_ratio", "pl_ratio", "q")})
    for k in ("cc_ratio", "pl_ratio", "q"):
        if getattr(head, k) is None:
            und[k] = head.undefined.get(k, "undefined")
    for k, ci in (("cc_ratio_ci", "cc_ci"), ("pl_ratio_ci", "pl_ci"), ("q_ci", "q_ci")):
        if ci in head.undefined:
            und[k] = head.undefined[ci]
    return SmallWorldReport(
        window=window, people=n, projects=m, memberships=int(dp.sum()), edges=int(a.nnz // 2),
        mean_projects_per_person=float(dp.mean()), mean_project_size=float(ns.mean()) if m else None,
        components=int(ncomp), giant_size=len(giant), giant_share=len(giant) / n,
        transitivity=c, average_clustering=c_local, path_length=pl, analytic=an, simulated=sim,
        cc_ratio=head.cc_ratio, pl_ratio=head.pl_ratio, q=head.q, cc_ratio_ci=head.cc_ci,
        pl_ratio_ci=head.pl_ci, q_ci=head.q_ci, null_samples=null_samples, undefined=und)


def small_world_by_window(net: AffiliationNetwork, *, width: int = 1, source: str | None = None,
                          **options) -> SmallWorldSeries:
    """:func:`small_world` for every time window of ``width`` years.

    Windows as :func:`~teamsim.affiliation.time_windows`.

    Parameters
    ----------
    net : AffiliationNetwork
        People x projects memberships (with project years for time windows).
    width : int, default 1
        Window width in years (>= 1).
    source : str, optional
        Copied into the result.
    **options
        Passed to :func:`small_world` (``null_samples``, ``exact_limit``, ``sources``, ``seed``...).

    Returns
    -------
    SmallWorldSeries

    Raises
    ------
    InputError
        If ``width`` < 1, or ``null_samples`` is negative or over the limit (before any
        window is measured).

    See Also
    --------
    small_world : One network.
    teamsim.affiliation.time_windows : How the windows are cut.
    window_notes : What to know about the windows' values.

    Examples
    --------
    >>> from teamsim.affiliation import affiliation_from_members
    >>> net = affiliation_from_members({"a": ["x", "y"], "b": ["y", "z"]}, years={"a": 2020, "b": 2022})
    >>> [(w.window, w.people) for w in small_world_by_window(net, null_samples=0).windows]
    [('2020', 2), ('2021', 0), ('2022', 2)]
    """
    _check_samples(options.get("null_samples", NULL_SAMPLES))
    return SmallWorldSeries(source=source, width=width, notes=window_notes(net, width=width),
                            windows=[small_world(w, window=label, **options)
                                     for label, w in time_windows(net, width=width)])


def window_notes(net: AffiliationNetwork, *, width: int = 1) -> list[str]:
    """Notes on how :func:`~teamsim.affiliation.time_windows` cuts a network.

    Parameters
    ----------
    net : AffiliationNetwork
        People x projects memberships (with project years for time windows).
    width : int, default 1
        Window width in years.

    Returns
    -------
    list of str
        One note per fact a reader needs: projects without a year and where they are
        counted, and a window wider than the whole history.

    See Also
    --------
    small_world_by_window : The series these notes are about.

    Examples
    --------
    >>> from teamsim.affiliation import affiliation_from_members
    >>> net = affiliation_from_members({"a": ["x", "y"], "T": ["x", "z"]}, years={"a": 2020})
    >>> window_notes(net, width=3)  # doctest: +NORMALIZE_WHITESPACE
    ["1 project without a year (T): not counted in the yearly windows; it forms the
      'undated' window", 'window of 3 years is wider than the history (2020, 1 year):
      one window over all of it']
    """
    undated = [p for p, y in zip(net.projects, net.years, strict=True) if y is None]
    dated = sorted({y for y in net.years if y is not None})
    notes = []
    if undated:
        names = ", ".join(undated[:3]) + (f", ... ({len(undated) - 3} more)" if len(undated) > 3 else "")
        n = len(undated)
        what = f"{n} project{'s' if n != 1 else ''} without a year ({names})"
        if dated:
            notes.append(f"{what}: not counted in the yearly windows; "
                         f"{'they form' if n != 1 else 'it forms'} the 'undated' window")
        else:
            notes.append(f"no project has a year: one window 'all' over every project and team "
                         f"({n})")
    if dated and width > 1 and dated[-1] - dated[0] + 1 < width:
        span = dated[-1] - dated[0] + 1
        rng = str(dated[0]) if span == 1 else f"{dated[0]}-{dated[-1]}"
        notes.append(f"window of {width} years is wider than the history ({rng}, {span} "
                     f"year{'s' if span != 1 else ''}): one window over all of it")
    return notes
