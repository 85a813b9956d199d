"""Shared pieces of the reorganisation what-ifs: scenario edits, the dependency graph, the objective,
the memory estimate."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from teamsim.budget import check_memory
from teamsim.ownership import OwnershipMatrices
from teamsim.scenario import Scenario


def _data(scenario: Scenario) -> dict:
    return scenario.model_dump(mode="json", exclude_defaults=True)


def _keep(t: dict) -> bool:
    """A team survives a change if it still has members, services or a capacity."""
    return bool(t.get("members") or t.get("services") or t.get("capacity") is not None)


def _prune_interactions(data: dict) -> None:
    kept = {t["name"] for t in data["teams"]}
    for t in data["teams"]:
        t["interactions"] = [x for x in t.get("interactions", []) if x["team"] in kept]


def _entry_name(x) -> str:
    return x if isinstance(x, str) else x["name"]


def _check_memory(S: int, T: int, E: int, *, exact: bool, entity: str) -> None:
    """Refuse a reorganisation of S services, T teams and E dependencies that would not fit.

    The estimate (bytes) counts the dense team x team matrices of the ownership reports
    before and after (24 T^2), the dense service x team arrays of the local search
    (32 S T) and, for the exact method, the integer program's (S + E) T variables
    (5,000 bytes each: HiGHS's model, presolve and search tree, measured 4,000-4,600 on
    random graphs with 100-200 services and teams).
    """
    need = 24 * T * T + 32 * S * T + (5_000 * (S + E) * T if exact else 0)
    check_memory(need, params="teams and services" + (" (exact method)" if exact else ""), entity=entity)


def _undirected(m: OwnershipMatrices) -> sp.csr_array:
    A = (m.D + m.D.T).tocsr()
    A.setdiag(0)
    A.eliminate_zeros()
    return sp.csr_array(A)


def _objective(assign: np.ndarray, A: sp.csr_array, O0: np.ndarray, owned: np.ndarray,
               lam: float) -> tuple[float, float, float]:
    coo = sp.triu(A, k=1).tocoo()
    cross = float(coo.data[assign[coo.row] != assign[coo.col]].sum())
    idx = np.arange(len(assign))
    moved = float((1.0 - O0[idx, assign])[owned].sum())
    return cross + lam * moved, cross, moved
