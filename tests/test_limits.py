"""teamsim.limits: defaults, environment overrides, refusals, and docs/limits.md kept current."""

import importlib.util
from pathlib import Path

import pytest

from teamsim.errors import InputError
from teamsim.limits import LIMITS, check_count, limit

ROOT = Path(__file__).resolve().parent.parent


def test_env_override_and_bad_values(monkeypatch):
    assert limit("max_depth") == LIMITS["max_depth"].default == 64
    monkeypatch.setenv("TEAMSIM_MAX_DEPTH", "200")
    assert limit("max_depth") == 200
    check_count("max_depth", 200, entity="doc")
    with pytest.raises(InputError, match="201 levels is over the limit of 200") as e:
        check_count("max_depth", 201, entity="doc", file="x.yaml")
    assert e.value.file == "x.yaml" and "TEAMSIM_MAX_DEPTH=400" in e.value.hint
    for bad in ("0", "-3", "lots", "1e9"):
        monkeypatch.setenv("TEAMSIM_MAX_DEPTH", bad)
        with pytest.raises(InputError, match="not a positive whole number"):
            limit("max_depth")


def test_every_limit_is_documented():
    spec = importlib.util.spec_from_file_location("make_limits", ROOT / "docs" / "make_limits.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (ROOT / "docs" / "limits.md").read_text(encoding="utf-8") == mod.render(), \
        "run: python docs/make_limits.py"
    assert all(lim.env.startswith("TEAMSIM_MAX_") for lim in LIMITS.values())
