"""Page 3: communication paths n(n-1)/2 against team size, the two-pizza band, adding people.

Numbers come from :mod:`teamsim.communication` (``communication_paths``,
``two_pizza``) and :func:`teamsim.analyze`; the figure from
:func:`teamsim.figures.communication_figure`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from teamsim.communication import TWO_PIZZA_LIMIT, communication_paths, two_pizza
from teamsim.figures import communication_figure
from teamsim_app import state
from teamsim_app.safe import plain, table

st.title("Communication and team size")
st.caption("A team of n people has n(n-1)/2 communication paths (Brooks, *The Mythical "
           "Man-Month*, 1975): paths grow quadratically, hands only linearly. Two-pizza teams "
           "stay small enough to be fed by two pizzas (Stone 2013; Skelton & Pais, *Team "
           "Topologies*, 2019: 5 to 9 people).")

scenario = state.scenario()
limit = st.columns([1, 3])[0].number_input("Two-pizza limit (largest team)", min_value=1, max_value=50,
                        value=TWO_PIZZA_LIMIT, step=1, key="pizza_limit")
report = state.cached_report(2, limit, exact=False)
org = report.organisation

c = st.columns(4)
c[0].metric("People", org.people)
c[1].metric("All-pairs paths", f"{org.communication_paths:,}",
            help="n(n-1)/2 if everyone talks to everyone")
c[2].metric("Paths inside teams", f"{org.within_team_paths:,}", help="Sum of n(n-1)/2 per team")
c[3].metric("Teams above the two-pizza limit", len(org.oversized_teams))

sizes = {t.name: t.size for t in report.teams}
st.subheader("Effect of adding people")
if sizes:
    a, b = st.columns([2, 3])
    team = a.selectbox("Team", list(sizes), key="comm_team")
    added = a.slider("People added (negative: leave)", min_value=-sizes[team],
                     max_value=max(20, limit), value=0, key="comm_added")
    before, after = two_pizza(sizes[team], limit), two_pizza(sizes[team] + added, limit)
    with b:
        m = st.columns(3)
        m[0].metric("Size", after.size, delta=f"{added:+d}" if added else None)
        m[1].metric("Communication paths", after.communication_paths,
                    delta=f"{d:+d}" if (d := after.communication_paths
                                        - before.communication_paths) else None,
                    delta_color="inverse")
        m[2].metric("Two-pizza", "ok" if after.ok else f"over by {after.excess}",
                    help=f"Split into {after.suggested_teams} team(s) of at most {limit}")
        if not after.ok:
            st.warning(f"{plain(team)} would have {after.size} people and {after.communication_paths} "
                       f"paths; {after.suggested_teams} teams of at most {limit} would have "
                       f"at most {after.suggested_teams * communication_paths(limit)} inside them.")
    what_if = {team: sizes[team] + added} if added else None
else:
    st.info("This scenario has no teams: the chart shows the curves only. Add teams under "
            "`teams:` to see each one on it.")
    what_if = None

# one view at a time, the teams first: only the open tab is built and drawn (the chart, the
# slowest element of this page in the browser, waits until it is asked for)
teams_tab, chart_tab = st.tabs(["Teams", "Chart"], on_change="rerun", key="comm_view")
if teams_tab.open and report.teams:
    table(pd.DataFrame([{"team": t.name, "type": t.type or "", "size": t.size,
                         "communication paths": t.communication_paths,
                         "two-pizza": "ok" if t.two_pizza.ok else f"over by {t.two_pizza.excess}",
                         "suggested teams": t.two_pizza.suggested_teams}
                        for t in report.teams]), teams_tab, key="comm_table", max_height=500)
elif teams_tab.open:
    teams_tab.caption("No teams in this scenario (see above).")
if chart_tab.open:
    chart_tab.plotly_chart(communication_figure(sizes, limit=limit, what_if=what_if), key="fig_comm")
