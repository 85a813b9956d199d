"""Communication paths and team size.

A team of n people has n(n-1)/2 pairwise communication paths (Frederick P.
Brooks, *The Mythical Man-Month*, 1975, ch. 2: intercommunication effort grows
as n(n-1)/2). Paths grow quadratically while hands grow linearly, which is why
Amazon keeps "two-pizza teams": teams small enough to be fed by two pizzas.

The default two-pizza limit is **9 people**: Brad Stone, *The Everything Store*
(2013), reports Bezos' two-pizza teams as "fewer than ten people", and Skelton &
Pais, *Team Topologies* (2019, ch. 3 "Team-First Thinking", after Dunbar's numbers),
recommend teams of 5 to 9. Pass another
``limit`` where your organisation uses a different rule.

Examples
--------
>>> communication_paths(5)
10
>>> two_pizza(12).ok
False
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from teamsim._results import Result
from teamsim.budget import whole
from teamsim.defaults import TWO_PIZZA_LIMIT
from teamsim.errors import InputError

__all__ = ["TWO_PIZZA_LIMIT", "TwoPizzaCheck", "communication_paths", "two_pizza"]

#: Largest team size :func:`communication_paths` takes in an array (n(n-1)/2 fits int64).
MAX_VECTOR_SIZE = 3_037_000_499


@overload
def communication_paths(n: int | np.integer[Any]) -> int: ...


@overload
def communication_paths(n: Sequence[int] | npt.NDArray[np.integer[Any]]) -> npt.NDArray[np.integer[Any]]: ...


def communication_paths(
    n: int | np.integer[Any] | Sequence[int] | npt.NDArray[np.integer[Any]],
) -> int | npt.NDArray[np.integer[Any]]:
    """Number of pairwise communication paths in a team of n people: n(n-1)/2.

    Parameters
    ----------
    n : int or numpy.ndarray of int
        Team size(s), >= 0.

    Returns
    -------
    int or numpy.ndarray of int
        Paths (0 for n of 0 or 1).

    Raises
    ------
    InputError
        If any n is negative.

    See Also
    --------
    two_pizza : Check a team size against the two-pizza limit.

    References
    ----------
    .. [1] Brooks, F. P., *The Mythical Man-Month: Essays on Software
       Engineering*, Addison-Wesley, 1975, ch. 2 "The Mythical Man-Month":
       when each part of a task must be coordinated with each other part,
       the intercommunication effort grows as n(n-1)/2 (the number of pairs).

    Examples
    --------
    >>> communication_paths(3), communication_paths(10)
    (3, 45)
    >>> communication_paths(np.array([1, 2, 4])).tolist()
    [0, 1, 6]
    """
    if np.ndim(n) == 0:   # exact for any size (Python ints do not overflow)
        v = whole("team size", n, 0)
        return v * (v - 1) // 2
    arr = np.asarray(n)
    if np.any(arr < 0):
        raise InputError(f"team size must be >= 0, got {int(arr.min())}")
    if arr.size and int(arr.max()) > MAX_VECTOR_SIZE:
        raise InputError(f"team size {int(arr.max()):,} is too large for a vector of sizes (n(n-1)/2 "
                         "overflows 64-bit integers)", entity="team size",
                         hint=f"pass sizes up to {MAX_VECTOR_SIZE:,}, or one size at a time")
    paths: npt.NDArray[np.integer[Any]] = arr * (arr - 1) // 2
    return paths


class TwoPizzaCheck(Result):
    """Result of a two-pizza check for one team.

    Attributes
    ----------
    size : int
    limit : int
    ok : bool
        ``size <= limit``.
    communication_paths : int
    excess : int
        People above the limit (0 when ok).
    suggested_teams : int
        Smallest number of teams of at most ``limit`` people that could hold everyone.
    """

    size: int
    limit: int
    ok: bool
    communication_paths: int
    excess: int
    suggested_teams: int


def two_pizza(size: int, limit: int = TWO_PIZZA_LIMIT) -> TwoPizzaCheck:
    """Check a team size against the two-pizza limit.

    Parameters
    ----------
    size : int
        Number of people on the team, >= 0.
    limit : int, default 9
        Largest team that still counts as a two-pizza team, >= 1.

    Returns
    -------
    TwoPizzaCheck
        Whether ``size <= limit``, the people above the limit, the team's
        n(n-1)/2 communication paths and ceil(size / limit), the smallest number
        of teams of at most ``limit`` people that could hold everyone.

    Raises
    ------
    InputError
        If ``size`` < 0 or ``limit`` < 1.

    See Also
    --------
    communication_paths : Pairwise paths n(n-1)/2.

    References
    ----------
    .. [1] Stone, B., *The Everything Store: Jeff Bezos and the Age of Amazon*,
       Little, Brown, 2013 (two-pizza teams of fewer than ten people).
    .. [2] Skelton, M. and Pais, M., *Team Topologies*, IT Revolution, 2019,
       ch. 3 (teams of 5 to 9 people).
    .. [3] Brooks, F. P., *The Mythical Man-Month*, Addison-Wesley, 1975, ch. 2.

    Examples
    --------
    >>> c = two_pizza(12)
    >>> c.ok, c.excess, c.communication_paths, c.suggested_teams
    (False, 3, 66, 2)
    """
    if limit < 1:
        raise InputError(f"two-pizza limit must be at least 1, got {limit}")
    paths = communication_paths(size)
    return TwoPizzaCheck(
        size=size, limit=limit, ok=size <= limit, communication_paths=paths,
        excess=max(0, size - limit), suggested_teams=max(1, -(-size // limit)),
    )
