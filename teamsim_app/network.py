"""Page 4: collaboration network (people network, click a person, Q / CC ratio / PL ratio over time).

Networks come from :mod:`teamsim.affiliation` (scenario projects) or
:mod:`teamsim.importers.git` (a git log); measures from :mod:`teamsim.smallworld`;
figures from :mod:`teamsim.figures`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from teamsim import TeamsimError
from teamsim._csvsafe import csv_text
from teamsim.affiliation import affiliation_network, git_affiliation
from teamsim.figures import people_network_figure, small_world_figure, without_webgl
from teamsim.importers import read
from teamsim.importers.git import ModuleMap, infer_tools
from teamsim.importers.uploaded import read_uploads
from teamsim.scenarios import scenarios_dir
from teamsim.smallworld import NULL_SAMPLES, small_world_by_window
from teamsim_app import state
from teamsim_app.safe import end_page, plain, table
from teamsim_app.uploads import display_name, guarded

st.title("Collaboration network")

S = st.session_state
st.caption("People are linked when they worked on the same project (the one-mode projection "
           "of the people × projects affiliation network). A small world has clustering far "
           "above a random network's with similar path lengths: Q = CC ratio / PL ratio "
           "(Uzzi & Spiro, AJS 2005).")


def shipped_logs() -> dict[str, Path]:
    """Git logs shipped with the built-in scenarios (e.g. Online Boutique's history)."""
    return {p.parent.name if p.parent != scenarios_dir() else p.stem: p
            for p in sorted(scenarios_dir().glob("**/*.gitlog*"))}


def _network(log, depth: int):
    """People network, inferred tools and number of commits of a git log."""
    return git_affiliation(log, modules=ModuleMap(depth=depth)), infer_tools(log), len(log.commits)


@st.cache_resource(show_spinner="Reading the git history…", max_entries=8)
def git_network(path: str, digest: str, depth: int):
    aliases = Path(path).parent / "aliases.txt"
    r = guarded(read, [path], kind="git-log", aliases=aliases if aliases.exists() else None,
                file=Path(path).name)
    return _network(r.git_log, depth)


@st.cache_resource(show_spinner="Reading the git history…", max_entries=8)
def uploaded_network(name: str, digest: str, depth: int, _data: bytes):
    """Like :func:`git_network` for an uploaded log (nothing stays on disk)."""
    return _network(guarded(read_uploads, [(name, _data)], ["git-log"], file=display_name(name)).git_log,
                    depth)


@st.cache_resource(show_spinner="Building the network…", max_entries=8)
def sidebar_network(key: str, depth: int, _log):
    """Like :func:`git_network` for the git log uploaded in the sidebar (already read)."""
    return _network(_log, depth)


@st.cache_resource(show_spinner="Laying out the network…", max_entries=16)
def network_figure(key: str, _net):
    # fewer layout iterations for large networks: the first render stays under 2 s
    fig = people_network_figure(_net, seed=0, iterations=50 if _net.n_people < 300 else 25)
    fig = without_webgl(fig) if _net.n_people <= 3000 else fig
    fig.update_layout(height=620)
    return fig


@st.cache_data(show_spinner="Measuring the small world per time window…", max_entries=16)
def series(key: str, _net, width: int, null_samples: int):
    return small_world_by_window(_net, width=width, null_samples=null_samples)


@st.cache_resource(show_spinner=False, max_entries=16)
def sw_figure(key: str, width: int, null_samples: int, _sw):
    """:func:`teamsim.figures.small_world_figure` of :func:`series` (same key), built once."""
    return small_world_figure(_sw)


UNDATED = "undated"


def _num(x, fmt: str = ".2f") -> str:
    return "—" if x is None else format(x, fmt)


def _share(w) -> str:
    return "—" if w.giant_share is None else f"{w.giant_share:.0%} ({w.giant_size}/{w.people})"


def undefined_notes(windows) -> list[str]:
    """Why cells are '—': one line per reason, naming the windows and columns it affects."""
    labels = {"cc_ratio": "CC ratio", "pl_ratio": "PL ratio", "q": "Q", "transitivity":
              "transitivity", "giant_share": "giant component", "path_length": "path length"}
    by_reason: dict[str, list[str]] = {}
    for w in windows:
        for field, why in w.undefined.items():
            by_reason.setdefault(why, []).append(f"{labels.get(field, field)} ({w.window})")
    return [f"{', '.join(cols)}: — because {why}" for why, cols in by_reason.items()]


SCEN = "this scenario's projects and teams"
SIDEBAR = "the git log uploaded in the sidebar"
logs = shipped_logs()
uploaded = state.read_result()
uploaded_log = uploaded.git_log if uploaded is not None else None
sources = [SCEN, *([SIDEBAR] if uploaded_log else []), *(f"git history: {name}" for name in logs),
           "upload a git log"]
a, b, c = st.columns([2, 1, 1], vertical_alignment="bottom")
# a scenario without projects that ships its git history (Online Boutique) opens on the history
own_log = SIDEBAR if uploaded_log else f"git history: {S.get('builtin')}"
default = sources.index(own_log) if own_log in sources and not state.scenario().projects else 0
source = a.radio("Network from", sources, index=default, horizontal=True, key="net_source",
                 format_func=plain)
depth = b.number_input("Module = first folders of the path", min_value=1, max_value=5, value=2,
                       key="net_depth", disabled=source == SCEN)
width = c.number_input("Time window (years)", min_value=1, max_value=10, value=1, key="net_width")

scenario = state.scenario()
tools: dict[str, list[str]] = {}
try:
    if source == SCEN:
        net = state.compute(affiliation_network)
        key = f"scenario-{state.scenario_key()}"
        tools = {p.name: sorted(scenario.tool_set(p.name)) for p in scenario.people}
        if not scenario.projects:
            st.info("This scenario has no projects, so each team counts as one project. Add "
                    "`projects:` with years, or use a git history, to see the network over time.")
    elif source == SIDEBAR:
        net, tools, commits = sidebar_network(state.scenario_key(), int(depth), uploaded_log)
        key = f"sidebar-{state.scenario_key()}-{depth}"
        st.caption(f"{plain(', '.join(n for n, k in uploaded.kinds if k == 'git-log'))}: {commits:,} "
                   "commits; tools inferred from the files each person changed")
    elif source == "upload a git log":
        up = st.file_uploader("Git log in Code Maat's format (git log --all --numstat "
                              "--date=short --pretty=format:'--%h--%ad--%aN' --no-renames)",
                              key="net_upload")
        if up is None:
            end_page()
        data = up.getvalue()
        digest = hashlib.sha256(data).hexdigest()[:16]
        net, tools, commits = uploaded_network(up.name, digest, int(depth), data)
        key = f"upload-{digest}-{depth}"
        st.caption(f"{plain(display_name(up.name))}: {commits:,} commits")
    else:
        path = logs[source.removeprefix("git history: ")]
        net, tools, commits = git_network(str(path), str(path.stat().st_mtime), int(depth))
        key = f"log-{path}-{depth}"
        st.caption(f"{plain(path.relative_to(scenarios_dir().parent))}: {commits:,} commits; tools "
                   "inferred from the files each person changed")
except TeamsimError as e:
    st.error("This git log could not be read.", icon="⚠️")
    st.code(e.render(), language=None)
    end_page()

if net.n_people == 0:
    st.info("No people in this network.")
    end_page()

sw = series(key, net, int(width), NULL_SAMPLES)
# headline: the latest dated window where Q is defined, else the latest dated window (the
# 'undated' window, projects without a year, comes last in the series but is not "latest")
dated = [w for w in sw.windows if w.window != UNDATED] or sw.windows
last = next((w for w in reversed(dated) if w.q is not None), dated[-1] if dated else None)
m = st.columns(5)
m[0].metric("People", net.n_people)
m[1].metric("Projects", len(net.projects))
if last is not None:
    m[2].metric(f"Giant component ({plain(last.window)})", _share(last),
                help=f"{last.giant_size} of {last.people} people in the largest connected group")
    m[3].metric(f"CC ratio ({plain(last.window)})", _num(last.cc_ratio),
                help=plain(last.undefined.get("cc_ratio")) if last.cc_ratio is None else
                "clustering / clustering of a random network with the same degrees")
    m[4].metric(f"Q ({plain(last.window)})", _num(last.q),
                help=plain(last.undefined.get("q")) if last.q is None else "CC ratio / PL ratio")

left, right = st.columns([5, 2])
with left:
    fig = network_figure(key, net)
    event = st.plotly_chart(fig, key=f"net_chart_{key}", on_select="rerun",
                            selection_mode="points")
    st.caption("Click a person to see their projects and tools (colour: the module or team of "
               "most of their projects; size: number of collaborators).")
picked = None
points = (event.selection.points if event and event.selection else []) or []
for pt in points:
    picked = pt.get("customdata")
    if isinstance(picked, list):
        picked = picked[0] if picked else None
    if picked is None and "curve_number" in pt:
        trace = fig.data[pt["curve_number"]]
        if trace.customdata is not None:
            picked = trace.customdata[pt.get("point_index", pt.get("point_number", 0))]
    if picked:
        break
with right:
    st.subheader("Selected person")
    if not picked:
        st.caption("Nothing selected yet.")
    else:
        st.markdown(f"**{plain(picked)}**")
        i = net.people.index(picked)
        row = net.incidence[i].indices
        st.dataframe(pd.DataFrame([{"project": net.projects[j],
                                    "year": "—" if net.years[j] is None else str(net.years[j])}
                                   for j in row]), hide_index=True, key="net_person_projects",
                     height=min(300, 38 + 35 * len(row)))
        st.markdown("**Cognitive tools:** " + (plain(", ".join(tools.get(picked, []))) or "—"))

st.subheader("Small world over time")
st.caption(f"Q, the CC ratio and the PL ratio are measured against {NULL_SAMPLES} shuffled networks "
           "(every person keeps their number of projects, every project its size); the chart also "
           "shows the analytic Newman-Strogatz-Watts values (dashed).")
rows = pd.DataFrame([{"window": w.window, "people": w.people, "projects": w.projects,
                      "giant component": _share(w), "transitivity": _num(w.transitivity, ".3f"),
                      "CC ratio": _num(w.cc_ratio), "PL ratio": _num(w.pl_ratio), "Q": _num(w.q)}
                     for w in sw.windows])
# the chart is built and drawn only while its tab is open
table_tab, chart_tab = st.tabs(["Per time window", "Chart"], on_change="rerun", key="sw_view")
if table_tab.open:
    # one row per time window: a static table, no data grid to start in the browser (the grid
    # was a third of this page's time there)
    table(rows, table_tab, key="sw_table")
if chart_tab.open:
    if any(v is not None for w in sw.windows for v in (w.q, w.cc_ratio, w.pl_ratio)):
        chart_tab.plotly_chart(sw_figure(key, int(width), NULL_SAMPLES, sw), key=f"fig_sw_{key}")
    else:
        chart_tab.info("Q, the CC ratio and the PL ratio are undefined in every window of this "
                       "network (reasons below), so there is nothing to chart yet.",
                       icon=":material/info:")
notes = [*sw.notes, *undefined_notes(sw.windows)]
if notes:
    st.caption("**Notes** (— = undefined)  \n" + "  \n".join(f"· {plain(n)}" for n in notes))
csv_rows = csv_text([{"window": w.window, "people": w.people, "projects": w.projects,
                      "giant_size": w.giant_size, "giant_share": w.giant_share,
                      "transitivity": w.transitivity, "cc_ratio": w.cc_ratio,
                      "pl_ratio": w.pl_ratio, "q": w.q} for w in sw.windows])
d1, d2, _ = st.columns([2, 2, 3])
d1.download_button("Small world (JSON)", lambda: sw.model_dump_json(indent=2),
                   file_name="small-world.json", mime="application/json", on_click="ignore",
                   key="dl_sw_json")
d2.download_button("Small world (CSV)", csv_rows, file_name="small-world.csv",
                   mime="text/csv", on_click="ignore", key="dl_sw_csv")
