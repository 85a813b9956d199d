"""Affiliation networks, the one-mode projection and small-world measures."""

import math

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from teamsim.affiliation import (
    affiliation_from_members,
    affiliation_network,
    git_affiliation,
    one_mode_projection,
    person_groups,
    random_affiliation,
    time_windows,
)
from teamsim.importers.git import read_git_log
from teamsim.importers.networks import read_affiliation
from teamsim.scenario import Scenario
from teamsim.smallworld import (
    _adjacency,
    _bfs_distance_sums,
    _triangles_and_degrees,
    clustering_coefficients,
    mean_path_length,
    random_bipartite_expectation,
    randomize_affiliation,
    small_world,
    small_world_by_window,
    transitivity,
)

from .conftest import SCENARIOS

# --------------------------------------------------------------------------- hand-computed


def triangle_pendant():
    # A-B-C one project (a triangle), C-D another: the projection is a triangle + pendant
    return affiliation_from_members({"abc": ["A", "B", "C"], "cd": ["C", "D"]})


def test_triangle_with_pendant():
    r = small_world(triangle_pendant(), null_samples=0)
    assert r.transitivity == pytest.approx(0.6)  # 3 x 1 triangle / 5 connected triples
    assert r.average_clustering == pytest.approx((1 + 1 + 1 / 3 + 0) / 4)  # 0.58333
    assert r.path_length.value == pytest.approx(8 / 6) and r.path_length.method == "exact"
    assert (r.people, r.projects, r.memberships, r.edges) == (4, 2, 5, 4)
    assert r.mean_projects_per_person == 1.25 and r.mean_project_size == 2.5
    assert r.giant_share == 1.0 and r.components == 1


def test_analytic_expectation_by_hand():
    # projects per person 2, 2, 2, 1, 1; project sizes 3, 3, 2
    r = random_bipartite_expectation([2, 2, 2, 1, 1], [3, 3, 2])
    mu, f2 = 8 / 5, 6 / 5                   # f0'(1), f0''(1)
    nu, g2, g3 = 8 / 3, 14 / 3, 12 / 3      # g0'(1), g0''(1), g0'''(1)
    g1p, g1pp = g2 / nu, g3 / nu            # 1.75, 1.5
    assert r.z1 == pytest.approx(2.8) == mu * g1p
    assert r.z2 == pytest.approx(3.675) == f2 * g1p ** 2
    assert r.transitivity == pytest.approx((3 / 5) * g3 / (f2 * g1p ** 2 + mu * g1pp))
    assert r.path_length == pytest.approx(math.log(5 / 2.8) / math.log(3.675 / 2.8) + 1)


def test_newman_weights():
    net = affiliation_from_members({"x": ["a", "b", "c"], "y": ["a", "b"], "solo": ["d"]})
    w = one_mode_projection(net, weighted=True).toarray()
    assert w[0, 1] == pytest.approx(1 / 2 + 1) and w[0, 2] == pytest.approx(1 / 2)
    assert np.all(np.diag(w) == 0) and np.all(w[3] == 0)
    a = one_mode_projection(net)
    assert a.max() == 1 and a.diagonal().sum() == 0 and (a != a.T).nnz == 0


def test_davis_southern_women():
    g = nx.davis_southern_women_graph()
    women = [n for n, d in g.nodes(data=True) if d["bipartite"] == 0]
    events = [n for n, d in g.nodes(data=True) if d["bipartite"] == 1]
    net = affiliation_from_members({e: [w for w in women if g.has_edge(w, e)] for e in events})
    assert (net.n_people, net.n_projects, int(net.incidence.sum())) == (18, 14, 89)
    proj = nx.bipartite.projected_graph(g, women)
    r = small_world(net, null_samples=0)
    assert r.edges == proj.number_of_edges() == 139  # Davis (1941): 139 of 153 pairs ever met
    assert r.transitivity == pytest.approx(nx.transitivity(proj))
    assert r.average_clustering == pytest.approx(nx.average_clustering(proj))
    assert r.path_length.value == pytest.approx(nx.average_shortest_path_length(proj))
    assert r.path_length.value == pytest.approx(1 + (153 - 139) / 153)  # diameter 2
    w = one_mode_projection(net, weighted=True)
    idx = {p: i for i, p in enumerate(net.people)}
    # Newman weights by hand for one pair from the event sizes
    a, b = "Evelyn Jefferson", "Laura Mandeville"
    shared = [e for e in events if g.has_edge(a, e) and g.has_edge(b, e)]
    assert w[idx[a], idx[b]] == pytest.approx(sum(1 / (g.degree(e) - 1) for e in shared))


# --------------------------------------------------------------------------- analytic vs simulated


def test_analytic_clustering_matches_random_two_mode_graphs():
    net = random_affiliation(3000, seed=7)
    assert net.n_people >= 2000
    expected = random_bipartite_expectation(net.projects_per_person, net.project_sizes).transitivity
    sims = [clustering_coefficients(randomize_affiliation(net, seed=s))[0] for s in range(3)]
    assert abs(np.mean(sims) - expected) < 0.01


def test_randomization_keeps_degrees_and_simplicity():
    net = random_affiliation(500, mean_extra=20, seed=2)  # dense: repeats must be repaired
    r = randomize_affiliation(net, seed=3)
    assert np.array_equal(r.projects_per_person, net.projects_per_person)
    assert np.array_equal(r.project_sizes, net.project_sizes)
    assert r.incidence.max() == 1
    assert (r.incidence != net.incidence).nnz > 0


# --------------------------------------------------------------------------- against networkx


@settings(max_examples=25, deadline=None)
@given(st.integers(2, 40), st.floats(0.02, 0.5), st.integers(0, 10_000))
def test_clustering_and_paths_match_networkx(n, p, seed):
    g = nx.gnp_random_graph(n, p, seed=seed)
    t, c = clustering_coefficients(g)
    assert c == nx.average_clustering(g)  # same bits: same summation order
    assert (t or 0.0) == nx.transitivity(g) and transitivity(g) == t
    giant = g.subgraph(max(nx.connected_components(g), key=len))
    pl = mean_path_length(g)
    if giant.number_of_nodes() < 2:
        assert pl.value is None and pl.undefined
    else:
        assert pl.value == nx.average_shortest_path_length(giant)
        assert pl.component_size == giant.number_of_nodes()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_projection_metrics_equal_networkx_bit_for_bit(seed):
    a = one_mode_projection(random_affiliation(600, mean_extra=3.0, seed=seed))
    g = nx.from_scipy_sparse_array(a)
    t, c = clustering_coefficients(a)
    assert (t, c) == (nx.transitivity(g), nx.average_clustering(g))
    giant = g.subgraph(max(nx.connected_components(g), key=len))
    assert mean_path_length(a).value == nx.average_shortest_path_length(giant)


def test_triangles_per_node_by_brute_force():
    g = nx.barabasi_albert_graph(200, 6, seed=3)  # skewed degrees: orientation matters
    a = nx.to_scipy_sparse_array(g, format="csr")
    tri, deg = _triangles_and_degrees(_adjacency(a))
    assert tri.tolist() == [nx.triangles(g, v) for v in range(200)]
    a64 = _adjacency(a)
    a64.indptr, a64.indices = a64.indptr.astype(np.int64), a64.indices.astype(np.int64)
    assert _triangles_and_degrees(a64)[0].tolist() == tri.tolist()


def test_adjacency_input_forms_give_the_same_clustering():
    g = nx.gnp_random_graph(60, 0.2, seed=4)
    a = nx.to_scipy_sparse_array(g, format="csr")
    want = clustering_coefficients(g)
    messy = a.astype(float) * 3  # weights, a self-loop and a repeated entry
    e0 = messy.indptr[1]  # row 0 gets a self-loop and a repeat of its first entry
    messy = sp.csr_array((np.r_[messy.data[:e0], 5.0, 1.0, messy.data[e0:]],
                          np.r_[messy.indices[:e0], 0, messy.indices[0], messy.indices[e0:]],
                          np.r_[0, messy.indptr[1:] + 2]), shape=a.shape)
    assert e0 > 0 and messy.nnz == a.nnz + 2
    assert clustering_coefficients(messy) == want
    assert clustering_coefficients(a.toarray()) == want and clustering_coefficients(a.astype(np.int8)) == want


def test_per_source_distance_sums_equal_networkx():
    # a long path plus a dense core: levels switch between pushing and pulling
    g = nx.compose(nx.path_graph(300), nx.complete_graph(range(290, 330)))
    a = _adjacency(g)
    src = np.array([0, 5, 150, 299, 310, 329])
    total, sums = _bfs_distance_sums(a, src)
    want = [sum(nx.single_source_shortest_path_length(g, int(s)).values()) for s in src]
    assert sums.tolist() == want and total == sum(want)
    assert _bfs_distance_sums(a, src, per_source=False)[0] == total


def test_path_length_wide_graph_uses_several_batches():
    g = nx.connected_watts_strogatz_graph(700, 4, 0.1, seed=1)  # > 512 sources: two batches
    assert mean_path_length(g).value == nx.average_shortest_path_length(g)


def test_sampled_path_length_confidence_interval():
    net = random_affiliation(4000, seed=5)
    exact = mean_path_length(net)
    sampled = mean_path_length(net, exact_limit=100, sources=300, seed=1)
    assert exact.method == "exact" and sampled.method == "sampled" and sampled.sources == 300
    assert sampled.ci_low < exact.value < sampled.ci_high
    assert sampled.ci_high - sampled.ci_low < 0.2


# --------------------------------------------------------------------------- degenerate networks


def test_one_person():
    r = small_world(affiliation_from_members({"x": ["solo"]}))
    assert r.people == 1 and r.edges == 0 and r.giant_share == 1.0
    assert r.transitivity is None and "no connected triples" in r.undefined["transitivity"]
    assert r.average_clustering == 0.0
    assert r.path_length.value is None and "fewer than two" in r.path_length.undefined
    assert r.q is None and r.undefined["q"]
    assert r.simulated.q is None and r.simulated.undefined["q"]


def test_empty_window():
    net = affiliation_from_members({"a": ["x", "y"], "b": ["y", "z"]}, years={"a": 2020, "b": 2022})
    s = small_world_by_window(net)
    empty = s.windows[1]
    assert (empty.window, empty.people, empty.edges) == ("2021", 0, 0)
    assert empty.q is None and "empty window" in empty.undefined["q"]
    assert empty.path_length.value is None and empty.giant_share is None


def test_disconnected():
    net = affiliation_from_members({"a": ["A", "B", "C"], "b": ["D", "E"]})
    r = small_world(net, null_samples=2)
    assert r.components == 2 and r.giant_size == 3 and r.giant_share == pytest.approx(0.6)
    assert r.path_length.value == 1.0 and r.path_length.component_size == 3
    assert r.transitivity == 1.0


def test_one_person_projects():
    net = affiliation_from_members({"a": ["A"], "b": ["B"], "c": ["C"]})
    r = small_world(net)
    assert r.edges == 0 and r.components == 3 and r.giant_share == pytest.approx(1 / 3)
    assert r.analytic.z1 == 0 and "z1 = 0" in r.analytic.undefined["path_length"]
    assert r.q is None


def test_project_containing_everyone():
    r = small_world(affiliation_from_members({"all": list("ABCDEF")}), null_samples=1)
    assert r.transitivity == 1.0 and r.path_length.value == 1.0
    assert r.analytic.transitivity == 1.0 and r.analytic.cc_ratio == 1.0
    assert r.analytic.q is None and "no second neighbours" in r.analytic.undefined["pl_ratio"]
    assert set(r.analytic.flags) == {"no giant", "dense", "tiny"}
    # the shuffled network is the same clique: Q = 1 against the simulated null; one sample, no interval
    assert r.q == r.simulated.q == 1.0 and r.q_ci is None and r.null_samples == 1
    assert "one shuffled network" in r.undefined["q_ci"]
    assert small_world(affiliation_from_members({"all": list("ABCDEF")}), null_samples=2).q_ci == [1.0, 1.0]
    # with a second project of A and B the shuffle must keep A and B on both: still Q = 1
    r = small_world(affiliation_from_members({"all": list("ABCDEF"), "ab": ["A", "B"]}), null_samples=2)
    assert r.q == pytest.approx(1.0) and r.analytic.q is not None


def test_all_in_one_project_analytic():
    r = random_bipartite_expectation([1] * 6, [6])
    assert r.transitivity == 1.0 and r.path_length is None and r.z2 == 0


def test_empty_expectation():
    r = random_bipartite_expectation([], [])
    assert r.transitivity is None and r.undefined["transitivity"]


# --------------------------------------------------------------------------- sources and windows


def test_scenario_projects_and_teams():
    s = Scenario.model_validate({
        "people": [{"name": n} for n in "ABCDE"],
        "teams": [{"name": "T", "members": ["A", "E"]}],
        "projects": [{"name": "x 2020", "members": ["A", "B"], "year": 2020},
                     {"name": "y", "members": ["B", "C"], "year": 2021}]})
    net = affiliation_network(s)
    assert net.people == ("A", "B", "C", "E") and net.groups == ("x", "y", "T")
    # the team (no year) is not copied into every year: it forms its own window
    assert [(lbl, w.people, w.n_projects) for lbl, w in time_windows(net)] == [
        ("2020", ("A", "B"), 1), ("2021", ("B", "C"), 1), ("undated", ("A", "E"), 1)]
    assert affiliation_network(s, teams=False).n_people == 3
    assert person_groups(net) == ["T", "x", "y", "T"]  # ties go to the first group by name


def test_undated_projects_do_not_inflate_yearly_windows():
    s = Scenario.model_validate({
        "people": [{"name": n} for n in "ABCD"],
        "teams": [{"name": "T", "members": ["A", "B", "C", "D"]}],
        "projects": [{"name": "p", "members": ["A", "B", "C"], "year": 2020},
                     {"name": "q", "members": ["C", "D"], "year": 2020},
                     {"name": "u", "members": ["A", "D"]}]})
    series = small_world_by_window(affiliation_network(s), null_samples=0)
    w2020, und = series.windows
    assert (w2020.window, w2020.people, w2020.projects, w2020.transitivity) == ("2020", 4, 2, 0.6)
    assert (und.window, und.people, und.projects) == ("undated", 4, 2)
    assert series.notes == ["2 projects without a year (u, T): not counted in the yearly windows; "
                            "they form the 'undated' window"]
    only = small_world_by_window(affiliation_network(s.model_copy(update={"projects": []})), null_samples=0)
    assert [w.window for w in only.windows] == ["all"] and only.windows[0].projects == 1
    assert only.notes == ["no project has a year: one window 'all' over every project and team (1)"]
    wide = small_world_by_window(affiliation_network(s, teams=False), width=10, null_samples=0)
    assert [w.window for w in wide.windows] == ["2020", "undated"]
    assert "window of 10 years is wider than the history (2020, 1 year)" in wide.notes[1]


def test_moving_windows():
    net = affiliation_from_members({f"p{y}": ["a", f"b{y}"] for y in range(2010, 2015)},
                                   years={f"p{y}": y for y in range(2010, 2015)})
    wins = time_windows(net, width=3)
    assert [lbl for lbl, _ in wins] == ["2010-2012", "2011-2013", "2012-2014"]
    assert wins[0][1].n_projects == 3 and wins[0][1].n_people == 4
    assert [lbl for lbl, _ in time_windows(net, width=9)] == ["2010-2014"]
    with pytest.raises(Exception, match="at least 1"):
        time_windows(net, width=0)


def test_boutique_windows_have_defined_q():
    log = read_git_log(SCENARIOS / "online-boutique" / "microservices-demo.gitlog")
    s = small_world_by_window(git_affiliation(log), null_samples=1)
    years = [w.window for w in s.windows]
    assert years[0] == "2018" and years[-1] == "2026"
    w2019 = s.windows[1]
    assert w2019.people == 35 and w2019.analytic.q is not None and w2019.analytic.q > 1
    assert w2019.q == w2019.simulated.q and w2019.q is not None


def test_read_affiliation_sources(tmp_path):

    from teamsim.errors import InputError
    from teamsim.importers.git import ModuleMap

    log = SCENARIOS / "online-boutique" / "microservices-demo.gitlog"
    net = read_affiliation(log, modules=ModuleMap(depth=1))
    assert "src 2019" in net.projects and net.n_people == 143  # 145 authors, 2 changed no file
    assert read_affiliation(log, aliases={"dev-0138": "dev-0096"}).n_people == 142
    assert read_affiliation(SCENARIOS / "diversity-bonus.yaml").n_people == 3  # its teams
    with pytest.raises(InputError, match="file not found"):
        read_affiliation(tmp_path / "nope.yaml")


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(st.sampled_from([f"k{i}" for i in range(8)]),
                       st.lists(st.sampled_from(list("ABCDEFGHIJ")), min_size=1, max_size=6, unique=True),
                       min_size=1), st.integers(0, 1000))
def test_projection_and_shuffle_properties(members, seed):
    net = affiliation_from_members(members)
    b = nx.Graph()
    b.add_edges_from((p, ("project", k)) for k, ms in members.items() for p in ms)
    expected = nx.bipartite.projected_graph(b, list(net.people))
    a = one_mode_projection(net)
    got = {frozenset((net.people[i], net.people[j])) for i, j in zip(*a.nonzero())}
    assert got == {frozenset(e) for e in expected.edges()}
    assert a.diagonal().sum() == 0 and (a != a.T).nnz == 0
    r = randomize_affiliation(net, seed=seed)
    assert np.array_equal(r.projects_per_person, net.projects_per_person)
    assert np.array_equal(r.project_sizes, net.project_sizes) and r.incidence.max() == 1
    rep = small_world(net, null_samples=1, seed=seed)  # never raises, ratios consistent
    if rep.q is not None:
        assert rep.q == pytest.approx(rep.cc_ratio / rep.pl_ratio)
    else:
        assert rep.undefined["q"]


def test_shuffle_falls_back_to_switch_chain_on_nearly_complete_networks():
    # 6 people, 5 projects of 5: almost every shuffle repeats someone; with one repair round
    # the switch chain must still keep all degrees and simplicity
    net = affiliation_from_members({f"k{i}": [p for p in "ABCDEF" if p != "ABCDEF"[i]] for i in range(5)})
    for s in range(10):
        r = randomize_affiliation(net, seed=s, max_rounds=1)
        assert np.array_equal(r.projects_per_person, net.projects_per_person)
        assert np.array_equal(r.project_sizes, net.project_sizes) and r.incidence.max() == 1


def test_shuffle_keeps_degrees_on_real_windows():
    # git histories have people on nearly every module of a year: a plain shuffle cannot
    # always repair their repeats, and dropping them would bias the null (regression)
    net = read_affiliation(SCENARIOS / "online-boutique" / "microservices-demo.gitlog")
    for _, w in time_windows(net):
        for s in range(5):
            r = randomize_affiliation(w, seed=s)
            assert np.array_equal(r.projects_per_person, w.projects_per_person)
            assert np.array_equal(r.project_sizes, w.project_sizes) and r.incidence.max() == 1


def test_the_affiliation_analysis_imports_no_importer():
    import ast
    import subprocess
    import sys
    from pathlib import Path

    import teamsim.affiliation as aff

    code = "import sys, teamsim.affiliation; print(sorted(m for m in sys.modules if 'importers' in m))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    tree = ast.parse(Path(aff.__file__).read_text())
    runtime = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert runtime and not [ast.unparse(n) for n in runtime if "importers" in ast.unparse(n)]


def test_module_memberships_are_module_members_as_arrays():
    from teamsim.importers.git import parse_git_log
    from teamsim.importers.git_modules import module_members

    log = parse_git_log("--a--2020-03-01--Bo\n1\t0\tsrc/y/a.go\n1\t0\tsrc/x/b.go\n"
                        "--b--2020-02-01--Ann\n1\t0\tsrc/x/c.go\n"
                        "--c--2021-01-01--Ann\n1\t0\tsrc/y/d.go\n1\t0\tdocs/e.md\n")
    m = log.module_memberships()
    arrays = {}
    for p, a in zip(m.member_project.tolist(), m.member_author.tolist()):
        key = (m.modules[m.project_module[p]], int(m.project_year[p]))
        arrays.setdefault(key, []).append(m.authors[a])
    assert arrays == {k: list(v) for k, v in module_members(log).items()}
    assert arrays == {("docs", 2021): ["Ann"], ("src/x", 2020): ["Bo", "Ann"], ("src/y", 2020): ["Bo"],
                      ("src/y", 2021): ["Ann"]}
    net = git_affiliation(log)
    assert net.projects == ("docs 2021", "src/x 2020", "src/y 2020", "src/y 2021")
    assert net.people == ("Ann", "Bo")


def test_check_time_windows_counts_before_building(monkeypatch):
    """The windows time_windows cuts, counted from the years; over max_windows refused naming the years."""
    from teamsim.affiliation import affiliation_from_members, check_time_windows, time_windows
    from teamsim.errors import InputError

    net = affiliation_from_members({"a": ["x"], "b": ["y"], "c": ["z"]}, years={"a": 2001, "b": 2010})
    for width in (1, 2, 5, 10, 30):
        dated = [lbl for lbl, _ in time_windows(net, width=width) if lbl != "undated"]
        assert check_time_windows(net, width=width) == len(dated)
    assert check_time_windows(affiliation_from_members({"a": ["x"]})) == 0
    monkeypatch.setenv("TEAMSIM_MAX_WINDOWS", "9")
    with pytest.raises(InputError, match="number of time windows") as e:
        check_time_windows(net, file="h.gitlog")
    assert e.value.file == "h.gitlog" and e.value.entity == "years 2001..2010 with --window 1"
    assert check_time_windows(net, width=2) == 9
