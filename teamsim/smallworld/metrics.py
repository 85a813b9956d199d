"""Clustering and mean shortest path length of a collaboration network's projection.

The measures of :mod:`teamsim.smallworld` on one network: transitivity and average local
clustering (one compiled triangle count, or popcounts of bit rows for dense projections),
the connected components, and the mean shortest path length on the giant component (exact
by bit-parallel breadth-first search, or sampled above ``exact_limit``).
"""

from __future__ import annotations

import math
import statistics
from typing import Literal

import numpy as np
import scipy.sparse as sp

from teamsim._results import Result
from teamsim.affiliation import AffiliationNetwork, one_mode_projection
from teamsim.defaults import EXACT_LIMIT, SAMPLE_SOURCES
from teamsim.seeds import DEFAULT_SEED, Seed, make_rng

__all__ = ["BIT_ROWS_MAX", "PathLength", "average_clustering", "clustering_coefficients", "mean_path_length",
           "transitivity"]

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
