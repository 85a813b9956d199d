"""The result models of the reorganisation what-ifs: metric changes, moves, suggestions, splits."""

from __future__ import annotations

from typing import Any

from pydantic import computed_field, field_serializer

from teamsim._results import Result
from teamsim.input_warnings import ImportWarning
from teamsim.ownership import OwnershipReport
from teamsim.scenario import Scenario

__all__ = ["MetricChange", "Move", "OwnershipSuggestion", "Reorganisation", "TeamSplit", "WhatIf"]


class MetricChange(Result):
    """One metric before and after a change; ``scope`` is "organisation" or a team name."""

    scope: str
    metric: str
    before: float | None
    after: float | None
    change: float | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def name(self) -> str:
        """``metric`` for the organisation, ``"team: metric"`` for a team."""
        return self.metric if self.scope == "organisation" else f"{self.scope}: {self.metric}"


class WhatIf(Result):
    """A what-if: what was changed, every metric before and after, and the new scenario."""

    description: str
    changes: list[MetricChange]
    before: OwnershipReport
    after: OwnershipReport
    scenario: Scenario

    @property
    def changed(self) -> list[MetricChange]:
        """Only the metrics whose value changed."""
        return [c for c in self.changes if c.before != c.after]


class Move(Result):
    """A service moved to ``to_team`` from its previous owner(s) (empty when it had none)."""

    service: str
    from_teams: list[str]
    to_team: str


class OwnershipSuggestion(Result):
    """A suggested ownership (one team per service) and its objective.

    Attributes
    ----------
    method : {"exact", "local-search"}
    objective : float
        ``cross_team + lam x moved`` of the suggestion.
    cross_team : float
        Weighted cross-team dependencies of the suggestion.
    moved : float
        Ownership moved (a wholly owned service that moves counts 1).
    current_objective : float or None
        The objective of the current ownership (each service with its largest
        owner), None when that breaks a capacity or leaves services unowned;
        ``current_note`` says which.
    lower_bound : float or None
        Proven lower bound on the optimum (exact method only).
    gap : float or None
        ``(objective - lower_bound) / max(objective, 1e-9)``; 0 when proven optimal.
    optimal : bool
    lam : float
    capacity : dict of str to float
        The capacity used for each team.
    load : dict of str to float
        Each team's load in the suggestion.
    moves : list of Move
    changes : list of MetricChange
        Every ownership metric before and after.
    scenario : Scenario
        The scenario with the suggested ownership.
    """

    method: str
    objective: float
    cross_team: float
    moved: float
    current_objective: float | None
    current_note: str | None = None
    lower_bound: float | None
    gap: float | None
    optimal: bool
    lam: float
    capacity: dict[str, float]
    load: dict[str, float]
    moves: list[Move]
    changes: list[MetricChange]
    scenario: Scenario


class TeamSplit(Result):
    """An oversized team split into two-pizza teams along its services' dependencies.

    ``teams`` maps each new team to ``{"members": [...], "services": [...]}``;
    ``cut`` is the dependency weight between the new teams' services; ``notes``
    say e.g. that the team was already within the two-pizza limit.
    """

    team: str
    parts: int
    teams: dict[str, dict[str, list[str]]]
    cut: float
    notes: list[str] = []
    changes: list[MetricChange]
    scenario: Scenario


class Reorganisation(Result):
    """What ``teamsim reorg`` reports: one what-if, split or suggestion, and the input warnings.

    Serialised without the scenarios and full reports the result carries (``scenario``,
    ``before``, ``after``): the metric changes say what moved.

    Attributes
    ----------
    result : WhatIf, TeamSplit or OwnershipSuggestion
        From :func:`teamsim.reorg.reorganise`.
    warnings : list of ImportWarning
        The input warnings of the sources.
    """

    result: WhatIf | TeamSplit | OwnershipSuggestion
    warnings: list[ImportWarning] = []

    @field_serializer("result")
    def _without_scenarios(self, r: WhatIf | TeamSplit | OwnershipSuggestion) -> dict[str, Any]:
        """The result without its scenario and its before/after reports."""
        return r.model_dump(mode="json", exclude={"scenario", "before", "after"})
