"""Safe YAML/JSON reading that remembers where every value came from.

Values are built with a subclass of PyYAML's safe loader (:class:`StrictSafeLoader`)
that rejects duplicate keys and leaves dates as text (so an impossible date such as
2025-02-30 becomes a validation error with its line, not a crash). A second pass
composes the node tree so that a location path such as ``("people", 1, "tools", 0)``
can be mapped back to its 1-based line in the file for error messages.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import yaml

from teamsim.errors import InputError
from teamsim.importers._files import read_text

__all__ = ["Locator", "StrictSafeLoader", "parse_documents", "read_text"]


class StrictSafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader, minus implicit timestamps, refusing duplicate mapping keys."""

    yaml_implicit_resolvers = {
        ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node, deep=False):
        first_line: dict = {}
        for key_node, _ in node.value:
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

Locator = Callable[[Sequence[str | int]], int | None]


def _locator(node: yaml.Node | None) -> Locator:
    def locate(loc: Sequence[str | int]) -> int | None:
        cur = node
        line = cur.start_mark.line + 1 if cur is not None else None
        for part in loc:
            if isinstance(cur, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(cur.value):
                    break
                cur = cur.value[part]
            elif isinstance(cur, yaml.MappingNode):
                for k, v in cur.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                        line = k.start_mark.line + 1
                        cur = v
                        break
                else:
                    break
            else:
                break
            line = cur.start_mark.line + 1
        return line

    return locate


def _yaml_error(e: yaml.YAMLError, file: str) -> InputError:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    problem = getattr(e, "problem", None) or str(e)
    hint = "fix the YAML syntax at that line"
    if "duplicate key" in problem:
        hint = "a key may appear once per mapping; merge the two entries"
    elif "\t" in problem or "\\t" in problem or "tab" in problem:
        hint = "YAML does not allow tabs for indentation; indent with spaces"
    return InputError(f"malformed YAML: {problem}", file=file,
                      line=mark.line + 1 if mark else None, hint=hint)


def parse_documents(text: str, file: str, *, json_ok: bool = True) -> list[tuple[Any, Locator]]:
    """Parse every YAML document in ``text`` (JSON when ``file`` ends in .json).

    Returns
    -------
    list of (data, locator)
        One pair per document; ``locator(loc)`` gives the 1-based line of a
        location path in that document, or None.

    Raises
    ------
    InputError
        Malformed YAML or JSON, naming the file and line.
    """
    if json_ok and file.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(f"malformed JSON: {e.msg}", file=file, line=e.lineno,
                             hint="fix the JSON syntax at that line") from None
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            node = None
        return [(data, _locator(node))]
    try:
        datas = list(yaml.load_all(text, Loader=StrictSafeLoader))
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as e:
        raise _yaml_error(e, file) from None
    if len(nodes) != len(datas):  # pragma: no cover - empty documents
        nodes = [None] * len(datas)
    return [(d, _locator(n)) for d, n in zip(datas, nodes)]
