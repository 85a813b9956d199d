"""One problem a reader worked around: :class:`ImportWarning`, a core record.

The readers (:mod:`teamsim.importers`) produce them; analyses that report on merged
sources (:mod:`teamsim.ownership.analysis`, :mod:`teamsim.reorg`,
:mod:`teamsim.history_owners`) carry and add them, without importing a reader.
``teamsim.importers.ImportWarning`` is the same class.

Examples
--------
>>> w = ImportWarning(message="unknown kind 'Template'", file="all.yaml", line=3,
...                   entity="template:default/x")
>>> print(w.render())
all.yaml:3: warning: unknown kind 'Template' (entity template:default/x)
"""

from __future__ import annotations

from teamsim._results import Result

__all__ = ["ImportWarning"]


class ImportWarning(Result):
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
    kind : str, optional
        A short category for summaries (e.g. ``"members unknown"``, ``"placeholder"``);
        without one, :func:`teamsim.importers.warning_kind` derives it from the message.
    """

    message: str
    file: str | None = None
    line: int | None = None
    entity: str | None = None
    hint: str | None = None
    kind: str | None = None

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
