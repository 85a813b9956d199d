"""``teamsim coverage``: can each team run the services it owns? Truck factors, cognitive load, departures."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from teamsim.cli._app import (
    ALIASES_OPTION,
    FORMAT_OPTION,
    JSON_OPTION,
    VERBOSE_OPTION,
    app,
    emit_json,
    float_option,
    say,
    show,
    use_format,
    warn,
)
from teamsim.cli.ownership import (
    PATHS_OPTION,
    SINCE_OPTION,
    SOURCES_ARG,
    THRESHOLD_OPTION,
    TOOLS_FROM_GIT_OPTION,
    read_owned,
)

if TYPE_CHECKING:
    from teamsim.coverage import CoverageReport, Departure, ServiceHiring


def _n(x: str | None) -> str:
    return "—" if x is None else x


def _print(r: CoverageReport, d: Departure | None) -> None:
    say(f"{len(r.services)} services, {r.uncovered} missing a needed tool; smallest skills "
        f"truck factor {r.min_truck_factor if r.min_truck_factor is not None else '—'}")
    know = any(s.knowledge is not None for s in r.services)
    rows = []
    for s in r.services:
        row = [_n(s.name), _n(s.team), ", ".join(_n(t) for t in s.tools) or "—",
               ", ".join(_n(t) for t in s.missing_tools) or "—",
               "—" if s.truck_factor is None else s.truck_factor,
               ", ".join(_n(p) for p in s.critical) or "—"]
        k = s.knowledge
        if know and (k is None or not k.files):
            row.append("—")
        elif know and k is not None:
            row.append(f"{k.truck_factor} (" + ", ".join(
                _n(a) + (" (left)" if a in k.left else "") for a in k.authors) + ")")
        rows.append(row)
    columns = ["service", "team", "needs", "missing", "truck factor", "sole holders"]
    show("Services (truck factor: fewest owner-team members whose leaving uncovers "
         "a needed tool)" + ("; knowledge truck factor from git: Avelino et al. 2016"
                             if know else ""),
         columns + (["knowledge truck factor"] if know else []), rows)
    show("Teams' cognitive load (Skelton & Pais 2019, ch. 3)",
         ["team", "members", "tools", "services", "domains", "missing tools"],
         [[_n(t["name"]), t["cognitive_load"].members, t["cognitive_load"].tools,
           t["cognitive_load"].services, t["cognitive_load"].domains,
           t["cognitive_load"].missing_tools] for t in r.teams])
    for w in r.warnings:
        warn(w)
    if d is not None:
        say(f"If {', '.join(map(_n, d.leaving))} leave{'s' * (len(d.leaving) == 1)}: "
            f"{len(d.services_uncovered)} service(s) lose coverage"
            + (f" ({', '.join(map(_n, d.services_uncovered))})" if d.services_uncovered else ""))
        show("Lost tools and who could cover them (steps = tools to learn)",
             ["service", "tool", "closest people (team, steps)"],
             [[_n(x.service), _n(x.tool), "; ".join(
                 f"{_n(c['person'])} ({_n(c['team'])}, {c['steps']})" for c in x.cover)]
              for x in d.lost])
        for service, share in d.knowledge_share.items():
            say(f"  {_n(service)}: {share:.0%} of its changes leave")


@app.command()
def coverage(
    sources: list[Path] = SOURCES_ARG,
    service_paths: str = PATHS_OPTION,
    git_log: Path = typer.Option(None, "--git-log", help="Git repository or log: an ownership source (as "
                                 "for 'teamsim ownership', see --owner-threshold), and each service's "
                                 "knowledge truck factor (Avelino et al. 2016) from the files under "
                                 "--service-paths."),
    owner_threshold: float = THRESHOLD_OPTION,
    since: str = SINCE_OPTION,
    aliases: Path = ALIASES_OPTION,
    tools_from_git: bool = TOOLS_FROM_GIT_OPTION,
    max_tools: int = typer.Option(None, "--max-tools", min=0, help="Warn when a team must hold more "
                                  "distinct tools."),
    max_services: int = typer.Option(None, "--max-services", min=0, help="Warn when a team owns more "
                                     "services."),
    max_domains: int = typer.Option(3, "--max-domains", min=0, help="Warn when a team spans more domains "
                                    "(systems); Team Topologies: 2-3 simple domains."),
    leave: list[str] = typer.Option(None, "--leave", help="Departure what-if: a person who leaves "
                                    "(repeatable)."),
    hire_for: str = typer.Option(None, "--hire-for", help="Rank the scenario's candidates by the coverage "
                                 "they add to this team's services."),
    budget: float = float_option(None, "--budget", help="With --hire-for: the best set of hires within "
                                 "this total cost (exact up to 200 candidates, else greedy with a bound)."),
    redundancy: int = typer.Option(1, "--redundancy", min=1,
                                   help="With --hire-for: holders wanted per needed tool."),
    json_: bool = JSON_OPTION,
    format_: str = FORMAT_OPTION,
    verbose: bool = VERBOSE_OPTION,
) -> None:
    """Skills coverage of services by their owner teams: holders of each needed tool, missing tools,
    skills and knowledge truck factors, teams' cognitive load; --leave for a departure what-if."""
    form = use_format(format_, json_)
    from teamsim.coverage import LoadLimits, coverage_analysis
    from teamsim.importers.tables import read_service_paths

    paths = read_service_paths(service_paths)
    imp, owners = read_owned(sources, paths, git_log, aliases=aliases, threshold=owner_threshold, since=since,
                             verbose=verbose, tools_from_git=tools_from_git)
    log = imp.git_log if owners is not None else None
    scenario = imp.scenario
    limits = LoadLimits(max_tools=max_tools, max_services=max_services, max_domains=max_domains)
    a = coverage_analysis(scenario, limits=limits, log=log, service_paths=paths, leaving=leave or (),
                          hire_for=hire_for, budget=budget, redundancy=redundancy)
    if form == "json":
        emit_json(a)
        return
    _print(a, a.departure)
    if a.hiring is not None:
        _print_hiring(a.hiring)


def _print_hiring(h: ServiceHiring) -> None:
    show(f"Candidates for {_n(h.team)}'s services (gain: needed tools brought to redundancy)",
         ["candidate", "gain", "cost", "gain/cost", "tools"],
         [[_n(c.name), c.gain, c.cost, c.gain_per_cost, ", ".join(map(_n, c.tools)) or "—"]
          for c in h.ranking])
    if h.method != "none":
        say(f"Best hires within the budget ({h.method}): {', '.join(map(_n, h.hires)) or 'none'}; "
            f"gain {h.gain:g}, no set gains more than {h.bound if h.bound is not None else '—'}")
