"""CODEOWNERS patterns as GitHub documents them (gitignore syntax, ``**``, anchoring, a trailing ``/``)
compiled to regular expressions.
"""

from __future__ import annotations

import re

__all__ = ["pattern_regex"]


def _segment_regex(seg: str) -> str:
    """One path segment's glob (``*``, ``?``, ``\\x``) as a regex that cannot backtrack badly.

    As CPython's ``fnmatch``: ``a*b*c`` becomes ``a(?>[^/]*?b)[^/]*c``, each middle
    piece matched at its first occurrence (atomic), which is exact for ``*``, so the
    cost is linear in the segment instead of exponential in the number of stars.
    """
    pieces: list[str] = [""]
    i = 0
    while i < len(seg):
        c = seg[i]
        if c == "*":
            if pieces[-1] or len(pieces) == 1 or i == len(seg) - 1:
                pieces.append("")
        elif c == "?":
            pieces[-1] += "[^/]"
        elif c == "\\" and i + 1 < len(seg):
            i += 1
            pieces[-1] += re.escape(seg[i])
        else:
            pieces[-1] += re.escape(c)
        i += 1
    if len(pieces) == 1:
        return pieces[0]
    first, *middle, last = pieces
    return first + "".join(f"(?>[^/]*?{m})" for m in middle if m) + "[^/]*" + last


def pattern_regex(pattern: str) -> re.Pattern[str]:
    """Compile a CODEOWNERS pattern to a regex over repository paths (no leading ``/``).

    gitignore rules, as GitHub documents them: ``*`` and ``?`` stay in one path
    segment; ``**`` as a whole segment spans any number of folders (consecutive ones
    collapse), and a trailing ``/**`` needs at least one; a ``**`` inside a segment is
    an ordinary ``*``; a pattern without an inner ``/`` matches at any depth.

    Parameters
    ----------
    pattern : str
        One CODEOWNERS pattern, as held by ``CodeownersRule.pattern``.

    Returns
    -------
    re.Pattern of str
        A regex to ``fullmatch`` against a path with no leading ``/``.

    See Also
    --------
    teamsim.importers.codeowners.parse_codeowners : Compiles each rule's pattern with it.
    teamsim.importers.codeowners.last_match : The rule whose pattern decides a path's owners.

    Notes
    -----
    Matching time is polynomial of low degree (at most path length x pattern
    length per segment search): the folders a ``**`` skips are searched with
    atomic groups, each ``**`` committing to the first place where the segments
    after it match (exact, as for ``*`` in ``fnmatch``), so no pattern -- even
    1,000 ``**/`` in a row -- makes the regex engine backtrack exponentially.

    Examples
    --------
    >>> js, docs = pattern_regex("*.js"), pattern_regex("/docs/*")
    >>> bool(js.fullmatch("a/b/c.js")), bool(docs.fullmatch("docs/a/b"))
    (True, False)
    >>> bool(pattern_regex("**/" * 1000 + "x").fullmatch("a/" * 5000 + "y"))
    False
    """
    p = pattern.rstrip("/")
    anchored = "/" in p
    segs = p.lstrip("/").split("/") if p.lstrip("/") else []
    if not anchored and segs:
        segs = ["**", *segs]
    if len(segs) > 1 and segs[-1] == "**":
        segs.append("*")  # "docs/**": everything inside docs, not docs itself
    collapsed = [x for i, x in enumerate(segs) if not (x == "**" and i and segs[i - 1] == "**")]
    chunks: list[list[str]] = [[]]  # segment globs between the **s
    for x in collapsed:
        if x == "**":
            chunks.append([])
        else:
            chunks[-1].append(_segment_regex(x))
    if len(chunks) == 1:
        return re.compile("/".join(chunks[0]), re.DOTALL)
    first, *middle, last = ("/".join(c) for c in chunks)
    out = [first + "/" if first else ""]
    out += [f"(?>(?:[^/]*/)*?{m}/)" for m in middle]  # first place each middle chunk fits
    out.append(f"(?:[^/]*/)*{last}" if last else ".*")
    return re.compile("".join(out), re.DOTALL)
