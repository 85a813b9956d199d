"""GitHub CODEOWNERS files, mapped to services by path.

GitHub's rules (docs "About code owners"): one rule per line, a pattern then
owners (``@user``, ``@org/team`` or an e-mail address); ``#`` starts a comment;
**the last matching pattern wins**; a pattern with no owners leaves the paths it
matches unowned. Patterns follow gitignore syntax as GitHub documents it:

* ``*`` matches any characters except ``/``; ``?`` one such character;
* a pattern without a ``/`` (other than a trailing one) matches at any depth
  (``*.js``, ``apps/``); a leading or inner ``/`` anchors it at the root
  (``/build/logs/``, ``docs/*``);
* a trailing ``/`` matches directories only (and everything inside them);
* ``**`` matches across directories: ``**/logs``, ``docs/**``, ``a/**/b``
  (as a whole segment; inside one, as in ``a**b``, it is a plain ``*``);
* a pattern matching a directory matches every file under it, except a pattern
  ending in ``/*``, which matches only the directory's direct children
  (GitHub: ``docs/*`` owns ``docs/getting-started.md`` but not
  ``docs/build-app/troubleshooting.md``);
* ``!`` negation and ``[ ]`` character ranges do not work on GitHub: such lines
  are skipped with a warning; ``\\#`` escapes a pattern starting with ``#``.

Services are mapped to paths with ``service_paths`` (``{"cartservice":
"src/cartservice/"}``); a service's owners are the owners of any file directly
in its folder (:func:`folder_owner_rule`). An ``@org/team`` owner becomes the
existing team ``org/team`` or ``team`` (case-insensitive) or else a new team
``org/team``; a user or e-mail owner is a person, not a team, so the service
gets no owning team and a warning says so.

Examples
--------
>>> rules = parse_codeowners("* @acme/platform\\n/src/cart/ @acme/carts\\n/src/cart/vendor/\\n", "CODEOWNERS")
>>> owners_of(rules, "src/cart/main.go"), owners_of(rules, "src/cart/vendor/x.go"), owners_of(rules, "README")
(('@acme/carts',), (), ('@acme/platform',))
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from teamsim.errors import InputError
from teamsim.importers._result import ImportResult, ImportWarning
from teamsim.importers._yaml import read_text
from teamsim.limits import check_count
from teamsim.scenario import Scenario

__all__ = [
    "CodeownersResult",
    "CodeownersRule",
    "RuleIndex",
    "apply_codeowners",
    "check_path_template",
    "check_repo_folder",
    "fill_path_template",
    "folder_owner_rule",
    "normalise_folder",
    "last_match",
    "owners_of",
    "parse_codeowners",
    "pattern_regex",
    "read_codeowners",
    "service_folder_list",
]

_OWNER = re.compile(r"^(@[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9_.-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$")


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
    parse_codeowners : Compiles each rule's pattern with it.
    last_match : The rule whose pattern decides a path's owners.

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


class CodeownersResult(ImportResult):
    """A scenario with the owners a CODEOWNERS file gave (see :func:`apply_codeowners`).

    Attributes
    ----------
    decided : dict of str to list of str
        Each service the file gave owner teams, with them (also when they are the owners
        the other sources gave).
    """

    decided: dict[str, list[str]] = {}


@dataclass(frozen=True)
class CodeownersRule:
    """One CODEOWNERS line: pattern, owners (possibly none) and its line number."""

    pattern: str
    owners: tuple[str, ...]
    line: int

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        return pattern_regex(self.pattern)

    @cached_property
    def catch_all(self) -> bool:
        """True for a rule made of wildcards only (``*``, ``**``, ``*/``): it names no path.

        Examples
        --------
        >>> [CodeownersRule(p, (), 1).catch_all for p in ("*", "/**", "*.go", "/src/")]
        [True, True, False, False]
        """
        return self.matches("\0\0/\0\0/\0\0")

    @cached_property
    def _inside(self) -> re.Pattern[str]:
        """Matches a path below a folder the pattern matches (one regex, not one per ancestor)."""
        return re.compile(f"(?:{self._regex.pattern})/.*", re.DOTALL)

    def matches(self, path: str, *, is_dir: bool = False) -> bool:
        """True if the rule applies to ``path`` (a file, or a folder with ``is_dir``).

        It applies when it matches the path itself (a pattern ending in ``/`` only a
        folder) or, unless it ends in ``/*``, any folder the path is in.
        """
        path = path.strip("/")
        if (is_dir or not self.pattern.endswith("/")) and self._regex.fullmatch(path):
            return True
        # GitHub: "docs/*" owns the files directly in docs, not those deeper down; "docs/*/"
        # names folders, and a folder's rule covers everything inside it (as in gitignore)
        children_only = self.pattern.endswith("/*")
        return not children_only and self._inside.fullmatch(path) is not None


def parse_codeowners(text: str, file: str = "CODEOWNERS",
                     warnings: list[ImportWarning] | None = None) -> list[CodeownersRule]:
    """Parse CODEOWNERS text into rules, in file order.

    Parameters
    ----------
    text : str
        The file's content: one ``pattern owner...`` rule per line, ``#`` comments.
    file : str
        Name used in warnings.
    warnings : list, optional
        Receives an :class:`ImportWarning` per skipped line or bad owner.

    Returns
    -------
    list of CodeownersRule
        One rule per rule line, with its pattern, owners and line number.

    Raises
    ------
    InputError
        A pattern longer than ``max_codeowners_pattern`` characters (with its line).

    See Also
    --------
    pattern_regex : The regex of each rule's pattern.
    apply_codeowners : Applies the rules to a scenario's services.
    read_codeowners : Reads and applies a CODEOWNERS file.

    Examples
    --------
    >>> [(r.pattern, r.owners) for r in parse_codeowners("# c\\n*.go @a/go  # tail\\n\\\\#x @b\\n")]
    [('*.go', ('@a/go',)), ('#x', ('@b',))]
    """
    warnings = warnings if warnings is not None else []
    rules = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        toks = line.split()
        pattern, owners = toks[0], []
        try:
            check_count("max_codeowners_pattern", len(pattern), file=file, entity=f"pattern on line {n}",
                        what="CODEOWNERS pattern length")
        except InputError as e:
            e.line = n
            raise
        for tok in toks[1:]:
            if tok.startswith("#"):
                break
            if _OWNER.match(tok):
                owners.append(tok)
            else:
                warnings.append(ImportWarning(
                    message=f"owner {tok!r} is not @user, @org/team or an e-mail; ignored",
                    file=file, line=n, entity=f"pattern {pattern}",
                    hint="GitHub ignores invalid owners too", kind="invalid code owner"))
        if pattern.startswith("!"):
            warnings.append(ImportWarning(message=f"negated pattern {pattern!r} does not work on GitHub; "
                                          "line skipped", file=file, line=n,
                                          hint="remove the line or write a rule with no owners",
                                          kind="negated pattern"))
            continue
        if pattern.startswith("[") and pattern.endswith("]"):
            warnings.append(ImportWarning(message=f"section header {pattern!r} is GitLab syntax; line "
                                          "skipped", file=file, line=n, kind="gitlab section"))
            continue
        if "[" in pattern:
            warnings.append(ImportWarning(message=f"character range in {pattern!r} does not work on "
                                          "GitHub; matched literally", file=file, line=n,
                                          kind="character range"))
        if pattern.startswith("\\#"):
            pattern = pattern[1:]
        rules.append(CodeownersRule(pattern, tuple(owners), n))
    return rules


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
    >>> rules = parse_codeowners("* @o/default\\nservices/a/** @o/a\\nservices/b/* @o/b\\n*.go @o/go\\n")
    >>> [folder_owner_rule(rules, f"services/{x}/").owners for x in "abc"]
    [('@o/a',), ('@o/b',), ('@o/default',)]
    """
    path = path.lstrip("/")
    if path.endswith("/") or not path:
        return last_match(rules, path + ANY_FILE)
    return last_match(rules, path)


_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


def check_repo_folder(path: str, *, entity: str, file: str | None = None, line: int | None = None,
                      example: str = "src/cartservice/", relative: bool = True) -> str:
    """Check a service folder: a literal path inside the repository.

    Parameters
    ----------
    path : str
        A folder, as written in a service-paths CSV or template.
    entity : str
        What the folder belongs to, for the message (``"service 'cart'"``).
    file, line : optional
        Where it was written, for the message.
    example : str
        A correct folder, for the hint.
    relative : bool, default True
        Refuse absolute paths (``/src``, ``C:\\src``, ``\\\\host``); a template keeps its
        historical leading ``/`` (the repository root).

    Returns
    -------
    str
        The path, unchanged.

    Raises
    ------
    InputError
        An absolute path, a ``..`` segment (the folder would leave the
        repository), or a wildcard ``*`` / ``?`` (folders are literal, not globs;
        ``[`` ``]`` are ordinary characters, as in Next.js's ``[id]`` folders).

    See Also
    --------
    normalise_folder : The normal form of a folder.
    check_path_template : The check of a ``{name}`` template.

    Examples
    --------
    >>> check_repo_folder("src/[id]/", entity="service 'a'")
    'src/[id]/'
    >>> try:
    ...     check_repo_folder("src/../etc", entity="service 'a'")
    ... except InputError as e:
    ...     print(e.message)
    path 'src/../etc' has a '..' segment: service folders are inside the repository
    """
    where = {"file": file, "line": line, "entity": entity}
    if relative and (path.startswith(("/", "\\")) or _DRIVE.match(path)):
        raise InputError(f"path {path!r} is absolute: service folders are relative to the repository root",
                         hint=f"write the folder from the repository root without a leading '/', "
                              f"e.g. {example}", **where)
    if ".." in re.split(r"[\\/]", path):
        raise InputError(f"path {path!r} has a '..' segment: service folders are inside the repository",
                         hint=f"write the folder from the repository root, e.g. {example}", **where)
    if "*" in path or "?" in path:
        raise InputError(f"path {path!r} has a wildcard: service folders are literal paths, not globs",
                         hint=f"list each folder on its own row (a service may have several), e.g. {example}",
                         **where)
    return path


def check_path_template(template: str) -> str:
    """Check a service-path template: its only placeholder may be ``{name}``.

    Parameters
    ----------
    template : str
        A repository folder with ``{name}`` for the service name, e.g. ``"src/{name}/"``.

    Returns
    -------
    str
        The template, unchanged.

    Raises
    ------
    InputError
        An unknown placeholder (``{nme}``), a positional ``{}``, a format spec,
        an unbalanced brace, or a folder :func:`check_repo_folder` refuses (a
        ``..`` segment or a wildcard; a leading ``/`` means the repository root).

    See Also
    --------
    fill_path_template : Fills a checked template in.
    check_repo_folder : The check of the folder it gives.

    Examples
    --------
    >>> check_path_template("src/{name}/")
    'src/{name}/'
    >>> try:
    ...     check_path_template("svc/{nme}/")
    ... except InputError as e:
    ...     print(e.message)
    unknown placeholder {nme}; use {name} (service-path template 'svc/{nme}/')
    """
    import string

    def bad(msg: str) -> InputError:
        return InputError(f"{msg}; use {{name}} (service-path template {template!r})",
                          entity="--service-paths",
                          hint="write the service folder as e.g. 'src/{name}/' (literal braces as {{ }})")

    try:
        fields = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(template)
                  if f is not None]
    except ValueError as e:
        raise bad(f"malformed braces ({e})") from None
    if not fields:
        raise InputError(f"service-path template {template!r} has no {{name}}: every service would get "
                         "the same folder", entity="--service-paths",
                         hint="include {name}, e.g. 'src/{name}/', or give a CSV file of service,path rows")
    for f, spec, conv in fields:
        if f != "name":
            raise bad(f"unknown placeholder {{{f}}}")
        if spec or conv:
            raise bad(f"format options in {{{f}{'!' + conv if conv else ''}{':' + spec if spec else ''}}}")
    return check_repo_folder(template, entity="--service-paths", example="src/{name}/", relative=False)


def _team_name(owner: str) -> str | None:
    return owner[1:] if owner.startswith("@") and "/" in owner else None


def _svc_entry(x) -> str:
    return x if isinstance(x, str) else x["name"]


def normalise_folder(path: str) -> str:
    """A repository folder with ``.`` segments and repeated ``/`` collapsed.

    ``src/./cart/`` and ``src//cart`` name the folder ``src/cart`` as git writes it;
    a leading and a trailing ``/`` are kept.

    Parameters
    ----------
    path : str
        A folder as written in a service-paths CSV or a filled-in template.

    Returns
    -------
    str
        The same folder, spelt as CODEOWNERS rules and git paths spell it.

    See Also
    --------
    check_repo_folder : Refuses a folder outside the repository.
    service_folder_list : A service's folders, normalised.

    Examples
    --------
    >>> normalise_folder("src/./front/"), normalise_folder("src//cart"), normalise_folder("/./a//")
    ('src/front/', 'src/cart', '/a/')
    """
    segs = [s for s in path.split("/") if s not in ("", ".")]
    if not segs:
        return "/" * path.startswith("/")
    return "/" * path.startswith("/") + "/".join(segs) + "/" * path.endswith("/")


def fill_path_template(template: str, name: str) -> str:
    """A service's folder from a ``{name}`` template, checked as a literal repository folder.

    Parameters
    ----------
    template : str
        A template accepted by :func:`check_path_template`, e.g. ``"src/{name}/"``.
    name : str
        The service's name.

    Returns
    -------
    str
        The folder (normalised by :func:`normalise_folder`).

    Raises
    ------
    InputError
        The filled-in folder leaves the repository or has a wildcard (a service
        named ``..`` or ``*``): :func:`check_repo_folder`, naming service and template.

    See Also
    --------
    check_path_template : The check of the template itself.
    service_folder_list : A service's folders from a template or a mapping.

    Examples
    --------
    >>> fill_path_template("src/{name}/", "cart")
    'src/cart/'
    >>> try:
    ...     fill_path_template("src/{name}/", "..")
    ... except InputError as e:
    ...     print(e.message)
    path 'src/../' has a '..' segment: service folders are inside the repository
    """
    path = template.format(name=name)
    try:
        check_repo_folder(path, entity=f"service {name!r} (service-path template {template!r})",
                          relative=False)
    except InputError as e:
        e.hint = "rename the service, or give --service-paths a CSV file of service,path rows"
        raise
    return normalise_folder(path)


def service_folder_list(service_paths: Mapping[str, str | Iterable[str]] | str, name: str) -> list[str]:
    """The repository folders of a service: a ``{name}`` template filled in, or the mapping's entry.

    Parameters
    ----------
    service_paths : str or mapping
        A template such as ``"src/{name}/"``, or service -> folder(s).
    name : str
        The service's name.

    Returns
    -------
    list of str
        The folders, normalised (none for a service the mapping does not list).

    Raises
    ------
    InputError
        A template whose filled-in folder is refused (:func:`fill_path_template`).

    See Also
    --------
    fill_path_template : Fills in a ``{name}`` template.
    teamsim.ownership.service_folders : The same folders, for the ownership analyses.

    Examples
    --------
    >>> service_folder_list("src/{name}/", "cart"), service_folder_list({"cart": ["a//b/"]}, "cart")
    (['src/cart/'], ['a/b/'])
    """
    if isinstance(service_paths, str):
        return [fill_path_template(service_paths, name)]
    v = service_paths.get(name)
    return [] if v is None else [normalise_folder(p) for p in ([v] if isinstance(v, str) else v)]


def _service_folders(service_paths: Mapping[str, str | Iterable[str]] | str, name: str) -> list[str]:
    """The repository folders of a service, each ending in ``/`` (``src/x`` is ``src/x/``)."""
    return [p.rstrip("/") + "/" for p in service_folder_list(service_paths, name)]


def _path_owner_warning(path: str, rule: CodeownersRule | None, people: list[str], tnames: list[str],
                        service: str, file: str) -> ImportWarning | None:
    """The warning for a service path that no rule gives an owner, or only people own; else None."""
    if rule is None or not rule.owners:
        return ImportWarning(
            message=f"path {path!r} has no code owner"
                    + (f" (rule {rule.pattern!r} has no owners)" if rule else ""),
            file=file, line=rule.line if rule else None, entity=f"service {service!r}",
            hint="add a CODEOWNERS rule with an @org/team owner", kind="path without code owner")
    if people and not tnames:
        return ImportWarning(
            message=f"path {path!r} is owned by {', '.join(people)}: a person, not a team",
            file=file, line=rule.line if rule else None, entity=f"service {service!r}",
            hint="make an @org/team the code owner", kind="path owned by a person")
    return None


def apply_codeowners(scenario: Scenario, rules: list[CodeownersRule],
                     service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/", *,
                     file: str = "CODEOWNERS", no_folder: Collection[str] = ()) -> CodeownersResult:
    """Set each service's owners from CODEOWNERS rules.

    Parameters
    ----------
    scenario : Scenario
        Services (and possibly teams and people) from another source, e.g. a
        catalog or a dependency CSV; teams already in it keep their members.
    rules : list of CodeownersRule
        Rules in file order, from :func:`parse_codeowners`.
    service_paths : mapping or str, default "{name}/"
        Service -> folder(s) in the repository, or a template such as
        ``"src/{name}/"``. A service with several folders gets the owners of
        each (shared ownership, weights = number of folders). Paths are
        folders: ``src/{name}`` and ``src/{name}/`` are the same.
    file : str
        Name used in warnings.
    no_folder : collection of str
        Services with no folder in the repository (a catalog's Resources:
        databases, queues, buckets). A rule of wildcards only (``*``) does not
        take them from the owner another source gives; a rule naming their
        path still does.

    Returns
    -------
    CodeownersResult
        The scenario with the owner teams of the services, and warnings for
        services that are unowned or owned by individuals, for owners that
        differ from the other sources', and for rules that decide no service;
        ``decided`` lists the owner teams it gave each service.

    Raises
    ------
    InputError
        A service-path template with a placeholder other than ``{name}``.

    See Also
    --------
    read_codeowners : Reads the CODEOWNERS file first.
    parse_codeowners : The rules it applies.
    folder_owner_rule : The rule deciding one service's owners.

    Notes
    -----
    A service folder's owner is decided by :func:`folder_owner_rule` (the
    owner of any file directly in it). ``@org/team`` becomes the existing team
    named ``org/team`` or ``team`` (case-insensitive, as GitHub team names are),
    else a new team ``org/team`` (spelt as first seen). **Precedence**: for a
    service that CODEOWNERS gives an owner team, that team replaces the owners
    from the other sources, with a warning when they differ; a service whose
    folder has no owner or only a person as owner keeps the other sources'
    owner. O(service paths x (path depth + rules of wildcards only)),
    through a :class:`RuleIndex`.

    Examples
    --------
    >>> s = Scenario.model_validate({"services": [{"name": "cart"}, {"name": "web"}]})
    >>> r = apply_codeowners(s, parse_codeowners("* @o/web\\n/src/cart/ @o/carts @o/web\\n"), "src/{name}/")
    >>> [(t.name, t.service_names) for t in r.scenario.teams]
    [('o/carts', ['cart']), ('o/web', ['cart', 'web'])]
    """
    if isinstance(service_paths, str):
        check_path_template(service_paths)
    warnings: list[ImportWarning] = []
    weights: dict[str, dict[str, float]] = {}
    unresolved: dict[str, str] = {}
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    teams = {t["name"].lower(): t for t in data.get("teams", [])}
    before: dict[str, list[str]] = {}
    for t in teams.values():
        for x in t.get("services", []):
            before.setdefault(_svc_entry(x), []).append(t["name"])
    mapped: dict[str, str] = {}

    def team_for(owner: str) -> str:
        """``@org/x`` -> an existing team ``org/x`` or ``x`` (case-insensitive), else ``org/x``."""
        full = owner[1:]
        for k in (full.lower(), full.split("/", 1)[1].lower()):
            if k in teams:
                name = teams[k]["name"]
                if name != full and owner.lower() not in mapped:
                    mapped[owner.lower()] = name
                return name
        teams[full.lower()] = {"name": full}
        return full

    warnings += _stray_paths(service_paths, scenario, file)
    used_lines: set[int] = set()
    kept_resources: set[int] = set()
    index = RuleIndex(rules)
    for s in scenario.services:
        paths = _service_folders(service_paths, s.name)
        if not paths:
            warnings.append(ImportWarning(
                message="no repository path given for the service; CODEOWNERS not applied to it",
                file=file, entity=f"service {s.name!r}", hint="add the service to the service-paths mapping",
                kind="no service path"))
            continue
        w: dict[str, float] = {}
        lines: list[int] = []
        for p in paths:
            rule = folder_owner_rule(index, p)
            if rule is not None and s.name in no_folder and before.get(s.name) and rule.catch_all:
                kept_resources.add(rule.line)
                continue  # a default owner does not take a database from its catalog owner
            owners = () if rule is None else rule.owners
            if rule is not None:
                used_lines.add(rule.line)
                lines.append(rule.line)
            tnames = list(dict.fromkeys(team_for(o) for o in owners if _team_name(o)))
            people = [o for o in owners if _team_name(o) is None]
            if owners and people and not tnames:
                unresolved[s.name] = "user:" + people[0].lstrip("@")
            warning = _path_owner_warning(p, rule, people, tnames, s.name, file)
            if warning is not None:
                warnings.append(warning)
            for t in tnames:
                w[t] = w.get(t, 0.0) + 1.0 / len(tnames)
        old = before.get(s.name, [])
        if w:
            weights[s.name] = w
            if old and {o.lower() for o in old} != {t.lower() for t in w}:
                warnings.append(_differs(s.name, old, list(w), lines, file))
        elif old and s.name in unresolved:
            warnings.append(ImportWarning(
                message=f"CODEOWNERS names a person for {s.name!r}; the other sources' owner "
                        f"{', '.join(old)} is kept", file=file, entity=f"service {s.name!r}",
                        kind="person code owner kept out"))
            unresolved.pop(s.name)
    warnings += _taken_teams(mapped, file) + _unused_rules(rules, used_lines, file, kept_resources)
    _reassign(teams, weights)
    for sd in data.get("services", []):
        if sd["name"] in unresolved and sd["name"] not in weights:
            sd["unresolved_owner"] = unresolved[sd["name"]]
    data["teams"] = [t for t in teams.values() if t.get("members") or t.get("services")
                     or t.get("capacity") is not None]
    return CodeownersResult(scenario=Scenario.model_validate(data), warnings=warnings, sources=[file],
                            decided={svc: list(w) for svc, w in weights.items()})


def _taken_teams(mapped: Mapping[str, str], file: str) -> list[ImportWarning]:
    """A warning per code owner (``@org/x``) taken to be an existing team of another name (``x``)."""
    return [ImportWarning(message=f"code owner {owner} is taken to be the existing team {name!r}", file=file,
                          entity=f"team {name!r}", kind="code owner is an existing team")
            for owner, name in mapped.items()]


def _stray_paths(service_paths: Mapping[str, str | Iterable[str]] | str, scenario: Scenario,
                 file: str) -> list[ImportWarning]:
    """A warning for the services a service-paths mapping names that no source declares."""
    if isinstance(service_paths, str):
        return []
    declared = {s.name for s in scenario.services}
    stray = [n for n in service_paths if n not in declared]
    if not stray:
        return []
    shown = ", ".join(repr(n) for n in stray[:5]) + (f" and {len(stray) - 5} more" if len(stray) > 5 else "")
    return [ImportWarning(
        message=f"the service-paths mapping names {len(stray)} service{'s' * (len(stray) > 1)} that no "
                f"source declares ({shown}); their paths are not used", file=file,
        hint="fix the spelling, or declare the service in a catalog, scenario or dependency list",
        kind="service path of no service")]


def _differs(service: str, old: list[str], new: list[str], lines: list[int], file: str) -> ImportWarning:
    where = ", ".join(str(n) for n in dict.fromkeys(lines))
    return ImportWarning(
        message=f"owner of {service!r} differs: the other sources say {', '.join(old)}, "
                f"CODEOWNERS (line {where}) says {', '.join(new)}; CODEOWNERS is used",
        file=file, line=lines[-1] if lines else None, entity=f"service {service!r}",
        hint="make the sources agree, or leave the service out of CODEOWNERS", kind="owner differs")


def _unused_rules(rules: list[CodeownersRule], used_lines: set[int], file: str,
                  kept_resources: Collection[int] = ()) -> list[ImportWarning]:
    """A warning per rule that decides no service's owner, saying why when it can tell.

    A rule of wildcards only (``*``) matches every folder: it decides nothing when every
    service folder has a later, more specific rule (and the services without a folder keep
    their catalog owner, ``kept_resources`` lists such rules' lines). A wildcard pattern without
    a folder (``*.md``) matches only some files of a folder, never the folder itself.
    """
    def why(r: CodeownersRule) -> str:
        if r.catch_all:
            return (" (every service folder has a later, more specific rule"
                    + ("; services without a folder keep their catalog owner" if r.line in kept_resources
                       else "") + ")")
        if "*" in r.pattern and "/" not in r.pattern.rstrip("/"):
            return " (it matches only some files of a folder)"
        return ""

    return [ImportWarning(
        message=f"rule {r.pattern!r} decides the owner of no service" + why(r), file=file, line=r.line,
        hint="a service folder's owner is the owner of any file directly in it; check --service-paths",
        kind="rule decides no service") for r in rules if r.line not in used_lines]


def _reassign(teams: dict[str, dict], weights: dict[str, dict[str, float]]) -> None:
    """Give each service CODEOWNERS decided to its owner teams (shared: with weights)."""
    for t in teams.values():
        t["services"] = [x for x in t.get("services", []) if _svc_entry(x) not in weights]
    for svc, w in weights.items():
        for team, wt in w.items():
            t = teams[team.lower()]
            t.setdefault("services", []).append(svc if wt == 1.0 and len(w) == 1 else
                                                {"name": svc, "weight": wt})


def read_codeowners(path: str | Path, scenario: Scenario,
                    service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/", *,
                    no_folder: Collection[str] = ()) -> CodeownersResult:
    """Read a CODEOWNERS file and apply it to a scenario's services (see :func:`apply_codeowners`).

    Parameters
    ----------
    path : str or pathlib.Path
        The CODEOWNERS file (a regular file within the size limit).
    scenario : Scenario
        Services (and possibly teams and people) from another source.
    service_paths : mapping or str, default "{name}/"
        Service -> folder(s) in the repository, or a template such as
        ``"src/{name}/"``; as in :func:`apply_codeowners`.
    no_folder : collection of str
        Services with no folder in the repository; as in :func:`apply_codeowners`.

    Returns
    -------
    CodeownersResult
        The scenario with the services' owner teams, the warnings of parsing
        and applying the file, the file as its source, and the owners it decided.

    Raises
    ------
    InputError
        Missing or unreadable file, or a file without any rule.

    See Also
    --------
    parse_codeowners : Parse CODEOWNERS text.
    apply_codeowners : Apply parsed rules to a scenario.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> s = Scenario.model_validate({"services": [{"name": "cart"}]})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "CODEOWNERS")
    ...     _ = f.write_text("/cart/ @o/carts\\n")
    ...     r = read_codeowners(f, s)
    >>> [(t.name, t.service_names) for t in r.scenario.teams]
    [('o/carts', ['cart'])]
    """
    file = str(path)
    warnings: list[ImportWarning] = []
    rules = parse_codeowners(read_text(path), file, warnings)
    if not rules:
        raise InputError("CODEOWNERS has no rules", file=file,
                         hint="add lines such as '/src/cart/ @org/carts'")
    r = apply_codeowners(scenario, rules, service_paths, file=file, no_folder=no_folder)
    return r.model_copy(update={"warnings": [*warnings, *r.warnings]})
