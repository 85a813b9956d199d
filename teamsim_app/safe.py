"""User text in the app is data, never markup.

Names, descriptions and error messages come from files other people wrote.
Streamlit renders Markdown (with HTML, LaTeX, colour directives, emoji and icon
shortcodes) in ``st.markdown``, captions, alerts, titles, metric labels, values and
deltas, widget labels, help tooltips, radio options and tab names: a person named
``![x](http://host/x.png)`` would make every viewer's browser fetch that URL.
:func:`plain` turns any text into Markdown that renders as exactly that text, so
pages can still put a user's name inside their own bold or caption.

Plotly figures escape their own labels (:func:`teamsim.figures.plotly_text`);
tables (``st.dataframe``), ``st.code`` and ``st.text`` show plain text already.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import NoReturn

import pandas as pd
import streamlit as st

from teamsim._text import printable

__all__ = ["UnexpectedError", "error_box", "file_name", "log_unexpected", "plain", "plain_lines",
           "table", "unexpected"]

log = logging.getLogger("teamsim.app")

# CommonMark lets a backslash escape every ASCII punctuation character: escaping them all
# stops emphasis, links, images, HTML, code, headings, lists, tables, autolinks, LaTeX
# ($) and Streamlit's :directive[...] syntax.
_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
# Rewritten after parsing, on the text itself, so escapes do not stop them: emoji and
# icon shortcodes (:smile:, :streamlit:, :material/x:), typographic arrows (a -> b) and
# GFM's literal autolinks (http://x, www.x, a@b.c). An invisible word joiner (U+2060)
# inside each breaks the pattern.
_SHORTCODE = re.compile(r":(?=[\w+/-]+:)")
_ARROW = re.compile(r"(?<!\S)(<->|->|<-|--|>=|<=|~=)(?!\S)")
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
_JOINER = "\u2060"


def plain(text: object) -> str:
    r"""Markdown that Streamlit renders as exactly ``text`` (control characters made visible).

    Parameters
    ----------
    text : object
        Any value; converted with ``str``. ``None`` gives ``""``.

    Returns
    -------
    str
        Every ASCII punctuation character backslash-escaped; control characters and
        newlines shown as ``\n``-style escapes (:func:`teamsim._text.printable`), so one
        name stays on one line; shortcodes, arrows and bare URLs broken by an invisible
        joiner (U+2060), so nothing becomes an emoji, an icon or a link.

    Examples
    --------
    >>> print(plain("![x](h/x.png) <b>"))
    \!\[x\]\(h\/x\.png\) \<b\>
    >>> print(plain("admin\u200b \u202eevil"))  # invisible characters made visible
    admin\\u200b \\u202eevil
    >>> plain("Ann") == "Ann" and plain(None) == ""
    True
    >>> plain(":smile: a -> b") == "\\:\u2060smile\\: a \\-\u2060\\> b"
    True
    """
    if text is None:
        return ""
    s = printable(text)
    s = _SHORTCODE.sub(":" + _JOINER, s)
    s = _ARROW.sub(lambda m: m[0][0] + _JOINER + m[0][1:], s)
    s = _AUTOLINK.sub(_JOINER, s)
    return _PUNCT.sub(r"\\\1", s)


def plain_lines(text: object) -> str:
    r"""Like :func:`plain` for multi-line text (a rendered error): each line kept as a line.

    Examples
    --------
    >>> plain_lines("a.yaml: error: **x**\n  fix: y").split("  \n")
    ['a\\.yaml\\: error\\: \\*\\*x\\*\\*', 'fix\\: y']
    """
    return "  \n".join(plain(line.strip()) for line in str(text or "").splitlines())


def error_box(text: object, kind: str = "error") -> None:
    """Show a rendered :class:`~teamsim.errors.TeamsimError` (or any message) as plain text
    in an ``st.error`` (or ``st.warning``) box."""
    (st.warning if kind == "warning" else st.error)(plain_lines(text), icon="⚠️")


def warning_list(warnings: list[str], key: str, *, first: int = 2) -> None:
    """Warnings in one box (the first ``first``, as plain text), every one in an expander.

    One element instead of one box per warning (20 boxes were most of a page's first
    paint in the browser); the expander's list is drawn only while it is open, as
    ``st.text`` (never markdown), so a long list costs nothing until it is asked for.
    """
    if not warnings:
        return
    more = len(warnings) - first
    st.warning("  \n".join(plain(w) for w in warnings[:first])
               + (f"  \n… and {more:,} more (below)" if more > 0 else ""), icon="⚠️")
    if more > 0:
        box = st.expander(f"All {len(warnings):,} warnings", on_change="rerun", key=key)
        if box.open:
            box.text("\n".join(printable(w) for w in warnings))


#: Rows up to which :func:`table` draws a static table; longer tables get a scrolling grid.
STATIC_ROWS = 40


def table(rows: pd.DataFrame, where=None, *, key: str, max_height: int = 420) -> None:
    """A table of data: static (``st.table``) up to :data:`STATIC_ROWS` rows, else a grid.

    A static table is plain HTML: no data grid to start in the browser (each grid changes
    the page again a quarter of a second after it is drawn, so the page settles later).
    ``st.table`` renders text cells as Markdown, so each goes through :func:`plain`. A
    longer table keeps ``st.dataframe`` (sorting, scrolling; its cells are plain text),
    at most ``max_height`` pixels high.
    """
    where = st if where is None else where
    if len(rows) <= STATIC_ROWS:
        floats = [c for c in rows.columns if pd.api.types.is_float_dtype(rows[c])]
        # numbers stay numbers; shown as the grid shows them (16, not 16.0000)
        where.table(rows.map(lambda v: plain(v) if isinstance(v, str) else v).style
                    .format(lambda v: format(v, "g"), subset=floats, na_rep="—"), hide_index=True)
    else:
        where.dataframe(rows, hide_index=True, key=key, height=min(max_height, 38 + 35 * len(rows)))


_UNSAFE_FILE = re.compile(r"[^\w.-]+")


def file_name(stem: object, suffix: str) -> str:
    """A download file name from a user's scenario name: word characters, dots and dashes.

    Examples
    --------
    >>> file_name("My org/../x y", ".yaml")
    'my-org-..-x-y.yaml'
    >>> file_name("", "-report.json")
    'scenario-report.json'
    """
    s = _UNSAFE_FILE.sub("-", str(stem or "").lower()).strip("-.")[:80] or "scenario"
    return s + suffix


class PageEnd(Exception):
    """Raised by :func:`end_page`: the page has shown all it can (caught by the app's entry point)."""


def end_page() -> NoReturn:
    """End the current page here, as ``st.stop()`` would, and let the app finish its run.

    After ``st.stop()`` Streamlit refuses every further element of the run, so the
    sidebar's status, downloads and undo/redo (drawn after the page) would be missing;
    the entry point (:func:`teamsim_app.main.run`) catches this and draws them.
    """
    raise PageEnd


class UnexpectedError(Exception):
    """Shown instead of an exception teamsim did not foresee (the original is logged)."""


#: The message of :func:`unexpected`.
UNEXPECTED_PAGE = ("Something went wrong on this page. The details are in the server log; "
                   "your scenario and your edits are unchanged.")


def unexpected(e: BaseException) -> None:
    """Log ``e`` with its traceback on the server; show the page a message without details.

    The message is an exception element (``st.exception``) without a traceback, so the
    app's tests still see that the page failed.
    """
    log_unexpected("unexpected error on a page", e)
    st.exception(UnexpectedError(UNEXPECTED_PAGE))


def log_unexpected(what: str, e: BaseException) -> None:
    """Log ``e`` on the server with the last 30 frames of its traceback (a RecursionError
    has a thousand)."""
    log.error("%s: %s", what, "".join(traceback.format_exception(e, limit=-30)).rstrip())
