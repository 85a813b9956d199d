"""The ownership matrix ``O``, the dependency matrix ``D`` and the team dependency matrix ``M = O.T D O``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from teamsim.budget import check_memory
from teamsim.scenario import Scenario

__all__ = ["OwnershipMatrices", "ownership_matrices", "team_dependency_matrix"]


# ---------------------------------------------------------------------- matrices
@dataclass(frozen=True)
class OwnershipMatrices:
    """Index and sparse matrices of a scenario's ownership and dependencies.

    Attributes
    ----------
    services : list of str
        Row/column order of services (scenario order).
    teams : list of str
        Column order of teams (scenario order).
    O : scipy.sparse.csr_array, shape (S, T)
        Ownership shares; rows sum to 1 for owned services, 0 for unowned.
    D : scipy.sparse.csr_array, shape (S, S)
        ``D[u, v]`` = weight of "u depends on v".
    sizes : ndarray of int, shape (T,)
        Team sizes (members).
    load : ndarray of float, shape (S,)
        Service load (1 where none is given).
    src, dst, weight : ndarray, shape (E,)
        The dependency edge list behind ``D``.
    """

    services: list[str]
    teams: list[str]
    O: sp.csr_array  # noqa: E741
    D: sp.csr_array
    sizes: np.ndarray
    load: np.ndarray
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray

    @property
    def owned(self) -> np.ndarray:
        """Boolean mask of services with at least one owner team, shape (S,)."""
        return np.asarray(self.O.sum(axis=1)).ravel() > 0

    def primary_owner(self) -> np.ndarray:
        """Index of each service's largest owner (first team on ties), -1 if unowned."""
        O = self.O  # noqa: E741
        idx = np.full(O.shape[0], -1, np.int64)
        rows = np.flatnonzero(np.diff(O.indptr) > 0)
        if rows.size == 0:
            return idx
        starts = O.indptr[rows]
        best = np.maximum.reduceat(O.data, starts)
        counts = np.diff(O.indptr)[rows]
        cols = np.where(O.data == np.repeat(best, counts), O.indices, O.shape[1])
        idx[rows] = np.minimum.reduceat(cols, starts)
        return idx


def ownership_matrices(scenario: Scenario) -> OwnershipMatrices:
    """Build the ownership matrix ``O`` and dependency matrix ``D`` of a scenario.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the services, their dependencies and the owner teams.

    Returns
    -------
    OwnershipMatrices
        ``O``: services x teams ownership shares (rows sum to 1 for owned
        services, 0 for unowned), sparse, shape (S, T); ``D``: services x
        services dependency weights, sparse, shape (S, S); team sizes and loads.

    See Also
    --------
    team_dependency_matrix : The team x team dependencies they give.
    teamsim.ownership.modularity : The modularity of the ownership partition.

    Notes
    -----
    ``O[s, t] = w_st / sum_t' w_st'`` where ``w_st`` is the weight with which
    team t lists service s (1 for a plain name). O(S + T + E) to build.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"services": [{"name": "x"}], "teams": [
    ...     {"name": "A", "services": [{"name": "x", "weight": 3}]},
    ...     {"name": "B", "services": ["x"]}]})
    >>> ownership_matrices(s).O.toarray().tolist()
    [[0.75, 0.25]]
    """
    services = [s.name for s in scenario.services]
    teams = [t.name for t in scenario.teams]
    sidx = {n: i for i, n in enumerate(services)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for j, t in enumerate(scenario.teams):
        weights = t.service_weights
        rows.extend([sidx[name] for name in weights])
        cols.extend([j] * len(weights))
        vals.extend(weights.values())
    S, T = len(services), len(teams)
    O = sp.csr_array((np.asarray(vals, float), (np.asarray(rows, np.int64), np.asarray(cols, np.int64))),  # noqa: E741
                     shape=(S, T))
    rs = np.asarray(O.sum(axis=1)).ravel()
    inv = np.divide(1.0, rs, out=np.zeros_like(rs), where=rs > 0)
    O = sp.csr_array(sp.diags_array(inv) @ O)  # noqa: E741
    with_deps = [(i, s) for i, s in enumerate(scenario.services) if s.depends_on]
    src_a = np.repeat(np.array([i for i, _ in with_deps], np.int64),
                      [len(s.depends_on) for _, s in with_deps])
    dst_a = np.array([sidx[d] for _, s in with_deps for d in s.dependency_names], np.int64)
    w_a = np.array([w for _, s in with_deps for w in s.dependency_weights], float)
    D = sp.csr_array((w_a, (src_a, dst_a)), shape=(S, S))
    sizes = np.asarray([len(t.members) for t in scenario.teams], np.int64)
    load = np.asarray([1.0 if s.load is None else s.load for s in scenario.services], float)
    return OwnershipMatrices(services, teams, O, D, sizes, load, src_a, dst_a, w_a)


def team_dependency_matrix(scenario: Scenario | OwnershipMatrices) -> np.ndarray:
    """The team x team dependency matrix ``M = O.T @ D @ O``.

    Parameters
    ----------
    scenario : Scenario or OwnershipMatrices
        A scenario, or its precomputed :func:`ownership_matrices`.

    Returns
    -------
    ndarray, shape (T, T)
        ``M[a, b]``: dependency weight from services owned by team a onto
        services owned by team b; the diagonal is the weight staying inside.

    See Also
    --------
    ownership_matrices : The O and D matrices it multiplies.
    teamsim.ownership.congruence : Compares it with the coordination that happens.

    Notes
    -----
    Sparse products, O(E + nnz(M)); the dense result needs 8 T^2 bytes (refused over
    the ``max_memory_bytes`` limit: the reports themselves use the sparse matrix).
    Conway's law (Conway 1968) predicts that the off-diagonal entries need matching
    communication between the teams.

    References
    ----------
    .. [1] Conway, M. E., "How do committees invent?", Datamation 14(4), 28-31, 1968;
       the homomorphism between a system and its organisation's communication, p. 31
       (the paper has no numbered equations).
    .. [2] Cataldo, M. et al., "Identification of coordination requirements",
       CSCW 2006: the coordination requirements ``C_R = T_A T_D T_A^T`` (equation
       number not checked).

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"services": [{"name": "x", "depends_on": ["y"]},
    ...     {"name": "y"}], "teams": [{"name": "A", "services": ["x"]},
    ...     {"name": "B", "services": ["y"]}]})
    >>> team_dependency_matrix(s).tolist()
    [[0.0, 1.0], [0.0, 0.0]]
    """
    m = scenario if isinstance(scenario, OwnershipMatrices) else ownership_matrices(scenario)
    T = len(m.teams)
    check_memory(8 * T * T, params="teams", entity=f"dense team x team matrix of {T:,} teams")
    dense: npt.NDArray[np.float64] = _team_matrix(m).toarray()
    return dense


def _team_matrix(m: OwnershipMatrices) -> sp.csr_array:
    """``M = O.T @ D @ O`` as a sparse float matrix with sorted indices."""
    M = sp.csr_array(m.O.T @ m.D @ m.O, dtype=float)
    M.sum_duplicates()
    return M
