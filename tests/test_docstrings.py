"""Every public function of the library has a complete numpydoc docstring.

numpydoc's own validator (``numpydoc.validate``) checks each function re-exported by a
public module: a docstring, every parameter documented with a description, a Returns
section, sections in numpydoc's order, and a runnable Examples section (the examples run
as doctests in ``make test``). The command-line modules are documented by ``--help``.
"""

import importlib
import inspect
import pkgutil

import pytest
from numpydoc.validate import validate

import teamsim

#: numpydoc checks every public function must pass (see numpydoc's "Validation" docs).
CHECKS = {
    "GL08": "no docstring",
    "GL07": "sections out of order",
    "PR01": "a parameter is not documented",
    "PR02": "a documented parameter does not exist",
    "PR07": "a parameter has no description",
    "RT01": "no Returns section",
    "YD01": "no Yields section",
    "EX01": "no Examples section",
}

#: Functions that still miss a check: this list only shrinks.
KNOWN: dict[str, set[str]] = {
}


def public_functions() -> list[str]:
    names: set[str] = set()
    for info in pkgutil.walk_packages(teamsim.__path__, "teamsim."):
        parts = info.name.split(".")[1:]
        if any(p.startswith("_") for p in parts) or parts[0] == "cli":
            continue
        module = importlib.import_module(info.name)
        # an explicit (even empty) __all__ is the module's public API
        exported = getattr(module, "__all__", None)
        if exported is None:
            exported = [n for n in vars(module) if not n.startswith("_")]
        for n in exported:
            obj = getattr(module, n, None)
            if inspect.isfunction(obj) and obj.__module__.startswith("teamsim"):
                names.add(f"{obj.__module__}.{obj.__qualname__}")
    return sorted(names)


FUNCTIONS = public_functions()


@pytest.mark.parametrize("name", FUNCTIONS)
def test_numpydoc_docstring_is_complete(name):
    codes = {code for code, _ in validate(name)["errors"]} & set(CHECKS)
    missing = codes - KNOWN.get(name, set())
    assert not missing, "; ".join(f"{c}: {CHECKS[c]}" for c in sorted(missing))


def test_known_gaps_are_still_gaps():
    """The list of known gaps shrinks as docstrings are completed: a fixed one must leave it."""
    fixed = {n: KNOWN[n] - {c for c, _ in validate(n)["errors"]} for n in KNOWN if n in FUNCTIONS}
    assert not {n: c for n, c in fixed.items() if c}, "remove these from KNOWN"
    assert not set(KNOWN) - set(FUNCTIONS), "KNOWN names functions that are gone"


def _resolve(name: str, module: str):
    """The object a See Also entry names: dotted from the package, or in the function's module."""
    path = name.split(".") if name.startswith("teamsim.") else [*module.split("."), name]
    for cut in range(len(path), 0, -1):
        try:
            obj = importlib.import_module(".".join(path[:cut]))
        except ImportError:
            continue
        for attr in path[cut:]:
            obj = getattr(obj, attr)
        return obj
    raise AssertionError(name)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_see_also_names_real_siblings(name):
    """Every public function has a See Also section (numpydoc SA01) naming functions that exist."""
    from numpydoc.docscrape import FunctionDoc

    assert "SA01" not in {code for code, _ in validate(name)["errors"]}, "no See Also section"
    module, _, fn = name.rpartition(".")
    doc = FunctionDoc(getattr(importlib.import_module(module), fn))
    entries = [(target, desc) for names, desc in doc["See Also"] for target, _ in names]
    assert entries and all(desc for _, desc in entries)
    for target, _ in entries:
        assert callable(_resolve(target, module)), target
