"""Infer each person's cognitive tools from the files they changed in a git history.

Languages by file extension, infrastructure kinds by path (:data:`teamsim.tool_rules.TOOL_RULES`,
first match wins; extend with :func:`read_tool_rules`). :func:`tool_of` (from
:mod:`teamsim.tool_rules`, re-exported here) classifies one path, :func:`infer_tools`
every author of a history.

Examples
--------
>>> tool_of("src/cart/main.go"), tool_of("deploy/Dockerfile")
('Go', 'Docker')
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teamsim._text import clip
from teamsim.errors import InputError
from teamsim.importers._yaml import one_document, read_text
from teamsim.importers.git_history import GitLog
from teamsim.limits import check_count
from teamsim.tool_rules import TOOL_RULES, _tool_table, tool_of

if TYPE_CHECKING:  # numpy and the columnar code load only when a history is analysed
    from teamsim.importers._gitcols import Columns

__all__ = ["TOOL_RULES", "infer_tools", "read_tool_rules", "tool_of"]


def infer_tools(log: GitLog, *, tool_rules: Sequence[tuple[str, str]] = (), min_files: int = 1,
                replace_rules: bool = False) -> dict[str, list[str]]:
    """Each author's cognitive tools, inferred from the files they changed.

    Parameters
    ----------
    log : GitLog
        A parsed history (:func:`parse_git_log` or :func:`read_git_log`).
    tool_rules : sequence of (glob, tool)
        Extra rules, tried before :data:`TOOL_RULES` (so they override it).
    min_files : int, default 1
        A person holds a tool when they changed at least this many distinct files of it.
    replace_rules : bool, default False
        Use only ``tool_rules``.

    Returns
    -------
    dict of str to list of str
        Author -> sorted tools (authors with none get an empty list).

    See Also
    --------
    tool_of : The tool one changed file shows.
    read_tool_rules : Reads rules to add to (or replace) the built-in ones.

    Examples
    --------
    >>> from teamsim.importers.git_parse import parse_git_log
    >>> log = parse_git_log("--a--2020-01-01--Ann\\n1\\t0\\tmain.go\\n1\\t0\\tDockerfile\\n")
    >>> infer_tools(log)
    {'Ann': ['Docker', 'Go']}
    """
    from teamsim.importers._gitcols import columns

    rules = list(tool_rules) if replace_rules else [*tool_rules, *TOOL_RULES]
    return _tools_of(columns(log.commits), rules, min_files)





def _tools_of(cols: Columns, rules: Sequence[tuple[str, str]], min_files: int) -> dict[str, list[str]]:
    """Author -> sorted tools held (at least ``min_files`` distinct files of the tool), every
    author of the log (in order of first commit); each distinct path is matched once."""
    import numpy as np

    from teamsim.importers._gitcols import intern, pairs

    table = _tool_table(cols.paths, rules)
    tools, tool = intern(list(map(table.__getitem__, cols.paths)))
    a, p = pairs(cols.author[cols.commit], cols.path, len(cols.paths))
    a, t, k = pairs(a, tool[p], len(tools), counts=True)
    named = np.array([x is not None for x in tools], bool)
    ok = (k >= min_files) & named[t]
    out: dict[str, list[str]] = {name: [] for name in cols.authors}
    for ai, ti in zip(a[ok].tolist(), t[ok].tolist()):
        out[cols.authors[ai]].append(tools[ti])
    return {name: sorted(ts) for name, ts in out.items()}


def read_tool_rules(path: str | Path) -> list[tuple[str, str]]:
    """Read tool rules from YAML: a mapping ``glob: tool`` or a list of ``{pattern, tool}``.

    Parameters
    ----------
    path : str or pathlib.Path
        The YAML file.

    Returns
    -------
    list of (str, str)
        ``(glob, tool)`` pairs in file order, globs lower-cased and tool names
        stripped, for ``tool_rules`` of :func:`infer_tools`.

    Raises
    ------
    InputError
        Missing or malformed file.

    See Also
    --------
    infer_tools : Infers tools with the rules.
    tool_of : Applies the rules to one file.

    Examples
    --------
    ``k8s.yaml`` containing ``"deploy/*.yaml": Kubernetes`` makes every YAML file under
    ``deploy/`` show Kubernetes:

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     f = pathlib.Path(d, "k8s.yaml")
    ...     _ = f.write_text('"Deploy/*.yaml": Kubernetes\\n')
    ...     rules = read_tool_rules(f)
    >>> rules, tool_of("deploy/cart.yaml", rules)
    ([('deploy/*.yaml', 'Kubernetes')], 'Kubernetes')
    """
    data, locate = one_document(read_text(path), str(path), "a tool rules file")
    hint = "write a mapping of glob patterns to tool names, e.g. 'deploy/*.yaml: Kubernetes'"
    items: list[tuple[Any, Any, tuple[str | int, ...]]]
    if isinstance(data, dict):
        items = [(k, v, (k,)) for k, v in data.items()]
    elif isinstance(data, list) and all(isinstance(d, dict) and {"pattern", "tool"} <= set(d) for d in data):
        items = [(d["pattern"], d["tool"], (i, "tool")) for i, d in enumerate(data)]
    else:
        raise InputError("tool rules must be a mapping of glob -> tool", file=str(path), hint=hint)
    check_count("max_tool_rules", len(items), entity="tool rules", file=str(path),
                what="number of tool rules",
                fix="keep only the rules the built-in ones lack (teamsim knows the common file types)")
    for k, v, loc in items:
        if not isinstance(k, str):
            raise InputError(f"the pattern {_value(k)} is not text", file=str(path), line=locate(loc[:1]),
                             hint="quote the glob pattern, e.g. '\"*.go\": Go'")
        if not isinstance(v, str) or not v.strip():
            raise InputError(f"the tool of the rule {clip(k, 80)!r} is {_value(v)}, not a tool name",
                             file=str(path), line=locate(loc), entity=f"rule {clip(k, 80)!r}",
                             hint=f"write the tool name as plain text, e.g. '{clip(k, 80)}: Go'")
    return [(k.lower(), v.strip()) for k, v, _ in items]


def _value(v: Any) -> str:
    """A short description of a YAML value for a message."""
    if isinstance(v, str):
        return "empty"
    if isinstance(v, (dict, list)):
        return "a mapping" if isinstance(v, dict) else "a list"
    return f"{type(v).__name__} {clip(v, 40)}"


