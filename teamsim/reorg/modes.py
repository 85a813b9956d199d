"""One reorganisation per run: a what-if move, a team split or an ownership suggestion.

:func:`reorganise` is what ``teamsim reorg`` runs: optionally plan new teams first
(:func:`teamsim.reorg.plan_teams`), then exactly one of :func:`what_if`,
:func:`split_team` or :func:`suggest_ownership`.
"""

from __future__ import annotations

from collections.abc import Iterable

from teamsim.communication import TWO_PIZZA_LIMIT
from teamsim.errors import InputError
from teamsim.reorg.capacity import plan_teams
from teamsim.reorg.results import OwnershipSuggestion, TeamSplit, WhatIf
from teamsim.reorg.split import split_team
from teamsim.reorg.suggest import suggest_ownership
from teamsim.reorg.whatif import what_if
from teamsim.scenario import Scenario
from teamsim.seeds import DEFAULT_SEED

__all__ = ["check_reorg_modes", "reorganise"]


def check_reorg_modes(move_service: str | None = None, move_person: str | None = None,
                      split: str | None = None) -> None:
    """Refuse a move combined with a split, or a service move combined with a person move.

    Parameters
    ----------
    move_service, move_person, split : str, optional
        The service or person to move, the team to split.

    Raises
    ------
    InputError
        Two of the three modes at once, or both kinds of move.

    See Also
    --------
    reorganise : Runs the one mode chosen.

    Examples
    --------
    >>> check_reorg_modes(move_service="cart")
    >>> from teamsim.errors import InputError
    >>> try:
    ...     check_reorg_modes(move_service="cart", split="Checkout")
    ... except InputError as e:
    ...     print(e.message)
    --move-service/--move-person and --split cannot be combined
    """
    modes = [f for f, on in (("--move-service/--move-person", bool(move_service or move_person)),
                             ("--split", bool(split))) if on]
    if len(modes) > 1:
        raise InputError(f"{modes[0]} and {modes[1]} cannot be combined",
                         hint="run the move and the split as two commands (write the first result "
                              "with -o and give it to the second)")
    if move_service and move_person:
        raise InputError("--move-service and --move-person cannot be combined",
                         hint="move one service or one person per command")


def reorganise(scenario: Scenario, *, teams: int | None = None, slack: float = 0.25,
               move_service: str | None = None, move_person: str | None = None,
               to_team: str | None = None, split: str | None = None, parts: int | None = None,
               lam: float = 1.0, pinned: Iterable[str] = (), max_load_per_person: float | None = None,
               method: str = "auto", time_limit: float = 10.0, seed: int = DEFAULT_SEED,
               two_pizza_limit: int = TWO_PIZZA_LIMIT) -> WhatIf | TeamSplit | OwnershipSuggestion:
    """Plan new teams if asked, then move, split or suggest: one reorganisation.

    Parameters
    ----------
    scenario : Scenario
        The current organisation.
    teams : int, optional
        First add this many planned teams (:func:`teamsim.reorg.plan_teams`).
    slack : float, default 0.25
        Capacity slack of planned teams and of the suggestion.
    move_service, move_person : str, optional
        What-if: move this service or person to ``to_team`` (:func:`what_if`).
    to_team : str, optional
        The team a move goes to (required with a move).
    split : str, optional
        Split this team into two-pizza teams (:func:`split_team`), into ``parts`` teams
        if given.
    parts : int, optional
        Number of teams of the split.
    lam, pinned, max_load_per_person, method : optional
        Of the suggestion (:func:`suggest_ownership`), run when neither a move nor a
        split is asked for.
    time_limit : float, default 10.0
        Seconds for the split's or the suggestion's optimisation.
    seed : int, default 0
        Seed of the split's and the suggestion's search.
    two_pizza_limit : int, default 9
        Largest two-pizza team.

    Returns
    -------
    WhatIf, TeamSplit or OwnershipSuggestion
        The result of the one mode run; its ``scenario`` is the reorganised one.

    Raises
    ------
    InputError
        Two modes at once (:func:`check_reorg_modes`), a move without ``to_team``, or
        what the mode itself refuses.

    See Also
    --------
    teamsim.reorg.results.Reorganisation : The result with the input warnings, for ``--json``.

    Examples
    --------
    >>> s = Scenario.model_validate({
    ...     "people": [{"name": "a"}, {"name": "b"}],
    ...     "teams": [{"name": "A", "members": ["a"], "services": ["x", "y"], "capacity": 3},
    ...               {"name": "B", "members": ["b"], "services": ["z"], "capacity": 3}],
    ...     "services": [{"name": "x", "depends_on": ["z"]}, {"name": "y"},
    ...                  {"name": "z", "depends_on": ["x"]}]})
    >>> reorganise(s, move_service="z", to_team="A").description
    'move service z to team A (from B)'
    >>> [(m.service, m.to_team) for m in reorganise(s, lam=0.5).moves]
    [('z', 'A')]
    """
    check_reorg_modes(move_service, move_person, split)
    if teams is not None:
        scenario = plan_teams(scenario, teams, slack=slack)
    if move_service or move_person:
        if not to_team:
            raise InputError("a move needs --to TEAM", hint="e.g. --move-service cart --to Checkout")
        return what_if(scenario, service=move_service, person=move_person, to_team=to_team,
                       two_pizza_limit=two_pizza_limit)
    if split:
        return split_team(scenario, split, parts=parts, max_size=two_pizza_limit, seed=seed,
                          time_limit=time_limit)
    return suggest_ownership(scenario, lam=lam, pinned=pinned, max_load_per_person=max_load_per_person,
                             slack=slack, method=method, time_limit=time_limit, seed=seed,
                             two_pizza_limit=two_pizza_limit)
