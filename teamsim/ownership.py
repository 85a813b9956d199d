"""Service ownership and Conway alignment: who owns what, and what the dependencies cost.

"You build it, you run it": every service should have exactly one owning team
that has people in it. This module measures a scenario's ownership against its
service dependency graph:

* **orphaned services** (no owner, an owner that does not resolve to a team, an
  owner team with no members) and **shared ownership** (several owner teams);
* per team: size, communication paths n(n-1)/2 and two-pizza status
  (:mod:`teamsim.communication`), services owned, load per person,
  **cohesion** (share of its services' dependency weight that stays inside the
  team), **coupling** (teams it depends on / teams depending on it) and its
  cross-team dependencies;
* for the organisation: cross-team dependency count and ratio, the
  **modularity** of the ownership partition on the service graph (Newman 2006),
  the **team dependency matrix** :math:`M = O^\\top D O` and
  **socio-technical congruence** (Cataldo et al. 2006, 2008) against declared
  or observed team interactions;
* ownership inferred from version-control history (Bird et al. 2011).

Matrices
--------
``O`` is the services x teams ownership matrix: ``O[s, t]`` is team t's share
of service s (its weight over the sum of weights of s's owners; a row is all
zero for a service no team owns). ``D`` is the services x services dependency
matrix: ``D[u, v] = w`` when u depends on v with weight w. Then
``M = O.T @ D @ O`` is the team x team dependency matrix: ``M[a, b]`` is the
dependency weight from services of a onto services of b, ``M[a, a]`` the weight
that stays inside a. With fractional (shared) ownership these are expected
values; with one owner per service they are exact counts.

Everything is computed with :mod:`scipy.sparse`; 5,000 services, 500 teams and
50,000 dependencies take well under a second (``benchmarks/bench_ownership.py``).

Examples
--------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({
...     "people": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
...     "teams": [{"name": "A", "members": ["a", "b"], "services": ["web", "api"]},
...               {"name": "B", "members": ["c"], "services": ["db"]}],
...     "services": [{"name": "web", "depends_on": ["api"]},
...                  {"name": "api", "depends_on": ["db"]}, {"name": "db"}]})
>>> r = ownership_report(s)
>>> r.cross_team_dependencies, r.cross_team_ratio, r.teams[0].cohesion
(1.0, 0.5, 0.5)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
from pydantic import Field

from teamsim._gc import gc_paused
from teamsim._results import Result
from teamsim.budget import check_memory
from teamsim.communication import TWO_PIZZA_LIMIT, communication_paths, two_pizza
from teamsim.errors import InputError
from teamsim.importers._result import ImportWarning
from teamsim.importers.backstage import CatalogGroup
from teamsim.scenario import Scenario

if TYPE_CHECKING:
    from teamsim.history_owners import HistoryOwners
    from teamsim.importers import ReadResult
    from teamsim.importers.git import GitLog

__all__ = [
    "Congruence",
    "ModuleOwnership",
    "OrphanedService",
    "OwnershipMatrices",
    "OwnershipReport",
    "SharedService",
    "TeamDependency",
    "TeamOwnership",
    "OwnershipAnalysis",
    "OwnerConflict",
    "congruence",
    "declared_owners",
    "infer_ownership",
    "modularity",
    "orphaned_services",
    "ownership_matrices",
    "ownership_analysis",
    "ownership_report",
    "service_folders",
    "service_history",
    "team_dependency_matrix",
]


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
    modularity : The modularity of the ownership partition.

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
    congruence : Compares it with the coordination that happens.

    Notes
    -----
    Sparse products, O(E + nnz(M)); the dense result needs 8 T^2 bytes (refused over
    the ``max_memory_bytes`` limit: the reports themselves use the sparse matrix).
    Conway's law (Conway 1968) predicts that the off-diagonal entries need matching
    communication between the teams.

    References
    ----------
    .. [1] Conway, M. E., "How do committees invent?", Datamation 14(4), 1968.
    .. [2] Cataldo, M. et al., "Identification of coordination requirements",
       CSCW 2006, eq. 1 (``C_R = T_A D T_A^T``).

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
    return _team_matrix(m).toarray()


def _team_matrix(m: OwnershipMatrices) -> sp.csr_array:
    """``M = O.T @ D @ O`` as a sparse float matrix with sorted indices."""
    M = sp.csr_array(m.O.T @ m.D @ m.O, dtype=float)
    M.sum_duplicates()
    return M


# ---------------------------------------------------------------------- results
class OrphanedService(Result):
    """A service without a working owner team, and why."""

    service: str
    reason: str


class SharedService(Result):
    """A service with more than one owner team; ``owners`` maps team to share (sums to 1)."""

    service: str
    owners: dict[str, float]


class TeamOwnership(Result):
    """Ownership metrics of one team.

    Attributes
    ----------
    services : list of str
        Services the team owns (any share).
    services_owned : float
        Sum of its ownership shares (a service shared half-half counts 0.5).
    load, load_per_person : float
        Sum of share x service load; divided by size (None for an empty team).
    internal_dependencies : float
        Dependency weight between its own services (``M[a, a]``).
    outgoing, incoming : float
        Dependency weight from its services onto other teams' and back.
    cross_team_dependencies : float
        ``outgoing + incoming``.
    cohesion : float or None
        ``internal / (internal + outgoing + incoming)``; None without edges.
    depends_on, depended_on_by : list of str
        Teams it depends on (efferent coupling) and that depend on it (afferent).
    two_pizza : bool or None
        Size within the two-pizza limit; None when the inputs give no members at
        all (e.g. CODEOWNERS with a dependency CSV), as the size is unknown.
    members_unknown : bool
        The source named the team but not its members (a Backstage owner that is
        not a Group entity): size 0 means "unknown", never "empty".
    """

    name: str
    type: str | None
    # a field with a title is a metric: reorganisation what-ifs compare it before and after
    # (teamsim.reorg.compare_reports) and figures and pages show it under its title
    size: int = Field(title="size")
    communication_paths: int = Field(title="communication paths")
    two_pizza: bool | None = Field(title="two-pizza team")
    members_unknown: bool = False
    services: list[str]
    services_owned: float = Field(title="services owned")
    load: float = Field(title="load")
    load_per_person: float | None = Field(title="load per person")
    internal_dependencies: float = Field(title="internal dependencies")
    outgoing: float
    incoming: float
    cross_team_dependencies: float = Field(title="cross-team dependency weight")
    cohesion: float | None = Field(title="cohesion")
    depends_on: list[str]
    depended_on_by: list[str]
    efferent_coupling: int = Field(title="efferent coupling (depends on)")
    afferent_coupling: int = Field(title="afferent coupling (depended on)")


class TeamDependency(Result):
    """One off-diagonal entry of the team dependency matrix ``M = O.T D O``."""

    source: str
    target: str
    weight: float


class Congruence(Result):
    """Socio-technical congruence between required and actual team coordination.

    Attributes
    ----------
    required : int
        Unordered team pairs whose services depend on each other.
    covered : int
        Required pairs that do interact.
    congruence : float or None
        ``covered / required`` (None when nothing is required).
    weighted_congruence : float or None
        The same with each pair weighted by its dependency weight.
    missing : list of [str, str]
        Required pairs without an interaction (coordination gaps).
    unneeded : list of [str, str]
        Interacting pairs without a dependency between them.
    """

    required: int
    covered: int
    congruence: float | None
    weighted_congruence: float | None
    missing: list[tuple[str, str]]
    unneeded: list[tuple[str, str]]


class OwnershipReport(Result):
    """Everything ``teamsim ownership`` shows for one scenario.

    ``cross_team_count`` is the expected number of cross-team dependencies
    (fractional under shared ownership: an edge counts ``1 - o_u . o_v``);
    ``cross_team_edges`` the integer number of dependencies with a cross-team
    share at all. ``modularity`` is None, with ``modularity_note`` saying why,
    when there are no dependencies or no service is owned.

    JSON shape (stable; extra keys may be added)::

        {"scenario", "services", "teams_count", "people", "dependencies",
         "dependency_weight", "cross_team_count", "cross_team_dependencies",
         "cross_team_edges", "cross_team_ratio", "unowned_endpoint_dependencies",
         "modularity", "modularity_note",
         "orphaned": [{"service", "reason"}], "shared": [{"service", "owners"}],
         "teams": [TeamOwnership], "team_dependencies": [{"source", "target", "weight"}],
         "congruence": Congruence | null, "warnings": [str]}
    """

    # a field with a title is a metric (see TeamOwnership); a list counts its items and
    # congruence its ``congruence`` value
    scenario: str | None
    services: int = Field(title="services")
    teams_count: int = Field(title="teams")
    people: int = Field(title="people")
    dependencies: int = Field(title="service dependencies")
    dependency_weight: float
    cross_team_count: float = Field(title="cross-team dependencies (count)")
    cross_team_dependencies: float = Field(title="cross-team dependency weight")
    cross_team_edges: int = Field(title="cross-team edges")
    cross_team_ratio: float | None = Field(title="cross-team share of weight")
    unowned_endpoint_dependencies: int
    modularity: float | None = Field(title="modularity")
    modularity_note: str | None = None
    orphaned: list[OrphanedService] = Field(title="orphaned services")
    shared: list[SharedService] = Field(title="shared services")
    teams: list[TeamOwnership]
    team_dependencies: list[TeamDependency]
    congruence: Congruence | None = Field(title="socio-technical congruence")
    warnings: list[str]


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
    ownership_report : Every ownership metric, orphans included.

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
    ownership_report : Reports modularity with the other ownership metrics.
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
    ownership_report : Reports congruence with the other ownership metrics.
    team_dependency_matrix : The coordination the dependencies require.

    Notes
    -----
    .. math:: \\mathrm{congruence} = \\frac{|C_R \\wedge C_A|}{|C_R|}

    Cataldo et al. (2006, eq. 1-2; 2008) at person level with
    ``C_R = T_A T_D T_A^T``; here at team level with ``C_R = O^T D O``
    symmetrised. O(T^2).

    References
    ----------
    .. [1] Cataldo, M., Wagstrom, P., Herbsleb, J. D., Carley, K. M.,
       "Identification of coordination requirements", CSCW 2006.
    .. [2] Cataldo, M., Herbsleb, J. D., Carley, K. M., "Socio-technical
       congruence", ESEM 2008.

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
        missing=sorted(tuple(sorted(p)) for p in required if p not in have),
        unneeded=sorted(tuple(sorted(p)) for p in have if p not in required),
    )


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
    ownership_analysis : The report of merged sources, with history.
    congruence : Socio-technical congruence.
    modularity : Newman modularity.

    Notes
    -----
    Per dependency u -> v with weight w and both ends owned, the cross-team
    share is ``w (1 - o_u . o_v)`` (exactly w or 0 with one owner per service);
    ``cross_team_ratio`` divides by the weight of dependencies whose two ends
    are owned. Dependencies touching an unowned service are counted apart.
    O(E + S + T^2) with sparse products.

    References
    ----------
    .. [1] Skelton, M., Pais, M., *Team Topologies*, IT Revolution, 2019.
    .. [2] Conway, M. E., "How do committees invent?", Datamation, 1968.

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


# ---------------------------------------------------------------------- git history
class ModuleOwnership(Result):
    """Ownership of one module inferred from its change history (Bird et al. 2011).

    Attributes
    ----------
    module : str
    owner : str or None
        Team whose members made the largest share of the changes (None when no
        change author belongs to a team).
    share : float
        The owner's share of all changes to the module, in [0, 1].
    changes : float
        Total changes (commits, or lines added + deleted).
    team_shares : dict of str to float
        Every team's share; authors in no team are under ``"(no team)"``.
    contributors, major_contributors, minor_contributors : int
        Authors; those with >= 5 % and < 5 % of the changes (Bird et al.'s
        threshold).
    top_author : str or None
        The author with the most changes, and ``top_author_share`` their share:
        Bird et al.'s individual "ownership" measure.
    declared_owners : list of str
        The teams the scenario names as the owners of this module's service
        (:func:`service_history`; empty from :func:`infer_ownership`).
    """

    module: str
    owner: str | None
    share: float
    changes: float
    team_shares: dict[str, float]
    contributors: int
    major_contributors: int
    minor_contributors: int
    top_author: str | None = None
    top_author_share: float = 0.0
    declared_owners: list[str] = []


NO_TEAM = "(no team)"
_MISSING = object()


def _module_of(modules: Mapping[str, str] | Callable[[str], str | None]) -> Callable[[str], str | None]:
    """The longest-prefix lookup ``path -> module`` of a prefix mapping, O(path depth) per path.

    A prefix ``p`` (``/`` stripped at both ends) covers ``path`` when the path is ``p``
    or lies below it; of several prefixes the longest wins, and of prefixes that are
    equal after stripping the first given. The lookup walks the path's own folder
    prefixes from the longest upward in a dict, instead of scanning every prefix.
    """
    if callable(modules):
        return modules
    index: dict[str, str | None] = {}
    for p, mod in modules.items():
        index.setdefault(p.strip("/"), mod)
    root = index.pop("", None)

    def find(path: str) -> str | None:
        path = path.lstrip("/")
        end = len(path)
        while end > 0:
            mod = index.get(path[:end], _MISSING)
            if mod is not _MISSING:
                return mod  # type: ignore[return-value]
            end = path.rfind("/", 0, end)
        return root

    return find


def infer_ownership(commits: Iterable, modules: Mapping[str, str] | Callable[[str], str | None],
                    membership: Mapping[str, str | Sequence[str]] | Scenario, *,
                    measure: str = "commits", minor_threshold: float = 0.05) -> list[ModuleOwnership]:
    """Infer each module's owner team from version-control history.

    A module's owner is the team whose members made the largest share of its
    changes ("Don't touch my code!", Bird et al. 2011), reported with that share.

    Parameters
    ----------
    commits : iterable of commit-like objects
        Each with ``.author`` and ``.changes``, a list of objects with ``.path``,
        ``.added`` and ``.deleted`` (int or None for binary files), e.g. the
        commits of :func:`teamsim.importers.git.parse_git_log`.
    modules : mapping of path prefix to module, or callable
        ``{"src/cart": "cartservice"}`` (longest prefix wins; ``""`` matches
        everything) or a function ``path -> module or None``. Paths that map to
        no module are ignored.
    membership : mapping of author to team(s), or Scenario
        An author in several teams credits each team equally; with a scenario,
        authors are matched to team members by name.
    measure : {"commits", "lines"}, default "commits"
        Count one change per commit and module (Bird et al.) or the lines added
        plus deleted (a binary change counts 1).
    minor_threshold : float, default 0.05
        Authors below this share are minor contributors.

    Returns
    -------
    list of ModuleOwnership
        Sorted by module name.

    Raises
    ------
    InputError
        Unknown ``measure`` or a threshold outside [0, 1].

    See Also
    --------
    service_history : The inferred owner beside the declared one, per service.
    teamsim.history_owners.owners_from_history : Owners from a git history file.

    Notes
    -----
    ``share(team, module) = sum_{a in team} c(a, module) / sum_a c(a, module)``;
    O(total file changes x path depth): prefixes are looked up in a dict.

    References
    ----------
    .. [1] Bird, C., Nagappan, N., Murphy, B., Gall, H., Devanbu, P., "Don't
       touch my code! Examining the effects of ownership on software quality",
       ESEC/FSE 2011, section 2 (ownership, minor and major contributors).

    Examples
    --------
    >>> from types import SimpleNamespace as C
    >>> ch = lambda p, a=1, d=0: C(path=p, added=a, deleted=d)
    >>> log = [C(author="ann", changes=[ch("cart/a.py")]), C(author="bo", changes=[ch("cart/b.py")]),
    ...        C(author="ann", changes=[ch("cart/a.py", 5, 5)])]
    >>> r = infer_ownership(log, {"cart": "cartservice"}, {"ann": "Carts", "bo": "Web"})
    >>> r[0].owner, round(r[0].share, 3)
    ('Carts', 0.667)
    """
    if measure not in ("commits", "lines"):
        raise InputError(f"unknown ownership measure {measure!r}", hint="use 'commits' or 'lines'")
    if not 0 <= minor_threshold <= 1:
        raise InputError(f"minor-contributor threshold must be in [0, 1], got {minor_threshold}")
    if isinstance(membership, Scenario):
        teams_of: dict[str, list[str]] = defaultdict(list)
        for t in membership.teams:
            for p in t.members:
                teams_of[p].append(t.name)
    else:
        teams_of = {a: [t] if isinstance(t, str) else list(t) for a, t in membership.items()}
    find = _module_of(modules)
    by_author: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for c in commits:
        touched: dict[str, float] = defaultdict(float)
        for f in c.changes:
            mod = find(f.path)
            if mod is None:
                continue
            if measure == "lines":
                n = (f.added or 0) + (f.deleted or 0)
                touched[mod] += n if (f.added is not None or f.deleted is not None) else 1
            else:
                touched[mod] = 1.0
        for mod, n in touched.items():
            by_author[mod][c.author] += n
    out = []
    for mod in sorted(by_author):
        contrib = by_author[mod]
        total = sum(contrib.values())
        team_sh: dict[str, float] = defaultdict(float)
        for a, n in contrib.items():
            ts = teams_of.get(a) or [NO_TEAM]
            for t in ts:
                team_sh[t] += n / len(ts) / total if total else 0.0
        ranked = sorted(((v, k) for k, v in team_sh.items() if k != NO_TEAM),
                        key=lambda x: (-x[0], x[1]))
        major = sum(1 for n in contrib.values() if total and n / total >= minor_threshold)
        top = min(contrib.items(), key=lambda kv: (-kv[1], kv[0])) if contrib else None
        out.append(ModuleOwnership(
            module=mod, owner=ranked[0][1] if ranked else None,
            share=ranked[0][0] if ranked else 0.0, changes=total,
            team_shares=dict(sorted(team_sh.items())), contributors=len(contrib),
            major_contributors=major, minor_contributors=len(contrib) - major,
            top_author=top[0] if top else None,
            top_author_share=top[1] / total if top and total else 0.0))
    return out


def service_folders(service: str, service_paths: Mapping[str, str | Iterable[str]] | str) -> list[str]:
    """The repository folders of a service: a ``{name}`` template filled in, or the mapping's entry.

    Parameters
    ----------
    service : str
        The service's name.
    service_paths : str or mapping
        A template such as ``"src/{name}/"``, or service -> folder(s)
        (:func:`teamsim.importers.tables.read_service_paths`).

    Returns
    -------
    list of str
        The folders, normalised (none for a service the mapping does not list).

    Raises
    ------
    InputError
        A template filled in with the name leaves the repository or is a glob.

    See Also
    --------
    service_history : Uses the folders to find each service's commits.
    teamsim.coverage.service_files : The files of the history under the folders.

    Examples
    --------
    >>> service_folders("cart", "src/{name}/"), service_folders("cart", {"cart": ["a/", "b/"]})
    (['src/cart/'], ['a/', 'b/'])
    """
    from teamsim.importers.codeowners import service_folder_list

    return service_folder_list(service_paths, service)


def declared_owners(scenario: Scenario) -> dict[str, list[str]]:
    """Every service of the scenario and the teams that declare it (in the scenario's team order).

    Parameters
    ----------
    scenario : Scenario
        Services, and teams with the services they own.

    Returns
    -------
    dict of str to list of str
        Service -> the teams listing it (empty for an orphan), in the scenario's service order.

    See Also
    --------
    service_history : The owners the history shows, beside these.
    orphaned_services : Services without a working owner.

    Examples
    --------
    >>> s = Scenario.model_validate({"teams": [{"name": "A", "services": ["web"]},
    ...                                        {"name": "B", "services": ["web", "db"]}],
    ...                              "services": [{"name": "web"}, {"name": "db"}, {"name": "x"}]})
    >>> declared_owners(s)
    {'web': ['A', 'B'], 'db': ['B'], 'x': []}
    """
    owners: dict[str, list[str]] = {s.name: [] for s in scenario.services}
    for t in scenario.teams:
        for name in t.service_names:
            if name in owners and t.name not in owners[name]:
                owners[name].append(t.name)
    return owners


def service_history(scenario: Scenario, commits: Iterable,
                    service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/", *,
                    measure: str = "commits") -> list[ModuleOwnership]:
    """Each service's owner team inferred from history (:func:`infer_ownership`), beside its declared owners.

    Parameters
    ----------
    scenario : Scenario
        Services, and teams with members (authors are matched to members by name).
    commits : iterable of commit-like objects
        As for :func:`infer_ownership` (e.g. ``GitLog.commits``).
    service_paths : str or mapping, default "{name}/"
        The services' folders (:func:`service_folders`); a file under a folder belongs
        to its service (the longest folder wins).
    measure : {"commits", "lines"}, default "commits"
        One change per commit and service, or the lines changed (:func:`infer_ownership`).

    Returns
    -------
    list of ModuleOwnership
        One per service changed in the history, sorted by name, with ``declared_owners``.

    See Also
    --------
    infer_ownership : The owner of each module from its commits.
    declared_owners : The owners the scenario declares.

    References
    ----------
    .. [1] Bird, C. et al., "Don't touch my code!", ESEC/FSE 2011 (see :func:`infer_ownership`).

    Examples
    --------
    >>> from types import SimpleNamespace as C
    >>> s = Scenario.model_validate({"people": [{"name": "ann"}], "services": [{"name": "cart"}],
    ...     "teams": [{"name": "Carts", "members": ["ann"]}, {"name": "Web", "services": ["cart"]}]})
    >>> log = [C(author="ann", changes=[C(path="src/cart/a.py", added=1, deleted=0)])]
    >>> h = service_history(s, log, "src/{name}/")
    >>> h[0].module, h[0].owner, h[0].declared_owners
    ('cart', 'Carts', ['Web'])
    """
    prefixes = {f.strip("/"): svc.name for svc in scenario.services
                for f in service_folders(svc.name, service_paths)}
    declared = declared_owners(scenario)
    return [h.model_copy(update={"declared_owners": declared.get(h.module, [])})
            for h in infer_ownership(commits, prefixes, scenario, measure=measure)]


class OwnerConflict(Result):
    """A service whose owner from history is not its declared owner.

    Attributes
    ----------
    service : str
    declared : list of str
        The teams the sources name as its owners.
    history_owner : str
        The team whose members made the largest share of its changes.
    share : float
        That team's share, in [0, 1].
    applied : bool
        Whether history won (the share reached the threshold, see
        :func:`teamsim.history_owners.owners_from_history`); otherwise the declared owner is kept.
    """

    service: str
    declared: list[str]
    history_owner: str
    share: float
    applied: bool

    def message(self) -> str:
        """One line for a warning.

        Examples
        --------
        >>> OwnerConflict(service="cart", declared=["Web"], history_owner="Carts", share=0.8,
        ...               applied=True).message()
        "service 'cart': declared owner Web, but Carts made 80% of its changes: owner set to Carts"
        """
        said = ", ".join(self.declared)
        done = (f"owner set to {self.history_owner}" if self.applied else
                "declared owner kept (below the threshold)")
        return (f"service {self.service!r}: declared owner {said}, but {self.history_owner} made "
                f"{self.share:.0%} of its changes: {done}")


class OwnershipAnalysis(Result):
    """What ``teamsim ownership`` reports: the ownership report, history and what was read.

    Attributes
    ----------
    report : OwnershipReport
    history : list of ModuleOwnership or None
        Owners inferred from a git history (:func:`service_history`); None without one.
    conflicts : list of OwnerConflict
        Services whose owner from history differs from the declared one
        (:func:`teamsim.history_owners.owners_from_history`).
    warnings : list of ImportWarning
        The input warnings of the sources.
    groups : list of CatalogGroup
        The Backstage groups read.
    sources : list of str
        Every file read.
    """

    report: OwnershipReport
    history: list[ModuleOwnership] | None = None
    conflicts: list[OwnerConflict] = []
    warnings: list[ImportWarning] = []
    groups: list[CatalogGroup] = []
    sources: list[str] = []


def ownership_analysis(read: ReadResult, *,
                       service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/",
                       interactions: Iterable[Sequence[str]] | None = None,
                       two_pizza_limit: int = TWO_PIZZA_LIMIT, log: GitLog | None = None,
                       measure: str = "commits", owners: HistoryOwners | None = None) -> OwnershipAnalysis:
    """The ownership report of merged sources (:func:`teamsim.importers.read`), with history if given.

    Parameters
    ----------
    read : ReadResult
        The merged scenario, its warnings, groups and sources.
    service_paths : str or mapping, default "{name}/"
        The services' folders, for ``log``.
    interactions : iterable of (team, team), optional
        Observed interactions for congruence (default: the declared ones).
    two_pizza_limit : int, default 9
        Largest two-pizza team.
    log : GitLog, optional
        A history to infer each service's owner from (:func:`service_history`).
    measure : {"commits", "lines"}, default "commits"
        As :func:`service_history`.
    owners : HistoryOwners, optional
        Owners from history already applied to ``read``
        (:func:`teamsim.history_owners.read_history_owners`): its history and conflicts are
        reported (``log`` is then not needed).

    Returns
    -------
    OwnershipAnalysis

    See Also
    --------
    ownership_report : The report of one scenario.
    teamsim.importers.read : Read and merge the sources.

    Examples
    --------
    >>> from teamsim.importers import read
    >>> from teamsim.importers import ReadResult
    >>> s = Scenario.model_validate({"people": [{"name": "a"}], "services": [{"name": "web"}],
    ...                              "teams": [{"name": "A", "members": ["a"], "services": ["web"]}]})
    >>> a = ownership_analysis(ReadResult(scenario=s, sources=["s.yaml"]))
    >>> a.report.services, a.history, a.sources
    (1, None, ['s.yaml'])
    """
    report = ownership_report(read.scenario, two_pizza_limit=two_pizza_limit, interactions=interactions)
    if owners is not None:
        history, conflicts = owners.history, owners.conflicts
    else:
        history = None if log is None else service_history(read.scenario, log.commits, service_paths,
                                                           measure=measure)
        conflicts = []
    return OwnershipAnalysis(report=report, history=history, conflicts=conflicts, warnings=read.warnings,
                             groups=read.groups, sources=read.sources)
