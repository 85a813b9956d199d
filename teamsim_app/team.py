"""Page 1: team and diversity (ability, diversity bonus, best-ability vs most able team).

Numbers come from :func:`teamsim.analyze`; figures from :mod:`teamsim.figures`.
The skill matrix is editable; each valid edit becomes the current scenario of
every page, an invalid one shows the validation message and keeps the edits.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from teamsim import TeamsimError
from teamsim._csvsafe import csv_text
from teamsim.ability import skill_grid
from teamsim.importers.skills_csv import skills_matrix_csv, tools_csv
from teamsim_app import state
from teamsim_app.safe import error_box, file_name, plain, warning_list

S = st.session_state

st.title("Team and diversity")
scenario = state.scenario()
st.caption(plain(scenario.description) + "  \nA person is a set of cognitive tools; a team "
           "on a complex task can use every tool one member holds, so its ability is the value "
           "of the union (Page, *The Diversity Bonus*, 2017).")

k_default = min(2, max(1, len(scenario.people)))
k = st.columns([1, 3])[0].number_input(
    "Team size k (best-ability vs most able team)", min_value=1, value=k_default, step=1,
    key=f"team_k_{S.get('editor_version', 0)}")

summary = st.container()


def _header_width(name: str) -> int:
    """Pixels a checkbox column needs to show its whole header (the grid cuts it off), at most
    240 (about 25 characters)."""
    return min(240, max(60, 34 + 8 * len(name)))


def _add_person() -> None:
    S["add_person_error"] = state.add_person(S.get("add_person_name", ""))
    if not S["add_person_error"]:
        S["add_person_name"] = ""


# ---------------------------------------------------------------- skill matrix editor
# full width: wide organisations (Online Boutique: 12 tools) keep every column visible
with st.container():
    st.subheader("Skill matrix")
    st.caption("Tick the cognitive tools each person lists (tools ordered by prerequisite "
               "depth, then name, as in the heatmap). Prerequisites a person does not tick are "
               "implied (light blue in the heatmap). Delete a row to remove a person.")
    a, b, _ = st.columns([2, 1, 3], vertical_alignment="bottom")
    a.text_input("Add a person", key="add_person_name", placeholder="name, e.g. Dana",
                 help="Adds a row without tools to the matrix; then tick their tools. "
                      "(A row added with the grid's + needs a name before it counts.)")
    b.button("Add a person", key="add_person", on_click=_add_person, icon=":material/person_add:",
             disabled=bool(S.get("editor_error")),
             help="Fix or undo the invalid edit first" if S.get("editor_error") else None)
    if S.get("add_person_error"):
        error_box(S["add_person_error"])
    version = S.get("editor_version", 0)
    editor_key = f"skill_matrix_{version}"
    if editor_key not in S or "editor_base" not in S:
        # (re)start the editor from the current scenario
        S["editor_base"] = scenario
        # people on staff, then candidates (marked); tools in the heatmap's order
        grid = skill_grid(scenario, [p.name for p in scenario.all_people])
        frame = pd.DataFrame(grid.listed, columns=grid.tools)
        frame.insert(0, "candidate", pd.Series([i >= len(scenario.people) for i in range(len(grid.people))],
                                               dtype=bool))
        frame.insert(0, "person", pd.Series(grid.people, dtype=object))
        S["editor_frame"] = frame
        S["editor_applied"] = None
    base = S["editor_base"]
    frame = S["editor_frame"]
    tools = list(frame.columns[2:])
    edited = st.data_editor(
        frame, key=editor_key, num_rows="dynamic", hide_index=True,
        height=min(720, 38 + 35 * (len(frame) + 2)),  # every row, the add row and one more
        column_config={"person": st.column_config.TextColumn(
                           "person", required=True, pinned=True,
                           help="A new row (+ below the grid) counts once it has a name"),
                       "candidate": st.column_config.CheckboxColumn(
                           "candidate", default=False, width=_header_width("candidate"),
                           help="A candidate you could hire (Hiring what-if), not on staff yet"),
                       **{t: st.column_config.CheckboxColumn(t, default=False, width=_header_width(t))
                          for t in tools}},
    )
    edits = json.dumps(S.get(editor_key, {}), sort_keys=True, default=str)
    if S.get("editor_applied") != (version, edits):
        S["editor_applied"] = (version, edits)
        S["editor_error"] = None
        # Every change of the editor's state is applied, including one that returns the
        # grid to its starting state (no edits left: the scenario is the editor's base again).
        has_edits = bool(S.get(editor_key)) and any(
            S[editor_key].get(x) for x in ("edited_rows", "added_rows", "deleted_rows"))
        try:
            new = (state.edited_scenario(
                base, edited["person"].tolist(), tools,
                edited[tools].astype("boolean").fillna(False).to_numpy(dtype=bool),
                edited["candidate"].astype("boolean").fillna(False).tolist())
                if has_edits else base)
        except TeamsimError as e:
            S["editor_error"] = e.render()
        else:
            if new != scenario:
                state.set_scenario(new, S.get("source", ""), rebase=False)
                S["edited"] = new != base
                scenario = new
    if S.get("editor_error"):
        st.error("This edit is not valid yet; the numbers show your last valid matrix. "
                 "Your edits are kept.", icon="⚠️")
        st.code(S["editor_error"], language=None)
    d1, d2, _ = st.columns([2, 2, 3])
    d1.download_button("Skill matrix (CSV)", lambda: skills_matrix_csv(scenario),
                       file_name=file_name(scenario.name, "-skills.csv"), mime="text/csv",
                       on_click="ignore", key="dl_skills_csv",
                       help="Re-imports with: teamsim import skills FILE --tools TOOLS")
    d2.download_button("Tools (CSV)", lambda: tools_csv(scenario),
                       file_name=file_name(scenario.name, "-tools.csv"), mime="text/csv",
                       on_click="ignore", key="dl_tools_csv",
                       help="Tool values and prerequisites, for the --tools option")

report = state.cached_report(k)

# ---------------------------------------------------------------- summary numbers
with summary:
    org = report.organisation
    c = st.columns(5)
    c[0].metric("People", org.people)
    c[1].metric("Teams", org.teams)
    c[2].metric("Cognitive tools", org.tools)
    c[3].metric("Organisation ability", f"{org.ability:g}", help="Value of every tool anyone holds")
    c[4].metric("Tools only one person holds", len(org.tools_held_by_one))
    if report.team_of_k:
        tk = report.team_of_k
        a, b, d = st.columns(3)
        a.metric(f"Best-ability team of {tk.k}", f"{tk.best_ability_team.ability:g}",
                 help=plain(", ".join(tk.best_ability_team.members)))
        b.metric(f"Most able team of {tk.k}", f"{tk.most_able_team.ability:g}",
                 delta=(f"{gain:+g} vs best-ability" if (gain := tk.most_able_team.ability
                                                          - tk.best_ability_team.ability) else None),
                 help=plain(", ".join(tk.most_able_team.members))
                 + ("" if tk.most_able_team.exact else
                    f" (greedy, optimum ≤ {tk.most_able_team.upper_bound:.3g})"))
        d.metric("Its diversity bonus", f"{tk.most_able_team.diversity_bonus:g}")
        if not tk.most_able_team.exact:
            st.caption(f"Too many teams of {tk.k} to try them all: this most able team is greedy "
                       f"(at least 63% of the optimum, which is at most "
                       f"{tk.most_able_team.upper_bound:.4g}).")
            st.button("Find the exact optimum (integer program, up to 10 s)",
                      key="exact_team_of_k_button", on_click=S.__setitem__,
                      args=("exact_team_of_k", (state.scenario_key(), tk.k)))
        if len(tk.best_ability_team.members) <= 12:
            st.caption(f"Best-ability team: **{plain(', '.join(tk.best_ability_team.members))}** · "
                       f"most able team: **{plain(', '.join(tk.most_able_team.members))}**"
                       + ("" if tk.most_able_team.exact else " (greedy maximum coverage)"))

# One tab at a time, tables then figures: only the open tab is built and drawn. The first
# paint is the People table; a Plotly chart costs the browser more than the rest of the page.
FIGURES = [*([("Best-ability vs most able team", "team_of_k")] if report.team_of_k else []),
           *([("Team abilities", "teams")] if report.teams else []),
           ("Abilities", "abilities"), ("Skills heatmap", "heatmap"),
           ("Prerequisite graph", "prerequisites")]
people_tab, teams_tab, *figure_tabs = st.tabs(["People", "Teams", *(label for label, _ in FIGURES)],
                                              on_change="rerun", key="team_table")
if people_tab.open:
    people_tab.dataframe(
        pd.DataFrame([{"person": p.name, "ability": p.ability, "tools": ", ".join(p.tools),
                       "implied": ", ".join(p.implied_tools), "unique tools": ", ".join(p.unique_tools)}
                      for p in report.people]),
        hide_index=True, key="people_table", height=min(560, 38 + 35 * len(report.people)),
        column_config={c: st.column_config.TextColumn(c, width="medium")
                       for c in ("tools", "implied", "unique tools")})
if teams_tab.open and report.teams:
    teams_tab.dataframe(
        pd.DataFrame([{"team": t.name, "members": ", ".join(t.members), "size": t.size,
                       "ability": t.ability, "best member": t.best_member,
                       "best member's ability": t.best_member_ability,
                       "diversity bonus": t.diversity_bonus,
                       "communication paths": t.communication_paths} for t in report.teams]),
        hide_index=True, key="teams_table", height=min(400, 38 + 35 * len(report.teams)),
        column_config={"members": st.column_config.TextColumn("members", width="medium")})
elif teams_tab.open:
    teams_tab.info("This scenario has no teams; add some under `teams:` in the YAML.")
for tab, (_label, name) in zip(figure_tabs, FIGURES):
    if tab.open:
        tab.plotly_chart(state.cached_figure(name, k), key=f"fig_{name}")
a, _ = st.columns([3, 2])
with a:
    st.subheader("Tools only one person holds")
    st.caption("Key-person risk: if this person leaves, the organisation loses the tool.")
    single = {t: p.name for p in report.people for t in p.unique_tools}
    if single:
        st.dataframe(pd.DataFrame([{"tool": t, "only holder": n} for t, n in single.items()]),
                     hide_index=True, key="single_holder_table",
                     height=min(320, 38 + 35 * len(single)))
    else:
        st.success("Every tool is held by at least two people (or by nobody).")
    if report.organisation.tools_held_by_none:
        st.warning("Nobody holds: " + plain(", ".join(report.organisation.tools_held_by_none)))

warning_list(report.warnings, "team_warnings")

# ---------------------------------------------------------------- downloads
st.divider()
st.subheader("Download")
c = st.columns(4)
c[0].download_button("Report (JSON)", lambda: report.model_dump_json(indent=2),
                     file_name=file_name(scenario.name, "-report.json"), mime="application/json",
                     on_click="ignore", key="dl_report_json")


def _people_csv() -> str:
    return csv_text([{**p.model_dump(), "tools": ", ".join(p.tools),
                      "implied_tools": ", ".join(p.implied_tools),
                      "unique_tools": ", ".join(p.unique_tools)} for p in report.people])


def _teams_csv() -> str:
    return csv_text([
        {"team": t.name, "members": ", ".join(t.members), "size": t.size, "ability": t.ability,
         "additive": t.abilities["additive"], "best_member": t.best_member,
         "best_member_ability": t.best_member_ability, "diversity_bonus": t.diversity_bonus,
         "communication_paths": t.communication_paths, "two_pizza_ok": t.two_pizza.ok}
        for t in report.teams], columns=["team", "members", "size", "ability", "additive",
                                         "best_member", "best_member_ability", "diversity_bonus",
                                         "communication_paths", "two_pizza_ok"])


c[1].download_button("People (CSV)", _people_csv, file_name=file_name(scenario.name, "-people.csv"),
                     mime="text/csv", on_click="ignore", key="dl_people_csv")
c[2].download_button("Teams (CSV)", _teams_csv, file_name=file_name(scenario.name, "-teams.csv"),
                     mime="text/csv", on_click="ignore", key="dl_teams_csv")
c[3].download_button("Edited scenario (YAML)", state.yaml_download(scenario),
                     file_name=file_name(scenario.name, ".yaml"), mime="application/yaml", on_click="ignore",
                     key="dl_scenario_yaml")
