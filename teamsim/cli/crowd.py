"""``teamsim crowd``: the Diversity Prediction Theorem on a predictions CSV, with drop what-ifs."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from teamsim._text import printable
from teamsim.cli._app import JSON_OPTION, app, console, emit_json, fmt, table
from teamsim.crowd import CrowdReport, crowd_report
from teamsim.importers.predictions import read_predictions

#: Questions shown in the table (all of them are in --json).
SHOWN = 30


def _name(x: str) -> str:
    """A name as table text: control characters escaped, never read as markup."""
    return escape(printable(x))


def _print(r: CrowdReport) -> None:
    console.print(f"{len(r.forecasters)} forecasters, {len(r.questions)} questions"
                  + (f" (without {', '.join(map(_name, r.dropped))})" if r.dropped else ""), highlight=False)
    console.print(f"collective error {fmt(r.collective_error)} = average error {fmt(r.average_error)} "
                  f"− diversity {fmt(r.diversity)}   (means over questions)", highlight=False)
    rows = [[_name(q.question), q.truth, q.forecasters, q.collective_prediction, q.collective_error,
             q.average_error, q.diversity] for q in r.questions[:SHOWN]]
    console.print(table("Per question", ["question", "truth", "forecasters", "crowd mean",
                                         "collective error", "average error", "diversity"], rows))
    if len(r.questions) > SHOWN:
        console.print(f"... {len(r.questions) - SHOWN} more questions (--json lists all)")
    rows = [[_name(e.name), e.questions, e.individual_error,
             "—" if e.collective_error_without is None else e.collective_error_without,
             "—" if e.change is None else (f"+{fmt(e.change)}" if e.change > 0 else fmt(e.change)),
             _name(e.note or "")] for e in r.drop_ranking]
    console.print(table("If one forecaster is dropped (most helpful drop first)",
                        ["forecaster", "questions", "own error", "collective error without", "change",
                         "note"], rows))
    console.print(f"most accurate individual: {_name(r.best_individual)} (error "
                  f"{fmt(r.best_individual_error)}); the crowd's error is {fmt(r.collective_error)}",
                  highlight=False)
    b = r.best_crowd
    if b is not None:
        console.print(f"best crowd of {b.k} ({b.method}): {', '.join(map(_name, b.members))}: collective "
                      f"error {fmt(b.collective_error)} = {fmt(b.average_error)} − {fmt(b.diversity)}",
                      highlight=False)
        for line in ([b.note] if b.note else []) + (
                ["unanswered by this crowd: " + ", ".join(map(_name, b.uncovered))] if b.uncovered else []):
            console.print(line, highlight=False)


@app.command()
def crowd(
    predictions: Path = typer.Argument(..., help="CSV with columns forecaster,question,prediction,truth.",
                                       show_default=False),
    drop: list[str] = typer.Option(None, "--drop", help="Leave this forecaster out (repeatable)."),
    best: int = typer.Option(None, "--best", "-k", min=1,
                             help="Also find the K forecasters whose crowd errs least."),
    method: str = typer.Option("auto", "--method",
                               help="For --best: exact (every crowd of K), greedy, or auto (exact "
                               "up to the max_exact_subsets limit)."),
    json_: bool = JSON_OPTION,
) -> None:
    """Collective error = average individual error − prediction diversity (Page's Diversity
    Prediction Theorem), per question and overall, with what-ifs: drop forecasters, best crowd of K."""
    r = crowd_report(read_predictions(predictions), drop=drop or (), best=best, method=method)
    if json_:
        emit_json(r)
    else:
        _print(r)
