"""Skills-matrix CSV import."""

import pytest

from teamsim import individual_abilities
from teamsim.errors import InputError, ScenarioError
from teamsim.importers import read_skills_matrix
from teamsim.importers.skills_csv import read_skills_matrix_text


def test_levels_kept_and_threshold(tmp_path):
    s = read_skills_matrix_text("name,role,Python,Go\nAnn,dev,3,1\nBo,,0.5,\n", "m.csv")
    ann, bo = s.people
    assert ann.tools == ["Python", "Go"] and ann.levels == {"Python": 3.0} and ann.role == "dev"
    assert bo.tools == ["Python"]
    s2 = read_skills_matrix_text("name,Python,Go\nAnn,3,1\nBo,0.5,\n", "m.csv", min_level=1)
    assert [p.tools for p in s2.people] == [["Python", "Go"], []]


def test_tools_file_prerequisites(tmp_path):
    m = tmp_path / "m.csv"
    m.write_text("name,Linux,Docker,Kubernetes\nAnn,,,1\n")
    t = tmp_path / "tools.csv"
    t.write_text("tool,requires,value\nLinux,,1\nDocker,Linux,2\nKubernetes,Docker,3\n")
    s = read_skills_matrix(m, t)
    assert individual_abilities(s) == {"Ann": 6.0}  # Kubernetes implies Docker and Linux


def test_tools_file_unknown_prerequisite_names_tools_file(tmp_path):
    m = tmp_path / "m.csv"
    m.write_text("name,A\nAnn,1\n")
    t = tmp_path / "tools.csv"
    t.write_text("tool,requires\nA,Q\n")
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
    ("name,Linux,linux\nAnn,1,\n", "differ only in case", 1),
    ("name,A\nAnn,1,1\n", "row has 3 cells", 2),
    ("name,A\n", "no people", 1),
    ("", "the file is empty", None),
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
    m = tmp_path / "m.csv"
    m.write_text("name,A,B\nAnn,1,\n")
    t = tmp_path / "tools.csv"
    t.write_text("tool,needs\nA,B\n")
    with pytest.raises(InputError, match="unknown column 'needs'"):
        read_skills_matrix(m, t)
    t.write_text("tool,requires\nA,B\nB,A\n")
    with pytest.raises(ScenarioError) as e:
        read_skills_matrix(m, t)
    assert "prerequisite cycle" in e.value.message
    assert e.value.file == str(t) and e.value.line == 3
