"""Page: team design (who is in which team, which team owns which service, optimised together).

The proposal comes from :func:`teamsim.design.design_teams` (the ``teamsim design``
command); applying it is :func:`teamsim.design.design_scenario`, saved as a new
workspace version (undo goes back). The solver runs on a button press, with the
time limit chosen here: an exact program can take seconds.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from teamsim import TeamsimError
from teamsim._csvsafe import csv_text
from teamsim._text import plural
from teamsim.defaults import TEAM_SIZE
from teamsim.design import design_scenario, design_teams
from teamsim_app import state
from teamsim_app.safe import plain

S = st.session_state

st.title("Team design")
st.caption("Proposes who is in which team and which team owns which service: team sizes within "
           "bounds (Team Topologies: 5 to 9), every tool a service needs held by enough members "
           "of its owner team, services and cognitive load per team capped, pins kept; it "
           "minimises the weight of service dependencies that cross teams plus λ per change from "
           "today (a person or a service that moves).")

scenario = state.scenario()
skey = state.scenario_key()
if not scenario.people:
    st.info("This scenario has no people to put into teams.")
elif not scenario.services:
    real = state.real_example()
    st.info("This scenario has no services, so the design only balances team sizes. Declare "
            "`services:` with the tools they need and their dependencies"
            + (", or open the real example." if real else "."))
    if real:
        st.button("Open the real example: Online Boutique", on_click=state.open_builtin,
                  args=(real,), key="design_open_real")

today_teams = max(1, sum(bool(t.members) for t in scenario.teams))


def _only_team(pairs) -> dict[str, str]:
    """name -> its team, for names on exactly one team (a pin needs one)."""
    teams: dict[str, list[str]] = {}
    for name, team in pairs:
        teams.setdefault(name, []).append(team)
    return {n: ts[0] for n, ts in teams.items() if len(ts) == 1}


single = _only_team((m, t.name) for t in scenario.teams for m in t.members)
owner = _only_team((s, t.name) for t in scenario.teams for s in t.service_names)

# ---------------------------------------------------------------- constraints
def _controls() -> None:
    """The constraints as a form; its button runs the solver (cached per scenario and constraints)."""
    # widgets keyed by the scenario: another scenario starts them afresh
    with st.form(f"design_form_{skey}", border=True):
        c = st.columns(4)
        n_teams = c[0].number_input("Teams K", min_value=1, max_value=max(1, len(scenario.people)),
                                    value=today_teams, step=1, key=f"design_k_{skey}",
                                    help="Number of teams (today's teams with members by default); "
                                         "new ones are named new-team-1, new-team-2…")
        min_size = c[1].number_input("Smallest team", min_value=1, value=min(TEAM_SIZE[0],
                                     max(1, len(scenario.people) // today_teams)), step=1,
                                     key=f"design_min_{skey}", help="Team Topologies: 5")
        max_size = c[2].number_input("Largest team", min_value=1, value=max(TEAM_SIZE[1], min_size),
                                     step=1, key=f"design_max_{skey}", help="Team Topologies: 9")
        redundancy = c[3].number_input("Redundancy", min_value=1, value=2, step=1,
                                       key=f"design_red_{skey}",
                                       help="Members of the owner team who must hold each tool a "
                                            "service needs")
        c = st.columns(4)
        max_services = c[0].number_input("Services per team at most (0: no limit)", min_value=0,
                                         value=0, step=1, key=f"design_maxs_{skey}")
        max_load = c[1].number_input("Cognitive load at most (0: no limit)", min_value=0, value=0,
                                     step=1, key=f"design_load_{skey}",
                                     help="Distinct tools a team's services need")
        lam = c[2].number_input("λ: cost of one change", min_value=0.0, max_value=1e9, value=1.0,
                                step=0.25, key=f"design_lam_{skey}",
                                help="Against one unit of cross-team dependency weight")
        time_limit = c[3].number_input("Time limit (s)", min_value=1, max_value=120, value=10, step=1,
                                       key="design_time",
                                       help="The solver stops here with its best design and bound")
        a, b = st.columns(2)
        pin_people = a.multiselect("Keep these people in their team", sorted(single),
                                   key=f"design_pin_p_{skey}", format_func=plain)
        pin_services = b.multiselect("Keep these services with their owner", sorted(owner),
                                     key=f"design_pin_s_{skey}", format_func=plain)
        run = st.form_submit_button("Propose a design", type="primary", key="design_run")
    if run:
        pins = {**{p: single[p] for p in pin_people}, **{s: owner[s] for s in pin_services}}
        with st.spinner("Designing teams…"):
            try:
                S["design"] = (skey, state.compute(
                    design_teams, n_teams=int(n_teams), min_size=int(min_size), max_size=int(max_size),
                    redundancy=int(redundancy), max_services=int(max_services) or None,
                    max_load=int(max_load) or None, lam=float(lam), pins=pins,
                    time_limit=float(time_limit)))
            except TeamsimError as e:
                S["design"] = (skey, e.render())


# ---------------------------------------------------------------- the proposal
def _fmt(x) -> str:
    return "—" if x is None else f"{x:g}"


def _apply(design) -> None:
    state.apply(design_scenario(state.scenario(), design), f"team design: {plural(design.changes, 'change')}")
    S["design_applied"] = (state.scenario_key(), design.changes)


def _proposal(d) -> None:
    """The design against today: headline, metrics, moves, teams; apply and downloads."""
    m = st.columns(5)
    m[0].metric("Objective", _fmt(d.objective),
                delta=None if d.before.get("objective") in (None, d.objective)
                else f"{d.objective - d.before['objective']:+g} vs today", delta_color="inverse")
    m[1].metric("Cross-team weight", _fmt(d.cross_team_weight),
                help=f"today: {_fmt(d.before.get('cross_team_weight'))}")
    m[2].metric("Changes", d.changes, help="People and services that move")
    m[3].metric("Optimality gap", "optimal" if d.optimal else
                ("—" if d.gap is None else f"{d.gap:.1%}"),
                help=f"best lower bound {_fmt(d.bound)}; method {d.method}")
    m[4].metric("Solver time", f"{d.seconds:.1f} s")
    for v in d.violations_before:
        st.warning("Today: " + plain(v))

    a, b = st.columns(2)
    with a:
        st.subheader("Today and the design")
        st.dataframe(pd.DataFrame([{"metric": k.replace("_", " "), "today": d.before.get(k),
                                    "design": v} for k, v in d.after.items()]),
                     hide_index=True, key="design_metrics", height=38 + 35 * len(d.after))
    with b:
        st.subheader("Moves")
        if d.moves:
            st.dataframe(pd.DataFrame([{"kind": mv.kind, "name": mv.name,
                                        "from": ", ".join(mv.from_teams) or "—", "to": mv.to_team}
                                       for mv in d.moves]),
                         hide_index=True, key="design_moves", height=min(420, 38 + 35 * len(d.moves)))
        else:
            st.success("Today's organisation already is the best design for these constraints.")
    st.subheader("Proposed teams")
    st.dataframe(pd.DataFrame([{"team": t.name, "size": len(t.members), "members": ", ".join(t.members),
                                "services": ", ".join(t.services)} for t in d.teams]),
                 hide_index=True, key="design_teams", height=min(420, 38 + 35 * len(d.teams)),
                 column_config={c: st.column_config.TextColumn(c, width="large")
                                for c in ("members", "services")})
    a, b, c, _ = st.columns([2, 2, 2, 3])
    a.button("Apply this design", on_click=_apply, args=(d,), key="design_apply", type="primary",
             disabled=not d.moves, help="Saved as a new workspace version; Undo goes back")
    b.download_button("Design (JSON)", lambda: d.model_dump_json(indent=2), file_name="design.json",
                      mime="application/json", on_click="ignore", key="dl_design_json")
    c.download_button("Moves (CSV)", lambda: csv_text(
        [{"kind": mv.kind, "name": mv.name, "from": ", ".join(mv.from_teams), "to": mv.to_team}
         for mv in d.moves], columns=["kind", "name", "from", "to"]),
        file_name="design-moves.csv", mime="text/csv", on_click="ignore", key="dl_design_csv")


def _applied() -> None:
    """After "Apply this design": where it was saved, and the way back."""
    session = S.get("session")
    st.success(f"Design applied: {plural(S['design_applied'][1], 'change')}"
               + (f", saved as {plain(session.version.ref)}." if session else "."))
    st.button("Undo the design", on_click=state.undo, key="design_undo", icon=":material/undo:",
              disabled=not (session and session.can_undo))


if scenario.people:
    _controls()
    if S.get("design_applied", (None,))[0] == skey:
        _applied()
    shown = S.get("design")
    if shown and shown[0] == skey and isinstance(shown[1], str):
        st.error("No design satisfies these constraints.", icon="⚠️")
        st.code(shown[1], language=None)
    elif shown and shown[0] == skey:
        _proposal(shown[1])
