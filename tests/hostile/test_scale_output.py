"""A huge scenario is printed in full and in linear time: above RICH_TABLE_ROWS rows a table is
plain aligned text (rich lays a table out at about 1.5 ms a row)."""

from teamsim.cli._app import RICH_TABLE_ROWS, _aligned
from tests.hostile.harness import run


def test_aligned_table_keeps_every_cell_and_aligns_columns():
    text = _aligned("People", ["person", "ability", "ok"],
                    [["Ann", 1.5, True], ["Bo\x1b[2J", 12, False], ["Cy[/b]", None, "yes"]])
    lines = text.splitlines()
    assert lines[:3] == ["People", "person     ability  ok", "---------  -------  ---"]
    assert lines[3:6] == ["Ann            1.5  yes", "Bo\\x1b[2J       12  no", "Cy[/b]        None  yes"]


def test_many_people_print_as_a_plain_table_with_every_row(tmp_path):
    n = RICH_TABLE_ROWS + 500
    f = tmp_path / "many.yaml"
    f.write_text("tools: [{name: A}, {name: B}]\npeople:\n"
                 + "".join(f" - {{name: P{i}, tools: [{'A' if i % 2 else 'B'}]}}\n" for i in range(n)))
    r = run("analyze", f, timeout=120)
    assert r.code == 0, r.text[-2000:]
    rows = [ln for ln in r.out.splitlines() if ln[:1] == "P" and ln[1:2].isdigit()]
    assert len(rows) == n and rows[-1].split()[:3] == [f"P{n - 1}", "1", "A"]
    assert "│" not in r.out.split("Teams")[0].split("People")[1]  # no rich box for the big table


def test_a_checked_scenario_is_not_checked_again_but_a_changed_copy_is(monkeypatch):
    import pytest

    import teamsim.scenario as sc
    from teamsim.errors import ScenarioError
    from teamsim.importers import read
    from teamsim.importers.registry import ReadResult

    s = read("scenarios/diversity-bonus.yaml").scenario
    calls = []
    monkeypatch.setattr(sc, "_check_unique_names", lambda x: calls.append(x))
    ReadResult(scenario=s)
    assert calls == []  # the same field objects: not checked again
    monkeypatch.undo()
    with pytest.raises(ScenarioError, match="duplicate person name 'Adam'"):
        ReadResult(scenario=s.model_copy(update={"people": [*s.people, s.people[0]]}))
    assert s == read("scenarios/diversity-bonus.yaml").scenario  # equality ignores the mark
