"""``teamsim hire``, ``best-team``, ``risk``, ``learn``, ``overlap`` and ``hongpage``."""

# ruff: noqa: E741  (l is Hong & Page's name for the largest step size)
from __future__ import annotations

from pathlib import Path

import typer

from teamsim.ability import best_ability_team, most_able_team
from teamsim.cli._app import JSON_OPTION, STRICT_OPTION, app, console, emit_json, load, table
from teamsim.errors import InputError
from teamsim.hiring import (
    departure,
    key_person_risk,
    learning_plan,
    overlap,
    rank_candidates,
    smallest_covering_team,
    team_learning_plan,
)
from teamsim.hongpage import DEFAULTS, PAPER_SETTINGS, hong_page_sweep
from teamsim.report import TeamOfK

SCENARIO_ARG = typer.Argument(..., help="Scenario file (.yaml, .json) or skills matrix (.csv).",
                              show_default=False)
TEAM_OPTION = typer.Option(None, "--team", "-t", help="Team name (default: the whole organisation).")
TASK_OPTION = typer.Option(None, "--task", help="Count only this task's required tools.")


def _join(xs: list[str]) -> str:
    return ", ".join(xs) or "—"


@app.command()
def hire(
    scenario: Path = SCENARIO_ARG,
    team: str = TEAM_OPTION,
    task: str = TASK_OPTION,
    candidate: list[str] = typer.Option(None, "--candidate", "-c",
                                        help="Rank only these candidates (repeatable)."),
    strict: bool = STRICT_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """Rank candidates by the marginal gain in team ability they bring (not by their own ability)."""
    s = load(scenario, strict)
    r = rank_candidates(s, team, candidates=candidate or None, task=task)
    if json_:
        emit_json(r)
        return
    who = r.team or "the organisation"
    console.print(f"[bold]Hiring for {who}[/bold] ({_join(r.members)}), team ability {r.team_ability:g}"
                  + (f" on task {r.task}" if r.task else ""))
    console.print(table("Candidates by marginal gain",
                        ["rank", "candidate", "individual ability", "marginal gain", "ability after",
                         "tools added"],
                        [[c.rank, c.name, c.individual_ability, c.marginal_gain, c.ability_after,
                          _join(c.tools_added)] for c in r.candidates]))
    if not r.most_able_is_best:
        console.print(f"The most able candidate, {r.most_able}, is not the best addition: "
                      f"{r.best_addition} adds more to the team.")


@app.command("best-team")
def best_team(
    scenario: Path = SCENARIO_ARG,
    k: int = typer.Option(2, "--k", "-k", help="Team size."),
    task: str = TASK_OPTION,
    pool: str = typer.Option("people", "--pool", help="Choose from: people, candidates or all."),
    cover: bool = typer.Option(False, "--cover",
                               help="Find the smallest team holding every required tool (set cover) "
                               "instead of the most able team of k."),
    method: str = typer.Option("auto", "--method", help="auto, exhaustive, milp or greedy."),
    time_limit: float = typer.Option(10.0, "--time-limit", help="Seconds for the integer program."),
    strict: bool = STRICT_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """The most able team of k (exact or greedy with its bound), or the smallest covering team."""
    s = load(scenario, strict)
    groups = {"people": [p.name for p in s.people], "candidates": [c.name for c in s.candidates]}
    groups["all"] = groups["people"] + groups["candidates"]
    if pool not in groups:
        raise InputError(f"unknown pool {pool!r}", entity="option --pool",
                         hint="choose people, candidates or all")
    names = groups[pool]
    if not names:
        raise InputError(f"the scenario has no {pool}", entity="option --pool",
                         hint="choose another --pool or add them to the scenario")
    if cover:
        if task is None:
            raise InputError("--cover needs the required tools of a task", entity="option --task",
                             hint="pass --task NAME (a task declared under tasks:)")
        r = smallest_covering_team(s, task, pool=names, method="auto" if method == "exhaustive" else method,
                                   time_limit=time_limit)
        if json_:
            emit_json(r)
            return
        console.print(f"[bold]Smallest team covering {r.task}[/bold]: {_join(r.members)} ({r.size} people, "
                      f"{'proven minimum' if r.exact else f'at least {r.lower_bound} needed'}, {r.method})")
        console.print(table("Required tools", ["tool", "held by"],
                            [[t, _join(m)] for t, m in r.covered_by.items()]))
        return
    report = TeamOfK(k=k, best_ability_team=best_ability_team(s, k, names, task),
                     most_able_team=most_able_team(s, k, names, task, method=method, time_limit=time_limit))
    if json_:
        emit_json(report)
        return
    rows = []
    for label, t in (("best-ability (top individuals)", report.best_ability_team),
                     ("most able (largest union)", report.most_able_team)):
        rows.append([label, _join(t.members), t.ability, t.diversity_bonus, t.method, t.exact,
                     "—" if t.upper_bound is None else t.upper_bound])
    console.print(table(f"Teams of {k}" + (f" for task {task}" if task else ""),
                        ["choice", "members", "ability", "bonus", "method", "exact", "upper bound"], rows))
    m = report.most_able_team
    if not m.exact:
        console.print(f"greedy: within {m.ability / m.upper_bound:.0%} of the best possible "
                      f"(optimum <= {m.upper_bound:.4g}; guarantee >= 63%)")


@app.command()
def risk(
    scenario: Path = SCENARIO_ARG,
    team: str = TEAM_OPTION,
    task: str = TASK_OPTION,
    leaves: str = typer.Option(None, "--leaves", help="Departure what-if: this person leaves."),
    threshold: float = typer.Option(None, "--threshold",
                                    help="Truck factor: trouble when this share of required tool value is "
                                    "lost (default: any required tool)."),
    strict: bool = STRICT_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """Key-person risk: tools only one person holds, truck factor, departure what-if."""
    s = load(scenario, strict)
    if leaves:
        d = departure(s, leaves, team, task=task)
        if json_:
            emit_json(d)
            return
        console.print(f"[bold]If {d.person} leaves {d.team or 'the organisation'}[/bold]: ability "
                      f"{d.ability_before:g} -> {d.ability_after:g}, truck factor {d.truck_factor_before} -> "
                      f"{d.truck_factor_after if d.truck_factor_after is not None else '—'}")
        if not d.lost:
            console.print("Nothing is lost: someone else holds every tool.")
            return
        console.print(table("Lost tools and who could cover them", [
            "tool", "value", "closest member", "must learn (in order)", "candidates holding it"],
            [[x.tool, x.value, x.closest.person if x.closest else "—",
              " → ".join(x.closest.path) if x.closest else "—", _join(x.candidates_holding)]
             for x in d.lost]))
        return
    r = key_person_risk(s, team, task=task, threshold=threshold)
    if json_:
        emit_json(r)
        return
    console.print(f"[bold]Key-person risk: {r.team or 'the organisation'}[/bold] ({_join(r.members)})"
                  + (f", task {r.task}" if r.task else ""))
    console.print(table("Tools held by exactly one person", ["person", "tools only they hold"],
                        [[p, _join(t)] for p, t in r.key_people.items()]))
    if r.uncovered:
        console.print(f"[yellow]Required tools nobody holds:[/yellow] {_join(r.uncovered)}")
    tf = r.truck_factor
    what = (f"lose {tf.threshold:.0%} of the required tool value" if tf.threshold is not None
            else "leave a required tool uncovered")
    console.print(f"Truck factor {tf.value}: the departure of {_join(tf.people)} would {what} "
                  f"({'exact' if tf.exact else f'at least {tf.lower_bound}'}, {tf.method}).")


@app.command()
def learn(
    scenario: Path = SCENARIO_ARG,
    person: str = typer.Option(None, "--person", "-p", help="Plan for this person (with --tool)."),
    tool: list[str] = typer.Option(None, "--tool", help="Tool(s) to acquire (repeatable)."),
    team: str = TEAM_OPTION,
    task: str = TASK_OPTION,
    strict: bool = STRICT_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """Learning plans: what a person must learn first, or who on a team is closest to each missing tool."""
    s = load(scenario, strict)
    if person:
        if not tool:
            raise InputError("--person needs --tool", entity="option --tool", hint="pass --tool NAME")
        plans = [learning_plan(s, person, t) for t in tool]
        if json_:
            emit_json(plans[0] if len(plans) == 1 else [p.model_dump() for p in plans])
            return
        for p in plans:
            console.print(f"{p.person} → {p.tool}: " + (" → ".join(p.path) if p.path else "already held")
                          + (f" ({p.steps} to learn)" if p.steps else ""))
        return
    r = team_learning_plan(s, team, task=task, tools=tool or None)
    if json_:
        emit_json(r)
        return
    console.print(f"[bold]Tools {r.team or 'the organisation'} lacks[/bold]"
                  + (f" for task {r.task}" if r.task else ""))
    if not r.gaps:
        console.print("None: the team holds every tool asked for.")
        return
    console.print(table("Closest member per missing tool", [
        "tool", "closest member", "must learn (in order)", "steps", "candidates holding it"],
        [[g.tool, g.closest.person, " → ".join(g.closest.path), g.closest.steps, _join(g.candidates_holding)]
         for g in r.gaps]))


@app.command("overlap")
def overlap_cmd(
    scenario: Path = SCENARIO_ARG,
    team: str = TEAM_OPTION,
    candidates: bool = typer.Option(False, "--candidates", help="Include the candidates in the pool."),
    threshold: float = typer.Option(0.7, "--threshold", help="Flag pairs with Jaccard similarity >= this."),
    strict: bool = STRICT_OPTION,
    json_: bool = JSON_OPTION,
) -> None:
    """"Beware hiring managers": nested and highly overlapping tool sets, and the pool's diversity."""
    s = load(scenario, strict)
    r = overlap(s, team, candidates=candidates, threshold=threshold)
    if json_:
        emit_json(r)
        return
    console.print(f"[bold]{len(r.people)} people[/bold]: diversity (mean Jaccard distance) "
                  f"{r.diversity:.3f}, union / sum of abilities {r.coverage_ratio:.3f}")
    flagged = {(p.a, p.b): p for p in [*r.similar, *r.nested]}
    console.print(table(f"Similar (Jaccard >= {threshold:g}) or nested pairs",
                        ["pair", "Jaccard", "nested", "shared tools"],
                        [[f"{p.a} / {p.b}", round(p.jaccard, 3), p.nested, _join(p.shared)]
                         for p in flagged.values()]))


@app.command()
def hongpage(
    n: int = typer.Option(DEFAULTS["n"], "--n", help="Points on the ring."),
    k: int = typer.Option(DEFAULTS["k"], "--k", help="Step sizes per agent."),
    l: list[int] = typer.Option(None, "--l", help="Largest step size (repeatable for a sweep; default 12)."),
    N: list[int] = typer.Option(None, "--N", help="Team size (repeatable for a sweep; default 10)."),
    landscapes: int = typer.Option(DEFAULTS["landscapes"], "--landscapes", help="Landscapes per setting."),
    seed: int = typer.Option(0, "--seed", help="Random seed (results are reproducible)."),
    mode: str = typer.Option("relay", "--mode", help="Team search: relay or tournament."),
    smoothing: int = typer.Option(0, "--smoothing", help="Landscape smoothing half-width (0 = rough)."),
    paper: bool = typer.Option(False, "--paper",
                               help="Run the paper's three settings: N=10,l=12; N=20,l=12; N=10,l=20."),
    processes: int = typer.Option(None, "--processes", help="Worker processes (default: all cores)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
    json_: bool = JSON_OPTION,
) -> None:
    """Hong & Page (PNAS 2004): the best-N team of problem solvers against a random team of N."""
    base = {"n": n, "k": k, "landscapes": landscapes, "mode": mode, "smoothing": smoothing}
    if paper:
        if l or N:
            raise InputError("--paper fixes N and l", hint="drop --N/--l, or drop --paper")
        params = [{**base, **s} for s in PAPER_SETTINGS]
    else:
        params = {**base, "l": l or [DEFAULTS["l"]], "N": N or [DEFAULTS["N"]]}
    rows = hong_page_sweep(params, seed=seed, processes=processes, progress=progress and not json_)
    if json_:
        emit_json(rows)
        return
    console.print(table(
        f"Hong-Page: best-N vs random-N (n={n}, k={k}, {landscapes} landscapes, seed {seed}, {mode}"
        + (f", smoothing {smoothing}" if smoothing else "") + "); mean ± standard error",
        ["N", "l", "agents", "best-N team", "random team", "best diversity", "random diversity",
         "best coverage", "random coverage", "random wins"],
        [[r["N"], r["l"], r["agents"], f"{r['best_performance']:.2f} ± {r['best_performance_se']:.2f}",
          f"{r['random_performance']:.2f} ± {r['random_performance_se']:.2f}",
          f"{r['best_diversity']:.3f}", f"{r['random_diversity']:.3f}", f"{r['best_coverage']:.3f}",
          f"{r['random_coverage']:.3f}", f"{r['random_wins']:.0%}"] for r in rows]))
