"""Team capacities for the ownership suggestion, and planned (empty) teams for inputs without teams.

A team's capacity is its ``capacity`` field; otherwise ``max_load_per_person x
size`` when that option is given; otherwise ``(1 + slack) x`` (its current load
plus an equal part of the unowned services' load), so the suggestion cannot pile
everything onto one team and orphans have room. A service without a ``load``
counts 1.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from teamsim.errors import InputError
from teamsim.ownership import OwnershipMatrices, ownership_matrices
from teamsim.reorg._common import _check_memory, _data
from teamsim.scenario import Scenario

__all__ = ["plan_teams", "team_capacities"]


def plan_teams(scenario: Scenario, n: int, *, slack: float = 0.25, prefix: str = "team-") -> Scenario:
    """Add ``n`` planned (empty) teams with equal capacity, for inputs without teams.

    Each planned team gets capacity ``ceil((1 + slack) x total load / n)`` so
    that :func:`suggest_ownership` partitions the services into ``n`` balanced
    teams along the dependency graph (e.g. for a bare dependency CSV).

    Parameters
    ----------
    scenario : Scenario
        The organisation: services, dependencies, teams and members (left unchanged).
    n : int
        Number of planned teams (>= 1).
    slack : float, default 0.25
        Spare capacity above an equal share of the load.
    prefix : str, default "team-"
        The teams are named ``<prefix>1`` ... ``<prefix>n``.

    Returns
    -------
    Scenario
        A new scenario with the planned teams (no members, no services).

    Raises
    ------
    InputError
        ``n`` < 1 or a name clash with an existing team.

    See Also
    --------
    teamsim.reorg.suggest_ownership : Give the planned teams services.

    Examples
    --------
    >>> s = Scenario.model_validate({"services": [{"name": "x"}, {"name": "y"}, {"name": "z"}]})
    >>> [(t.name, t.capacity) for t in plan_teams(s, 2, slack=0).teams]
    [('team-1', 2.0), ('team-2', 2.0)]
    """
    if n < 1:
        raise InputError(f"--teams must be at least 1, got {n}")
    if slack < 0:
        raise InputError(f"slack must be >= 0, got {slack}")
    _check_memory(len(scenario.services), len(scenario.teams) + n, 0, exact=False,
                  entity=f"{n:,} planned teams")
    total = sum(1.0 if s.load is None else s.load for s in scenario.services)
    cap = float(math.ceil((1.0 + slack) * total / n - 1e-9))
    data = _data(scenario)
    have = {t["name"] for t in data.get("teams", [])}
    new = [f"{prefix}{i + 1}" for i in range(n)]
    clash = [x for x in new if x in have]
    if clash:
        raise InputError(f"planned team name {clash[0]!r} already exists",
                         hint="rename the existing team")
    data["teams"] = [*data.get("teams", []), *({"name": x, "capacity": cap} for x in new)]
    return Scenario.model_validate(data)


def _effective_ownership(scenario: Scenario, m: OwnershipMatrices) -> tuple[sp.csr_array, np.ndarray]:
    """Sparse ownership shares (services x teams); an orphan owned by a person belongs to their team(s)."""
    owned = m.owned.copy()
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    member_of: dict[str, list[int]] = {}
    for j, t in enumerate(scenario.teams):
        for p in t.members:
            member_of.setdefault(p, []).append(j)
    for i, svc in enumerate(scenario.services):
        ref = svc.unresolved_owner or ""
        if not owned[i] and ref.lower().startswith("user:") and member_of.get(ref[5:]):
            js = member_of[ref[5:]]
            rows += [i] * len(js)
            cols += js
            vals += [1.0 / len(js)] * len(js)
            owned[i] = True
    O0 = sp.csr_array(m.O + sp.csr_array((vals, (rows, cols)), shape=m.O.shape))
    O0.sum_duplicates()
    O0.eliminate_zeros()
    return O0, owned


def team_capacities(scenario: Scenario, *, max_load_per_person: float | None = None,
                    slack: float = 0.25, m: OwnershipMatrices | None = None) -> np.ndarray:
    """Each team's capacity (largest total service load) for :func:`suggest_ownership`.

    The team's ``capacity`` if set, else ``max_load_per_person x size`` if given,
    else ``(1 + slack) x (current load + unowned load / number of teams)``, where
    a service owned by a person counts in that person's team(s).

    Parameters
    ----------
    scenario : Scenario
        The organisation: services, dependencies, teams and members (left unchanged).
    max_load_per_person : float, optional
        Capacity per member for teams without a ``capacity``.
    slack : float, default 0.25
        Spare capacity above the current load.
    m : OwnershipMatrices, optional
        Precomputed :func:`teamsim.ownership.ownership_matrices` of the scenario.

    Returns
    -------
    numpy.ndarray of float, shape (T,)
        Capacity of each team, in scenario order, in units of service load.

    See Also
    --------
    teamsim.reorg.suggest_ownership : Respects these capacities.

    Examples
    --------
    >>> s = Scenario.model_validate({"services": [{"name": "x"}, {"name": "y", "load": 3}],
    ...     "teams": [{"name": "A", "services": ["x", "y"]}, {"name": "B", "services": ["x"],
    ...     "capacity": 1}]})
    >>> team_capacities(s, slack=0.5).tolist()
    [5.25, 1.0]
    """
    if slack < 0:
        raise InputError(f"slack must be >= 0, got {slack}")
    if max_load_per_person is not None and max_load_per_person < 0:
        raise InputError(f"max load per person must be >= 0, got {max_load_per_person}")
    m = m or ownership_matrices(scenario)
    O0, owned = _effective_ownership(scenario, m)
    cur = O0.T @ m.load if len(m.services) else np.zeros(len(m.teams))
    unowned = float(m.load[~owned].sum()) if len(m.services) else 0.0
    cap = (1.0 + slack) * (cur + unowned / max(len(m.teams), 1))
    if max_load_per_person is not None:
        cap = max_load_per_person * m.sizes.astype(float)
    for j, t in enumerate(scenario.teams):
        if t.capacity is not None:
            cap[j] = t.capacity
    return cap
