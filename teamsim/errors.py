"""Errors that teamsim reports to people, not to programmers.

Every problem with user input is raised as a :class:`TeamsimError` (or a
subclass) that carries *where* (file, YAML line, entity, field) and *what to
do* (a hint). The command line and the app print :meth:`TeamsimError.render`
and never a traceback.

Examples
--------
>>> err = ScenarioError("unknown tool 'Z'", loc=("people", 0, "tools", 1),
...                     entity="person 'Adam'", hint="declare 'Z' under tools:")
>>> print(err.render())
error: unknown tool 'Z'
  entity: person 'Adam'
  field: people[0].tools[1]
  fix: declare 'Z' under tools:
"""

from __future__ import annotations

from collections.abc import Sequence

from teamsim._text import printable

__all__ = ["InputError", "ScenarioError", "TeamsimError", "format_loc"]


def format_loc(loc: Sequence[str | int]) -> str:
    """Format a location path such as ``("people", 0, "tools")`` as ``people[0].tools``.

    Parameters
    ----------
    loc : sequence of str or int
        Field names and list indices from the document's root, as in pydantic's
        error locations.

    Returns
    -------
    str
        Names joined by ``.``, indices in brackets; ``""`` for an empty path.

    See Also
    --------
    TeamsimError : Shows the formatted location as its ``field:`` line.
    teamsim.importers.scenario_file.validation_problem : The location of a scenario's first validation error.

    Examples
    --------
    >>> format_loc(("teams", 2, "members", 0))
    'teams[2].members[0]'
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class TeamsimError(Exception):
    """Base class of every error teamsim reports to a user.

    Parameters
    ----------
    message : str
        What is wrong, in one sentence.
    file : str, optional
        The input file the problem is in.
    line : int, optional
        1-based line in ``file`` where there is one (YAML, CSV).
    entity : str, optional
        The entity concerned, e.g. ``"person 'Adam'"``.
    loc : sequence of str or int, optional
        The path of the field inside the document, e.g. ``("people", 0, "tools")``.
    hint : str, optional
        What the user should do to fix it.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        entity: str | None = None,
        loc: Sequence[str | int] = (),
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.entity = entity
        self.loc = tuple(loc)
        self.hint = hint

    def render(self) -> str:
        """Return the multi-line, human-readable message (no traceback).

        Each field is passed through :func:`teamsim._text.printable`, so a name that
        holds a newline or an escape sequence cannot forge lines or reach the terminal.
        """
        where = ""
        if self.file:
            where = f"{printable(self.file)}:{self.line}: " if self.line else f"{printable(self.file)}: "
        lines = [f"{where}error: {printable(self.message)}"]
        if self.entity:
            lines.append(f"  entity: {printable(self.entity)}")
        if self.loc:
            lines.append(f"  field: {printable(format_loc(self.loc))}")
        if self.hint:
            lines.append(f"  fix: {printable(self.hint)}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render()


class ScenarioError(TeamsimError):
    """A scenario is invalid: bad type, unknown reference, duplicate, cycle, ..."""


class InputError(TeamsimError, ValueError):
    """An input file cannot be read or parsed (missing file, malformed YAML/CSV/log),
    or an argument is out of range."""
