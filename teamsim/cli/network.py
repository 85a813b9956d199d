"""``teamsim network`` (small-world measures per time window) and ``teamsim import git``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from teamsim.cli._app import (
    ALIASES_OPTION,
    FORCE_OPTION,
    FORMAT_OPTION,
    JSON_OPTION,
    OUTPUT_OPTION,
    VERBOSE_OPTION,
    app,
    check_output,
    emit_json,
    fmt,
    import_app,
    print_warnings,
    say,
    show,
    use_format,
    warn,
    write_scenario,
)
from teamsim.defaults import (
    BOT_PATTERN,
    CLUSTERING_EXACT_EDGES,
    DEFAULT_SEED,
    EXACT_LIMIT,
    NULL_SAMPLES,
    SAMPLE_SOURCES,
)
from teamsim.errors import InputError

if TYPE_CHECKING:
    from teamsim.affiliation import AffiliationNetwork
    from teamsim.importers.git import ModuleMap
    from teamsim.smallworld import SmallWorldReport, SmallWorldSeries

DEPTH_OPTION = typer.Option(2, "--depth", min=1, help="Module = the first DEPTH folders of a path "
                            "(2: src/<service>).")
MODULE_OPTION = typer.Option(None, "--module", help="GLOB=MODULE path pattern (repeatable, tried in "
                             "order before --depth; * also matches '/'). MODULE may use {1}, {2}, ... "
                             "for the path's folders (1-based, folders only: a path with too few "
                             "folders falls through to the next pattern or --depth), e.g. 'src/*={2}'.")
BOTS_OPTION = typer.Option(BOT_PATTERN, "--bots", help="Regular expression of bot authors to exclude "
                           "('' keeps everyone).")


def _module_map(depth: int, modules: list[str] | None) -> ModuleMap:
    from teamsim.importers.git import ModuleMap

    patterns = []
    for m in modules or []:
        glob, sep, name = m.partition("=")
        if not sep or not glob.strip() or not name.strip():
            raise InputError(f"bad --module {m!r}", entity="--module",
                             hint="write GLOB=MODULE, e.g. 'src/*={2}' or 'docs/*=docs'")
        patterns.append((glob.strip(), name.strip()))
    return ModuleMap(depth=depth, patterns=patterns)


def network_source(source: Path, *, depth: int = 2, modules: list[str] | None = None,
                   aliases: Path | None = None, bots: str = BOT_PATTERN,
                   teams: bool = True, verbose: bool = False) -> AffiliationNetwork:
    """The affiliation network of a command's SOURCE: a scenario, skills matrix or org CSV, a
    git repository folder, or (any other file) a git log (see :func:`teamsim.importers.read`).

    Input warnings (aliases that match no author ...) go to stderr.
    """
    from teamsim.affiliation import affiliation_network, git_affiliation
    from teamsim.importers import GIT_KINDS, SCENARIO_KINDS, read
    from teamsim.importers.registry import ReadOptions, detect_kind, read_git_source

    mm = _module_map(depth, modules)
    kind = detect_kind(source, SCENARIO_KINDS + GIT_KINDS, "git-log")
    if kind in GIT_KINDS:  # the history alone: no scenario built
        log, warnings = read_git_source(source, ReadOptions(aliases=aliases, bots=bots or None))
        print_warnings(warnings, verbose)
        return git_affiliation(log, modules=mm)
    r = read([source], kind=kind, aliases=aliases, modules=mm)
    print_warnings(r.warnings, verbose)
    net = affiliation_network(r.scenario, teams=teams)
    if net.n_projects == 0:
        raise InputError("the scenario has no projects" + (" or teams" if teams else "")
                         + " with members: no collaboration network", file=str(source),
                         hint="add projects (name, members, year)" + ("" if teams else
                                                                     " or drop --no-teams"))
    return net


def _undefined_notes(w: SmallWorldReport) -> list[str]:
    """One note per reason in a window: the columns shown as — and why (grouped by reason)."""
    und, an = w.undefined, w.analytic
    aund = an.undefined
    ratio = und.get("pl_ratio") if w.pl_ratio is None else und.get("cc_ratio")
    cells = [("C", w.transitivity, und.get("transitivity")),
             ("L", w.path_length.value, w.path_length.undefined or und.get("path_length")),
             ("CC", w.cc_ratio, und.get("cc_ratio")),
             ("PL", w.pl_ratio, und.get("pl_ratio")),
             ("Q", w.q, ratio or und.get("q")),
             ("Q 95%", w.q_ci, und.get("q_ci") or ratio or und.get("q")),
             ("Q analytic", an.q, aund.get("pl_ratio") if an.pl_ratio is None else aund.get("cc_ratio")
              or aund.get("q"))]
    by_reason: dict[str, list[str]] = {}
    for col, value, why in cells:
        if value is None:
            by_reason.setdefault(why or "undefined", []).append(col)
    label = w.window or "all"
    return [f"{label}: {', '.join(cols)} undefined — {why}" for why, cols in by_reason.items()]


def _flag_notes(series: SmallWorldSeries) -> list[str]:
    """One note per analytic flag: the windows where the formula's assumption fails."""
    from teamsim.smallworld.null import DENSE_SHARE, TINY_PEOPLE

    by_flag: dict[str, list[str]] = {}
    for w in series.windows:
        for flag in w.analytic.flags:
            by_flag.setdefault(flag, []).append(w.window or "all")
    what = {"N<=z1": "N <= z1 (fewer people than expected collaborators)",
            "no giant": "z2 <= z1 (no giant component expected)",
            "dense": f"dense (expected degree z1 over {DENSE_SHARE:.0%} of N - 1)",
            "tiny": f"tiny (N < {TINY_PEOPLE})"}
    return [f"Q analytic unreliable, {what[f]}: {', '.join(ws)}" for f, ws in by_flag.items()]


def _ci(w: SmallWorldReport) -> str:
    return "—" if w.q_ci is None else f"{fmt(w.q_ci[0])}–{fmt(w.q_ci[1])}"


def _estimated(value: float | None, se: float | None, sampled: bool) -> str | float | None:
    """A table cell: the value, with ``±`` its 95% half-width (1.96 SE) when it is sampled."""
    if value is None or not sampled or se is None:
        return value
    return f"{fmt(value)} ±{fmt(1.96 * se, 2)}"


def _estimate_note(w: SmallWorldReport) -> str | None:
    """What is estimated in a window and how well (None when everything is exact)."""
    pl = w.path_length
    parts = []
    if pl.method == "sampled":
        parts.append(f"L from {pl.sources:,} of {pl.component_size:,} BFS sources (SE {fmt(pl.se, 2)})")
    if w.clustering_method == "sampled":
        parts.append(f"C and <Ci> from {w.clustering_samples:,} sampled wedges each (SE "
                     f"{fmt(w.transitivity_se, 2)} and {fmt(w.average_clustering_se, 2)}; {w.edges:,} ties)")
    if not parts:
        return None
    return f"{w.window or 'all'}: estimated — " + "; ".join(parts) + ", the shuffled networks alike"


def _print_series(series: SmallWorldSeries) -> None:
    rows = []
    notes = []
    for w in series.windows:
        pl = w.path_length
        half = None if pl.method == "exact" or pl.ci_high is None or pl.ci_low is None else \
            (pl.ci_high - pl.ci_low) / 2
        length = None if pl.value is None else fmt(pl.value) + ("" if half is None else f" ±{fmt(half, 2)}")
        flagged = "*" if w.analytic.flags and w.analytic.q is not None else ""
        sampled = w.clustering_method == "sampled"
        rows.append([w.window or "all", w.people, w.projects, w.giant_share,
                     _estimated(w.transitivity, w.transitivity_se, sampled),
                     _estimated(w.average_clustering, w.average_clustering_se, sampled),
                     length or "—", w.cc_ratio, w.pl_ratio, w.q, _ci(w),
                     None if w.analytic.q is None else fmt(w.analytic.q) + flagged])
        rows[-1] = ["—" if v is None else v for v in rows[-1]]
        estimate = _estimate_note(w)
        notes.extend([estimate] if estimate else [])
        notes.extend(_undefined_notes(w))
    labels = [w.window or "all" for w in series.windows]
    if labels == ["all"]:
        title = "Small world — one window over everything (no project has a year)"
    else:
        title = f"Small world per {'year' if series.width == 1 else f'{series.width}-year window'}"
    title += f" — {series.source}" if series.source else ""
    show(title, ["window", "N", "M", "giant", "C", "<Ci>", "L", "CC", "PL", "Q", "Q 95%", "Q analytic"],
         rows, names=True)
    estimated = [w.window or "all" for w in series.windows
                 if w.path_length.method == "sampled" or w.clustering_method == "sampled"]
    samples = series.windows[0].null_samples if series.windows else 0
    say("N people, M projects, giant = share in the giant component, C = transitivity "
        "(used in Q), <Ci> = average local clustering (not used in Q), L = mean path length; "
        f"CC = C/C_random, PL = L/L_random, Q = CC/PL (Uzzi & Spiro, AJS 2005) against {samples} shuffled "
        f"network{'s' if samples != 1 else ''} (memberships "
        "shuffled, every person's number of projects and every project's size kept); Q 95% = range of "
        "Q against each shuffled network alone (1 inside: no evidence of a small world beyond chance); "
        "Q analytic = against the Newman–Strogatz–Watts (2001) formulas, * = their assumptions fail "
        "(notes); --json has all values; — = undefined (reasons below). L, C and <Ci> are exact"
        + (f" except in {', '.join(estimated)} (estimated from samples, ± = 95% CI; how in the notes)"
           if estimated else "") + ".")
    for n in [*series.notes, *_flag_notes(series), *notes]:
        say(("note:", "yellow"), f" {n}")


@app.command()
def network(
    source: Path = typer.Argument(..., help="Scenario file (.yaml, .json, .csv), git repository folder, "
                                  "or git log file in Code Maat's format.", show_default=False),
    window: int = typer.Option(1, "--window", "-w", min=1, help="Window width in years (1 = per year; "
                               "w > 1 = moving windows)."),
    depth: int = DEPTH_OPTION,
    module: list[str] = MODULE_OPTION,
    aliases: Path = ALIASES_OPTION,
    bots: str = BOTS_OPTION,
    teams: bool = typer.Option(True, "--teams/--no-teams", help="Count a scenario's teams as projects. "
                               "Teams and projects without a year are never copied into the yearly "
                               "windows: they form one extra window 'undated' (with no dated project: "
                               "one window 'all')."),
    null_samples: int = typer.Option(NULL_SAMPLES, "--null-samples", min=1, help="Shuffled networks of "
                                     "the simulated null behind Q and its 95% interval (at most "
                                     "TEAMSIM_MAX_NULL_SAMPLES)."),
    exact_limit: int = typer.Option(EXACT_LIMIT, "--exact-limit", min=2, help="Largest giant component "
                                    "with exact path length; above it, sampled BFS."),
    sources: int = typer.Option(SAMPLE_SOURCES, "--sources", min=2, help="Sources of the sampled BFS."),
    exact_edges: int = typer.Option(CLUSTERING_EXACT_EDGES, "--exact-edges", min=0, help="Most collaboration "
                                    "ties with exact clustering; above it, sampled wedges."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", min=0,
                             help="Random seed (sampling and the simulated null)."),
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Collaboration network per time window: clustering, path length, random expectations, Q.

    Q, the CC ratio and the PL ratio are measured against shuffled memberships (with a 95%
    interval); the analytic Newman-Strogatz-Watts values stand beside them, flagged where
    their assumptions fail.

    For a repository folder, git log runs on the whole repository (even when SOURCE is a
    sub-folder of it); restrict with --module patterns.
    """
    form = use_format(format_, json_)
    net = network_source(source, depth=depth, modules=module, aliases=aliases, bots=bots, teams=teams,
                         verbose=verbose)
    from teamsim.affiliation import check_time_windows

    check_time_windows(net, width=window, file=str(source))  # bounded before any window is built
    from teamsim.smallworld import small_world_by_window

    series = small_world_by_window(net, width=window, source=str(source), null_samples=null_samples,
                                   exact_limit=exact_limit, sources=sources, exact_edges=exact_edges,
                                   seed=seed)
    if form == "json":
        emit_json(series)
        return
    _print_series(series)


@import_app.command("git")
def import_git(
    source: Path = typer.Argument(..., help="Git repository folder or log file in Code Maat's format.",
                                  show_default=False),
    output: Path = OUTPUT_OPTION,
    depth: int = DEPTH_OPTION,
    module: list[str] = MODULE_OPTION,
    aliases: Path = ALIASES_OPTION,
    bots: str = BOTS_OPTION,
    tools_map: Path = typer.Option(None, "--tools-map", help="YAML mapping GLOB: TOOL, tried before the "
                                   "built-in tool rules."),
    min_files: int = typer.Option(1, "--min-files", min=1, help="Files of a kind a person must have "
                                  "changed to hold that tool."),
    force: bool = FORCE_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Turn a git history into a scenario: people with inferred tools, projects per module and year.

    Authors whose commits change no file (merges, empty commits) are left out (a warning
    says how many). For a repository folder, git log runs on the whole repository.
    """
    from teamsim.importers import GIT_KINDS, read
    from teamsim.importers.git import read_tool_rules

    check_output(output, force)
    rules = read_tool_rules(tools_map) if tools_map else []
    r = read([source], accept=GIT_KINDS, default="git-log", aliases=aliases, bots=bots or None,
             modules=_module_map(depth, module), tool_rules=rules, min_files=min_files)
    print_warnings(r.warnings, verbose)
    s, log = r.scenario, r.git_log
    if log is None:   # accept=GIT_KINDS: every kind it reads has a log
        raise InputError("not a git history", file=str(source), hint="give a git repository or a git log")
    if not s.people:
        raise InputError("no author changed a file of any module", file=str(source),
                         hint="check the --module patterns (drop them to fall back to --depth)")
    write_scenario(s, output, force)
    say(f"wrote {output}: {len(s.people)} people, {len(s.tools)} tools, {len(s.projects)} "
        f"projects from {len(log.commits)} commits ({log.excluded_commits} bot commits by "
        f"{len(log.excluded_authors)} bots excluded)")
    left = len(log.authors) - len(s.people)
    if left:
        warn(f"{left} author{'s' if left != 1 else ''} left out: their commits change no file "
              "(merges, empty commits) of any module, so they have no project and no tool")
