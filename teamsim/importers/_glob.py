"""Glob patterns over a folder tree in one iterative walk, linear in the tree's size.

:meth:`pathlib.Path.glob` recurses once per folder level (a 1,000-deep folder chain
raises ``RecursionError``) and walks the tree once per ``**`` (``**/**/**/x`` costs
depth³). :func:`glob_files` walks each folder once with an explicit stack, carrying
the set of pattern positions that can still match below it (a small automaton, so
no regular-expression backtracking across folders), and never descends a symlinked
folder. The semantics are :meth:`pathlib.Path.glob`'s (POSIX, case-sensitive):
``**`` as a whole segment matches zero or more folders; ``*``, ``?`` and ``[...]``
match within one name (hidden names included).

Examples
--------
>>> import pathlib, tempfile
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> for f in ("a/catalog-info.yaml", "a/b/c/catalog-info.yaml", "a/b/x.yml"):
...     (d / f).parent.mkdir(parents=True, exist_ok=True)
...     _ = (d / f).write_text("x")
>>> w = glob_files(d, "./**/catalog-info.yaml")
>>> [str(p.relative_to(d)) for p in w.files]
['a/b/c/catalog-info.yaml', 'a/catalog-info.yaml']
>>> [str(p.relative_to(d)) for p in glob_files(d, "a/*/*.y*ml").files]
['a/b/x.yml']
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["GlobWalk", "glob_files", "pattern_segments"]


def pattern_segments(pattern: str) -> list[str]:
    """The segments of a relative glob, without ``.`` and empty ones, ``**/**`` as one ``**``.

    Examples
    --------
    >>> pattern_segments("./**/**/**/x.yaml")
    ['**', 'x.yaml']
    """
    out: list[str] = []
    for s in pattern.split("/"):
        if s in ("", ".") or (s == "**" and out and out[-1] == "**"):
            continue
        out.append(s)
    return out


@dataclass
class GlobWalk:
    """What one walk found: matching files (symlinks included, not resolved), the
    symlinked folders the pattern would have entered, and folders that could not be
    listed (with the reason)."""

    files: list[Path] = field(default_factory=list)
    linked_folders: list[Path] = field(default_factory=list)
    unreadable: list[tuple[Path, str]] = field(default_factory=list)


def _matcher(seg: str) -> Callable[[str], bool]:
    if not any(c in seg for c in "*?["):
        return seg.__eq__
    rx = re.compile(fnmatch.translate(seg))  # linear: translate avoids backtracking on '*'
    return lambda name: rx.match(name) is not None


class _Automaton:
    """Pattern positions: ``i`` means "the next name must match segment ``i``"."""

    def __init__(self, segs: list[str]) -> None:
        self.segs, self.n = segs, len(segs)
        self.star = [s == "**" for s in segs]
        self.match = [None if s == "**" else _matcher(s) for s in segs]

    def closure(self, states: set[int]) -> frozenset[int]:
        """Add the position after each ``**`` (it may match no folder)."""
        out = set(states)
        for s in sorted(states):
            while s < self.n and self.star[s]:
                s += 1
                out.add(s)
        return frozenset(out)

    def folder(self, states: frozenset[int], name: str) -> frozenset[int]:
        """Positions below folder ``name``; empty when nothing below can match."""
        nxt = {s if self.star[s] else s + 1 for s in states
               if s < self.n and (self.star[s] or self.match[s](name))}  # type: ignore[misc]
        return frozenset(s for s in self.closure(nxt) if s < self.n)

    def file(self, states: frozenset[int], name: str) -> bool:
        last = self.n - 1
        return last in states and not self.star[last] and self.match[last](name)  # type: ignore[misc]


def glob_files(base: Path, pattern: str, count: Callable[[int], None] | None = None) -> GlobWalk:
    """The files below ``base`` matching the relative glob ``pattern``, sorted by path.

    Parameters
    ----------
    base : Path
        The folder the pattern is relative to.
    pattern : str
        A relative glob; ``..`` segments must come first (they move ``base`` up).
    count : callable, optional
        Called with the number of files found so far after each folder, to refuse a
        walk over a limit early (it raises).

    Returns
    -------
    GlobWalk

    Raises
    ------
    ValueError
        ``..`` after another segment.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "x.yaml").write_text("x")
    >>> [p.name for p in glob_files(d, "**/*.yaml").files], glob_files(d, "*.yml").files
    (['x.yaml'], [])
    """
    segs = pattern_segments(pattern)
    while segs and segs[0] == "..":
        base, segs = base.parent, segs[1:]
    if ".." in segs:
        raise ValueError("'..' is only allowed at the start of a pattern")
    out = GlobWalk()
    auto = _Automaton(segs)
    start = auto.closure({0})
    stack = [(str(base), start)] if segs else []
    while stack:
        folder, states = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            out.unreadable.append((Path(folder), e.strerror or str(e)))
            continue
        below = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                nxt = auto.folder(states, entry.name)
                if nxt:
                    below.append((entry.path, nxt))
            elif auto.file(states, entry.name):
                out.files.append(Path(entry.path))
            elif entry.is_symlink() and auto.folder(states, entry.name) and os.path.isdir(entry.path):
                out.linked_folders.append(Path(entry.path))
        if count is not None:
            count(len(out.files))
        stack.extend(reversed(below))
    out.files.sort()
    return out
