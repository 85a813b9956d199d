"""``teamsim sweep``: a parameter grid of a model, on local processes or a Dask cluster."""

from __future__ import annotations

import difflib
import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from teamsim._text import plural
from teamsim.cli._app import (
    FORMAT_OPTION,
    JSON_OPTION,
    app,
    emit_json,
    load,
    say,
    show,
    use_format,
)
from teamsim.defaults import DEFAULT_SEED
from teamsim.errors import InputError
from teamsim.scenarios import default_scenario_path

if TYPE_CHECKING:
    from teamsim.sweep import SweepModel


def _model(name: str) -> SweepModel:
    from teamsim.sweep import sweep_models

    models = sweep_models()
    if name not in models:
        close = difflib.get_close_matches(name.lower(), models, n=1)
        raise InputError(f"unknown model {name[:60]!r}", entity="teamsim sweep MODEL",
                         hint=(f"did you mean {close[0]!r}? " if close else "")
                         + f"choose one of: {', '.join(models)}")
    return models[name]


def _executor(workers: int | None, scheduler: str | None) -> str | None:
    from teamsim.sweep import SCHEDULER_ENV, check_workers, scheduler_address

    if workers is not None and scheduler is not None:
        raise InputError("--workers and --scheduler both given", entity="options --workers, --scheduler",
                         hint="--workers N runs on local processes, --scheduler ADDR on a Dask cluster: "
                         "choose one")
    if workers is not None and workers < 1:
        raise InputError(f"--workers {workers} is below 1", entity="option --workers",
                         hint="pass a whole number >= 1, e.g. --workers 2")
    check_workers(workers)
    if scheduler is not None:   # an empty --scheduler "$UNSET" is refused, not taken as local
        return scheduler_address(scheduler)
    if workers is not None:
        return "serial" if workers == 1 else "local"
    env = os.environ.get(SCHEDULER_ENV, "").strip()
    if env:   # checked now, used by the engine (which names the variable in its messages)
        scheduler_address(env, entity=f"environment variable {SCHEDULER_ENV}")
    return None


def _show(rows: list[dict[str, Any]], model: SweepModel, grid: dict[str, list[Any]], replicates: int) -> None:
    varied = [n for n, values in grid.items() if len(values) > 1]
    columns = ["point", *(["replicate"] if replicates > 1 else []), *varied, *model.summary]
    show(f"teamsim sweep {model.name}: {plural(len(rows), 'run')}", columns,
         [["—" if r.get(c) is None else r.get(c) for c in columns] for r in rows])


@app.command("sweep")
def sweep_cmd(
    model: str = typer.Argument(..., help="hongpage, assembly or analyze.", show_default=False),
    param: list[str] = typer.Option(None, "--param", "-p",
                                    help="NAME=V1,V2,... (repeatable); other parameters keep defaults."),
    replicates: int = typer.Option(1, "--replicates", "-r",
                                   help="Runs per grid point, each with its own seed."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Root seed: same seed, same table on any cluster."),
    workers: int = typer.Option(None, "--workers", help="Local worker processes (default: all cores)."),
    scheduler: str = typer.Option(None, "--scheduler",
                                  help="A running Dask scheduler, tcp://HOST:PORT (default: "
                                  "$TEAMSIM_DASK_SCHEDULER, else local processes)."),
    output: Path = typer.Option(None, "--output", "-o", help="Results table: .csv or .parquet."),
    resume: bool = typer.Option(False, "--resume", help="Keep the runs already in -o; run the rest."),
    force: bool = typer.Option(False, "--force", help="Replace -o if it exists."),
    scenario: Path = typer.Option(None, "--scenario",
                                  help="Scenario for analyze (default: the built-in example)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
) -> None:
    """Run a model over a parameter grid, on local processes or a Dask cluster (docs/sweeps.md)."""
    form = use_format(format_, json_)
    from teamsim.sweep import MAX_SEED, SweepInterrupted, parse_grid, sweep, sweep_to_file

    m = _model(model)
    if not 0 <= seed <= MAX_SEED:
        raise InputError(f"--seed {str(seed)[:40]} is {'negative' if seed < 0 else 'too large'}",
                         entity="option --seed", hint=f"pass a whole number from 0 to {MAX_SEED} (2^63 - 1), "
                         "e.g. --seed 0")
    if scenario is not None and not m.scenario:
        raise InputError(f"--scenario is for analyze, not {model}", entity="option --scenario",
                         hint="drop --scenario")
    if resume and output is None:
        raise InputError("--resume needs the results file", entity="option --resume",
                         hint="add -o results.csv")
    executor = _executor(workers, scheduler)
    grid = parse_grid(m.fn, param or [], skip=1 if m.scenario else 0)
    fn, check, tags = m.fn, m.check, m.tags()
    if m.scenario:
        s = load(scenario or default_scenario_path())
        fn, check, tags = functools.partial(m.fn, s), functools.partial(m.check, s), m.tags(s, scenario)
    options: dict[str, Any] = dict(replicates=replicates, seed=seed, executor=executor, workers=workers,
                   progress=progress and form != "json", check=check, label=f"sweep {model}")
    if output is None:
        rows = sweep(fn, grid, **options)
    else:
        def started(kept: int, total: int) -> None:
            if resume:
                say(f"resuming {output}: {kept:,} of {plural(total, 'run')} kept from the file, "
                    f"{total - kept:,} to run", err=True)
        try:
            rows = sweep_to_file(fn, grid, output, resume=resume, overwrite=force, tags=tags,
                                 on_start=started, **options)
        except SweepInterrupted as e:
            if e.saved:
                say(f"interrupted: {e.saved:,} of {plural(e.total, 'run')} saved to {e.file}; run the same "
                    "command with --resume to finish", err=True)
            else:
                say("interrupted before any run finished: nothing was saved, "
                    + (f"{e.file} was left as it was" if os.path.lexists(e.file) else "no file was written"),
                    err=True)
            raise typer.Exit(130) from None
    if form == "json":
        emit_json(rows)
        return
    _show(rows, m, grid, replicates)
    if output is not None:
        say(f"wrote {plural(len(rows), 'row')} to {output}")
