"""Figures of collaboration networks: the people network and the small-world quotient over time."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from teamsim.figures._common import _PALETTE, _texts, plotly_text
from teamsim.seeds import DEFAULT_SEED

if TYPE_CHECKING:
    import scipy.sparse as sp

    from teamsim.affiliation import AffiliationNetwork
    from teamsim.smallworld import SmallWorldReport, SmallWorldSeries


def people_network_figure(net: AffiliationNetwork, *, seed: int = DEFAULT_SEED, max_edges: int = 20_000,
                          iterations: int = 50, max_groups: int = 12, labels: int = 15) -> go.Figure:
    """The people network (one-mode projection) drawn with a spring layout.

    Parameters
    ----------
    net : teamsim.affiliation.AffiliationNetwork
        People x projects; people are linked when they share a project.
    seed : int, default 0
        Layout seed (same seed, same picture).
    max_edges : int, default 20,000
        Draw at most this many ties (a random subset above it; the layout uses all).
    iterations : int, default 50
        Fruchterman-Reingold iterations (the force model of ``networkx.spring_layout``,
        vectorised; above 2,500 people the spectral layout is used instead).
    max_groups : int, default 12
        Legend entries: the largest ``max_groups - 1`` groups, the rest as "other".
    labels : int, default 15
        Names written next to the most connected people (everybody's in networks of
        at most 30 people); every name is in the hover text.

    Returns
    -------
    plotly.graph_objects.Figure
        One scatter trace per group (module or team: the group of most of the person's
        projects), ``customdata`` = person name so an app can read a click, plus one line
        trace for all the ties (NaN between ties). Coordinates are float32 (half the JSON
        of float64; far below a pixel's precision).

    See Also
    --------
    teamsim.affiliation.one_mode_projection : The people network it draws.
    teamsim.affiliation.person_groups : The group that colours each person.
    small_world_figure : How the same network's small-world measures move over time.

    Examples
    --------
    >>> from teamsim.affiliation import affiliation_from_members
    >>> fig = people_network_figure(affiliation_from_members({"x": ["A", "B"], "y": ["B", "C"]}))
    >>> sorted(n for t in fig.data[1:] for n in t.customdata)
    ['A', 'B', 'C']
    """
    import networkx as nx

    from teamsim.affiliation import one_mode_projection, person_groups

    a = one_mode_projection(net)
    if net.n_people <= 2500:
        xy = _spring_layout(a, seed=seed, iterations=iterations)
    else:  # dense Fruchterman-Reingold would need O(N^2) memory: use the spectral layout
        pos = nx.spectral_layout(nx.from_scipy_sparse_array(a))
        xy = np.array([pos[i] for i in range(net.n_people)])
    if net.n_people > 20:
        # small components and isolated people drift far away and shrink the main cluster
        # to a dot: pull the farthest 5% in to the 95th-percentile radius (all stay visible)
        centre = np.median(xy, axis=0)
        d = np.linalg.norm(xy - centre, axis=1)
        r = float(np.quantile(d, 0.95)) * 1.05
        far = d > r
        if r > 0 and far.any():
            xy = xy.copy()
            xy[far] = centre + (xy[far] - centre) * (r / d[far])[:, None]
    xy = xy.astype(np.float32)  # sent as 4-byte floats: a pixel-exact picture, half the payload
    coo = _triu(a)
    rows, cols = coo.row, coo.col
    if len(rows) > max_edges:
        pick = np.random.default_rng(seed).choice(len(rows), max_edges, replace=False)
        rows, cols = rows[pick], cols[pick]
    gap = np.full(len(rows), np.nan, dtype=np.float32)  # one trace for every tie, NaN between ties
    ex: np.ndarray | list[float] = []
    ey: np.ndarray | list[float] = []
    if len(rows):
        ex = np.column_stack([xy[rows, 0], xy[cols, 0], gap]).ravel()
        ey = np.column_stack([xy[rows, 1], xy[cols, 1], gap]).ravel()
    fig = go.Figure(go.Scattergl(x=ex, y=ey, mode="lines", line=dict(width=0.5, color="#cbd5e1"),
                                 hoverinfo="skip", name="collaboration", showlegend=False))
    groups = person_groups(net)
    deg = np.diff(a.indptr)
    nproj = np.diff(net.incidence.indptr)
    order = sorted(set(groups), key=lambda x: (-groups.count(x), x))
    if len(order) > max_groups:  # a compact legend: the largest groups, then "other"
        keep = set(order[:max_groups - 1])
        groups = [g if g in keep else OTHER_GROUP for g in groups]
        order = [*order[:max_groups - 1], OTHER_GROUP]
    # names on the map: everybody in a small network, else the most connected people
    shown = (set(range(net.n_people)) if net.n_people <= 30 else
             set(np.argsort(-deg, kind="stable")[:labels].tolist()))
    for k, grp in enumerate(order):
        idx = [i for i, gg in enumerate(groups) if gg == grp]
        color = "#94a3b8" if grp == OTHER_GROUP else _PALETTE[k % len(_PALETTE)]
        fig.add_trace(go.Scattergl(
            x=xy[idx, 0], y=xy[idx, 1], mode="markers+text", name=plotly_text(grp),
            marker=dict(size=6 + 2 * np.sqrt(deg[idx]), color=color,
                        line=dict(width=0.5, color="white")),
            customdata=[net.people[i] for i in idx],  # raw names for clicks; never rendered
            text=[plotly_text(net.people[i]) if i in shown else "" for i in idx],
            textposition="top center",
            textfont=dict(size=10, color="#334155"),
            hovertext=[f"<b>{plotly_text(net.people[i])}</b><br>{plotly_text(groups[i])} · "
                       f"{nproj[i]} project"
                       f"{'s' if nproj[i] != 1 else ''} · {deg[i]} collaborators" for i in idx],
            hovertemplate="%{hovertext}<extra></extra>"))
    fig.update_layout(title=dict(text=f"People network: {net.n_people} people, {a.nnz // 2} "
                                 "collaboration ties", x=0, xanchor="left"),
                      xaxis=dict(visible=False), yaxis=dict(visible=False),
                      margin=dict(l=10, r=10, t=50, b=10),
                      # the legend below the plot: the network gets the whole width
                      legend=dict(title_text="module / team", orientation="h", yanchor="top",
                                  y=-0.02, x=0, font=dict(size=11)),
                      modebar=dict(orientation="v"),  # on the right edge, clear of the title
                      hoverlabel=dict(font_size=13), clickmode="event+select")
    return fig


#: Legend entry of the people outside the largest groups in :func:`people_network_figure`.
OTHER_GROUP = "other"


def _spring_layout(a: sp.sparray | sp.spmatrix, *, seed: int = DEFAULT_SEED,
                   iterations: int = 50) -> np.ndarray:
    """Fruchterman-Reingold spring layout, vectorised over all pairs (N <= a few thousand).

    The same force model and cooling as ``networkx.spring_layout`` (k = 1/sqrt(N)), run on
    a dense float32 distance matrix: O(N^2) per iteration instead of networkx's Python loop
    for N >= 500. Returns positions scaled into [-1, 1], shape (N, 2).
    """
    n = a.shape[0]
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)).astype(np.float32)
    adj = a.toarray().astype(np.float32)
    k = np.float32(1 / np.sqrt(n))
    t = max(float(np.ptp(pos[:, 0])), float(np.ptp(pos[:, 1]))) * 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        sq = (pos ** 2).sum(axis=1)
        d2 = sq[:, None] + sq[None, :] - 2 * (pos @ pos.T)   # squared distances, no (N, N, 2) array
        np.clip(d2, 1e-4, None, out=d2)
        force = k * k / d2 - adj * np.sqrt(d2) / k
        disp = pos * force.sum(axis=1)[:, None] - force @ pos  # sum_j force_ij (x_i - x_j)
        length = np.sqrt((disp ** 2).sum(axis=1))
        length[length < 0.01] = 0.1
        pos += disp * (t / length)[:, None]
        t -= dt
    pos -= pos.mean(axis=0)
    scale = np.abs(pos).max()
    return (pos / scale if scale > 0 else pos).astype(np.float64)


def _triu(a: sp.sparray | sp.spmatrix) -> sp.coo_matrix:
    """Upper triangle (i < j) of a sparse matrix in COO form (each undirected tie once)."""
    import scipy.sparse as sp

    return sp.triu(a, k=1).tocoo()


def small_world_figure(series: SmallWorldSeries) -> go.Figure:
    """Q, CC ratio and PL ratio per time window (shuffled null solid, analytic dashed).

    Parameters
    ----------
    series : teamsim.smallworld.SmallWorldSeries
        Small-world reports per time window (:func:`teamsim.smallworld.small_world_by_window`).

    Returns
    -------
    plotly.graph_objects.Figure
        Undefined values are gaps.

    See Also
    --------
    teamsim.smallworld.small_world_by_window : The series it draws.
    people_network_figure : The network itself.

    Examples
    --------
    >>> from teamsim.smallworld import SmallWorldSeries
    >>> len(small_world_figure(SmallWorldSeries()).data)
    6
    """
    x = _texts(w.window for w in series.windows)

    def col(get: Callable[[SmallWorldReport], float | None]) -> list[float | None]:
        return [get(w) for w in series.windows]

    fig = go.Figure()
    for name, color, get, sget in (
            ("Q", "#1d4ed8", lambda w: w.q, lambda w: w.analytic.q),
            ("CC ratio", "#16a34a", lambda w: w.cc_ratio, lambda w: w.analytic.cc_ratio),
            ("PL ratio", "#dc2626", lambda w: w.pl_ratio, lambda w: w.analytic.pl_ratio)):
        fig.add_trace(go.Scatter(x=x, y=col(get), name=f"{name} (shuffled null)", mode="lines+markers",
                                 line=dict(color=color)))
        fig.add_trace(go.Scatter(x=x, y=col(sget), name=f"{name} (analytic)", mode="lines+markers",
                                 line=dict(color=color, dash="dash"), marker=dict(symbol="circle-open")))
    fig.add_hline(y=1, line=dict(color="#94a3b8", width=1))
    fig.update_layout(title="Small-world quotient Q = CC ratio / PL ratio (Uzzi & Spiro 2005)",
                      xaxis_title="time window", yaxis_title="ratio to random", xaxis_type="category",
                      margin=dict(l=10, r=10, t=50, b=10))
    return fig
