"""Page 5: service ownership (sunburst, team dependency graph, skills coverage and truck factors,
orphaned and shared services, reorg what-ifs).

Numbers come from :mod:`teamsim.ownership`, :mod:`teamsim.coverage` and :mod:`teamsim.reorg`;
figures from :mod:`teamsim.figures`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from teamsim import TeamsimError
from teamsim._csvsafe import csv_text
from teamsim.figures import METRIC_LABELS, before_after_figure, ownership_sunburst, team_dependency_figure
from teamsim.ownership import ownership_report
from teamsim.reorg import suggest_ownership, what_if
from teamsim_app import state
from teamsim_app.safe import end_page, error_box, plain, warning_list

st.title("Service ownership")

S = st.session_state
scenario = state.scenario()
st.caption("\"You build it, you run it\": which team owns which service, where ownership is "
           "missing or shared, and how much cross-team coordination the service dependencies "
           "force (Conway's law; Skelton & Pais, *Team Topologies*, 2019).")

if not scenario.services:
    real = state.real_example()
    st.info("This scenario has no services. Declare `services:` and the teams that own them"
            + (", or open the real example." if real else "."))
    if real:
        st.button("Open the real example: Online Boutique", on_click=state.open_builtin,
                  args=(real,), key="own_open_real")
    end_page()

try:
    report = state.compute(ownership_report)
except TeamsimError as e:
    error_box(e.render())
    end_page()


def _move_figure(s, service: str, to_team: str):
    """:func:`teamsim.figures.before_after_figure` of moving ``service`` to ``to_team``."""
    return before_after_figure(what_if(s, service=service, to_team=to_team).changes)


def fmt(x, pct=False):
    return "—" if x is None else (f"{x:.0%}" if pct else f"{x:.2f}")


m = st.columns(6)
m[0].metric("Services", report.services)
m[1].metric("Teams", report.teams_count)
m[2].metric("Dependencies", report.dependencies)
m[3].metric("Cross-team deps", report.cross_team_edges,
            help="Cross-team dependencies: service dependencies between services of different teams. "
            f"{fmt(report.cross_team_ratio, True)} of the dependency weight crosses teams "
            f"(weighted, shared services split: {report.cross_team_count:.3g})")
m[4].metric("Modularity", fmt(report.modularity),
            help="Of the ownership partition on the service graph (Newman 2006)")
m[5].metric("Orphaned services", len(report.orphaned))


# ---------------------------------------------------------------- coverage (teamsim.coverage)
@st.cache_data(show_spinner="Computing coverage…", max_entries=32)
def _coverage(key: str, log_key: tuple, paths: str, max_tools: int | None, max_services: int | None,
              max_domains: int | None, _s, _log):
    """:func:`teamsim.coverage.coverage_analysis` of the scenario (and git log), cached per key."""
    from teamsim.coverage import LoadLimits, coverage_analysis  # imported when the tab first opens

    return coverage_analysis(_s, log=_log, service_paths=paths, limits=LoadLimits(
        max_tools=max_tools, max_services=max_services, max_domains=max_domains))


def _log_key(log) -> tuple:
    """What identifies a git log for the cache: its source, its commits, the newest and oldest."""
    if log is None:
        return ()
    c = log.commits
    return (log.source, len(c), c[0].hash if c else "", c[-1].hash if c else "")


def _coverage_rows(r) -> list[dict]:
    """One row per service, those the owner cannot run first, then by skills truck factor."""
    know = any(c.knowledge is not None for c in r.services)
    rows = []
    for c in r.services:
        row = {"service": c.name, "owner team": c.team or "(none)",
               "can run": "no tools declared" if not c.tools else "no" if c.missing_tools else "yes",
               "tools needed": ", ".join(c.tools), "missing tools": ", ".join(c.missing_tools),
               "skills truck factor": c.truck_factor,
               "holders per tool": "; ".join(f"{t}: {', '.join(p) or 'nobody'}"
                                             for t, p in c.holders.items()),
               "sole holders": ", ".join(c.critical)}
        if know:
            k = c.knowledge
            row["knowledge truck factor"] = k.truck_factor if k is not None and k.files else None
            row["knowledge authors"] = "" if k is None else ", ".join(
                a + (" (left)" if a in k.left else "") for a in k.authors)
        rows.append(row)
    order = {"no": 0, "yes": 1, "no tools declared": 2}
    return sorted(rows, key=lambda x: (order[x["can run"]], x["skills truck factor"] is None,
                                       x["skills truck factor"] or 0))


def _highlight(row) -> list[str]:
    return ["background-color: rgba(255, 75, 75, 0.18)" if row["can run"] == "no" else ""] * len(row)


def _coverage_tab() -> None:
    """Coverage of each service by its owner team, truck factors and the teams' cognitive load."""
    from teamsim.coverage import TOOLS_ANNOTATION

    if not any(s.tools for s in scenario.services):
        st.info(plain("No service declares the tools it needs: add them as services[].tools in the "
                      "scenario (a name, or {name, weight}), or in a Backstage catalog as the "
                      f"component's metadata.tags or its {TOOLS_ANNOTATION} annotation "
                      "(\"Go, SQL:2\")."))
        return
    uploaded = state.read_result()
    log = uploaded.git_log if uploaded is not None else None
    a, b, c = st.columns(3)
    max_domains = a.number_input("Most domains per team", min_value=0, value=3, step=1, key="cov_max_domains",
                                 help="Domains are the services' systems. Team Topologies: two or three "
                                 "simple domains per team (Skelton & Pais 2019, ch. 3).")
    max_tools = b.number_input("Most tools per team", min_value=0, value=None, step=1, key="cov_max_tools",
                               placeholder="no limit")
    max_services = c.number_input("Most services per team", min_value=0, value=None, step=1,
                                  key="cov_max_services", placeholder="no limit")
    try:
        r = _coverage(state.scenario_key(), _log_key(log), state.service_paths(), max_tools, max_services,
                      max_domains, scenario, log)
    except TeamsimError as e:
        error_box(e.render())
        return
    over = sum(bool(t["cognitive_load"].warnings) for t in r.teams)
    m = st.columns(3)
    m[0].metric("Services the owner cannot run", r.uncovered,
                help="Services missing a needed tool in their owner team (unowned services included)")
    m[1].metric("Smallest skills truck factor", "—" if r.min_truck_factor is None else r.min_truck_factor,
                help="Fewest owner-team members whose leaving uncovers a needed tool of a service")
    m[2].metric("Teams over a load limit", over)
    rows = _coverage_rows(r)
    know = (" Knowledge truck factor: the fewest authors whose leaving orphans more than half of the "
            "service's files, from the git log uploaded in the sidebar, service folders "
            + plain(state.service_paths()) + " (Avelino et al., ICPC 2016).") if log is not None else ""
    st.caption("Services the owner team cannot run (a needed tool no member holds) come first, "
               "highlighted. Skills truck factor: the fewest owner-team members whose leaving "
               "uncovers a needed tool (0: a tool is already missing)." + know)
    df = pd.DataFrame(rows)  # nullable integers: a truck factor is "None" when undefined, never "1.0"
    df = df.astype({c: "Int64" for c in ("skills truck factor", "knowledge truck factor") if c in df})
    st.dataframe(df.style.apply(_highlight, axis=1), hide_index=True, key="cov_table",
                 height=min(420, 38 + 35 * len(rows)))
    st.download_button("Coverage (CSV)", lambda: csv_text(rows), file_name="coverage.csv", mime="text/csv",
                       on_click="ignore", key="dl_cov_csv")
    st.subheader("Cognitive load per team")
    st.dataframe(pd.DataFrame([{"team": t["name"], **{k: getattr(t["cognitive_load"], k) for k in (
        "members", "tools", "services", "domains", "missing_tools")},
        "over the limit": "; ".join(t["cognitive_load"].warnings)} for t in r.teams]).rename(
        columns={"missing_tools": "missing tools"}), hide_index=True, key="cov_load_table")
    warning_list(r.warnings, "cov_warnings")


# one tab at a time: a tab's table or figure is built and drawn only while it is open; the
# first is the per-team table (a Plotly chart costs the browser more than the rest of the page)
teams_tab, deps_tab, sunburst_tab, coverage_tab = st.tabs(
    ["Teams", "Team dependencies", "Teams and their services", "Coverage"], on_change="rerun",
    key="own_figure")
if teams_tab.open:
    teams_tab.dataframe(pd.DataFrame([
        {"team": t.name, "type": t.type or "", "size": t.size,
         "two-pizza": "ok" if t.two_pizza else "too big", "services": len(t.services),
         "load per person": t.load_per_person, "cohesion": t.cohesion,
         "cross-team dependencies": t.cross_team_dependencies, "depends on": ", ".join(t.depends_on)}
        for t in report.teams]), hide_index=True, key="own_teams_table",
        height=min(420, 38 + 35 * len(report.teams)))
if deps_tab.open:
    deps_tab.plotly_chart(state.figure_of(team_dependency_figure, ownership_report),
                          key="fig_team_deps")
if sunburst_tab.open:
    sunburst_tab.plotly_chart(state.figure(ownership_sunburst), key="fig_sunburst")
if coverage_tab.open:
    with coverage_tab:
        _coverage_tab()

a, b = st.columns(2)
with a:
    st.subheader("Orphaned services")
    if report.orphaned:
        st.dataframe(pd.DataFrame([o.model_dump() for o in report.orphaned]), hide_index=True,
                     key="orphaned_table")
    else:
        st.success("Every service has an owner team with members.")
with b:
    st.subheader("Shared services")
    if report.shared:
        st.dataframe(pd.DataFrame([{"service": x.service,
                                    "owners": ", ".join(f"{t} ({w:.0%})" for t, w in x.owners.items())}
                                   for x in report.shared]), hide_index=True, key="shared_table")
    else:
        st.success("No service is shared between teams.")

warning_list(report.warnings, "own_warnings")
d1, d2, _ = st.columns([2, 2, 3])
d1.download_button("Ownership report (JSON)", lambda: report.model_dump_json(indent=2),
                   file_name="ownership.json", mime="application/json", on_click="ignore",
                   key="dl_own_json")
d2.download_button("Teams (CSV)", lambda: csv_text([
    {**t.model_dump(), "services": ", ".join(t.services), "depends_on": ", ".join(t.depends_on),
     "depended_on_by": ", ".join(t.depended_on_by)} for t in report.teams]),
    file_name="ownership-teams.csv", mime="text/csv", on_click="ignore", key="dl_own_csv")

# ---------------------------------------------------------------- what-ifs
st.divider()
st.subheader("Reorganisation what-if")


def _move_tab(teams: list[str], skey: str) -> None:
    """Move one service to another team: every metric before and after, apply."""
    a, b = st.columns(2)
    service = a.selectbox("Service", [s.name for s in scenario.services], key=f"move_service_{skey}")
    owners = [t.name for t in scenario.teams if service in t.services]
    to_team = b.selectbox("To team", [t for t in teams if t not in owners] or teams, key=f"move_to_{skey}",
                          help="Current owner: " + (plain(", ".join(owners)) or "none"))
    try:
        wi = state.compute(what_if, service=service, to_team=to_team)
    except TeamsimError as e:
        error_box(e.render(), "warning")
    else:
        st.caption(plain(wi.description))
        a, b = st.columns([1, 1])
        a.dataframe(pd.DataFrame([{"scope": c.scope, "metric": METRIC_LABELS.get(c.metric, c.metric),
                                   "before": c.before, "after": c.after, "change": c.change}
                                  for c in wi.changes
                                  if c.scope == "organisation" or c.before != c.after]),
                    hide_index=True, key="move_changes", height=380,
                    column_config={"metric": st.column_config.TextColumn("metric", width="medium")})
        b.plotly_chart(state.figure(_move_figure, service, to_team), key="fig_move")
        st.button("Apply this move", on_click=state.apply,
                  args=(wi.scenario, f"move {service} to {to_team}"), key="move_apply")


def _suggest_tab(skey: str) -> None:
    """The ownership that minimises cross-team dependencies plus lambda per move, apply."""
    a, b = st.columns(2)
    lam = a.slider("λ: cost of moving a service (in dependency weight)", 0.0, 5.0, 1.0, 0.25,
                   key="suggest_lam")
    pinned = b.multiselect("Pinned services (stay with their owner)",
                           [s.name for s in scenario.services], key=f"suggest_pinned_{skey}")
    if st.button("Suggest ownership", type="primary", key="suggest_run"):
        with st.spinner("Optimising ownership…"):
            try:
                S["suggestion"] = (state.scenario_key(), lam, tuple(pinned), state.compute(
                    suggest_ownership, lam=lam, pinned=tuple(pinned), time_limit=5.0))
            except TeamsimError as e:
                error_box(e.render(), "warning")
    sugg = S.get("suggestion")
    if sugg and sugg[0] == state.scenario_key():
        r = sugg[3]
        c = st.columns(4)
        c[0].metric("Objective", f"{r.objective:g}", delta=None if not r.current_objective
                    or r.objective == r.current_objective
                    else f"{r.objective - r.current_objective:+g} vs today", delta_color="inverse")
        c[1].metric("Cross-team weight", f"{r.cross_team:g}")
        # a count of services; a shared service moving from one of its owners moves in part
        c[2].metric("Services moved", len(r.moves), help=None if r.moved == len(r.moves) else
                    f"{r.moved:g} counting a shared service by the share that moves")
        c[3].metric("Optimality gap", "optimal" if r.optimal else fmt(r.gap, True),
                    help=f"method: {r.method}")
        if r.moves:
            st.dataframe(pd.DataFrame([{"service": mv.service, "from": ", ".join(mv.from_teams),
                                        "to": mv.to_team} for mv in r.moves]),
                         hide_index=True, key="suggest_moves")
            st.button("Apply the suggestion", on_click=state.apply, args=(r.scenario,),
                      key="suggest_apply")
        else:
            st.success("The current ownership is already the best for this λ.")


# computed only when opened (the what-if's table and chart were half of this page's first paint)
whatif = st.expander("Move a service, or suggest ownership", on_change="rerun", key="own_whatif",
                     icon=":material/swap_horiz:")
if whatif.open:
    # widgets keyed by the scenario: another scenario (or an applied move) starts them afresh,
    # never with a service or team of the previous one
    tab_move, tab_suggest = whatif.tabs(["Move a service", "Suggest ownership"],
                                        on_change="rerun", key="own_whatif_tab")
    if tab_move.open:
        with tab_move:
            _move_tab([t.name for t in scenario.teams], state.scenario_key())
    if tab_suggest.open:
        with tab_suggest:
            _suggest_tab(state.scenario_key())
