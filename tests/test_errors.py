"""teamsim's errors: both kinds of bad input are ValueErrors; a broken scenario rule stays a ScenarioError."""

import pytest
from pydantic import ValidationError

from teamsim.errors import InputError, ScenarioError, TeamsimError
from teamsim.scenario import Scenario

CYCLE = {"tools": [{"name": "A", "requires": ["B"]}, {"name": "B", "requires": ["A"]}]}


@pytest.mark.parametrize("cls", [InputError, ScenarioError])
def test_bad_input_is_a_value_error(cls):
    assert issubclass(cls, TeamsimError) and issubclass(cls, ValueError)
    with pytest.raises(ValueError, match="unknown tool 'Z'"):
        raise cls("unknown tool 'Z'", entity="person 'Ann'")


@pytest.mark.parametrize("build", [lambda d: Scenario(**d), Scenario.model_validate,
                                   lambda d: Scenario.model_validate_json(__import__("json").dumps(d)),
                                   Scenario.model_validate_strings])
def test_a_broken_rule_is_raised_as_itself_not_wrapped_by_pydantic(build):
    with pytest.raises(ScenarioError) as e:
        build(CYCLE)
    assert not isinstance(e.value, ValidationError)
    assert (e.value.message, e.value.loc, e.value.entity) == ("prerequisite cycle A -> B -> A",
                                                              ("tools", 1, "requires"), "tool 'B'")


def test_a_field_error_is_still_pydantics():
    with pytest.raises(ValidationError) as e:
        Scenario.model_validate({"tools": [{"name": "A", "value": "x"}]})
    assert e.value.errors()[0]["loc"][:2] == ("tools", 0)


def test_except_value_error_catches_a_scenario_rule():
    try:
        Scenario.model_validate({"people": [{"name": "Ann", "tools": ["Z"]}]})
    except ValueError as e:
        assert isinstance(e, ScenarioError) and "unknown tool 'Z'" in str(e)
    else:
        pytest.fail("no error")
