"""docs/science.md is current: every row of docs/make_science.py is listed with its command."""

import importlib.util
import sys

from .conftest import ROOT


def _script():
    spec = importlib.util.spec_from_file_location("make_science", ROOT / "docs" / "make_science.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_science"] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def test_every_row_and_command_is_in_the_table():
    mod = _script()
    lines = [ln for ln in (ROOT / "docs" / "science.md").read_text(encoding="utf-8").splitlines()
             if ln.startswith("| ") and not ln.startswith("| model")]
    assert len(lines) == len(mod.rows()), "docs/science.md is out of date: run python docs/make_science.py"
    for line, row in zip(lines, mod.rows(), strict=True):
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        assert cells[0] == row.model and cells[1] == row.source and cells[2] == row.source_figure
        assert cells[4] == f"`{row.command}`", "run python docs/make_science.py"


def test_render_puts_each_figure_in_its_row():
    mod = _script()
    figures = {r.key: f"figure of {r.key}" for r in mod.rows()}
    text = mod.render(figures)
    for r in mod.rows():
        assert f"| {r.source_figure} | figure of {r.key} | `{r.command}` |" in text
