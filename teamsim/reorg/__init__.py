"""Reorganisation what-ifs: move a service or a person, suggest an ownership, split a team.

Three questions architects ask before a reorganisation (the "inverse Conway
manoeuvre": shape teams so that the architecture you want is the one their
communication produces):

(a) **What changes if** a service or a person moves to another team?
    :func:`move_service` / :func:`move_person` return the new scenario and
    :func:`what_if` the before/after value of every ownership metric
    (:mod:`teamsim.ownership`); :mod:`teamsim.reorg.whatif`.
(b) **Which ownership minimises cross-team dependencies?**
    :func:`suggest_ownership` assigns each service to one team, minimising

    .. math:: f(x) = \\sum_{(u,v)} w_{uv} [t(u) \\ne t(v)]
                   + \\lambda \\sum_s \\big(1 - O^0_{s,t(s)}\\big)

    (weighted cross-team dependencies plus lambda per service moved away from
    its current owners; unowned services move for free) subject to each
    team's capacity (total service load) and pinned services. Small instances
    are solved exactly as a mixed-integer program with HiGHS
    (:func:`scipy.optimize.milp`), reporting the optimality gap; large ones by
    a vectorised local search (best single moves plus pairwise swaps, with
    seeded perturbation restarts); :mod:`teamsim.reorg.suggest`, with
    :mod:`teamsim.reorg.exact` and :mod:`teamsim.reorg.localsearch`.
(c) **How to split an oversized team** into two-pizza teams along its
    services' dependency structure: :func:`split_team` (:mod:`teamsim.reorg.split`).

Capacities: a team's ``capacity`` field; otherwise ``max_load_per_person x
size`` when that option is given; otherwise ``(1 + slack) x`` (its current load
plus an equal part of the unowned services' load), so the suggestion cannot pile
everything onto one team and orphans have room. A service without a
``load`` counts 1 (:mod:`teamsim.reorg.capacity`). The result models live in
:mod:`teamsim.reorg.results`; :func:`reorganise` (:mod:`teamsim.reorg.modes`) runs
one of the three, after planning new teams if asked, as ``teamsim reorg`` does.

Examples
--------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({
...     "people": [{"name": "a"}, {"name": "b"}],
...     "teams": [{"name": "A", "members": ["a"], "services": ["x", "y"], "capacity": 3},
...               {"name": "B", "members": ["b"], "services": ["z"], "capacity": 3}],
...     "services": [{"name": "x", "depends_on": ["z"]}, {"name": "y"},
...                  {"name": "z", "depends_on": ["x"]}]})
>>> r = suggest_ownership(s, lam=0.5)
>>> r.objective, r.optimal, [(m.service, m.to_team) for m in r.moves]
(0.5, True, [('z', 'A')])
"""

from __future__ import annotations

from teamsim.reorg.capacity import plan_teams, team_capacities
from teamsim.reorg.modes import check_reorg_modes, reorganise
from teamsim.reorg.results import MetricChange, Move, OwnershipSuggestion, Reorganisation, TeamSplit, WhatIf
from teamsim.reorg.split import split_team
from teamsim.reorg.suggest import suggest_ownership
from teamsim.reorg.whatif import compare_reports, move_person, move_service, what_if

__all__ = [
    "MetricChange",
    "Move",
    "OwnershipSuggestion",
    "Reorganisation",
    "TeamSplit",
    "WhatIf",
    "check_reorg_modes",
    "compare_reports",
    "move_person",
    "move_service",
    "plan_teams",
    "reorganise",
    "split_team",
    "suggest_ownership",
    "team_capacities",
    "what_if",
]
