"""``teamsim workspace ...`` (save, list, log, export), ``teamsim compare A B`` and ``teamsim report``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from teamsim.cli._app import (
    FORCE_OPTION,
    FORMAT_OPTION,
    GROUP_SETTINGS,
    JSON_OPTION,
    OUTPUT_OPTION,
    app,
    check_output,
    emit_json,
    say,
    show,
    use_format,
    write_scenario,
)

if TYPE_CHECKING:
    from teamsim.workspace import Workspace

workspace_app = typer.Typer(help="Keep plans and their versions in the workspace database "
                            "(SQLite in your data folder, or TEAMSIM_DATABASE_URL).",
                            no_args_is_help=True, context_settings=GROUP_SETTINGS)
app.add_typer(workspace_app, name="workspace")

REF_HELP = "A file (scenario, skills CSV, catalog) or a workspace version: ws:PLAN or ws:PLAN@N."


def _ws() -> Workspace:
    from teamsim.workspace import Workspace

    return Workspace()


@workspace_app.command("save")
def save(
    source: str = typer.Argument(..., help=REF_HELP, show_default=False),
    plan: str = typer.Option(..., "--plan", "-p", help="Plan to save into (created on first save; "
                             "spaces around the name are ignored)."),
    message: str = typer.Option("", "--message", "-m", help="What changed."),
) -> None:
    """Save a scenario as the next version of a plan."""
    from teamsim.workspace import read_ref

    ws = _ws()
    scenario, label = read_ref(source, workspace=ws)
    v = ws.save(scenario, plan=plan, message=message, origin=[label])
    say(f"saved {v.ref} (version id {v.id})")


@workspace_app.command("list")
def list_plans(json_: bool = JSON_OPTION, format_: str = FORMAT_OPTION) -> None:
    """List the plans in the workspace, most recently saved first."""
    form = use_format(format_, json_)
    rows = _ws().plan_summaries()
    if form == "json":
        emit_json([p.model_dump(mode="json") for p in rows])
        return
    show("Plans", ["plan", "versions", "last saved (UTC)"],
         [[p.plan, p.versions, p.last_saved.strftime("%Y-%m-%d %H:%M")] for p in rows])


@workspace_app.command("log")
def log(plan: str = typer.Argument(..., show_default=False), json_: bool = JSON_OPTION,
        format_: str = FORMAT_OPTION) -> None:
    """List the versions of a plan, newest first."""
    form = use_format(format_, json_)
    versions = _ws().log(plan)
    if form == "json":
        emit_json([v.model_dump(mode="json") for v in versions])
        return
    show(f"Versions of {plan}", ["version", "saved (UTC)", "message", "from"],
         [[v.ref, v.created_at.strftime("%Y-%m-%d %H:%M:%S"), v.message,
           ", ".join(v.origin)] for v in versions])


@workspace_app.command("export")
def export(
    ref: str = typer.Argument(..., help="ws:PLAN or ws:PLAN@N.", show_default=False),
    output: Path = OUTPUT_OPTION,
    force: bool = FORCE_OPTION,
) -> None:
    """Write a saved version to a scenario file."""
    check_output(output, force)
    ws = _ws()
    v = ws.version(ref.removeprefix("ws:"))
    write_scenario(ws.load(v.id), output, force)
    say(f"wrote {output} from {v.ref}")


@app.command()
def compare(
    before: str = typer.Argument(..., help=REF_HELP, show_default=False),
    after: str = typer.Argument(..., help=REF_HELP, show_default=False),
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
) -> None:
    """Compare two plans: people, teams and services changed, and every metric before and after."""
    form = use_format(format_, json_)
    from teamsim.compare import compare as compare_scenarios
    from teamsim.compare import metric_rows
    from teamsim.workspace import read_ref

    (a, la), (b, lb) = read_ref(before), read_ref(after)
    result = compare_scenarios(a, b, labels=(la, lb))
    if form == "json":
        emit_json(result)
        return
    show(f"Changes from {la} to {lb}", ["kind", "name", "change", "what changed"],
         [[c.kind, c.name, c.change, c.detail or ""]
          for c in result.changes] or [["—", "no changes", "", ""]])
    show("Metrics", ["metric", "scope", "before", "after", "change", "source"], metric_rows(result))


@app.command()
def report(
    sources: list[str] = typer.Argument(..., help=REF_HELP + " Several sources are merged.",
                                        show_default=False),
    output: Path = typer.Option(..., "--output", "-o", help="Report to write: .html (self-contained, "
                                "opens offline) or .md."),
    title: str = typer.Option(None, "--title", help="Title of the report."),
    force: bool = FORCE_OPTION,
) -> None:
    """Write a shareable report: every table in full and every figure, in one file."""
    from teamsim.report_file import write_report
    from teamsim.workspace import read_ref

    if len(sources) == 1:
        scenario, _ = read_ref(sources[0])
    else:
        from teamsim.cli.ownership import read_inputs

        scenario = read_inputs([Path(s) for s in sources], "{name}/").scenario
    write_report(scenario, str(output), title=title, overwrite=force)
    say(f"wrote {output}")
