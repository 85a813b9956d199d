"""Organisation-wide ownership metrics: orphaned services, modularity of the ownership partition and
socio-technical congruence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import cast

import numpy as np
import scipy.sparse as sp

from teamsim.errors import InputError
from teamsim.ownership.matrices import OwnershipMatrices, _team_matrix, ownership_matrices
from teamsim.ownership.results import Congruence, OrphanedService
from teamsim.scenario import Scenario

__all__ = ["congruence", "modularity", "orphaned_services"]


# ---------------------------------------------------------------------- metrics
def orphaned_services(scenario: Scenario) -> list[OrphanedService]:
    """Services without a working owner team, each with the reason.

    Reasons: no team owns it (saying which unresolved owner the source named,
    if any), or every owner team has no members. The last reason is only
    given when the scenario has people at all: inputs without membership data
    (a CODEOWNERS file with a dependency list) do not make every team empty.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the services, their dependencies and the owner teams.

    Returns
    -------
    list of OrphanedService
        One entry per orphaned service, in declaration order: the service's name
        and the reason it has no working owner.

    See Also
    --------
    teamsim.ownership.ownership_report : Every ownership metric, orphans included.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"people": [{"name": "p"}], "services": [{"name": "x"},
    ...     {"name": "y", "unresolved_owner": "user:guest"}, {"name": "z"}],
    ...     "teams": [{"name": "Ghost", "services": ["z"]}]})
    >>> [(o.service, o.reason) for o in orphaned_services(s)]  # doctest: +NORMALIZE_WHITESPACE
    [('x', 'no owner'), ('y', "owner 'user:guest' is a person, not a team"),
     ('z', "owner team 'Ghost' has no members")]
    """
    return _orphans(scenario, ownership_matrices(scenario))


def _orphans(scenario: Scenario, m: OwnershipMatrices) -> list[OrphanedService]:
    """:func:`orphaned_services` on prebuilt matrices: only the orphans are visited in Python."""
    O = m.O  # noqa: E741
    n_owners = np.diff(O.indptr)
    staffed = (m.sizes > 0) | np.array([t.members_unknown for t in scenario.teams], bool)
    with_members = np.bincount(np.repeat(np.arange(len(n_owners)), n_owners),
                               weights=staffed[O.indices], minlength=len(n_owners))
    orphan = (n_owners == 0) | ((with_members == 0) & bool(scenario.people))
    out = []
    for i in np.flatnonzero(orphan).tolist():
        s = scenario.services[i]
        if n_owners[i]:
            ts = [m.teams[c] for c in O.indices[O.indptr[i]:O.indptr[i + 1]].tolist()]
            names = ", ".join(repr(t) for t in ts)
            reason = (f"owner team{'s' * (len(ts) > 1)} {names} "
                      f"{'have' if len(ts) > 1 else 'has'} no members")
        elif s.unresolved_owner:
            what = s.unresolved_owner
            kind = what.split(":", 1)[0].lower() if ":" in what else ""
            reason = (f"owner {what!r} is a person, not a team" if kind == "user"
                      else f"owner {what!r} does not resolve to a team")
        else:
            reason = "no owner"
        out.append(OrphanedService._trusted(service=s.name, reason=reason))
    return out


def modularity(scenario: Scenario | OwnershipMatrices) -> float | None:
    """Newman modularity of the ownership partition on the undirected service graph.

    Each service is put in the community of its primary owner (largest share);
    an unowned service is a community of its own. The graph is ``A = D + D.T``
    (weights of both directions added).

    Parameters
    ----------
    scenario : Scenario or OwnershipMatrices
        A scenario, or its precomputed :func:`ownership_matrices`.

    Returns
    -------
    float or None
        Q in [-1/2, 1); None when there are no dependencies or no service is
        owned (no ownership partition to measure).

    See Also
    --------
    teamsim.ownership.ownership_report : Reports modularity with the other ownership metrics.
    ownership_matrices : The matrices it is computed from.

    Notes
    -----
    .. math:: Q = \\frac{1}{2m} \\sum_{ij} \\Big(A_{ij} - \\frac{k_i k_j}{2m}\\Big)
              \\delta(c_i, c_j) = \\frac{\\operatorname{tr}(C^\\top A C)}{2m}
              - \\frac{\\lVert C^\\top k \\rVert^2}{(2m)^2}

    with C the services x communities indicator matrix (Newman 2006, eq. 2);
    O(E + S). Equals :func:`networkx.community.modularity` on the same graph.

    References
    ----------
    .. [1] Newman, M. E. J., "Modularity and community structure in networks",
       PNAS 103(23), 2006, eq. 2.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"services": [{"name": "x", "depends_on": ["y"]},
    ...     {"name": "y"}], "teams": [{"name": "A", "services": ["x", "y"]}]})
    >>> modularity(s)
    0.0
    """
    m = scenario if isinstance(scenario, OwnershipMatrices) else ownership_matrices(scenario)
    if not m.owned.any():
        return None
    return _modularity(m, m.primary_owner())


def _modularity(m: OwnershipMatrices, comm: np.ndarray) -> float | None:
    S = len(m.services)
    total = float(m.weight.sum())
    if total <= 0:
        return None
    comm = comm.copy()
    lone = comm < 0
    comm[lone] = len(m.teams) + np.arange(int(lone.sum()))
    two_m = 2.0 * total
    k = np.zeros(S)
    np.add.at(k, m.src, m.weight)
    np.add.at(k, m.dst, m.weight)
    inside = float(m.weight[comm[m.src] == comm[m.dst]].sum()) * 2.0
    kc = np.bincount(comm, weights=k)
    return inside / two_m - float((kc ** 2).sum()) / two_m ** 2


def _edge_overlap(m: OwnershipMatrices) -> np.ndarray:
    """Per edge: probability that both ends share an owner, ``o_u . o_v``."""
    if not len(m.src):
        return np.zeros(0)
    return np.asarray(m.O[m.src].multiply(m.O[m.dst]).sum(axis=1)).ravel()


def _pair(p: frozenset[str]) -> tuple[str, str]:
    """A team pair as a sorted tuple (the pairs hold two distinct team names)."""
    return cast("tuple[str, str]", tuple(sorted(p)))


def _pairs(scenario: Scenario, actual: Iterable[Sequence[str]] | None) -> set[frozenset[str]]:
    teams = {t.name for t in scenario.teams}
    if actual is None:
        return {frozenset((t.name, x.team)) for t in scenario.teams for x in t.interactions}
    out = set()
    for pair in actual:
        a, b = pair[0], pair[1]
        for x in (a, b):
            if x not in teams:
                raise InputError(f"unknown team {x!r} in team interactions", entity=f"team {x!r}",
                                 hint=f"choose among: {', '.join(sorted(teams))}")
        if a != b:
            out.add(frozenset((a, b)))
    return out


def congruence(scenario: Scenario, actual: Iterable[Sequence[str]] | None = None, *,
               matrix: np.ndarray | None = None) -> Congruence:
    """Socio-technical congruence: share of required team coordination that happens.

    Coordination is required between teams a and b when services of one depend
    on services of the other (``M[a, b] + M[b, a] > 0`` for ``M = O.T D O``).
    Actual coordination is the set of interacting team pairs: ``actual`` (pairs
    of team names, e.g. observed from chat or code review) or, by default, the
    teams' declared ``interactions``.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the services, their dependencies and the owner teams.
    actual : iterable of (str, str), optional
        Observed interacting team pairs (order ignored).
    matrix : ndarray or scipy sparse array, shape (T, T), optional
        A precomputed :func:`team_dependency_matrix`.

    Returns
    -------
    Congruence

    Raises
    ------
    InputError
        When ``actual`` names an unknown team.

    See Also
    --------
    teamsim.ownership.ownership_report : Reports congruence with the other ownership metrics.
    teamsim.ownership.team_dependency_matrix : The coordination the dependencies require.

    Notes
    -----
    .. math:: \\mathrm{congruence} = \\frac{|C_R \\wedge C_A|}{|C_R|}

    Cataldo et al. (2006; 2008) at person level with
    ``C_R = T_A T_D T_A^T``; here at team level with ``C_R = O^T D O``
    symmetrised. O(T^2).

    References
    ----------
    .. [1] Cataldo, M., Wagstrom, P., Herbsleb, J. D., Carley, K. M.,
       "Identification of coordination requirements", CSCW 2006: the
       coordination requirements ``C_R = T_A T_D T_A^T`` (equation number not checked).
    .. [2] Cataldo, M., Herbsleb, J. D., Carley, K. M., "Socio-technical
       congruence", ESEM 2008: congruence ``|diff(C_R, C_A)| / |C_R|`` (equation number
       not checked).

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"services": [{"name": "x", "depends_on": ["y"]},
    ...     {"name": "y"}], "teams": [{"name": "A", "services": ["x"]},
    ...     {"name": "B", "services": ["y"]}]})
    >>> congruence(s).congruence, congruence(s, [("A", "B")]).congruence
    (0.0, 1.0)
    """
    M = _team_matrix(ownership_matrices(scenario)) if matrix is None else sp.csr_array(matrix)
    names = [t.name for t in scenario.teams]
    R = sp.triu(M + M.T, k=1, format="coo")
    keep = R.data > 0
    ia, ib, rw = R.row[keep], R.col[keep], R.data[keep]
    order = np.lexsort((ib, ia))
    have = _pairs(scenario, actual)
    required = {frozenset((names[a], names[b])): w
                for a, b, w in zip(ia[order].tolist(), ib[order].tolist(), rw[order].tolist())}
    covered = [p for p in required if p in have]
    total_w = sum(required.values())
    return Congruence(
        required=len(required), covered=len(covered),
        congruence=len(covered) / len(required) if required else None,
        weighted_congruence=sum(required[p] for p in covered) / total_w if total_w else None,
        missing=sorted(_pair(p) for p in required if p not in have),
        unneeded=sorted(_pair(p) for p in have if p not in required),
    )
