"""The ``teamsim`` command line.

Every command is a thin wrapper: parse arguments, call a library function, print
a rich table or ``--json``. A :class:`~teamsim.errors.TeamsimError` is printed as
a clear message with exit code 2, never as a traceback.

Examples
--------
``teamsim analyze scenarios/diversity-bonus.yaml --json``
"""

from __future__ import annotations

import copy
import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

import typer
from typer.main import get_command_name, get_group

from teamsim.cli import _app, _pydantic_plugins
from teamsim.cli._app import formatted, invalid, say
from teamsim.cli._typer_help import load_rich_help
from teamsim.errors import TeamsimError

if TYPE_CHECKING:
    from pydantic_core import ValidationError

__all__ = ["app", "main"]

#: Each command and group, in the order ``teamsim --help`` lists them, with the module under
#: ``teamsim.cli`` that registers it. ``teamsim validate FILE`` imports only ``core``; the
#: whole app (help, a misspelt command) imports them all (tests check this table).
COMMAND_MODULES: dict[str, str] = {
    "app": "app_cmd", "assembly": "assembly", "analyze": "core", "validate": "core", "schema": "core",
    "crowd": "crowd", "hire": "hiring", "best-team": "hiring", "risk": "hiring", "learn": "hiring",
    "overlap": "hiring", "hongpage": "hiring", "network": "network", "team-formation": "team_formation",
    "ownership": "ownership", "reorg": "ownership", "coverage": "coverage", "design": "design",
    "sweep": "sweep", "compare": "workbench", "report": "workbench",
    "import": "core", "workspace": "workbench",
}
#: Groups whose subcommands several modules register: naming one imports every module.
_SHARED_GROUPS = frozenset({"import"})


def _name(c: Any) -> str:
    return str(c.name or get_command_name(c.callback.__name__ if c.callback else ""))


def _register(name: str | None = None) -> typer.Typer:
    """The app with the command ``name`` registered (with every command when ``name`` is none
    of them), its commands in the order of :data:`COMMAND_MODULES`, whatever was imported first."""
    if name in COMMAND_MODULES and name not in _SHARED_GROUPS:
        importlib.import_module(f"teamsim.cli.{COMMAND_MODULES[name]}")
        return _app.app
    for module in dict.fromkeys(COMMAND_MODULES.values()):
        importlib.import_module(f"teamsim.cli.{module}")
    order = {n: i for i, n in enumerate(COMMAND_MODULES)}
    _app.app.registered_commands.sort(key=lambda c: order.get(_name(c), len(order)))
    _app.app.registered_groups.sort(key=lambda g: order.get(g.name or "", len(order)))
    return _app.app


def __getattr__(attr: str) -> Any:
    """``teamsim.cli.app``: the whole app, every command registered."""
    if attr == "app":
        return _register()
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")


# the last resort for errors a module should have refused with a clear message
_LAST_RESORT = {
    RecursionError: "the input nests too deeply to process",
    MemoryError: "not enough memory for this input or these parameters",
    OverflowError: "a number is too large to compute with",
}


def _validation_error() -> type[ValidationError] | tuple[()]:
    """pydantic's ``ValidationError`` once pydantic is loaded; before, none can have been raised
    (so ``teamsim --help`` never imports pydantic just to name the exception)."""
    loaded = sys.modules.get("pydantic_core")
    return loaded.ValidationError if loaded is not None else ()


def _refuse(e: TeamsimError) -> int:
    for line in e.render().splitlines():   # render() made every field printable
        say(line, err=True, style="red")
    return 2


def _usage_error(e: typer.TyperException) -> int:
    """Print a usage error (unknown command or option, bad value) with exit code 2.

    Click puts the user's values into its messages (``Got unexpected extra argument
    (...)``); they are data, shown through :func:`teamsim._text.printable` with markup
    off, so an argument holding escape sequences, newlines, bidirectional overrides or
    rich markup cannot recolour the terminal or forge lines.
    """
    if type(e).__name__ == "NoArgsIsHelpError":  # the help is printed already
        return e.exit_code
    ctx = getattr(e, "ctx", None)
    if ctx is not None:
        for line in ctx.get_usage().splitlines():
            say(line, err=True)
        if ctx.command.get_help_option(ctx) is not None:
            say(f"Try '{ctx.command_path} {ctx.help_option_names[0]}' for help.", err=True)
    say(("error:", "red"), " ", e.format_message(), err=True)
    return e.exit_code


def _command_line(args: list[str]) -> typer.Typer:
    """:data:`app`, holding only the command (or group) that ``args`` names, when they name one.

    typer turns every registered command into a click command (reading each signature)
    on every call; ``teamsim validate FILE`` needs one of them, so the others are left out.
    The command runs, and prints its help and usage errors, as in the whole app (its
    usage line is ``teamsim CMD``); anything else (``--help``, an unknown or misspelt
    command, no command) gets the whole app, with its command list and suggestions.
    """
    name = args[0] if args else ""
    app = _register(name)
    commands = [c for c in app.registered_commands if name == _name(c)]
    groups = [g for g in app.registered_groups if g.name == name]
    if not name or name.startswith("-") or len(commands) + len(groups) != 1:
        return _register()
    only = copy.copy(app)
    only.registered_commands, only.registered_groups = commands, groups
    return only


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 bad input).

    pydantic plugins are off unless ``PYDANTIC_DISABLE_PLUGINS`` is set (to an empty string
    to load them all): looking them up reads the metadata of every installed package, a
    tenth of ``teamsim validate``'s start-up, and teamsim uses none. While they are off,
    pydantic's plugin loader is not even imported (:mod:`teamsim.cli._pydantic_plugins`).
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _pydantic_plugins.install()
    code = _run(sys.argv[1:] if argv is None else argv)
    if argv is None:
        _finished(code)
    return code


def _finished(code: int) -> None:
    """The command is over: a Ctrl-C while the interpreter shuts down (Dask's worker processes,
    thread pools) ends the process with the command's own exit code, not 130."""
    import signal

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):   # a closed pipe: nothing more to say
            pass
    try:
        signal.signal(signal.SIGINT, lambda *_: os._exit(code))
    except ValueError:   # not the main thread: leave the handler alone
        pass


def _run(args: list[str]) -> int:
    if "--help" in args or len(args) <= 1:  # help may be printed (a group without a command prints it)
        load_rich_help()                    # typer's formatter, without rich.markdown and rich.traceback
    try:
        # not standalone: usage errors come back here to be printed as data (_usage_error);
        # --help and typer.Exit(code) return their exit code
        with formatted():
            # get_group, not Typer.__call__: a group even when it holds one command
            code = get_group(_command_line(args))(args=args, prog_name="teamsim", standalone_mode=False)
        return code if type(code) is int else 0
    except typer.TyperException as e:   # typer's click: every usage error
        return _usage_error(e)
    except typer.Abort:
        say("aborted", err=True)
        return 1
    except TeamsimError as e:
        return _refuse(e)
    except _validation_error() as e:    # a reader let a model error through: name the input files
        files = [a for a in args if not a.startswith("-") and os.path.isfile(a)]
        return _refuse(invalid(e, ", ".join(files) or None))
    except tuple(_LAST_RESORT) as e:
        what = next(v for k, v in _LAST_RESORT.items() if isinstance(e, k))
        return _refuse(TeamsimError(f"{what} ({type(e).__name__}{': ' + str(e)[:200] if str(e) else ''})",
                                    hint="use a smaller input or smaller parameters; teamsim should "
                                    "have refused this with a clearer message, please report it"))
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except KeyboardInterrupt:
        say("interrupted", err=True)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
