"""Page: compare two saved versions of the plan (every edit is one, autosaved).

The comparison is :func:`teamsim.compare.compare` (the same as ``teamsim compare A B``):
what changed (people, teams, services, ...) and how the organisation's metrics moved.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from teamsim import TeamsimError
from teamsim._csvsafe import csv_text
from teamsim.workspace import default_url
from teamsim_app import state
from teamsim_app.safe import end_page, error_box, plain

st.title("Compare versions")

S = st.session_state
state.scenario()
session = S.get("session")
ws = state.workspace()
if session is None or ws is None:
    st.info("Comparing needs the workspace (autosave), which could not be opened: see the sidebar.")
    end_page()
st.caption("Every edit and applied what-if is saved as a version of the plan "
           f"**{plain(session.version.plan)}**. Compare any two of them (the current one: "
           f"{plain(session.version.ref)}); teamsim compare gives the same result.")
log = ws.log(session.version.plan)  # newest first
if len(log) < 2:
    st.info("Only one version so far: make an edit (skill matrix, teams, a what-if) to compare.")
    end_page()
labels = {v.id: f"{v.ref} · {v.message or '(no message)'} · {v.created_at:%Y-%m-%d %H:%M}" for v in log}
ids = [v.id for v in log]
a, b = st.columns(2)
# keyed by the current version: a new edit starts the comparison from it again
before = a.selectbox("Before", ids, index=len(ids) - 1 if session.version.id == ids[0] else 0,
                     format_func=labels.get, key=f"cmp_before_{session.version.id}")
after = b.selectbox("After", ids, index=ids.index(session.version.id), format_func=labels.get,
                    key=f"cmp_after_{session.version.id}")
try:
    result = state.compare_versions(default_url(), int(before), int(after))
except TeamsimError as e:
    error_box(e.render())
    end_page()

st.subheader("What changed")
if result.changes:
    st.dataframe(pd.DataFrame([c.model_dump() for c in result.changes]), hide_index=True,
                 key="cmp_changes")
else:
    st.caption("The two versions are the same scenario.")
st.subheader("Metrics")
st.dataframe(pd.DataFrame([{"scope": m.scope, "metric": m.metric, "before": m.before,
                            "after": m.after, "change": m.change} for m in result.metrics]),
             hide_index=True, key="cmp_metrics")
d1, d2, _ = st.columns([2, 2, 3])
d1.download_button("Comparison (JSON)", lambda: result.model_dump_json(indent=2),
                   file_name="comparison.json", mime="application/json", on_click="ignore",
                   key="dl_cmp_json")
d2.download_button("Changes (CSV)", lambda: csv_text([c.model_dump() for c in result.changes],
                                                     ["kind", "name", "change", "before", "after"]),
                   file_name="changes.csv", mime="text/csv", on_click="ignore", key="dl_cmp_csv")
