"""Grids: the points of a sweep, the parameters a function takes, and ``--param`` text parsed into a grid."""

from __future__ import annotations

import difflib
import inspect
import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence

from teamsim.errors import InputError
from teamsim.limits import check_count
from teamsim.sweep._common import _INT, Fn, Grid, Row, _plain

__all__ = ["grid_points", "parse_grid", "sweep_parameters"]


def _values(name: str, v: object) -> list[object]:
    if isinstance(v, (set, frozenset)):
        raise InputError(f"the values of sweep parameter {name!r} are a set, which has no order",
                         entity=f"sweep parameter {name}", hint="give a list")
    if isinstance(v, (str, bytes, Mapping)) or not isinstance(v, Iterable):
        return [_plain(v)]
    return [_plain(x) for x in v]


def grid_points(grid: Grid, *, replicates: int = 1) -> list[Row]:
    """Every point of a sweep grid, in order.

    Parameters
    ----------
    grid : mapping or list of mappings
        Each parameter maps to one value or to an iterable of values (a string is one
        value); a list of mappings concatenates their points (explicit settings).
    replicates : int, default 1
        Runs per point: points x replicates is checked against ``max_sweep_points``.

    Returns
    -------
    list of dict
        The Cartesian product, the last parameter varying fastest
        (``itertools.product`` order, as Mesa's ``batch_run``).

    Raises
    ------
    InputError
        An empty grid, a set of values, or more runs (points x replicates) than
        ``max_sweep_points`` (counted before any point is built).

    See Also
    --------
    parse_grid : A grid from NAME=V1,V2,... texts.
    teamsim.sweep.sweep : Runs every point.

    Examples
    --------
    >>> [tuple(p.values()) for p in grid_points({"a": [1, 2], "b": "x", "c": range(2)})]
    [(1, 'x', 0), (1, 'x', 1), (2, 'x', 0), (2, 'x', 1)]
    >>> grid_points([{"N": 10, "l": 12}, {"N": 20, "l": 12}])
    [{'N': 10, 'l': 12}, {'N': 20, 'l': 12}]
    """
    groups = [grid] if isinstance(grid, Mapping) else list(grid)
    expanded = []
    for g in groups:
        if not isinstance(g, Mapping):
            raise InputError(f"a sweep grid is a mapping of parameters to values, got {type(g).__name__}",
                             entity="sweep grid", hint='pass e.g. {"N": [10, 20], "l": 12}')
        expanded.append((list(g), [_values(str(k), v) for k, v in g.items()]))
    total = sum(math.prod(len(v) for v in lists) for _, lists in expanded)
    check_count("max_sweep_points", total * replicates, what="sweep size",
                entity="sweep grid" + (f" x {replicates:,} replicates" if replicates > 1 else ""))
    if total == 0:
        raise InputError("the sweep grid has no points", entity="sweep grid",
                         hint="give every parameter at least one value")
    return [dict(zip(keys, combo)) for keys, lists in expanded for combo in itertools.product(*lists)]


def sweep_parameters(fn: Fn) -> dict[str, inspect.Parameter]:
    """The parameters a grid may set: ``fn``'s positional-or-keyword parameters.

    Keyword-only parameters (after ``*``), such as ``seed``, are options, not grid
    parameters.

    Parameters
    ----------
    fn : callable
        A model's row function.

    Returns
    -------
    dict of str to inspect.Parameter
        Name -> parameter (with its default), in signature order.

    See Also
    --------
    parse_grid : Checks a grid against them.

    Examples
    --------
    >>> def f(a, b=2, *, seed=None): ...
    >>> list(sweep_parameters(f))
    ['a', 'b']
    """
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return {}
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return {name: p for name, p in sig.parameters.items() if p.kind in kinds and name != "seed"}


def _kind(fn: Fn, p: inspect.Parameter) -> type | tuple[str, ...]:
    """The type (or the tuple of allowed strings) of a grid parameter, from annotation or default."""
    import typing

    try:
        hints = typing.get_type_hints(fn)
    except Exception:  # unresolvable annotations: fall back on the default's type
        hints = {}
    hint = hints.get(p.name)
    if typing.get_origin(hint) is typing.Literal:
        return tuple(str(a) for a in typing.get_args(hint))
    for t in (int, float, str):
        if hint is t or (hint is None and type(p.default) is t):
            return t
    return str


_NUM = r"\s*([+-]?[0-9.eE]+)\s*"


_RANGE = re.compile(rf"{_NUM}(?::|\.\.|-|\bto\b){_NUM}(?::{_NUM})?")   # 1:5, 1..5, 1-5, 0:1:0.1


_SEPARATORS = re.compile(r"[\s;|/]+")


def _example(name: str, kind: type | tuple[str, ...], default: object) -> str:
    """``NAME=V1,V2`` with two values of the right kind, for a hint."""
    if isinstance(kind, tuple):
        return f"{name}={','.join(kind[:2])}"
    if kind is int:
        d = default if type(default) is int else 2
        return f"{name}={d},{d + 1}"
    if kind is float:
        return f"{name}={default if isinstance(default, float) else 0.5},1.0"
    return f"{name}={default if isinstance(default, str) and default else 'a'},b"


def _value_error(name: str, values: str, text: str, kind: type | tuple[str, ...],
                 default: object) -> InputError:
    """The refusal of one value that does not convert, with the hint that fits its problem."""
    want = {int: "whole numbers", float: "finite numbers"}.get(kind, "text") if not isinstance(kind, tuple) \
        else f"one of {', '.join(kind)}"
    example = _example(name, kind, default)
    hint = f"give {want}, e.g. {example}"
    r = _RANGE.fullmatch(text)
    if text == "":
        what = f"{name} has an empty value" if values.strip() else f"{name} has no value"
        rest = [v.strip() for v in values.split(",") if v.strip()]
        hint = f"remove the extra comma: {name}={','.join(rest)}" if rest else f"give its values: {example}"
        return InputError(what, entity=f"--param {name}", hint=hint)
    if r and kind in (int, float):
        hint = f"ranges are not expanded: list every value, separated by commas, e.g. {example}"
        if kind is int and _INT.fullmatch(r[1]) and _INT.fullmatch(r[2]) and 0 < int(r[2]) - int(r[1]) < 20:
            hint = (f"ranges are not expanded: list every value, e.g. {name}="
                    + ",".join(map(str, range(int(r[1]), int(r[2]) + 1))))
    elif len(parts := _SEPARATORS.split(text.strip())) > 1 and all(_fits(t, kind) for t in parts):
        hint = f"separate values by commas: {name}=" + ",".join(parts)
    elif isinstance(kind, tuple):
        close = difflib.get_close_matches(text, kind, n=1)
        hint = (f"did you mean {close[0]!r}? " if close else "") + f"choose from: {', '.join(kind)}"
    return InputError(f"{name}={text[:40]!r} is not valid: {name} takes {want}", entity=f"--param {name}",
                      hint=hint)


def _fits(text: str, kind: type | tuple[str, ...]) -> bool:
    try:
        _convert(text, kind)
    except ValueError:
        return False
    return True


def _convert(text: str, kind: type | tuple[str, ...]) -> object:
    """``text`` as a value of ``kind``; ValueError if it is not one."""
    text = text.strip()
    if isinstance(kind, tuple):
        if text not in kind:
            raise ValueError(text)
        return text
    if kind is int:
        if not _INT.fullmatch(text):
            raise ValueError(text)
        return int(text)
    if kind is float:
        value = float(text) if len(text) < 40 else math.nan
        if not math.isfinite(value):
            raise ValueError(text)
        return value
    if text == "":
        raise ValueError(text)
    return text


def _unknown(name: str, params: Mapping[str, object]) -> InputError:
    """An unknown parameter name: the known ones, and the nearest if it looks like a typo."""
    known = list(params)   # in the model's order, the order that numbers the points
    same_case = [k for k in known if k.lower() == name.lower()]
    close = same_case or difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = ((f"did you mean {close[0]!r}? " if close else "")
            + f"the parameters are, in grid order: {', '.join(known)}")
    return InputError(f"unknown parameter {name[:60]!r}", entity="--param", hint=hint)


def parse_grid(fn: Fn, specs: Sequence[str], *, skip: int = 0) -> dict[str, list[object]]:
    """A grid from ``NAME=V1,V2,...`` texts, checked against ``fn``'s signature.

    Parameters
    ----------
    fn : callable
        The row function; values are converted to its parameters' annotated types
        (int, float, str or a ``Literal`` of strings).
    specs : sequence of str
        One ``NAME=V1,V2,...`` per parameter.
    skip : int, default 0
        Leading parameters that are not grid parameters (a scenario).

    Returns
    -------
    dict
        Every grid parameter of ``fn``: the values given, or ``[default]``.

    Raises
    ------
    InputError
        A text without ``=``, an unknown name (the message lists the known names), a
        name given twice, an empty or unconvertible value.

    See Also
    --------
    sweep_parameters : The parameters a grid may set.
    grid_points : The points of a grid.

    Examples
    --------
    >>> def f(n: int = 5, p: float = 0.5, mode: str = "a"): ...
    >>> parse_grid(f, ["p=0,0.25", "n=3"])
    {'n': [3], 'p': [0.0, 0.25], 'mode': ['a']}
    """
    params = dict(list(sweep_parameters(fn).items())[skip:])
    given: dict[str, list[object]] = {}
    for spec in specs:
        name, eq, values = spec.partition("=")
        name = name.strip()
        if not eq or not name:
            bare = name if name in params else next(iter(params), "x")
            raise InputError(f"--param {spec[:60]!r} is not NAME=VALUES", entity="--param",
                             hint=f"write the name, = and the values separated by commas, e.g. --param "
                             f"{_example(bare, _kind(fn, params[bare]), params[bare].default)}"
                             if bare in params else "write e.g. --param x=1,2")
        if name not in params:
            raise _unknown(name, params)
        if name in given:
            raise InputError(f"parameter {name!r} is given twice", entity=f"--param {name}",
                             hint=f"give all its values in one --param: {name}=V1,V2,...")
        kind, default = _kind(fn, params[name]), params[name].default
        try:
            given[name] = [_convert(v, kind) for v in values.split(",")]
        except ValueError:
            bad = next(v.strip() for v in values.split(",") if not _fits(v, kind))
            raise _value_error(name, values, bad, kind, default) from None
    missing = [n for n, p in params.items() if n not in given and p.default is inspect.Parameter.empty]
    if missing:
        raise InputError(f"parameter {missing[0]!r} has no default", entity="--param",
                         hint=f"give it: --param {missing[0]}=...")
    return {n: given.get(n, [p.default]) for n, p in params.items()}
