"""teamsim.json_output.json_document: the --json document, built in the library, printed by the CLI."""

import json

import pytest

from teamsim._results import Result
from teamsim.json_output import json_document


class _R(Result):
    name: str
    warnings: list[dict] = []


W = [{"message": "w", "file": "f"}]


def test_input_warnings_go_under_warnings_or_input_warnings():
    assert json.loads(json_document(_R(name="a"), W)) == {"name": "a", "warnings": [], "input_warnings": W}
    assert json.loads(json_document(_R(name="a", warnings=W), W)) == {"name": "a", "warnings": W}
    other = [{"message": "other"}]
    assert json.loads(json_document(_R(name="a", warnings=other), W)) == {
        "name": "a", "warnings": other, "input_warnings": W}
    assert json.loads(json_document({"x": 1}, W)) == {"x": 1, "warnings": W}
    assert json_document([1], W) == "[\n  1\n]"  # a list gets no warnings
    assert json_document(_R(name="a"), []) == _R(name="a").model_dump_json(indent=2)


@pytest.mark.parametrize("ch, escaped", [("\u202e", "\\u202e"), ("\x85", "\\u0085"),
                                         ("\U000e0041", "\\udb40\\udc41")])
def test_terminal_characters_are_escaped_and_the_json_is_the_same(ch, escaped):
    text = json_document({"name": f"a{ch}b"})
    assert escaped in text and ch not in text
    assert json.loads(text) == {"name": f"a{ch}b"}


def test_the_cli_prints_the_library_document(capsys):
    from teamsim.cli._app import emit_json

    emit_json({"n": 1})
    assert capsys.readouterr().out == json_document({"n": 1}) + "\n"
