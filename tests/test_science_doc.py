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


def test_page_rows_are_the_reference_values_exactly():
    f = _script()._page_figures()
    # Page (2017): Adam {A,B,C,D,E} = 5, Betsy {A,B,E,F} = 4, Carl {C,D,G} = 3; unions 6 and 7
    assert f["page_example"] == "Adam = 5, Betsy = 4, Carl = 3; Adam+Betsy = 6, Betsy+Carl = 7"
    assert f["bonus"] == "Adam+Betsy: 6 − 5 = 1, Betsy+Carl: 7 − 4 = 3"
    # payments API: mean of 4, 5, 9, 14 is 8; (8-6)^2 = 4; errors 4, 1, 9, 64 -> 19.5;
    # spread 16, 9, 1, 36 -> 15.5
    assert f["crowd"].startswith("payments API (weeks): predictions 4, 5, 9, 14, truth 6: "
                                 "(8 − 6)² = 4 = 19.5 − 15.5; over all 3 questions 3 = ")
    assert f["lappas"].endswith("team {a, b, c}, diameter 2 hops")
    row = {r.key: r for r in _script().rows()}
    assert "teamsim's own" in row["bonus"].model and "not reproduced" in row["lappas"].source_figure


def test_errors_end_in_one_message_not_a_traceback(monkeypatch, capsys, tmp_path):
    from teamsim.errors import InputError

    mod = _script()
    before = (ROOT / "docs" / "science.md").read_text(encoding="utf-8")

    def refuse(*_):
        raise InputError("estimated work 2 operations is over the limit", entity="Hong-Page simulation")

    monkeypatch.setattr(mod, "_figures", refuse)
    assert mod.main([]) == 2
    err = capsys.readouterr().err
    assert "docs/science.md not written" in err and "estimated work 2 operations" in err
    assert "Traceback" not in err
    mod = _script()                      # a saved JSON file that is missing: named, exit 1
    monkeypatch.setattr(mod, "_network_figures", dict)
    monkeypatch.setattr(mod, "_assembly_figures", dict)
    missing = tmp_path / "once.json"
    assert mod.main(["--hongpage-json", str(missing), "--hongpage-relay-json", str(missing)]) == 1
    err = capsys.readouterr().err
    assert "FileNotFoundError" in err and "once.json" in err and "Traceback" not in err
    assert (ROOT / "docs" / "science.md").read_text(encoding="utf-8") == before


def test_a_saved_run_of_another_command_is_refused(tmp_path):
    import json

    import pytest

    mod = _script()
    rows = [{"mode": "relay", "landscapes": 50, "N": 10, "l": 12, "best_performance": 92.0,
             "best_performance_se": 0.2, "random_performance": 94.0, "random_performance_se": 0.1}]
    (tmp_path / "r.json").write_text(json.dumps(rows))
    with pytest.raises(ValueError, match="expected relay-once, 100"):
        mod._hong_page_figures(tmp_path / "r.json", tmp_path / "r.json")
