"""teamsim: plan engineering teams with cognitive-tool models, collaboration
networks and service ownership.

Every concept lives in its own module (``teamsim.ability``, ``teamsim.prerequisites``,
``teamsim.communication``, ``teamsim.hiring``, ``teamsim.hongpage``,
``teamsim.affiliation``, ``teamsim.smallworld``, ``teamsim.assembly``,
``teamsim.ownership``, ``teamsim.reorg``); their public names are re-exported
here, as networkx does, so ``teamsim.team_ability`` works. The modules load on
first use (PEP 562), so ``import teamsim`` and the command line start fast::

    >>> import teamsim
    >>> s = teamsim.load_scenario("scenarios/diversity-bonus.yaml")   # doctest: +SKIP
    >>> teamsim.team_ability(s, ["Betsy", "Carl"])                      # doctest: +SKIP
    7.0
"""

from __future__ import annotations

import importlib
from typing import Any

from teamsim.errors import InputError as InputError
from teamsim.errors import ScenarioError as ScenarioError
from teamsim.errors import TeamsimError as TeamsimError

__version__ = "0.1.0"

#: The modules whose ``__all__`` is re-exported here, in the order a later one wins a name.
_REEXPORTED = ("ability", "affiliation", "assembly", "communication", "hiring", "hongpage", "ownership",
               "prerequisites", "reorg", "report", "scenario", "smallworld")
#: Single names re-exported from other modules.
_SINGLE = {"dump_scenario": "teamsim.importers", "load_scenario": "teamsim.importers",
           "builtin_scenarios": "teamsim.scenarios", "default_scenario_path": "teamsim.scenarios"}
_exports: dict[str, str] = {}


def _export_map() -> dict[str, str]:
    """Public name -> module, read from the modules' ``__all__`` (imports them once)."""
    if not _exports:
        found = {name: f"teamsim.{m}" for m in _REEXPORTED
                 for name in importlib.import_module(f"teamsim.{m}").__all__}
        _exports.update({**found, **_SINGLE})
    return _exports


def __getattr__(name: str) -> Any:
    if name == "__all__":
        return ["InputError", "ScenarioError", "TeamsimError", *_export_map()]
    if name.startswith("__"):
        raise AttributeError(name)
    module = _export_map().get(name)
    if module is None:
        try:
            return importlib.import_module(f"teamsim.{name}")  # a submodule: teamsim.sweep, ...
        except ModuleNotFoundError as e:
            if e.name != f"teamsim.{name}":
                raise
            raise AttributeError(f"module 'teamsim' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__getattr__("__all__")})
