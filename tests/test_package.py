"""The package's top level: re-exports every concept's public names, loading modules lazily."""

import importlib
import subprocess
import sys

import pytest

import teamsim


def test_import_teamsim_loads_no_concept_module():
    code = ("import sys, teamsim; "
            "print(sorted(m for m in sys.modules if m.startswith(('teamsim.', 'scipy', 'numpy'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['teamsim._text', 'teamsim.errors']"


def test_all_is_the_union_of_the_concept_modules():
    expected = {"InputError", "ScenarioError", "TeamsimError", "dump_scenario", "load_scenario",
                "builtin_scenarios", "default_scenario_path"}
    for m in teamsim._REEXPORTED:
        expected |= set(importlib.import_module(f"teamsim.{m}").__all__)
    assert set(teamsim.__all__) == expected
    for name in teamsim.__all__:
        assert getattr(teamsim, name) is not None


def test_reexported_names_are_the_modules_objects():
    from teamsim.ability import team_ability
    from teamsim.smallworld import small_world
    assert teamsim.team_ability is team_ability and teamsim.small_world is small_world
    assert teamsim.sweep is importlib.import_module("teamsim.sweep")  # a submodule by attribute


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        teamsim.nothing_here  # noqa: B018


def _perimeter(w, h):
    return {"perimeter": 2 * (w + h)}


def test_teamsim_sweep_is_the_sweep_function_and_its_module():
    rows = teamsim.sweep(_perimeter, {"w": [1, 2], "h": 3}, replicates=2, seed=1, executor="serial",
                         progress=False)
    assert [(r["w"], r["replicate"], r["perimeter"]) for r in rows] == [(1, 0, 8), (1, 1, 8), (2, 0, 10),
                                                                        (2, 1, 10)]
    assert teamsim.sweep.sweep_to_file is importlib.import_module("teamsim.sweep").sweep_to_file


def test_the_version_is_written_once_and_repeated_consistently():
    import re
    import tomllib
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[1]
    hatch = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["hatch"]["version"]
    assert hatch == {"path": "teamsim/__init__.py"}  # pyproject reads it from the package
    assert re.fullmatch(r"\d+\.\d+\.\d+", teamsim.__version__)
    citation = yaml.safe_load((root / "CITATION.cff").read_text())
    assert "version" not in citation  # the version lives in teamsim/__init__.py only
    released = re.findall(r"^## \[(\d[^\]]*)\](?: - (\S+))?", (root / "CHANGELOG.md").read_text(), re.M)
    assert released, "CHANGELOG.md names no released version"
    latest, date = released[0]
    assert latest == teamsim.__version__
    assert str(citation["date-released"]).startswith(date)
