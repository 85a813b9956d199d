"""Shared pieces of the reorganisation what-ifs: scenario edits, the dependency graph, the objective,
the memory estimate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import scipy.sparse as sp

from teamsim.budget import check_memory
from teamsim.ownership import OwnershipMatrices
from teamsim.scenario import Scenario


def _data(scenario: Scenario) -> dict[str, Any]:
    return scenario.model_dump(mode="json", exclude_defaults=True)


def _keep(t: Mapping[str, Any]) -> bool:
    """A team survives a change if it still has members, services or a capacity."""
    return bool(t.get("members") or t.get("services") or t.get("capacity") is not None)


def _prune_interactions(data: dict[str, Any]) -> None:
    kept = {t["name"] for t in data["teams"]}
    for t in data["teams"]:
        t["interactions"] = [x for x in t.get("interactions", []) if x["team"] in kept]


def _entry_name(x: str | Mapping[str, str]) -> str:
    return x if isinstance(x, str) else x["name"]


def _check_memory(S: int, T: int, E: int, *, exact: bool, entity: str) -> None:
    """Refuse a reorganisation of S services, T teams and E dependencies that would not fit.

    The estimate (bytes) counts the dense team x team matrices of the ownership reports
    before and after (24 T^2), the local search's per-service and per-dependency arrays
    (400 (S + E): the dependency graph, the candidate (service, team) pairs it sorts, the
    ownership shares; no services x teams array) and, for the exact method, the integer
    program's (S + E) T variables (5,000 bytes each: HiGHS's model, presolve and search
    tree, measured 4,000-4,600 on random graphs with 100-200 services and teams).
    """
    need = 24 * T * T + 400 * (S + E) + (5_000 * (S + E) * T if exact else 0)
    check_memory(need, params="teams and services" + (" (exact method)" if exact else ""), entity=entity)


def _undirected(m: OwnershipMatrices) -> sp.csr_array:
    A = (m.D + m.D.T).tocsr()
    A.setdiag(0)
    A.eliminate_zeros()
    return sp.csr_array(A)


def _ranges(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions ``indptr[r]:indptr[r + 1]`` of each of ``rows``, concatenated, and each one's row index.

    Examples
    --------
    >>> _ranges(np.array([0, 2, 2, 5]), np.array([2, 0]))
    (array([2, 3, 4, 0, 1]), array([0, 0, 0, 1, 1]))
    """
    rows = np.asarray(rows, np.int64)
    lo = indptr[rows]
    n = indptr[rows + 1] - lo
    start = np.cumsum(n) - n
    pos = np.arange(int(n.sum())) - np.repeat(start - lo, n)
    return pos, np.repeat(np.arange(len(rows)), n)


def _shares_at(O0: sp.csr_array, assign: np.ndarray) -> np.ndarray:
    """``O0[s, assign[s]]`` for every service s (0 where it has no share there), in O(nnz) memory."""
    rows = np.repeat(np.arange(O0.shape[0]), np.diff(O0.indptr))
    hit = O0.indices == assign[rows]
    out = np.zeros(O0.shape[0])
    out[rows[hit]] = O0.data[hit]
    return out


def _primary(O0: sp.csr_array) -> np.ndarray:
    """Each row's column of largest share (the lowest on ties; 0 for an empty row), like a dense argmax."""
    rows = np.repeat(np.arange(O0.shape[0]), np.diff(O0.indptr))
    order = np.lexsort((O0.indices, -O0.data, rows))
    r = rows[order]
    first = np.ones(len(r), bool)
    first[1:] = r[1:] != r[:-1]
    out = np.zeros(O0.shape[0], np.int64)
    out[r[first]] = O0.indices[order][first]
    return out


def _objective(assign: np.ndarray, A: sp.csr_array, O0: sp.csr_array, owned: np.ndarray,
               lam: float) -> tuple[float, float, float]:
    coo = sp.triu(A, k=1).tocoo()
    cross = float(coo.data[assign[coo.row] != assign[coo.col]].sum())
    moved = float((1.0 - _shares_at(O0, assign))[owned].sum())
    return cross + lam * moved, cross, moved
