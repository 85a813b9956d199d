"""Every file in scenarios/ loads and analyses (as Mesa tests its examples)."""

import pytest

from teamsim import analyze, builtin_scenarios, load_scenario

from .conftest import SCENARIOS


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.y*ml")), ids=lambda p: p.name)
def test_shipped_scenario_analyses(path):
    report = analyze(load_scenario(path))
    assert report.people


def test_builtin_index_has_default():
    assert {"diversity-bonus", "no-diversity", "learned-in-order"} <= set(builtin_scenarios())
