"""Figure of communication paths n(n-1)/2 against team size, with the two-pizza limit."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from teamsim.budget import check_work
from teamsim.communication import TWO_PIZZA_LIMIT, communication_paths
from teamsim.figures._common import _MARGIN, _texts, plotly_text


def communication_figure(
    team_sizes: Mapping[str, int],
    *,
    limit: int = TWO_PIZZA_LIMIT,
    what_if: Mapping[str, int] | None = None,
) -> go.Figure:
    """Communication paths n(n-1)/2 against people n, with the two-pizza band and each team.

    Parameters
    ----------
    team_sizes : mapping of str to int
        Team name -> number of members.
    limit : int, default 9
        Largest two-pizza team; the band 1..limit is shaded.
    what_if : mapping of str to int, optional
        Team name -> size after adding (or removing) people; drawn as arrows.

    Returns
    -------
    plotly.graph_objects.Figure

    See Also
    --------
    teamsim.communication.communication_paths : The curve n(n-1)/2 it draws.
    teamsim.communication.two_pizza : The size check behind the band.

    Notes
    -----
    Paths grow quadratically, hands linearly (Brooks 1975, ch. 2); the two-pizza
    limit follows Stone (2013) and Skelton & Pais (2019). O(max n + teams).

    Examples
    --------
    >>> fig = communication_figure({"T": 4}, limit=9)
    >>> [t.name for t in fig.data]
    ['paths n(n-1)/2', 'people n', 'teams']
    >>> list(fig.data[2].y)
    [6]
    """
    what_if = dict(what_if or {})
    top = max([limit + 3, *team_sizes.values(), *what_if.values()]) + 1
    check_work(1_000 * top, params="limit and team sizes",
               entity=f"communication figure of 1..{top:,} people")
    n = np.arange(1, top + 1)
    by_size: dict[int, list[str]] = {}
    for t, size in team_sizes.items():  # teams of one size share a marker and a label
        by_size.setdefault(size, []).append(t)
    sizes = sorted(by_size)
    labels = [plotly_text(", ".join(by_size[s][:3]))
              + (f" +{len(by_size[s]) - 3}" if len(by_size[s]) > 3 else "") for s in sizes]
    fig = go.Figure([
        go.Scatter(x=n, y=communication_paths(n), name="paths n(n-1)/2", mode="lines",
                   line=dict(color="#dc2626", width=3)),
        go.Scatter(x=n, y=n, name="people n", mode="lines",
                   line=dict(color="#64748b", width=2, dash="dash")),
        go.Scatter(x=sizes, y=[communication_paths(s) for s in sizes], name="teams",
                   mode="markers+text" if len(sizes) <= 12 else "markers", text=labels,
                   # small teams sit near the left edge: label them to the right (not clipped)
                   textposition=["top right" if s <= 4 else "top left" for s in sizes],
                   cliponaxis=False,
                   customdata=[len(by_size[s]) for s in sizes],
                   marker=dict(size=[10 + 3 * min(len(by_size[s]), 8) for s in sizes],
                               color=["#1d4ed8" if s <= limit else "#dc2626" for s in sizes],
                               line=dict(color="white", width=1)),
                   hovertemplate="%{customdata} team(s) of %{x} people, %{y} paths each:"
                                 "<br>%{text}<extra></extra>"),
    ])
    if what_if:
        after = [(t, s) for t, s in what_if.items() if t in team_sizes]
        fig.add_trace(go.Scatter(
            x=[s for _, s in after], y=[communication_paths(s) for _, s in after],
            name="after the change", mode="markers", text=_texts(t for t, _ in after),
            marker=dict(size=14, symbol="diamond", color="#f59e0b"),
            hovertemplate="%{text} after: %{x} people, %{y} paths<extra></extra>"))
        for t, s in after:
            fig.add_annotation(x=s, y=communication_paths(s), ax=team_sizes[t],
                               ay=communication_paths(team_sizes[t]), xref="x", yref="y",
                               axref="x", ayref="y", showarrow=True, arrowhead=2,
                               arrowcolor="#f59e0b", standoff=8, text="")
    fig.add_vrect(x0=0.5, x1=limit + 0.5, fillcolor="#16a34a", opacity=0.08, line_width=0,
                  annotation_text=f"two-pizza teams (≤ {limit})", annotation_position="top left")
    fig.update_layout(title=dict(text="Communication paths and team size", subtitle=dict(
                          text="paths grow as n(n-1)/2, people as n")),
                      xaxis_title="people in the team (n)", yaxis_title="communication paths",
                      margin=_MARGIN, height=440, legend=dict(orientation="h", y=-0.2))
    return fig
