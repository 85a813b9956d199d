"""Work and memory budgets: refuse a computation that would not finish, before it starts.

Every simulation, search and optimisation in teamsim estimates what a request will
cost from its parameters alone - elementary operations (the ``max_work`` limit) and
bytes (the ``max_memory_bytes`` limit) - and refuses it up front when the estimate is
over the limit, with one message naming the parameters that set the cost, the
estimate, the limit and the environment variable that raises it. The same check
runs for library calls, the command line, sweeps and the app, because it sits in
the core functions.

An *operation* is about 10 ns of one core (a numpy element operation counts as a
fraction of one, a Python-level step as several): each estimate is calibrated
against measured run times and is documented beside the function that uses it.
``TEAMSIM_MAX_WORK`` and ``TEAMSIM_MAX_MEMORY_BYTES`` raise (or lower) the limits.

:func:`whole` checks the counts themselves (an integer, at least 1 or 0, at most a
bound) so that a negative or zero count is refused with the parameter's name.

Examples
--------
>>> check_work(1_000, params="steps", entity="assembly model")
>>> check_work(10**40, params="n, k", entity="exhaustive search")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
teamsim.errors.InputError: error: estimated work 1.0e+40 operations (set by n, k) is over the limit of ...
  entity: exhaustive search
  fix: lower n, k, or raise the limit: TEAMSIM_MAX_WORK=1.0e+40 (too much for any machine)
"""

from __future__ import annotations

import math

import numpy as np

from teamsim.errors import InputError
from teamsim.limits import check_count, limit

__all__ = ["OPERATIONS_PER_SECOND", "check_memory", "check_work", "fits", "seconds", "whole"]

#: Operations one core does in a second (an operation is about 10 ns); converts a
#: solver's time limit into the work budget.
OPERATIONS_PER_SECOND = 100_000_000


def _check(name: str, value: float, params: str, entity: str, file: str | None) -> None:
    what = {"max_work": "estimated work", "max_memory_bytes": "estimated memory"}[name]
    # an estimate past any float (a time limit of 1e308 s) is simply over every limit
    check_count(name, math.ceil(min(value, 1e300)), entity=entity, file=file, what=what,
                fix=f"lower {params}", params=params)


def check_work(operations: float, *, params: str, entity: str, file: str | None = None) -> None:
    """Refuse a computation estimated at more than ``max_work`` operations.

    Parameters
    ----------
    operations : float
        The estimated number of operations (about 10 ns of one core each).
    params : str
        The parameters that set the estimate, as the user wrote them (e.g. ``"n, landscapes"``).
    entity : str
        The computation, with the values given (e.g. ``"Hong-Page simulation n=2000, ..."``).
    file : str, optional
        The input file the sizes come from.

    Raises
    ------
    InputError
        The estimate is over the limit; the message names ``params``, the estimate,
        the limit and ``TEAMSIM_MAX_WORK``.

    See Also
    --------
    check_memory : The same for memory.
    fits : Test both limits without refusing.
    seconds : Charge a solver's time limit to this budget.

    Examples
    --------
    >>> check_work(5e9, params="steps", entity="assembly model steps=5e8")
    """
    _check("max_work", operations, params, entity, file)


def check_memory(nbytes: float, *, params: str, entity: str, file: str | None = None) -> None:
    """Refuse a computation estimated to allocate more than ``max_memory_bytes`` bytes.

    Parameters
    ----------
    nbytes : float
        The estimated peak allocation in bytes.
    params, entity, file
        As for :func:`check_work`.

    Raises
    ------
    InputError
        As :func:`check_work`, naming ``TEAMSIM_MAX_MEMORY_BYTES``.

    See Also
    --------
    check_work : The same for operations.
    fits : Test both limits without refusing.

    Examples
    --------
    >>> check_memory(8 * 10**6, params="teams", entity="ownership report of 1,000 teams")
    """
    _check("max_memory_bytes", nbytes, params, entity, file)


def fits(nbytes: float, operations: float) -> bool:
    """Whether an estimate is within both limits (to choose a method rather than refuse).

    Parameters
    ----------
    nbytes : float
        Estimated peak allocation in bytes.
    operations : float
        Estimated operations.

    Returns
    -------
    bool
        Both are within ``max_memory_bytes`` and ``max_work``.

    See Also
    --------
    check_work : Refuse over the work limit.
    check_memory : Refuse over the memory limit.

    Examples
    --------
    >>> fits(1_000, 1_000), fits(0, 10**40)
    (True, False)
    """
    return nbytes <= limit("max_memory_bytes") and operations <= limit("max_work")


def whole(name: str, value: object, low: int = 1, high: int | None = None, why: str = "") -> int:
    """``value`` as an int when it is a whole number in ``low..high``; else refuse, naming ``name``.

    Parameters
    ----------
    name : str
        The parameter, as the user wrote it (e.g. ``"steps"`` or ``"--parts"``).
    value : object
        What was given.
    low, high : int
        The range (``high`` None: no upper bound).
    why : str
        Appended to the message (e.g. ``" (k <= l)"``).

    Returns
    -------
    int

    Raises
    ------
    InputError
        Not an integer (bools and floats are refused) or out of range.

    See Also
    --------
    teamsim.limits.check_count : Refuse a count over one of teamsim's limits.

    Examples
    --------
    >>> whole("steps", 10)
    10
    >>> whole("steps", 0)
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: error: steps=0 is out of range (>= 1)
      entity: parameter steps
      fix: use steps = 1 or more
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise InputError(f"{name} must be an integer, got {str(value)[:40]!r}", entity=f"parameter {name}",
                         hint=f"pass a whole number for {name}")
    v = int(value)
    if v < low or (high is not None and v > high):
        rng = f"{low}..{high}" if high is not None else f">= {low}"
        choose = f"between {low} and {high}" if high is not None else f"= {low} or more"
        raise InputError(f"{name}={v} is out of range ({rng}){why}", entity=f"parameter {name}",
                         hint=f"use {name} {choose}")
    return v


def seconds(name: str, value: object) -> float:
    """A solver's time limit: a positive finite number of seconds, charged to the work budget.

    Parameters
    ----------
    name : str
        The parameter, as the user wrote it (e.g. ``"time_limit"``).
    value : object
        The seconds given.

    Returns
    -------
    float

    Raises
    ------
    InputError
        Not a positive finite number, or more seconds than the ``max_work`` limit buys
        (:data:`OPERATIONS_PER_SECOND` operations a second: 200 s by default).

    See Also
    --------
    check_work : The work budget it is charged to.

    Examples
    --------
    >>> seconds("time_limit", 10)
    10.0
    >>> seconds("time_limit", -1)
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: error: time limit -1 is not a positive number of seconds
      entity: parameter time_limit
      fix: give the solver a few seconds, e.g. 10
    """
    if (isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating))
            or not math.isfinite(value) or value <= 0):
        raise InputError(f"time limit {str(value)[:40]} is not a positive number of seconds",
                         entity=f"parameter {name}", hint="give the solver a few seconds, e.g. 10")
    check_work(float(value) * OPERATIONS_PER_SECOND, params=name,
               entity=f"a solver time limit of {float(value):g} s")
    return float(value)
