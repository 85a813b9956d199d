"""Skills-matrix CSV import."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamsim import individual_abilities
from teamsim.errors import InputError, ScenarioError
from teamsim.importers import read_skills_matrix
from teamsim.importers.skills_csv import read_skills_matrix_text, skills_matrix_csv
from teamsim.scenario import Scenario


def _matrix_and_tools(folder, matrix: str, tools: str):
    """Write a skills matrix and a tools file into ``folder``; return their paths."""
    m, t = folder / "m.csv", folder / "tools.csv"
    m.write_text(matrix)
    t.write_text(tools)
    return m, t


def test_levels_kept_and_threshold(tmp_path):
    s = read_skills_matrix_text("name,role,Python,Go\nAnn,dev,3,1\nBo,,0.5,\n", "m.csv")
    ann, bo = s.people
    assert ann.tools == ["Python", "Go"] and ann.levels == {"Python": 3.0} and ann.role == "dev"
    assert bo.tools == ["Python"]
    s2 = read_skills_matrix_text("name,Python,Go\nAnn,3,1\nBo,0.5,\n", "m.csv", min_level=1)
    assert [p.tools for p in s2.people] == [["Python", "Go"], []]


def test_tools_file_prerequisites(tmp_path):
    m, t = _matrix_and_tools(tmp_path, "name,Linux,Docker,Kubernetes\nAnn,,,1\n",
                             "tool,requires,value\nLinux,,1\nDocker,Linux,2\nKubernetes,Docker,3\n")
    s = read_skills_matrix(m, t)
    assert individual_abilities(s) == {"Ann": 6.0}  # Kubernetes implies Docker and Linux


def test_tools_file_unknown_prerequisite_names_tools_file(tmp_path):
    m, t = _matrix_and_tools(tmp_path, "name,A\nAnn,1\n", "tool,requires\nA,Q\n")
    with pytest.raises(ScenarioError) as e:
        read_skills_matrix(m, t)
    assert e.value.file == str(t) and "unknown tool 'Q'" in e.value.message


@pytest.mark.parametrize("text,piece,line", [
    ("team,A\nX,1\n", "no 'name' column", 1),
    ("name,A\nAnn,maybe\n", "is not a level", 2),
    ("name,A\nAnn,1\nAnn,0\n", "appears twice", 3),
    ("name,A\n,1\n", "row without a name", 2),
    ("name,A\nAnn,-2\n", "out of range", 2),
    ("name,A\nAnn,inf\n", "out of range", 2),
    ("name,A\nAnn,1_000\n", "'1_000' is not a level", 2),
    ("name,A\nAnn,\u0663\n", "is not a level", 2),
    ("name,A\nAnn,\uff15\n", "is not a level", 2),
    ("name,A\nAnn,1e-400\n", "level '1e-400' is so close to 0 that it underflows", 2),
    ("name,cost,A\nAnn,1_000,1\n", "cost '1_000' is not a number", 2),
    ("name,Linux,linux\nAnn,1,\n", "differ only in case", 1),
    ("name,A\nAnn,1,1\n", "row has 3 cells", 2),
    ("name,A\n", "no people", 1),
    ("", "the file is empty", None),
    # a quote left open would swallow the rows below it into one cell
    ('name,team,A\nAnn,X,1\n"Bo,X,1\nCy,X,1\n', "quoted cell opened on line 3 runs over 2 lines", 3),
    ('name,team,A\nAnn,"X,1\n', "opened on line 2 is never closed", 2),
    ('name,A\nAnn,1\nBo,"1\n"\n', "opened on line 3", 3),
    ("name,team,name,A\nAnn,X,Ann,1\n", "'name' appears twice (columns 1 and 3)", 1),
    ("name,team,Name,A\nAnn,X,Ann,1\n", "'name' (column 1) and 'Name' (column 3) differ only in case", 1),
    ("person,A,name\nAnn,1,Ann\n", "'person' (column 1) and 'name' (column 3) both give the name", 1),
    ("name,team,role,team\nAnn,X,,Y\n", "'team' appears twice", 1),
    ("name,A,B,A\nAnn,1,,1\n", "tool column 'A' appears twice (columns 2 and 4)", 1),
    ("name,A\rAnn,1\rBo,q\r", "is not a level", 3),
    ("name,A\r\n\r\nAnn,1\r\nAnn,1\r\n", "appears twice (also on line 3)", 4),
    ("name,A\nAnn,1\n,1\nBo,2,3\n", "row without a name", 3),  # problems come in file order
    ("name,A\nAnn,1\nBo,2,3\n", "row has 3 cells", 3),
    ("name,A\nAnn,1\nBo,nan\n", "out of range", 3),
    ("name,A\nAnn,1\nB\0,1\n", "NUL byte", 3),  # text handed over without read_text
])
def test_bad_matrix(text, piece, line):
    with pytest.raises(InputError) as e:
        read_skills_matrix_text(text, "m.csv")
    assert piece in e.value.message and e.value.file == "m.csv" and e.value.line == line


def test_min_level_reads_one_as_a_level():
    text = "name,Linux,Docker,Go\nAnn,1,2,3\nBo,x,3,\n"
    s = read_skills_matrix_text(text, "m.csv", min_level=2)
    assert [p.tools for p in s.people] == [["Docker", "Go"], ["Linux", "Docker"]]
    assert s.people[0].levels == {"Docker": 2.0, "Go": 3.0}


def test_semicolon_delimited_matrix():
    s = read_skills_matrix_text("name;team;A;B\nAnn;X;1;\nBo;X;;1\n", "m.csv")
    assert [p.tools for p in s.people] == [["A"], ["B"]] and s.teams[0].members == ["Ann", "Bo"]


def test_tools_file_unknown_column_and_cycle_line(tmp_path):
    m, t = _matrix_and_tools(tmp_path, "name,A,B\nAnn,1,\n", "tool,needs\nA,B\n")
    with pytest.raises(InputError, match="unknown column 'needs'"):
        read_skills_matrix(m, t)
    t.write_text("tool,requires\nA,B\nB,A\n")
    with pytest.raises(ScenarioError) as e:
        read_skills_matrix(m, t)
    assert "prerequisite cycle" in e.value.message
    assert e.value.file == str(t) and e.value.line == 3


def test_cell_limit_names_the_line_and_the_variable(monkeypatch):
    monkeypatch.setenv("TEAMSIM_MAX_CELL_BYTES", "64")
    with pytest.raises(InputError) as e:
        read_skills_matrix_text("name,A\nAnn,1\nBo,1." + "0" * 63 + "\n", "m.csv")
    assert e.value.line == 3 and "TEAMSIM_MAX_CELL_BYTES=128" in e.value.hint
    s = read_skills_matrix_text("name,A\nAnn,1\nBo,1." + "0" * 62 + "\n", "m.csv")
    assert [p.name for p in s.people] == ["Ann", "Bo"]


def test_tools_file_description_may_span_lines_but_not_the_name(tmp_path):
    m, t = _matrix_and_tools(tmp_path, "name,A,B\nAnn,1,\n",
                             'tool,description,requires\nA,"line one\nline two",\nB,,A\n')
    s = read_skills_matrix(m, t)
    assert [(x.name, x.description, x.requires) for x in s.tools] == [
        ("A", "line one\nline two", []), ("B", None, ["A"])]
    t.write_text('tool,description\n"A,x\nB,y\n')
    with pytest.raises(InputError) as e:
        read_skills_matrix(m, t)
    assert e.value.file == str(t) and e.value.line == 2 and "opened on line 2" in e.value.message
    t.write_text("tool,value,Value\nA,1,2\n")
    with pytest.raises(InputError, match="'value' .column 2. and 'Value' .column 3. differ only in case"):
        read_skills_matrix(m, t)


CELLS = ["", " ", "0", "no", "N", "-", "1", "x", "X", "yes", "✓", "2", " 2.5 ", "0.5", "1e2", "0.0"]


def _reference(cell: str, min_level):
    """The cell rules of the module docstring, one cell at a time."""
    low = cell.strip().lower()
    if low in {"", "0", "no", "n", "false", "-"}:
        return None
    if low in {"1", "x", "yes", "y", "true", "✓", "✔"} and not (min_level is not None and low == "1"):
        return "holds"
    level = float(low)
    return None if level == 0 else level


@settings(max_examples=60, deadline=None)
@given(grid=st.lists(st.lists(st.sampled_from(CELLS), min_size=4, max_size=4), min_size=1, max_size=12),
       min_level=st.none() | st.sampled_from([0.5, 1.0, 2.0]))
def test_column_wise_decoding_matches_the_cell_rules(grid, min_level):
    header = ["name", "A", "B", "C", "D"]
    text = ",".join(header) + "\n" + "".join(
        f"P{i}," + ",".join(f'"{c}"' for c in row) + "\n" for i, row in enumerate(grid))
    s = read_skills_matrix_text(text, "m.csv", min_level=min_level)
    for person, row in zip(s.people, grid):
        tools, levels = [], {}
        for tool, cell in zip(header[1:], row):
            got = _reference(cell, min_level)
            if got == "holds":
                tools.append(tool)
            elif got is not None and (min_level is None or got >= min_level):
                tools.append(tool)
                levels[tool] = got
        assert (person.tools, person.levels) == (tools, levels)


_LEVEL = st.one_of(st.none(), st.sampled_from([0.5, 1.0, 2.0, 3.5]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_LEVEL, min_size=3, max_size=3), min_size=1, max_size=5))
def test_exported_matrix_reimports_to_the_same_people(rows):
    """Held tools and every level, 1.0 included, survive skills_matrix_csv -> read_skills_matrix_text."""
    people = []
    for i, row in enumerate(rows):
        held = [t for t, lv in zip("ABC", row, strict=True) if lv is not None]
        levels = {t: lv for t, lv in zip("ABC", row, strict=True) if lv not in (None, 1.0) or i % 2}
        people.append({"name": f"P{i}", "tools": held, "levels": {t: levels[t] for t in held if t in levels}})
    s = Scenario.model_validate({"tools": [{"name": t} for t in "ABC"], "people": people})
    back = read_skills_matrix_text(skills_matrix_csv(s), "again.csv")
    def rows_of(sc):
        return [(p.name, p.tools, p.levels) for p in sc.people]
    assert rows_of(back) == rows_of(s)
