"""The result of an importer that keeps going past problems: a scenario plus warnings.

Catalogs, CODEOWNERS files and edge lists are rarely clean. Importers that
read them return an :class:`ImportResult`: the :class:`~teamsim.scenario.Scenario`
built from everything that could be understood, and one :class:`ImportWarning`
per thing that could not (with file, line and entity), so that nothing is
dropped silently and the report can show them. :class:`ImportWarning` itself is a core
record (:mod:`teamsim.input_warnings`), re-exported here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from teamsim._results import Result
from teamsim.input_warnings import ImportWarning
from teamsim.scenario import Scenario

__all__ = ["ImportResult", "ImportWarning", "summarise_warnings", "warning_kind", "warnings_by_kind"]


class ImportResult(Result):
    """A scenario read from real inputs, with the warnings met on the way.

    Attributes
    ----------
    scenario : Scenario
    warnings : list of ImportWarning
    sources : list of str
        The files that were read.
    """

    scenario: Scenario
    warnings: list[ImportWarning] = []
    sources: list[str] = []


_VALUES = (r"'[^']*'|\"[^\"]*\"|@[\w.:/-]+|\b\w+:[\w.-]*/[\w./-]+|\b[\w.:/-]*\d[\w.:/-]*\b"
           r"|\([^)]*\)")  # compiled on first use (re's cache)


def warning_kind(w: ImportWarning) -> str:
    """The warning's category: its ``kind``, or its message with the names and numbers left out.

    The readers give a stable ``kind`` to every warning whose text names an entity; the
    fallback masks quoted names, ``@handles``, entity refs (``group:default/x``), numbers and
    parentheses, so that the same template gives one kind.

    Parameters
    ----------
    w : ImportWarning
        The warning.

    Returns
    -------
    str
        The category, e.g. ``"dependency a -> b repeated"`` (the text before the first ``;``,
        with quoted names, numbers and parentheses shown as ``…``).

    See Also
    --------
    warnings_by_kind : Groups warnings by this category.
    summarise_warnings : Terminal lines per category.

    Examples
    --------
    >>> warning_kind(ImportWarning(message="owner 'x' is a user", kind="owner is a user"))
    'owner is a user'
    >>> warning_kind(ImportWarning(message="dependency a -> b repeated; weights added"))
    'dependency a -> b repeated'
    >>> warning_kind(ImportWarning(message="spec.type is 3, not text; ignored"))
    'spec.type is …, not text'
    >>> warning_kind(ImportWarning(message="owner @acme/web of group:default/web-team is odd"))
    'owner … of … is odd'
    """
    if w.kind:
        return w.kind
    text = re.sub(_VALUES, "…", w.message.split(";", 1)[0])
    return re.sub(r"\s+", " ", text).strip()


def warnings_by_kind(warnings: Sequence[ImportWarning]) -> list[tuple[str, list[ImportWarning]]]:
    """The warnings grouped by :func:`warning_kind`, the largest group first.

    Parameters
    ----------
    warnings : sequence of ImportWarning
        The warnings, in reading order.

    Returns
    -------
    list of (str, list of ImportWarning)
        Each kind with its warnings in reading order; groups by size (descending),
        then in order of first appearance.

    See Also
    --------
    warning_kind : The key it groups by.
    summarise_warnings : The groups as terminal lines.

    Examples
    --------
    >>> ws = [ImportWarning(message=m, kind=k) for m, k in
    ...       [("a", "unknown owner"), ("b", "placeholder"), ("c", "placeholder")]]
    >>> [(kind, [w.message for w in group]) for kind, group in warnings_by_kind(ws)]
    [('placeholder', ['b', 'c']), ('unknown owner', ['a'])]
    """
    by_kind: dict[str, list[ImportWarning]] = {}
    for w in warnings:
        by_kind.setdefault(warning_kind(w), []).append(w)
    return sorted(by_kind.items(), key=lambda kv: -len(kv[1]))


def summarise_warnings(warnings: Sequence[ImportWarning], *, verbose: bool = False,
                       examples: int = 3, all_below: int = 10) -> list[str]:
    """Lines for the terminal: every warning, or a count per kind with a few examples.

    Parameters
    ----------
    warnings : sequence of ImportWarning
        The warnings, in reading order.
    verbose : bool, default False
        List every warning.
    examples : int, default 3
        Examples shown per kind.
    all_below : int, default 10
        Fewer warnings than this are all listed.

    Returns
    -------
    list of str
        Rendered warnings (see :meth:`ImportWarning.render`); a summary has a
        heading per kind with its count, its examples indented, and a last line
        saying how to see them all.

    See Also
    --------
    warnings_by_kind : The groups it counts.
    warning_kind : The category of one warning.

    Examples
    --------
    >>> ws = [ImportWarning(message=f"owner 'g{i}' unknown", kind="unknown owner") for i in range(12)]
    >>> lines = summarise_warnings(ws, examples=1)
    >>> for line in lines:
    ...     print(line)
    12 warnings of kind unknown owner, e.g.
      warning: owner 'g0' unknown
    12 warnings in all; --verbose lists every one
    """
    if verbose or len(warnings) < all_below:
        return [w.render() for w in warnings]
    lines = []
    for kind, ws in warnings_by_kind(warnings):
        lines.append(f"{len(ws)} warning{'s' * (len(ws) != 1)} of kind {kind}"
                     + (", e.g." if len(ws) > examples else ":"))
        lines += ["  " + w.render() for w in ws[:examples]]
    lines.append(f"{len(warnings)} warnings in all; --verbose lists every one")
    return lines
