"""teamsim's Streamlit app: `make app` (or `streamlit run app.py`).

The app only wires widgets to library functions; every number and figure
comes from `teamsim`.
"""

from __future__ import annotations

import streamlit as st

from teamsim import TeamsimError, analyze, builtin_scenarios, load_scenario
from teamsim.figures import team_ability_figure, tool_heatmap
from teamsim.scenarios import DEFAULT_SCENARIO

st.set_page_config(page_title="teamsim", layout="wide")
st.title("teamsim: team ability and the diversity bonus")

scenarios = builtin_scenarios()
names = list(scenarios)
choice = st.sidebar.selectbox("Scenario", names, index=names.index(DEFAULT_SCENARIO))
k = st.sidebar.number_input("Team size k", min_value=1, value=2, step=1)

try:
    scenario = load_scenario(scenarios[choice])
    report = analyze(scenario, k=int(k))
except TeamsimError as e:
    st.error(e.render())
    st.stop()

st.caption(scenario.description or "")
left, right = st.columns(2)
with left:
    st.subheader("People")
    st.dataframe([{"person": p.name, "ability": p.ability, "tools": " ".join(p.tools),
                   "unique tools": " ".join(p.unique_tools)} for p in report.people],
                 hide_index=True)
with right:
    st.subheader("Teams")
    st.dataframe([{"team": t.name, "members": ", ".join(t.members), "ability": t.ability,
                   "best member": t.best_member_ability, "diversity bonus": t.diversity_bonus,
                   "communication paths": t.communication_paths}
                  for t in report.teams], hide_index=True)
if report.team_of_k:
    tk = report.team_of_k
    a, b = st.columns(2)
    a.metric(f"Best-ability team of {tk.k}: {', '.join(tk.best_ability_team.members)}",
             f"{tk.best_ability_team.ability:g}")
    b.metric(f"Most able team of {tk.k}: {', '.join(tk.most_able_team.members)}",
             f"{tk.most_able_team.ability:g}",
             delta=f"{tk.most_able_team.ability - tk.best_ability_team.ability:+g}")
if report.teams:
    st.plotly_chart(team_ability_figure(report))
st.plotly_chart(tool_heatmap(scenario))
for w in report.warnings:
    st.warning(w)
