"""The fast paths of the small-world measures give exactly what the plain ones give.

Dense projections as bit rows (triangles by popcounts), connected components, the
bottom-up breadth-first search that stops early, and the switch chain's bit table of
memberships.
"""

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import connected_components

from teamsim import _kernels as kernels
from teamsim.affiliation import affiliation_from_members, one_mode_projection
from teamsim.smallworld import (
    _adjacency,
    _bfs_distance_sums,
    _clustering_sums,
    _projection_clustering,
    _switch_chain,
    clustering_coefficients,
    mean_path_length,
    randomize_affiliation,
)

PEOPLE = [f"p{i}" for i in range(140)]  # more than two 64-bit words per row
members_st = st.dictionaries(st.sampled_from([f"k{i}" for i in range(12)]),
                             st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=60, unique=True),
                             min_size=1)


def _pairs(net):
    b = net.incidence.tocoo()
    return b.row.astype(np.int64), b.col.astype(np.int64)


@settings(max_examples=40, deadline=None)
@given(members_st)
def test_bit_rows_give_the_sparse_projection_and_its_clustering(members):
    net = affiliation_from_members(members)
    person, proj = _pairs(net)
    rows = kernels.projection_bits(net.n_people, person, proj, net.n_projects)
    tri3, triples, local_sum, indptr, indices = kernels.bit_clustering(rows)
    a = one_mode_projection(net)
    assert indptr.tolist() == a.indptr.tolist() and indices.tolist() == a.indices.tolist()
    assert (net.n_people, tri3, triples, local_sum) == _clustering_sums(a, True)  # same bits


def test_dense_network_takes_the_bit_rows_and_equals_networkx():
    rng = np.random.default_rng(5)
    members = {f"k{k}": list(rng.choice(PEOPLE, int(rng.integers(20, 90)), replace=False))
               for k in range(8)}
    net = affiliation_from_members(members)
    sizes = net.project_sizes
    assert (sizes * (sizes - 1)).sum() >= net.n_people * 3  # the bit-row branch
    a, t, c = _projection_clustering(net)
    g = nx.from_scipy_sparse_array(one_mode_projection(net))
    assert (t, c) == (nx.transitivity(g), nx.average_clustering(g))
    assert (a != one_mode_projection(net)).nnz == 0
    assert clustering_coefficients(net) == (t, c)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 200), st.floats(0.0, 0.05), st.integers(0, 10_000))
def test_components_label_as_scipy(n, p, seed):
    a = _adjacency(nx.gnp_random_graph(n, p, seed=seed))
    count, labels = kernels.components(a.indptr, a.indices)
    want_count, want = connected_components(a, directed=False)
    assert count == want_count and labels.tolist() == want.tolist()


@pytest.mark.parametrize("seed", [0, 1])
def test_dense_graph_distances_equal_networkx(seed):
    # a dense core (bottom-up levels stop early) with a tail (top-down levels, few words)
    g = nx.compose(nx.gnp_random_graph(300, 0.4, seed=seed), nx.path_graph(range(299, 340)))
    a = _adjacency(g)
    src = np.arange(0, 340, 7)
    total, sums = _bfs_distance_sums(a, src)
    want = [sum(nx.single_source_shortest_path_length(g, int(s)).values()) for s in src]
    assert sums.tolist() == want and total == sum(want)
    assert mean_path_length(g).value == nx.average_shortest_path_length(g)


@settings(max_examples=40, deadline=None)
@given(members_st, st.integers(0, 2**32 - 1))
def test_switch_chain_keeps_degrees_and_simplicity(members, seed):
    net = affiliation_from_members(members)
    person, proj = _pairs(net)
    sizes = np.bincount(proj, minlength=net.n_projects)
    # the bit table and the scan of memberships make the same switches
    order = np.argsort(person, kind="stable")
    ptr = np.searchsorted(person[order], np.arange(net.n_people + 1))
    pairs = np.random.default_rng(seed).integers(0, person.size, (20 * person.size, 2))
    by_bits, by_scan = proj.copy(), proj.copy()
    held = kernels.membership_bits(person, proj, net.n_people, net.n_projects)
    made = kernels.bipartite_switches(person, by_bits, ptr, order, held, pairs)
    assert kernels.bipartite_switches(person, by_scan, ptr, order, np.zeros((0, 1), np.uint64),
                                      pairs) == made
    assert by_bits.tolist() == by_scan.tolist()
    assert held.tolist() == kernels.membership_bits(person, by_bits, net.n_people,
                                                    net.n_projects).tolist()  # kept up to date
    chained = _switch_chain(person, proj.copy(), np.random.default_rng(seed))
    for new in (by_bits, chained):
        assert np.bincount(new, minlength=net.n_projects).tolist() == sizes.tolist()
        assert np.unique(person * net.n_projects + new).size == person.size  # no repeated pair
    shuffled = randomize_affiliation(net, seed=seed)
    assert shuffled.projects_per_person.tolist() == net.projects_per_person.tolist()
    assert shuffled.project_sizes.tolist() == sizes.tolist() and shuffled.incidence.max() == 1
