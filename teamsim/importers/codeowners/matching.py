"""Which rule owns a path: the last matching rule wins, found through an index on the rules'
wildcard-free segments; a folder's owner is the owner of any file directly in it.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable

from teamsim.importers.codeowners.rules import CodeownersRule

__all__ = ["RuleIndex", "folder_owner_rule", "last_match", "owners_of"]


_WILDCARD = re.compile(r"[*?\\]")


def _index_key(pattern: str) -> tuple[str, str, bool] | None:
    """Where a rule is filed in a :class:`RuleIndex`: ``(kind, key, literal)`` or None.

    An anchored pattern whose leading segments have no wildcard (``/src/cart/``,
    ``src/*/x``) matches only paths starting with those segments: kind ``"root"``, key
    those segments. A pattern of one wildcard-free segment (``vendor/``) matches only
    paths with that segment: kind ``"name"``; so does a pattern starting with a wildcard
    that has a wildcard-free segment (``**/s17/**/*.py`` needs a segment ``s17``), filed
    by its longest such segment. ``literal`` is True when the key is the whole pattern.
    Any other pattern (``*.go``, ``*/*``) is None.
    """
    p = pattern.rstrip("/")
    segs = p.lstrip("/").split("/") if p.lstrip("/") else []
    if not segs:
        return None
    if _WILDCARD.search(segs[0]):
        # "**/s17/**/*.py": every path it matches (or a folder of it) has a segment "s17"
        fixed = [x for x in segs[1:] if x and not _WILDCARD.search(x)]
        return ("name", max(fixed, key=len), False) if fixed else None
    if "/" not in p:
        return ("name", segs[0], True)
    head = []
    for x in segs:
        if _WILDCARD.search(x):
            break
        head.append(x)
    return ("root", "/".join(head), len(head) == len(segs))


class RuleIndex:
    """CODEOWNERS rules indexed by the literal folders and names their patterns start with.

    :func:`last_match` on an index gives the same rule as on the list, in
    O(path depth + rules made of wildcards only) per path instead of O(rules): a
    path is checked only against the rules filed under one of its folders or
    segments (see ``_index_key``) and the rules with no wildcard-free segment. A rule
    without wildcards is decided by comparing strings, with no regex compiled.

    Parameters
    ----------
    rules : iterable of CodeownersRule
        Rules in file order, from :func:`parse_codeowners`.

    Examples
    --------
    >>> from teamsim.importers.codeowners import parse_codeowners
    >>> rules = parse_codeowners("* @o/all\\n/src/a/ @o/a\\nvendor/ @o/v\\n")
    >>> index = RuleIndex(rules)
    >>> [last_match(index, p).line for p in ("src/a/x.go", "src/a/vendor/y", "doc/z")]
    [2, 3, 1]
    """

    def __init__(self, rules: Iterable[CodeownersRule]) -> None:
        self.rules = list(rules)
        self._root: dict[str, list[int]] = {}
        self._name: dict[str, list[int]] = {}
        self._scan: list[int] = []
        self._literal: dict[int, tuple[str, str]] = {}
        for i, r in enumerate(self.rules):
            key = _index_key(r.pattern)
            if key is None:
                self._scan.append(i)
                continue
            kind, k, literal = key
            (self._root if kind == "root" else self._name).setdefault(k, []).append(i)
            if literal:
                self._literal[i] = (kind, k)

    def _candidates(self, path: str) -> list[int]:
        """Positions of the rules that may match ``path`` (no ``/`` at either end), last first."""
        found: list[int] = []
        end = len(path)
        while end > 0:
            found += self._root.get(path[:end], ())
            end = path.rfind("/", 0, end)
        for seg in set(path.split("/")):
            found += self._name.get(seg, ())
        return list(heapq.merge(sorted(set(found), reverse=True), reversed(self._scan), reverse=True))

    def _matches(self, i: int, path: str, is_dir: bool) -> bool:
        """``rules[i].matches(path)`` for a candidate ``path`` (no ``/`` at either end)."""
        rule = self.rules[i]
        if i not in self._literal:
            return rule.matches(path, is_dir=is_dir)
        itself = is_dir or not rule.pattern.endswith("/")  # a folder pattern matches a folder only
        kind, key = self._literal[i]
        if kind == "root":  # a candidate is the folder or lies below it
            return path != key or itself
        segs = path.split("/")
        return key in segs[:-1] or (segs[-1] == key and itself)

    def last_match(self, path: str, *, is_dir: bool = False) -> CodeownersRule | None:
        """The last rule matching ``path``, as :func:`last_match` on the rule list."""
        path = path.strip("/")
        for i in self._candidates(path):
            if self._matches(i, path, is_dir):
                return self.rules[i]
        return None


def last_match(rules: Iterable[CodeownersRule] | RuleIndex, path: str, *,
               is_dir: bool = False) -> CodeownersRule | None:
    """The rule that decides a path's owners: the last one matching it (None if none does).

    Parameters
    ----------
    rules : iterable of CodeownersRule, or RuleIndex
        Rules in file order, from :func:`parse_codeowners`, or their
        :class:`RuleIndex` (the same answer, faster for many paths).
    path : str
        Repository path (a leading or trailing ``/`` is ignored).
    is_dir : bool, default False
        True when ``path`` is a folder (rules ending in ``/`` then match it itself).

    Returns
    -------
    CodeownersRule or None
        The last rule whose pattern applies to the path, or None.

    See Also
    --------
    owners_of : The owners of that rule.
    folder_owner_rule : The deciding rule of a service folder.

    Examples
    --------
    >>> from teamsim.importers.codeowners import parse_codeowners
    >>> rules = parse_codeowners("* @o/a\\n*.js @o/js\\n")
    >>> last_match(rules, "x/y.js").line, last_match(rules, "x/y.py").line
    (2, 1)
    """
    if isinstance(rules, RuleIndex):
        return rules.last_match(path, is_dir=is_dir)
    for r in reversed(list(rules)):
        if r.matches(path, is_dir=is_dir):
            return r
    return None


def owners_of(rules: Iterable[CodeownersRule], path: str, *, is_dir: bool = False) -> tuple[str, ...]:
    """Owners of a path: those of the last matching rule (empty if none matches or it has none).

    Parameters
    ----------
    rules : iterable of CodeownersRule
        Rules in file order, from :func:`parse_codeowners`.
    path : str
        Repository path (a leading or trailing ``/`` is ignored).
    is_dir : bool, default False
        True when ``path`` is a folder.

    Returns
    -------
    tuple of str
        The owners (``@user``, ``@org/team`` or e-mail) as written in the file.

    See Also
    --------
    last_match : The deciding rule itself.

    Examples
    --------
    >>> from teamsim.importers.codeowners import parse_codeowners
    >>> rules = parse_codeowners("*.js @js\\n/apps/ @octocat\\n/apps/github\\n")
    >>> owners_of(rules, "apps/x.js"), owners_of(rules, "apps/github/y.js"), owners_of(rules, "z.js")
    (('@octocat',), (), ('@js',))
    """
    r = last_match(rules, path, is_dir=is_dir)
    return () if r is None else r.owners


#: Stands for "any file directly in the folder" when a service folder is looked up: a file
#: name no real pattern spells out, so ``dir/**``, ``dir/*``, ``dir/`` and ``/dir/`` decide
#: the folder's owner while ``*.go`` (some files only) does not.
ANY_FILE = "\0"


def folder_owner_rule(rules: Iterable[CodeownersRule] | RuleIndex, path: str) -> CodeownersRule | None:
    """The rule deciding the owner of a service at ``path`` (a folder ending in ``/``, or a file).

    A folder's owner is the owner GitHub gives to any file directly in it: the
    last rule matching ``path + <any file name>``. So ``services/a/**``,
    ``services/a/*``, ``/services/a/`` and ``services/a/`` all own the service in
    ``services/a/``, whereas ``*.go`` owns only some of its files and does not.

    Parameters
    ----------
    rules : iterable of CodeownersRule, or RuleIndex
        Rules in file order, from :func:`parse_codeowners`, or their :class:`RuleIndex`.
    path : str
        Repository path without a leading ``/``: a folder ending in ``/``, or a file.

    Returns
    -------
    CodeownersRule or None
        The deciding rule, or None when no rule matches.

    See Also
    --------
    last_match : The deciding rule of a single path.

    Examples
    --------
    >>> from teamsim.importers.codeowners import parse_codeowners
    >>> rules = parse_codeowners("* @o/default\\nservices/a/** @o/a\\nservices/b/* @o/b\\n*.go @o/go\\n")
    >>> [folder_owner_rule(rules, f"services/{x}/").owners for x in "abc"]
    [('@o/a',), ('@o/b',), ('@o/default',)]
    """
    path = path.lstrip("/")
    if path.endswith("/") or not path:
        return last_match(rules, path + ANY_FILE)
    return last_match(rules, path)
