"""The result models of the ownership report: orphans, shared services, team rows, congruence."""

from __future__ import annotations

from pydantic import Field

from teamsim._results import Result

__all__ = [
    "Congruence",
    "OrphanedService",
    "OwnershipReport",
    "SharedService",
    "TeamDependency",
    "TeamOwnership",
]


# ---------------------------------------------------------------------- results
class OrphanedService(Result):
    """A service without a working owner team, and why."""

    service: str
    reason: str


class SharedService(Result):
    """A service with more than one owner team; ``owners`` maps team to share (sums to 1)."""

    service: str
    owners: dict[str, float]


class TeamOwnership(Result):
    """Ownership metrics of one team.

    Attributes
    ----------
    services : list of str
        Services the team owns (any share).
    services_owned : float
        Sum of its ownership shares (a service shared half-half counts 0.5).
    load, load_per_person : float
        Sum of share x service load; divided by size (None for an empty team).
    internal_dependencies : float
        Dependency weight between its own services (``M[a, a]``).
    outgoing, incoming : float
        Dependency weight from its services onto other teams' and back.
    cross_team_dependencies : float
        ``outgoing + incoming``.
    cohesion : float or None
        ``internal / (internal + outgoing + incoming)``; None without edges.
    depends_on, depended_on_by : list of str
        Teams it depends on (efferent coupling) and that depend on it (afferent).
    two_pizza : bool or None
        Size within the two-pizza limit; None when the inputs give no members at
        all (e.g. CODEOWNERS with a dependency CSV), as the size is unknown.
    members_unknown : bool
        The source named the team but not its members (a Backstage owner that is
        not a Group entity): size 0 means "unknown", never "empty".
    """

    name: str
    type: str | None
    # a field with a title is a metric: reorganisation what-ifs compare it before and after
    # (teamsim.reorg.compare_reports) and figures and pages show it under its title
    size: int = Field(title="size")
    communication_paths: int = Field(title="communication paths")
    two_pizza: bool | None = Field(title="two-pizza team")
    members_unknown: bool = False
    services: list[str]
    services_owned: float = Field(title="services owned")
    load: float = Field(title="load")
    load_per_person: float | None = Field(title="load per person")
    internal_dependencies: float = Field(title="internal dependencies")
    outgoing: float
    incoming: float
    cross_team_dependencies: float = Field(title="cross-team dependencies (sum of weights)")
    cohesion: float | None = Field(title="cohesion")
    depends_on: list[str]
    depended_on_by: list[str]
    efferent_coupling: int = Field(title="efferent coupling (depends on)")
    afferent_coupling: int = Field(title="afferent coupling (depended on)")


class TeamDependency(Result):
    """One off-diagonal entry of the team dependency matrix ``M = O.T D O``."""

    source: str
    target: str
    weight: float


class Congruence(Result):
    """Socio-technical congruence between required and actual team coordination.

    Attributes
    ----------
    required : int
        Unordered team pairs whose services depend on each other.
    covered : int
        Required pairs that do interact.
    congruence : float or None
        ``covered / required`` (None when nothing is required).
    weighted_congruence : float or None
        The same with each pair weighted by its dependency weight.
    missing : list of [str, str]
        Required pairs without an interaction (coordination gaps).
    unneeded : list of [str, str]
        Interacting pairs without a dependency between them.
    """

    required: int
    covered: int
    congruence: float | None
    weighted_congruence: float | None
    missing: list[tuple[str, str]]
    unneeded: list[tuple[str, str]]


class OwnershipReport(Result):
    """Everything ``teamsim ownership`` shows for one scenario.

    ``cross_team_count`` is the expected number of cross-team dependencies
    (service pairs; fractional under shared ownership: an edge counts ``1 - o_u . o_v``);
    ``cross_team_dependencies`` the same weighted by each dependency's weight;
    ``cross_team_edges`` the integer number of dependencies with a cross-team
    share at all (equal to ``cross_team_count`` when no service is shared).
    ``modularity`` is None, with ``modularity_note`` saying why, when there are no
    dependencies or no service is owned.

    JSON shape (stable; extra keys may be added)::

        {"scenario", "services", "teams_count", "people", "dependencies",
         "dependency_weight", "cross_team_count", "cross_team_dependencies",
         "cross_team_edges", "cross_team_ratio", "unowned_endpoint_dependencies",
         "modularity", "modularity_note",
         "orphaned": [{"service", "reason"}], "shared": [{"service", "owners"}],
         "teams": [TeamOwnership], "team_dependencies": [{"source", "target", "weight"}],
         "congruence": Congruence | null, "warnings": [str]}
    """

    # a field with a title is a metric (see TeamOwnership); a list counts its items and
    # congruence its ``congruence`` value
    scenario: str | None
    services: int = Field(title="services")
    teams_count: int = Field(title="teams")
    people: int = Field(title="people")
    dependencies: int = Field(title="service dependencies")
    dependency_weight: float
    # three measures of one thing: the titles say how they differ (tables, charts and compare show them)
    cross_team_count: float = Field(title="cross-team dependencies (service pairs)")
    cross_team_dependencies: float = Field(title="cross-team dependencies (sum of weights)")
    cross_team_edges: int = Field(title="service pairs crossing teams, even in part")
    cross_team_ratio: float | None = Field(title="cross-team share of weight")
    unowned_endpoint_dependencies: int
    modularity: float | None = Field(title="modularity")
    modularity_note: str | None = None
    orphaned: list[OrphanedService] = Field(title="orphaned services")
    shared: list[SharedService] = Field(title="shared services")
    teams: list[TeamOwnership]
    team_dependencies: list[TeamDependency]
    congruence: Congruence | None = Field(title="socio-technical congruence")
    warnings: list[str]
