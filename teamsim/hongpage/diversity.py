"""Team diversity: pairwise (Hong & Page 2004) and coverage of the step sizes (Singer 2019)."""

# ruff: noqa: E741  (l is the paper's name for the largest step size)
from __future__ import annotations

import numpy as np

from teamsim.hongpage._common import _row_means

__all__ = ["coverage_diversity", "pairwise_diversity"]


def pairwise_diversity(team_steps: np.ndarray) -> float:
    """Mean over pairs of agents of the share of positions where their steps differ.

    Parameters
    ----------
    team_steps : numpy.ndarray of int, shape (N, k)
        The N members' heuristics: k step sizes each, in order.

    Returns
    -------
    float in [0, 1]
        Mean share of differing positions over pairs of members; 0 for a team of one.

    See Also
    --------
    coverage_diversity : Share of step sizes the team holds.

    Notes
    -----
    ``D = mean_{a<b} (1/k) sum_i [phi^a_i != phi^b_i]`` (Hong & Page 2004, p. 16387).

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.

    Examples
    --------
    >>> pairwise_diversity(np.array([[1, 2, 3], [1, 3, 2], [1, 2, 3]]))
    0.4444444444444444
    """
    s = np.asarray(team_steps)
    N = len(s)
    if N < 2:
        return 0.0
    i, j = np.triu_indices(N, 1)
    return float(_row_means((s[i] != s[j]).sum(axis=-1) / s.shape[1], np.arange(len(i))))


def coverage_diversity(team_steps: np.ndarray, l: int) -> float:
    """Share of the step sizes 1..l that at least one member holds (Singer 2019).

    Parameters
    ----------
    team_steps : numpy.ndarray of int, shape (N, k)
        The N members' heuristics: k step sizes each, in 1..l.
    l : int
        Largest step size.

    Returns
    -------
    float in [0, 1]
        The share C of step sizes the team can take.

    See Also
    --------
    pairwise_diversity : Hong and Page's diversity measure.

    Notes
    -----
    ``C = |union of the members' steps| / l``, O(N k log(N k)).

    References
    ----------
    .. [1] Singer, D. J., "Diversity, not randomness, trumps ability", Philosophy of
       Science 86(1): 178-191, 2019.

    Examples
    --------
    >>> coverage_diversity(np.array([[1, 2, 3], [1, 3, 4]]), 12)
    0.3333333333333333
    """
    return len(np.unique(np.asarray(team_steps))) / l
