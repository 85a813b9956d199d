"""User text is data: neutralise control characters before it reaches a terminal.

Names come from files other people wrote. A name may hold ANSI escape sequences
(which clear the screen or recolour it), newlines and carriage returns (which
forge extra lines such as a fake ``error: ... fix: rm -rf /``), or Unicode
bidirectional overrides (which reorder what is shown). :func:`printable` replaces
every such character by a visible escape, so what a terminal shows is what the
file says. Rich markup is a separate matter: the command line prints user text
with markup off (see ``teamsim.cli._app``).
"""

from __future__ import annotations

import re

__all__ = ["printable"]

# C0 controls (tab and newline included), DEL, C1 controls, and the Unicode
# bidirectional embedding/override/isolate characters and line/paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c, f"\\x{ord(c):02x}" if ord(c) < 0x100
                                                      else f"\\u{ord(c):04x}")


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
        tab, ESC and the other C0/C1 controls, DEL, and bidirectional overrides are
        replaced by ``\\n``, ``\\r``, ``\\t``, ``\\x1b``, ``\\u202e`` and so on.

    Examples
    --------
    >>> printable("Ann")
    'Ann'
    >>> printable("Ann\\x1b[2J")
    'Ann\\\\x1b[2J'
    >>> print(printable("Bob\\nerror: fake"))
    Bob\\nerror: fake
    """
    s = str(text)
    return _UNSAFE.sub(_escape, s) if _UNSAFE.search(s) else s
