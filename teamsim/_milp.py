"""One small wrapper around :func:`scipy.optimize.milp` (HiGHS branch and cut).

Every exact optimisation in teamsim states its model as ``min c x`` subject to
linear constraints, bounds and integrality, and wants the same four answers:
the solution, whether it is proven optimal, the best lower bound and the gap.
:func:`solve_milp` returns them as a :class:`MilpResult`; it always asks HiGHS
for a zero relative gap (``mip_rel_gap=0``), so that "optimal" means proven
optimal, not "within HiGHS' default 0.01 %".

Examples
--------
>>> import numpy as np, scipy.sparse as sp
>>> from scipy.optimize import LinearConstraint
>>> r = solve_milp(np.array([1.0, 2.0]), [LinearConstraint(sp.csr_array([[1.0, 1.0]]), 1, 1)],
...                integrality=np.ones(2), lb=np.zeros(2), ub=np.ones(2))
>>> r.x.round().tolist(), r.optimal, r.objective, r.bound, r.gap
([1.0, 0.0], True, 1.0, 1.0, 0.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["MilpResult", "relative_gap", "solve_milp"]


@dataclass(frozen=True)
class MilpResult:
    """What HiGHS found.

    Attributes
    ----------
    x : numpy.ndarray or None
        The best solution found (None when there is none: infeasible, or no
        incumbent before the time limit).
    optimal : bool
        Proven optimal (zero gap).
    objective : float or None
        ``c x`` of ``x``.
    bound : float or None
        The best proven lower bound (the objective when optimal; for an LP the
        LP value).
    gap : float or None
        :func:`relative_gap` of objective and bound.
    status : int
        scipy's status: 0 optimal, 1 iteration or time limit, 2 infeasible,
        3 unbounded, 4 other.
    message : str
    """

    x: np.ndarray | None
    optimal: bool
    objective: float | None
    bound: float | None
    gap: float | None
    status: int
    message: str


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """``(objective - bound) / max(|objective|, 1e-9)``, 0 when they agree, None if either is unknown.

    Examples
    --------
    >>> relative_gap(10.0, 9.0)
    0.1
    >>> relative_gap(0.0, 0.0), relative_gap(5.0, None)
    (0.0, None)
    """
    if objective is None or bound is None:
        return None
    diff = objective - bound
    if diff <= 1e-9 * max(1.0, abs(objective)):
        return 0.0
    return diff / max(abs(objective), 1e-9)


def solve_milp(c: np.ndarray, constraints: list[Any], *, integrality: np.ndarray, lb: np.ndarray,
               ub: np.ndarray, time_limit: float = 60.0) -> MilpResult:
    """Minimise ``c x`` with HiGHS at zero relative gap.

    Parameters
    ----------
    c : numpy.ndarray
        Objective coefficients.
    constraints : list of scipy.optimize.LinearConstraint
    integrality : numpy.ndarray
        1 for an integer variable, 0 for a continuous one (all zeros: an LP).
    lb, ub : numpy.ndarray
        Variable bounds.
    time_limit : float, default 60
        Seconds; on expiry the incumbent (if any) and the bound are returned.

    Returns
    -------
    MilpResult

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> from scipy.optimize import LinearConstraint
    >>> lp = solve_milp(np.array([1.0, 1.0]), [LinearConstraint(sp.csr_array([[2.0, 2.0]]), 1, np.inf)],
    ...                 integrality=np.zeros(2), lb=np.zeros(2), ub=np.ones(2))
    >>> lp.objective, lp.optimal
    (0.5, True)
    """
    from scipy.optimize import Bounds, milp

    res = milp(c, constraints=constraints, integrality=integrality, bounds=Bounds(lb, ub),
               options={"time_limit": float(time_limit), "mip_rel_gap": 0.0, "disp": False})
    x = None if res.x is None else np.asarray(res.x)
    objective = None if x is None else float(c @ x)
    optimal = res.status == 0 and x is not None
    raw = getattr(res, "mip_dual_bound", None)
    if optimal and (raw is None or not np.isfinite(raw) or not integrality.any()):
        bound = objective
    else:
        bound = float(raw) if raw is not None and np.isfinite(raw) else None
    return MilpResult(x=x, optimal=optimal, objective=objective, bound=bound,
                      gap=relative_gap(objective, bound), status=int(res.status),
                      message=str(res.message))
