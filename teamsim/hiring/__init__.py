"""Hiring what-ifs and team composition: whom to hire, whom to staff, whom we cannot lose.

Engineering managers ask "whom should we hire next, which team covers this
project, what do we lose if she leaves, what must he learn first?". teamsim
answers with the cognitive-tool model of :mod:`teamsim.ability` (Page, *The
Diversity Bonus*, 2017): a team can apply any tool one of its members holds, so
the value of a hire is the value of the tools they **add**, not their individual
ability. The most able candidate is often not the best addition.

=====================================  ===========================================================
function                               question
=====================================  ===========================================================
:func:`rank_candidates`                whom to hire next: marginal gain in team ability per candidate
:func:`smallest_covering_team`         the smallest team holding every required tool (set cover)
:func:`key_person_risk`                tools only one person holds; truck factor
:func:`departure`                      what is lost if someone leaves, who can cover it by learning
:func:`learning_plan`                  what a person must learn, in order, to hold a tool
:func:`team_learning_plan`             for each tool a team lacks, the member closest to it
:func:`overlap`                        "beware hiring managers": Jaccard overlap, nested tool sets
:func:`pool_names`                     the names to draw a team from: people, candidates or all
=====================================  ===========================================================

The best team of k for a task is :func:`teamsim.ability.most_able_team` (exact by
enumeration or integer program, greedy with its (1 - 1/e) bound for huge pools);
:func:`teamsim.report.team_of_k` sets it beside the k individually most able people.

Examples
--------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({
...     "tools": [{"name": x} for x in "ABCDEFG"],
...     "people": [{"name": "Betsy", "tools": list("ABEF")}],
...     "candidates": [{"name": "Adam", "tools": list("ABCDE")},
...                    {"name": "Carl", "tools": list("CDG")}]})
>>> r = rank_candidates(s, ["Betsy"])
>>> [(c.name, c.individual_ability, c.marginal_gain) for c in r.candidates]
[('Carl', 3.0, 3.0), ('Adam', 5.0, 2.0)]
"""

from __future__ import annotations

from teamsim.hiring._common import POOLS, pool_names
from teamsim.hiring.candidates import CandidateGain, CandidateRanking, rank_candidates
from teamsim.hiring.covering import CoveringTeam, smallest_covering_team
from teamsim.hiring.departure import DepartureImpact, LostTool, departure
from teamsim.hiring.learning import LearningPlan, TeamLearningPlan, ToolGap, learning_plan, team_learning_plan
from teamsim.hiring.overlap import OverlapReport, PairOverlap, overlap
from teamsim.hiring.risk import KeyPersonRisk, TruckFactor, key_person_risk, truck_factor

__all__ = [
    "CandidateGain",
    "CandidateRanking",
    "CoveringTeam",
    "DepartureImpact",
    "KeyPersonRisk",
    "LearningPlan",
    "LostTool",
    "POOLS",
    "OverlapReport",
    "PairOverlap",
    "TeamLearningPlan",
    "ToolGap",
    "TruckFactor",
    "departure",
    "key_person_risk",
    "learning_plan",
    "overlap",
    "pool_names",
    "rank_candidates",
    "smallest_covering_team",
    "team_learning_plan",
    "truck_factor",
]
