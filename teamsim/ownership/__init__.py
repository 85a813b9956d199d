"""Service ownership and Conway alignment: who owns what, and what the dependencies cost.

"You build it, you run it": every service should have exactly one owning team
that has people in it. This module measures a scenario's ownership against its
service dependency graph:

* **orphaned services** (no owner, an owner that does not resolve to a team, an
  owner team with no members) and **shared ownership** (several owner teams);
* per team: size, communication paths n(n-1)/2 and two-pizza status
  (:mod:`teamsim.communication`), services owned, load per person,
  **cohesion** (share of its services' dependency weight that stays inside the
  team), **coupling** (teams it depends on / teams depending on it) and its
  cross-team dependencies;
* for the organisation: cross-team dependency count and ratio, the
  **modularity** of the ownership partition on the service graph (Newman 2006),
  the **team dependency matrix** :math:`M = O^\\top D O` and
  **socio-technical congruence** (Cataldo et al. 2006, 2008) against declared
  or observed team interactions;
* ownership inferred from version-control history (Bird et al. 2011).

Matrices
--------
``O`` is the services x teams ownership matrix: ``O[s, t]`` is team t's share
of service s (its weight over the sum of weights of s's owners; a row is all
zero for a service no team owns). ``D`` is the services x services dependency
matrix: ``D[u, v] = w`` when u depends on v with weight w. Then
``M = O.T @ D @ O`` is the team x team dependency matrix: ``M[a, b]`` is the
dependency weight from services of a onto services of b, ``M[a, a]`` the weight
that stays inside a. With fractional (shared) ownership these are expected
values; with one owner per service they are exact counts.

Everything is computed with :mod:`scipy.sparse`; 5,000 services, 500 teams and
50,000 dependencies take well under a second (``benchmarks/bench_ownership.py``).

The modules: :mod:`teamsim.ownership.matrices` (``O``, ``D``, ``M``), :mod:`teamsim.ownership.metrics`
(orphans, modularity, congruence), :mod:`teamsim.ownership.report` (the report, whose models live in
:mod:`teamsim.ownership.results`), :mod:`teamsim.ownership.change_shares` (each team's and
author's share of a module's changes in version-control history; which team then *becomes* a
service's owner is :mod:`teamsim.history_owners`) and :mod:`teamsim.ownership.analysis` (the report
of merged sources, as ``teamsim ownership`` shows it).
``teamsim.ownership`` exports every public name.

Examples
--------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({
...     "people": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
...     "teams": [{"name": "A", "members": ["a", "b"], "services": ["web", "api"]},
...               {"name": "B", "members": ["c"], "services": ["db"]}],
...     "services": [{"name": "web", "depends_on": ["api"]},
...                  {"name": "api", "depends_on": ["db"]}, {"name": "db"}]})
>>> r = ownership_report(s)
>>> r.cross_team_dependencies, r.cross_team_ratio, r.teams[0].cohesion
(1.0, 0.5, 0.5)
"""

from __future__ import annotations

from teamsim.ownership.analysis import OwnerConflict, OwnershipAnalysis, ownership_analysis
from teamsim.ownership.change_shares import NO_TEAM as NO_TEAM
from teamsim.ownership.change_shares import (
    ModuleOwnership,
    declared_owners,
    infer_ownership,
    service_folders,
    service_history,
)
from teamsim.ownership.matrices import OwnershipMatrices, ownership_matrices, team_dependency_matrix
from teamsim.ownership.metrics import congruence, modularity, orphaned_services
from teamsim.ownership.report import ownership_report
from teamsim.ownership.results import (
    Congruence,
    OrphanedService,
    OwnershipReport,
    SharedService,
    TeamDependency,
    TeamOwnership,
)

__all__ = [
    "Congruence",
    "ModuleOwnership",
    "OrphanedService",
    "OwnershipMatrices",
    "OwnershipReport",
    "SharedService",
    "TeamDependency",
    "TeamOwnership",
    "OwnershipAnalysis",
    "OwnerConflict",
    "congruence",
    "declared_owners",
    "infer_ownership",
    "modularity",
    "orphaned_services",
    "ownership_matrices",
    "ownership_analysis",
    "ownership_report",
    "service_folders",
    "service_history",
    "team_dependency_matrix",
]
