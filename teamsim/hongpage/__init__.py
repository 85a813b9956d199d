"""The Hong-Page simulation: diverse problem solvers against the best problem solvers.

After Lu Hong and Scott E. Page, "Groups of diverse problem solvers can outperform
groups of high-ability problem solvers", PNAS 101(46): 16385-16389 (2004).

The package, one module per concept:

===================================  ===========================================================
module                               what it holds
===================================  ===========================================================
:mod:`teamsim.hongpage.model`        the agents and the landscape
:mod:`teamsim.hongpage.search`       stopping points of an agent or a team; agents' abilities
:mod:`teamsim.hongpage.diversity`    pairwise and coverage diversity of a team
:mod:`teamsim.hongpage.experiment`   :func:`hong_page`: best-N team against a random team
:mod:`teamsim.hongpage.results`      its result models
:mod:`teamsim.hongpage.sweeps`       rows and grids for :mod:`teamsim.sweep`
===================================  ===========================================================

The model
---------
* **Landscape**: a ring of ``n`` points; point ``x`` has a value ``V(x)`` drawn
  independently and uniformly from [0, 100] (optionally smoothed, see below).
* **Agent** (problem solver): an ordered k-tuple ``phi = (phi_1, ..., phi_k)`` of
  distinct step sizes from ``1..l``; there are ``l! / (l - k)!`` agents
  (1,320 for k = 3, l = 12; 6,840 for l = 20).
* **Search**: an agent at ``x`` tries ``x + phi_1`` (mod n); if its value is
  strictly higher it moves there; then it tries its next step from where it
  stands, cycling through its steps, and stops after ``k`` failures in a row
  (a point none of its steps improves).
* **Ability** of an agent = mean stopping value over all ``n`` starting points.
* **Team search** (relay, the paper's rule): the first agent searches until it
  stops, the next agent continues from that point, and so on around the team,
  until no agent can improve (``N`` agents in a row fail). **relay-once** stops after
  one pass (each member searches once, in team order), as the replication code of
  Wallrich et al. (2022) does. In the **tournament**
  variant every agent searches from the current point and the team moves to the
  best stopping point, until no agent improves.
* **Experiment**: on each landscape, the best-N team (the N agents of highest
  ability) against a team of N agents drawn at random; team performance = mean
  stopping value over all ``n`` starts. Reported: mean performance with standard
  errors over landscapes, pairwise diversity (share of positions ``i`` where two
  agents' ``phi_i`` differ, averaged over pairs; Hong & Page 2004), coverage
  diversity (share of the ``l`` step sizes held by at least one member; Singer,
  "Diversity, not randomness, trumps ability", Philosophy of Science 86(1), 2019)
  and the share of landscapes on which the random team beats the best team.
* **Smoothed landscapes** (optional; the idea of Grim et al., "Diversity, ability,
  and expertise in epistemic communities", Philosophy of Science 86(1), 2019):
  ``smoothing = s`` replaces each value by the circular mean of the ``2s + 1``
  values centred on it, making neighbouring points similar. This is teamsim's
  construction, not Grim et al.'s exact one.

Speed
-----
A searching agent's state is ``(x, i)``: position and the step it tries next
(the failure counter is 0 after every move, so it is implied), and an agent about
to try step ``i`` behaves like its rotation ``(phi_i, ..., phi_{i-1})`` about to
try its first step, so states are (position, agent) pairs over the agents closed
under rotation. From a state the agent moves with its first improving step (at
most k tries) or stops. Moves go to strictly higher values, so visiting positions
in decreasing order of value, each state's stopping point is its successor's,
already known: one exact dynamic-programming pass over the n positions and all
agents, compiled (:mod:`teamsim._hongpage_kernels`, numba), with each state
solved once instead of one search per agent and start. Team searches then compose
the agents' stopping maps ``F_a: x -> stop``, vectorised over all ``n`` starts.

Sums are taken left to right (``numpy.cumsum``), as a plain Python loop would,
so ``benchmarks/bench_hongpage.py`` checks that the pure-Python reference gives
bit-identical numbers on the same seeds.

Examples
--------
>>> r = hong_page(n=200, k=2, l=6, N=5, landscapes=4, seed=1)
>>> r.agents, len(r.landscapes)
(30, 4)
>>> 0 < r.best.performance <= 100 and 0 <= r.random_wins <= 1
True
"""

# ruff: noqa: E741  (l is the paper's name for the largest step size)
from __future__ import annotations

from teamsim.hongpage._common import DEFAULTS, PAPER_SETTINGS, SearchMode
from teamsim.hongpage._common import MAX_AGENTS as MAX_AGENTS
from teamsim.hongpage._common import MAX_STATES as MAX_STATES
from teamsim.hongpage._common import PARALLEL_WORK as PARALLEL_WORK
from teamsim.hongpage._common import SEARCH_MODES as SEARCH_MODES
from teamsim.hongpage._common import SEARCH_TENTHS as SEARCH_TENTHS
from teamsim.hongpage._common import WORKER_BYTES as WORKER_BYTES
from teamsim.hongpage.diversity import coverage_diversity, pairwise_diversity
from teamsim.hongpage.experiment import hong_page, hong_page_landscape
from teamsim.hongpage.model import all_agents, make_landscape
from teamsim.hongpage.results import GroupSummary, HongPageResult, LandscapeOutcome
from teamsim.hongpage.search import agent_abilities, stopping_points, team_stopping_points
from teamsim.hongpage.sweeps import hong_page_grid, hong_page_row, hong_page_sweep

__all__ = [
    "DEFAULTS",
    "GroupSummary",
    "HongPageResult",
    "LandscapeOutcome",
    "PAPER_SETTINGS",
    "SearchMode",
    "agent_abilities",
    "all_agents",
    "coverage_diversity",
    "hong_page",
    "hong_page_grid",
    "hong_page_landscape",
    "hong_page_row",
    "hong_page_sweep",
    "make_landscape",
    "pairwise_diversity",
    "stopping_points",
    "team_stopping_points",
]
