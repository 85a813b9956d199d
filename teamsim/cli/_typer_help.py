"""Load typer's rich help formatter without the two rich modules teamsim's help never uses.

``typer.rich_utils`` (the formatter of every ``--help``) imports ``rich.markdown`` and
``rich.traceback`` at its top. ``rich.markdown`` pulls in markdown-it and rich.syntax
(pygments); ``rich.traceback`` pulls in rich.pretty and attrs: together a third of the
CPU time of ``teamsim --help``. teamsim's help uses neither: every group uses the
``"rich"`` markup mode (typer builds a ``Markdown`` only in ``"markdown"`` mode) and
pretty exceptions are off (typer builds a ``Traceback`` only for them).

:func:`teamsim.cli.main` calls :func:`load_rich_help` when a help text may be printed
(``--help``, or a group without a command); it imports ``typer.rich_utils`` while these two modules are
stand-ins that give typer :class:`Deferred` classes; the stand-ins are removed from
``sys.modules`` straight after, so any later ``import rich.markdown`` loads the real module.
A deferred class imports the real one when it is used (constructed, or an attribute
such as ``Traceback.from_exception`` is read), so typer behaves the same if it ever does.
The help text is the same either way (``tests/test_cli_startup.py`` compares them).
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__all__ = ["DEFERRED", "Deferred", "load_rich_help"]

#: The rich modules ``typer.rich_utils`` imports but teamsim's help does not use, and the
#: names typer takes from each.
DEFERRED = {"rich.markdown": ("Markdown",), "rich.traceback": ("Traceback",)}


class _DeferredMeta(type):
    def __getattr__(cls, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(cls.real(), attr)


class Deferred(metaclass=_DeferredMeta):
    """Stand-in for a class of a module that is imported on first use."""

    _module = ""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls.real()(*args, **kwargs)

    @classmethod
    def real(cls) -> type:
        """The class this stands for (its module is imported now, if it is not yet)."""
        real: type = getattr(importlib.import_module(cls._module), cls.__name__)
        return real


def load_rich_help() -> None:
    """Import ``typer.rich_utils`` without importing :data:`DEFERRED` (see the module docstring).

    Does nothing when it is imported already; when a module of :data:`DEFERRED` is
    loaded already, typer gets the real one. Should a typer version import other names
    from them, the stand-ins are dropped and typer's formatter loads as usual, later.

    Examples
    --------
    >>> load_rich_help()
    >>> import typer.rich_utils
    >>> typer.rich_utils.Markdown("*x*").markup     # the real class, built on first use
    '*x*'
    """
    if "typer.rich_utils" in sys.modules:
        return
    stand_ins = [name for name in DEFERRED if name not in sys.modules]
    for name in stand_ins:
        module = types.ModuleType(name, "stand-in while typer.rich_utils loads (teamsim.cli._typer_help)")
        for attr in DEFERRED[name]:
            setattr(module, attr, _DeferredMeta(attr, (Deferred,), {"_module": name}))
        sys.modules[name] = module
    try:
        importlib.import_module("typer.rich_utils")
    except ImportError:  # typer wants more of them than a stand-in holds: load it normally later
        sys.modules.pop("typer.rich_utils", None)
    finally:
        for name in stand_ins:
            del sys.modules[name]
