"""Infer each person's cognitive tools from the files they changed in a git history.

Languages by file extension, infrastructure kinds by path (:data:`TOOL_RULES`, first
match wins; extend with :func:`read_tool_rules`). :func:`tool_of` classifies one path,
:func:`infer_tools` every author of a history.

Examples
--------
>>> tool_of("src/cart/main.go"), tool_of("deploy/Dockerfile")
('Go', 'Docker')
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from teamsim._text import clip
from teamsim.errors import InputError
from teamsim.importers._yaml import one_document, read_text
from teamsim.importers.git_history import GitLog
from teamsim.limits import check_count

if TYPE_CHECKING:  # numpy and the columnar code load only when a history is analysed
    from teamsim.importers._gitcols import Columns

__all__ = ["TOOL_RULES", "infer_tools", "read_tool_rules", "tool_of"]



#: Path rules for cognitive tools, tried in order; the first matching glob (``fnmatch``
#: on the lower-cased path, ``*`` crosses ``/``) names the tool. Infrastructure kinds come
#: first, then languages by extension. Override or extend with ``tool_rules=`` (your
#: rules are tried first) or ``teamsim import git --tools-map FILE``.
TOOL_RULES: tuple[tuple[str, str], ...] = (
    # CI / build / infrastructure kinds
    (".github/workflows/*", "GitHub Actions"),
    (".gitlab-ci.yml", "GitLab CI"),
    ("*.gitlab-ci.yml", "GitLab CI"),
    ("*cloudbuild*.yaml", "Cloud Build"),
    ("*cloudbuild*.yml", "Cloud Build"),
    ("*jenkinsfile*", "Jenkins"),
    ("*.tf", "Terraform"),
    ("*.tfvars", "Terraform"),
    ("*.hcl", "Terraform"),
    ("*chart.yaml", "Helm"),
    ("*values*.yaml", "Helm"),
    ("*helm*/*", "Helm"),
    ("*charts/*", "Helm"),
    ("*kustomization.yaml", "Kustomize"),
    ("*kustomize/*", "Kustomize"),
    ("*kubernetes*.yaml", "Kubernetes"),
    ("*kubernetes*/*.yaml", "Kubernetes"),
    ("*kubernetes*/*.yml", "Kubernetes"),
    ("*k8s*/*.yaml", "Kubernetes"),
    ("*k8s*/*.yml", "Kubernetes"),
    ("*manifests/*.yaml", "Kubernetes"),
    ("*openshift*/*.yaml", "Kubernetes"),
    ("*skaffold*.yaml", "Skaffold"),
    ("*istio*/*.yaml", "Istio"),
    ("*dockerfile*", "Docker"),
    ("*docker-compose*.yml", "Docker"),
    ("*docker-compose*.yaml", "Docker"),
    ("*.dockerignore", "Docker"),
    ("*ansible*/*.yml", "Ansible"),
    ("*ansible*/*.yaml", "Ansible"),
    ("*makefile", "Make"),
    ("*cmakelists.txt", "CMake"),
    ("*.cmake", "CMake"),
    ("*.bazel", "Bazel"),
    ("*.bzl", "Bazel"),
    ("*.proto", "Protocol Buffers"),
    ("*.thrift", "Thrift"),
    ("*.sql", "SQL"),
    # languages
    ("*.py", "Python"), ("*.pyx", "Python"), ("*.pyi", "Python"), ("*.ipynb", "Python"),
    ("*.go", "Go"),
    ("*.java", "Java"), ("*.kt", "Kotlin"), ("*.scala", "Scala"), ("*.groovy", "Groovy"),
    ("*.gradle", "Gradle"),
    ("*.cs", "C#"), ("*.csproj", "C#"), ("*.fs", "F#"),
    ("*.js", "JavaScript"), ("*.mjs", "JavaScript"), ("*.cjs", "JavaScript"), ("*.jsx", "JavaScript"),
    ("*.ts", "TypeScript"), ("*.tsx", "TypeScript"),
    ("*.html", "HTML/CSS"), ("*.css", "HTML/CSS"), ("*.scss", "HTML/CSS"),
    ("*.c", "C"), ("*.h", "C"),
    ("*.cc", "C++"), ("*.cpp", "C++"), ("*.cxx", "C++"), ("*.hpp", "C++"), ("*.hh", "C++"),
    ("*.rs", "Rust"), ("*.rb", "Ruby"), ("*.php", "PHP"), ("*.swift", "Swift"),
    ("*.lua", "Lua"), ("*.r", "R"), ("*.jl", "Julia"), ("*.m", "MATLAB/Objective-C"),
    ("*.sh", "Shell"), ("*.bash", "Shell"), ("*.zsh", "Shell"), ("*.ps1", "PowerShell"),
    ("*.md", "Documentation"), ("*.rst", "Documentation"), ("*.adoc", "Documentation"),
    ("*.txt", "Documentation"),
)


def tool_of(path: str, rules: Sequence[tuple[str, str]] = TOOL_RULES) -> str | None:
    """The cognitive tool a changed file shows, or None (see :data:`TOOL_RULES`).

    Parameters
    ----------
    path : str
        A changed file's path in the repository.
    rules : sequence of (glob, tool), default :data:`TOOL_RULES`
        Tried in order; the first glob matching the lower-cased path decides.

    Returns
    -------
    str or None
        The tool of the first matching rule, or None when no rule matches.

    See Also
    --------
    infer_tools : Each author's tools from the files they changed.

    Examples
    --------
    >>> [tool_of(p) for p in ("src/cart/Dockerfile", "helm-chart/templates/cart.yaml",
    ...                       "kubernetes-manifests/cart.yaml", "src/cart/main.go", "LICENSE")]
    ['Docker', 'Helm', 'Kubernetes', 'Go', None]
    """
    return _tool_matcher(tuple(rules))(path)


@lru_cache(maxsize=64)
def _tool_matcher(rules: tuple[tuple[str, str], ...]) -> Callable[[str], str | None]:
    """A function path -> tool equal to the first rule whose ``fnmatchcase`` matches.

    All rules become one regular expression whose alternatives are tried in order, so the
    first matching rule wins: one C call per path instead of one per rule. Patterns and
    path are reversed (a glob reversed token by token matches the reversed string), so
    the usual ``*.ext`` rules fail on the path's first characters instead of scanning it.
    """
    alts = (fnmatch.translate("".join(reversed(_glob_tokens(pat)))) for pat, _ in rules)
    regex = re.compile("|".join(f"(?P<r{i}>{alt})" for i, alt in enumerate(alts)) or "(?!)")
    # keyed by group name; str | None as ``lastgroup`` is typed (a match always names its group)
    tools: dict[str | None, str] = {f"r{i}": tool for i, (_, tool) in enumerate(rules)}

    def match(path: str) -> str | None:
        m = regex.match(path.lower()[::-1])
        return None if m is None else tools[m.lastgroup]

    return match


def _glob_tokens(pat: str) -> list[str]:
    """A glob's tokens as :func:`fnmatch.translate` reads them: ``[...]`` classes whole,
    every other character alone, and an unclosed ``[`` as the class ``[[]`` (a literal
    ``[`` that stays literal in any order of the tokens)."""
    out, i, n = [], 0, len(pat)
    while i < n:
        if pat[i] == "[":
            j = i + 1
            j += j < n and pat[j] == "!"
            j += j < n and pat[j] == "]"
            j = pat.find("]", j)
            if j >= 0:
                out.append(pat[i:j + 1])
                i = j + 1
                continue
        out.append("[[]" if pat[i] == "[" else pat[i])
        i += 1
    return out


def _tool_table(paths: Iterable[str], rules: Sequence[tuple[str, str]]) -> dict[str, str | None]:
    match = _tool_matcher(tuple(rules))
    return {p: match(p) for p in set(paths)}


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


