"""The result base: ``_trusted`` builds a model only from every one of its fields."""

import pytest
from pydantic import Field

from teamsim._results import Result
from teamsim.importers import load_scenario
from teamsim.ownership import OwnershipReport, TeamOwnership, ownership_report

from .conftest import SCENARIOS


class _Pair(Result):
    a: int
    b: int = Field(default=0, title="b")


def test_trusted_needs_every_field_and_nothing_else():
    assert _Pair._trusted(a=1, b=2) == _Pair(a=1, b=2)
    with pytest.raises(TypeError, match=r"_Pair._trusted: missing fields \['b'\], unknown fields \[\]"):
        _Pair._trusted(a=1)     # even one with a default: a new metric forgotten in _trusted fails
    with pytest.raises(TypeError, match=r"unknown fields \['c'\]"):
        _Pair._trusted(a=1, b=2, c=3)


def test_the_ownership_report_sets_every_field():
    """A metric added to OwnershipReport or TeamOwnership must be computed in ownership_report."""
    r = ownership_report(load_scenario(SCENARIOS / "online-boutique.yaml"))
    assert set(vars(r)) == set(OwnershipReport.model_fields)
    assert r.teams and all(set(vars(t)) == set(TeamOwnership.model_fields) for t in r.teams)
    assert set(r.model_dump()) >= set(OwnershipReport.model_fields)
