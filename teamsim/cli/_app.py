"""The shared Typer application and output helpers of the ``teamsim`` command.

Command modules (``teamsim/cli/<concept>.py``) register their commands on
:data:`app` (or :data:`import_app` for ``teamsim import ...``); they only parse
arguments, call library functions and print results.

Names are data, never markup. Both consoles print with rich markup, emoji codes
and highlighting off, and every plain string they are given goes through
:func:`teamsim._text.printable` (control characters shown as escapes), so a name
such as ``Ann[/b]`` or ``Bo\\x1b[2J`` is printed as typed. Styling is explicit:
:func:`say` takes ``(text, style)`` pairs, :func:`table` builds its cells as
:class:`rich.text.Text`. Warnings go to stderr (:func:`warn`). When stdout is not a
terminal the console is wide and table cells fold, so nothing is cut to "…".

Output formats: a command that prints a report takes ``--format table|markdown|csv|json``
(``--json`` is ``--format json``) and calls :func:`use_format` once; :func:`show` and
:func:`say` then print in that format (GitHub-flavoured Markdown pipe tables with every
cell escaped; CSV through :mod:`teamsim._csvsafe`, one block per table with its title
row, the sentences around the tables on stderr). :func:`teamsim.cli.main` runs every
command inside :func:`formatted`, so a format never outlives its command.

Start-up is kept light: ``teamsim --help`` imports this module and every command
module, so they import only typer, rich and :mod:`teamsim.defaults` at the top;
the library (pydantic models, numpy, scipy, networkx) is imported inside the commands
(``tests/test_cli_startup.py`` guards this).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import math
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from teamsim._text import printable
from teamsim.errors import InputError

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from teamsim.importers import ImportWarning
    from teamsim.scenario import Scenario

__all__ = ["FORCE_OPTION", "FORMAT_OPTION", "FORMATS", "GROUP_SETTINGS", "OUTPUT_OPTION", "VERBOSE_OPTION",
           "Signed",
           "app", "check_output", "consoles", "emit_json", "float_option", "fmt", "formatted", "tty",
           "import_app", "invalid", "load", "print_warnings", "say", "show", "table", "use_format", "warn",
           "write_scenario"]

#: Context settings of every command group (``teamsim``, ``teamsim import`` ...): an explicit
#: False for a group's --help flag when it is not given. Without it typer coerces the missing
#: value through a pydantic TypeAdapter, importing pydantic (a third of the start-up) for
#: ``teamsim CMD --help``; click's ``default_map`` gives the flag a bool, which needs no coercion.
GROUP_SETTINGS = {"default_map": {"help": False}}

app = typer.Typer(
    name="teamsim",
    help="Plan engineering teams: cognitive tools and the diversity bonus, hiring what-ifs, "
    "collaboration networks, service ownership.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings=GROUP_SETTINGS,
)
import_app = typer.Typer(help="Turn real inputs (skills matrices, git history, ...) into scenario files.",
                         no_args_is_help=True, context_settings=GROUP_SETTINGS)
app.add_typer(import_app, name="import")

#: The rows of a table: one sequence of cells per row.
Rows = Sequence[Sequence[object]]

#: Width of the output when it is not a terminal (a pipe or a file): wide enough that
#: tables keep their natural width; longer cells fold onto more lines, never cut.
PIPE_WIDTH = 10_000


#: Environment variables with which rich may colour a stream that is not a terminal
#: (``rich.console.Console.is_terminal``): while one is set, every line goes through rich.
_COLOUR_VARIABLES = ("FORCE_COLOR", "TTY_COMPATIBLE")


@functools.cache
def consoles() -> tuple[Console, Console]:
    """The rich consoles of stdout and stderr, made on first use (see :mod:`teamsim.cli._console`)."""
    from teamsim.cli._console import DataConsole

    return DataConsole(PIPE_WIDTH), DataConsole(PIPE_WIDTH, stderr=True, soft_wrap=True)


def __getattr__(name: str) -> object:
    """``console`` and ``err_console``: the rich consoles, made on first use."""
    if name in ("console", "err_console"):
        return consoles()[name == "err_console"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def tty(stream: object) -> bool | None:
    """Whether ``stream`` is a terminal; None when it cannot say (no ``isatty``, or closed)."""
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return None


def _plain_stream(stream: object, text: str) -> bool:
    """True when rich would print ``text`` on ``stream`` as it is, with its newline: the stream
    is not a terminal, no variable forces colour, and the line is too short to be wrapped at
    :data:`PIPE_WIDTH` (a character takes at most two cells)."""
    if 2 * len(text) >= PIPE_WIDTH or any(os.environ.get(v) is not None for v in _COLOUR_VARIABLES):
        return False
    return tty(stream) is False   # unknown: rich decides


#: The output formats of ``--format`` (``--json`` is ``--format json``).
FORMATS = ("table", "markdown", "csv", "json")
_FORMAT: contextvars.ContextVar[str] = contextvars.ContextVar("teamsim_format", default="table")
#: The input warnings the running command printed (:func:`print_warnings`); :func:`emit_json`
#: adds them to the JSON report, so stderr and JSON never disagree.
_SHOWN_WARNINGS: contextvars.ContextVar[list[dict[str, object]] | None] = contextvars.ContextVar(
    "teamsim_warnings", default=None)


@contextlib.contextmanager
def formatted() -> Iterator[None]:
    """Run a command: the format it sets with :func:`use_format` and the input warnings it
    printed are dropped when it ends."""
    token = _FORMAT.set("table")
    shown = _SHOWN_WARNINGS.set([])
    try:
        yield
    finally:
        _SHOWN_WARNINGS.reset(shown)
        _FORMAT.reset(token)


def use_format(format_: str, json_: bool = False) -> str:
    """Set the output format of the running command (``--format``, ``--json``) and return it.

    :func:`show` and :func:`say` print in it until the command ends; a command prints
    JSON itself (``if use_format(...) == "json": emit_json(result)``).
    """
    if json_ and format_ not in ("table", "json"):
        raise InputError(f"--json and --format {format_} both given", entity="option --format",
                         hint="--json is --format json: give one of them")
    chosen = "json" if json_ else format_
    _FORMAT.set(chosen)
    return chosen


def say(*parts: str | tuple[str, str], err: bool = False, style: str | None = None) -> None:
    """Print one line made of ``parts`` on stdout (stderr with ``err``).

    A plain string is data: shown as typed, its control characters as visible escapes.
    A ``(text, style)`` pair is styled, e.g. ``("warning:", "yellow")``. With
    ``--format markdown`` the line is an escaped paragraph; with ``--format csv`` it goes to
    stderr (stdout holds only the tables).
    """
    form = "table" if err else _FORMAT.get()
    if form == "markdown":
        from teamsim._text import markdown_escape

        sys.stdout.write(markdown_escape("".join(p[0] if isinstance(p, tuple) else p for p in parts))
                         + "\n\n")
        return
    err = err or form == "csv"
    plain = "".join(printable(p[0] if isinstance(p, tuple) else p) for p in parts)
    stream = sys.stderr if err else sys.stdout
    if _plain_stream(stream, plain):   # what rich would print, without importing its console
        stream.write(plain + "\n")
        return
    from rich.text import Text

    text = Text.assemble(*((printable(p[0]), p[1]) if isinstance(p, tuple) else printable(p)
                           for p in parts), style=style or "")
    consoles()[err].print(text)


def warn(message: str, label: str = "warning") -> None:
    """Print ``label: message`` on stderr (warnings never mix into a report on stdout)."""
    say((f"{label}:", "yellow"), " ", message, err=True)


JSON_OPTION = typer.Option(False, "--json", help="Print the machine-readable report as JSON (the same "
                           "as --format json).")


def _check_format(value: str) -> str:
    if value not in FORMATS:
        raise typer.BadParameter(f"{printable(value)[:40]!r} is not a format (choose {', '.join(FORMATS)})")
    return value


FORMAT_OPTION = typer.Option("table", "--format", callback=_check_format, metavar="FORMAT",
                             help="Output: table (for people), markdown (GitHub pipe tables), csv "
                             "(one block per table; spreadsheet-safe) or json.")
STRICT_OPTION = typer.Option(False, "--strict",
                             help="Make a tool listed without its prerequisites an error.")
ALIASES_OPTION = typer.Option(None, "--aliases", help="Git histories: author alias map ('Canonical = alias, "
                              "alias' lines or a .mailmap), applied before authors are matched to people.")
OUTPUT_OPTION = typer.Option(..., "--output", "-o", help="Scenario file to write (.yaml or .json).")
FORCE_OPTION = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists.")
VERBOSE_OPTION = typer.Option(False, "--verbose", "-v", help="List every input warning (default: a "
                              "count per kind with a few examples).")


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a finite number (give a plain number such as 0.5)")
    return value


def float_option(default: float | None, *param_decls: str, **kwargs: Any) -> Any:
    """A ``typer.Option`` for a float that refuses NaN and infinities (exit 2, naming the option).

    Every float option of the command line is made with it: ``nan`` compares false
    with everything, so ``--min-level nan`` would silently drop every level.
    """
    return typer.Option(default, *param_decls, callback=_finite, **kwargs)


def emit_json(result: BaseModel | dict[str, Any] | list[Any]) -> None:
    """Print a result model (or plain data) as indented JSON on stdout.

    The document is :func:`teamsim.json_output.json_document`'s, with the input warnings
    the command printed on stderr (:func:`print_warnings`).
    """
    from teamsim.json_output import json_document

    sys.stdout.write(json_document(result, _SHOWN_WARNINGS.get()) + "\n")


def invalid(e: ValidationError, file: str | None) -> InputError:
    """A pydantic ``ValidationError`` that escaped a reader, as an :class:`InputError` naming
    ``file`` and the field.

    The deepest problem is shown: in a union such as ``name | {service, weight}`` it is
    the branch that nearly matched (``weight``), not the other branch's type mismatch.
    """
    from teamsim.importers.scenario_file import validation_problem

    err, loc, n_more = validation_problem(e.errors())
    shown = err.get("input")
    got = "" if isinstance(shown, (dict, list)) else f", got {shown!r}"
    more = f" (and {n_more} more problem{'s' * (n_more > 1)})" if n_more else ""
    return InputError(f"invalid {e.title} data: {err['msg']}{got}{more}", file=file,
                      loc=loc, hint="correct this value in the input (numbers must be finite and in "
                      "range; the field is named as in a scenario file)")


def check_output(output: Path | None, force: bool) -> None:
    """Refuse an ``-o`` path that is not a scenario file, or that exists without ``--force``,
    before any work is done (:func:`write_scenario` checks again when it writes)."""
    if output is None:
        return
    if output.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise InputError("the output must be a .yaml, .yml or .json scenario file",
                         file=str(output), hint="choose an -o path ending in .yaml")
    if not force and os.path.lexists(output):
        raise InputError("file exists; teamsim will not overwrite it", file=str(output),
                         hint="choose another -o path, or pass --force")


def write_scenario(scenario: Scenario, output: Path, force: bool) -> None:
    """Write ``-o`` atomically: YAML, or JSON for .json (see :func:`teamsim.importers.dump_scenario`)."""
    from teamsim.importers import dump_scenario

    check_output(output, force=True)
    dump_scenario(scenario, output, overwrite=force)


def load(path: Path, strict: bool = False) -> Scenario:
    """Load a scenario for a command: a scenario file, skills matrix or org CSV
    (:func:`teamsim.importers.read`; errors propagate to :func:`teamsim.cli.main`)."""
    from teamsim.importers import SCENARIO_KINDS, read

    return read([path], accept=SCENARIO_KINDS, strict=strict).scenario


def print_warnings(warnings: list[ImportWarning], verbose: bool = False) -> None:
    """Input warnings on stderr: all of them, or (many, without ``verbose``) a count per kind
    with a few examples (:func:`teamsim.importers.summarise_warnings`). They are kept for
    the command's JSON report (:func:`emit_json`)."""
    from teamsim.importers import summarise_warnings

    shown = _SHOWN_WARNINGS.get()
    if shown is not None:
        shown.extend(w.model_dump(mode="json") for w in warnings)
    for line in summarise_warnings(warnings, verbose=verbose):
        say(line, err=True, style="yellow")


class Signed(float):
    """A change: shown with its sign in tables and Markdown (``+2.07``), a plain number in CSV
    and JSON (a cell of text such as ``+2.07`` would be escaped as a spreadsheet formula)."""


def fmt(x: float | None, digits: int = 3) -> str:
    """Format a number compactly: integers without decimals, None as an em dash, a
    :class:`Signed` positive number with its ``+``."""
    if x is None:
        return "—"
    if isinstance(x, Signed):
        return ("+" if x > 0 else "") + fmt(float(x), digits)
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    if isinstance(x, float):
        return f"{x:.{digits}g}"
    return str(x)


def _cell(v: object) -> Text:
    from rich.text import Text

    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return Text(fmt(v))
    return Text(printable("yes" if v is True else "no" if v is False else v))


def table(title: str, columns: list[str], rows: Rows, *, names: bool = False) -> Table:
    """A rich table with the given columns; numbers are formatted with :func:`fmt`.

    Every cell, header and the title are :class:`rich.text.Text` of :func:`printable`
    text (data, never markup); cells fold instead of being cut. With ``names`` the first
    column (names) and the columns of short cells are never wrapped: the others give way.
    """
    from rich.table import Table  # on first use: validate and --help print no table
    from rich.text import Text

    t = Table(title=Text(printable(title)), title_justify="left", header_style="bold")
    for c in columns:
        t.add_column(Text(printable(c)), overflow="fold")
    for r in rows:
        t.add_row(*map(_cell, r))
    if names:
        for i, col in enumerate(t.columns):
            cells = [len(str(c)) for c in col._cells]
            if i == 0 or all(n <= 8 for n in cells):
                col.no_wrap = True
                col.min_width = max([len(str(col.header)), *cells])
    return t


def _plain(v: object) -> str:
    return fmt(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else (
        "yes" if v is True else "no" if v is False else str(v))


def _markdown(title: str, columns: list[str], rows: Rows) -> str:
    """A GitHub-flavoured pipe table under a ``###`` heading; every cell escaped."""
    from teamsim._text import markdown_escape

    def line(cells: Sequence[object]) -> str:
        return "| " + " | ".join(markdown_escape(_plain(c)) for c in cells) + " |"

    return "\n".join([f"### {markdown_escape(title)}", "", line(columns), "|" + "---|" * len(columns),
                      *map(line, rows)]) + "\n\n"


def _csv(title: str, columns: list[str], rows: Rows) -> str:
    """A title row, a header row and the rows (numbers stay numbers), then a blank line."""
    from teamsim._csvsafe import csv_lines

    def cell(v: object) -> object:
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, float) and v.is_integer():
            return int(v)
        return float(v) if isinstance(v, float) else v if isinstance(v, int) else printable(v)

    return csv_lines([[cell(title)], list(map(cell, columns)), *([cell(v) for v in r] for r in rows)]) + "\n"


#: Above this many rows a ``table`` is printed by :func:`_aligned` (rich lays a table out at
#: about 1.5 ms a row: 250,000 people would take six minutes).
RICH_TABLE_ROWS = 2_000


def _aligned(title: str, columns: list[str], rows: Rows) -> str:
    """A plain aligned text table: the title, the header, a rule and every row in full (the
    cells of :func:`table`, never cut); numbers right-aligned. Linear in the cells."""
    from rich.cells import cell_len

    def text(v: object) -> str:
        return printable(fmt(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else
                         "yes" if v is True else "no" if v is False else v)

    body = [[text(v) for v in r] for r in rows]
    head = [printable(c) for c in columns]
    widths = [max([cell_len(h), *(cell_len(r[i]) for r in body)]) for i, h in enumerate(head)]
    right = [all(isinstance(r[i], (int, float)) or r[i] is None for r in rows) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "  ".join(" " * (w - cell_len(c)) + c if r else c + " " * (w - cell_len(c))
                         for c, w, r in zip(cells, widths, right)).rstrip()

    return "\n".join([printable(title), line(head), "  ".join("-" * w for w in widths),
                      *map(line, body)]) + "\n\n"


def show(title: str, columns: list[str], rows: Rows, *, names: bool = False) -> None:
    """Print one table on stdout in the command's format (:func:`use_format`).

    ``table``: a rich :func:`table` (:func:`_aligned` above :data:`RICH_TABLE_ROWS` rows);
    ``markdown``: :func:`_markdown`; ``csv``: :func:`_csv`.
    """
    form = _FORMAT.get()
    if form == "markdown":
        sys.stdout.write(_markdown(title, columns, rows))
    elif form == "csv":
        sys.stdout.write(_csv(title, columns, rows))
    elif len(rows) > RICH_TABLE_ROWS:
        sys.stdout.write(_aligned(title, columns, rows))
    else:
        consoles()[0].print(table(title, columns, rows, names=names))
