"""Result models of the Hong-Page experiment."""

# ruff: noqa: E741  (l is the paper's name for the largest step size)
from __future__ import annotations

from teamsim._results import Result

__all__ = ["GroupSummary", "HongPageResult", "LandscapeOutcome"]


class LandscapeOutcome(Result):
    """One landscape of a Hong-Page experiment.

    Attributes
    ----------
    index : int
        Landscape number (its seed is the index-th child of the experiment's seed).
    best_team, random_team : list of list of int
        Members' step sizes, best team in decreasing ability.
    best_performance, random_performance : float
        Team performance: mean stopping value of the team search over all n starts (0..100).
    best_diversity, random_diversity : float
        Pairwise diversity (0..1).
    best_coverage, random_coverage : float
        Coverage diversity (0..1).
    best_mean_ability, random_mean_ability : float
        Mean ability of the members.
    best_agent_ability : float
        Ability of the single best agent.
    """

    index: int
    best_team: list[list[int]]
    random_team: list[list[int]]
    best_performance: float
    random_performance: float
    best_diversity: float
    random_diversity: float
    best_coverage: float
    random_coverage: float
    best_mean_ability: float
    random_mean_ability: float
    best_agent_ability: float


class GroupSummary(Result):
    """One group (best-N or random-N) over all landscapes: means and standard errors.

    ``performance_sd`` = sample standard deviation over landscapes (ddof 1; None with one
    landscape: undefined); ``*_se`` = that standard deviation / sqrt(landscapes) (None with one).
    """

    performance: float
    performance_sd: float | None
    performance_se: float | None
    diversity: float
    diversity_se: float | None
    coverage: float
    coverage_se: float | None
    mean_ability: float


class HongPageResult(Result):
    """A Hong-Page experiment: parameters, both groups' summaries and every landscape.

    Attributes
    ----------
    n, k, l, N, landscape_count, mode, smoothing, seed
        The parameters (``seed`` is None when the run was not seeded by an integer).
    agents : int
        Number of agents, l!/(l-k)!.
    best, random : GroupSummary
    random_wins : float
        Share of landscapes where the random team performed strictly better.
    difference, difference_sd, difference_se : float
        Mean, standard deviation and standard error of (random - best) performance,
        paired by landscape (the last two None with one landscape: undefined).
    best_agent_ability : float
        Mean over landscapes of the single best agent's ability.
    landscapes : list of LandscapeOutcome
        One entry per landscape, in order.
    """

    n: int
    k: int
    l: int
    N: int
    landscape_count: int
    mode: str
    smoothing: int
    seed: int | None
    agents: int
    best: GroupSummary
    random: GroupSummary
    random_wins: float
    difference: float
    difference_sd: float | None
    difference_se: float | None
    best_agent_ability: float
    landscapes: list[LandscapeOutcome]
