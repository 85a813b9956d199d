"""The JSON document of a result: what ``--json`` prints, built in the library.

:func:`json_document` dumps a result model (or plain data) as indented JSON, with the
input warnings met while reading its sources, and with the characters a terminal would
act on written as ``\\uXXXX`` escapes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from teamsim._text import INVISIBLE

__all__ = ["json_document"]

# characters that JSON may leave raw inside strings but that a terminal acts on or hides:
# C1 controls, DEL, bidirectional overrides, zero-width and other invisible characters
# (C0 controls are always escaped by the encoders; a raw tab or newline is JSON layout)
# (compiled on first use: re caches it)
_JSON_UNSAFE = f"[\x7f-\x9f{INVISIBLE}]"


def _json_escape(m: re.Match[str]) -> str:
    o = ord(m.group())
    if o < 0x10000:
        return f"\\u{o:04x}"
    o -= 0x10000  # JSON writes a character outside the BMP as a UTF-16 surrogate pair
    return f"\\u{0xd800 + (o >> 10):04x}\\u{0xdc00 + (o & 0x3ff):04x}"


def json_document(result: BaseModel | dict[str, Any] | list[Any],
                  input_warnings: Sequence[dict[str, Any]] | None = None) -> str:
    """A result as an indented JSON document, with the input warnings met while reading it.

    Parameters
    ----------
    result : pydantic model, dict or list
        The result (a model is dumped with ``model_dump_json``; plain data with
        :func:`json.dumps`, anything else as ``str``).
    input_warnings : sequence of dict, optional
        The input warnings shown to the user (``ImportWarning.model_dump(mode="json")``).
        When there are some and ``result`` is a model or a dict, they are added: under
        ``"warnings"`` when the result has no such field, else under ``"input_warnings"``
        (unless its ``"warnings"`` holds them already).

    Returns
    -------
    str
        The JSON text (no final newline). Characters a terminal would act on
        (bidirectional overrides, C1 controls, invisible characters) are written as
        ``\\uXXXX`` escapes: the same JSON, safe to show.

    See Also
    --------
    teamsim._text.printable : The same safety for terminal text.

    Examples
    --------
    >>> print(json_document({"n": 1}, [{"message": "m"}]))
    {
      "n": 1,
      "warnings": [
        {
          "message": "m"
        }
      ]
    }
    >>> json_document(["a\\u202eb"])
    '[\\n  "a\\\\u202eb"\\n]'
    """
    if input_warnings and isinstance(result, (BaseModel, dict)):
        shown = list(input_warnings)
        data = result.model_dump(mode="json") if isinstance(result, BaseModel) else dict(result)
        if "warnings" not in data:
            data["warnings"] = shown
        elif data["warnings"] != shown:
            data["input_warnings"] = shown
        result = data
    if isinstance(result, BaseModel):
        text = result.model_dump_json(indent=2)
    else:
        text = json.dumps(result, indent=2, default=str)
    return re.sub(_JSON_UNSAFE, _json_escape, text)
