"""``teamsim hire``, ``best-team``, ``risk``, ``learn``, ``overlap`` and ``hongpage``."""

# ruff: noqa: E741  (l is Hong & Page's name for the largest step size)
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

import typer

from teamsim.cli._app import (
    FORMAT_OPTION,
    JSON_OPTION,
    STRICT_OPTION,
    app,
    emit_json,
    float_option,
    load,
    say,
    show,
    use_format,
    warn,
)
from teamsim.defaults import DEFAULT_SEED
from teamsim.defaults import HONG_PAGE as DEFAULTS
from teamsim.errors import InputError, TeamsimError

if TYPE_CHECKING:
    from teamsim.ability.teams import MostAbleMethod
    from teamsim.hongpage import SearchMode
    from teamsim.scenario import Scenario

SCENARIO_ARG = typer.Argument(..., help="Scenario file (.yaml, .json) or skills matrix (.csv).",
                              show_default=False)
TEAM_OPTION = typer.Option(None, "--team", "-t", help="Team name (default: the whole organisation).")
TASK_OPTION = typer.Option(None, "--task", help="Count only this task's required tools.")


def _join(xs: list[str]) -> str:
    return ", ".join(xs) or "—"


@contextmanager
def _about(path: Path) -> Iterator[None]:
    """Name the scenario file in errors raised about its content (unless they already name a file)."""
    try:
        yield
    except TeamsimError as e:
        if e.file is None:
            e.file = str(path)
        raise


def _implied(s: Scenario, names: list[str]) -> None:
    """Note, for the people shown, the prerequisites they did not list but are assumed to know."""
    from teamsim.prerequisites import implied_prerequisites

    implied = implied_prerequisites(s)
    parts = [f"{n}: {', '.join(implied[n])}" for n in dict.fromkeys(names) if n in implied]
    if parts:
        say("prerequisites assumed known (not listed; --strict makes this an error): " + "; ".join(parts),
            style="dim")


@app.command()
def hire(
    scenario: Path = SCENARIO_ARG,
    team: str = TEAM_OPTION,
    task: str = TASK_OPTION,
    candidate: list[str] = typer.Option(None, "--candidate", "-c",
                                        help="Rank only these candidates (repeatable)."),
    strict: bool = STRICT_OPTION,
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
) -> None:
    """Rank candidates by the marginal gain in team ability they bring (not by their own ability)."""
    form = use_format(format_, json_)
    from teamsim.hiring import rank_candidates

    s = load(scenario, strict)
    with _about(scenario):
        r = rank_candidates(s, team, candidates=candidate or None, task=task)
    if form == "json":
        emit_json(r)
        return
    who = r.team or "the organisation"
    say((f"Hiring for {who}", "bold"), f" ({_join(r.members)}), team ability {r.team_ability:g}"
        + (f" on task {r.task}" if r.task else ""))
    show("Candidates by marginal gain",
         ["rank", "candidate", "individual ability", "marginal gain", "ability after",
          "tools added"],
         [[c.rank, c.name, c.individual_ability, c.marginal_gain, c.ability_after,
           _join(c.tools_added)] for c in r.candidates])
    if not r.most_able_is_best:
        say(f"The most able candidate, {r.most_able}, is not the best addition: "
            f"{r.best_addition} adds more to the team.")
    for w in r.warnings:
        warn(w)
    _implied(s, [*r.members, *(c.name for c in r.candidates)])


@app.command("best-team")
def best_team(
    scenario: Path = SCENARIO_ARG,
    k: int = typer.Option(None, "--k", "-k", help="Team size (default 2; not with --cover, which finds the "
                          "size).", show_default=False),
    task: str = TASK_OPTION,
    pool: str = typer.Option("people", "--pool", help="Choose from: people, candidates or all."),
    cover: bool = typer.Option(False, "--cover",
                               help="Find the smallest team holding every required tool (set cover) "
                               "instead of the most able team of k."),
    method: str = typer.Option("auto", "--method",
                               help="auto, exhaustive, milp or greedy (--cover: auto, milp or greedy)."),
    time_limit: float = float_option(10.0, "--time-limit", help="Seconds for the integer program (> 0)."),
    strict: bool = STRICT_OPTION,
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
) -> None:
    """The most able team of k (exact or greedy with its bound), or the smallest covering team."""
    form = use_format(format_, json_)
    if time_limit <= 0:
        raise InputError(f"--time-limit {time_limit:g} is not a positive number of seconds",
                         entity="option --time-limit", hint="give the integer program a few seconds, e.g. 10")
    if cover and k is not None:
        raise InputError("--cover finds the smallest covering team, so its size is the answer, not an input",
                         entity="option -k", hint="drop -k (or drop --cover for the most able team of k)")
    if cover and method == "exhaustive":
        raise InputError("--method exhaustive enumerates teams of a fixed size k; --cover has no k",
                         entity="option --method", hint="with --cover choose auto, milp or greedy")
    from teamsim.hiring import pool_names

    s = load(scenario, strict)
    with _about(scenario):
        names = pool_names(s, pool)
    if cover:
        if task is None:
            raise InputError("--cover needs the required tools of a task", entity="option --task",
                             file=str(scenario), hint="pass --task NAME (a task declared under tasks:)")
        from teamsim.hiring import smallest_covering_team

        with _about(scenario):
            r = smallest_covering_team(s, task, pool=names, method=method, time_limit=time_limit)
        if form == "json":
            emit_json(r)
            return
        say((f"Smallest team covering {r.task}", "bold"), f": {_join(r.members)} ({r.size} people, "
            f"{'proven minimum' if r.exact else f'at least {r.lower_bound} needed'}, {r.method})")
        if r.note:
            say(f"method: {r.note}")
        show("Required tools", ["tool", "held by"],
             [[t, _join(m)] for t, m in r.covered_by.items()])
        _implied(s, r.members)
        return
    from teamsim.report import team_of_k

    k = 2 if k is None else k
    with _about(scenario):
        report = team_of_k(s, k, names, task, method=cast("MostAbleMethod", method), time_limit=time_limit)
    if form == "json":
        emit_json(report)
        return
    rows = []
    for label, t in (("best-ability (top individuals)", report.best_ability_team),
                     ("most able (largest union)", report.most_able_team)):
        rows.append([label, _join(t.members), t.ability, t.diversity_bonus, t.method, t.exact,
                     "—" if t.upper_bound is None else t.upper_bound])
    show(f"Teams of {k}" + (f" for task {task}" if task else ""),
         ["choice", "members", "ability", "bonus", "method", "exact", "upper bound"], rows)
    m = report.most_able_team
    if not m.exact and m.upper_bound is not None:
        say(f"{m.method}: within {m.ability / m.upper_bound:.0%} of the best possible "
            f"(optimum <= {m.upper_bound:.4g}"
            + ("; guarantee >= 63%)" if m.method == "greedy" else "; time limit reached)"))
    for w in m.warnings:
        warn(w)
    _implied(s, [*report.best_ability_team.members, *m.members])


@app.command()
def risk(
    scenario: Path = SCENARIO_ARG,
    team: str = TEAM_OPTION,
    task: str = TASK_OPTION,
    leaves: str = typer.Option(None, "--leaves", help="Departure what-if: this person leaves."),
    threshold: float = float_option(None, "--threshold",
                                    help="Truck factor: trouble when this share of required tool value is "
                                    "lost (default: any required tool)."),
    strict: bool = STRICT_OPTION,
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
) -> None:
    """Key-person risk: tools only one person holds, truck factor, departure what-if."""
    form = use_format(format_, json_)
    from teamsim.hiring import departure, key_person_risk

    s = load(scenario, strict)
    if leaves:
        with _about(scenario):
            d = departure(s, leaves, team, task=task, threshold=threshold)
        if form == "json":
            emit_json(d)
            return
        say((f"If {d.person} leaves {d.team or 'the organisation'}", "bold"), ": ability "
            f"{d.ability_before:g} -> {d.ability_after:g}, truck factor"
            + (f" (threshold {d.threshold:.0%})" if d.threshold is not None else "")
            + f" {d.truck_factor_before} -> "
            f"{d.truck_factor_after if d.truck_factor_after is not None else '—'}")
        if not d.lost:
            say("Nothing is lost: someone else holds every tool.")
            return
        show("Lost tools and who could cover them", [
            "tool", "value", "closest members", "must learn (in order)", "candidates holding it"],
            [[x.tool, x.value, _join(x.equally_close) if x.closest else "—",
              " → ".join(x.closest.path) if x.closest else "—", _join(x.candidates_holding)]
             for x in d.lost])
        return
    with _about(scenario):
        r = key_person_risk(s, team, task=task, threshold=threshold)
    if form == "json":
        emit_json(r)
        return
    say((f"Key-person risk: {r.team or 'the organisation'}", "bold"), f" ({_join(r.members)})"
        + (f", task {r.task}" if r.task else ""))
    show("Tools held by exactly one person", ["person", "tools only they hold"],
         [[p, _join(t)] for p, t in r.key_people.items()])
    if r.uncovered:
        say(("Required tools nobody holds:", "yellow"), f" {_join(r.uncovered)}")
    tf = r.truck_factor
    how = f"({'exact' if tf.exact else f'at least {tf.lower_bound}'}, {tf.method})"
    if tf.value == 0:
        say(f"Truck factor 0: required tools already uncovered: {_join(tf.uncovered)} {how}.")
    elif tf.threshold is not None:
        say(f"Truck factor {tf.value}: the departure of {_join(tf.people)} would lose "
            f"{tf.lost_share:.0%} of the required tool value (threshold {tf.threshold:.0%}): "
            f"{_join(tf.lost_tools)} {how}.")
    else:
        say(f"Truck factor {tf.value}: the departure of {_join(tf.people)} would leave "
            f"{_join(tf.lost_tools)} uncovered {how}.")
    _implied(s, r.members)


@app.command()
def learn(
    scenario: Path = SCENARIO_ARG,
    person: str = typer.Option(None, "--person", "-p", help="Plan for this person (with --tool)."),
    tool: list[str] = typer.Option(None, "--tool", help="Tool(s) to acquire (repeatable)."),
    team: str = TEAM_OPTION,
    task: str = TASK_OPTION,
    strict: bool = STRICT_OPTION,
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
) -> None:
    """Learning plans: what a person must learn first, or who on a team is closest to each missing tool."""
    form = use_format(format_, json_)
    from teamsim.hiring import learning_plan, team_learning_plan

    s = load(scenario, strict)
    if person:
        if not tool:
            raise InputError("--person needs --tool", entity="option --tool", hint="pass --tool NAME")
        with _about(scenario):
            plans = [learning_plan(s, person, t) for t in dict.fromkeys(tool)]
        if form == "json":
            emit_json([p.model_dump() for p in plans])   # always a list, one plan per --tool
            return
        for p in plans:
            say(f"{p.person} → {p.tool}: " + (" → ".join(p.path) if p.path else "already held")
                + (f" ({p.steps} to learn)" if p.steps else ""))
        return
    with _about(scenario):
        r = team_learning_plan(s, team, task=task, tools=list(dict.fromkeys(tool or [])) or None)
    if form == "json":
        emit_json(r)
        return
    say((f"Tools {r.team or 'the organisation'} lacks", "bold"), f" for task {r.task}" if r.task else "")
    if not r.gaps:
        say("None: the team holds every tool asked for.")
        return
    show("Closest members per missing tool (all equally close ones)", [
        "tool", "closest members", "must learn (in order)", "steps", "candidates holding it"],
        [[g.tool, _join(g.equally_close or [g.closest.person]), " → ".join(g.closest.path), g.closest.steps,
          _join(g.candidates_holding)] for g in r.gaps])


@app.command("overlap")
def overlap_cmd(
    scenario: Path = SCENARIO_ARG,
    team: str = TEAM_OPTION,
    candidates: bool = typer.Option(False, "--candidates", help="Include the candidates in the pool."),
    threshold: float = float_option(0.7, "--threshold", help="Flag pairs with Jaccard similarity >= this."),
    strict: bool = STRICT_OPTION,
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
) -> None:
    """"Beware hiring managers": nested and highly overlapping tool sets, and the pool's diversity."""
    form = use_format(format_, json_)
    from teamsim.hiring import overlap

    s = load(scenario, strict)
    with _about(scenario):
        r = overlap(s, team, candidates=candidates, threshold=threshold)
    if form == "json":
        emit_json(r)
        return
    say((f"{len(r.people)} people", "bold"), f": diversity (mean Jaccard distance) "
        f"{r.diversity:.3f}, union / sum of abilities {r.coverage_ratio:.3f}")
    flagged = {(p.a, p.b): p for p in [*r.similar, *r.nested]}
    if not flagged:
        say(f"Similar (Jaccard >= {threshold:g}) or nested pairs: none.")
        return
    show(f"Similar (Jaccard >= {threshold:g}) or nested pairs",
         ["pair", "Jaccard", "nested", "shared tools"],
         [[f"{p.a} / {p.b}", round(p.jaccard, 3), p.nested, _join(p.shared)]
          for p in flagged.values()])


def _dec(x: float | None, places: int = 2) -> str:
    """``x`` to ``places`` decimals; None (SD and SE of one landscape: undefined) as —."""
    return "—" if x is None else f"{x:.{places}f}"


@app.command()
def hongpage(
    n: int = typer.Option(DEFAULTS["n"], "--n", help="Points on the ring."),
    k: int = typer.Option(DEFAULTS["k"], "--k", "-k", help="Step sizes per agent."),
    l: list[int] = typer.Option(None, "--l", help="Largest step size (repeatable for a sweep; default 12)."),
    N: list[int] = typer.Option(None, "--N", help="Team size (repeatable for a sweep; default 10)."),
    landscapes: int = typer.Option(DEFAULTS["landscapes"], "--landscapes", help="Landscapes per setting."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Random seed (results are reproducible)."),
    mode: str = typer.Option("relay", "--mode", help="Team search: relay (until nobody improves), "
                             "relay-once (one pass, as Wallrich et al. 2022's replication code) or "
                             "tournament."),
    smoothing: int = typer.Option(0, "--smoothing", help="Landscape smoothing half-width (0 = rough)."),
    paper: bool = typer.Option(False, "--paper",
                               help="Run the paper's three settings: N=10,l=12; N=20,l=12; N=10,l=20."),
    processes: int = typer.Option(None, "--processes", help="Worker processes (default: all cores for "
                                  "several settings; for one, one per idle core for a large run, else 1)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
) -> None:
    """Hong & Page (PNAS 2004): the best-N team of problem solvers against a random team of N."""
    form = use_format(format_, json_)
    if seed < 0:
        raise InputError(f"--seed {seed} is negative", entity="option --seed",
                         hint="pass a whole number >= 0, e.g. --seed 0")
    from teamsim.hongpage import hong_page_grid, hong_page_sweep

    params = hong_page_grid(n=n, k=k, l=l or (), N=N or (), landscapes=landscapes,
                            mode=cast("SearchMode", mode), smoothing=smoothing, paper=paper)
    rows = hong_page_sweep(params, seed=seed, processes=processes, progress=progress and form != "json")
    if form == "json":
        emit_json(rows)
        return
    # two tables of at most ~75 columns each, so nothing is cut on an 80-column terminal
    show(
        f"Hong-Page: best-N vs random-N (n={n}, k={k}, {landscapes} landscapes, seed {seed}, {mode}"
        + (f", smoothing {smoothing}" if smoothing else "") + "); mean ± standard error",
        ["N", "l", "best-N", "random", "random − best", "wins", "top agent"],
        [[r["N"], r["l"], f"{r['best_performance']:.2f} ± {_dec(r['best_performance_se'])}",
          f"{r['random_performance']:.2f} ± {_dec(r['random_performance_se'])}",
          # a minus sign (U+2212), not "-": the cell is text, and "-" or "+" first is a formula in CSV
          f"{r['difference']:.2f} ± {_dec(r['difference_se'])}".replace("-", "−"), f"{r['random_wins']:.0%}",
          f"{r['best_agent_ability']:.2f}"] for r in rows])
    show(
        "Diversity: pairwise (share of differing steps) and coverage (share of step sizes held)",
        ["N", "l", "agents", "div. best", "div. random", "cov. best", "cov. random"],
        [[r["N"], r["l"], r["agents"], f"{r['best_diversity']:.3f}", f"{r['random_diversity']:.3f}",
          f"{r['best_coverage']:.3f}", f"{r['random_coverage']:.3f}"] for r in rows])
    show(
        "Spread over landscapes: standard deviation (SD) and standard error (SE = SD / √landscapes)",
        ["N", "l", "SD best-N", "SD random", "SD difference", "SE best-N", "SE random"],
        [[r["N"], r["l"], _dec(r["best_performance_sd"]), _dec(r["random_performance_sd"]),
          _dec(r["difference_sd"]), _dec(r["best_performance_se"], 3), _dec(r["random_performance_se"], 3)]
         for r in rows])
    say("wins: share of landscapes where the random team beats the best-N team; top agent: "
        "the best single agent's ability (mean over landscapes)."
        + (" — = undefined: SD and SE need two or more landscapes." if landscapes == 1 else ""))
