"""pydantic's plugin look-up, without reading package metadata while plugins are off.

The first time pydantic builds a validator it imports its plugin loader, and the loader
imports :mod:`importlib.metadata` (with :mod:`email`, :mod:`zipfile`, :mod:`csv` ...) at
module level, even when ``PYDANTIC_DISABLE_PLUGINS`` turns every plugin off: about 19 ms
of CPU, 8% of ``teamsim validate``'s start-up on the benchmark machine
(``benchmarks/bench_startup.py``).

:func:`install` puts a stand-in under the loader's module name. Its ``get_plugins`` returns
no plugins while the variable has one of the values for which pydantic's own returns none
(``__all__``, ``1``, ``true``); for any other value it imports pydantic's loader in its
place and returns what that one returns. The command line sets the variable to ``__all__``
unless the user set it (see :func:`teamsim.cli.main`).
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from collections.abc import Iterable

__all__ = ["LOADER", "OFF", "install"]

#: pydantic's plugin loader module.
LOADER = "pydantic.plugin._loader"
#: The values of ``PYDANTIC_DISABLE_PLUGINS`` for which pydantic loads no plugin at all
#: (``pydantic/plugin/_loader.py``, ``get_plugins``; a test checks this against pydantic).
OFF = ("__all__", "1", "true")


class _StandIn(types.ModuleType):
    """The loader while plugins are off; pydantic's own once they are not."""

    def get_plugins(self) -> Iterable[object]:
        if os.getenv("PYDANTIC_DISABLE_PLUGINS") in OFF:
            return ()
        if sys.modules.get(LOADER) is self:
            del sys.modules[LOADER]
        loader = importlib.import_module(LOADER)
        return loader.get_plugins()  # type: ignore[no-any-return]


def install() -> bool:
    """Stand in for pydantic's plugin loader unless pydantic has imported it already.

    Returns
    -------
    bool
        True when the stand-in was installed.

    Examples
    --------
    >>> import sys
    >>> install() or LOADER in sys.modules
    True
    """
    if LOADER in sys.modules:
        return False
    sys.modules[LOADER] = _StandIn(LOADER, "teamsim's stand-in for pydantic's plugin loader")
    return True
