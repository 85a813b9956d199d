"""A shareable report: one self-contained HTML file, or Markdown, of a whole scenario.

:func:`report_sections` gathers what teamsim knows about a scenario (people and their
ability, teams and their diversity bonus, tasks and who covers them, the hiring what-if,
truck factors, ownership and Conway alignment when there are services, the small-world
measures when there are projects) as format-free
:class:`Section` objects; :func:`render_html` and :func:`render_markdown` lay them out.
The HTML file embeds plotly.js and every figure, so it opens with no network; every
table is in full. User text is escaped in both formats: names are data, never markup.

Examples
--------
>>> from teamsim.importers import load_scenario
>>> s = load_scenario("scenarios/diversity-bonus.yaml")
>>> md = render_markdown(report_sections(s))
>>> "| Betsy+Carl | Betsy, Carl | 7 |" in md
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from teamsim._text import markdown_escape, printable
from teamsim.scenario import Scenario

if TYPE_CHECKING:
    from teamsim.report import ScenarioReport

__all__ = ["Section", "Table", "render_html", "render_markdown", "report_sections", "report_text",
           "write_report"]


@dataclass(frozen=True)
class Table:
    """A table in full: a title, column names and rows of plain values."""

    title: str
    columns: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True)
class Section:
    """One part of the report: a heading, notes, tables and plotly figures."""

    title: str
    notes: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Any] = field(default_factory=list)


def _cell(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else f"{v:.3g}"
    if isinstance(v, (list, tuple)):
        return printable(", ".join(map(str, v)))
    return printable(v)   # names are data: control and bidi characters show as escapes


def _people_section(s: Scenario, r: ScenarioReport) -> Section:
    from teamsim.figures import tool_heatmap

    people = Table("People", ["person", "ability", "tools", "implied", "unique tools"],
                   [[p.name, p.ability, p.tools, p.implied_tools, p.unique_tools] for p in r.people])
    o = r.organisation
    notes = [f"{o.people} people, {o.teams} teams, {o.tools} cognitive tools; organisation ability "
             f"{_cell(o.ability)} (the union of everyone's tools, Page 2017); {o.communication_paths} "
             "communication paths between all people, n(n-1)/2."]
    return Section("People and cognitive tools", notes + list(r.warnings), [people],
                   [tool_heatmap(s)] if s.people and s.tools else [])


def _teams_section(r: ScenarioReport) -> Section | None:
    from teamsim.figures import team_ability_figure

    if not r.teams:
        return None
    teams = Table("Teams", ["team", "members", "ability", "best member", "diversity bonus",
                            "communication paths", "two-pizza"],
                  [[t.name, t.members, t.ability, t.best_member, t.diversity_bonus,
                    t.communication_paths, "ok" if t.two_pizza.ok else f"over by {t.two_pizza.excess}"]
                   for t in r.teams])
    notes = ["Team ability on a complex task is the value of the union of the members' tools "
             "(Page 2017). The diversity bonus, team minus its best member, is teamsim's own measure."]
    return Section("Teams", notes, [teams], [team_ability_figure(r)])


def _ownership_section(s: Scenario) -> Section | None:
    if not s.services:
        return None
    from teamsim.figures import team_dependency_figure
    from teamsim.ownership import ownership_report

    o = ownership_report(s)
    teams = Table("Teams and the services they own",
                  ["team", "size", "services", "load", "cross-team dependencies", "cohesion"],
                  [[t.name, t.size, t.services, t.load, t.cross_team_dependencies, t.cohesion]
                   for t in o.teams])
    orphaned = Table("Orphaned services", ["service", "reason"], [[x.service, x.reason] for x in o.orphaned])
    notes = [f"{o.services} services, {o.dependencies} dependencies, {_cell(o.cross_team_dependencies)} "
             f"cross-team; modularity {_cell(o.modularity)} (Newman 2006)."] + list(o.warnings)
    figures = [team_dependency_figure(o)] if o.teams else []
    return Section("Service ownership", notes, [teams] + ([orphaned] if o.orphaned else []), figures)


def _tasks_section(s: Scenario) -> Section | None:
    if not s.tasks:
        return None
    import numpy as np

    from teamsim.ability import tool_matrix
    from teamsim.hiring import truck_factor

    rows = []
    for task in s.tasks:
        m = tool_matrix(s, task=task)
        where = {p: i for i, p in enumerate(m.people)}
        covering = [t.name for t in s.teams if t.members
                    and m.held[[where[p] for p in t.members]].any(axis=0).all()]
        holders = [f"{tool}: {', '.join(np.asarray(m.people)[m.held[:, j]]) or 'nobody'}"
                   for j, tool in enumerate(m.tools)]
        nobody = [tool for j, tool in enumerate(m.tools) if not m.held[:, j].any()]
        tf = truck_factor(s, task=task) if s.people else None
        rows.append([task.name, task.tools, covering or "no team", "; ".join(holders), nobody,
                     None if tf is None else tf.value])
    t = Table("Tasks", ["task", "required tools", "teams holding every tool", "who holds each tool",
                        "tools nobody holds", "truck factor (organisation)"], rows)
    return Section("Tasks", ["A team covers a task when its members together hold every required tool "
                             "(prerequisites implied). The truck factor is the fewest people whose "
                             "leaving uncovers a required tool."], [t])


def _hiring_section(s: Scenario) -> Section | None:
    if not s.candidates or not s.people:
        return None
    from teamsim.hiring import rank_candidates

    org = rank_candidates(s)
    everyone = Table("Candidates for the organisation",
                     ["rank", "candidate", "individual ability", "marginal gain", "ability after",
                      "tools added"],
                     [[c.rank, c.name, c.individual_ability, c.marginal_gain, c.ability_after, c.tools_added]
                      for c in org.candidates])
    per_team = []
    for team in (t for t in s.teams if t.members):
        r = rank_candidates(s, team.name)
        best = r.candidates[0]
        per_team.append([team.name, r.team_ability, best.name, best.marginal_gain, best.tools_added,
                         r.most_able, r.most_able_is_best])
    teams = Table("Best hire for each team", ["team", "ability", "best addition", "marginal gain",
                                              "tools added", "most able candidate", "most able is best"],
                  per_team)
    notes = [f"Organisation ability {_cell(org.team_ability)}; best addition {org.best_addition}, most "
             f"able candidate {org.most_able}. A candidate's marginal gain is the value of the tools "
             "the team lacks that they hold (Page 2017): the most able candidate is not always the "
             "best addition."]
    return Section("Hiring what-if", notes, [everyone] + ([teams] if per_team else []))


def _truck_section(s: Scenario) -> Section | None:
    teams = [t for t in s.teams if t.members]
    if not teams:
        return None
    from teamsim.hiring import truck_factor

    rows = []
    for t in teams:
        tf = truck_factor(s, t.name)
        rows.append([t.name, len(t.members), tf.value, tf.people, tf.lost_tools])
    table = Table("Truck factor of each team", ["team", "members", "truck factor",
                                                "who (one smallest set)", "tools lost if they leave"], rows)
    return Section("Truck factors", ["The truck factor of a team is the fewest members whose leaving "
                                     "loses a tool the team holds (Avelino et al. 2016, for skills)."],
                   [table])


def _network_section(s: Scenario) -> Section | None:
    if not s.projects:
        return None
    from teamsim.affiliation import affiliation_network
    from teamsim.smallworld import small_world

    w = small_world(affiliation_network(s, teams=False), null_samples=0)
    t = Table("Collaboration network (people x projects)",
              ["people", "projects", "clustering (transitivity)", "mean path length", "CC ratio",
               "PL ratio", "Q (analytic null)"],
              [[w.people, w.projects, w.transitivity, w.path_length.value, w.analytic.cc_ratio,
                w.analytic.pl_ratio, w.analytic.q]])
    return Section("Collaboration network", ["Small-world quotient after Uzzi & Spiro (2005), "
                                             "against Newman, Strogatz & Watts's (2001) random "
                                             "bipartite expectation."], [t])


def report_sections(scenario: Scenario) -> list[Section]:
    """Everything a shareable report shows about ``scenario``, as format-free sections.

    Parameters
    ----------
    scenario : Scenario
        The scenario to report on.

    Returns
    -------
    list of Section
        People and cognitive tools; teams (when any); tasks with their required
        tools and who covers them (when any); the hiring what-if (when there are
        candidates); truck factors (when teams have members); service ownership (when
        the scenario has services); collaboration network (when it has projects).

    See Also
    --------
    report_text : The sections as HTML or Markdown.
    teamsim.report.analyze : The analysis behind them.

    Examples
    --------
    >>> from teamsim.importers import load_scenario
    >>> [x.title for x in report_sections(load_scenario("scenarios/online-boutique.yaml"))]
    ['People and cognitive tools', 'Teams', 'Truck factors', 'Service ownership']
    """
    from teamsim.report import analyze

    r = analyze(scenario, k=min(2, max(1, len(scenario.people))))
    parts = [_people_section(scenario, r), _teams_section(r), _tasks_section(scenario),
             _hiring_section(scenario), _truck_section(scenario), _ownership_section(scenario),
             _network_section(scenario)]
    return [p for p in parts if p is not None]


def _md(text: Any) -> str:
    return markdown_escape(_cell(text))


def render_markdown(sections: Sequence[Section], *, title: str = "teamsim report") -> str:
    """Lay sections out as Markdown (tables in full; figures are left out).

    User text is escaped so that a name cannot become a link, an image or a heading.

    Parameters
    ----------
    sections : sequence of Section
        The report's parts, from :func:`report_sections`.
    title : str, default "teamsim report"
        The page's title and top heading.

    Returns
    -------
    str
        Markdown text: a heading per section, its notes and tables.

    See Also
    --------
    render_html : The same sections as an HTML page, with figures.

    Examples
    --------
    >>> t = Table("T", ["name"], [["![x](http://h/x.png)"]])
    >>> print(render_markdown([Section("S", tables=[t])]).splitlines()[-1])
    | !\\[x\\](http://h/x.png) |
    """
    out = [f"# {_md(title)}", ""]
    for sec in sections:
        out += [f"## {_md(sec.title)}", ""]
        out += [f"{_md(n)}\n" for n in sec.notes]
        for t in sec.tables:
            out += [f"**{_md(t.title)}**", "", "| " + " | ".join(_md(c) for c in t.columns) + " |",
                    "|" + "---|" * len(t.columns)]
            out += ["| " + " | ".join(_md(v) for v in row) + " |" for row in t.rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


_STYLE = """body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.25em .6em;
text-align:left;vertical-align:top}th{background:#f3f3f3}caption{text-align:left;font-weight:600;
padding:.3em 0}.note{color:#444}"""


def render_html(sections: Sequence[Section], *, title: str = "teamsim report") -> str:
    """Lay sections out as one self-contained HTML page (plotly.js inline, no network).

    Every user string is HTML-escaped; figures' labels are escaped by the figure
    functions. The page loads nothing from outside: no scripts, fonts or images.

    Parameters
    ----------
    sections : sequence of Section
        The report's parts, from :func:`report_sections`.
    title : str, default "teamsim report"
        The page's title and top heading.

    Returns
    -------
    str
        The HTML page, with tables and interactive figures.

    See Also
    --------
    render_markdown : The same sections as Markdown.

    Examples
    --------
    >>> page = render_html([Section("S", tables=[Table("T", ["n"], [["<b>x</b>"]])])])
    >>> "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    True
    """
    def e(text: Any) -> str:
        return html.escape(printable(text))

    body = [f"<h1>{e(title)}</h1>"]
    need_js = any(sec.figures for sec in sections)
    for sec in sections:
        body.append(f"<h2>{e(sec.title)}</h2>")
        body += [f'<p class="note">{e(n)}</p>' for n in sec.notes]
        for t in sec.tables:
            head = "".join(f"<th>{e(c)}</th>" for c in t.columns)
            rows = "".join("<tr>" + "".join(f"<td>{e(_cell(v))}</td>" for v in r) + "</tr>" for r in t.rows)
            body.append(f"<table><caption>{e(t.title)}</caption><tr>{head}</tr>{rows}</table>")
        body += [f.to_html(full_html=False, include_plotlyjs=False) for f in sec.figures]
    script = ""
    if need_js:
        from plotly.offline import get_plotlyjs

        script = f'<script type="text/javascript">{get_plotlyjs()}</script>'
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            f"script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; "
            f"font-src data:\"><style>{_STYLE}</style>{script}</head><body>{''.join(body)}</body></html>\n")


def write_report(scenario: Scenario, path: str, *, title: str | None = None, overwrite: bool = False) -> None:
    """Write the shareable report of ``scenario`` to ``path`` (.html, .htm or .md), atomically.

    Parameters
    ----------
    scenario : Scenario
        The scenario to report on.
    path : str
        The file to write; ``.md`` gives Markdown, ``.html`` or ``.htm`` HTML.
    title : str, optional
        The report's title (default ``"teamsim report: <scenario name>"``).
    overwrite : bool, default False
        Replace an existing file.

    Raises
    ------
    InputError
        Unknown extension, existing file without ``overwrite``, or the write fails.

    See Also
    --------
    report_text : The report as a string.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"name": "x", "tools": [{"name": "A"}],
    ...                              "people": [{"name": "Ann", "tools": ["A"]}]})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_report(s, str(pathlib.Path(d, "r.md")))
    ...     pathlib.Path(d, "r.md").read_text().splitlines()[0]
    '# teamsim report: x'
    """
    from teamsim.errors import InputError
    from teamsim.importers._files import write_text_new

    low = str(path).lower()
    if not low.endswith((".html", ".htm", ".md")):
        raise InputError("the report must be a .html or .md file", file=str(path),
                         hint="choose an -o path ending in .html or .md")
    write_text_new(path, report_text(scenario, "md" if low.endswith(".md") else "html", title=title),
                   overwrite=overwrite)


def report_text(scenario: Scenario, fmt: str = "html", *, title: str | None = None) -> str:
    """The shareable report of ``scenario`` as text: ``fmt`` "html" or "md" (Markdown).

    This is what :func:`write_report` writes (``teamsim report``) and the app downloads.

    Parameters
    ----------
    scenario : Scenario
        The scenario to report on.
    fmt : {"html", "md"}, default "html"
        Output format.
    title : str, optional
        The report's title (default ``"teamsim report: <scenario name>"``).

    Returns
    -------
    str
        The report: a self-contained HTML page, or Markdown without figures.

    See Also
    --------
    report_sections : The format-free sections it renders.

    Examples
    --------
    >>> from teamsim.scenario import Scenario
    >>> s = Scenario.model_validate({"name": "x", "tools": [{"name": "A"}],
    ...                              "people": [{"name": "Ann", "tools": ["A"]}]})
    >>> report_text(s, "md").splitlines()[0]
    '# teamsim report: x'
    """
    sections = report_sections(scenario)
    name = title or (f"teamsim report: {scenario.name}" if scenario.name else "teamsim report")
    return (render_markdown if fmt == "md" else render_html)(sections, title=name)
