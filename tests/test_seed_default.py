"""One seed default: every random function and every ``--seed`` option defaults to DEFAULT_SEED."""

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import teamsim
from teamsim import defaults, seeds

ROOT = Path(teamsim.__file__).parent


def _public_functions():
    for info in pkgutil.walk_packages(teamsim.__path__, "teamsim."):
        if info.name.startswith(("teamsim.cli", "teamsim.__main__")):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                yield f"{info.name}.{name}", obj


def test_the_default_seed_is_defined_once():
    assert seeds.DEFAULT_SEED is defaults.DEFAULT_SEED == 0
    assert "DEFAULT_SEED =" not in (ROOT / "seeds.py").read_text()


def test_every_seed_parameter_defaults_to_default_seed():
    found = {}
    for name, fn in _public_functions():
        p = inspect.signature(fn).parameters.get("seed")
        if p is not None and p.default is not inspect.Parameter.empty:
            found[name] = p.default
    assert len(found) >= 15
    assert {"teamsim.reorg.split.split_team", "teamsim.assembly.assembly_run"} <= set(found)
    assert {k: v for k, v in found.items() if v != defaults.DEFAULT_SEED} == {}


def _seed_defaults(tree):
    """(line, default source) of every defaulted ``*seed*`` parameter and ``--seed`` option."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = node.args
            pairs = list(zip(a.args[len(a.args) - len(a.defaults):], a.defaults)) + [
                (arg, d) for arg, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None]
            for arg, default in pairs:
                if "seed" in arg.arg and not isinstance(default, ast.Call):
                    yield node.lineno, ast.unparse(default)
        elif isinstance(node, ast.Call) and node.args and any(
                isinstance(x, ast.Constant) and x.value == "--seed" for x in node.args[1:]):
            yield node.lineno, ast.unparse(node.args[0])


def test_no_seed_default_is_written_as_a_literal():
    found = {f"{path.relative_to(ROOT)}:{line}": default for path in ROOT.rglob("*.py")
             for line, default in _seed_defaults(ast.parse(path.read_text()))}
    assert len(found) >= 20 and any(k.startswith("cli/") for k in found)
    assert {k: v for k, v in found.items() if v != "DEFAULT_SEED"} == {}
