"""Regenerate docs/cli.md from the ``teamsim`` command tree (run: python docs/make_cli.py).

Each command's ``--help`` is rendered by click's plain formatter (typer's rich panels are
turned off) at a fixed width (:data:`WIDTH`, not the terminal's ``COLUMNS``), with no colour
codes, so the page is the same on every machine and terminal;
``tests/test_docs_cli.py`` checks that docs/cli.md is up to date.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import typer  # noqa: E402
from typer.main import get_command  # noqa: E402

from teamsim.cli import app  # noqa: E402

#: Width of the help text (click wraps at this width, whatever the terminal).
WIDTH = 88

#: The library module(s) each command calls, by command path (``tests/test_docs_cli.py``
#: checks that every command has an entry and every entry imports).
MODULES: dict[str, tuple[str, ...]] = {
    "analyze": ("teamsim.report",),
    "app": ("teamsim_app",),
    "assembly": ("teamsim.assembly",),
    "best-team": ("teamsim.report", "teamsim.hiring.covering"),
    "compare": ("teamsim.compare",),
    "coverage": ("teamsim.coverage",),
    "crowd": ("teamsim.crowd", "teamsim.importers.predictions"),
    "design": ("teamsim.design",),
    "hire": ("teamsim.hiring.candidates",),
    "hongpage": ("teamsim.hongpage",),
    "import": ("teamsim.importers",),
    "import git": ("teamsim.importers.git",),
    "import ownership": ("teamsim.importers", "teamsim.history_owners"),
    "import skills": ("teamsim.importers.skills_csv",),
    "learn": ("teamsim.hiring.learning",),
    "network": ("teamsim.affiliation", "teamsim.smallworld"),
    "overlap": ("teamsim.hiring.overlap",),
    "ownership": ("teamsim.ownership",),
    "reorg": ("teamsim.reorg",),
    "report": ("teamsim.report_file",),
    "risk": ("teamsim.hiring.risk", "teamsim.hiring.departure"),
    "schema": ("teamsim.scenario",),
    "sweep": ("teamsim.sweep",),
    "team-formation": ("teamsim.teamformation",),
    "validate": ("teamsim.scenario", "teamsim.importers"),
    "workspace": ("teamsim.workspace",),
    "workspace export": ("teamsim.workspace",),
    "workspace list": ("teamsim.workspace",),
    "workspace log": ("teamsim.workspace",),
    "workspace save": ("teamsim.workspace",),
}

#: Modules outside the API reference (linked to their guide page instead).
GUIDE_ONLY = {"teamsim_app": "app.md"}

HEAD = """# Command reference

Every `teamsim` command with its `--help` text: usage, description, arguments and options.
Each section names the library module that does the work (the command only parses its
arguments and formats the result; see [Contributing](contributing.md#a-new-cli-command) for
the `teamsim/cli/` module that holds it).

This page is generated from the command line itself by `python docs/make_cli.py`; a test
(`tests/test_docs_cli.py`) checks that it is up to date.
"""


def commands(cmd=None, path: tuple[str, ...] = (), parent=None):
    """(path, command, context) of every command under ``cmd``, groups before their commands,
    in alphabetical order at each level."""
    cmd = get_command(app) if cmd is None else cmd
    cmd.rich_markup_mode = None        # click's plain formatter, not typer's rich panels
    ctx = typer.Context(cmd, info_name=path[-1] if path else "teamsim", parent=parent,
                        terminal_width=WIDTH, max_content_width=WIDTH)
    if path:
        yield path, cmd, ctx
    for name in sorted(getattr(cmd, "commands", {})):
        yield from commands(cmd.commands[name], (*path, name), ctx)


def _module_links(path: str) -> str:
    links = []
    for mod in MODULES.get(path, ()):
        page = GUIDE_ONLY.get(mod)
        links.append(f"[`{mod}`]({page})" if page else f"[`{mod}`][{mod}]")
    return ", ".join(links) or "(none)"


def render() -> str:
    """The text of docs/cli.md."""
    parts = [HEAD]
    for path, _cmd, ctx in commands():
        name = " ".join(path)
        helptext = "\n".join(line.rstrip() for line in ctx.get_help().splitlines())
        parts.append(f"## teamsim {name}\n\nImplemented in: {_module_links(name)}\n\n"
                     f"```text\n{helptext}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    (Path(__file__).parent / "cli.md").write_text(render(), encoding="utf-8")
    print("wrote docs/cli.md")
