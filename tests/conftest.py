"""Shared fixtures: the repository root and the shipped scenarios."""

from pathlib import Path

import pytest

from teamsim import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def page():
    """Page's diversity-bonus example (Adam, Betsy, Carl)."""
    return load_scenario(SCENARIOS / "diversity-bonus.yaml")
