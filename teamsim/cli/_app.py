"""The shared Typer application and output helpers of the ``teamsim`` command.

Command modules (``teamsim/cli/<concept>.py``) register their commands on
:data:`app` (or :data:`import_app` for ``teamsim import ...``); they only parse
arguments, call library functions and print results.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from teamsim.importers import load_scenario
from teamsim.scenario import Scenario

__all__ = ["app", "console", "emit_json", "err_console", "fmt", "import_app", "load", "table"]

app = typer.Typer(
    name="teamsim",
    help="Plan engineering teams: cognitive tools and the diversity bonus, hiring what-ifs, "
    "collaboration networks, service ownership.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)
import_app = typer.Typer(help="Turn real inputs (skills matrices, git history, ...) into scenario files.",
                         no_args_is_help=True)
app.add_typer(import_app, name="import")

console = Console()
err_console = Console(stderr=True, soft_wrap=True)

JSON_OPTION = typer.Option(False, "--json", help="Print the machine-readable report as JSON.")
STRICT_OPTION = typer.Option(False, "--strict",
                             help="Make a tool listed without its prerequisites an error.")


def emit_json(result: BaseModel | dict | list) -> None:
    """Print a result model (or plain data) as indented JSON on stdout."""
    if isinstance(result, BaseModel):
        text = result.model_dump_json(indent=2)
    else:
        text = json.dumps(result, indent=2, default=str)
    sys.stdout.write(text + "\n")


def load(path: Path, strict: bool = False) -> Scenario:
    """Load a scenario for a command (errors propagate to :func:`teamsim.cli.main`)."""
    return load_scenario(path, strict=strict)


def fmt(x: float | None, digits: int = 3) -> str:
    """Format a number compactly: integers without decimals, None as an em dash."""
    if x is None:
        return "—"
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    if isinstance(x, float):
        return f"{x:.{digits}g}"
    return str(x)


def table(title: str, columns: list[str], rows: list[list[object]]) -> Table:
    """A rich table with the given columns; numbers are formatted with :func:`fmt`."""
    t = Table(title=title, title_justify="left", header_style="bold")
    for c in columns:
        t.add_column(c)
    for r in rows:
        t.add_row(*[fmt(v) if isinstance(v, (int, float)) and not isinstance(v, bool)
                    else ("yes" if v is True else "no" if v is False else str(v)) for v in r])
    return t
