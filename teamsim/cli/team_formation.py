"""``teamsim team-formation``: cover a task with people who have worked together (Lappas et al. 2009)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from teamsim.cli._app import (
    FORMAT_OPTION,
    JSON_OPTION,
    app,
    emit_json,
    fmt,
    print_warnings,
    say,
    show,
    use_format,
)
from teamsim.errors import InputError, TeamsimError

if TYPE_CHECKING:
    from teamsim.teamformation import FormedTeam


def _print(t: FormedTeam) -> None:
    unit = "length 1/w" if t.weighted else ("hop" if t.cost == 1 else "hops")
    what = f"task {t.task}" if t.task else ", ".join(t.tools)
    say(f"Team for {what}: {', '.join(t.team)}")
    if t.algorithm == "exhaustive":
        proof = "exact"
    elif t.exact:
        proof = f"proven optimal: no team costs less than {fmt(t.lower_bound)}"
    else:
        proof = f"no team costs less than {fmt(t.lower_bound)}; {t.approximation}"
    say(f"{t.cost_kind} {fmt(t.cost)} {unit} ({t.algorithm}; {proof})")
    rows = [[tool, ", ".join(who)] for tool, who in t.holders.items()]
    show("Who covers what", ["tool", "held by"], rows)
    if t.connectors:
        say("connectors (no required tool; they shorten the tree): " + ", ".join(t.connectors))
    if t.searched:
        say(f"{t.searched:,} teams searched")


@app.command("team-formation")
def team_formation(
    source: Path = typer.Argument(..., help="Scenario (.yaml, .json, .csv), git repository folder or git "
                                  "log: who worked with whom (projects and teams; modules per year).",
                                  show_default=False),
    task: str = typer.Option(None, "--task", help="A task of the scenario (its required tools)."),
    tool: list[str] = typer.Option(None, "--tool", help="A required tool (repeatable), instead of --task."),
    cost: str = typer.Option("diameter", "--cost", help="Communication cost: diameter (largest distance "
                             "between two members) or mst (minimum spanning tree over their distances)."),
    exact: bool = typer.Option(False, "--exact", help="Search every covering team that can be optimal "
                               "(small inputs; bounded by the max_exact_subsets limit)."),
    weighted: bool = typer.Option(False, "--weighted", help="Distances 1/w from Newman's collaboration "
                                  "weights instead of hops."),
    depth: int = typer.Option(2, "--depth", min=1, help="Git sources: module = the first DEPTH folders."),
    aliases: Path = typer.Option(None, "--aliases", help="Git sources: alias map ('Canonical = alias, "
                                 "alias' lines or a .mailmap)."),
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
) -> None:
    """Cover a task with a team of low communication cost in the collaboration network: RarestFirst
    (diameter, within 2x the optimum) or EnhancedSteiner (MST), or --exact (Lappas, Liu & Terzi 2009)."""
    form = use_format(format_, json_)
    from teamsim.importers import GIT_KINDS, SCENARIO_KINDS, read
    from teamsim.importers.git import ModuleMap
    from teamsim.teamformation import COSTS, git_graph, scenario_graph, scenario_team

    if cost not in COSTS:
        raise InputError(f"unknown cost {cost!r}", entity="--cost", hint="choose diameter or mst")
    r = read([source], accept=SCENARIO_KINDS + GIT_KINDS, default="git-log", aliases=aliases,
             modules=ModuleMap(depth=depth))
    print_warnings(r.warnings)
    scenario = r.scenario
    graph = (git_graph(r.git_log, modules=ModuleMap(depth=depth), weighted=weighted)
             if r.git_log is not None else None)
    try:
        t = scenario_team(scenario, task=task, tools=tool or None, cost=cost, exact=exact,
                          weighted=weighted, graph=graph if graph is not None else
                          scenario_graph(scenario, weighted=weighted))
    except TeamsimError as e:
        e.file = e.file or str(source)
        raise
    if form == "json":
        emit_json(t)
    else:
        _print(t)
