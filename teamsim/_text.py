"""User text is data: neutralise control characters before it reaches a terminal.

Names come from files other people wrote. A name may hold ANSI escape sequences
(which clear the screen or recolour it), newlines and carriage returns (which
forge extra lines such as a fake ``error: ... fix: rm -rf /``), Unicode
bidirectional overrides (which reorder what is shown, as in "Trojan Source"
attacks), or invisible characters such as zero-width spaces and joiners (which make
two different names look the same). :func:`printable` replaces
every such character by a visible escape, so what a terminal shows is what the
file says. Rich markup is a separate matter: the command line prints user text
with markup off (see ``teamsim.cli._app``).
"""

from __future__ import annotations

import functools
import re

__all__ = ["INVISIBLE", "clip", "markdown_escape", "plural", "printable"]

# Invisible characters a terminal or browser acts on or hides: every Unicode format
# character (category Cf, Unicode 15: soft hyphen, zero-width space/joiners, LRM/RLM,
# bidirectional embeddings, overrides and isolates, word joiner and invisible operators,
# BOM, interlinear annotation, the tag characters U+E0000-E007F ...), the line and
# paragraph separators, and the Hangul fillers that render as blank "letters".
# tests/test_safe_text.py checks this list against unicodedata.
INVISIBLE = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u180e"
             "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0"
             "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
             "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")


@functools.cache
def _unsafe() -> re.Pattern[str]:
    """C0 controls (tab and newline included), DEL, C1 controls, and the invisible characters;
    compiled on first use (the class takes milliseconds, which ``teamsim --help`` need not pay)."""
    return re.compile(f"[\x00-\x1f\x7f-\x9f{INVISIBLE}]")


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    o = ord(c)
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(
        c, f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}")


def printable(text: object) -> str:
    """Return ``str(text)`` with every control character shown as a visible escape.

    Parameters
    ----------
    text : object
        Any value; it is converted with ``str``.

    Returns
    -------
    str
        The text on one line, safe to print to a terminal: newline, carriage return,
        tab, ESC and the other C0/C1 controls, DEL, bidirectional overrides and
        isolates, zero-width and other invisible format characters are replaced by
        ``\\n``, ``\\r``, ``\\t``, ``\\x1b``, ``\\u202e``, ``\\u200b`` and so on.

    Examples
    --------
    >>> printable("Ann")
    'Ann'
    >>> printable("Ann\\x1b[2J")
    'Ann\\\\x1b[2J'
    >>> print(printable("Bob\\nerror: fake"))
    Bob\\nerror: fake
    >>> print(printable("admin\\u200b"), printable("\\u202eevil\\u202c"))
    admin\\u200b \\u202eevil\\u202c
    """
    s = str(text)
    unsafe = _unsafe()
    return unsafe.sub(_escape, s) if unsafe.search(s) else s


@functools.cache
def _markdown_special() -> re.Pattern[str]:
    return re.compile(r"([\\`*_\[\]<>|~#])")


def markdown_escape(text: object) -> str:
    """Return :func:`printable` text with every Markdown special character backslash-escaped.

    A name cannot become a link, an image, emphasis, a heading or a new table cell:
    backslash, backtick, ``*``, ``_``, brackets, ``<``, ``>``, ``|``, ``~`` and ``#`` get a
    backslash, ``&`` becomes ``&amp;`` (no entity), and control characters such as a newline are
    shown as escapes (by :func:`printable`, its backslash escaped in turn, so a Markdown viewer
    shows ``\\n``): the text stays on its line and in its cell.

    Parameters
    ----------
    text : object
        Any value; it is converted with ``str``.

    Returns
    -------
    str
        Text safe inside a Markdown paragraph, heading or GitHub-flavoured table cell.

    Examples
    --------
    >>> print(markdown_escape("a|b ![x](http://h/x.png) &lt;"))
    a\\|b !\\[x\\](http://h/x.png) &amp;lt;
    >>> print(markdown_escape("Bo\\n# fake heading"))
    Bo\\\\n\\# fake heading
    """
    return _markdown_special().sub(r"\\\1", printable(text)).replace("&", "&amp;")


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``n`` with thousands separators and ``noun``, plural unless n is 1 (``many``, by
    default ``noun + "s"``).

    Examples
    --------
    >>> plural(1, "run"), plural(0, "row"), plural(12000, "run"), plural(2, "person", "people")
    ('1 run', '0 rows', '12,000 runs', '2 people')
    """
    return f"{n:,} " + (noun if n == 1 else many or noun + "s")


def clip(text: object, most: int = 200) -> str:
    """``text`` cut to at most ``most`` characters (the cut marked with "…"), for quoting in a message.

    A message quotes what the user gave it: a line, a name, a path. A damaged file can
    make that one "line" hundreds of kilobytes long (a log whose line ends are lone
    carriage returns), so every quote is bounded.

    Examples
    --------
    >>> clip("x" * 500, 10), clip("short")
    ('xxxxxxxxx…', 'short')
    """
    s = str(text)
    return s if len(s) <= most else s[:most - 1] + "…"
