"""Hostile numbers in scenarios and CSV files: out-of-range years, coerced booleans and
quoted numbers, weights past the 1e12 cap.

``teamsim validate`` must refuse whatever a later command would crash on, and a number
must be a number: pydantic's lax mode would read ``true`` as 1 and ``"5"`` as 5.
"""

from __future__ import annotations

import json

import pytest

from teamsim.errors import ScenarioError
from teamsim.importers._yaml import parse_documents
from teamsim.importers.dependencies import read_dependencies_text
from teamsim.importers.scenario_file import parse_scenario
from tests.hostile.harness import assert_clean, assert_refused, run

PEOPLE = "tools: [{name: A}]\npeople: [{name: Ann, tools: [A]}, {name: Bo, tools: [A]}]\n"


def _scenario(tmp_path, body, name="s.yaml"):
    f = tmp_path / name
    f.write_text(PEOPLE + body)
    return f


# ------------------------------------------------------------------ years
@pytest.mark.parametrize(("year", "bound"), [("12345678901234567890", "less than or equal to 9999"),
                                             ("-5", "greater than or equal to 1"),
                                             ("0", "greater than or equal to 1"),
                                             ("10000", "less than or equal to 9999")])
def test_project_year_out_of_range_is_refused_by_validate(tmp_path, year, bound):
    f = _scenario(tmp_path, f"projects:\n  - {{name: p, members: [Ann, Bo], year: {year}}}\n")
    for command in ("validate", "network"):
        assert_refused(run(command, f), f"{f}:4:", "project 'p'", "projects[0].year", bound)


def test_years_at_both_ends_of_the_range_are_read(tmp_path):
    f = _scenario(tmp_path, "projects:\n  - {name: p, members: [Ann, Bo], year: 1}\n"
                            "  - {name: q, members: [Ann, Bo], year: 9999}\n")
    assert run("validate", f).code == 0
    assert_clean(run("network", f))


def test_a_number_for_a_date_is_refused_not_read_as_unix_time(tmp_path):
    f = _scenario(tmp_path, "projects:\n  - {name: p, members: [Ann, Bo], date: 20}\n")
    assert_refused(run("validate", f), f"{f}:4:", "a date is needed, not a number",
                   "write the date as YYYY-MM-DD")


# ------------------------------------------------------------------ booleans and quoted numbers
NUMBER_FIELDS = [  # (scenario body with {v}, field shown)
    ("tools: [{{name: A, value: {v}}}]\n", "tools[0].value"),
    ("people: [{{name: Ann, tools: [A], cost: {v}}}]\n", "people[0].cost"),
    ("people: [{{name: Ann, tools: [A], levels: {{A: {v}}}}}]\n", "people[0].levels.A"),
    ("people: [{{name: Ann}}]\nteams: [{{name: T, members: [Ann], capacity: {v}}}]\n",
     "teams[0].capacity"),
    ("services: [{{name: s, load: {v}}}]\n", "services[0].load"),
    ("services: [{{name: s}}]\nteams: [{{name: T, services: [{{name: s, weight: {v}}}]}}]\n",
     "teams[0].services[0].weight"),
    ("services: [{{name: s, depends_on: [{{service: t, weight: {v}}}]}}, {{name: t}}]\n",
     "services[0].depends_on[0].weight"),
    ("services: [{{name: s, tools: [{{name: A, weight: {v}}}]}}]\n", "services[0].tools[0].weight"),
    ("tasks: [{{name: k, tools: [A], weights: {{A: {v}}}}}]\n", "tasks[0].weights.A"),
    ("people: [{{name: Ann}}]\nprojects: [{{name: p, members: [Ann], year: {v}}}]\n",
     "projects[0].year"),
]


def _check(body: str, value: str, file: str = "s.yaml"):
    text = "tools: [{name: A}]\n" + body if not body.startswith("tools") else body
    [(data, locate)] = parse_documents(text, file)
    return parse_scenario(data, file, locate)


@pytest.mark.parametrize(("body", "field"), NUMBER_FIELDS)
@pytest.mark.parametrize(("value", "fix"), [("true", "not true or false"), ("false", "not true or false"),
                                            ('"5"', "remove the quotes: write 5, not '5'"),
                                            ("'2.5e3'", "remove the quotes: write 2.5e3"),
                                            ('"lots"', "give a number")])
def test_booleans_and_quoted_numbers_are_refused_in_every_number_field(body, field, value, fix):
    with pytest.raises(ScenarioError) as e:
        _check(body.format(v=value), value)
    assert e.value.message.startswith(field + ": a number is needed"), e.value.message
    assert fix in e.value.hint and e.value.line is not None


@pytest.mark.parametrize(("body", "field"), NUMBER_FIELDS)
def test_plain_numbers_are_read_in_every_number_field(body, field):
    s = _check(body.format(v="2"), "2")
    data = s.model_dump()
    value = data
    for part in field.replace("[", ".").replace("]", "").split("."):
        value = value[int(part)] if part.isdigit() else value[part]
    assert value == 2 and type(value) is (int if field.endswith("year") else float)


def test_exponent_floats_without_a_dot_are_numbers():
    """YAML 1.1 reads 1e3 as text; teamsim reads it as YAML 1.2 and JSON do."""
    [(data, _)] = parse_documents("a: [1e3, 2E-2, -1.5e+2, e3, 1e, 10]\n", "f.yaml")
    assert data["a"] == [1000.0, 0.02, -150.0, "e3", "1e", 10]
    s = _check("services: [{name: s, load: 1e3}]\n", "1e3")
    assert s.services[0].load == 1000.0


def test_json_scenario_refuses_booleans_and_quoted_numbers(tmp_path):
    f = tmp_path / "s.json"
    f.write_text(json.dumps({"tools": [{"name": "A", "value": True}]}))
    assert_refused(run("validate", f), str(f), "tool 'A'", "tools[0].value",
                   "a number is needed, not a boolean", "not true or false")
    f.write_text(json.dumps({"tools": [{"name": "A", "value": "0.5"}]}))
    assert_refused(run("validate", f), str(f), "tool 'A'", "remove the quotes: write 0.5")


def test_int_is_still_accepted_where_a_float_is_expected(tmp_path):
    f = tmp_path / "s.json"
    f.write_text(json.dumps({"tools": [{"name": "A", "value": 3}]}))
    assert run("validate", f).code == 0


# ------------------------------------------------------------------ the 1e12 cap
@pytest.mark.parametrize(("body", "field"), NUMBER_FIELDS[:-1])
def test_numbers_past_the_cap_name_it(body, field):
    with pytest.raises(ScenarioError) as e:
        _check(body.format(v="2.0e12"), "2.0e12")
    assert e.value.message.startswith(field + ": Input should be less than or equal to 1000000000000")
    assert "give at most 1e12" in e.value.hint


def test_scenario_dependency_weight_past_the_cap_is_not_called_a_string(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("services:\n  - name: a\n    depends_on:\n      - {service: b, weight: 2e12}\n"
                 "  - {name: b}\n")
    r = run("validate", f)
    assert_refused(r, f"{f}:4:", "service 'a'", "services[0].depends_on[0].weight",
                   "less than or equal to 1000000000000", "give at most 1e12")
    assert "string" not in r.err and "constrained-str" not in r.err and "Dependency" not in r.err


def test_union_branch_type_error_is_still_named(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("services:\n  - name: a\n    depends_on: [[b]]\n")
    r = run("validate", f)
    assert_refused(r, f"{f}:3:", "services[0].depends_on[0]")
    assert "constrained-str" not in r.err


@pytest.mark.parametrize(("rows", "line", "pieces"), [
    ("a,b,9e11\nc,d,1\na,b,9e11\n", 4,
     ["add up to 1.8e+12", "largest weight 1e12", "give the dependency once"]),
    ("a,b,2e12\n", 2, ["positive number up to 1e12, got 2e12", "scale large weights down"]),
])
def test_dependency_csv_weights_past_the_cap_name_the_line(tmp_path, rows, line, pieces):
    f = tmp_path / "deps.csv"
    f.write_text("source,target,weight\n" + rows)
    for command in (("ownership", f), ("reorg", f, "--teams", "2")):
        assert_refused(run(*command), f"{f}:{line}:", "dependency a -> b", *pieces)


def test_dependency_csv_weights_up_to_the_cap_are_read():
    r = read_dependencies_text("source,target,weight\na,b,5e11\na,b,5e11\n", "deps.csv")
    assert r.scenario.services[0].dependency_weights == [1e12]
    assert [w.message for w in r.warnings] == ["dependency a -> b repeated; weights added"]
