"""Regression tests for a new user's report on ``teamsim ownership`` / ``teamsim reorg``."""

import json

import pytest

from teamsim.cli import main
from teamsim.errors import InputError
from teamsim.importers.codeowners import check_path_template

from .conftest import SCENARIOS

GRAPHS = SCENARIOS / "service-graphs"
BOUTIQUE = str(SCENARIOS / "online-boutique.yaml")


def run_json(capsys, *args):
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("extra", [["--split", "Platform"],
                                   ["--move-service", "frontend", "--split", "Checkout"]])
def test_move_and_split_together_is_an_input_error(capsys, extra):
    rc = main(["reorg", BOUTIQUE, "--move-person", "Ana", "--to", "Platform", *extra]
              if extra[0] == "--split" else ["reorg", BOUTIQUE, "--to", "Platform", *extra])
    err = capsys.readouterr().err
    assert rc == 2 and "cannot be combined" in err and "Traceback" not in err


def test_move_service_and_person_together_is_an_input_error(capsys):
    assert main(["reorg", BOUTIQUE, "--move-service", "frontend", "--move-person", "Ana",
                 "--to", "Platform"]) == 2
    assert "--move-service and --move-person cannot be combined" in capsys.readouterr().err


@pytest.mark.parametrize("template, piece", [
    ("svc/{nme}/", "unknown placeholder {nme}; use {name}"),
    ("svc/{}/", "unknown placeholder {}"),
    ("svc/{name:>3}/", "format options"),
    ("svc/{name/", "malformed braces"),
])
def test_bad_path_template(template, piece):
    with pytest.raises(InputError) as e:
        check_path_template(template)
    assert piece in str(e.value)


@pytest.mark.parametrize("with_codeowners", [True, False])
def test_bad_path_template_cli(capsys, with_codeowners):
    srcs = [str(GRAPHS / "online-boutique.csv")]
    if with_codeowners:
        srcs.append(str(SCENARIOS / "online-boutique" / "CODEOWNERS"))
    assert main(["ownership", *srcs, "--service-paths", "svc/{nme}/"]) == 2
    err = capsys.readouterr().err
    assert "unknown placeholder {nme}" in err and "use {name}" in err and "Traceback" not in err
