"""``teamsim design``: propose teams and service owners together (coverage, sizes, Conway)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from teamsim._text import plural
from teamsim.cli._app import (
    ALIASES_OPTION,
    FORCE_OPTION,
    FORMAT_OPTION,
    JSON_OPTION,
    VERBOSE_OPTION,
    app,
    check_output,
    emit_json,
    float_option,
    fmt,
    say,
    show,
    use_format,
    write_scenario,
)
from teamsim.cli.ownership import (
    GIT_LOG_OPTION,
    PATHS_OPTION,
    SINCE_OPTION,
    SOURCES_ARG,
    THRESHOLD_OPTION,
    TOOLS_FROM_GIT_OPTION,
    read_owned,
)
from teamsim.defaults import TEAM_SIZE

if TYPE_CHECKING:
    from teamsim.design import Design


def _print(d: Design) -> None:
    proof = "proven optimal" if d.optimal else (
        f"best lower bound {fmt(d.bound)}, gap {d.gap:.1%}" if d.gap is not None else "no bound")
    say(f"Objective {fmt(d.objective)} ({d.method}; {proof}); "
        f"{plural(d.changes, 'change')}, cross-team dependency weight {fmt(d.cross_team_weight)}")
    show("Teams", ["team", "members", "services"],
         [[t.name, ", ".join(t.members), ", ".join(t.services) or "—"] for t in d.teams])
    show("Before and after", ["metric", "today", "design"],
         [[k.replace("_", " "), d.before.get(k), v] for k, v in d.after.items()])
    if d.moves:
        show("Moves", ["kind", "name", "from", "to"],
             [[m.kind, m.name, ", ".join(m.from_teams) or "—", m.to_team] for m in d.moves])
    for v in d.violations_before:
        say(("today:", "yellow"), f" {v}")


@app.command()
def design(
    sources: list[Path] = SOURCES_ARG,
    service_paths: str = PATHS_OPTION,
    git_log: Path = GIT_LOG_OPTION,
    owner_threshold: float = THRESHOLD_OPTION,
    since: str = SINCE_OPTION,
    tools_from_git: bool = TOOLS_FROM_GIT_OPTION,
    aliases: Path = ALIASES_OPTION,
    teams: int = typer.Option(None, "--teams", help="Number of teams (default: today's)."),
    min_size: int = typer.Option(TEAM_SIZE[0], "--min-size", help="Smallest team (Team Topologies: 5)."),
    max_size: int = typer.Option(TEAM_SIZE[1], "--max-size", help="Largest team (Team Topologies: 9)."),
    redundancy: int = typer.Option(2, "--redundancy", help="Members of the owner team who must hold "
                                   "each tool a service needs."),
    max_services: int = typer.Option(None, "--max-services", help="Services per team at most."),
    max_load: int = typer.Option(None, "--max-load", help="Distinct needed tools per team at most "
                                 "(cognitive load)."),
    lam: float = float_option(1.0, "--lam", help="Cost of one change (person or service moved) "
                              "against one unit of cross-team dependency weight."),
    pin: list[str] = typer.Option(None, "--pin", help="NAME=TEAM: keep a person in, or a service "
                                  "owned by, a team (repeatable)."),
    method: str = typer.Option("auto", "--method", help="auto, milp (exact) or lns (large "
                               "neighbourhood search)."),
    time_limit: float = float_option(60.0, "--time-limit", help="Seconds for the solver."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the scenario with the new teams here "
                                "(.yaml or .json)."),
    force: bool = FORCE_OPTION,
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Propose who is in which team and which team owns which service: team sizes, coverage of
    every needed tool with redundancy, services and cognitive load per team, pins; minimising
    cross-team dependencies plus --lam per change from today. See docs/design.md."""
    form = use_format(format_, json_)
    from teamsim.design import design_scenario, design_teams, parse_pins
    from teamsim.importers.tables import read_service_paths

    check_output(output, force)
    imp, _ = read_owned(sources, read_service_paths(service_paths), git_log, aliases=aliases,
                        threshold=owner_threshold, since=since, verbose=verbose,
                        tools_from_git=tools_from_git)
    d = design_teams(imp.scenario, n_teams=teams, min_size=min_size, max_size=max_size,
                     redundancy=redundancy, max_services=max_services, max_load=max_load, lam=lam,
                     pins=parse_pins(pin or []), method=method, time_limit=time_limit)
    if output is not None:
        write_scenario(design_scenario(imp.scenario, d), output, force)
    if form == "json":
        emit_json(d)
        return
    _print(d)
    if output is not None:
        say(f"wrote {output}")
