"""Page: edit the organisation (teams, people, tasks) and the departure what-if.

Every edit is a function of :mod:`teamsim.edits` applied through
:func:`teamsim_app.state.apply` (autosaved to the workspace, undoable from the
sidebar); the departure what-if is :func:`teamsim.hiring.departure`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from teamsim import TeamsimError, edits
from teamsim.hiring import departure
from teamsim.scenario import Scenario
from teamsim_app import state
from teamsim_app.safe import error_box, plain

st.title("Edit teams and tasks")

S = st.session_state
scenario = state.scenario()
skey = state.scenario_key()  # widgets start afresh on every new scenario: no stale names
st.caption("Every change is saved in the workspace as a new version: undo and redo are in "
           "the sidebar, and every page follows at once.")
NEW_TASK, ORG, NO_TEAM = "(new task)", "(whole organisation)", "(no team)"


def _edit(make: Callable[[Scenario], tuple[Scenario, str]]) -> None:
    """Button callback: apply ``make(current scenario)`` or keep its message for the page."""
    try:
        new, message = make(state.scenario())
    except TeamsimError as e:
        S["edit_error"] = e.render()
        return
    S["edit_error"] = None
    state.apply(new, message)


def _w(name: str) -> str:
    """A widget key bound to the current scenario."""
    return f"edit_{name}_{skey}"


def _v(name: str, default=None):
    return S.get(_w(name), default)


if S.get("edit_error"):
    error_box(S["edit_error"])

teams = [t.name for t in scenario.teams]
people = [p.name for p in scenario.people]
tab_teams, tab_people, tab_tasks, tab_leave = st.tabs(
    ["Teams", "People", "Tasks", "Departure what-if"])

# ---------------------------------------------------------------- teams
with tab_teams:
    if scenario.teams:
        st.dataframe(pd.DataFrame([{"team": t.name, "members": ", ".join(t.members),
                                    "size": len(t.members)} for t in scenario.teams]),
                     hide_index=True, key="edit_teams_table")
    a, b = st.columns(2)
    with a.container(border=True):
        st.markdown("**Create a team**")
        st.text_input("Name", key=_w("new_team"), placeholder="e.g. Platform")
        st.multiselect("Members", people, key=_w("new_members"))
        st.button("Create the team", key="edit_add_team", on_click=_edit, args=(lambda s: (
            edits.add_team(s, _v("new_team", ""), _v("new_members", [])),
            f"create team {_v('new_team', '')}"),))
    with b.container(border=True):
        st.markdown("**Move a person**")
        st.selectbox("Person", people, key=_w("move_person"))
        st.selectbox("To team", teams, key=_w("move_to"))
        st.button("Move", key="edit_move_person", disabled=not (people and teams), on_click=_edit,
                  args=(lambda s: (edits.move_person(s, _v("move_person"), _v("move_to")),
                                   f"move {_v('move_person')} to {_v('move_to')}"),))
    a, b = st.columns(2)
    with a.container(border=True):
        st.markdown("**Rename a team**")
        st.selectbox("Team", teams, key=_w("rename_old"))
        st.text_input("New name", key=_w("rename_new"))
        st.button("Rename", key="edit_rename_team", disabled=not teams, on_click=_edit, args=(
            lambda s: (edits.rename_team(s, _v("rename_old"), _v("rename_new", "")),
                       f"rename team {_v('rename_old')} to {_v('rename_new', '')}"),))
    with b.container(border=True):
        st.markdown("**Delete a team**")
        st.selectbox("Team", teams, key=_w("delete_team"))
        st.caption("Its members stay in the organisation; its services become orphaned.")
        st.button("Delete the team", key="edit_delete_team", disabled=not teams, on_click=_edit,
                  args=(lambda s: (edits.delete_team(s, _v("delete_team")),
                                   f"delete team {_v('delete_team')}"),))

# ---------------------------------------------------------------- people
with tab_people:
    with st.container(border=True):
        st.markdown("**Remove a person**")
        st.selectbox("Person", people, key=_w("remove_person"))
        st.caption("They leave every team too; a team left without members, services or "
                   "capacity is removed.")
        st.button("Remove", key="edit_remove_person", disabled=not people, on_click=_edit,
                  args=(lambda s: (edits.remove_person(s, _v("remove_person")),
                                   f"remove {_v('remove_person')}"),))
    st.caption("Add people, candidates and tools in the skill matrix (Team and diversity).")

# ---------------------------------------------------------------- tasks
with tab_tasks:
    if scenario.tasks:
        st.dataframe(pd.DataFrame([{"task": t.name, "required tools": ", ".join(t.tools)}
                                   for t in scenario.tasks]), hide_index=True, key="edit_tasks_table")
    with st.container(border=True):
        choice = st.selectbox("Task", [NEW_TASK, *(t.name for t in scenario.tasks)], key=_w("task"))
        current = next((t for t in scenario.tasks if t.name == choice), None)
        if current is None:
            st.text_input("Name of the new task", key=_w("task_name"), placeholder="e.g. run-in-production")
        # keyed by the task too: choosing another task shows its tools
        tools_key = _w(f"task_tools_{choice}")
        st.multiselect("Required tools", scenario.tool_names, key=tools_key,
                       default=current.tools if current else [])

        def _task_name() -> str:
            return _v("task") if _v("task") != NEW_TASK else (_v("task_name") or "")

        a, b, _ = st.columns([1, 1, 3])
        a.button("Save the task", key="edit_set_task", type="primary", on_click=_edit, args=(
            lambda s: (edits.set_task(s, _task_name(), S.get(tools_key, [])),
                       f"set task {_task_name()}"),))
        b.button("Remove the task", key="edit_remove_task", disabled=current is None,
                 on_click=_edit, args=(lambda s: (edits.remove_task(s, _v("task")),
                                                  f"remove task {_v('task')}"),))

# ---------------------------------------------------------------- departure what-if
@st.fragment
def _departure() -> None:
    """Who leaves and what is lost; the leaver's choice reruns only this tab."""
    if not people:
        st.info("No people in this scenario.")
    else:
        a, b = st.columns(2)
        who = a.selectbox("Who leaves", people, key=_w("leaver"))
        theirs = [t.name for t in scenario.teams if who in t.members]
        team_choice = b.selectbox("From", [ORG, *theirs], key=_w(f"leave_team_{who}"))
        try:
            impact = state.compute(departure, who, None if team_choice == ORG else team_choice)
        except TeamsimError as e:
            error_box(e.render(), "warning")
        else:
            c = st.columns(3)
            c[0].metric("Ability after", f"{impact.ability_after:g}",
                        delta=f"{impact.ability_after - impact.ability_before:+g}")
            c[1].metric("Truck factor after", "—" if impact.truck_factor_after is None
                        else impact.truck_factor_after,
                        delta=None if impact.truck_factor_after is None
                        else f"{impact.truck_factor_after - impact.truck_factor_before:+d}")
            c[2].metric("Tools lost", len(impact.lost))
            if impact.lost:
                st.dataframe(pd.DataFrame([{
                    "tool lost": x.tool, "value": x.value,
                    "closest to learn it": x.closest.person if x.closest else "",
                    "to learn": " → ".join(x.closest.path) if x.closest else "",
                    "candidates holding it": ", ".join(x.candidates_holding)} for x in impact.lost]),
                    hide_index=True, key="edit_departure_table")
            else:
                st.caption(f"{plain(who)} is the only holder of no tool: nothing is lost.")


with tab_leave:
    _departure()
