"""Team formation (Lappas et al. 2009): hand examples, brute force, the 2-approximation, graphs, CLI."""

import itertools
import json
import math

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamsim.affiliation import affiliation_from_members
from teamsim.cli import main
from teamsim.errors import InputError
from teamsim.importers import load_scenario
from teamsim.importers.git import parse_git_log
from teamsim.teamformation import (
    CollaborationGraph,
    collaboration_graph,
    enhanced_steiner,
    exact_team,
    form_team,
    git_graph,
    rarest_first,
    scenario_team,
    team_cost,
)

from .conftest import SCENARIOS

LAPPAS = SCENARIOS / "lappas-experts.yaml"


# --------------------------------------------------------------------------- hand examples
def test_lappas_skills_in_our_chain_network():
    # chain a - b - c - d - e (our edges; the skill sets are the paper's). The rarest tool is
    # algorithms (only a). From a: software engineering nearest at c (2 hops), distributed
    # systems at c (2), web programming at b (1): R_a = 2, team {a, b, c}, diameter d(a, c) = 2.
    s = load_scenario(LAPPAS)
    t = scenario_team(s, task="project")
    assert t.team == ["a", "b", "c"] and t.cost == 2.0 and t.algorithm == "rarest-first"
    assert t.lower_bound == 2.0 and t.exact          # R_a = 2 is a lower bound, so 2 is optimal
    assert t.holders["web programming"] == ["b"] and t.connectors == []
    # the smallest covering team {a, e} is 4 hops apart in this network
    g = CollaborationGraph.from_edges(list("abcde"), [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")])
    assert team_cost(g.distances([0, 4])[:, [0, 4]]) == 4.0


def test_mst_cost_by_hand_on_a_star():
    # star: x in the middle, a, b, c leaves at 1 hop; leaves are 2 hops apart.
    # MST over {a, b, c}: two edges of 2 -> 4; with the connector x: three edges of 1 -> 3.
    g = CollaborationGraph.from_edges(list("xabc"), [("x", "a"), ("x", "b"), ("x", "c")])
    d = g.distances()
    assert team_cost(d[1:, 1:], "mst") == 4.0 and team_cost(d[1:, 1:], "diameter") == 2.0
    assert team_cost(d, "mst") == 3.0
    holds = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], bool)
    t = form_team(g, holds, ["p", "q", "r"], cost="mst")
    assert t.team == ["a", "b", "c", "x"] and t.cost == 3.0 and t.connectors == ["x"]   # sorted by name
    t = form_team(g, holds, ["p", "q", "r"], cost="diameter")
    assert t.team == ["a", "b", "c"] and t.cost == 2.0


def test_mst_cost_weighted_by_hand():
    # a -2- b -1- c, a -4- c: distances a-b 2, b-c 1, a-c 3; MST = 2 + 1 = 3, diameter 3
    g = CollaborationGraph.from_edges(list("abc"), [("a", "b", 2), ("b", "c", 1), ("a", "c", 4)])
    d = g.distances()
    assert d[0, 2] == 3.0 and team_cost(d, "mst") == 3.0 and team_cost(d, "diameter") == 3.0


def test_rarest_first_needs_the_rarest_tool_holder_with_the_smallest_radius():
    # tool 0 held by p0 and p3; tool 1 held by p2 only (rarest). Path p0 - p1 - p2 - p3 - p4,
    # p4 also holds tool 0: from p2, nearest tool-0 holder is p3 (1 hop) -> team {p2, p3}
    g = CollaborationGraph.from_edges([f"p{i}" for i in range(5)], [(f"p{i}", f"p{i + 1}") for i in range(4)])
    holds = np.array([[1, 0], [0, 0], [0, 1], [1, 0], [1, 0]], bool)
    rows, bound = rarest_first(g.distances(), holds)
    assert rows.tolist() == [2, 3] and bound == 1.0


# --------------------------------------------------------------------------- random instances
@st.composite
def instances(draw, max_people=7, max_tools=3):
    n = draw(st.integers(2, max_people))
    pairs = list(itertools.combinations(range(n), 2))
    edges = draw(st.lists(st.sampled_from(pairs), unique=True, min_size=n - 1, max_size=len(pairs)))
    weights = draw(st.lists(st.sampled_from([1.0, 1.0, 2.0, 3.5]), min_size=len(edges), max_size=len(edges)))
    k = draw(st.integers(1, max_tools))
    holds = np.array(draw(st.lists(st.lists(st.booleans(), min_size=k, max_size=k), min_size=n, max_size=n)))
    for a in range(k):                               # every tool has a holder
        if not holds[:, a].any():
            holds[draw(st.integers(0, n - 1)), a] = True
    people = [f"p{i}" for i in range(n)]
    ties = [(people[i], people[j], w) for (i, j), w in zip(edges, weights)]
    g = CollaborationGraph.from_edges(people, ties)
    return g, holds, edges, weights


def _brute_force(g, holds, edges, weights, cost):
    """Every subset of people, with networkx distances and spanning trees."""
    n = len(g.people)
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from((i, j, w) for (i, j), w in zip(edges, weights))
    dist = dict(nx.all_pairs_dijkstra_path_length(G))
    best = math.inf
    for s in range(1, n + 1):
        for team in itertools.combinations(range(n), s):
            if not holds[list(team)].any(axis=0).all():
                continue
            d = [[dist[u].get(v, math.inf) for v in team] for u in team]
            if cost == "diameter":
                c = max(max(r) for r in d)
            else:
                K = nx.Graph()
                K.add_nodes_from(team)
                K.add_weighted_edges_from((u, v, dist[u][v]) for u, v in itertools.combinations(team, 2)
                                          if v in dist[u])
                c = nx.minimum_spanning_tree(K).size(weight="weight") if nx.is_connected(K) else math.inf
            best = min(best, c)
    return best


@settings(max_examples=120, deadline=None)
@given(instances(), st.sampled_from(["diameter", "mst"]))
def test_exact_equals_brute_force(inst, cost):
    g, holds, edges, weights = inst
    rows, value, searched = exact_team(g.distances(), holds, cost)
    assert searched > 0
    brute = _brute_force(g, holds, edges, weights, cost)
    assert math.isclose(value, brute, rel_tol=1e-9, abs_tol=1e-9)
    if math.isfinite(value):
        assert holds[rows].any(axis=0).all()
        assert math.isclose(team_cost(g.distances(rows)[:, rows], cost), value, rel_tol=1e-9)


@settings(max_examples=150, deadline=None)
@given(instances(max_people=8))
def test_rarest_first_within_twice_the_optimum(inst):
    g, holds, edges, weights = inst
    d = g.distances()
    opt = exact_team(d, holds, "diameter")[1]
    rows, bound = rarest_first(d, holds)
    assert bound <= opt + 1e-9                          # a true lower bound
    if math.isfinite(opt):
        assert holds[rows].any(axis=0).all()
        diameter = team_cost(d[np.ix_(rows, rows)])
        assert opt - 1e-9 <= diameter <= 2 * opt + 1e-9 and diameter <= 2 * bound + 1e-9
        t = form_team(g, holds, [f"t{a}" for a in range(holds.shape[1])])
        assert t.lower_bound <= opt + 1e-9 and opt - 1e-9 <= t.cost <= diameter + 1e-9   # pruning only helps
    else:
        assert len(rows) == 0


@settings(max_examples=100, deadline=None)
@given(instances(max_people=8))
def test_enhanced_steiner_covers_and_is_no_better_than_exact(inst):
    g, holds, edges, weights = inst
    opt = exact_team(g.distances(), holds, "mst")[1]
    rows = enhanced_steiner(g, holds)
    if math.isfinite(opt):
        assert holds[rows].any(axis=0).all()
        cost = team_cost(g.distances(rows)[:, rows], "mst")
        assert cost >= opt - 1e-9
        t = form_team(g, holds, [f"t{a}" for a in range(holds.shape[1])], cost="mst")
        assert t.lower_bound <= opt + 1e-9 and opt - 1e-9 <= t.cost <= cost + 1e-9
    else:
        assert len(rows) == 0


# --------------------------------------------------------------------------- graphs
def test_weighted_graph_uses_newman_lengths():
    # X = {a, b, c}: each pair gets 1/(3-1) = 0.5; Y = {a, b}: a-b gets 1 more -> w_ab = 1.5,
    # length 1/1.5; a-c: 1/0.5 = 2, or a-b-c = 2/3 + 2 -> 2
    g = collaboration_graph(affiliation_from_members({"X": ["a", "b", "c"], "Y": ["a", "b"]}), weighted=True)
    d = g.distances()
    assert np.isclose(d[0, 1], 2 / 3) and d[0, 2] == 2.0 and g.weighted


def test_scenario_people_without_projects_are_isolated():
    s = load_scenario(SCENARIOS / "diversity-bonus.yaml")
    g = collaboration_graph(affiliation_from_members({}), [p.name for p in s.people])
    assert g.people == ("Adam", "Betsy", "Carl") and np.isinf(g.distances()[0, 1:]).all()


def test_git_graph_links_authors_of_a_module_in_a_year():
    log = parse_git_log("--a--2020-01-01--Ann\n1\t0\tsrc/x/m.go\n\n--b--2020-02-01--Bo\n1\t0\tsrc/x/n.go\n\n"
                        "--c--2021-01-01--Cy\n1\t0\tsrc/x/m.go\n\n--d--2021-01-02--Bo\n1\t0\tsrc/x/m.go\n")
    g = git_graph(log)
    d = g.distances()
    i = {p: k for k, p in enumerate(g.people)}
    assert d[i["Ann"], i["Bo"]] == 1 and d[i["Bo"], i["Cy"]] == 1 and d[i["Ann"], i["Cy"]] == 2


def test_disconnected_holders_are_refused():
    g = CollaborationGraph.from_edges(list("abc"), [("a", "b")])
    holds = np.array([[1, 0], [0, 0], [0, 1]], bool)
    for cost in ("diameter", "mst"):
        with pytest.raises(InputError, match="no team covering the task is connected"):
            form_team(g, holds, ["x", "y"], cost=cost)
    assert exact_team(g.distances(), holds)[1] == math.inf


def test_one_person_covering_everything_costs_nothing():
    g = CollaborationGraph.from_edges(list("ab"), [])
    t = form_team(g, np.array([[1, 1], [1, 0]], bool), ["x", "y"], cost="mst")
    assert t.team == ["a"] and t.cost == 0.0 and t.exact


# --------------------------------------------------------------------------- command line
def test_cli_table_and_json(capsys):
    assert main(["team-formation", str(LAPPAS), "--task", "project"]) == 0
    out = capsys.readouterr().out
    assert "Team for task project: a, b, c" in out and "diameter 2 hops" in out
    assert main(["team-formation", str(LAPPAS), "--task", "project", "--cost", "mst", "--exact",
                 "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["team"] == ["a", "b", "c"] and r["cost"] == 2.0 and r["algorithm"] == "exhaustive"
    assert r["exact"] and r["searched"] == 31           # every team of up to 5 of the 5 people: 2^5 - 1
    assert main(["team-formation", str(LAPPAS), "--tool", "algorithms", "--tool", "web programming",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["team"] == ["a", "b"]


def test_cli_git_log(capsys):
    # Online Boutique: dev-0004 holds Gradle, Helm and JavaScript, dev-0082 Cloud Build; they changed
    # a module together in some year (1 hop). RarestFirst (pruned) finds what the exact search finds.
    path = SCENARIOS / "online-boutique" / "microservices-demo.gitlog"
    aliases = SCENARIOS / "online-boutique" / "aliases.txt"
    args = ["team-formation", str(path), "--aliases", str(aliases), "--tool", "Gradle", "--tool", "Helm",
            "--tool", "Cloud Build", "--tool", "JavaScript", "--json"]
    assert main(args) == 0
    heuristic = json.loads(capsys.readouterr().out)
    assert main([*args, "--exact"]) == 0
    exact = json.loads(capsys.readouterr().out)
    assert heuristic["team"] == exact["team"] == ["dev-0004", "dev-0082"]
    assert heuristic["cost"] == exact["cost"] == 1.0 and exact["searched"] > 1000
