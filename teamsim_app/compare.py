"""Page: compare two saved versions: of the current plan, or of any two saved plans (every edit is one).

The comparison is :func:`teamsim.compare.compare` (the same as ``teamsim compare A B``):
what changed (people, teams, services, ...) and how the organisation's metrics moved.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from teamsim import TeamsimError
from teamsim._csvsafe import csv_text
from teamsim._text import printable
from teamsim.compare import metric_rows
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
st.caption("Every edit and applied what-if is saved as a version of its plan (this one: "
           f"**{plain(session.version.plan)}**, now at {plain(session.version.ref)}). Compare any two "
           "versions, of this plan or of two plans (plan A with plan B); teamsim compare gives the same "
           "result.")
summaries = ws.plan_summaries()
plans = [p.plan for p in summaries]
if sum(p.versions for p in summaries) < 2:
    st.info("Only one version so far: make an edit (skill matrix, teams, a what-if) to compare.")
    end_page()
here = session.version


def _side(col, side: str, first: bool) -> int:
    """A plan and one of its versions; keyed by the current version, so an edit starts over."""
    plan = col.selectbox(f"Plan {side}", plans, index=plans.index(here.plan) if here.plan in plans else 0,
                         format_func=printable, key=f"cmp_plan_{side}_{here.id}")
    log = ws.log(plan)  # newest first
    ids = [v.id for v in log]
    labels = {v.id: f"{v.ref} · {v.message or '(no message)'} · {v.created_at:%Y-%m-%d %H:%M}" for v in log}
    index = ids.index(here.id) if here.id in ids else 0
    if first and here.id == ids[0]:
        index = len(ids) - 1  # before: the first version of the plan
    tag = hashlib.sha256(plan.encode()).hexdigest()[:8]
    key = "before" if first else "after"
    return int(col.selectbox(f"Version {side} ({key})", ids, index=index, format_func=labels.get,
                             key=f"cmp_{key}_{here.id}_{tag}"))


a, b = st.columns(2)
before, after = _side(a, "A", True), _side(b, "B", False)
try:
    result = state.compare_versions(default_url(), before, after)
except TeamsimError as e:
    error_box(e.render())
    end_page()

st.subheader("What changed")
if result.changes:
    st.dataframe(pd.DataFrame([{"kind": c.kind, "name": c.name, "change": c.change,
                                "what changed": c.detail or ""} for c in result.changes]),
                 hide_index=True, key="cmp_changes")
else:
    st.caption("The two versions are the same scenario.")
st.subheader("Metrics")
st.dataframe(pd.DataFrame(metric_rows(result),
                          columns=["metric", "scope", "before", "after", "change", "source"]),
             hide_index=True, key="cmp_metrics")
d1, d2, _ = st.columns([2, 2, 3])
d1.download_button("Comparison (JSON)", lambda: result.model_dump_json(indent=2),
                   file_name="comparison.json", mime="application/json", on_click="ignore",
                   key="dl_cmp_json")
d2.download_button("Changes (CSV)", lambda: csv_text([c.model_dump() for c in result.changes],
                                                     ["kind", "name", "change", "before", "after", "detail"]),
                   file_name="changes.csv", mime="text/csv", on_click="ignore", key="dl_cmp_csv")
