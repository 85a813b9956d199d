"""What reading a Backstage catalog returns: the scenario, its groups and what was read."""

from __future__ import annotations

from teamsim._results import Result
from teamsim.importers._result import ImportResult

__all__ = ["BackstageImport", "CatalogGroup"]


class CatalogGroup(Result):
    """A Backstage Group as read: its hierarchy, members and what it owns.

    ``team`` is the name of the scenario team it became (None when the group
    has no members and owns no component or resource).
    """

    ref: str
    type: str | None
    parent: str | None
    members: list[str]
    owns: list[str]
    team: str | None


class BackstageImport(ImportResult):
    """A Backstage catalog read as a scenario.

    Attributes
    ----------
    groups : list of CatalogGroup
        Every group, with the entities it owns (components, resources, APIs,
        systems, domains).
    entities : dict of str to int
        Entities read, by kind.
    no_folder : list of str
        Services that come from Resource entities (databases, queues ...),
        which have no folder in a repository (see ``apply_codeowners``).
    service_refs : dict of str to str
        Each service's entity ref (``component:default/cart``).
    external_owns : dict of str to list of str
        Owners that are not Group entities of this catalog: the entities each owns
        (another source, e.g. a groups YAML, may define the group).
    owner_users : dict of str to str
        Entities whose owner is a user (entity ref -> the user's person name).
    """

    groups: list[CatalogGroup] = []
    entities: dict[str, int] = {}
    no_folder: list[str] = []
    service_refs: dict[str, str] = {}
    external_owns: dict[str, list[str]] = {}
    owner_users: dict[str, str] = {}

    @property
    def groups_owning_nothing(self) -> list[str]:
        """Refs of groups that own no entity at all."""
        return [g.ref for g in self.groups if not g.owns]
