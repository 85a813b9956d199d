"""The prerequisite DAG: cycles, closure, learning paths, strict mode."""

import pytest

from teamsim import Scenario, learning_path, load_scenario, tool_depth
from teamsim.errors import ScenarioError
from teamsim.prerequisites import find_prerequisite_cycle, implied_prerequisites, learning_order

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
