"""Safe, bounded YAML/JSON reading that can say where every value came from.

YAML is read with PyYAML's safe constructor on a composer that enforces the
:mod:`teamsim.limits` bounds *while* it composes, before anything recurses deeply:

- ``max_depth``: nesting depth (2 KB of ``[[[...`` is refused at level 65 with its
  line, never a ``RecursionError``);
- ``max_yaml_nodes``: nodes after aliases are expanded, memoised per anchor, so a
  600-byte "billion laughs" alias bomb is refused while ordinary aliases work; an
  alias inside the node it names (a recursive structure) is refused too;
- ``max_int_digits``: digits of an integer (Python refuses to convert more than
  4,300 anyway; a 40-digit "number" is nearly always an unquoted name).

Duplicate mapping keys are refused with both lines; merge keys (``<<: *base``) work
as the YAML merge spec says (an explicit key overrides a merged one). Implicit
timestamps are off, so an impossible date such as 2025-02-30 stays text and becomes
a validation error with its line. libyaml parses when it is installed (a
pure-Python parser otherwise); composition and construction are Python, so the
bounds hold either way.

JSON is read with :mod:`json` after a linear pre-scan of bracket depth (the C
scanner recurses), refusing duplicate keys and over-long integers with their line.

Line numbers for error messages come from a locator that composes the node tree
again only when an error asks for a line, so a valid 50 MB file is parsed once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from teamsim.errors import InputError, TeamsimError
from teamsim.importers._files import read_text
from teamsim.limits import check_count, limit

try:  # libyaml's event parser: the same events as the Python parser, much faster
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None

__all__ = ["Locator", "StrictSafeLoader", "parse_documents", "read_text"]

_MERGE = "tag:yaml.org,2002:merge"


def _refuse(name: str, value: int, file: str, line: int | None, what: str) -> None:
    """Raise the ``check_count`` refusal for limit ``name``, naming the line."""
    try:
        check_count(name, value, entity="document", file=file, what=what)
    except InputError as e:
        e.line = line
        raise


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.1 tag resolution without implicit timestamps (dates stay text)."""

    yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for ch, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
    }


class _BoundedComposer(yaml.composer.Composer):
    """A composer that bounds depth and expanded size, and refuses recursive aliases.

    Every node gets ``size``: the number of nodes it stands for once aliases are
    expanded (an alias adds the size of its anchor, computed once). A mapping with a
    merge key keeps its explicit pairs in ``explicit`` (merging rewrites ``value``).
    """

    def __init__(self, file: str) -> None:
        super().__init__()
        self.file = file
        self._depth = 0
        self._open: set[str] = set()
        self._max_depth = limit("max_depth")
        self._max_nodes = limit("max_yaml_nodes")

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            if event.anchor in self._open:
                raise InputError(f"the alias *{event.anchor} is inside the node it names "
                                 "(a recursive structure)", file=self.file,
                                 line=event.start_mark.line + 1,
                                 hint=f"copy the values instead of writing *{event.anchor} there")
            return super().compose_node(parent, index)
        self._depth += 1
        if self._depth > self._max_depth:
            _refuse("max_depth", self._depth, self.file, event.start_mark.line + 1, "nesting depth")
        anchor = event.anchor
        if anchor is not None:
            self._open.add(anchor)
        node = super().compose_node(parent, index)
        self._open.discard(anchor)
        self._depth -= 1
        if isinstance(node, SequenceNode):
            node.size = 1 + sum(child.size for child in node.value)
        elif isinstance(node, MappingNode):
            node.size = 1 + sum(k.size + v.size for k, v in node.value)
            if any(k.tag == _MERGE for k, _ in node.value):
                node.explicit = [(k, v) for k, v in node.value if k.tag != _MERGE]
        if node.size > self._max_nodes:
            _refuse("max_yaml_nodes", node.size, self.file, node.start_mark.line + 1,
                    "with its aliases expanded, this node holds")
        return node

    def compose_scalar_node(self, anchor):
        event = self.get_event()
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(ScalarNode, event.value, event.implicit)
        node = ScalarNode(tag, event.value, event.start_mark, None, style=event.style)
        node.size = 1
        if anchor is not None:
            self.anchors[anchor] = node
        return node


def _int_digits(text: str) -> int:
    return sum(ch.isalnum() for ch in text) - (2 if text.lstrip("+-")[:2] in ("0x", "0b") else 0)


class _StrictConstructor(yaml.constructor.SafeConstructor):
    """The safe constructor, refusing duplicate keys and over-long integers, naming lines."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, KeyError, OverflowError) as e:  # e.g. `!!int x`, `!!bool 2`
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {node.tag.rsplit(':', 1)[-1]} value "
                f"{str(node.value)[:60]!r} ({type(e).__name__})", node.start_mark) from None

    def construct_mapping(self, node, deep=False):
        first_line: dict = {}
        for key_node, _ in getattr(node, "explicit", node.value):
            if key_node.tag == _MERGE:
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                if key in first_line:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"duplicate key {key!r} (first on line {first_line[key]})",
                        key_node.start_mark)
                first_line[key] = key_node.start_mark.line + 1
            except TypeError:  # unhashable key: PyYAML reports it below
                continue
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):
        cap = limit("max_int_digits")
        if len(node.value) > cap:
            digits = _int_digits(node.value)
            if digits > cap:
                _refuse("max_int_digits", digits, self.file, node.start_mark.line + 1,
                        "an integer of")
        return super().construct_yaml_int(node)


_StrictConstructor.add_constructor("tag:yaml.org,2002:int", _StrictConstructor.construct_yaml_int)


class StrictSafeLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                       _BoundedComposer, _StrictConstructor, _Resolver):
    """Bounded strict safe loader on PyYAML's pure-Python parser."""

    def __init__(self, stream, file: str = "<string>") -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _BoundedComposer.__init__(self, file)
        _StrictConstructor.__init__(self)
        _Resolver.__init__(self)


if _CParser is not None:
    class _FastLoader(_BoundedComposer, _CParser, _StrictConstructor, _Resolver):
        """The same loader on libyaml's event parser (composition stays bounded Python)."""

        def __init__(self, stream, file: str = "<string>") -> None:
            _CParser.__init__(self, stream)
            _BoundedComposer.__init__(self, file)
            _StrictConstructor.__init__(self)
            _Resolver.__init__(self)

    _Loader: type = _FastLoader
else:  # pragma: no cover
    _Loader = StrictSafeLoader


Locator = Callable[[Sequence[str | int]], int | None]


class _LazyNodes:
    """The documents' node trees, composed on the first request for a line number."""

    def __init__(self, text: str, file: str) -> None:
        self.text, self.file = text, file
        self._nodes: list | None = None

    def get(self, i: int) -> yaml.Node | None:
        if self._nodes is None:
            self._nodes = []
            try:
                loader = _Loader(self.text, self.file)
                while loader.check_node():
                    self._nodes.append(loader.get_node())
            except (yaml.YAMLError, TeamsimError, RecursionError):
                pass  # lines of the documents composed so far stay available
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
            for k, v in getattr(cur, "explicit", cur.value):
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


def _yaml_error(e: yaml.YAMLError, text: str, file: str) -> InputError:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    problem = getattr(e, "problem", None) or getattr(e, "reason", None) or str(e)
    line = mark.line + 1 if mark is not None else None
    if line is None and isinstance(getattr(e, "position", None), int):  # ReaderError
        line = text.count("\n", 0, e.position) + 1
    source = text.split("\n", line)[line - 1] if line else ""
    hint = "fix the YAML syntax at that line"
    if "duplicate key" in problem:
        hint = "a key may appear once per mapping; merge the two entries"
    elif "maximum nesting depth" in problem:  # libyaml's own bound, at 1,000 levels
        hint = "flatten the input"
    elif "cannot read" in problem:
        hint = "write a value that its tag (!!...) allows, or remove the tag"
    elif "character" in problem and "\t" in source[:len(source) - len(source.lstrip())]:
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    elif "control characters" in problem or "special characters" in problem:
        hint = "remove the control character, or write it as an escape in a double-quoted string"
    return InputError(f"malformed YAML: {problem}", file=file, line=line, hint=hint)


def _load_yaml(text: str, file: str) -> list[Any]:
    try:
        loader = _Loader(text, file)  # the pure-Python reader checks characters here
        datas = []
        while loader.check_node():
            datas.append(loader.construct_document(loader.get_node()))
        loader.dispose()
        return datas
    except yaml.YAMLError as e:
        raise _yaml_error(e, text, file) from None


# ---------------------------------------------------------------------------- JSON
_JSON_STRING = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"')


class _JsonDuplicate(Exception):
    pass


class _JsonLongInt(Exception):
    pass


def _json_depth(text: str, file: str) -> None:
    """Refuse JSON nested deeper than ``max_depth`` (brackets inside strings do not count)."""
    cap = limit("max_depth")
    if text.count("[") + text.count("{") <= cap:
        return
    b = np.frombuffer(_JSON_STRING.sub('""', text).encode("utf-8", "surrogatepass"), np.uint8)
    opens = (b == ord("[")) | (b == ord("{"))
    at = np.flatnonzero(opens | (b == ord("]")) | (b == ord("}")))
    depth = np.cumsum(np.where(opens[at], 1, -1))
    if len(depth) and depth.max() > cap:
        pos = at[int(np.argmax(depth > cap))]
        line = int(np.count_nonzero(b[:pos] == ord("\n"))) + 1  # JSON strings hold no newline
        _refuse("max_depth", int(depth.max()), file, line, "nesting depth")


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict:
    d = dict(pairs)
    if len(d) != len(pairs):
        seen: set[str] = set()
        for k, _ in pairs:
            if k in seen:
                raise _JsonDuplicate(k)
            seen.add(k)
    return d


def _json_int(s: str) -> int:
    if len(s) > limit("max_int_digits") and len(s.lstrip("-")) > limit("max_int_digits"):
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
    _json_depth(text, file)
    try:
        return json.loads(text, object_pairs_hook=_json_pairs, parse_int=_json_int)
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
        location path in that document, or None.

    Raises
    ------
    InputError
        Malformed YAML or JSON, a duplicate key, nesting deeper than ``max_depth``,
        aliases expanding past ``max_yaml_nodes``, a recursive alias, or an integer
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
        return [(d, _locator(nodes, i)) for i, d in enumerate(_load_yaml(text, file))]
    except RecursionError:  # pragma: no cover - the bounds above should make this unreachable
        raise InputError("nested too deeply to read", file=file,
                         hint="flatten the input (fewer nested lists, mappings or merges)") from None
