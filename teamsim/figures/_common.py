"""Shared pieces of teamsim's figures: plain-text labels, margins, palette, WebGL fallback."""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go

from teamsim._text import printable


def plotly_text(text: object) -> str:
    """Escape user text for Plotly: names are data, never markup.

    Plotly renders a subset of HTML in titles, tick labels, text, legends and hover
    labels (``<b>``, ``<br>``, ``<a href>``, ``<span style>``); every name a figure
    shows passes through here, so ``<``, ``>`` and ``&`` display as themselves, and
    control and invisible format characters (bidi overrides, zero-width) show as
    escapes, as in the terminal (:func:`teamsim._text.printable`).

    Parameters
    ----------
    text : object
        Any value, converted with ``str``.

    Returns
    -------
    str
        ``text`` with ``&``, ``<`` and ``>`` as HTML entities (Plotly shows the characters)
        and invisible characters as visible escapes.

    See Also
    --------
    teamsim._text.printable : Neutralises control characters for terminal output.
    without_webgl : The other post-processing step the figures share.

    Examples
    --------
    >>> plotly_text('<a href="x">A&B</a>')
    '&lt;a href="x"&gt;A&amp;B&lt;/a&gt;'
    >>> plotly_text("\\u202eadmin\\u200b")
    '\\\\u202eadmin\\\\u200b'
    """
    return printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _texts(items: Iterable[object]) -> list[str]:
    """:func:`plotly_text` of each item."""
    return [plotly_text(x) for x in items]


_MARGIN = dict(l=10, r=10, t=70, b=10)


def _label_px(names: Iterable[str]) -> int:
    """Pixels the widest of ``names`` needs as a plotly label (12 px font), with a gap."""
    return 7 * max((len(n) for n in names), default=1) + 24


def without_webgl(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` with WebGL scatter traces (``scattergl``) drawn as SVG ``scatter``.

    WebGL needs a GPU or a software renderer in the browser (headless browsers and
    remote desktops often lack one) and browsers cap the number of WebGL contexts
    per page; SVG is fine up to a few thousand points.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The figure to convert (left unchanged).

    Returns
    -------
    plotly.graph_objects.Figure
        Same layout and data, every ``scattergl`` trace replaced by a ``scatter`` trace.

    See Also
    --------
    plotly_text : The other helper every figure shares: names as text, not markup.
    teamsim.figures.networks.people_network_figure : A figure that may draw WebGL traces.

    Examples
    --------
    >>> fig = go.Figure(go.Scattergl(x=[0, 1], y=[1, 0], customdata=["a", "b"]))
    >>> [t.type for t in without_webgl(fig).data]
    ['scatter']
    """
    out = go.Figure(layout=fig.layout)
    for t in fig.data:
        if t.type == "scattergl":
            spec = t.to_plotly_json()
            spec.pop("type", None)
            out.add_trace(go.Scatter(**spec))
        else:
            out.add_trace(t)
    return out


_PALETTE = ["#1d4ed8", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777",
            "#4b5563", "#65a30d", "#7c3aed", "#0d9488"]
