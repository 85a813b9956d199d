"""``teamsim crowd``: the Diversity Prediction Theorem on a predictions CSV, with drop what-ifs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from teamsim._text import plural
from teamsim.cli._app import (
    FORMAT_OPTION,
    JSON_OPTION,
    Signed,
    app,
    emit_json,
    fmt,
    say,
    show,
    use_format,
)

if TYPE_CHECKING:
    from teamsim.crowd import CrowdReport

#: Questions shown in the table (all of them are in --json).
SHOWN = 30


def _print(r: CrowdReport) -> None:
    say(f"{plural(len(r.forecasters), 'forecaster')}, {plural(len(r.questions), 'question')}"
        + (f" (without {', '.join(r.dropped)})" if r.dropped else ""))
    say(f"collective error {fmt(r.collective_error)} = average error {fmt(r.average_error)} "
        f"− diversity {fmt(r.diversity)}   (means over questions; squared errors; Page's Diversity "
        "Prediction Theorem, The Difference, 2007)")
    rows = [[q.question, q.truth, q.forecasters, q.collective_prediction, q.collective_error,
             q.average_error, q.diversity] for q in r.questions[:SHOWN]]
    show("Per question", ["question", "truth", "forecasters", "crowd mean",
                          "collective error", "average error", "diversity"], rows)
    if len(r.questions) > SHOWN:
        say(f"... {len(r.questions) - SHOWN} more questions (--json lists all)")
    rows = [[e.name, e.questions, e.individual_error,
             "—" if e.collective_error_without is None else e.collective_error_without,
             "—" if e.change is None else Signed(e.change),
             e.note or ""] for e in r.drop_ranking]
    show("If one forecaster is dropped (most helpful drop first)",
         ["forecaster", "questions", "own error", "collective error without", "change",
          "note"], rows)
    say(f"most accurate individual: {r.best_individual} (error "
        f"{fmt(r.best_individual_error)}); the crowd's error is {fmt(r.collective_error)}")
    b = r.best_crowd
    if b is not None:
        say(f"best crowd of {b.k} ({b.method}): {', '.join(b.members)}: collective "
            f"error {fmt(b.collective_error)} = {fmt(b.average_error)} − {fmt(b.diversity)}")
        for line in ([b.note] if b.note else []) + (
                ["unanswered by this crowd: " + ", ".join(b.uncovered)] if b.uncovered else []):
            say(line)


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
    format_: str = FORMAT_OPTION,
) -> None:
    """Collective error = average individual error − prediction diversity (Page's Diversity
    Prediction Theorem), per question and overall, with what-ifs: drop forecasters, best crowd of K."""
    form = use_format(format_, json_)
    from teamsim.crowd import crowd_report
    from teamsim.importers.predictions import read_predictions

    r = crowd_report(read_predictions(predictions), drop=drop or (), best=best, method=method)
    if form == "json":
        emit_json(r)
    else:
        _print(r)
