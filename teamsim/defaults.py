"""Default parameters that the command line shows in its help, in a module that imports nothing.

``teamsim --help`` and ``teamsim CMD --help`` print these defaults without importing
the modules that use them (numpy, scipy, networkx, pydantic models): each of those
modules imports its constants from here, so there is one definition of each value.

Examples
--------
>>> from teamsim.defaults import TWO_PIZZA_LIMIT, TEAM_SIZE
>>> TWO_PIZZA_LIMIT, TEAM_SIZE
(9, (5, 9))
"""

from __future__ import annotations

from typing import TypedDict

__all__ = ["ASSEMBLY", "BOT_PATTERN", "CLUSTERING_EXACT_EDGES", "DEFAULT_SEED", "EXACT_LIMIT", "HONG_PAGE",
           "HONG_PAGE_PAPER", "NULL_SAMPLES", "SAMPLE_SOURCES", "TEAM_SIZE", "TWO_PIZZA_LIMIT"]

#: The one default seed of every random function and ``--seed`` option in teamsim: same call,
#: same result (:mod:`teamsim.seeds`). Pass ``seed=None`` for fresh entropy.
DEFAULT_SEED = 0

#: Largest team that still counts as a two-pizza team (Stone 2013; Skelton & Pais 2019).
TWO_PIZZA_LIMIT = 9

TEAM_SIZE = (5, 9)
"""Team Topologies' team size: five to nine people (Skelton & Pais 2019, ch. 3)."""

class _AssemblyDefaults(TypedDict):
    """The types of :data:`ASSEMBLY`'s entries (integers for sizes and steps)."""

    m: int
    p: float
    q: float
    tau: int
    steps: int
    tail: float


#: Team assembly (:mod:`teamsim.assembly`), shared by the library, ``teamsim assembly``,
#: ``teamsim sweep assembly`` and the app: team size m, incumbent probability p, repeat
#: probability q, inactivity tau (steps), steps, and the tail share of a run averaged for
#: the stationary state.
ASSEMBLY: _AssemblyDefaults = {"m": 4, "p": 0.6, "q": 0.5, "tau": 30, "steps": 1000, "tail": 0.2}

#: Hong & Page (:mod:`teamsim.hongpage`): the paper's main setting and teamsim's defaults.
HONG_PAGE = {"n": 2000, "k": 3, "l": 12, "N": 10, "landscapes": 50}

#: The three settings of Hong & Page's Table 1.
HONG_PAGE_PAPER = [{"N": 10, "l": 12}, {"N": 20, "l": 12}, {"N": 10, "l": 20}]

#: Default pattern of bot authors in git histories (case-insensitive search): ``[bot]``
#: suffixes, the word ``bot`` (which also matches pseudonyms such as ``bot-01``), Renovate,
#: Dependabot, GitHub Actions and pre-commit.ci.
BOT_PATTERN = r"\[bot\]|\bbot\b|renovate|dependabot|github-actions|pre-commit-ci"

#: Small-world measures (:mod:`teamsim.smallworld`): above this many people in the giant
#: component the path length is sampled (:data:`SAMPLE_SOURCES` breadth-first searches, in
#: the observed network and its shuffled copies alike). Exact costs one search per person, so
#: at this size at most 8 times the sampled cost; a report measures 21 networks per window.
EXACT_LIMIT = 4_096
#: The small-world report counts triangles exactly in projections of up to this many
#: collaboration ties (edges); above it, in the observed network and its shuffled copies
#: alike, transitivity and average clustering are estimated from sampled wedges
#: (:func:`teamsim.smallworld.metrics.estimate_clustering`), and the report says so. Exact
#: counting costs O(m N / 64) per network: about 0.1 s at 500,000 ties, 0.5 s at the
#: 2.7 million of a yearly window of a Linux-sized history, times 21 networks per window.
CLUSTERING_EXACT_EDGES = 500_000
#: Sources of the sampled breadth-first search.
SAMPLE_SOURCES = 512
#: Shuffled networks of the simulated null (the headline Q) by default.
NULL_SAMPLES = 20
