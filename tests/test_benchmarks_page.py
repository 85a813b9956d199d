"""docs/benchmarks.md is written from every benchmark script's output (no speed figure is
typed by hand): the page generator names every ``benchmarks/bench_*.py``, and the page has a
section for each."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    path = ROOT / "benchmarks" / "make_docs_figures.py"
    spec = importlib.util.spec_from_file_location("make_docs_figures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_page_generator_runs_every_benchmark():
    scripts = sorted(p.stem for p in (ROOT / "benchmarks").glob("bench_*.py"))
    assert sorted(_generator().BENCHES) == scripts


def test_the_page_has_a_section_for_every_benchmark():
    page = (ROOT / "docs" / "benchmarks.md").read_text()
    assert all(f"\n## {name}\n" in page for name in _generator().BENCHES)
