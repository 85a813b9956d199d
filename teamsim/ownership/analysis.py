"""What ``teamsim ownership`` reports for merged sources: the report, history and owner conflicts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from teamsim._results import Result
from teamsim.communication import TWO_PIZZA_LIMIT
from teamsim.importers._result import ImportWarning
from teamsim.importers.backstage import CatalogGroup

if TYPE_CHECKING:
    from teamsim.history_owners import HistoryOwners
    from teamsim.importers import ReadResult
    from teamsim.importers.git import GitLog
from teamsim.ownership.history import ModuleOwnership, service_history
from teamsim.ownership.report import ownership_report
from teamsim.ownership.results import OwnershipReport

__all__ = ["OwnerConflict", "OwnershipAnalysis", "ownership_analysis"]


class OwnerConflict(Result):
    """A service whose owner from history is not its declared owner.

    Attributes
    ----------
    service : str
    declared : list of str
        The teams the sources name as its owners.
    history_owner : str
        The team whose members made the largest share of its changes.
    share : float
        That team's share, in [0, 1].
    applied : bool
        Whether history won (the share reached the threshold, see
        :func:`teamsim.history_owners.owners_from_history`); otherwise the declared owner is kept.
    """

    service: str
    declared: list[str]
    history_owner: str
    share: float
    applied: bool

    def message(self) -> str:
        """One line for a warning.

        Examples
        --------
        >>> OwnerConflict(service="cart", declared=["Web"], history_owner="Carts", share=0.8,
        ...               applied=True).message()
        "service 'cart': declared owner Web, but Carts made 80% of its changes: owner set to Carts"
        """
        said = ", ".join(self.declared)
        done = (f"owner set to {self.history_owner}" if self.applied else
                "declared owner kept (below the threshold)")
        return (f"service {self.service!r}: declared owner {said}, but {self.history_owner} made "
                f"{self.share:.0%} of its changes: {done}")


class OwnershipAnalysis(Result):
    """What ``teamsim ownership`` reports: the ownership report, history and what was read.

    Attributes
    ----------
    report : OwnershipReport
    history : list of ModuleOwnership or None
        Owners inferred from a git history (:func:`service_history`); None without one.
    conflicts : list of OwnerConflict
        Services whose owner from history differs from the declared one
        (:func:`teamsim.history_owners.owners_from_history`).
    warnings : list of ImportWarning
        The input warnings of the sources.
    groups : list of CatalogGroup
        The Backstage groups read.
    sources : list of str
        Every file read.
    """

    report: OwnershipReport
    history: list[ModuleOwnership] | None = None
    conflicts: list[OwnerConflict] = []
    warnings: list[ImportWarning] = []
    groups: list[CatalogGroup] = []
    sources: list[str] = []


def ownership_analysis(read: ReadResult, *,
                       service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/",
                       interactions: Iterable[Sequence[str]] | None = None,
                       two_pizza_limit: int = TWO_PIZZA_LIMIT, log: GitLog | None = None,
                       measure: str = "commits", owners: HistoryOwners | None = None) -> OwnershipAnalysis:
    """The ownership report of merged sources (:func:`teamsim.importers.read`), with history if given.

    Parameters
    ----------
    read : ReadResult
        The merged scenario, its warnings, groups and sources.
    service_paths : str or mapping, default "{name}/"
        The services' folders, for ``log``.
    interactions : iterable of (team, team), optional
        Observed interactions for congruence (default: the declared ones).
    two_pizza_limit : int, default 9
        Largest two-pizza team.
    log : GitLog, optional
        A history to infer each service's owner from (:func:`service_history`).
    measure : {"commits", "lines"}, default "commits"
        As :func:`service_history`.
    owners : HistoryOwners, optional
        Owners from history already applied to ``read``
        (:func:`teamsim.history_owners.read_history_owners`): its history and conflicts are
        reported (``log`` is then not needed).

    Returns
    -------
    OwnershipAnalysis

    See Also
    --------
    ownership_report : The report of one scenario.
    teamsim.importers.read : Read and merge the sources.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> from teamsim.importers import read
    >>> from teamsim.importers import ReadResult
    >>> s = Scenario.model_validate({"people": [{"name": "a"}], "services": [{"name": "web"}],
    ...                              "teams": [{"name": "A", "members": ["a"], "services": ["web"]}]})
    >>> a = ownership_analysis(ReadResult(scenario=s, sources=["s.yaml"]))
    >>> a.report.services, a.history, a.sources
    (1, None, ['s.yaml'])
    """
    report = ownership_report(read.scenario, two_pizza_limit=two_pizza_limit, interactions=interactions)
    history: list[ModuleOwnership] | None
    if owners is not None:
        history, conflicts = owners.history, owners.conflicts
    else:
        history = None if log is None else service_history(read.scenario, log.commits, service_paths,
                                                           measure=measure)
        conflicts = []
    return OwnershipAnalysis(report=report, history=history, conflicts=conflicts, warnings=read.warnings,
                             groups=read.groups, sources=read.sources)
