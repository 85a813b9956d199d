"""The command line starts light: help and ``validate`` import no numerical or plotting library.

``teamsim --help`` imports every command module (to list the commands), so a top-level
``import numpy`` (or a library module that imports it) in any of them would slow every
invocation down. These are guards on what is imported, in a fresh interpreter, not timings
(``benchmarks/bench_startup.py`` measures the time).
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamsim.cli import _pydantic_plugins, main

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("numpy", "scipy", "networkx", "plotly", "pandas", "streamlit")

# runs the command line in a fresh interpreter, then lists the packages of HEAVY it loaded
PROBE = """\
import json, sys
from teamsim.cli import main
code = main(sys.argv[1:])
loaded = sorted(h for h in HEAVY if h in sys.modules)
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def loaded_by(*args: str, heavy: tuple[str, ...] = HEAVY) -> list[str]:
    """The packages of ``heavy`` that ``teamsim ARGS`` imports (it must exit 0)."""
    r = subprocess.run([sys.executable, "-c", PROBE.replace("HEAVY", repr(heavy)), *args],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    result = json.loads(r.stderr.strip().splitlines()[-1])
    assert result["code"] == 0, r.stderr
    return result["loaded"]


@pytest.mark.parametrize("args", [["--help"], ["analyze", "--help"], ["import", "--help"],
                                  ["import", "git", "--help"], ["workspace", "save", "--help"]])
def test_help_imports_no_library(args):
    # pydantic too: typer would import it to coerce a missing --help flag (GROUP_SETTINGS);
    # markdown-it and pygments: rich.markdown, which typer's help formatter imports but
    # teamsim's help does not use (teamsim.cli._typer_help)
    assert loaded_by(*args, heavy=(*HEAVY, "pydantic", "yaml", "markdown_it", "pygments")) == []


def _stdout(code: str, exit_code: int = 0) -> str:
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                       env={**os.environ, "COLUMNS": "100"})
    assert r.returncode == exit_code, r.stderr
    return r.stdout


@pytest.mark.parametrize("args, exit_code", [(["--help"], 0), (["analyze", "--help"], 0),
                                             (["import", "git", "--help"], 0), (["import"], 2)])
def test_help_is_the_same_as_with_the_real_rich_modules(args, exit_code):
    # with rich.markdown and rich.traceback loaded first typer gets the real classes
    run = f"import sys; from teamsim.cli import main; sys.exit(main({args!r}))"
    light = _stdout(run, exit_code)
    assert "Usage: teamsim" in light and "--help" in light
    assert _stdout("import rich.markdown, rich.traceback; " + run, exit_code) == light


def test_deferred_rich_classes_load_on_first_use():
    out = _stdout("""\
import sys
from teamsim.cli._typer_help import load_rich_help
load_rich_help()
import typer.rich_utils as ru
before = "rich.markdown" in sys.modules or "rich.traceback" in sys.modules
from rich.traceback import Traceback
md = ru.Markdown("*x*", style="dim")
print(before, ru.Traceback.from_exception == Traceback.from_exception, type(md).__module__, md.markup)
""")
    assert out.split() == ["False", "True", "rich.markdown", "*x*"]


def test_validate_imports_no_numerical_library(tmp_path):
    f = tmp_path / "tiny.yaml"
    f.write_text("tools: [{name: A}, {name: B, requires: [A]}]\n"
                 "people: [{name: Ann, tools: [B]}]\nteams: [{name: T, members: [Ann]}]\n")
    assert loaded_by("validate", str(f), heavy=(*HEAVY, "markdown_it", "pygments")) == []


#: Reader modules a scenario file does not need (each is imported when its kind is read).
READERS = tuple(f"teamsim.importers.{m}" for m in (
    "backstage", "catalog_zip", "codeowners", "dependencies", "git", "git_history", "git_parse", "git_repo",
    "skills_csv", "tables"))


def test_validate_imports_no_other_reader(tmp_path):
    # the registry imports a kind's reader when a source of that kind is read (or its content sniffed)
    f = tmp_path / "tiny.yaml"
    f.write_text("tools: [{name: A}]\npeople: [{name: Ann, tools: [A]}]\n"
                 "teams: [{name: T, members: [Ann]}]\n")
    assert loaded_by("validate", str(f), heavy=READERS) == []
    m = tmp_path / "skills.csv"
    m.write_text("name,team,A\nAnn,T,1\n")
    assert "teamsim.importers.skills_csv" in loaded_by("validate", str(m), heavy=READERS)


def _plugin(tmp_path):
    """A pydantic plugin on the path (an entry point in group ``pydantic``); its module writes
    ``loaded`` into tmp_path when pydantic loads it."""
    info = tmp_path / "fake_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nfake = fake_plugin:plugin\n")
    (tmp_path / "fake_plugin.py").write_text(
        f"open({str(tmp_path / 'loaded')!r}, 'w').close()\n"
        "class plugin:\n"
        "    def new_schema_validator(*args):\n"
        "        return None, None, None\n")
    return tmp_path / "loaded"


@pytest.mark.parametrize("setting, loads", [(None, False), ("", True), ("fake", False), ("other", True)])
def test_the_command_line_loads_pydantic_plugins_only_when_asked(tmp_path, setting, loads):
    # the scan of every installed package's entry points is skipped unless PYDANTIC_DISABLE_PLUGINS is set
    loaded = _plugin(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(ROOT)])
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    r = subprocess.run([sys.executable, "-m", "teamsim", "validate", "scenarios/diversity-bonus.yaml"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("ok scenarios/diversity-bonus.yaml")
    assert loaded.exists() == loads


def test_validate_reads_no_package_metadata_while_plugins_are_off(tmp_path):
    # pydantic's loader (and importlib.metadata with it) is not imported; with plugins on, it is
    f = tmp_path / "tiny.yaml"
    f.write_text("tools: [{name: A}]\npeople: [{name: Ann, tools: [A]}]\n")
    assert loaded_by("validate", str(f), heavy=("importlib.metadata", "email")) == []


@pytest.mark.parametrize("value", [*_pydantic_plugins.OFF, "", "fake", "other"])
def test_the_plugin_stand_in_answers_as_pydantic_does(monkeypatch, value):
    from pydantic.plugin import _loader

    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", value)
    monkeypatch.delitem(sys.modules, _pydantic_plugins.LOADER)
    stand_in = _pydantic_plugins._StandIn(_pydantic_plugins.LOADER)
    monkeypatch.setitem(sys.modules, _pydantic_plugins.LOADER, stand_in)
    if value in _pydantic_plugins.OFF:
        assert (tuple(stand_in.get_plugins()), sys.modules[_pydantic_plugins.LOADER]) == ((), stand_in)
    else:   # pydantic's own loader takes its place and answers
        assert list(stand_in.get_plugins()) == list(_loader.get_plugins())
        assert sys.modules[_pydantic_plugins.LOADER].__file__ == _loader.__file__
    assert not _pydantic_plugins.install()   # a loader is there already: left alone


def test_the_plugin_stand_in_knows_when_pydantic_loads_no_plugin():
    # pydantic's own test for "every plugin off", read from its source
    import inspect

    from pydantic.plugin import _loader

    off = re.search(r"disabled_plugins in \(([^)]*)\)", inspect.getsource(_loader.get_plugins))
    assert off and ast.literal_eval(f"({off.group(1)},)") == _pydantic_plugins.OFF


def test_the_library_leaves_pydantic_plugins_alone(tmp_path):
    loaded = _plugin(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env["PYTHONPATH"] = os.pathsep.join([str(tmp_path), str(ROOT)])
    r = subprocess.run([sys.executable, "-c", "import os; from teamsim.importers import load_scenario; "
                        "load_scenario('scenarios/diversity-bonus.yaml'); "
                        "print(os.environ.get('PYDANTIC_DISABLE_PLUGINS'))"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert (r.returncode, r.stdout.strip(), loaded.exists()) == (0, "None", True), r.stderr


def test_the_guard_sees_a_heavy_import():
    # the probe itself: a command that needs numpy is reported as loading it
    assert "numpy" in loaded_by("assembly", "--steps", "20", "--json")


def _commands(group, path=()):
    for name in group.list_commands(None):
        cmd = group.get_command(None, name)
        yield (*path, name), cmd
        if hasattr(cmd, "list_commands"):
            yield from _commands(cmd, (*path, name))


def test_every_command_has_its_help(capsys):
    from typer.main import get_command

    from teamsim.cli import app

    commands = list(_commands(get_command(app)))
    assert len(commands) > 25
    for path, cmd in commands:
        assert main([*path, "--help"]) == 0, path
        out = " ".join(capsys.readouterr().out.split())
        assert f"Usage: teamsim {' '.join(path)}" in out, path
        first = " ".join((cmd.help or "").split(".")[0].split())
        assert first and first[:40] in out.replace("│", " ").replace("  ", " "), path


def test_a_command_line_builds_only_the_command_it_names():
    from teamsim.cli import _command_line, app

    def names(t):
        return [c.callback.__name__ for c in t.registered_commands] + [g.name for g in t.registered_groups]

    assert names(_command_line(["validate", "x.yaml"])) == ["validate"]
    assert names(_command_line(["import", "git", "--help"])) == ["import"]
    assert len(names(app)) > 20
    for whole in (["--help"], [], ["validat"], ["-x", "validate"]):  # help, no command, a typo, an option
        assert _command_line(whole) is app


@pytest.mark.parametrize("args, pieces", [
    (["validate"], ["Usage: teamsim validate [OPTIONS]", "Missing argument"]),
    (["validate", "a", "b"], ["Usage: teamsim validate", "unexpected extra argument"]),
    (["validat", "x"], ["No such command 'validat'", "Did you mean 'validate'?"]),
])
def test_usage_errors_name_the_command(args, pieces, capsys):
    assert main(args) == 2
    err = " ".join(capsys.readouterr().err.split())
    for piece in pieces:
        assert piece in err, err


def test_the_command_table_names_the_module_of_every_command():
    from typer.main import get_command_name

    from teamsim.cli import COMMAND_MODULES, app

    registered = {(c.name or get_command_name(c.callback.__name__)): c.callback.__module__
                  for c in app.registered_commands}
    table = {k: f"teamsim.cli.{v}" for k, v in COMMAND_MODULES.items()}
    for g in app.registered_groups:   # a shared group (import): the table names one of its modules
        modules = {c.callback.__module__ for c in g.typer_instance.registered_commands}
        registered[g.name] = table[g.name] if table.get(g.name) in modules else sorted(modules)
    assert registered == table
    # the whole app lists commands in the table's order, whichever module was imported first
    assert [get_command_name(c.name or c.callback.__name__) for c in app.registered_commands] + \
        [g.name for g in app.registered_groups] == list(COMMAND_MODULES)


def test_validate_imports_only_the_command_module_it_runs():
    others = tuple(f"teamsim.cli.{m}" for m in ("hiring", "network", "ownership", "coverage", "design",
                                                 "sweep", "workbench", "assembly", "crowd", "app_cmd"))
    tiny = ROOT / "scenarios" / "diversity-bonus.yaml"
    assert loaded_by("validate", str(tiny), heavy=("teamsim.cli.core", *others)) == ["teamsim.cli.core"]
    assert sorted(loaded_by("--help", heavy=others)) == sorted(others)   # the whole app for help


def test_validate_to_a_pipe_imports_no_rich_console(tmp_path):
    f = tmp_path / "tiny.yaml"
    f.write_text("tools: [{name: A}]\npeople: [{name: Ann, tools: [A]}]\n")
    assert loaded_by("validate", str(f), heavy=("rich.console", "rich.text")) == []


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.one_of(st.text(max_size=40), st.tuples(st.text(max_size=10), st.sampled_from(
    ["green", "bold red", "yellow"]))), max_size=6), err=st.booleans())
def test_a_line_to_a_pipe_is_what_rich_prints(parts, err):
    # say()'s own path for a pipe writes exactly what the rich console would
    import io

    from rich.text import Text

    from teamsim._text import printable
    from teamsim.cli import _app
    from teamsim.cli._console import DataConsole

    rich_out = io.StringIO()
    DataConsole(_app.PIPE_WIDTH, file=rich_out, soft_wrap=err).print(Text.assemble(
        *((printable(p[0]), p[1]) if isinstance(p, tuple) else printable(p) for p in parts)))
    out = io.StringIO()
    real = sys.stderr if err else sys.stdout
    try:
        if err:
            sys.stderr = out
        else:
            sys.stdout = out
        _app.say(*parts, err=err)
    finally:
        sys.stderr, sys.stdout = (real, sys.stdout) if err else (sys.stderr, real)
    assert out.getvalue() == rich_out.getvalue()


@pytest.mark.parametrize("variable, value", [("FORCE_COLOR", "1"), ("TTY_COMPATIBLE", "1")])
def test_forced_colour_goes_through_rich(monkeypatch, capsys, variable, value):
    from teamsim.cli import _app

    monkeypatch.setenv(variable, value)
    _app.consoles.cache_clear()
    try:
        _app.say(("ok", "green"), " Ann")
    finally:
        _app.consoles.cache_clear()
    assert capsys.readouterr().out == "\x1b[32mok\x1b[0m Ann\n"


def test_forced_colour_on_a_pipe_is_not_wrapped_at_80_columns(monkeypatch, capsys):
    from teamsim.cli import _app

    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    _app.consoles.cache_clear()
    try:
        _app.say(("ok", "green"), " " + "x" * 150)
    finally:
        _app.consoles.cache_clear()
    assert capsys.readouterr().out == "\x1b[32mok\x1b[0m " + "x" * 150 + "\n"
