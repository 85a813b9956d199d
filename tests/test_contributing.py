"""CONTRIBUTING.md, checked literally: its command table and the paths it names exist."""

import re

from teamsim.cli import app  # the whole app: every command registered
from teamsim.importers.registry import GIT_KINDS, KINDS, SCENARIO_KINDS

from .conftest import ROOT

TEXT = (ROOT / "CONTRIBUTING.md").read_text()


def _commands(t, prefix=""):
    """(command, module file) of every command registered on the typer app ``t``."""
    for c in t.registered_commands:
        name = c.name or c.callback.__name__.replace("_", "-")
        yield prefix + name, c.callback.__module__.replace(".", "/") + ".py"
    for g in t.registered_groups:
        yield from _commands(g.typer_instance, prefix + g.name + " ")


def _table() -> dict[str, str]:
    """The command table: every command named in a row -> the module of that row."""
    out = {}
    for cells, module in re.findall(r"^\| (`[^|]*) \| `(teamsim/cli/[a-z_]+\.py)` \|$", TEXT, re.M):
        for cmd in re.findall(r"`([^`]+)`", cells):
            group, _, subs = cmd.partition(" ")
            if "/" in subs:   # workspace save/list/log/export
                for sub in subs.split("/"):
                    out[f"{group} {sub}"] = module
            else:
                out[cmd] = module
    return out


def test_the_command_table_names_every_command_and_its_module():
    assert _table() == dict(_commands(app))


def test_the_paths_it_names_exist():
    for path in set(re.findall(r"`((?:teamsim|teamsim_app|tests|benchmarks)/[\w/.]*)`", TEXT)):
        assert (ROOT / path.split("::")[0]).exists(), path


def test_the_kinds_it_names_are_the_registry_s():
    assert SCENARIO_KINDS == ("scenario", "skills", "org")
    assert GIT_KINDS == ("git-repo", "git-log", "git-history")
    assert [k.name for k in KINDS if k.fallback] == ["skills", "scenario"]
    assert "(`scenario`, `skills`, `org`;" in TEXT
