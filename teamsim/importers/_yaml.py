"""Safe, bounded YAML/JSON reading that can say where every value came from.

YAML is built straight from the parser's events (libyaml's when it is installed,
PyYAML's pure-Python parser otherwise) with an explicit stack: no node tree, no
recursion, and the :mod:`teamsim.limits` bounds are checked as events arrive:

- ``max_depth``: nesting depth (2 KB or 200 KB of ``[[[...`` is refused with its
  line, never a ``RecursionError``);
- ``max_yaml_nodes``: nodes that aliases add when expanded (each anchor's expanded
  size is computed once), so a 600-byte "billion laughs" alias bomb is refused
  while ordinary aliases, and documents of any size without them, work; an alias
  inside the node it names (a recursive structure) is refused too;
- ``max_int_digits``: digits of an integer (Python refuses to convert more than
  4,300 anyway; a 40-digit "number" is nearly always an unquoted name).

Values are PyYAML's safe ones, with four differences: duplicate mapping keys are
refused with both lines; implicit timestamps are off, so an impossible date such
as 2025-02-30 stays text and becomes a validation error with its line; ``1e3``
is a number, as in YAML 1.2 and JSON (YAML 1.1 reads it as text); and the
tags ``!!binary``, ``!!set``, ``!!omap`` and ``!!pairs`` are refused (with the tag, its line
and the fix). Merge keys
(``<<: *base``) work as the YAML merge spec says: an explicit key overrides a
merged one, and in ``<<: [*a, *b]`` the first mapping wins.

JSON is read with :mod:`json` after a linear pre-scan of bracket depth (its C
scanner recurses), refusing duplicate keys and over-long integers with their line.

Line numbers for error messages come from a locator that composes the node tree
only when an error asks for a line, so a valid 50 MB file is parsed once, at about
a quarter of the time ``yaml.load`` with ``CSafeLoader`` takes and half its memory
(``benchmarks/bench_parsers.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol, cast

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from teamsim.errors import InputError, TeamsimError
from teamsim.importers._files import read_text
from teamsim.limits import LIMITS, check_count, limit

try:  # libyaml's event parser: the same events as the Python parser, much faster
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None  # type: ignore[misc, assignment]  # the stubs assume libyaml is built in

__all__ = ["Locator", "one_document", "parse_documents", "read_text"]


def _refuse(name: str, value: int, file: str, line: int | None, what: str) -> None:
    """Raise the ``check_count`` refusal for limit ``name``, naming the line."""
    try:
        check_count(name, value, entity="document", file=file, what=what)
    except InputError as e:
        e.line = line
        raise


# YAML 1.2's exponent floats without a dot or exponent sign (1e3, 2E-5), which YAML 1.1
# reads as text: a scenario would then refuse ``weight: 1e3`` as a quoted number
_EXP_FLOAT = re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$")


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.1 tag resolution without implicit timestamps (dates stay text), reading
    YAML 1.2 exponent floats such as ``1e3`` as numbers."""

    yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        + ([("tag:yaml.org,2002:float", _EXP_FLOAT)] if ch in "-+0123456789" else [])
        for ch, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }


_T = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _INT, _VALUE = _T + "str", _T + "seq", _T + "map", _T + "int", _T + "value"
_MERGE = _T + "merge"
_REFUSED = (_SEQ, _MAP, _T + "binary")  # !!binary gives bytes, which no teamsim input holds
_MERGE_KEY = object()  # stands for the key ``<<`` while its mapping is read
_OPEN = object()  # an anchor whose node is still being read


class _Scalars(yaml.constructor.SafeConstructor):
    """PyYAML's safe scalar constructors (int, float, bool, null, binary, timestamp)."""


class _EventSource(Protocol):
    """What the builders use of a parser. Events are read by the attributes of their kind
    (``value``, ``anchor``, ``start_mark``...), which the stubs' ``Event | None`` lacks: Any."""

    def get_event(self) -> Any: ...
    def peek_event(self) -> Any: ...
    def check_event(self, *choices: type[yaml.Event]) -> bool: ...


_parser: Callable[[str], _EventSource]
if _CParser is not None:
    _parser = _CParser
else:  # pragma: no cover - PyYAML built without libyaml
    class _PyParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
        def __init__(self, text: str) -> None:
            yaml.reader.Reader.__init__(self, text)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)

    _parser = _PyParser

#: libyaml refuses to nest deeper than this itself, before teamsim's ``max_depth`` sees the
#: events (PyYAML's Python parser has no such bound but takes seconds per 1,000 levels)
_LIBYAML_DEPTH = 1_000


class _NodeLoader(yaml.composer.Composer, _Resolver):
    """Composes node trees (for line numbers) from the same event parser."""

    def __init__(self, text: str) -> None:
        self._events = _parser(text)
        self.check_event = self._events.check_event
        self.peek_event = self._events.peek_event
        self.get_event = self._events.get_event
        yaml.composer.Composer.__init__(self)
        _Resolver.__init__(self)

    # tags do not matter for finding lines; the stubs type ``anchor`` as a dict, PyYAML passes its name
    def compose_scalar_node(self, anchor: str | None) -> ScalarNode:  # type: ignore[override]
        ev = self.get_event()
        node = ScalarNode(None, ev.value, ev.start_mark, None)  # type: ignore[arg-type]  # stubs: tag is str
        if anchor is not None:
            self.anchors[anchor] = node
        return node


def _start_line(ev: Any) -> int:
    """The line (from 1) where a parser event starts (the parser marks every event; the stubs
    allow ``None``)."""
    return int(ev.start_mark.line) + 1


def _short_tag(tag: str) -> str:
    """A tag as written in YAML: ``tag:yaml.org,2002:binary`` is ``!!binary``."""
    return "!!" + tag[len(_T):] if tag.startswith(_T) else tag if tag.startswith("!") else f"!<{tag}>"


def _unsupported(tag: str) -> str:
    return (f"the tag {_short_tag(tag)} is not supported (teamsim reads plain YAML: text, numbers, "
            "true/false, lists and mappings; tags that build other objects are refused)")


def _int_digits(text: str) -> int:
    return sum(ch.isalnum() for ch in text) - (2 if text.lstrip("+-")[:2] in ("0x", "0b") else 0)


class _Frame:
    """A sequence or mapping being read: its data, anchor, expanded size and pending key."""

    __slots__ = ("data", "anchor", "size", "line", "key", "key_line", "lines", "merges")

    def __init__(self, data: list[Any] | dict[Any, Any], anchor: str | None, line: int) -> None:
        self.data, self.anchor, self.size, self.line = data, anchor, 1, line
        self.key: Any = _OPEN  # _OPEN: the next value read is a key
        self.key_line = line
        self.lines: dict[Any, int] = {}  # key -> line of a mapping's explicit keys, while it is read
        self.merges: list[dict[Any, Any]] = []


class _Builder:
    """Builds Python values straight from parser events, with an explicit stack.

    Nothing recurses, so no input can raise ``RecursionError``; the limits are
    checked as events arrive, so an over-deep or alias-bomb document is refused
    after reading only as far as the offending node.
    """

    def __init__(self, text: str, file: str) -> None:
        self.text, self.file = text, file
        self.events = _parser(text)
        self.implicit = _Resolver.yaml_implicit_resolvers  # first character -> [(tag, regex)]
        self.scalars = _Scalars()
        self.resolved: dict[str, str | None] = {}  # plain scalar -> its implicit tag (bounded)
        self.max_depth, self.max_nodes = limit("max_depth"), limit("max_yaml_nodes")
        self.max_digits = limit("max_int_digits")

    def error(self, problem: str, line: int, hint: str | None = None) -> InputError:
        return InputError(f"malformed YAML: {problem}", file=self.file, line=line,
                          hint=hint or "fix the YAML at that line")

    def documents(self) -> list[Any]:
        docs = []
        self.starts: list[int] = []  # line where each document starts
        get = self.events.get_event
        while True:
            ev = get()
            if isinstance(ev, yaml.DocumentStartEvent):
                self.starts.append(_start_line(ev))
                docs.append(self.document())
                get()  # DocumentEndEvent
            elif isinstance(ev, yaml.StreamEndEvent):
                return docs

    def scalar(self, ev: Any) -> Any:  # a yaml.ScalarEvent
        tag, value = ev.tag, ev.value
        if tag is None or tag == "!":  # resolve as yaml.resolver.Resolver.resolve does
            if not ev.implicit[0]:
                return value
            cached = self.resolved.get(value, _OPEN)
            if cached is not _OPEN:
                tag = cast("str | None", cached)
            else:  # keys and short values repeat: each is resolved once
                resolvers = self.implicit.get(value[:1])
                tag = next((t for t, regex in resolvers if regex.match(value)), None) if resolvers else None
                if len(value) <= 40 and len(self.resolved) < 10_000:
                    self.resolved[value] = tag
            if tag is None:
                return value
        if tag == _STR or tag == _VALUE:
            return value
        if tag == _MERGE:
            return _MERGE_KEY
        line = ev.start_mark.line + 1
        if tag == _INT and len(ev.value) > self.max_digits:
            _refuse("max_int_digits", _int_digits(ev.value), self.file, line, "an integer of")
        construct = self.scalars.yaml_constructors.get(tag)
        if construct is None or tag in _REFUSED or tag.endswith(("set", "omap", "pairs")):
            raise self.error(_unsupported(tag), line, f"remove the tag {_short_tag(tag)}: write the "
                             "value as plain text, a number, a list or a mapping")
        try:
            return construct(self.scalars, ScalarNode(tag, ev.value, ev.start_mark, None, ev.style))
        except (ValueError, TypeError, KeyError, IndexError, OverflowError, yaml.YAMLError) as e:
            why = getattr(e, "problem", None) or type(e).__name__
            raise self.error(f"cannot read the {_short_tag(tag)} value {ev.value[:60]!r} ({why})",
                             line, f"write a value that {_short_tag(tag)} allows, or remove the "
                             "tag") from None

    def document(self) -> Any:
        self.added = 0  # nodes that aliases add to this document, expanded
        anchors: dict[str, Any] = {}
        stack: list[_Frame] = []
        get = self.events.get_event
        while True:
            ev = get()
            kind = type(ev)
            if kind is yaml.ScalarEvent:
                value, size = self.scalar(ev), 1
                if ev.anchor is not None:
                    self.define(anchors, ev)
                    anchors[ev.anchor] = (value, size)
            elif kind is yaml.AliasEvent:
                value, size = self.alias(anchors, ev)
            elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                self.open(anchors, stack, ev, [] if kind is yaml.SequenceStartEvent else {})
                continue
            else:  # SequenceEndEvent, MappingEndEvent
                frame = stack.pop()
                value, size = self.close(frame), frame.size
                if frame.anchor is not None:
                    anchors[frame.anchor] = (value, size)
            if not stack:
                return value
            top = stack[-1]
            top.size += size
            if type(top.data) is list:
                top.data.append(value)
            else:
                self.add(top, value, ev)

    def define(self, anchors: dict[str, Any], ev: Any) -> None:
        if ev.anchor in anchors:
            raise self.error(f"the anchor &{ev.anchor} is defined twice", ev.start_mark.line + 1,
                             "give each anchor its own name")
        anchors[ev.anchor] = _OPEN

    def alias(self, anchors: dict[str, Any], ev: Any) -> tuple[Any, int]:  # a yaml.AliasEvent
        found = anchors.get(ev.anchor)
        if found is None:
            raise self.error(f"undefined alias *{ev.anchor}", ev.start_mark.line + 1,
                             f"define &{ev.anchor} before using *{ev.anchor}")
        if found is _OPEN:
            raise InputError(f"the alias *{ev.anchor} is inside the node it names "
                             "(a recursive structure)", file=self.file, line=ev.start_mark.line + 1,
                             hint=f"copy the values instead of writing *{ev.anchor} there")
        self.added += found[1] - 1
        if self.added > self.max_nodes:
            _refuse("max_yaml_nodes", self.added, self.file, ev.start_mark.line + 1,
                    "alias expansion")
        return cast("tuple[Any, int]", found)  # (value, expanded size), set when its node closed

    def open(self, anchors: dict[str, Any], stack: list[_Frame], ev: Any,
             data: list[Any] | dict[Any, Any]) -> None:
        line = ev.start_mark.line + 1
        if ev.tag not in (None, "!", _SEQ, _MAP):
            raise self.error(_unsupported(ev.tag), line, f"remove the tag {_short_tag(ev.tag)}: "
                             "teamsim reads plain YAML lists and mappings")
        if len(stack) >= self.max_depth:
            _refuse("max_depth", len(stack) + 1, self.file, line, "nesting depth")
        if ev.anchor is not None:
            self.define(anchors, ev)
        stack.append(_Frame(data, ev.anchor, line))

    def add(self, frame: _Frame, value: Any, ev: Any) -> None:
        """Add a key or a value to the mapping being read."""
        data = frame.data
        if frame.key is _OPEN:
            if isinstance(value, (list, dict)):
                raise self.error("a mapping key must be a plain value, not a list or mapping",
                                 ev.start_mark.line + 1, "write the key as text")
            frame.key, frame.key_line = value, ev.start_mark.line + 1
        else:
            key, frame.key = frame.key, _OPEN
            if key is _MERGE_KEY:
                self.merge(frame, value, ev)
            elif key in frame.lines:
                raise self.error(f"duplicate key {key!r} (first on line {frame.lines[key]})",
                                 frame.key_line, "a key may appear once per mapping; merge the two entries")
            else:
                data[key] = value
                frame.lines[key] = frame.key_line

    def merge(self, frame: _Frame, value: Any, ev: Any) -> None:
        sources = value if isinstance(value, list) else [value]
        if not all(isinstance(v, dict) for v in sources):
            raise self.error("a merge key (<<) takes a mapping or a list of mappings",
                             ev.start_mark.line + 1, "write <<: *name where &name is a mapping")
        frame.merges.extend(reversed(sources))  # the first of a list wins, as the merge spec says

    def close(self, frame: _Frame) -> Any:
        if not frame.merges:
            return frame.data
        out: dict[Any, Any] = {}
        for source in frame.merges:
            out.update(source)
        out.update(frame.data)  # explicit keys override merged ones
        return out


def _load_yaml(text: str, file: str) -> tuple[list[Any], list[int]]:
    """The documents of ``text`` and the line where each starts."""
    try:
        builder = _Builder(text, file)
        return builder.documents(), builder.starts
    except yaml.YAMLError as e:
        if "maximum nesting depth" not in str(e):
            raise _yaml_error(e, text, file) from None
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
    # libyaml's own bound, met before the events reach the builder: a hard cap no setting
    # raises, so the message never suggests raising TEAMSIM_MAX_DEPTH past it
    env, ours = LIMITS["max_depth"].env, limit("max_depth")
    also = f" (and over the limit of {ours:,} levels, {env})" if ours <= _LIBYAML_DEPTH else ""
    raise InputError(f"nesting depth of at least {_LIBYAML_DEPTH + 1:,} levels is over the YAML "
                     f"reader's hard limit of {_LIBYAML_DEPTH:,} levels{also}", file=file, line=line,
                     entity="document", hint=f"flatten the input (nest at most {min(ours, _LIBYAML_DEPTH):,} "
                     f"levels): {env} cannot raise the limit past {_LIBYAML_DEPTH:,} for YAML (write "
                     "the data as JSON to nest deeper)")


Locator = Callable[[Sequence[str | int]], int | None]


class _LazyNodes:
    """The documents' node trees, composed on request for a line number, up to the document
    asked for (a warning in the first document of a large file composes only that one)."""

    def __init__(self, text: str, file: str) -> None:
        self.text, self.file = text, file
        self._nodes: list[yaml.Node | None] = []
        self._loader: _NodeLoader | None = None
        self._done = False

    def get(self, i: int) -> yaml.Node | None:
        if not self._done and i >= len(self._nodes):
            try:
                self._loader = self._loader or _NodeLoader(self.text)
                while i >= len(self._nodes) and self._loader.check_node():
                    self._nodes.append(self._loader.get_node())
            except (yaml.YAMLError, TeamsimError, RecursionError):
                self._done = True  # lines of the documents composed so far stay available
            if i >= len(self._nodes):
                self._done, self._loader = True, None
        return self._nodes[i] if i < len(self._nodes) else None


def _walk(node: yaml.Node | None, loc: Sequence[str | int]) -> int | None:
    line = node.start_mark.line + 1 if node is not None else None
    cur = node
    for part in loc:
        if isinstance(cur, SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(cur.value):
                break
            cur = cur.value[part]
        elif isinstance(cur, MappingNode):
            for k, v in cur.value:
                if isinstance(k, ScalarNode) and k.value == str(part):
                    line = k.start_mark.line + 1
                    cur = v
                    break
            else:
                break
        else:
            break
        line = cur.start_mark.line + 1
    return line


def _locator(nodes: _LazyNodes, i: int) -> Locator:
    return lambda loc: _walk(nodes.get(i), loc)


def _at(line: int) -> Locator:
    """The locator of an empty document: every location is the line where it starts."""
    return lambda loc: line


def _yaml_error(e: yaml.YAMLError, text: str, file: str) -> InputError:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    problem = getattr(e, "problem", None) or getattr(e, "reason", None) or str(e)
    line = mark.line + 1 if mark is not None else None
    position = getattr(e, "position", None)
    if line is None and isinstance(position, int):  # ReaderError
        line = text.count("\n", 0, position) + 1
    around = text.split("\n", line)[line - 1:line] if line else []
    source = around[0] if around else ""
    hint = "fix the YAML syntax at that line"
    if "duplicate key" in problem:
        hint = "a key may appear once per mapping; merge the two entries"
    elif "cannot read" in problem:
        hint = "write a value that its tag (!!...) allows, or remove the tag"
    elif "character" in problem and "\t" in source[:len(source) - len(source.lstrip())]:
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    elif "control characters" in problem or "special characters" in problem:
        hint = "remove the control character, or write it as an escape in a double-quoted string"
    return InputError(f"malformed YAML: {problem}", file=file, line=line, hint=hint)


# ---------------------------------------------------------------------------- JSON
_JSON_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'  # compiled on first use (re's cache)


class _JsonDuplicate(Exception):
    pass


class _JsonLongInt(Exception):
    pass


def _json_depth(text: str, file: str) -> None:
    """Refuse JSON nested deeper than ``max_depth`` (brackets inside strings do not count)."""
    cap = limit("max_depth")
    if text.count("[") + text.count("{") <= cap:
        return
    import numpy as np  # only for deeply bracketed JSON: loading a scenario needs no numpy

    b = np.frombuffer(re.sub(_JSON_STRING, '""', text).encode("utf-8", "surrogatepass"), np.uint8)
    opens = (b == ord("[")) | (b == ord("{"))
    at = np.flatnonzero(opens | (b == ord("]")) | (b == ord("}")))
    depth = np.cumsum(np.where(opens[at], 1, -1))
    if len(depth) and depth.max() > cap:
        pos = at[int(np.argmax(depth > cap))]
        line = int(np.count_nonzero(b[:pos] == ord("\n"))) + 1  # JSON strings hold no newline
        _refuse("max_depth", int(depth.max()), file, line, "nesting depth")


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = dict(pairs)
    if len(d) != len(pairs):
        seen: set[str] = set()
        for k, _ in pairs:
            if k in seen:
                raise _JsonDuplicate(k)
            seen.add(k)
    return d


def _json_int(s: str, cap: int) -> int:
    if len(s) > cap and len(s.lstrip("-")) > cap:
        raise _JsonLongInt(s)
    return int(s)


def _duplicate_line(node: yaml.Node | None, key: str) -> int | None:
    """Line of the second ``key`` in the first mapping that holds it twice."""
    stack = [node] if node is not None else []
    while stack:
        cur = stack.pop()
        if isinstance(cur, MappingNode):
            seen = set()
            for k, v in cur.value:
                if isinstance(k, ScalarNode) and k.value == key:
                    if key in seen:
                        return k.start_mark.line + 1
                    seen.add(key)
                stack.append(v)
        elif isinstance(cur, SequenceNode):
            stack.extend(reversed(cur.value))
    return None


def _load_json(text: str, file: str, nodes: _LazyNodes) -> Any:
    import json  # a YAML file needs none of it

    _json_depth(text, file)
    try:
        cap = limit("max_int_digits")
        return json.loads(text, object_pairs_hook=_json_pairs, parse_int=lambda s: _json_int(s, cap))
    except json.JSONDecodeError as e:
        raise InputError(f"malformed JSON: {e.msg}", file=file, line=e.lineno,
                         hint="fix the JSON syntax at that line") from None
    except _JsonDuplicate as e:
        key = e.args[0]
        raise InputError(f"duplicate key {key!r}", file=file, line=_duplicate_line(nodes.get(0), key),
                         hint="a key may appear once per object; merge the two entries") from None
    except _JsonLongInt as e:
        digits = e.args[0].lstrip("-")
        pos = text.find(e.args[0])
        _refuse("max_int_digits", len(digits), file, text.count("\n", 0, max(pos, 0)) + 1,
                "an integer of")


def parse_documents(text: str, file: str, *, json_ok: bool = True) -> list[tuple[Any, Locator]]:
    """Parse every YAML document in ``text`` (JSON when ``file`` ends in .json).

    Parameters
    ----------
    text : str
        The file's text.
    file : str
        Its name, for messages (and ``.json`` selects JSON when ``json_ok``).
    json_ok : bool, default True
        Read a ``.json`` file as JSON.

    Returns
    -------
    list of (data, locator)
        One pair per document; ``locator(loc)`` gives the 1-based line of a
        location path in that document, or None. An empty document (``---``
        followed by nothing, or by another ``---``) is ``(None, locator)`` whose
        locator gives the line where the document starts.

    Raises
    ------
    InputError
        Malformed YAML or JSON, a duplicate key, nesting deeper than ``max_depth``,
        aliases adding more than ``max_yaml_nodes``, a recursive alias, or an integer
        longer than ``max_int_digits``, naming the file and line.

    Examples
    --------
    >>> [(data, locate)] = parse_documents("base: &b {x: 1, y: 2}\\nb: {<<: *b, y: 3}\\n", "m.yaml")
    >>> data["b"], locate(("b",))
    ({'x': 1, 'y': 3}, 2)
    >>> parse_documents("a: " + "[" * 100 + "]" * 100, "deep.yaml")
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: deep.yaml:1: error: nesting depth 65 levels is over the limit of 64 levels
      entity: document
      fix: flatten the input, or raise the limit: TEAMSIM_MAX_DEPTH=128
    """
    nodes = _LazyNodes(text, file)
    try:
        if json_ok and file.lower().endswith(".json"):
            return [(_load_json(text, file, nodes), _locator(nodes, 0))]
        docs, starts = _load_yaml(text, file)
        return [(d, _locator(nodes, i) if d is not None else _at(starts[i])) for i, d in enumerate(docs)]
    except RecursionError:  # pragma: no cover - the bounds above should make this unreachable
        lim = LIMITS["max_depth"]
        raise InputError("nested too deeply to read", file=file,
                         hint=f"flatten the input (fewer nested lists, mappings or merges), or lower "
                         f"the limit {lim.env} (now {limit('max_depth')})") from None


def one_document(text: str, file: str, what: str) -> tuple[Any, Locator]:
    """Parse a file that holds one YAML document (or JSON); refuse several.

    Empty documents (a leading ``---`` before the data) are left out; a file with
    no document at all gives ``(None, locator)``.

    Parameters
    ----------
    text, file : str
        As for :func:`parse_documents`.
    what : str
        What the file is, for the message (e.g. ``"a scenario file"``).

    Raises
    ------
    InputError
        The errors of :func:`parse_documents`, or more than one non-empty document
        (naming the line where the second one's data starts).

    Examples
    --------
    >>> one_document("---\\ntools: []\\n", "s.yaml", "a scenario file")[0]
    {'tools': []}
    >>> one_document("a: 1\\n---\\nb: 2\\n", "s.yaml", "a scenario file")
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: s.yaml:3: error: a scenario file holds one YAML document, this one has 2
      fix: remove the extra '---' separators (or split the file)
    """
    docs = parse_documents(text, file)
    found = [d for d in docs if d[0] is not None]
    if len(found) > 1:
        raise InputError(f"{what} holds one YAML document, this one has {len(found)}", file=file,
                         line=found[1][1](()), hint="remove the extra '---' separators (or split the file)")
    return (found or docs or [(None, _at(1))])[0]

