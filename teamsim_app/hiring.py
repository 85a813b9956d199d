"""Page 2: hiring what-if (candidates by marginal gain, add a hire, best team of k, key-person risk).

Numbers come from :mod:`teamsim.hiring` and :mod:`teamsim.ability`; figures from
:mod:`teamsim.figures`.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from teamsim import TeamsimError
from teamsim._csvsafe import csv_text
from teamsim.ability import interactive_method
from teamsim.figures import candidate_gain_figure, team_of_k_figure
from teamsim.hiring import key_person_risk, rank_candidates, smallest_covering_team
from teamsim.report import team_of_k
from teamsim.scenarios import builtin_scenarios
from teamsim_app import state
from teamsim_app.safe import end_page, error_box, plain, table

st.title("Hiring what-if")

S = st.session_state
scenario = state.scenario()
st.caption("The value of a hire is the value of the cognitive tools they add that the team "
           "lacks (marginal gain), not their individual ability: the most able candidate is "
           "often not the best addition (Page, *The Diversity Bonus*, 2017).")

ORG = "(whole organisation)"
HIRING_EXAMPLE = "hiring"  # scenarios/hiring.yaml: the most able candidate is not the best hire
has_example = HIRING_EXAMPLE in builtin_scenarios()
if not scenario.candidates:
    # the what-if needs candidates: the way to try it is the first thing on the page
    with st.container(border=True):
        st.markdown("**This scenario has no candidates to hire.** "
                    + ("Try the what-if on the hiring example (a team and three candidates where "
                       "the most able candidate is not the best hire), or add candidates under "
                       "`candidates:` in your YAML and upload it." if has_example else
                       "Add candidates under `candidates:` in your YAML and upload it."))
        if has_example:
            st.button("Open the hiring example", on_click=state.open_builtin,
                      args=(HIRING_EXAMPLE,), key="open_hiring_example", type="primary",
                      icon=":material/person_add:")


def _best_k_figure(s, k: int, pool: list[str], task: str | None, method: str):
    """:func:`teamsim.figures.team_of_k_figure` of the k most able people and the most able team."""
    r = team_of_k(s, k, pool, task, method=method)
    return team_of_k_figure(r.best_ability_team, r.most_able_team)


def _hire(who: str, into: str | None) -> None:
    """The "Hire" button's callback: :func:`teamsim_app.state.hire`, or its message kept for the page."""
    try:
        state.hire(who, into)
    except TeamsimError as e:
        S["hire_error"] = e.render()


# Two sections: the team chosen (its candidates and key-person risk), then the best team of k.
# (Not st.fragment: in Chromium the team's select box then missed clicks after a rerun.)
def _for_team() -> None:
    """The team to hire for, its candidates by marginal gain and its key-person risk."""
    scenario = state.scenario()
    teams = [ORG, *[t.name for t in scenario.teams]]
    team_choice = st.columns([1, 2])[0].selectbox("Team to hire for", teams, key="hire_team")
    team = None if team_choice == ORG else team_choice

    # ---------------------------------------------------------------- candidates
    st.subheader("Candidates by marginal gain")
    if not scenario.candidates:
        st.caption("No candidates in this scenario (see above).")
    else:
        try:
            ranking = state.compute(rank_candidates, team)
        except TeamsimError as e:
            error_box(e.render())
            end_page()
        c = st.columns(4)
        c[0].metric("Team ability now", f"{ranking.team_ability:g}")
        best = ranking.candidates[0] if ranking.candidates else None
        if best:
            tied = [x.name for x in ranking.candidates if x.marginal_gain >= best.marginal_gain - 1e-12]
            if best.marginal_gain <= 0:
                c[1].metric("Best addition", "none", help="No candidate adds a tool the team lacks.")
            else:
                c[1].metric("Best addition", plain(best.name) if len(tied) == 1
                            else f"{len(tied)} tied", delta=f"+{best.marginal_gain:g}",
                            help=None if len(tied) == 1 else "Tied: " + plain(", ".join(tied)))
            c[2].metric("Most able candidate", plain(ranking.most_able))
            # "yes" only when the best addition is the most able candidate themself
            verdict = ("—" if best.marginal_gain <= 0 else
                       "yes" if ranking.most_able_is_best and len(tied) == 1 else
                       "tied" if ranking.most_able_is_best else "no")
            c[3].metric("Most able is the best addition", verdict,
                        help="tied: the most able candidate adds as much as the best addition "
                             f"(+{best.marginal_gain:g}), so do others" if verdict == "tied" else None)
        # one view at a time, the ranking first: only the open tab is built and drawn
        ranking_tab, chart_tab = st.tabs(["Ranking", "Chart"], on_change="rerun", key="hire_view")
        if ranking_tab.open:
            table(pd.DataFrame([{"rank": x.rank, "candidate": x.name,
                                 "individual ability": x.individual_ability,
                                 "marginal gain": x.marginal_gain, "ability after": x.ability_after,
                                 "tools added": ", ".join(x.tools_added)}
                                for x in ranking.candidates]),
                  ranking_tab, key="ranking_table")
        if chart_tab.open:
            chart_tab.plotly_chart(state.figure_of(candidate_gain_figure, rank_candidates, team),
                                   key="fig_gain")
        d1, d2, _ = st.columns([2, 2, 3])
        d1.download_button("Ranking (JSON)", lambda: ranking.model_dump_json(indent=2),
                           file_name="candidates.json", mime="application/json", on_click="ignore",
                           key="dl_ranking_json")
        d2.download_button("Ranking (CSV)", lambda: csv_text([
            {**x.model_dump(), "tools_added": ", ".join(x.tools_added)} for x in ranking.candidates
        ]), file_name="candidates.csv", mime="text/csv", on_click="ignore",
            key="dl_ranking_csv")

        st.subheader("Add a hire")
        a, b, d = st.columns([2, 2, 1], vertical_alignment="bottom")
        who = a.selectbox("Candidate", [x.name for x in ranking.candidates], key="hire_who")
        names = [t.name for t in scenario.teams]
        # keyed by the team hired for: its default follows that choice, the user's pick is kept
        into = b.selectbox("Into team", [*names, "(no team)"],
                           index=names.index(team) if team in names else 0,
                           key=f"hire_into_{state.scenario_key()}_{team_choice}")
        # a callback: the hire is made before the next run draws the page (no second run)
        d.button(f"Hire {plain(who)}" + ("" if into == "(no team)" else f" into {plain(into)}"),
                 type="primary", key="hire_button", on_click=_hire,
                 args=(who, None if into == "(no team)" else into))
        if S.get("hire_error"):
            error_box(S.pop("hire_error"))

    # ---------------------------------------------------------------- key-person risk
    st.subheader("Key-person risk")
    try:
        risk = state.compute(key_person_risk, team)
    except TeamsimError as e:
        error_box(e.render(), "warning")
    else:
        c = st.columns(3)
        c[0].metric("Truck factor", risk.truck_factor.value,
                    help="Fewest departures that leave some tool uncovered: "
                    + plain(", ".join(risk.truck_factor.people)))
        c[1].metric("Tools only one person holds", len(risk.single_holders))
        c[2].metric("Tools nobody holds", len(risk.uncovered))
        if risk.key_people:  # drawn only while open
            box = st.expander(f"Key people ({len(risk.key_people)}): the only holders of a tool",
                              on_change="rerun", key="risk_view")
            if box.open:
                table(pd.DataFrame([{"person": p, "only holder of": ", ".join(ts)}
                                    for p, ts in risk.key_people.items()]), box, key="risk_table")


def _best_team_of_k() -> None:
    """The most able team of k against the k most able people."""
    scenario = state.scenario()
    # ---------------------------------------------------------------- best team of k
    st.subheader("Best team of k")
    pool_opts = st.columns([1, 1, 2], vertical_alignment="bottom")
    include = pool_opts[1].checkbox("Include candidates in the pool", value=bool(scenario.candidates),
                                    key="k_pool_candidates")
    pool = [p.name for p in (scenario.all_people if include else scenario.people)]
    if not pool:
        st.info("No people in this scenario.")
        end_page()
    k = pool_opts[0].number_input("k", min_value=1, max_value=len(pool), value=min(2, len(pool)),
                                  key="hire_k")
    tasks = ["(every tool)", *(t.name for t in scenario.tasks)]
    task_choice = pool_opts[2].selectbox("Task (required tools)", tasks, key="hire_task")
    task = None if task_choice == tasks[0] else task_choice
    try:
        exact_key = (state.scenario_key(), int(k), include, task)
        method = interactive_method(len(pool), int(k), exact=S.get("exact_hire_k") == exact_key)
        both = state.compute(team_of_k, int(k), pool, task, method=method)
        best_k, most_k = both.best_ability_team, both.most_able_team
    except TeamsimError as e:
        error_box(e.render())
        end_page()
    a, b = st.columns([2, 3])
    with a:
        st.metric(f"Most able team of {k}", f"{most_k.ability:g}",
                  delta=(f"{d:+g} vs the {k} most able people"
                         if (d := most_k.ability - best_k.ability) else None))
        st.markdown(f"**{plain(', '.join(most_k.members))}** ({most_k.method}"
                    + ("" if most_k.exact else f"; optimum ≤ {most_k.upper_bound:.3g}") + ")")
        st.caption(f"The {k} individually most able: {plain(', '.join(best_k.members))} "
                   f"(team ability {best_k.ability:g}).")
        if not most_k.exact:
            st.button("Find the exact optimum (integer program, up to 10 s)", key="exact_hire_button",
                      on_click=S.__setitem__, args=("exact_hire_k", exact_key))
        if task:
            try:
                cover = state.compute(smallest_covering_team, task, pool=pool)
            except TeamsimError as e:
                error_box(e.render(), "warning")
            else:
                st.metric("Smallest team covering the task", cover.size)
                st.caption(plain(", ".join(cover.members)) + f" ({cover.method})")
    # the figure is built and drawn only while its expander is open
    box = b.expander("Chart: the most able team against the k most able people", on_change="rerun",
                     key="best_k_view", icon=":material/bar_chart:")
    if box.open:
        box.plotly_chart(state.figure(_best_k_figure, int(k), pool, task, method), key="fig_best_k")


_for_team()
_best_team_of_k()
