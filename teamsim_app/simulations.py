"""Page 6: simulations (Hong-Page and team assembly) with parameter controls and progress.

Models from :mod:`teamsim.hongpage` and :mod:`teamsim.assembly`; figures from
:mod:`teamsim.figures`. Sweeps run through :func:`teamsim.sweep.sweep` (on the Dask
cluster named by ``TEAMSIM_DASK_SCHEDULER`` if set, else in the app's process), and
every progress bar counts completed tasks. Results are cached per parameter set, so
going back to a setting shows it at once.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from teamsim import TeamsimError
from teamsim.assembly import assemble_teams, assembly_sweep
from teamsim.figures import assembly_run_figure, assembly_sweep_figure, hong_page_figure
from teamsim.hongpage import hong_page, hong_page_sweep
from teamsim_app.safe import error_box, table

st.title("Simulations")
S = st.session_state
# The parameters of both models. A closed tab's widgets are not drawn, and Streamlit forgets
# the value of a widget that a run does not draw: set again on every run, they are kept.
PARAMETERS = ("hp_n", "hp_k", "hp_l", "hp_N", "hp_landscapes", "hp_mode", "hp_smoothing", "hp_seed",
              "hp_sweep_N", "asm_m", "asm_p", "asm_q", "asm_tau", "asm_steps", "asm_seed", "asm_runs",
              "asm_points")
for _key in PARAMETERS:
    if _key in S:
        S[_key] = S[_key]
# one model at a time: only the open tab is built and drawn
tab_hp, tab_asm = st.tabs(["Hong-Page: diversity trumps ability", "Team assembly"], on_change="rerun",
                          key="sim_model")


def _se(x: float | None) -> str:
    """A standard error to 2 decimals; None (one landscape: undefined) as —."""
    return "—" if x is None else f"{x:.2f}"


def _num(x: float | None) -> str:
    """A measure in the Hong-Page table to 3 decimals; None (undefined) as —."""
    return "—" if x is None else f"{x:.3f}"


def task_progress(label: str):
    """A progress bar that the simulations advance as their tasks complete: ``progress(done, total)``."""
    bar = st.progress(0.0, text=label)

    def update(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"{label}: {done} of {total} done")
    return update


def _table_and_chart(rows: pd.DataFrame, figure, key: str) -> None:
    """A result's table, then its chart in a second tab (built only when that tab is open)."""
    table_tab, chart_tab = st.tabs(["Table", "Chart"], on_change="rerun", key=f"{key}_view")
    if table_tab.open:
        table(rows, table_tab, key=f"{key}_table")
    if chart_tab.open:
        chart_tab.plotly_chart(figure(), key=f"fig_{key}")


def _hong_page() -> None:
    """The Hong-Page tab: parameters, one run, a sweep over N."""
    st.caption("Hong & Page (PNAS 2004): agents search a ring of n random values with k step "
               "sizes from 1..l; the team of the N individually best agents against a random "
               "team of N, over many landscapes.")
    c = st.columns(4)
    n = c[0].number_input("n (ring size)", 20, 20000, 2000, 100, key="hp_n")
    k = c[1].number_input("k (steps per agent)", 1, 6, 3, key="hp_k")
    ll = c[2].number_input("l (largest step)", 2, 30, 12, key="hp_l")
    N = c[3].number_input("N (team size)", 1, 50, 10, key="hp_N")
    c = st.columns(4)
    L = c[0].number_input("landscapes", 1, 500, 50, key="hp_landscapes")
    mode = c[1].selectbox("team search", ["relay", "tournament"], key="hp_mode")
    smoothing = c[2].number_input("smoothing (0 = rough)", 0, 50, 0, key="hp_smoothing")
    seed = c[3].number_input("seed", 0, 2**31 - 1, 0, key="hp_seed")
    params = dict(n=int(n), k=int(k), l=int(ll), N=int(N), landscapes=int(L), mode=mode,
                  smoothing=int(smoothing), seed=int(seed))
    results = S.setdefault("hp_results", {})
    pkey = tuple(sorted(params.items()))
    if st.button("Run the simulation", type="primary", key="hp_run"):
        try:
            results[pkey] = hong_page(**params, processes=1, progress=task_progress("landscapes"))
        except TeamsimError as e:
            error_box(e.render())
    r = results.get(pkey)
    if r is None:
        st.caption("Set the parameters and run. The paper's default (n=2000, k=3, l=12, N=10, "
                   "50 landscapes) takes a few seconds.")
    else:
        m = st.columns(4)
        m[0].metric("Best-N team", f"{r.best.performance:.2f}", help=f"± {_se(r.best.performance_se)} SE")
        m[1].metric("Random team", f"{r.random.performance:.2f}",
                    delta=f"{r.difference:+.2f} ± {_se(r.difference_se)}",
                    help=f"± {_se(r.random.performance_se)} SE")
        m[2].metric("Random team wins", f"{r.random_wins:.0%}", help="Share of landscapes")
        m[3].metric("Best single agent", f"{r.best_agent_ability:.2f}")
        _table_and_chart(pd.DataFrame(
            {"measure": ["performance", "standard error", "pairwise diversity",
                         "coverage diversity", "mean agent ability"],
             **{name: [_num(g.performance), _num(g.performance_se), _num(g.diversity),
                       _num(g.coverage), _num(g.mean_ability)]
                for name, g in (("best-N team", r.best), ("random team", r.random))}}),
            lambda: hong_page_figure(r), "hp")
        st.download_button("Result (JSON)", lambda: r.model_dump_json(indent=2),
                           file_name="hong-page.json", mime="application/json",
                           on_click="ignore", key="hp_download")
    st.markdown("**Sweep over team size N** (the other parameters as above; each N has its own seed)")
    c = st.columns([2, 1], vertical_alignment="bottom")
    sizes = c[0].multiselect("values of N", list(range(1, 51)), [5, 10, 20], key="hp_sweep_N")
    hp_sweeps = S.setdefault("hp_sweeps", {})
    hkey = (pkey, tuple(sorted(sizes)))
    if c[1].button("Run the sweep", type="primary", key="hp_sweep_run", disabled=not sizes):
        grid = {x: v for x, v in params.items() if x not in ("seed", "N")} | {"N": sorted(sizes)}
        try:
            hp_sweeps[hkey] = hong_page_sweep(grid, seed=params["seed"], processes=1,
                                              progress=task_progress("tasks"))
        except TeamsimError as e:
            error_box(e.render())
    if hkey in hp_sweeps:
        _table_and_chart(pd.DataFrame(hp_sweeps[hkey])[["N", "best_performance", "random_performance",
                                                        "difference", "difference_se", "random_wins"]],
                         lambda: hong_page_figure(hp_sweeps[hkey]), "hp_sweep")


def _assembly() -> None:
    """The team assembly tab: parameters, one run, a sweep over p."""
    st.caption("Guimerà, Uzzi, Spiro & Amaral (Science 2005): teams of m people; each seat "
               "goes to an incumbent with probability p (repeating a past collaboration with "
               "probability q), otherwise to a newcomer; people inactive for τ steps leave. "
               "A giant component appears once p is large enough.")
    c = st.columns(6)
    m_ = c[0].number_input("m (team size)", 2, 20, 4, key="asm_m")
    p = c[1].slider("p (incumbent)", 0.0, 1.0, 0.6, 0.05, key="asm_p")
    q = c[2].slider("q (repeat)", 0.0, 1.0, 0.5, 0.05, key="asm_q")
    tau = c[3].number_input("τ (inactivity)", 1, 500, 30, key="asm_tau")
    steps = c[4].number_input("steps", 10, 20000, 1000, 100, key="asm_steps")
    aseed = c[5].number_input("seed", 0, 2**31 - 1, 0, key="asm_seed")
    try:
        run = st.cache_data(assemble_teams, show_spinner="Assembling teams…", max_entries=32)(
            m=int(m_), p=float(p), q=float(q), tau=int(tau), steps=int(steps), seed=int(aseed))
    except TeamsimError as e:
        error_box(e.render())
    else:
        m = st.columns(3)
        m[0].metric("Giant component share (end)", f"{run.giant_share[-1]:.0%}"
                    if run.giant_share else "—")
        m[1].metric("Incumbent seats", f"{run.incumbent_share:.0%}")
        m[2].metric("Repeated collaborations", f"{run.repeat_share:.0%}")
        st.plotly_chart(assembly_run_figure(run), key="fig_asm_run")
    st.markdown("**Sweep over p** (the phase transition)")
    c = st.columns([1, 1, 2], vertical_alignment="bottom")
    runs = c[0].number_input("runs per p", 1, 20, 3, key="asm_runs")
    points = c[1].number_input("values of p", 3, 21, 11, key="asm_points")
    sweeps = S.setdefault("asm_sweeps", {})
    skey = (int(m_), float(q), int(tau), int(steps), int(runs), int(points), int(aseed))
    if c[2].button("Run the sweep", type="primary", key="asm_sweep_run"):
        ps = [round(i / (int(points) - 1), 4) for i in range(int(points))]
        try:
            sweeps[skey] = assembly_sweep(ps=ps, qs=(float(q),), m=int(m_), tau=int(tau), steps=int(steps),
                                          runs=int(runs), seed=int(aseed), workers=1,
                                          progress=task_progress("runs"))
        except TeamsimError as e:
            error_box(e.render())
    if skey in sweeps:
        st.plotly_chart(assembly_sweep_figure(sweeps[skey]), key="fig_asm_sweep")


if tab_hp.open:
    with tab_hp:
        _hong_page()
if tab_asm.open:
    with tab_asm:
        _assembly()
