"""``teamsim analyze``, ``teamsim validate`` and ``teamsim import skills``."""

from __future__ import annotations

from pathlib import Path

import typer

from teamsim.cli._app import (
    FORCE_OPTION,
    FORMAT_OPTION,
    JSON_OPTION,
    OUTPUT_OPTION,
    STRICT_OPTION,
    app,
    check_output,
    emit_json,
    float_option,
    import_app,
    load,
    say,
    show,
    use_format,
    warn,
    write_scenario,
)
from teamsim.defaults import TWO_PIZZA_LIMIT

SCENARIO_ARG = typer.Argument(..., help="Scenario file (.yaml, .json) or skills matrix (.csv).",
                              show_default=False)


@app.command()
def analyze(
    scenario: Path = SCENARIO_ARG,
    k: int = typer.Option(2, "--k", "-k", help="Team size for best-ability vs most-able teams."),
    two_pizza_limit: int = typer.Option(TWO_PIZZA_LIMIT, "--two-pizza-limit",
                                        help="Largest two-pizza team (default 9: Stone 2013; "
                                        "Skelton & Pais 2019)."),
    strict: bool = STRICT_OPTION,
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
) -> None:
    """Ability, diversity bonus, communication paths and team size for every person and team."""
    form = use_format(format_, json_)
    from teamsim.report import analyze as analyze_scenario

    report = analyze_scenario(load(scenario, strict), k=k, two_pizza_limit=two_pizza_limit)
    if form == "json":
        emit_json(report)
        return
    say((str(report.scenario or scenario), "bold"))
    show("People", ["person", "ability", "tools", "implied", "unique tools"], [
        [p.name, p.ability, ", ".join(p.tools), ", ".join(p.implied_tools) or "—",
         ", ".join(p.unique_tools) or "—"] for p in report.people])
    if report.teams:
        show(
            "Teams (ability by task type; bonus = complex ability - best member, teamsim's own measure)",
            ["team", "members", "complex", "additive", "best", "bonus", "paths", "size"],
            [[t.name, ", ".join(t.members), t.ability, t.abilities["additive"],
              t.abilities["disjunctive"], t.diversity_bonus, t.communication_paths,
              "ok" if t.two_pizza.ok else f"over by {t.two_pizza.excess}"]
             for t in report.teams])
        for t in report.teams:
            for member, tools in t.unique_tools.items():
                say(f"  {t.name}: only {member} holds {' '.join(tools)}")
        if any(t.task_coverage for t in report.teams):
            tasks = list(report.teams[0].task_coverage)
            show("Task coverage (conjunctive: share of required tools covered)",
                 ["team", *tasks],
                 [[t.name, *[t.task_coverage[x] for x in tasks]]
                  for t in report.teams])
    if report.team_of_k:
        tk = report.team_of_k
        show(f"Teams of {tk.k}", ["choice", "members", "ability", "bonus", "exact"], [
            ["best-ability (top individuals)", ", ".join(tk.best_ability_team.members),
             tk.best_ability_team.ability, tk.best_ability_team.diversity_bonus,
             tk.best_ability_team.exact],
            ["most able (largest union)", ", ".join(tk.most_able_team.members),
             tk.most_able_team.ability, tk.most_able_team.diversity_bonus,
             tk.most_able_team.exact]])
    o = report.organisation
    say(f"Organisation: {o.people} people, {o.teams} teams, ability {o.ability:g}, "
        f"{o.communication_paths} communication paths between all people "
        f"(teams' own paths add up to {o.within_team_paths})")
    for w in report.warnings:
        warn(w)


@app.command()
def validate(scenario: Path = SCENARIO_ARG, strict: bool = STRICT_OPTION) -> None:
    """Check a scenario file; exit 0 when it is valid, 2 with a clear message when not."""
    s = load(scenario, strict)
    counts = [(len(s.tools), "tool"), (len(s.people), "person"), (len(s.candidates), "candidate"),
              (len(s.teams), "team"), (len(s.services), "service"), (len(s.projects), "project"),
              (len(s.tasks), "task")]
    parts = [f"{n} {'people' if w == 'person' and n != 1 else w + 's' * (n != 1)}"
             for n, w in counts]
    say(("ok", "green"), f" {scenario}: {', '.join(parts)}")


@import_app.command("skills")
def import_skills(
    matrix: Path = typer.Argument(..., help="Skills matrix CSV: name, optional team, one column per tool."),
    output: Path = OUTPUT_OPTION,
    tools: Path = typer.Option(None, "--tools", help="Tools file (CSV or YAML) with prerequisites "
                               "and values."),
    min_level: float = float_option(None, "--min-level",
                                    help="Levels below this count as not holding the tool."),
    force: bool = FORCE_OPTION,
) -> None:
    """Convert a skills-matrix CSV into a scenario file."""
    from teamsim.importers import read

    check_output(output, force)
    s = read([matrix], kind="skills", tools=tools, min_level=min_level).scenario
    write_scenario(s, output, force)
    say(f"wrote {output}: {len(s.people)} people, {len(s.tools)} tools, {len(s.teams)} teams")


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files (published as docs/scenario.schema.json)."""
    from teamsim.scenario import Scenario

    emit_json(Scenario.model_json_schema())
