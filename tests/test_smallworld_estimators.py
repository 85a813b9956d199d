"""The estimators of the small-world report on large networks: sampled BFS sources for the mean
path length, sampled wedges for the two clustering coefficients, and how the report marks them."""

import json

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from teamsim import _kernels as kernels
from teamsim.affiliation import one_mode_projection, random_affiliation
from teamsim.cli import main
from teamsim.smallworld import (
    _giant,
    _path_length,
    clustering_coefficients,
    mean_path_length,
    small_world,
    small_world_by_window,
)
from teamsim.smallworld.metrics import _projection, estimate_clustering

SEEDS = range(6)


@pytest.fixture(scope="module")
def mid() -> sp.csr_matrix:
    """A clustered, heavy-tailed graph of 3,000 people (exact values take well under a second)."""
    return nx.to_scipy_sparse_array(nx.powerlaw_cluster_graph(3000, 6, 0.4, seed=3), format="csr")


@pytest.mark.parametrize("seed", SEEDS)
def test_sampled_path_length_is_within_3_se_of_the_exact_value(mid, seed):
    exact = mean_path_length(mid)
    est = mean_path_length(mid, exact_limit=100, sources=256, seed=seed)
    assert exact.method == "exact" and exact.se == 0.0
    assert est.method == "sampled" and est.sources == 256 and 0 < est.se < 0.02
    assert abs(est.value - exact.value) < 3 * est.se
    assert est.ci_high - est.value == pytest.approx(1.959964 * est.se, rel=1e-5)  # the 95% CI is +/- z SE


def test_sampling_every_source_is_the_exact_value():
    g = nx.connected_watts_strogatz_graph(300, 6, 0.1, seed=2)
    exact = nx.average_shortest_path_length(g)
    every = mean_path_length(g, exact_limit=2, sources=300)
    assert every.method == "exact" and every.value == pytest.approx(exact, abs=1e-12) and every.se == 0
    # the estimator itself over all n sources: the mean of the per-source means is the exact mean,
    # and the finite-population correction makes its SE 0
    a = nx.to_scipy_sparse_array(g, format="csr")
    _, sums = kernels.bfs_distance_sums(a.indptr, a.indices, np.arange(300), True, 8)
    assert (sums / 299).mean() == pytest.approx(exact, abs=1e-12)
    assert np.std(sums / 299, ddof=1) / np.sqrt(300) * np.sqrt(1 - 300 / 300) == 0


@pytest.mark.parametrize("seed", SEEDS)
def test_sampled_clustering_is_within_3_se_of_the_exact_values(mid, seed):
    t, c = clustering_coefficients(mid)
    est = estimate_clustering(mid, samples=20_000, seed=seed)
    assert est.method == "sampled" and est.samples == 20_000
    assert abs(est.transitivity - t) < 3 * est.transitivity_se
    assert abs(est.average_clustering - c) < 3 * est.average_clustering_se
    assert est.transitivity_se == pytest.approx(np.sqrt(t * (1 - t) / 20_000), rel=0.05)


def test_wedge_sampling_on_known_graphs():
    full = estimate_clustering(nx.complete_graph(30), samples=500, seed=1)
    assert (full.transitivity, full.average_clustering, full.transitivity_se) == (1.0, 1.0, 0.0)
    grid = estimate_clustering(nx.grid_2d_graph(20, 20), samples=500)  # no triangle at all
    assert (grid.transitivity, grid.average_clustering) == (0.0, 0.0)
    star = estimate_clustering(nx.star_graph(9), samples=500)  # 36 wedges at the hub, none closed
    assert star.transitivity == 0.0
    # nothing to sample: the exact values (no connected triple)
    none = estimate_clustering(nx.path_graph(2))
    assert (none.transitivity, none.average_clustering, none.method) == (None, 0.0, "exact")
    # half of the people are leaves (C_i = 0); the hub's 3 wedges around a triangle + pendant
    g = nx.Graph([(0, 1), (1, 2), (2, 0), (2, 3)])
    e = estimate_clustering(g, samples=40_000, seed=4)
    assert abs(e.average_clustering - nx.average_clustering(g)) < 3 * e.average_clustering_se


def test_closing_ties_by_bits_and_by_search_agree():
    net = random_affiliation(400, 60, mean_extra=6, seed=2)
    a, rows = _projection(net)
    assert rows is not None  # dense enough for bit rows
    rng = np.random.default_rng(0)
    deg = np.diff(a.indptr)
    centers = rng.choice(np.flatnonzero(deg >= 2), 5000)
    first = (rng.random(5000) * deg[centers]).astype(np.int64)
    second = (rng.random(5000) * (deg[centers] - 1)).astype(np.int64)
    second += second >= first
    by_bits = kernels.closed_wedges(a.indptr, a.indices, rows, centers, first, second)
    none = np.zeros((0, 1), np.uint64)
    by_search = kernels.closed_wedges(a.indptr, a.indices, none, centers, first, second)
    dense = a.toarray()
    x = a.indices[a.indptr[centers] + first]
    y = a.indices[a.indptr[centers] + second]
    assert by_bits == by_search == int(dense[x, y].sum()) > 0


def test_path_length_with_or_without_cutting_out_the_giant():
    # giant of 60 beside 50 pairs: cut out (under half); beside 5 pairs: searched in place
    g = nx.connected_watts_strogatz_graph(60, 4, 0.2, seed=1)
    exact = nx.average_shortest_path_length(g)
    for pairs in (50, 5):
        h = nx.disjoint_union(g, nx.Graph([(2 * i, 2 * i + 1) for i in range(pairs)]))
        a = nx.to_scipy_sparse_array(h, format="csr")
        giant = _giant(a)[2]
        assert len(giant) == 60
        assert _path_length(a, giant, exact_limit=100, sources=8).value == pytest.approx(exact, abs=1e-12)
        sampled = _path_length(a, giant, exact_limit=10, sources=20, seed=5)
        ref = _path_length(nx.to_scipy_sparse_array(g, format="csr"), np.arange(60), exact_limit=10,
                           sources=20, seed=5)
        assert sampled.value == ref.value and sampled.se == ref.se
    ptr, idx = kernels.induced_subgraph(a.indptr, a.indices, giant)
    cut = sp.csr_matrix((np.ones(idx.size), idx, ptr), shape=(60, 60))
    assert (cut != a[giant][:, giant]).nnz == 0


def test_report_marks_estimated_windows_and_measures_the_null_alike():
    net = random_affiliation(600, seed=4)
    exact = small_world(net, null_samples=4)
    est = small_world(net, null_samples=4, exact_limit=100, sources=128, exact_edges=100)
    assert exact.clustering_method == "exact" and exact.path_length.method == "exact"
    assert (exact.transitivity_se, exact.average_clustering_se, exact.path_length.se) == (0.0, 0.0, 0.0)
    assert est.clustering_method == "sampled" and est.clustering_samples == 1 << 16
    assert est.path_length.method == "sampled" and est.path_length.sources == 128
    assert abs(est.transitivity - exact.transitivity) < 3 * est.transitivity_se
    assert abs(est.path_length.value - exact.path_length.value) < 3 * est.path_length.se
    # the null is estimated the same way: its means stay close to the exact null's
    assert est.simulated.transitivity == pytest.approx(exact.simulated.transitivity, abs=0.01)
    assert est.simulated.path_length == pytest.approx(exact.simulated.path_length, abs=0.02)
    assert est.q == pytest.approx(exact.q, rel=0.03)
    # a projection under the limit keeps exact counts (today's values)
    a = one_mode_projection(net)
    assert small_world(net, null_samples=0, exact_edges=a.nnz // 2).transitivity == exact.transitivity


def test_json_and_table_say_which_windows_are_estimated(capsys, tmp_path):
    net = random_affiliation(300, seed=1)
    series = small_world_by_window(net, null_samples=2, exact_limit=50, sources=64, exact_edges=50)
    w = json.loads(series.model_dump_json())["windows"][0]
    assert w["clustering_method"] == "sampled" and w["clustering_samples"] == 65536
    assert w["transitivity_se"] > 0 and w["path_length"]["method"] == "sampled" and w["path_length"]["se"] > 0
    log = tmp_path / "h.gitlog"
    lines = []
    for c in range(120):
        lines += [f"--{c:08x}--2020-0{1 + c % 9}-01--Dev{c % 40} Person",
                  *(f"1\t0\tmod{(c + k) % 7}/x/f{k}.c" for k in range(3)), ""]
    log.write_text("\n".join(lines) + "\n")
    assert main(["network", str(log), "--null-samples", "2", "--json", "--exact-edges", "10",
                 "--exact-limit", "5", "--sources", "8"]) == 0
    w = json.loads(capsys.readouterr().out)["windows"][0]
    assert w["clustering_method"] == "sampled" and w["path_length"]["method"] == "sampled"
    assert main(["network", str(log), "--null-samples", "2", "--exact-edges", "10", "--exact-limit", "5",
                 "--sources", "8"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "2020: estimated — L from 8 of" in out and "sampled wedges each (SE" in out
    assert "except in 2020 (estimated from samples" in out
    assert main(["network", str(log), "--null-samples", "2"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "estimated —" not in out and "L, C and <Ci> are exact." in out


@pytest.mark.parametrize("seed", range(4))
def test_components_from_memberships_equal_those_of_the_projection(seed):
    net = random_affiliation(500, 300, mean_extra=0.4, seed=seed)  # many components and isolated people
    a = one_mode_projection(net)
    by_edges = _giant(a)
    by_members = _giant(a, net)
    assert by_edges[0] == by_members[0] > 5
    assert by_edges[1].tolist() == by_members[1].tolist() and by_edges[2].tolist() == by_members[2].tolist()
