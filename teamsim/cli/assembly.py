"""``teamsim assembly``: one run of the Guimerà-Uzzi-Spiro-Amaral team assembly model."""

from __future__ import annotations

import typer

from teamsim._text import plural
from teamsim.cli._app import (
    FORMAT_OPTION,
    JSON_OPTION,
    app,
    emit_json,
    float_option,
    fmt,
    say,
    show,
    use_format,
)
from teamsim.defaults import ASSEMBLY as DEFAULTS
from teamsim.defaults import DEFAULT_SEED

#: Rows of the time series shown on screen (all measurements are in --json).
SHOWN = 10


@app.command()
def assembly(
    p: float = float_option(DEFAULTS["p"], "--p", "-p", help="Probability that a seat goes to an incumbent."),
    q: float = float_option(DEFAULTS["q"], "--q", "-q", help="Probability that an incumbent seat repeats a "
                            "past collaboration of an incumbent already on the team."),
    m: int = typer.Option(DEFAULTS["m"], "--m", "-m", help="Team size."),
    tau: int = typer.Option(DEFAULTS["tau"], "--tau", help="Steps of inactivity after which a person leaves "
                            "the network."),
    steps: int = typer.Option(DEFAULTS["steps"], "--steps", help="Teams assembled (one per step)."),
    tail: float = float_option(DEFAULTS["tail"], "--tail", help="Last share of the run averaged for the "
                               "stationary state."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Random seed (same seed, same run)."),
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
) -> None:
    """Team assembly (Guimerà et al., Science 2005): the giant component share S and the active
    network size in the stationary state, and how they evolved."""
    form = use_format(format_, json_)
    from teamsim.assembly import assembly_run

    run = assembly_run(m=m, p=p, q=q, tau=tau, steps=steps, tail=tail, seed=seed)
    if form == "json":
        emit_json(run)
        return
    st, r = run.stationary, run.series
    say(f"team assembly (Guimerà, Uzzi, Spiro & Amaral, Science 308, 697, 2005), m = {m}, p = {fmt(p)}, "
        f"q = {fmt(q)}, tau = {tau}, {plural(steps, 'step')}, seed {seed}")
    say(f"stationary state (last {fmt(100 * tail)}% of the run, {plural(st.measurements, 'measurement')}): "
        f"S = {st.giant_share:.3f} ± {st.giant_share_sd:.3f} (sd), {fmt(st.active, 4)} active agents "
        f"(at most m (tau + 1) = {m * (tau + 1)}), {fmt(st.giant_size, 4)} in the giant component")
    say(f"incumbent seats {st.incumbent_share:.3f} (p = {fmt(p)}), repeat collaborations "
        f"{st.repeat_share:.3f} of incumbent seats")
    idx = sorted({round(i * (len(r.times) - 1) / (SHOWN - 1)) for i in range(SHOWN)}) if r.times else []
    rows = [[r.times[i], r.active[i], r.giant_size[i], r.giant_share[i], r.edges[i]] for i in idx]
    show("Network over time", ["step", "active", "giant", "S", "ties"], rows)
