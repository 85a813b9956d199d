"""Team design: who is in which team and which team owns which service, optimised together.

:func:`design_teams` proposes an organisation that satisfies

* every person in exactly one team, every service owned by exactly one team;
* team sizes within ``[min_size, max_size]``, by default 5 to 9 people
  (Skelton & Pais 2019, ch. 3 "Team-First Thinking": teams of five to nine,
  after Dunbar's numbers);
* every tool a service needs (``services[].tools``) held by at least
  ``redundancy`` members of its owner team (:mod:`teamsim.coverage`);
* at most ``max_services`` services and at most ``max_load`` distinct needed
  tools (the team's cognitive load) per team;
* pins: ``person=team`` or ``service=team`` assignments kept as given;

and minimises

.. math:: f = \\sum_{(u,v)} w_{uv} [t(u) \\ne t(v)] + \\lambda (\\#\\text{people moved}
          + \\#\\text{services moved})

the weight of service dependencies that cross teams plus lambda per change
from today (a person whose team changes, a service whose owner changes; people
without a team and unowned services move for free; keeping any one of a
person's or a service's current teams is no change).

Team names persist; with more teams than today the new ones are called
``new-team-1``, ``new-team-2``...; with fewer, the design chooses which to
close.

Solvers: an exact mixed-integer program (HiGHS via :func:`teamsim._milp.solve_milp`,
zero gap) for small organisations; a large-neighbourhood search seeded from
today's organisation for large ones (each step frees a few connected teams and
re-solves them exactly, constraints softened with a large penalty). Both report
the best lower bound (HiGHS' dual bound; with ``max_services``, the
set-partitioning bound over connected service groups, :func:`teamsim.design.bounds._component_bound`;
a covering program over which services and people must move,
:func:`teamsim.design.bounds._move_bound`) and the gap.

The package, one module per concept:

===============================  ================================================================
module                           what it holds
===============================  ================================================================
:mod:`teamsim.design.solve`      :func:`design_teams`, :func:`design_scenario`
:mod:`teamsim.design.problem`    the problem as arrays, :func:`parse_pins`, a design's metrics
:mod:`teamsim.design.exact`      the mixed-integer program
:mod:`teamsim.design.lns`        large-neighbourhood search
:mod:`teamsim.design.bounds`     lower bounds for the search
:mod:`teamsim.design.results`    the result models
===============================  ================================================================

References
----------
.. [1] M. Skelton and M. Pais, *Team Topologies*, IT Revolution, 2019, ch. 3
   "Team-First Thinking" (team size, cognitive load).
.. [2] D. Pisinger and S. Ropke, "Large neighborhood search", in *Handbook of
   Metaheuristics*, Springer, 2010, pp. 399-419.

Examples
--------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({
...     "tools": [{"name": "Go"}, {"name": "SQL"}],
...     "people": [{"name": "a", "tools": ["Go"]}, {"name": "b", "tools": ["SQL"]},
...                {"name": "c", "tools": ["Go"]}, {"name": "d", "tools": ["SQL"]}],
...     "teams": [{"name": "T", "members": ["a", "c"], "services": ["api"]},
...               {"name": "U", "members": ["b", "d"], "services": ["db"]}],
...     "services": [{"name": "api", "tools": ["Go", "SQL"], "depends_on": ["db"]},
...                  {"name": "db", "tools": ["SQL"]}]})
>>> d = design_teams(s, min_size=1, max_size=3, redundancy=1)
>>> d.objective, d.optimal, len(d.moves)   # two optimal designs tie: one person and one service move
(2.0, True, 2)
"""

from __future__ import annotations

from teamsim.design.problem import parse_pins
from teamsim.design.results import Design, DesignMove, DesignTeam
from teamsim.design.solve import design_scenario, design_teams

__all__ = ["Design", "DesignMove", "DesignTeam", "design_scenario", "design_teams", "parse_pins"]
