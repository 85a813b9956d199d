"""The result of an importer that keeps going past problems: a scenario plus warnings.

Catalogs, CODEOWNERS files and edge lists are rarely clean. Importers that
read them return an :class:`ImportResult`: the :class:`~teamsim.scenario.Scenario`
built from everything that could be understood, and one :class:`ImportWarning`
per thing that could not (with file, line and entity), so that nothing is
dropped silently and the report can show them.

Examples
--------
>>> w = ImportWarning(message="unknown kind 'Template'", file="all.yaml", line=3,
...                   entity="template:default/x")
>>> print(w.render())
all.yaml:3: warning: unknown kind 'Template' (entity template:default/x)
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from teamsim.scenario import Scenario

__all__ = ["ImportResult", "ImportWarning"]


class ImportWarning(BaseModel):
    """One problem an importer worked around.

    Attributes
    ----------
    message : str
        What is wrong and what was done about it.
    file : str, optional
    line : int, optional
        1-based line in ``file``.
    entity : str, optional
        The entity concerned (e.g. ``component:default/searcher``).
    hint : str, optional
        What to do about it.
    """

    model_config = ConfigDict(frozen=True)

    message: str
    file: str | None = None
    line: int | None = None
    entity: str | None = None
    hint: str | None = None

    def render(self) -> str:
        """One line: ``file:line: warning: message (entity ...)``, then the hint if any."""
        where = f"{self.file}:{self.line}: " if self.file and self.line else (
            f"{self.file}: " if self.file else "")
        out = f"{where}warning: {self.message}"
        if self.entity:
            out += f" (entity {self.entity})"
        if self.hint:
            out += f"; fix: {self.hint}"
        return out


class ImportResult(BaseModel):
    """A scenario read from real inputs, with the warnings met on the way.

    Attributes
    ----------
    scenario : Scenario
    warnings : list of ImportWarning
    sources : list of str
        The files that were read.
    """

    model_config = ConfigDict(frozen=True)

    scenario: Scenario
    warnings: list[ImportWarning] = []
    sources: list[str] = []
