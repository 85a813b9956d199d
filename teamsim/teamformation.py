"""Team formation in a collaboration network: cover a task with people who work well together.

The smallest team covering a task (:func:`teamsim.hiring.smallest_covering_team`) ignores
whether its members have ever worked together. Lappas, Liu & Terzi (KDD 2009) ask for a
team that covers the task *and* has a low **communication cost** in the social network
of who worked with whom:

* **diameter**: the largest shortest-path distance between two members;
* **MST**: the weight of a minimum spanning tree over the members' shortest-path
  distances (people who hold no required tool may join as connectors when they lower it).

Distances are taken in the whole collaboration graph (:class:`CollaborationGraph`:
people linked by shared projects or teams of a scenario, or by a module changed in the
same year in git history), in hops or, with ``weighted=True``, in lengths 1/w from
Newman's collaboration weights w. Both problems are NP-hard (Lappas et al. 2009). Here:

================  ==========================================================================
algorithm         what it guarantees
================  ==========================================================================
rarest-first      diameter <= 2 x optimum (and reports a lower bound on the optimum)
enhanced-steiner  MST heuristic: Steiner tree on the graph enhanced with one node per tool
exhaustive        exact, by enumerating every covering team up to the size an optimum needs
================  ==========================================================================

Examples
--------
>>> g = CollaborationGraph.from_edges(["a", "b", "c", "d", "e"],
...                                   [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")])
>>> holds = np.array([[1, 0, 0, 0], [0, 0, 0, 1], [0, 1, 1, 0], [0, 1, 0, 0], [0, 1, 1, 1]], bool)
>>> rows, bound = rarest_first(g.distances(), holds)
>>> [g.people[i] for i in rows], bound
(['a', 'b', 'c'], 2.0)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from teamsim._results import Result
from teamsim.ability import tool_matrix
from teamsim.affiliation import AffiliationNetwork, affiliation_network, git_affiliation, one_mode_projection
from teamsim.budget import check_work
from teamsim.errors import InputError, ScenarioError
from teamsim.limits import check_count
from teamsim.scenario import Scenario, Task

if TYPE_CHECKING:
    from teamsim.importers.git import GitLog, ModuleMap

__all__ = [
    "CollaborationGraph",
    "FormedTeam",
    "collaboration_graph",
    "enhanced_steiner",
    "exact_team",
    "form_team",
    "git_graph",
    "rarest_first",
    "scenario_graph",
    "scenario_team",
    "team_cost",
]

Cost = Literal["diameter", "mst"]
COSTS: tuple[Cost, ...] = ("diameter", "mst")


@dataclass(frozen=True, eq=False)
class CollaborationGraph:
    """People and the length of each tie (1 hop, or 1/w with collaboration weights w).

    Attributes
    ----------
    people : tuple of str, length n
    lengths : scipy.sparse.csr_matrix, shape (n, n)
        Symmetric; ``lengths[i, j] > 0`` is the length of the tie between i and j.
    weighted : bool
        True when lengths are 1/w (Newman's weights), False for hops.
    """

    people: tuple[str, ...]
    lengths: sp.csr_matrix
    weighted: bool = False

    @classmethod
    def from_edges(cls, people: Sequence[str], edges: Sequence[tuple[str, str] | tuple[str, str, float]],
                   ) -> CollaborationGraph:
        """A graph from ``(a, b)`` (length 1) or ``(a, b, length)`` ties (for examples and tests)."""
        index = {p: i for i, p in enumerate(people)}
        rows = [index[e[0]] for e in edges]
        cols = [index[e[1]] for e in edges]
        vals = [float(e[2]) if len(e) > 2 else 1.0 for e in edges]
        n = len(people)
        m = sp.coo_matrix((vals + vals, (rows + cols, cols + rows)), shape=(n, n)).tocsr()
        return cls(tuple(people), m, weighted=any(len(e) > 2 for e in edges))

    def distances(self, rows: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
        """Shortest-path distances from ``rows`` (default everyone) to everyone; inf when unreachable."""
        idx = np.arange(len(self.people)) if rows is None else np.asarray(rows, dtype=np.int64)
        check_count("max_memory_bytes", 16 * len(idx) * max(1, len(self.people)),
                    entity=f"distances from {len(idx):,} of {len(self.people):,} people",
                    what="the distance table needs")
        if len(self.people) == 0 or len(idx) == 0:
            return np.zeros((len(idx), len(self.people)))
        return np.asarray(dijkstra(self.lengths, directed=False, indices=idx))


def collaboration_graph(net: AffiliationNetwork, people: Sequence[str] = (), *,
                        weighted: bool = False) -> CollaborationGraph:
    """The collaboration graph of an affiliation network (one-mode projection).

    Parameters
    ----------
    net : AffiliationNetwork
        People x projects (see :mod:`teamsim.affiliation`).
    people : sequence of str
        Extra people to include without ties (e.g. a scenario's people without projects).
    weighted : bool
        False: every tie has length 1 (hops). True: length 1/w_ij, w_ij = sum over shared
        projects k of 1/(n_k - 1) (Newman 2001): people who shared many small projects are close.

    Returns
    -------
    CollaborationGraph
        The people and the symmetric sparse matrix of tie lengths.
        ``net.people`` then the extra ``people`` (isolated).

    See Also
    --------
    scenario_graph : The graph of a scenario.
    git_graph : The graph of a git history.

    References
    ----------
    .. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths, weighted
       networks, and centrality", Phys. Rev. E 64, 016132 (2001), Eq. (2) and the distance 1/w.

    Examples
    --------
    >>> from teamsim.affiliation import affiliation_from_members
    >>> g = collaboration_graph(affiliation_from_members({"X": ["a", "b", "c"], "Y": ["a", "b"]}),
    ...                         ["z"], weighted=True)
    >>> g.people, g.distances()[0].round(3).tolist()
    (('a', 'b', 'c', 'z'), [0.0, 0.667, 2.0, inf])
    """
    a = one_mode_projection(net, weighted=weighted).astype(np.float64)
    if weighted:
        a.data = 1.0 / a.data
    known = set(net.people)
    extra = tuple(p for p in dict.fromkeys(people) if p not in known)    # isolated: no ties
    n = net.n_people + len(extra)
    indptr = np.concatenate([a.indptr, np.full(len(extra), a.indptr[-1])])
    return CollaborationGraph(net.people + extra, sp.csr_matrix((a.data, a.indices, indptr), shape=(n, n)),
                              weighted)


def scenario_graph(scenario: Scenario, *, weighted: bool = False, teams: bool = True) -> CollaborationGraph:
    """People of a scenario linked by shared projects (and teams); people without any stay isolated.

    Parameters
    ----------
    scenario : Scenario
        The scenario whose people, projects and teams make the graph.
    weighted : bool, default False
        False: every tie has length 1 (hops). True: Newman's lengths 1/w (see
        :func:`collaboration_graph`).
    teams : bool, default True
        Also link the members of each team.

    Returns
    -------
    CollaborationGraph
        The people and the symmetric sparse matrix of tie lengths.
        Every person of the scenario (candidates are not in it).

    See Also
    --------
    collaboration_graph : The graph of any affiliation network.
    scenario_team : Form a team in this graph.

    Examples
    --------
    >>> s = Scenario.model_validate({"people": [{"name": "A"}, {"name": "B"}, {"name": "C"}],
    ...     "projects": [{"name": "x", "members": ["A", "B"]}]})
    >>> scenario_graph(s).distances()[0].tolist()
    [0.0, 1.0, inf]
    """
    return collaboration_graph(affiliation_network(scenario, teams=teams), [p.name for p in scenario.people],
                               weighted=weighted)


def git_graph(log: GitLog, *, modules: ModuleMap | None = None, weighted: bool = False) -> CollaborationGraph:
    """Authors linked when they changed the same module in the same year.

    The one-mode projection of :func:`teamsim.affiliation.git_affiliation`.

    Parameters
    ----------
    log : GitLog
        A parsed git history (:func:`teamsim.importers.git.read_git_log`).
    modules : ModuleMap, optional
        Path -> module mapping (default: depth 2).
    weighted : bool, default False
        False: every tie has length 1 (hops). True: Newman's lengths 1/w (see
        :func:`collaboration_graph`).

    Returns
    -------
    CollaborationGraph
        The people and the symmetric sparse matrix of tie lengths.

    See Also
    --------
    collaboration_graph : The graph of any affiliation network.

    Examples
    --------
    >>> from teamsim.importers.git import parse_git_log
    >>> log = parse_git_log("--a--2020-01-01--Ann\\n1\\t0\\tsrc/x/a.go\\n\\n"
    ...                     "--b--2020-02-01--Bo\\n1\\t0\\tsrc/x/b.go\\n\\n"
    ...                     "--c--2021-01-01--Cy\\n1\\t0\\tsrc/y/c.go\\n")
    >>> g = git_graph(log)
    >>> g.people, g.distances()[0].tolist()
    (('Ann', 'Bo', 'Cy'), [0.0, 1.0, inf])
    """
    return collaboration_graph(git_affiliation(log, modules=modules), weighted=weighted)


def _prim(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Minimum spanning trees of a batch of complete graphs ``w`` (c, s, s) by Prim's algorithm.

    Returns (total weight (c,), parent (c, s) with parent[:, 0] = -1); inf when disconnected.
    """
    c, s = w.shape[0], w.shape[1]
    total = np.zeros(c)
    parent = np.full((c, s), -1)
    if s <= 1:
        return total, parent
    r = np.arange(c)
    inside = np.zeros((c, s), bool)
    inside[:, 0] = True
    best = w[:, 0, :].copy()
    parent[:, 1:] = 0
    for _ in range(s - 1):
        outside = np.where(inside, np.inf, best)
        j = outside.argmin(axis=1)
        total += outside[r, j]                        # inf when the rest is unreachable
        inside[r, j] = True
        closer = w[r, j, :] < best
        best = np.where(closer, w[r, j, :], best)
        parent = np.where(closer & ~inside, j[:, None], parent)
    return total, parent


def team_cost(dist: np.ndarray, cost: Cost = "diameter") -> float:
    """The communication cost of a team given its members' pairwise distances.

    Parameters
    ----------
    dist : array_like, shape (s, s)
        Shortest-path distances in the whole graph between the s members.
    cost : {"diameter", "mst"}
        The largest distance, or the weight of a minimum spanning tree over the distances.

    Returns
    -------
    float
        0 for a team of one; inf when two members are not connected.

    See Also
    --------
    form_team : Forms a team of low cost.
    exact_team : The team of least cost.

    Examples
    --------
    >>> d = np.array([[0, 1, 2], [1, 0, 1], [2, 1, 0]], float)   # a path a - b - c
    >>> team_cost(d, "diameter"), team_cost(d, "mst")
    (2.0, 2.0)
    """
    d = np.asarray(dist, dtype=float)
    if cost not in COSTS:
        raise InputError(f"unknown cost {cost!r}", entity="--cost", hint="choose diameter or mst")
    if d.size == 0:
        return 0.0
    return float(d.max()) if cost == "diameter" else float(_prim(d[None])[0][0])


def rarest_first(dist: np.ndarray, holds: np.ndarray) -> tuple[np.ndarray, float]:
    """Lappas et al.'s RarestFirst: a covering team whose diameter is at most twice the optimum.

    Take the required tool with the fewest holders; for each of its holders i, find the
    nearest holder of every other tool; keep the i whose farthest nearest holder R_i is
    closest, with those nearest holders.

    Parameters
    ----------
    dist : array_like, shape (n, n)
        Shortest-path distances between the n people who may be chosen.
    holds : array_like of bool, shape (n, k)
        ``holds[i, a]``: person i holds required tool a; every tool needs a holder.

    Returns
    -------
    rows : numpy.ndarray of int
        The team, sorted.
    lower_bound : float
        ``min_i R_i``: every covering team has a diameter of at least this (its holder of
        the rarest tool is within its diameter of a holder of every tool), and this team's
        diameter is at most twice it (triangle inequality through i). When no covering
        team is connected: no rows and inf.

    See Also
    --------
    enhanced_steiner : The heuristic for the MST cost.
    exact_team : The optimum by exhaustive search.

    References
    ----------
    .. [1] T. Lappas, K. Liu and E. Terzi, "Finding a team of experts in social networks",
       KDD 2009, Algorithm 1 (RarestFirst) and its 2-approximation of the diameter.

    Examples
    --------
    >>> d = np.array([[0, 1, 2], [1, 0, 1], [2, 1, 0]], float)
    >>> rarest_first(d, np.array([[1, 0], [0, 1], [0, 1]], bool))
    (array([0, 1]), 1.0)
    """
    d, h = np.asarray(dist, float), np.asarray(holds, bool)
    rare = int(h.sum(axis=0).argmin())
    cand = np.flatnonzero(h[:, rare])
    masked = [np.where(h[:, a], d[cand], np.inf) for a in range(h.shape[1])]
    near = np.stack([m.argmin(axis=1) for m in masked], axis=1)     # (candidates, tools): nearest holder
    reach = np.stack([m.min(axis=1) for m in masked], axis=1)       # and its distance
    radius = reach.max(axis=1)
    best = int(radius.argmin())
    if not np.isfinite(radius[best]):
        return np.array([], dtype=np.int64), math.inf
    return np.unique(np.append(near[best], cand[best])), float(radius[best])


def enhanced_steiner(graph: CollaborationGraph, holds: np.ndarray) -> np.ndarray:
    """Lappas et al.'s EnhancedSteiner heuristic for the MST communication cost.

    Add one node per required tool, tied to each of its holders by an edge longer than
    any path, and grow a Steiner tree on the tool nodes with the shortest-path heuristic
    of Takahashi & Matsuyama (a 2-approximation of the Steiner tree): start at the
    rarest tool, then repeatedly join the tool whose nearest holder is closest to the
    tree, through that shortest path. The long tool edges make every join go through
    people, so the team (everyone in the tree: holders and the connectors between them)
    is connected. The tree is grown from each holder of the rarest tool in turn (as
    RarestFirst does) and the team of least MST cost is kept.

    Parameters
    ----------
    graph : CollaborationGraph
        People and the lengths of their ties (hops, or 1/w).
    holds : array_like of bool, shape (n, k)
        ``holds[i, a]``: person i of ``graph`` holds required tool a.

    Returns
    -------
    numpy.ndarray of int
        Row indices of the team in ``graph.people``, sorted; empty when the tools' holders
        are not all connected.

    See Also
    --------
    rarest_first : The heuristic for the diameter cost.
    exact_team : The optimum by exhaustive search.
    form_team : Chooses among them.

    Notes
    -----
    k Dijkstra runs per holder of the rarest tool: O(r k (m + n log n)) for r such holders,
    n people and m ties.

    References
    ----------
    .. [1] T. Lappas, K. Liu and E. Terzi, "Finding a team of experts in social networks",
       KDD 2009, Section 4.2 (EnhancedSteiner: the enhanced graph and a Steiner tree on it).
    .. [2] H. Takahashi and A. Matsuyama, "An approximate solution for the Steiner problem in
       graphs", Math. Japonica 24 (1980) 573-577.

    Examples
    --------
    >>> g = CollaborationGraph.from_edges(list("xabc"), [("x", "a"), ("x", "b"), ("x", "c")])
    >>> enhanced_steiner(g, np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], bool)).tolist()
    [0, 1, 2, 3]
    """
    h = np.asarray(holds, bool)
    rare = int(h.sum(axis=0).argmin())
    best, best_cost = np.array([], dtype=np.int64), math.inf
    for start in np.flatnonzero(h[:, rare]):
        team = _grow(graph, h, int(start), [a for a in range(h.shape[1]) if a != rare])
        cost = team_cost(graph.distances(team)[:, team], "mst") if len(team) else math.inf
        if cost < best_cost:
            best, best_cost = team, cost
    return best


def _grow(graph: CollaborationGraph, h: np.ndarray, start: int, left: list[int]) -> np.ndarray:
    """Takahashi-Matsuyama from ``start``: join the tool in ``left`` nearest the tree, by its path."""
    tree = [start]
    while left:
        dist, pred, _ = dijkstra(graph.lengths, directed=False, indices=tree, min_only=True,
                                 return_predecessors=True)
        near = [int(np.flatnonzero(h[:, a])[dist[h[:, a]].argmin()]) for a in left]
        a = int(np.argmin([dist[v] for v in near]))
        v = near[a]
        if not np.isfinite(dist[v]):
            return np.array([], dtype=np.int64)
        while v >= 0 and v not in tree:             # the path back to the tree
            tree.append(v)
            v = int(pred[v])
        left = left[:a] + left[a + 1:]
    return np.array(sorted(tree), dtype=np.int64)


def _subsets(n: int, sizes: range) -> Iterator[np.ndarray]:
    """Chunks (c, s) of row-index subsets of range(n) of each size, in lexicographic order."""
    for s in sizes:
        it = itertools.combinations(range(n), s)
        while True:
            chunk = np.array(list(itertools.islice(it, max(1, 2**20 // s))), dtype=np.int64).reshape(-1, s)
            if not len(chunk):
                break
            yield chunk


def exact_team(dist: np.ndarray, holds: np.ndarray, cost: Cost = "diameter") -> tuple[np.ndarray, float, int]:
    """The covering team of least communication cost, by exhaustive search.

    Parameters
    ----------
    dist : array_like, shape (n, n)
        Shortest-path distances between everyone who may be chosen.
    holds : array_like of bool, shape (n, k)
        ``holds[i, a]``: person i holds required tool a.
    cost : {"diameter", "mst"}
        The communication cost: the largest distance between two members, or the
        weight of a minimum spanning tree over their distances.

    Returns
    -------
    rows : numpy.ndarray of int
        The cheapest covering team (ties: fewer members, then lexicographic), sorted.
    cost : float
        Its cost (inf when no covering team is connected).
    searched : int
        Teams enumerated.

    See Also
    --------
    form_team : Uses it on small instances.
    team_cost : The cost it minimises.

    Notes
    -----
    An optimum needs at most k holders (one per tool); adding people never lowers a
    diameter, so for "diameter" teams of at most k holders are enumerated. For "mst"
    a person holding no required tool can lower the tree (a Steiner point), but an
    optimal Steiner tree on t <= k terminals has at most t - 2 Steiner points of degree
    >= 3 (others can be shortcut by the triangle inequality), so teams of at most 2k - 2
    people from everyone are enumerated. Bounded by the ``max_exact_subsets`` limit.

    Examples
    --------
    >>> d = np.array([[0, 1, 1, 1], [1, 0, 2, 2], [1, 2, 0, 2], [1, 2, 2, 0]], float)   # a star
    >>> h = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], bool)
    >>> exact_team(d, h, "mst")[:2], exact_team(d, h, "diameter")[:2]
    ((array([0, 1, 2, 3]), 3.0), (array([1, 2, 3]), 2.0))
    """
    d, h = np.asarray(dist, float), np.asarray(holds, bool)
    k = h.shape[1]
    pool = np.flatnonzero(h.any(axis=1)) if cost == "diameter" else np.arange(len(h))
    top = min(len(pool), k if cost == "diameter" else max(1, 2 * k - 2))
    count = sum(math.comb(len(pool), s) for s in range(1, top + 1))
    entity = f"covering teams of up to {top} from {len(pool)} people"
    check_count("max_exact_subsets", count, entity=entity)
    check_work(count * top * (top + k), params="required tools and people", entity=entity)
    best, best_key = np.array([], dtype=np.int64), (math.inf, math.inf)
    for chunk in _subsets(len(pool), range(1, top + 1)):
        members = pool[chunk]
        ok = h[members].any(axis=1).all(axis=1)
        if not ok.any():
            continue
        members = members[ok]
        sub = d[members[:, :, None], members[:, None, :]]
        c = sub.max(axis=(1, 2)) if cost == "diameter" else _prim(sub)[0]
        i = int(c.argmin())
        if (c[i], members.shape[1]) < best_key:
            best, best_key = members[i], (float(c[i]), members.shape[1])
    return np.sort(best), best_key[0], count


class FormedTeam(Result):
    """A team covering a task with a low communication cost in the collaboration graph.

    Attributes
    ----------
    task : str, optional
    tools : list of str
        The required tools.
    cost_kind : str
        "diameter" or "mst".
    team : list of str
    cost : float
        The team's communication cost (hops, or 1/w lengths when ``weighted``).
    algorithm : str
        "rarest-first", "enhanced-steiner" or "exhaustive". The heuristics' teams are then
        pruned: a member whose tools the others hold leaves when that does not raise the cost.
    exact : bool
        True when ``cost`` is proven minimal.
    lower_bound : float
        No covering team costs less: the cost itself after an exhaustive search, else the
        larger of RarestFirst's min R_i and the largest distance between the nearest
        holders of two tools (both bound the diameter, and an MST over the members weighs
        at least their diameter).
    approximation : str
        What is guaranteed, in words.
    connectors : list of str
        Members who hold none of the required tools (they shorten the tree).
    holders : dict of str to list of str
        For each required tool, the members who hold it.
    weighted : bool
    searched : int
        Teams enumerated by the exhaustive search (0 for the heuristics).
    """

    task: str | None
    tools: list[str]
    cost_kind: str
    team: list[str]
    cost: float
    algorithm: str
    exact: bool
    lower_bound: float
    approximation: str
    connectors: list[str]
    holders: dict[str, list[str]]
    weighted: bool
    searched: int = 0


def _lower_bound(dist_r: np.ndarray, h_r: np.ndarray) -> float:
    """max over tool pairs of the distance between their nearest holders (a bound for both costs)."""
    k = h_r.shape[1]
    out = 0.0
    for a, b in itertools.combinations(range(k), 2):
        out = max(out, float(dist_r[np.ix_(h_r[:, a], h_r[:, b])].min()))
    return out


def _prune(team: np.ndarray, h: np.ndarray, d: np.ndarray, cost: Cost) -> np.ndarray:
    """Drop members whose tools the others hold while that does not raise the cost (cheapest first).

    ``d`` holds the distances between the members of ``team``. A diameter never rises when
    members leave, so RarestFirst keeps its guarantee; an MST may rise (a connector leaves),
    so such a member stays.
    """
    keep = list(range(len(team)))
    current = team_cost(d, cost)
    while len(keep) > 1:
        options = []
        for i in keep:
            rest = [j for j in keep if j != i]
            if h[team[rest]].any(axis=0).all():
                options.append((team_cost(d[np.ix_(rest, rest)], cost), i))
        if not options or min(options)[0] > current:
            break
        current, i = min(options)
        keep.remove(i)
    return team[keep]


def form_team(graph: CollaborationGraph, holds: np.ndarray, tools: Sequence[str], *, cost: Cost = "diameter",
              exact: bool = False, task: str | None = None) -> FormedTeam:
    """Form a covering team of low communication cost (see the module docstring).

    Parameters
    ----------
    graph : CollaborationGraph
        People and the lengths of their ties (hops, or 1/w).
    holds : array_like of bool, shape (len(graph.people), len(tools))
        ``holds[i, a]``: person i of ``graph`` holds required tool a.
    tools : sequence of str
        The required tools (names for the result).
    cost : {"diameter", "mst"}
        The communication cost to keep low: the largest distance between two
        members (RarestFirst), or the weight of a minimum spanning tree over their
        distances (EnhancedSteiner).
    exact : bool
        Exhaustive search (bounded by ``max_exact_subsets``) instead of the heuristic.
    task : str, optional
        Task name for the result.

    Returns
    -------
    FormedTeam
        The members, the team's cost, the algorithm, whether the cost is proven
        minimal, a lower bound on the optimum and the connectors.

    Raises
    ------
    InputError
        An unknown cost, a tool nobody holds, no covering team whose members are connected,
        or an exhaustive search over the limit.

    See Also
    --------
    scenario_team : The same for a scenario's task.
    rarest_first : One heuristic.
    enhanced_steiner : The other.
    exact_team : The exact search.

    Examples
    --------
    >>> g = CollaborationGraph.from_edges(list("xabc"), [("x", "a"), ("x", "b"), ("x", "c")])
    >>> holds = np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]], bool)   # x holds no tool
    >>> t = form_team(g, holds, ["p", "q", "r"], cost="mst")
    >>> t.team, t.cost, t.connectors
    (['a', 'b', 'c', 'x'], 3.0, ['x'])
    """
    h = np.asarray(holds, bool)
    if cost not in COSTS:
        raise InputError(f"unknown cost {cost!r}", entity="--cost", hint="choose diameter or mst")
    nobody = [t for j, t in enumerate(tools) if not h[:, j].any()]
    if nobody:
        raise InputError("nobody in the collaboration graph holds " + ", ".join(repr(t) for t in nobody),
                         entity=f"tool {nobody[0]!r}",
                         hint="add someone who holds it, or drop it from the task")
    rows = np.flatnonzero(h.any(axis=1))
    dist_r = graph.distances(rows)
    nearest, radius = rarest_first(dist_r[:, rows], h[rows])
    bound = max(_lower_bound(dist_r[:, rows], h[rows]), radius)     # bounds both costs from below
    searched = 0
    if exact:
        d = dist_r[:, rows] if cost == "diameter" else graph.distances()
        found, value, searched = exact_team(d, h[rows] if cost == "diameter" else h, cost)
        team = rows[found] if cost == "diameter" else found
        bound, algorithm = value, "exhaustive"
        note = "exact: every covering team that can be optimal was searched"
    elif cost == "diameter":
        team = rows[nearest]
        algorithm, note = "rarest-first", "diameter <= 2 x optimum (Lappas et al. 2009)"
    else:
        team = enhanced_steiner(graph, h)
        algorithm, note = "enhanced-steiner", "heuristic: no guarantee (Lappas et al. 2009)"
    if len(team) and not exact:
        team = _prune(np.asarray(team), h, graph.distances(team)[:, team], cost)
    value = team_cost(graph.distances(team)[:, team], cost) if len(team) else math.inf
    if not math.isfinite(value):
        raise InputError("no team covering the task is connected in the collaboration graph",
                         entity=f"task {task!r}" if task else "the required tools",
                         hint="the holders of some tools never worked with the others, even through "
                         "colleagues: add shared projects, or use the smallest covering team "
                         "(best-team --cover)")
    team = sorted(team, key=lambda i: graph.people[i])
    names = [graph.people[i] for i in team]
    return FormedTeam(task=task, tools=list(tools), cost_kind=cost, team=names, cost=value,
                      algorithm=algorithm,
                      exact=exact or value <= bound, lower_bound=bound, approximation=note,
                      connectors=[n for n, i in zip(names, team) if not h[i].any()],
                      holders={t: [n for n, i in zip(names, team) if h[i, j]] for j, t in enumerate(tools)},
                      weighted=graph.weighted, searched=searched)


def scenario_team(scenario: Scenario, *, task: str | None = None, tools: Sequence[str] | None = None,
                  cost: Cost = "diameter", exact: bool = False, weighted: bool = False,
                  graph: CollaborationGraph | None = None) -> FormedTeam:
    """Form a team for a scenario's task (or a list of tools) in its collaboration graph.

    Parameters
    ----------
    scenario : Scenario
        Its people hold the tools (prerequisites implied); candidates are not in the graph.
    task : str, optional
        A task of the scenario; or give ``tools``.
    tools : sequence of str, optional
        The required tools, instead of a task's.
    cost, exact
        See :func:`form_team`.
    weighted : bool
        Newman-weighted lengths (see :func:`collaboration_graph`).
    graph : CollaborationGraph, optional
        Default: :func:`scenario_graph` (shared projects and teams).

    Returns
    -------
    FormedTeam
        As :func:`form_team`, on the scenario's people.

    Raises
    ------
    InputError, ScenarioError
        Neither or both of task and tools, an unknown task or tool, or as :func:`form_team`.

    See Also
    --------
    form_team : The same on any collaboration graph.
    scenario_graph : The graph it searches.

    Examples
    --------
    >>> from teamsim.importers import load_scenario
    >>> s = load_scenario("scenarios/lappas-experts.yaml")
    >>> t = scenario_team(s, task="project")
    >>> t.team, t.cost, t.exact
    (['a', 'b', 'c'], 2.0, True)
    """
    if (task is None) == (tools is None):
        raise InputError("give a task or a list of tools" if task is None else
                         "give a task or tools, not both", entity="--task",
                         hint="--task NAME (a task of the scenario) or --tool X (repeatable)")
    if task is not None:
        t = scenario.task(task)
    else:
        tools = list(tools or [])
        unknown = [x for x in tools if x not in scenario.tool_values]
        if unknown or not tools:
            raise ScenarioError(f"unknown tool {unknown[0]!r}" if unknown else "no tools given",
                                entity=f"tool {unknown[0]!r}" if unknown else "--tool",
                                hint=f"choose from: {', '.join(scenario.tool_names[:20])}")
        t = Task(name="(required tools)", tools=list(dict.fromkeys(tools)))
    g = graph if graph is not None else scenario_graph(scenario, weighted=weighted)
    check_count("max_memory_bytes", len(g.people) * len(t.tools), entity="people x required tools")
    people = {p.name for p in scenario.people}
    held = tool_matrix(scenario, [p for p in g.people if p in people], t)
    holds = np.zeros((len(g.people), len(t.tools)), bool)
    index = {p: i for i, p in enumerate(g.people)}
    holds[[index[p] for p in held.people]] = held.held
    return form_team(g, holds, t.tools, cost=cost, exact=exact, task=task)
