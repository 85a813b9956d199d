"""File path -> cognitive tool: the rules that say which tool a changed file shows.

Languages by file extension, infrastructure kinds by path (:data:`TOOL_RULES`, first
match wins). :func:`tool_of` classifies one path. The git reader
(:mod:`teamsim.importers.git_tools`) and the coverage analysis
(:mod:`teamsim.coverage.tools`) both use them; reading a rules file is the reader's
(:func:`teamsim.importers.git_tools.read_tool_rules`).

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

__all__ = ["TOOL_RULES", "tool_of"]


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
    teamsim.importers.git_tools.infer_tools : Each author's tools from the files they changed.

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
    tools = {f"r{i}": tool for i, (_, tool) in enumerate(rules)}

    def match(path: str) -> str | None:
        m = regex.match(path.lower()[::-1])
        return None if m is None or m.lastgroup is None else tools[m.lastgroup]

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
