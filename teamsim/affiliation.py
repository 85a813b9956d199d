"""Affiliation (two-mode) networks of people x projects and their one-mode projection.

An *affiliation network* links people to the projects they worked on (Broadway artists
to musicals in Uzzi & Spiro 2005; developers to modules in a git history). It is stored
as a sparse 0/1 *incidence matrix* ``B`` (people x projects) with the names of both
sides, each project's year and a *group* (the module or team it belongs to, used to
colour people in figures).

Sources: a :class:`~teamsim.scenario.Scenario` (its projects, and optionally its teams as
projects without a year), a :class:`~teamsim.importers.git.GitLog` (one project per
module and year) or plain membership lists. :func:`time_windows` cuts the network into
per-year or moving windows of ``w`` years; :func:`one_mode_projection` gives the people
network: a simple graph (no self-loops, no multi-edges) where two people are linked when
they share a project, optionally with Newman's collaboration weights.

Examples
--------
>>> net = affiliation_from_members({"P1": ["Ann", "Bo", "Cy"], "P2": ["Cy", "Di"]})
>>> net.incidence.shape, net.people
((4, 2), ('Ann', 'Bo', 'Cy', 'Di'))
>>> one_mode_projection(net).toarray().tolist()
[[0, 1, 1, 0], [1, 0, 1, 0], [1, 1, 0, 1], [0, 0, 1, 0]]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from teamsim.errors import InputError
from teamsim.scenario import Scenario
from teamsim.seeds import DEFAULT_SEED, Seed, make_rng

if TYPE_CHECKING:  # the history arrives as plain arrays (GitLog.module_memberships)
    from teamsim.importers.git import GitLog, ModuleMap

__all__ = [
    "AffiliationNetwork",
    "affiliation_from_members",
    "affiliation_network",
    "git_affiliation",
    "one_mode_projection",
    "person_groups",
    "random_affiliation",
    "restrict_projects",
    "time_windows",
]


@dataclass(frozen=True, eq=False)
class AffiliationNetwork:
    """A two-mode network: people x projects.

    Attributes
    ----------
    people : tuple of str, length N
    projects : tuple of str, length M
    incidence : scipy.sparse.csr_matrix, shape (N, M), int8
        ``B[i, k] = 1`` when person i worked on project k.
    years : tuple of (int or None), length M
        Each project's year (None: timeless, e.g. a team).
    groups : tuple of str, length M
        Each project's module or team (for colouring; defaults to the project name).

    Notes
    -----
    Every person has at least one project (people without projects are not part of an
    affiliation network); projects may have one member.
    """

    people: tuple[str, ...]
    projects: tuple[str, ...]
    incidence: sp.csr_matrix
    years: tuple[int | None, ...]
    groups: tuple[str, ...]

    @property
    def n_people(self) -> int:
        """Number of people N."""
        return len(self.people)

    @property
    def n_projects(self) -> int:
        """Number of projects M."""
        return len(self.projects)

    @property
    def projects_per_person(self) -> np.ndarray:
        """Degree of each person in the two-mode network, shape (N,)."""
        return np.asarray(self.incidence.sum(axis=1)).ravel().astype(np.int64)

    @property
    def project_sizes(self) -> np.ndarray:
        """Number of people on each project, shape (M,)."""
        return np.asarray(self.incidence.sum(axis=0)).ravel().astype(np.int64)


def _build(people_idx: np.ndarray, project_idx: np.ndarray, people: Sequence[str], projects: Sequence[str],
           years: Sequence[int | None], groups: Sequence[str]) -> AffiliationNetwork:
    """Incidence from (person, project) pairs; drops people without projects."""
    n, m = len(people), len(projects)
    b = sp.csr_matrix((np.ones(len(people_idx), np.int8), (people_idx, project_idx)), shape=(n, m))
    b.sum_duplicates()
    b.data[:] = 1
    keep = np.flatnonzero(np.diff(b.indptr) > 0)
    if len(keep) < n:
        b = b[keep]
        people = [people[i] for i in keep.tolist()]
    return AffiliationNetwork(tuple(people), tuple(projects), b.tocsr(), tuple(years), tuple(groups))


def affiliation_from_members(members: Mapping[str, Sequence[str]], *,
                             years: Mapping[str, int | None] | None = None,
                             groups: Mapping[str, str] | None = None) -> AffiliationNetwork:
    """Build an affiliation network from ``{project: [people]}``.

    Parameters
    ----------
    members : mapping of str to sequence of str
        Project name -> its people (repeats are ignored).
    years, groups : mapping, optional
        Project name -> year / group.

    Returns
    -------
    AffiliationNetwork
        People in order of first appearance.

    See Also
    --------
    affiliation_network : The network of a scenario.
    git_affiliation : The network of a git history.
    one_mode_projection : The people network.

    Examples
    --------
    >>> affiliation_from_members({"X": ["a", "b"], "Y": ["b"]}).project_sizes.tolist()
    [2, 1]
    """
    index: dict[str, int] = {}
    pi, ki = [], []
    for k, ms in enumerate(members.values()):
        for m in ms:
            pi.append(index.setdefault(m, len(index)))
            ki.append(k)
    names = list(members)
    yrs = [(years or {}).get(p) for p in names]
    grp = [(groups or {}).get(p, p) for p in names]
    return _build(np.asarray(pi, np.int64), np.asarray(ki, np.int64), list(index), names, yrs, grp)


_YEAR_SUFFIX = re.compile(r"^(.*\S)\s+(\d{4})$")


def affiliation_network(scenario: Scenario, *, teams: bool = True) -> AffiliationNetwork:
    """The affiliation network of a scenario: people x projects (and teams).

    Parameters
    ----------
    scenario : Scenario
        The scenario; its projects (and teams) and their members become the network.
    teams : bool, default True
        Also count each team as a project without a year (its members collaborate);
        :func:`time_windows` puts undated projects in their own ``"undated"`` window.

    Returns
    -------
    AffiliationNetwork
        A project's group is its name without a trailing year (``"src/cart 2020"`` ->
        ``"src/cart"``, as :func:`~teamsim.importers.git.git_scenario` names them).

    See Also
    --------
    affiliation_from_members : From plain membership lists.
    git_affiliation : From a git history.
    teamsim.importers.networks.read_affiliation : From a file.

    Examples
    --------
    >>> s = Scenario.model_validate({"people": [{"name": "A"}, {"name": "B"}],
    ...     "projects": [{"name": "x 2020", "members": ["A", "B"], "year": 2020}]})
    >>> net = affiliation_network(s)
    >>> net.projects, net.years, net.groups
    (('x 2020',), (2020,), ('x',))
    """
    members: dict[str, list[str]] = {}
    years: dict[str, int | None] = {}
    groups: dict[str, str] = {}
    for p in scenario.projects:
        members[p.name] = list(p.members)
        years[p.name] = p.when
        m = _YEAR_SUFFIX.match(p.name)
        groups[p.name] = m.group(1) if m and p.when is not None and int(m.group(2)) == p.when else p.name
    if teams:
        for t in scenario.teams:
            if t.members:
                key = t.name if t.name not in members else f"team {t.name}"
                members[key] = list(t.members)
                years[key] = None
                groups[key] = t.name
    return affiliation_from_members(members, years=years, groups=groups)


def git_affiliation(log: GitLog, *, modules: ModuleMap | None = None) -> AffiliationNetwork:
    """The affiliation network of a git history: authors x (module, year).

    Parameters
    ----------
    log : GitLog
        Parsed commits (author, date, files changed), e.g. from
        :func:`teamsim.importers.git.read_git_log`.
    modules : ModuleMap, optional
        Path -> module mapping (default depth 2).

    Returns
    -------
    AffiliationNetwork
        Projects named ``"<module> <year>"``, group = module.

    See Also
    --------
    affiliation_network : The network of a scenario.
    teamsim.importers.git_modules.module_memberships : The memberships it is built from, as arrays.

    Examples
    --------
    >>> from teamsim.importers.git import parse_git_log
    >>> log = parse_git_log("--a--2020-01-01--Ann\\n1\\t0\\tsrc/x/m.go\\n1\\t0\\tsrc/y/m.go\\n")
    >>> git_affiliation(log).projects
    ('src/x 2020', 'src/y 2020')
    """
    names, mods, pm, py, mp, ma = log.module_memberships(modules)
    seen, first = np.unique(ma, return_index=True)  # people in order of first membership
    people = seen[np.argsort(first, kind="stable")]
    rank = np.empty(len(names), np.int64)
    rank[people] = np.arange(len(people))
    groups = [mods[m] for m in pm.tolist()]
    years = py.tolist()
    return _build(rank[ma], mp, [names[i] for i in people.tolist()],
                  [f"{g} {y}" for g, y in zip(groups, years)], years, groups)


def restrict_projects(net: AffiliationNetwork, keep: np.ndarray) -> AffiliationNetwork:
    """The sub-network of the projects selected by a boolean mask (people without one dropped).

    Parameters
    ----------
    net : AffiliationNetwork
        People x projects memberships.
    keep : numpy.ndarray of bool, shape (M,)
        True for each of the M projects to keep.

    Returns
    -------
    AffiliationNetwork
        The kept projects (with their years and groups) and the people on at least
        one of them.

    See Also
    --------
    time_windows : Sub-networks by project year.

    Examples
    --------
    >>> net = affiliation_from_members({"X": ["a", "b"], "Y": ["c"]})
    >>> restrict_projects(net, np.array([False, True])).people
    ('c',)
    """
    keep = np.asarray(keep, bool)
    cols = np.flatnonzero(keep)
    b = net.incidence[:, cols].tocsr()
    rows = np.flatnonzero(np.diff(b.indptr) > 0)
    return AffiliationNetwork(tuple(net.people[i] for i in rows), tuple(net.projects[k] for k in cols),
                              b[rows].tocsr(), tuple(net.years[k] for k in cols),
                              tuple(net.groups[k] for k in cols))


def time_windows(net: AffiliationNetwork, *, width: int = 1,
                 years: tuple[int, int] | None = None) -> list[tuple[str, AffiliationNetwork]]:
    """Cut a network into time windows of ``width`` years ending at each year.

    Parameters
    ----------
    net : AffiliationNetwork
        People x projects memberships, with project years.
    width : int, default 1
        1 = one window per year; ``w`` > 1 = moving windows ``[y - w + 1, y]`` for every
        year y from the first year + w - 1 (or one window over everything when the
        history is shorter than w).
    years : (int, int), optional
        First and last window end year (default: the data's range).

    Returns
    -------
    list of (label, AffiliationNetwork)
        Labels ``"2019"`` or ``"2013-2019"``. Years without projects give an empty window
        (the metrics report them as undefined). Projects without a year (a scenario's
        teams, projects with no ``year``) are *not* copied into the dated windows (that
        would add the same collaborations to every year and inflate M): they form one
        extra window ``"undated"`` at the end. With no dated projects there is one window
        ``"all"``. When the history is shorter than ``width`` there is one window over all
        of it.

    Raises
    ------
    InputError
        If ``width`` < 1.

    See Also
    --------
    restrict_projects : The sub-network of any set of projects.
    teamsim.smallworld.small_world_by_window : Small-world statistics per window.

    Examples
    --------
    >>> net = affiliation_from_members({"a": ["x"], "b": ["y"], "team": ["x", "y"]},
    ...                                years={"a": 2020, "b": 2022})
    >>> [(lbl, w.n_projects) for lbl, w in time_windows(net)]
    [('2020', 1), ('2021', 0), ('2022', 1), ('undated', 1)]
    """
    if width < 1:
        raise InputError(f"window width must be at least 1 year, got {width}", entity="--window",
                         hint="use 1 for one window per year or w > 1 for moving windows")
    yrs = np.array([-1 if y is None else y for y in net.years], np.int64)
    dated = yrs[yrs >= 0]
    if dated.size == 0:
        return [("all", net)]
    if years is None:
        lo, hi = int(dated.min()), int(dated.max())
        spans = [(end - width + 1, end) for end in range(lo + width - 1, hi + 1)] or [(lo, hi)]
    else:
        spans = [(end - width + 1, end) for end in range(years[0], years[1] + 1)]
    out = []
    for start, end in spans:
        keep = (yrs >= 0) & (yrs >= start) & (yrs <= end)
        label = str(end) if start == end else f"{start}-{end}"
        out.append((label, restrict_projects(net, keep)))
    if (yrs < 0).any():
        out.append(("undated", restrict_projects(net, yrs < 0)))
    return out


def one_mode_projection(net: AffiliationNetwork, *, weighted: bool = False) -> sp.csr_matrix:
    """The people network: i -- j when they share a project; a simple graph.

    Parameters
    ----------
    net : AffiliationNetwork
        People x projects memberships.
    weighted : bool, default False
        False: 0/1 adjacency (int8). True: Newman's collaboration weights
        ``w_ij = sum_k 1 / (n_k - 1)`` over shared projects k of size ``n_k >= 2``.

    Returns
    -------
    scipy.sparse.csr_matrix, shape (N, N)
        Symmetric, zero diagonal, sorted indices.

    See Also
    --------
    affiliation_from_members : Build the two-mode network.
    teamsim.smallworld.small_world : Small-world statistics of the projection.

    Notes
    -----
    ``A = B B^T`` with the diagonal removed; O(sum_k n_k^2) time and memory.

    References
    ----------
    .. [1] M. E. J. Newman, "Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality", Phys. Rev. E 64, 016132 (2001), Eq. (2).

    Examples
    --------
    >>> net = affiliation_from_members({"X": ["a", "b", "c"], "Y": ["a", "b"]})
    >>> one_mode_projection(net, weighted=True).toarray().round(2).tolist()
    [[0.0, 1.5, 0.5], [1.5, 0.0, 0.5], [0.5, 0.5, 0.0]]
    """
    b = net.incidence
    if weighted:
        sizes = net.project_sizes.astype(float)
        w = np.divide(1.0, sizes - 1, out=np.zeros_like(sizes), where=sizes >= 2)
        a = (b.astype(np.float64) @ sp.diags(w) @ b.T.astype(np.float64)).tocsr()
    else:
        bi = b.astype(np.int32)
        a = (bi @ bi.T).tocsr()
    a.setdiag(0)
    a.eliminate_zeros()
    if not weighted:
        a.data = np.ones_like(a.data, dtype=np.int8)
        a = a.astype(np.int8)
    a.sort_indices()
    return a


def person_groups(net: AffiliationNetwork) -> list[str]:
    """Each person's main group: the module or team of most of their projects (ties: first by name).

    Parameters
    ----------
    net : AffiliationNetwork
        People x projects memberships.

    Returns
    -------
    list of str, length N
        For each person, in ``net.people`` order, the group (``net.groups``) that
        most of their projects belong to; used to colour people on charts.

    See Also
    --------
    one_mode_projection : The people network.
    teamsim.figures.people_network_figure : Draws people coloured by group.

    Examples
    --------
    >>> net = affiliation_from_members({"X": ["a", "b"], "Y": ["b"], "Z": ["b"]},
    ...                                groups={"X": "m1", "Y": "m2", "Z": "m2"})
    >>> person_groups(net)
    ['m1', 'm2']
    """
    names, gidx = np.unique(np.array(net.groups, dtype=object).astype(str), return_inverse=True)
    if net.n_people == 0:
        return []
    g = sp.csr_matrix((np.ones(net.n_projects), (np.arange(net.n_projects), gidx)),
                      shape=(net.n_projects, len(names)))
    counts = (net.incidence.astype(np.float64) @ g).toarray()
    return [str(names[j]) for j in counts.argmax(axis=1)]


def random_affiliation(n_people: int, n_projects: int | None = None, *, mean_extra: float = 5.0,
                       min_size: int = 2,
                       seed: Seed = DEFAULT_SEED) -> AffiliationNetwork:
    """A synthetic Broadway-like affiliation network (for tests and benchmarks).

    Parameters
    ----------
    n_people : int
        People N. Everyone gets one seat at random when there are at least N seats;
        the remaining seats go to anyone (so people's project counts are 1 + Poisson).
    n_projects : int, optional
        Number of projects M (default N / 4).
    mean_extra : float, default 5
        Project size is ``min_size + Poisson(mean_extra)``.
    min_size : int, default 2
        Smallest project size before the Poisson extra.
    seed : int, numpy Generator or None, default 0
        Random stream (None: fresh entropy, not reproducible).

    Returns
    -------
    AffiliationNetwork
        Members drawn at random without repeats inside a project.

    See Also
    --------
    teamsim.smallworld.randomize_affiliation : Shuffle an observed network's memberships.
    teamsim.assembly.assemble_teams : A network grown by the team assembly model.

    Notes
    -----
    O(sum of project sizes), vectorised.

    Examples
    --------
    >>> net = random_affiliation(400, seed=1)
    >>> net.n_projects, bool(net.project_sizes.min() >= 1)
    (100, True)
    """
    rng = make_rng(seed)
    m = max(1, n_people // 4) if n_projects is None else n_projects
    sizes = np.minimum(min_size + rng.poisson(mean_extra, m), n_people)
    proj = np.repeat(np.arange(m), sizes)
    seats = proj.size
    people = np.empty(seats, np.int64)
    order = rng.permutation(seats)
    if seats >= n_people:  # everyone gets one random seat, the other seats go to anyone
        people[order[:n_people]] = rng.permutation(n_people)
        people[order[n_people:]] = rng.integers(0, n_people, seats - n_people)
    else:
        people[order] = rng.choice(n_people, seats, replace=False)
    # redraw repeats inside a project until none remain (rare for N >> project size)
    for _ in range(100):
        key = proj.astype(np.int64) * n_people + people
        order = np.argsort(key, kind="stable")
        dup = np.zeros(key.size, bool)
        dup[order[1:]] = key[order[1:]] == key[order[:-1]]
        if not dup.any():
            break
        people[dup] = rng.integers(0, n_people, int(dup.sum()))
    width = len(str(max(n_people - 1, 0)))
    names = [f"p{i:0{width}d}" for i in range(n_people)]
    pnames = [f"project {k}" for k in range(m)]
    return _build(people, proj, names, pnames, [None] * m, pnames)
