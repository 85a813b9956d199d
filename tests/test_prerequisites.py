"""The prerequisite DAG: cycles, closure, learning paths, strict mode."""

import time

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamsim import Scenario, learning_path, load_scenario, tool_depth
from teamsim.errors import ScenarioError
from teamsim.prerequisites import (
    check_prerequisites,
    closure_table,
    find_prerequisite_cycle,
    implied_prerequisites,
    learning_order,
    prerequisite_closure,
)

from .conftest import SCENARIOS


def chain():
    return load_scenario(SCENARIOS / "learned-in-order.yaml")


def test_learning_path_skips_what_is_known():
    s = chain()
    assert learning_path(s, "Carl", "E") == ["D", "E"]
    assert learning_path(s, "Adam", "E") == []
    assert learning_path(s, "Betsy", "C") == []


def test_learning_path_diamond_order():
    s = Scenario.model_validate({
        "tools": [{"name": "Linux"}, {"name": "Networking"},
                  {"name": "Docker", "requires": ["Linux"]},
                  {"name": "Kubernetes", "requires": ["Docker", "Networking"]}],
        "people": [{"name": "Ann", "tools": []}]})
    path = learning_path(s, "Ann", "Kubernetes")
    assert set(path) == {"Linux", "Networking", "Docker", "Kubernetes"}
    assert path.index("Linux") < path.index("Docker") < path.index("Kubernetes")
    assert path[-1] == "Kubernetes"
    assert tool_depth(s) == {"Linux": 0, "Networking": 0, "Docker": 1, "Kubernetes": 2}


def test_cycle_is_named():
    assert find_prerequisite_cycle({"A": ["C"], "B": ["A"], "C": ["B"]}) == ["A", "B", "C", "A"]
    with pytest.raises(ScenarioError, match=r"prerequisite cycle A -> B -> C -> A"):
        Scenario.model_validate({"tools": [{"name": "A", "requires": ["C"]},
                                           {"name": "B", "requires": ["A"]},
                                           {"name": "C", "requires": ["B"]}]})


def test_implied_and_strict(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("tools:\n  - {name: A}\n  - {name: B, requires: [A]}\n"
                 "people:\n  - {name: Ann, tools: [B]}\n")
    s = load_scenario(f)
    assert implied_prerequisites(s) == {"Ann": ["A"]}
    assert s.tool_set("Ann") == {"A", "B"}
    with pytest.raises(ScenarioError) as e:
        load_scenario(f, strict=True)
    assert e.value.line == 5 and "Ann" in e.value.message and "['A']" in e.value.message


def test_learning_order_is_topological():
    order = learning_order(chain())
    assert order == ["A", "B", "C", "D", "E"]


def test_unknown_target():
    with pytest.raises(ScenarioError, match="unknown tool 'Z'"):
        learning_path(chain(), "Carl", "Z")


def _random_graph(n, edges, acyclic):
    """``{tool: prerequisites}`` from edge pairs; acyclic keeps only edges to earlier tools."""
    req = {f"T{i}": [] for i in range(n)}
    for a, b in edges:
        a, b = a % n, b % n
        if acyclic and a <= b:
            continue
        if f"T{b}" not in req[f"T{a}"]:
            req[f"T{a}"].append(f"T{b}")
    return req


graphs = st.builds(_random_graph, st.integers(1, 12),
                   st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=30), st.booleans())


@settings(max_examples=200, deadline=None)
@given(req=graphs)
def test_cycle_search_agrees_with_networkx(req):
    cycle = find_prerequisite_cycle(req)
    g = nx.DiGraph((p, t) for t, ps in req.items() for p in ps)
    g.add_nodes_from(req)
    assert (cycle is None) == nx.is_directed_acyclic_graph(g)
    if cycle is not None:
        assert cycle[0] == cycle[-1] == min(cycle) and len(set(cycle)) == len(cycle) - 1
        assert all(a in req[b] for a, b in zip(cycle, cycle[1:]))  # each one a prerequisite of the next


@settings(max_examples=200, deadline=None)
@given(req=graphs)
def test_order_and_closures_agree_with_networkx(req):
    g = nx.DiGraph((p, t) for t, ps in req.items() for p in ps)
    g.add_nodes_from(req)
    if not nx.is_directed_acyclic_graph(g):
        with pytest.raises(ScenarioError, match="prerequisite cycle"):
            learning_order(req)
        return
    assert learning_order(req) == list(nx.lexicographical_topological_sort(g))
    for t in req:
        assert prerequisite_closure(req, [t]) == nx.ancestors(g, t) | {t}
        assert closure_table(req)[t] == nx.ancestors(g, t) | {t}
    s = Scenario.model_validate({"tools": [{"name": t, "requires": ps} for t, ps in req.items()],
                                 "people": [{"name": f"P{t}", "tools": list(dict.fromkeys([t, "T0"]))}
                                            for t in req]})
    for t in req:
        assert s.tool_set(f"P{t}") == nx.ancestors(g, t) | nx.ancestors(g, "T0") | {t, "T0"}


def test_long_chain_is_linear():
    n = 20_000
    req = {f"T{i}": [f"T{i + 1}"] if i < n - 1 else [] for i in range(n)}
    start = time.process_time()
    s = Scenario.model_validate({"tools": [{"name": t, "requires": r} for t, r in req.items()],
                                 "people": [{"name": "Ann", "tools": ["T0"]},
                                            {"name": "Bo", "tools": ["T1"]}]})
    assert len(s.tool_set("Ann")) == n and len(s.tool_set("Bo")) == n - 1
    assert learning_order(req)[:2] == [f"T{n - 1}", f"T{n - 2}"]
    assert time.process_time() - start < 20  # seconds; a quadratic search took minutes at 2,000


def test_strict_message_lists_ten_missing_tools_and_counts_the_rest():
    n = 30
    s = Scenario.model_validate({
        "tools": [{"name": f"T{i:02}", "requires": [f"T{i - 1:02}"] if i else []} for i in range(n)],
        "people": [{"name": "Ann", "tools": [f"T{n - 1}"]}]})
    with pytest.raises(ScenarioError) as e:
        check_prerequisites(s)
    assert e.value.message.endswith("['T00', 'T01', 'T02', 'T03', 'T04', 'T05', 'T06', 'T07', 'T08', "
                                    "'T09'] and 19 more")
    assert e.value.hint.startswith("add T00, T01, T02, T03, T04, T05, T06, T07, T08, T09 and 19 more")
