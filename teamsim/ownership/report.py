"""The ownership report of one scenario: every metric per team and for the organisation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from teamsim._gc import gc_paused
from teamsim.communication import TWO_PIZZA_LIMIT, communication_paths, two_pizza
from teamsim.errors import InputError
from teamsim.ownership.matrices import OwnershipMatrices, _team_matrix, ownership_matrices
from teamsim.ownership.metrics import _edge_overlap, _modularity, _orphans, congruence
from teamsim.ownership.results import OwnershipReport, SharedService, TeamDependency, TeamOwnership
from teamsim.scenario import Scenario

__all__ = ["ownership_report"]


def ownership_report(scenario: Scenario, *, two_pizza_limit: int = TWO_PIZZA_LIMIT,
                     interactions: Iterable[Sequence[str]] | None = None,
                     team_dependencies: bool = True) -> OwnershipReport:
    """All ownership and Conway-alignment metrics of a scenario.

    Parameters
    ----------
    scenario : Scenario
        The scenario holding the services, their dependencies and the owner teams.
    two_pizza_limit : int, default 9
        Largest two-pizza team.
    interactions : iterable of (str, str), optional
        Observed team interactions for congruence; by default the teams'
        declared ``interactions`` are used when any team declares some.
    team_dependencies : bool, default True
        List the off-diagonal entries of ``M`` (can be long for large orgs).

    Returns
    -------
    OwnershipReport

    See Also
    --------
    teamsim.ownership.ownership_analysis : The report of merged sources, with history.
    congruence : Socio-technical congruence.
    teamsim.ownership.modularity : Newman modularity.

    Notes
    -----
    Per dependency u -> v with weight w and both ends owned, the cross-team
    share is ``w (1 - o_u . o_v)`` (exactly w or 0 with one owner per service);
    ``cross_team_ratio`` divides by the weight of dependencies whose two ends
    are owned. Dependencies touching an unowned service are counted apart.
    O(E + S + T^2) with sparse products.

    References
    ----------
    .. [1] Skelton, M., Pais, M., *Team Topologies*, IT Revolution, 2019, ch. 3
       "Team-First Thinking" (team size, cognitive load; the book has no equations).
    .. [2] Conway, M. E., "How do committees invent?", Datamation 14(4), 28-31, 1968, p. 31
       (no numbered equations).

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"services": [{"name": "x", "depends_on": ["y"]},
    ...     {"name": "y"}], "teams": [{"name": "A", "services": ["x"]},
    ...     {"name": "B", "services": ["y"]}]})
    >>> r = ownership_report(s)
    >>> r.orphaned, r.cross_team_count, r.modularity
    ([], 1.0, -0.5)
    """
    if two_pizza_limit < 1:
        raise InputError(f"two-pizza limit must be at least 1, got {two_pizza_limit}",
                         hint="give --two-pizza-limit 9 or another positive size")
    with gc_paused():  # millions of small acyclic results: collections would dominate
        return _report(scenario, two_pizza_limit, interactions, team_dependencies)


def _report(scenario: Scenario, two_pizza_limit: int, interactions: Iterable[Sequence[str]] | None,
            team_dependencies: bool) -> OwnershipReport:
    m = ownership_matrices(scenario)
    owned = m.owned
    M = _team_matrix(m)
    both = owned[m.src] & owned[m.dst] if len(m.src) else np.zeros(0, bool)
    cross = (1.0 - _edge_overlap(m)) * both
    cross_w = float((cross * m.weight).sum())
    both_w = float(m.weight[both].sum())
    off = sp.csr_array(M - sp.diags_array(M.diagonal()))
    off.data[off.data <= 0] = 0
    off.eliminate_zeros()
    teams_out = _team_rows(scenario, m, M, off, two_pizza_limit)
    deps = _team_dependencies(m, off) if team_dependencies else []
    declared = any(t.interactions for t in scenario.teams)
    cong = (congruence(scenario, interactions, matrix=M)
            if interactions is not None or declared else None)
    people = len({p for t in scenario.teams for p in t.members})
    if not len(m.src) or float(m.weight.sum()) <= 0:
        mod, mod_note = None, "no dependencies"
    elif not owned.any():
        mod, mod_note = None, "no service is owned, so there is no ownership partition"
    else:
        mod, mod_note = _modularity(m, m.primary_owner()), None
    # every field below is computed here from validated input: no second validation
    return OwnershipReport._trusted(
        scenario=scenario.name, services=len(m.services), teams_count=len(m.teams), people=people,
        dependencies=len(m.src), dependency_weight=float(m.weight.sum()),
        cross_team_count=float(cross.sum()), cross_team_edges=int((cross > 1e-12).sum()),
        cross_team_dependencies=cross_w,
        cross_team_ratio=cross_w / both_w if both_w > 0 else None,
        unowned_endpoint_dependencies=int((~both).sum()),
        modularity=mod, modularity_note=mod_note,
        orphaned=_orphans(scenario, m), shared=_shared(m), teams=teams_out, team_dependencies=deps,
        congruence=cong, warnings=_team_warnings(teams_out, two_pizza_limit, bool(scenario.people)))


def _team_rows(scenario: Scenario, m: OwnershipMatrices, M: sp.csr_array, off: sp.csr_array,
               limit: int) -> list[TeamOwnership]:
    """One :class:`TeamOwnership` per team, from the sparse team matrix (no re-validation)."""
    T = len(m.teams)
    diag = M.diagonal()
    out_w = np.asarray(off.sum(axis=1)).ravel() if T else np.zeros(0)
    in_w = np.asarray(off.sum(axis=0)).ravel() if T else np.zeros(0)
    load = np.asarray(m.O.T @ m.load).ravel() if len(m.services) else np.zeros(T)
    shares = np.asarray(m.O.sum(axis=0)).ravel() if len(m.services) else np.zeros(T)
    tot = diag + out_w + in_w
    Oc = sp.csc_array(m.O)
    Oc.sort_indices()
    offc = sp.csc_array(off)
    offc.sort_indices()
    off.sort_indices()
    services = np.array(m.services, dtype=object)
    teams = np.array(m.teams, dtype=object)
    paths = communication_paths(m.sizes).tolist()
    pizza: dict[int, bool] = {}
    known = bool(scenario.people)
    rows = []
    for j, t in enumerate(scenario.teams):
        size = int(m.sizes[j])
        if size not in pizza:
            pizza[size] = two_pizza(size, limit).ok
        dep_on = teams[off.indices[off.indptr[j]:off.indptr[j + 1]]].tolist()
        dep_by = teams[offc.indices[offc.indptr[j]:offc.indptr[j + 1]]].tolist()
        rows.append(TeamOwnership._trusted(
            name=t.name, type=t.type, size=size, communication_paths=paths[j],
            two_pizza=pizza[size] if size or (known and not t.members_unknown) else None,
            members_unknown=t.members_unknown and not size,
            services=services[Oc.indices[Oc.indptr[j]:Oc.indptr[j + 1]]].tolist(),
            services_owned=float(shares[j]), load=float(load[j]),
            load_per_person=float(load[j]) / size if size else None,
            internal_dependencies=float(diag[j]), outgoing=float(out_w[j]), incoming=float(in_w[j]),
            cross_team_dependencies=float(out_w[j] + in_w[j]),
            cohesion=float(diag[j] / tot[j]) if tot[j] > 0 else None,
            depends_on=dep_on, depended_on_by=dep_by,
            efferent_coupling=len(dep_on), afferent_coupling=len(dep_by)))
    return rows


def _team_dependencies(m: OwnershipMatrices, off: sp.csr_array) -> list[TeamDependency]:
    """The off-diagonal entries of ``M`` in row-major order (no re-validation)."""
    coo = off.tocoo()
    order = np.lexsort((coo.col, coo.row))
    teams = np.array(m.teams, dtype=object)
    src = teams[coo.row[order]].tolist()
    dst = teams[coo.col[order]].tolist()
    return TeamDependency._trusted_many({"source": a, "target": b, "weight": w}
                                        for a, b, w in zip(src, dst, coo.data[order].tolist()))


def _shared(m: OwnershipMatrices) -> list[SharedService]:
    """Services with more than one owner team and their shares."""
    out = []
    O = m.O  # noqa: E741
    for i in np.flatnonzero(np.diff(O.indptr) > 1).tolist():
        cols = O.indices[O.indptr[i]:O.indptr[i + 1]].tolist()
        vals = O.data[O.indptr[i]:O.indptr[i + 1]].tolist()
        out.append(SharedService._trusted(service=m.services[i],
                                                 owners={m.teams[c]: v for c, v in zip(cols, vals)}))
    return out


def _team_warnings(teams: list[TeamOwnership], limit: int, people_known: bool) -> list[str]:
    """Over-size teams and teams that own services without members."""
    warnings = []
    for t in teams:
        if t.two_pizza is False:
            warnings.append(f"team {t.name} has {t.size} people, over the two-pizza limit of {limit}")
        if t.size == 0 and t.services and people_known and not t.members_unknown:
            n = len(t.services)
            warnings.append(f"team {t.name} owns {n} service{'s' * (n != 1)} but has no members")
    return warnings
