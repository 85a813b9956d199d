"""``teamsim ownership`` and ``teamsim reorg``: service ownership, Conway alignment, what-ifs."""

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
    float_option,
    import_app,
    invalid,
    print_warnings,
    say,
    show,
    use_format,
    warn,
    write_scenario,
)
from teamsim.defaults import DEFAULT_SEED, TWO_PIZZA_LIMIT

if TYPE_CHECKING:
    from teamsim.history_owners import HistoryOwners
    from teamsim.importers import ReadResult
    from teamsim.ownership import OwnershipReport
    from teamsim.reorg import MetricChange, OwnershipSuggestion, TeamSplit

    ServicePaths = str | dict[str, list[str]]   # teamsim.importers.tables.read_service_paths

SOURCES_ARG = typer.Argument(..., help="Scenario (.yaml/.json), Backstage catalog (folder, .yaml or "
                             ".zip), dependency list (.csv source,target[,weight]), org CSV "
                             "(person,team), skills matrix, git log and/or CODEOWNERS.",
                             show_default=False)
PATHS_OPTION = typer.Option("{name}/", "--service-paths",
                            help="For CODEOWNERS: repository folder of each service, as a template "
                            "such as 'src/{name}/' or a CSV file with columns service,path.")
LIMIT_OPTION = typer.Option(TWO_PIZZA_LIMIT, "--two-pizza-limit", help="Largest two-pizza team.")
GIT_LOG_OPTION = typer.Option(None, "--git-log", help="git history as an ownership source (a log file, "
                              ".gz allowed, or a repository folder): a service's owner becomes the team "
                              "whose members made the largest share of its changes when that share reaches "
                              "--owner-threshold (Bird et al. "
                              "2011; files map to services by --service-paths); conflicts with the declared "
                              "owners are warned. See docs/ownership.md.")
THRESHOLD_OPTION = float_option(None, "--owner-threshold", help="With --git-log: share of a service's "
                                "changes (0-1) its top team needs to become its owner (default 0.5).")
SINCE_OPTION = typer.Option(None, "--since", help="With --git-log: count only changes from this day on "
                            "(YYYY-MM-DD).")
MEASURE_OPTION = typer.Option("commits", "--measure", help="With --git-log: count commits or lines.")
TOOLS_FROM_GIT_OPTION = typer.Option(False, "--tools-from-git", help="With --git-log: each service also "
                                     "needs the tools its files show (the tool map of 'import git': "
                                     "languages by extension, Docker, Terraform...).")


def read_owned(sources: list[Path], paths: ServicePaths, git_log: Path | None = None, *,
               aliases: Path | None = None, threshold: float | None = None, since: str | None = None,
               measure: str = "commits", verbose: bool = False, tools_from_git: bool = False
               ) -> tuple[ReadResult, HistoryOwners | None]:
    """:func:`read_inputs`, then :func:`teamsim.history_owners.history_owners_and_tools` (the owners
    from the history of ``git_log``, and with ``tools_from_git`` the tools each service's files show).

    The one place the commands that take ``--git-log`` surface their input warnings: on
    stderr, and (through :func:`print_warnings`) in their JSON report.
    """
    from teamsim.history_owners import history_owners_and_tools

    imp, owners = history_owners_and_tools(read_inputs(sources, paths, aliases=aliases), git_log,
                                           service_paths=paths, aliases=aliases, threshold=threshold,
                                           since=since, measure=measure, tools_from_git=tools_from_git)
    print_warnings(imp.warnings, verbose)
    return imp, owners


def read_inputs(sources: list[Path], paths: ServicePaths, *, aliases: Path | None = None) -> ReadResult:
    """:func:`teamsim.importers.read`, with a model error that a reader let through named by its file."""
    from pydantic import ValidationError

    from teamsim.importers import read

    try:
        return read(sources, service_paths=paths, aliases=aliases)
    except ValidationError as e:
        culprit = ([str(sources[0])] if len(sources) == 1 else
                   [str(p) for p in sources if _fails(p, paths)] or [str(p) for p in sources])
        raise invalid(e, ", ".join(culprit)) from None


def _fails(source: Path, paths: ServicePaths) -> bool:
    from pydantic import ValidationError

    from teamsim.importers import read

    try:
        read([source], service_paths=paths)
    except ValidationError:
        return True
    except Exception:  # noqa: BLE001  (only looking for the file that holds the invalid value)
        return False
    return False


def _short(ref: str) -> str:
    """``group:default/team-a`` -> ``team-a``; other namespaces are kept."""
    kind, _, rest = ref.partition(":")
    return rest.removeprefix("default/")


def _owns(refs: list[str]) -> str:
    """Counts by kind, e.g. ``5 component, 1 resource, 4 api``."""
    if not refs:
        return "nothing"
    counts: dict[str, int] = {}
    for r in refs:
        k = r.partition(":")[0]
        counts[k] = counts.get(k, 0) + 1
    return ", ".join(f"{n} {k}" for k, n in counts.items())


def _plural(n: float, word: str) -> str:
    return f"{n:g} {word}{'' if n == 1 else 's'}"


def _dash(row: list[object]) -> list[object]:
    return ["—" if v is None else v for v in row]


def _print_report(r: OwnershipReport, imp: ReadResult | None = None, top: int = 20) -> None:
    say((r.scenario or "ownership", "bold"), f": {r.services} services, "
        f"{r.teams_count} teams, {r.people} people, {r.dependencies} dependencies")
    ratio = "—" if r.cross_team_ratio is None else f"{r.cross_team_ratio:.1%}"
    mod = f"— ({r.modularity_note})" if r.modularity is None else f"{r.modularity:.3f}"
    expected = (f", expected count {r.cross_team_count:.3g} under shared ownership"
                if abs(r.cross_team_count - r.cross_team_edges) > 1e-9 else "")
    say(f"Cross-team dependencies: {r.cross_team_edges} edge{'s' * (r.cross_team_edges != 1)}"
        f"{expected} (weight {r.cross_team_dependencies:g}, {ratio} of owned-to-owned "
        f"weight); modularity of the ownership partition {mod}")
    if r.teams and r.people:
        show(
            "Teams (2pz = two-pizza, unknown without members; coh = cohesion; out/in = teams "
            "depended on / depending on it)",
            ["team", "size", "paths", "2pz", "svcs", "load/p", "coh", "cross", "out/in"],
            [_dash([t.name, "unknown" if t.members_unknown else t.size, t.communication_paths,
                    "members unknown" if t.members_unknown else
                    "unknown" if t.two_pizza is None or not t.size else t.two_pizza,
                    t.services_owned, t.load_per_person, t.cohesion, t.cross_team_dependencies,
                    f"{t.efferent_coupling}/{t.afferent_coupling}"])
             for t in r.teams], names=True)
    elif r.teams:
        show(
            "Teams (no members known: size, two-pizza and load per person are unknown; "
            "coh = cohesion; out/in = teams depended on / depending on it)",
            ["team", "svcs", "coh", "cross", "out/in"],
            [_dash([t.name, t.services_owned, t.cohesion, t.cross_team_dependencies,
                    f"{t.efferent_coupling}/{t.afferent_coupling}"]) for t in r.teams], names=True)
    if r.teams:
        show("Services owned", ["team", "type", "services", "depends on"],
             [[t.name, t.type or "—", ", ".join(t.services) or "—",
               ", ".join(t.depends_on) or "—"] for t in r.teams], names=True)
    unknown = [t.name for t in r.teams if t.members_unknown]
    if unknown:
        say(f"Members unknown: {', '.join(unknown)} (owner{'s' * (len(unknown) > 1)} named by a source "
            "that gives no members, e.g. a catalog owner that is not a Group entity; give the members "
            "with a Group entity or an org CSV person,team)")
    if r.orphaned:
        show("Orphaned services", ["service", "reason"],
             [[o.service, o.reason] for o in r.orphaned])
    if r.shared:
        show("Shared ownership", ["service", "owners (share)"],
             [[s.service, ", ".join(f"{k} {v:.0%}" for k, v in s.owners.items())]
              for s in r.shared])
    if r.team_dependencies:
        deps = sorted(r.team_dependencies, key=lambda d: (-d.weight, d.source, d.target))
        more = f" (top {top} of {len(deps)})" if len(deps) > top else ""
        show(f"Team dependencies (O^T D O){more}", ["team", "depends on", "weight"],
             [[d.source, d.target, d.weight] for d in deps[:top]])
    if r.congruence is not None:
        c = r.congruence
        val = "—" if c.congruence is None else f"{c.congruence:.2f}"
        say(f"Socio-technical congruence: {val} ({c.covered} of {c.required} required "
            "team pairs interact)")
        for a, b in c.missing:
            say(f"  coordination gap: {a} <-> {b} depend on each other but do not interact")
        for a, b in c.unneeded:
            say(f"  interaction without dependency: {a} <-> {b}")
    if imp is not None and imp.groups:
        show("Catalog groups", ["group", "type", "parent", "members", "owns"],
             [[_short(g.ref), g.type or "—", _short(g.parent) if g.parent else "—",
               len(g.members), _owns(g.owns)] for g in imp.groups])
    for w in r.warnings:
        warn(w)


@app.command()
def ownership(
    sources: list[Path] = SOURCES_ARG,
    service_paths: str = PATHS_OPTION,
    interactions: Path = typer.Option(None, "--interactions",
                                      help="CSV of observed team interactions (team,other) for "
                                      "socio-technical congruence; default: declared interactions."),
    two_pizza_limit: int = LIMIT_OPTION,
    top: int = typer.Option(20, "--top", min=0, help="Team dependencies to list."),
    git_log: Path = GIT_LOG_OPTION,
    owner_threshold: float = THRESHOLD_OPTION,
    since: str = SINCE_OPTION,
    aliases: Path = ALIASES_OPTION,
    measure: str = MEASURE_OPTION,
    output: Path = typer.Option(None, "--output", "-o", help="Also write the merged scenario here "
                                "(.yaml or .json)."),
    force: bool = FORCE_OPTION,
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Service ownership: orphans, shared services, team cohesion and coupling, Conway alignment.

    Several sources are merged by name, in any order: teams case-insensitively, owners united
    (a warning names sources that disagree), the larger weight for a dependency given twice.
    CODEOWNERS is applied last: an @org/team owner is the existing team 'team' or 'org/team'
    (case-insensitive), and it replaces the other sources' owner of the services it covers
    (with a warning). See docs/ownership.md.
    """
    form = use_format(format_, json_)
    from teamsim.history_owners import applied_status
    from teamsim.importers.tables import read_interactions, read_service_paths
    from teamsim.ownership import ownership_analysis

    check_output(output, force)
    paths = read_service_paths(service_paths)
    imp, owners = read_owned(sources, paths, git_log, aliases=aliases, threshold=owner_threshold, since=since,
                             measure=measure, verbose=verbose)
    a = ownership_analysis(imp, service_paths=paths, interactions=read_interactions(interactions),
                           two_pizza_limit=two_pizza_limit, owners=owners)
    if output is not None:
        write_scenario(imp.scenario, output, force)
    if form == "json":
        emit_json(a)
        return
    _print_report(a.report, imp, top)
    if a.history is not None:
        show(f"Ownership from history (Bird et al. 2011: largest share of changes; owner set at "
             f"share >= {0.5 if owner_threshold is None else owner_threshold:g})",
             ["service", "owner (history)", "share", "top author", "changes", "contributors", "minor",
              "declared owner", "applied"],
             [_dash([h.module, h.owner, h.share, f"{h.top_author} {h.top_author_share:.0%}", h.changes,
                     h.contributors, h.minor_contributors, ", ".join(h.declared_owners) or None,
                     applied_status(owners, h.module) if owners is not None else None])
              for h in a.history])


def _changes(changes: list[MetricChange], show_all: bool) -> None:
    def val(c: MetricChange, v: object) -> object:
        if c.metric == "two_pizza" and v is not None:
            return "yes" if v else "no"
        return v

    rows = [_dash([c.scope, c.metric, val(c, c.before), val(c, c.after),
                   None if c.metric == "two_pizza" else c.change]) for c in changes
            if show_all or c.before != c.after]
    if not rows:
        say("No metric changes.")
        return
    show("Before / after" + ("" if show_all else " (changed metrics)"),
         ["scope", "metric", "before", "after", "change"], rows, names=True)


def _suggestion_title(res: OwnershipSuggestion) -> str:
    """One line with the suggestion's objective, its parts, the current objective and the gap."""
    gap = "—" if res.gap is None else f"{res.gap:.1%}"
    cur = (f"— ({res.current_note})" if res.current_objective is None
           else f"{res.current_objective:g}")
    return (f"suggested ownership ({res.method}): objective {res.objective:g} = cross-team "
            f"{res.cross_team:g} + {res.lam:g} x moved {res.moved:g}; current {cur}; "
            f"lower bound {'—' if res.lower_bound is None else f'{res.lower_bound:g}'}; "
            f"gap {gap}{' (optimal)' if res.optimal else ''}")


def _print_split(res: TeamSplit) -> None:
    """Print a split's notes and its new teams."""
    for n in res.notes:
        say(f"note: {n}")
    show("New teams", ["team", "members", "services"],
         [[n, ", ".join(t["members"]) or "—", ", ".join(t["services"]) or "—"]
          for n, t in res.teams.items()])


def _print_suggestion(res: OwnershipSuggestion) -> None:
    """Print a suggestion's moves (or that there are none) and the teams' load and capacity."""
    if res.moves:
        show("Moves", ["service", "from", "to"],
             [[m.service, ", ".join(m.from_teams) or "(no owner)", m.to_team]
              for m in res.moves])
    else:
        say("No move lowers the objective: keep the current ownership.")
    show("Capacity", ["team", "load", "capacity"],
         [[n, res.load[n], res.capacity[n]] for n in res.capacity])


@app.command()
def reorg(
    sources: list[Path] = SOURCES_ARG,
    service_paths: str = PATHS_OPTION,
    git_log: Path = GIT_LOG_OPTION,
    owner_threshold: float = THRESHOLD_OPTION,
    since: str = SINCE_OPTION,
    aliases: Path = ALIASES_OPTION,
    lam: float = float_option(1.0, "--lam", help="Cost of moving one service, in dependency weight."),
    pin: list[str] = typer.Option([], "--pin", help="Service that stays with its owner (repeatable)."),
    max_load_per_person: float = float_option(None, "--max-load-per-person",
                                              help="Capacity = this x team size."),
    slack: float = float_option(0.25, "--slack", help="Default capacity = (1 + slack) x current load."),
    method: str = typer.Option("auto", "--method", help="auto, exact (HiGHS MILP) or local."),
    time_limit: float = float_option(10.0, "--time-limit",
                                     help="Seconds for the optimisation (local-search restarts and "
                                     "the HiGHS MILP, also for --split); reading inputs and the "
                                     "reports come on top."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Seed of the local search."),
    teams: int = typer.Option(None, "--teams", help="Plan N new teams when the input has none."),
    move_service: str = typer.Option(None, "--move-service", help="What-if: move this service..."),
    move_person: str = typer.Option(None, "--move-person", help="What-if: move this person..."),
    to: str = typer.Option(None, "--to", help="...to this team."),
    split: str = typer.Option(None, "--split", help="Split this team into two-pizza teams."),
    parts: int = typer.Option(None, "--parts", help="Number of teams for --split."),
    two_pizza_limit: int = LIMIT_OPTION,
    show_all: bool = typer.Option(False, "--all", help="Show unchanged metrics too."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the reorganised scenario here "
                                "(.yaml or .json)."),
    force: bool = FORCE_OPTION,
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Reorganisation: suggest an ownership, or a what-if move (--move-service/--move-person --to),
    or split an oversized team (--split); one of the three per run.

    Sources are merged as for 'teamsim ownership' (see its --help and docs/ownership.md).
    """
    form = use_format(format_, json_)
    from teamsim.importers.tables import read_service_paths
    from teamsim.reorg import Reorganisation, TeamSplit, WhatIf, check_reorg_modes, reorganise

    check_reorg_modes(move_service, move_person, split)
    check_output(output, force)
    imp, _ = read_owned(sources, read_service_paths(service_paths), git_log, aliases=aliases,
                        threshold=owner_threshold, since=since, verbose=verbose)
    if teams is not None and imp.scenario.teams:
        warn(f"--teams {teams} adds {teams} planned teams to the "
             f"{len(imp.scenario.teams)} teams of the input (it does not replace them)")
    res = reorganise(imp.scenario, teams=teams, slack=slack, move_service=move_service,
                     move_person=move_person, to_team=to, split=split, parts=parts, lam=lam, pinned=pin,
                     max_load_per_person=max_load_per_person, method=method, time_limit=time_limit,
                     seed=seed, two_pizza_limit=two_pizza_limit)
    if output is not None:
        write_scenario(res.scenario, output, force)
    if form == "json":
        emit_json(Reorganisation(result=res, warnings=imp.warnings))
        return
    if isinstance(res, WhatIf):
        say((res.description, "bold"))
    elif isinstance(res, TeamSplit):
        say((f"split {split} into {res.parts} teams (dependency weight cut {res.cut:g})", "bold"))
        _print_split(res)
    else:
        say((_suggestion_title(res), "bold"))
        _print_suggestion(res)
    _changes(res.changes, show_all)


@import_app.command("ownership")
def import_ownership(
    sources: list[Path] = SOURCES_ARG,
    output: Path = OUTPUT_OPTION,
    service_paths: str = PATHS_OPTION,
    git_log: Path = GIT_LOG_OPTION,
    owner_threshold: float = THRESHOLD_OPTION,
    since: str = SINCE_OPTION,
    aliases: Path = ALIASES_OPTION,
    tools_from_git: bool = TOOLS_FROM_GIT_OPTION,
    force: bool = FORCE_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Turn a Backstage catalog, dependency CSV, org CSV and/or CODEOWNERS into one scenario file."""
    from teamsim.importers.tables import read_service_paths

    check_output(output, force)
    imp, _ = read_owned(sources, read_service_paths(service_paths), git_log, aliases=aliases,
                        threshold=owner_threshold, since=since, verbose=verbose,
                        tools_from_git=tools_from_git)
    s = imp.scenario
    write_scenario(s, output, force)
    say(f"wrote {output}: {len(s.people)} people, {len(s.teams)} teams, "
        f"{len(s.services)} services, {len(imp.warnings)} warnings")
