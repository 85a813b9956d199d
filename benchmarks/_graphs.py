"""Seeded test graphs of the network benchmarks (and their igraph copies).

- ``teams``: the one-mode projection, as teamsim builds it, of a people x projects network
  with teams of 2-6 people (uniform) and a heavy-tailed number of projects per person
  (Zipf, exponent 2.5, at most 50): most people on one or two projects, a few on dozens;
- ``random``: a uniform random graph G(n, m) with mean degree 10.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from teamsim.affiliation import AffiliationNetwork, one_mode_projection


def team_affiliation(n_people: int, seed: int = 0) -> AffiliationNetwork:
    """People x projects: projects of 2-6 people, Zipf(2.5) projects per person."""
    rng = np.random.default_rng(seed)
    per_person = np.minimum(rng.zipf(2.5, n_people), 50)
    stubs = rng.permutation(np.repeat(np.arange(n_people), per_person))
    sizes = rng.integers(2, 7, stubs.size // 2)
    ends = np.cumsum(sizes)
    sizes = sizes[ends <= stubs.size]
    project = np.repeat(np.arange(sizes.size), sizes)
    person = stubs[:project.size]
    b = sp.csr_matrix((np.ones(person.size, np.int8), (person, project)), shape=(n_people, sizes.size))
    b.sum_duplicates()
    b.data[:] = 1
    keep = np.flatnonzero(np.diff(b.indptr) > 0)
    b = b[keep].tocsr()
    names = tuple(f"p{i}" for i in keep)
    projects = tuple(f"project {k}" for k in range(sizes.size))
    return AffiliationNetwork(names, projects, b, (None,) * sizes.size, projects)


def random_graph(n: int, mean_degree: float = 10.0, seed: int = 0) -> sp.csr_matrix:
    """G(n, m) with m = n x mean_degree / 2 distinct edges, as a 0/1 int8 CSR adjacency."""
    rng = np.random.default_rng(seed)
    m = int(n * mean_degree / 2)
    keys = np.empty(0, np.int64)
    while keys.size < m:
        u, v = rng.integers(0, n, (2, 2 * (m - keys.size)))
        lo, hi = np.minimum(u, v), np.maximum(u, v)
        keys = np.unique(np.concatenate([keys, (lo * n + hi)[lo != hi]]))
    keys = rng.permutation(keys)[:m]
    r, c = keys // n, keys % n
    a = sp.csr_matrix((np.ones(2 * m, np.int8), (np.r_[r, c], np.r_[c, r])), shape=(n, n))
    a.sort_indices()
    return a


def graph(kind: str, n: int, seed: int = 0) -> sp.csr_matrix:
    """The ``kind`` ("teams" or "random") graph on about n nodes."""
    if kind == "teams":
        return one_mode_projection(team_affiliation(n, seed))
    return random_graph(n, seed=seed)


def to_igraph(a: sp.csr_matrix, nodes: np.ndarray | None = None):
    """An igraph Graph with the same nodes and edges (optionally the subgraph on ``nodes``)."""
    import igraph as ig

    if nodes is not None:
        a = a[nodes][:, nodes].tocsr()
    coo = sp.triu(a, k=1).tocoo()
    return ig.Graph(n=a.shape[0], edges=np.column_stack([coo.row, coo.col]))
