"""The rich consoles of the command line (imported on first use: rich's console module is a
tenth of ``teamsim validate``'s start-up, and a line to a pipe needs none of it)."""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleDimensions
from rich.text import Text

from teamsim._text import printable
from teamsim.cli._app import tty

__all__ = ["DataConsole"]


class DataConsole(Console):
    """A rich console for user data: no markup, emoji codes or highlighting; plain strings
    are passed through :func:`printable`; at least ``pipe_width`` wide when not writing to
    a terminal (also when ``FORCE_COLOR`` makes rich colour a pipe)."""

    def __init__(self, pipe_width: int, **kwargs: Any) -> None:
        super().__init__(markup=False, emoji=False, highlight=False, **kwargs)
        self.pipe_width = pipe_width

    @property
    def size(self) -> ConsoleDimensions:
        size: ConsoleDimensions = Console.size.fget(self)  # type: ignore[attr-defined]
        return size if self.is_terminal and tty(self.file) else \
            ConsoleDimensions(max(size.width, self.pipe_width), size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)  # type: ignore[attr-defined]

    def print(self, *objects: Any, **kwargs: Any) -> None:  # noqa: A003  (rich's name)
        kwargs.pop("markup", None)
        kwargs.pop("highlight", None)
        super().print(*(Text(printable(o)) if isinstance(o, str) else o for o in objects), **kwargs)
