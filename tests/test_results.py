"""The one result base: every analysis model is a frozen :class:`teamsim._results.Result`,
and ``_trusted`` builds a model only from every one of its fields."""

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from pydantic import BaseModel, Field, ValidationError

import teamsim
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

#: Models that are not results: the scenario input schema (mutable copies, its own config), the CLI.
#: The readers' records (teamsim.importers) and the workspace's are results too.
_NOT_RESULTS = ("teamsim.scenario", "teamsim.cli", "teamsim.__main__")


def _core_modules():
    for info in pkgutil.walk_packages(teamsim.__path__, "teamsim."):
        if not info.name.startswith(_NOT_RESULTS):
            yield importlib.import_module(info.name)


def test_every_core_model_is_a_result():
    models = {f"{m.__name__}.{name}": obj for m in _core_modules() for name, obj in vars(m).items()
              if inspect.isclass(obj) and issubclass(obj, BaseModel) and obj.__module__ == m.__name__}
    assert len(models) > 40
    assert [name for name, cls in models.items() if not issubclass(cls, Result)] == []
    assert {"teamsim.assembly.AssemblyRun", "teamsim.smallworld.report.SmallWorldReport",
            "teamsim.communication.TwoPizzaCheck", "teamsim.ability.teams.TeamChoice"} <= set(models)


def test_no_core_module_configures_its_own_models():
    """Only Result (and the scenario schema) set frozen/extra; a model may add other keys (defer_build)."""
    import re
    root = Path(teamsim.__file__).parent
    own = [str(p.relative_to(root)) for p in root.rglob("*.py")
           if re.search(r"ConfigDict\([^)]*\b(frozen|extra)\s*=", p.read_text())
           and p.parts[len(root.parts)] != "cli" and p.name not in ("_results.py", "scenario.py")]
    assert own == []
    assert not [p for p in root.rglob("*.py") if re.search(r"^_\w* = ConfigDict\(", p.read_text(), re.M)]


def test_reader_and_workspace_models_are_results():
    from teamsim.importers import ImportResult, ImportWarning, ReadResult
    from teamsim.importers.backstage import CatalogGroup
    from teamsim.importers.git import GitLog, ModuleMap
    from teamsim.importers.registry import Provenance
    from teamsim.workspace import PlanSummary, SessionState, Version
    for cls in (ImportWarning, ImportResult, ReadResult, Provenance, CatalogGroup, GitLog, ModuleMap,
                Version, PlanSummary, SessionState):
        assert issubclass(cls, Result), cls
        assert cls.model_config["frozen"] and cls.model_config["extra"] == "forbid", cls
    with pytest.raises(ValidationError, match="extra_forbidden"):
        ImportWarning(message="m", severity="high")
    w = ImportWarning(message="m", file="f")
    with pytest.raises(ValidationError, match="frozen"):
        w.message = "n"  # type: ignore[misc]
    assert w.model_dump_json() == ('{"message":"m","file":"f","line":null,"entity":null,"hint":null,'
                                   '"kind":null}')


def test_results_are_frozen_and_refuse_unknown_fields():
    from teamsim.assembly import SweepPoint
    from teamsim.communication import two_pizza
    with pytest.raises(ValidationError, match="extra_forbidden"):
        SweepPoint(p=0.5, q=0.5, giant_share=0.1, giant_share_sd=0.0, runs=1, giantshare=0.2)
    check = two_pizza(12)
    with pytest.raises(ValidationError, match="frozen"):
        check.size = 3  # type: ignore[misc]


def test_json_output_is_unchanged():
    from teamsim.assembly import assembly_run
    from teamsim.communication import two_pizza
    assert two_pizza(12).model_dump_json() == ('{"size":12,"limit":9,"ok":false,"communication_paths":66,'
                                               '"excess":3,"suggested_teams":2}')
    run = assembly_run(steps=60, seed=3)
    assert run.model_dump_json().startswith(
        '{"parameters":{"m":4,"p":0.6,"q":0.5,"tau":30,"steps":60,"tail":0.2,"seed":3},"stationary":{"tail":0')
    assert type(run).model_validate_json(run.model_dump_json()) == run
