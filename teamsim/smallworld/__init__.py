"""Small-world measures of collaboration networks and the small-world quotient Q.

A collaboration network is a *small world* when people are much more clustered than in a
random network with the same degrees, yet about as close to each other (Watts & Strogatz
1998). Uzzi & Spiro (2005) measured it on Broadway's affiliation network of artists and
musicals with the *small-world quotient*

    Q = CC ratio / PL ratio,   CC ratio = C_actual / C_random,   PL ratio = L_actual / L_random,

and found that creative success rose with Q up to a point, then fell.

The measures here are computed on the one-mode projection of an
:class:`~teamsim.affiliation.AffiliationNetwork` (people linked when they share a project):

- **clustering**, reported two ways and never mixed in one ratio: *transitivity*
  ``C = 3 x triangles / connected triples`` (the global clustering coefficient, the one
  the random-graph formula predicts and Q uses), and the *average local clustering*
  ``<C_i>``, with ``C_i = 0`` for people with fewer than two collaborators (as networkx);
- **mean shortest path length** L on the giant component: exact (all-pairs breadth-first
  search) up to ``exact_limit`` people, above that the mean over a random sample of
  sources with a normal-approximation confidence interval; the report says which;
- the **random expectation** with the same two degree distributions (projects per person
  and project sizes) from the generating functions of Newman, Strogatz & Watts (2001),
  *and* a **simulated null**: the affiliation network with its project memberships
  shuffled (every person keeps their number of projects, every project its size, no
  person twice on a project), measured like the real one.

Why not ``networkx.sigma`` / ``networkx.omega``: they compare a graph with rewired copies of
the *one-mode* graph (double-edge swaps on the people network). In a collaboration network
each project is a clique of its members; rewiring the projection destroys those cliques,
so its "random" clustering is far too low and Q is inflated by the projection itself, not
by the way people combine across projects. The correct null keeps projects as projects
and randomises who works on them (Newman, Strogatz & Watts 2001; Uzzi & Spiro 2005).
Both are also far too slow for networks of 10^5 people.

Every undefined value is None with the reason in ``undefined`` (one person, an empty
window, no connected triples, no growth beyond the first neighbours, ...); these
functions never raise on a degenerate network.

References
----------
.. [1] B. Uzzi and J. Spiro, "Collaboration and Creativity: The Small World Problem",
   American Journal of Sociology 111(2), 447-504 (2005).
.. [2] M. E. J. Newman, S. H. Strogatz and D. J. Watts, "Random graphs with arbitrary
   degree distributions and their applications", Phys. Rev. E 64, 026118 (2001).
.. [3] D. J. Watts and S. H. Strogatz, "Collective dynamics of 'small-world' networks",
   Nature 393, 440-442 (1998).

Examples
--------
>>> from teamsim.affiliation import affiliation_from_members
>>> net = affiliation_from_members({"a": ["A", "B", "C"], "b": ["C", "D"]})
>>> r = small_world(net, null_samples=0)
>>> r.people, r.transitivity, round(r.average_clustering, 3), r.path_length.value
(4, 0.6, 0.583, 1.3333333333333333)
"""

from __future__ import annotations

from teamsim.defaults import NULL_SAMPLES

# The private helpers and constants stay importable from here, as before the package split.
from teamsim.smallworld.metrics import (  # noqa: F401
    BIT_ROWS_MAX,
    ClusteringEstimate,
    PathLength,
    _adjacency,
    _bfs_distance_sums,
    _clustering_sums,
    _giant,
    _path_length,
    _projection_clustering,
    _simple,
    _triangles_and_degrees,
    average_clustering,
    clustering_coefficients,
    estimate_clustering,
    mean_path_length,
    transitivity,
)
from teamsim.smallworld.null import (  # noqa: F401
    DENSE_SHARE,
    TINY_PEOPLE,
    RandomExpectation,
    _switch_chain,
    random_bipartite_expectation,
    randomize_affiliation,
)
from teamsim.smallworld.report import (
    SmallWorldReport,
    SmallWorldSeries,
    small_world,
    small_world_by_window,
    window_notes,
)

__all__ = [
    "NULL_SAMPLES",
    "ClusteringEstimate",
    "PathLength",
    "RandomExpectation",
    "SmallWorldReport",
    "SmallWorldSeries",
    "average_clustering",
    "clustering_coefficients",
    "estimate_clustering",
    "mean_path_length",
    "random_bipartite_expectation",
    "randomize_affiliation",
    "small_world",
    "small_world_by_window",
    "transitivity",
    "window_notes",
]
