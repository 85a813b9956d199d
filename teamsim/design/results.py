"""Result models of a team design: the teams, the moves from today, the objective and its bound."""

from __future__ import annotations

from pydantic import Field

from teamsim._results import Result

__all__ = ["Design", "DesignMove", "DesignTeam"]


class DesignTeam(Result):
    """One team of a design: its members and the services it owns."""

    name: str
    members: list[str]
    services: list[str]


class DesignMove(Result):
    """A change from today: a person or a service that goes to another team.

    ``from_teams`` is empty for a person without a team or an unowned service.
    """

    kind: str
    name: str
    from_teams: list[str]
    to_team: str


class Design(Result):
    """A proposed team design.

    Attributes
    ----------
    teams : list of DesignTeam
    objective : float
        Cross-team dependency weight + lam x changes.
    bound : float or None
        Best proven lower bound on the objective of any feasible design.
    gap : float or None
        ``(objective - bound) / objective`` (0 when proven optimal).
    optimal : bool
    method : str
        "milp" or "lns".
    cross_team_weight : float
    changes : int
        People and services moved.
    moves : list of DesignMove
    before, after : dict of str to float or None
        Every metric of today's organisation and of the design
        (see :func:`design_teams`).
    violations_before : list of str
        Constraints today's organisation breaks.
    """

    teams: list[DesignTeam]
    objective: float
    bound: float | None
    gap: float | None
    optimal: bool
    method: str
    cross_team_weight: float
    changes: int
    moves: list[DesignMove]
    before: dict[str, float | None]
    after: dict[str, float | None]
    violations_before: list[str] = Field(default_factory=list)
    seconds: float = 0.0
