"""Compiled inner loops of the Hong-Page search (numba, compiled once and cached on disk).

The exact dynamic programme of :func:`teamsim.hongpage.stopping_points`: a search state
is a pair (position x, agent a) over the agents closed under rotation, and its stopping
point is that of its successor (the state after the first of a's steps that improves
on x), or x itself when no step improves. Moves go to strictly higher values, so
visiting the positions in decreasing order of value finds every successor solved. In
numpy this pass needs n rounds over all agents; compiled, it is one sweep of n x m x k
comparisons with no temporaries.

Private: :mod:`teamsim.hongpage` prepares the rotation-closed agents and wraps the results.
"""

from __future__ import annotations

from typing import Any

import numba as nb
import numpy as np
import numpy.typing as npt

from teamsim._kernels import _JIT, Ints

__all__ = ["agent_sums", "state_stops"]


@nb.njit(**_JIT)
def state_stops(values: npt.NDArray[np.floating[Any]], order: Ints, agents: Ints,
                succ: Ints) -> npt.NDArray[np.int32]:
    """Stopping point of every state, shape (n, m): ``out[x, a]``.

    Parameters: ``values`` (n,) float, the ring; ``order`` (n,) the positions in
    decreasing order of value; ``agents`` (m, k) int, step sizes in 1..n-1 of the agents
    closed under rotation; ``succ`` (m, k) int, the agent (rotation) that continues after
    ``agents[a]`` moved with its step j. Positions are int32 (half the memory of intp;
    teamsim refuses n x m above 5e7 states, so n < 2**31).
    """
    n = values.size
    m, k = agents.shape
    out = np.empty((n, m), np.int32)
    for x in order:
        vx = values[x]
        for a in range(m):
            stop = x
            for j in range(k):
                y = x + agents[a, j]
                if y >= n:   # steps are below n: one wrap around the ring at most
                    y -= n
                if values[y] > vx:
                    stop = out[y, succ[a, j]]
                    break
            out[x, a] = stop
    return out


@nb.njit(**_JIT)
def agent_sums(values: npt.NDArray[np.floating[Any]], stops: npt.NDArray[np.int32],
               cols: Ints) -> npt.NDArray[np.float64]:
    """``sum_x values[stops[x, cols[a]]]`` for every a, summed over x in increasing order."""
    total = np.zeros(cols.size)
    for x in range(stops.shape[0]):
        for a in range(cols.size):
            total[a] += values[stops[x, cols[a]]]
    return total
