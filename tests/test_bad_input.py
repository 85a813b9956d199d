"""Bad input: one clear message naming file, line, entity, field and fix; exit code 2."""

import pytest

from teamsim.cli import main

GOOD_TOOLS = "tools:\n  - {name: A}\n  - {name: B}\n"

CASES = {
    "unknown tool": (
        GOOD_TOOLS + "people:\n  - name: Ann\n    tools: [A, Z]\n",
        ["unknown tool 'Z'", "person 'Ann'", "people[0].tools[1]", ":6:", "declare it under tools"]),
    "duplicate person": (
        GOOD_TOOLS + "people:\n  - {name: Ann, tools: [A]}\n  - {name: Ann, tools: [B]}\n",
        ["duplicate person name 'Ann'", "people[1].name", ":6:", "rename one"]),
    "member not a person": (
        GOOD_TOOLS + "people:\n  - {name: Ann, tools: [A]}\nteams:\n  - name: T\n"
        "    members: [Ann, Bob]\n",
        ["member 'Bob' is not a person", "team 'T'", "teams[0].members[1]", ":8:"]),
    "prerequisite cycle": (
        "tools:\n  - {name: A, requires: [B]}\n  - {name: B, requires: [A]}\n",
        ["prerequisite cycle A -> B -> A", "tool 'B'", "remove one prerequisite"]),
    "malformed yaml": (
        GOOD_TOOLS + "people:\n  - {name: Ann, tools: [A\n",
        ["malformed YAML", "fix the YAML syntax"]),
    "empty team": (
        GOOD_TOOLS + "people:\n  - {name: Ann, tools: [A]}\nteams:\n  - {name: T, members: []}\n",
        ["team 'T' is empty", "teams[0].members", ":7:", "add members"]),
    "wrong type": (
        GOOD_TOOLS + "people:\n  - name: Ann\n    tools: A\n",
        ["people[0].tools", "valid list", "person 'Ann'", ":6:"]),
    "boolean name": (
        "tools:\n  - {name: yes}\n",
        ["tools[0].name", "valid string", "quote"]),
    "unknown field": (
        GOOD_TOOLS + "people:\n  - {name: Ann, tols: [A]}\n",
        ["people[0].tols", "Extra inputs", "allowed fields: name, tools"]),
    "negative value": (
        "tools:\n  - {name: A, value: -1}\n",
        ["tools[0].value", "greater than or equal to 0", "tool 'A'"]),
    "empty file": ("", ["the file is empty"]),
    "not a mapping": ("- a\n- b\n", ["must be a mapping"]),
    "tabs": ("tools:\n\t- {name: A}\n", ["malformed YAML", "tabs"]),
    "bad team type": (
        GOOD_TOOLS + "people:\n  - {name: Ann, tools: [A]}\nteams:\n"
        "  - {name: T, members: [Ann], type: squad}\n",
        ["teams[0].type", "stream-aligned", ":7:"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_scenario_gives_clear_error(case, tmp_path, capsys):
    text, expected = CASES[case]
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    assert main(["validate", str(f)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert str(f) in err
    for piece in expected:
        assert piece in err, (piece, err)


def test_missing_file(capsys):
    assert main(["analyze", "/nonexistent/x.yaml"]) == 2
    assert "file not found" in capsys.readouterr().err


def test_unknown_suffix(tmp_path, capsys):
    f = tmp_path / "x.txt"
    f.write_text("")
    assert main(["analyze", str(f)]) == 2
    err = capsys.readouterr().err
    assert "unknown input type '.txt'" in err and "a teamsim scenario (.yaml, .yml, .json)" in err


def test_bad_json_line(tmp_path, capsys):
    f = tmp_path / "x.json"
    f.write_text('{"tools": [\n  {"name": "A"},\n  {"name": 3}\n]}')
    assert main(["validate", str(f)]) == 2
    err = capsys.readouterr().err
    assert ":3:" in err and "tools[1].name" in err


def test_strict_mode_cli(tmp_path, capsys):
    f = tmp_path / "s.yaml"
    f.write_text("tools:\n  - {name: A}\n  - {name: B, requires: [A]}\n"
                 "people:\n  - {name: Ann, tools: [B]}\n")
    assert main(["validate", str(f)]) == 0
    assert main(["validate", "--strict", str(f)]) == 2
    assert "without their prerequisites" in capsys.readouterr().err


YAML_CASES = {
    "duplicate key": ("tools:\n  - {name: A}\npeople:\n  - {name: Ann, tools: [A], tools: []}\n",
                      ["duplicate key 'tools'", ":4:"]),
    "impossible date": ("tools: []\npeople:\n  - {name: Ann}\nprojects:\n"
                        "  - {name: P, members: [Ann], date: 2025-02-30}\n",
                        ["projects[0].date", "valid date", ":5:", "YYYY-MM-DD"]),
    "infinite value": ("tools:\n  - {name: A, value: .inf}\n", ["tools[0].value", "finite"]),
    "huge value": ("tools:\n  - {name: A, value: 1e308}\n", ["tools[0].value", "less than"]),
    "long integer": ("tools:\n  - {name: A}\n  - {name: " + "7" * 40 + "}\n",
                     [":3:", "40 digits", "quote it if it is a name", "TEAMSIM_MAX_INT_DIGITS"]),
    "deep nesting": ("tools:\n  - name: " + "[" * 100 + "]" * 100 + "\n",
                     [":2:", "nesting depth 65 levels", "TEAMSIM_MAX_DEPTH"]),
    "recursive alias": ("tools:\n  - &t {name: A, requires: [*t]}\n", [":2:", "recursive"]),
    "undefined alias": ("tools:\n  - {name: A}\npeople:\n  - {name: Ann, tools: *tools}\n",
                        [":4:", "undefined alias *tools"]),
    "unknown tag": ("tools:\n  - {name: !!python/name:os.system A}\n",
                    [":2:", "the tag !!python/name:os.system is not supported", "remove the tag"]),
    "binary tag": ("tools:\n  - {name: !!binary R28=}\n",
                   [":2:", "the tag !!binary is not supported", "remove the tag !!binary"]),
    "bad tagged value": ("tools:\n  - {name: A, value: !!float lots}\n",
                         [":2:", "cannot read the !!float value 'lots'", "that !!float allows"]),
    "control character": ("tools:\n  - {name: \x07A}\n", [":2:", "control character"]),
}


@pytest.mark.parametrize("case", sorted(YAML_CASES))
def test_yaml_pitfalls(case, tmp_path, capsys):
    text, expected = YAML_CASES[case]
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    assert main(["validate", str(f)]) == 2
    err = capsys.readouterr().err
    for piece in expected:
        assert piece in err, (piece, err)


@pytest.mark.parametrize("argv", [
    ["analyse", "x.yaml"], ["analyze"], ["analyze", "x.yaml", "--jsn"], ["analyze", "x.yaml", "-k", "two"],
    ["import", "skills", "m.csv"],
])
def test_usage_errors_exit_2_without_traceback(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and ("Usage" in err or "Error" in err)


def test_folder_as_scenario(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_merge_keys_follow_the_merge_spec(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("tools:\n  - &base {name: Linux, value: 2, description: kernel}\n"
                 "  - {<<: *base, name: Docker}\n"
                 "  - {<<: [{name: X, value: 5}, *base], description: first wins}\n"
                 "  - {name: Go}\n")
    from teamsim.importers import load_scenario

    tools = load_scenario(f).tools
    assert [(t.name, t.value, t.description) for t in tools] == [
        ("Linux", 2.0, "kernel"), ("Docker", 2.0, "kernel"), ("X", 5.0, "first wins"), ("Go", 1.0, None)]
    f.write_text("tools:\n  - &b {name: A}\n  - {<<: *b, name: B, name: C}\n")
    assert main(["validate", str(f)]) == 2  # explicit keys still may not repeat


@pytest.mark.parametrize("text,pieces", [
    ('{"tools": [{"name": "A"}],\n "tools": []}', [":2:", "duplicate key 'tools'"]),
    ('{"tools": [{"name": "A", "value": ' + "1" * 50 + '}]}', [":1:", "50 digits"]),
    ('{"tools": [{"name": "' + "[" * 500 + '"}]}', ["ok"]),  # brackets inside a string are text
    ('{"tools":\n' + "[" * 500 + "]" * 500 + "}", [":2:", "nesting depth 501 levels"]),
])
def test_json_pitfalls(text, pieces, tmp_path, capsys):
    f = tmp_path / "s.json"
    f.write_text(text)
    code = main(["validate", str(f)])
    out = capsys.readouterr()
    assert code == (0 if pieces == ["ok"] else 2), out
    for piece in pieces:
        assert piece in (out.out if code == 0 else out.err), (piece, out)
