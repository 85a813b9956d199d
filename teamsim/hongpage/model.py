"""The model's pieces: the agents (ordered k-tuples of step sizes) and the landscape (a ring of n values)."""

# ruff: noqa: E741  (l is the paper's name for the largest step size)
from __future__ import annotations

import itertools

import numpy as np

from teamsim.budget import whole

__all__ = ["all_agents", "make_landscape"]


def all_agents(k: int, l: int) -> np.ndarray:
    """All agents: ordered k-tuples of distinct step sizes from 1..l.

    Parameters
    ----------
    k : int
        Steps per agent (heuristic length), 1 <= k <= l.
    l : int
        Largest step size.

    Returns
    -------
    numpy.ndarray of int, shape (l!/(l-k)!, k)
        In ``itertools.permutations(range(1, l + 1), k)`` order (agent ids are row numbers).

    Raises
    ------
    InputError
        If k is not in 1..l.

    See Also
    --------
    teamsim.hongpage.agent_abilities : Each agent's expected stopping value.

    Notes
    -----
    Hong & Page (2004), p. 16386: 1,320 agents for k = 3, l = 12.

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.

    Examples
    --------
    >>> all_agents(2, 3).tolist()
    [[1, 2], [1, 3], [2, 1], [2, 3], [3, 1], [3, 2]]
    >>> len(all_agents(3, 12))
    1320
    """
    l = whole("l", l, 1)
    k = whole("k", k, 1, l, " (k distinct steps from 1..l need k <= l)")
    return np.array(list(itertools.permutations(range(1, l + 1), k)), dtype=np.int64).reshape(-1, k)


def make_landscape(n: int, rng: np.random.Generator, smoothing: int = 0) -> np.ndarray:
    """A ring of n values drawn uniformly from [0, 100], optionally smoothed.

    Parameters
    ----------
    n : int
        Number of points on the ring.
    rng : numpy.random.Generator
        Random stream the values are drawn from.
    smoothing : int, default 0
        Half-width s of a circular moving average over 2s + 1 points (0 = the
        paper's rough landscape).

    Returns
    -------
    numpy.ndarray of float, shape (n,)
        The value of each point on the ring, in [0, 100].

    See Also
    --------
    teamsim.hongpage.hong_page : The experiment that searches it.

    Notes
    -----
    Draws exactly ``rng.uniform(0, 100, n)``; the smoothing is deterministic,
    O(n s).

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.
    .. [2] Grim, P. et al., "Diversity, ability, and expertise in epistemic communities",
       Philosophy of Science 86(1): 98-123, 2019 (smoothed landscapes).

    Examples
    --------
    >>> v = make_landscape(10, np.random.default_rng(0), smoothing=1)
    >>> v.shape, bool(0 <= v.min() and v.max() <= 100)
    ((10,), True)
    """
    values = rng.uniform(0.0, 100.0, n)
    if smoothing:
        total = np.zeros(n)
        for d in range(-smoothing, smoothing + 1):   # summed in order, like a plain loop
            total = total + np.roll(values, -d)
        values = total / (2 * smoothing + 1)
    return values
