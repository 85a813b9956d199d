"""Search: where an agent, or a team in relay or tournament, stops from every start; an agent's ability."""

# ruff: noqa: E741  (l is the paper's name for the largest step size)
from __future__ import annotations

import numpy as np

from teamsim.errors import InputError
from teamsim.hongpage._common import SEARCH_MODES, SearchMode, _check_states, _row_means, _search_kernels

__all__ = ["agent_abilities", "stopping_points", "team_stopping_points"]


def _rotation_closure(steps: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The agents closed under rotation, grouped by orbit: ``(agents, succ, cols)``.

    State id ``orbit * k + r`` is the orbit's canonical tuple (smallest code) rotated by
    r: ``agents`` (m, k) its steps; ``succ[a, j]`` the rotation that continues after
    ``agents[a]`` moved with its step j; ``cols[i]`` the id of the given agent ``steps[i]``.
    """
    A, k = steps.shape
    lmax = int(steps.max())
    radix = (lmax + 1) ** np.arange(k, dtype=np.int64)
    rot_codes = np.stack([np.roll(steps, -r, axis=1) @ radix for r in range(k)], axis=1)   # (A, k)
    r0 = np.argmin(rot_codes, axis=1)
    _, first, orbit_of = np.unique(rot_codes[np.arange(A), r0], return_index=True, return_inverse=True)
    canon = np.take_along_axis(steps[first], (np.arange(k)[None, :] + r0[first][:, None]) % k, axis=1)
    m = len(canon) * k
    _check_states(m, n)
    rotate = (np.arange(k)[None, :] + np.arange(k)[:, None]) % k                    # rotate[r]: by r
    orbit, r = np.divmod(np.arange(m), k)
    succ = orbit[:, None] * k + (r[:, None] + np.arange(1, k + 1)) % k
    return canon[:, rotate].reshape(m, k), succ, orbit_of.reshape(-1) * k + (k - r0) % k


def _state_stops(values: np.ndarray, steps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Stopping points of every search state, (n, m), and the state of each given agent (A,).

    ``stops[:, cols]`` is :func:`stopping_points` transposed; the pass itself is the
    compiled :func:`teamsim._hongpage_kernels.state_stops`.
    """
    values = np.asarray(values, dtype=float)
    steps = np.asarray(steps, dtype=np.int64)
    n = len(values)
    if len(steps) == 0:
        return np.empty((n, 0), dtype=np.int32), np.empty(0, dtype=np.intp)
    if steps.min() < 1 or steps.max() >= n:
        raise InputError(f"step sizes must be in 1..{n - 1} on a ring of {n} points",
                         entity="parameter steps", hint="use steps between 1 and n - 1")
    agents, succ, cols = _rotation_closure(steps, n)
    order = np.argsort(-values, kind="stable")   # highest value first
    return _search_kernels().state_stops(values, order, agents, succ), cols


def _stops_by_position(values: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Stopping points as an (n, A) array: ``out[x, a]`` (see :func:`stopping_points`)."""
    stops, cols = _state_stops(values, steps)
    return stops[:, cols].astype(np.intp)


def stopping_points(values: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Where each agent stops from each starting point.

    Parameters
    ----------
    values : numpy.ndarray of float, shape (n,)
        The landscape (a ring).
    steps : numpy.ndarray of int, shape (A, k)
        Agents' step sizes (distinct within a row, 1 <= step < n).

    Returns
    -------
    numpy.ndarray of intp, shape (A, n)
        ``out[a, x]`` = the point where agent a stops when it starts at x with its first step.

    Raises
    ------
    InputError
        A step outside 1..n-1, or more than 5e7 search states (agents and their
        rotations x n).

    See Also
    --------
    team_stopping_points : Where a team stops.
    agent_abilities : Expected stopping values of agents.

    Notes
    -----
    An agent about to try its step ``i`` behaves exactly like its rotation
    ``(phi_i, ..., phi_k, phi_1, ..., phi_{i-1})`` about to try its first step, so a
    search state is a pair (position, rotated agent) and the stopping point of a state
    is that of its successor (the state after its first improving step), or its own
    position if no step improves. A move always goes to a strictly higher value, so
    visiting positions in decreasing order of value finds every successor already
    solved: one exact dynamic-programming pass over all A' agents (A' = agents closed
    under rotation) at each position, compiled: O(A' n k) work.

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.

    Examples
    --------
    >>> v = np.array([0., 5., 1., 9., 2., 3.])
    >>> stopping_points(v, np.array([[1], [2]])).tolist()
    [[1, 1, 3, 3, 5, 5], [4, 3, 4, 3, 4, 3]]
    """
    return np.ascontiguousarray(_stops_by_position(values, steps).T)


def agent_abilities(values: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Ability of each agent: its mean stopping value over all n starting points.

    Parameters
    ----------
    values : numpy.ndarray of float, shape (n,)
        The landscape: the value V(x) of each of the n points on the ring.
    steps : numpy.ndarray of int, shape (A, k)
        Each of the A agents' heuristic: k step sizes tried in order.

    Returns
    -------
    numpy.ndarray of float, shape (A,)
        Each agent's expected stopping value E_a, in the landscape's units.

    Raises
    ------
    InputError
        Too many search states (see :func:`stopping_points`).

    See Also
    --------
    team_stopping_points : Where a team of agents stops.

    Notes
    -----
    ``E_a = (1/n) sum_x V(F_a(x))`` (Hong & Page 2004, p. 16386).

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.

    Examples
    --------
    >>> v = np.array([0., 5., 1., 9., 2., 3.])
    >>> agent_abilities(v, np.array([[1], [2]])).round(3).tolist()
    [5.667, 5.5]
    """
    return _row_means(np.asarray(values, dtype=float), stopping_points(values, steps))


def team_stopping_points(values: np.ndarray, stops: np.ndarray, mode: SearchMode = "relay") -> np.ndarray:
    """Where a team stops from each starting point, given its members' stopping maps.

    Parameters
    ----------
    values : numpy.ndarray of float, shape (n,)
        The landscape: the value V(x) of each of the n points on the ring.
    stops : numpy.ndarray of int, shape (N, n)
        ``stops[a, x]``: where member a stops from x (rows of :func:`stopping_points`),
        in the team's order.
    mode : {"relay", "relay-once", "tournament"}
        Relay: members search in turn, each from where the previous one stopped,
        until N in a row fail. Relay-once: one pass, each member once in team order.
        Tournament: all members search from the current
        point and the team moves to the best stopping point (ties: first member),
        until none improves.

    Returns
    -------
    numpy.ndarray of intp, shape (n,)
        The point where the team stops from each starting point.

    Raises
    ------
    InputError
        Unknown mode.

    See Also
    --------
    agent_abilities : Expected stopping values of single agents.

    Notes
    -----
    Every move strictly increases the value, so both loops end after at most
    n rounds; each round is O(n) (relay) or O(N n) (tournament).

    References
    ----------
    .. [1] Hong, L. and Page, S. E., "Groups of diverse problem solvers can outperform
       groups of high-ability problem solvers", PNAS 101(46): 16385-16389, 2004.

    Examples
    --------
    >>> v = np.array([0., 5., 1., 9., 2., 3.])
    >>> F = stopping_points(v, np.array([[1], [2]]))
    >>> team_stopping_points(v, F).tolist()
    [3, 3, 3, 3, 3, 3]
    """
    stops = np.asarray(stops)
    N, n = stops.shape
    values = np.asarray(values, dtype=float)
    pos = np.arange(n)
    if mode == "relay-once":
        for a in range(N):
            pos = stops[a, pos]
        return pos
    if mode == "relay":
        idle = np.zeros(n, dtype=np.int64)
        t = 0
        while idle.min() < N:
            new = stops[t % N, pos]
            idle = np.where(new != pos, 0, idle + 1)
            pos = new
            t += 1
        return pos
    if mode != "tournament":
        raise InputError(f"unknown team search mode {mode!r}",
                         hint=f"choose one of: {', '.join(SEARCH_MODES)}")
    cols = np.arange(n)
    while True:
        cand = stops[:, pos]                                  # (N, n)
        best = cand[np.argmax(values[cand], axis=0), cols]
        up = values[best] > values[pos]
        if not up.any():
            return pos
        pos = np.where(up, best, pos)
