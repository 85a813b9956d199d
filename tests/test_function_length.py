"""The core keeps every function at 80 code lines or fewer (CONTRIBUTING: "No function over 80 lines")."""

from __future__ import annotations

import ast
from pathlib import Path

import teamsim

LIMIT = 80
ROOT = Path(teamsim.__file__).parent

# Functions still over the limit, as "module path:qualified name". This list may only shrink:
# split a function into named helpers, then remove it here.
ALLOWED: set[str] = set()


def code_lines(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines from ``def`` to the function's last line, less the docstring's lines."""
    n = fn.end_lineno - fn.lineno + 1
    first = fn.body[0]
    if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)):
        n -= first.end_lineno - first.lineno + 1
    return n


def functions(tree: ast.AST, prefix: str = ""):
    """(qualified name, node) of every function in ``tree``, nested ones included."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield prefix + node.name, node
            yield from functions(node, prefix + node.name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from functions(node, prefix + node.name + ".")
        else:
            yield from functions(node, prefix)


def long_functions() -> dict[str, int]:
    """Every function under teamsim/ over the limit, with its code lines."""
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, fn in functions(tree):
            n = code_lines(fn)
            if n > LIMIT:
                out[f"{path.relative_to(ROOT).as_posix()}:{name}"] = n
    return out


def test_code_lines_counts_body_without_docstring():
    src = 'def f(x):\n    """Doc\n\n    more.\n    """\n    y = x\n\n    # note\n    return y\n'
    (name, fn), = functions(ast.parse(src))
    assert name == "f" and code_lines(fn) == 5   # def, y = x, blank, comment, return


def test_functions_finds_methods_and_nested_functions():
    src = "class C:\n    def m(self):\n        def inner():\n            pass\n"
    assert [n for n, _ in functions(ast.parse(src))] == ["C.m", "C.m.inner"]


def test_no_function_over_80_lines():
    over = {k: v for k, v in long_functions().items() if k not in ALLOWED}
    assert not over, f"functions over {LIMIT} lines (split them into helpers): {over}"


def test_allowlist_only_shrinks():
    # a function that was split must leave the allowlist, so the list cannot hide new long ones
    stale = ALLOWED - set(long_functions())
    assert not stale, f"no longer over {LIMIT} lines, remove from ALLOWED: {sorted(stale)}"
