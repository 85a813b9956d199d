"""Page: the sources behind the current scenario (what was uploaded, read as what, who said what).

The sidebar's uploader takes several files at once; :func:`teamsim.importers.uploaded.read_uploads`
reads them with :func:`teamsim.importers.read` in one call. This page shows the kind each
file was read as (and lets the user choose another), the merged scenario's counts, the
warnings by kind (every one below) and the provenance, as plain-text tables.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from teamsim.importers import warnings_by_kind
from teamsim.importers.uploaded import UPLOAD_KINDS, provenance_rows
from teamsim_app import state
from teamsim_app.safe import plain

st.title("Sources")
S = st.session_state
AUTO = "detected"

files = S.get("upload") or []
result = state.read_result()
if files:
    st.subheader("Uploaded files")
    detected = state.detected_kinds()
    read_as = dict(result.kinds) if result else {}

    def _reload() -> None:
        state.reload_upload([None if S.get(f"kind_{f.file_id}", AUTO) == AUTO else S[f"kind_{f.file_id}"]
                             for f in files], S.get("service_paths_input"))

    with st.form("kinds_form", border=False):
        for f, kind in zip(files, detected):
            a, b = st.columns([2, 1], vertical_alignment="center")
            a.text(f"{f.name}  (detected: {kind or 'unknown'})")
            b.selectbox("Read as", [AUTO, *UPLOAD_KINDS], key=f"kind_{f.file_id}",
                        label_visibility="collapsed",
                        format_func=lambda k, d=kind: f"{AUTO}: {d or 'unknown'}" if k == AUTO else k)
        st.text_input("Each service's folder in the repository, for CODEOWNERS ({name} is the "
                      "service's name)", value=state.service_paths(), key="service_paths_input",
                      help="As teamsim's --service-paths, e.g. src/{name}/")
        st.form_submit_button("Read again with these kinds and folders", on_click=_reload)

if result is None:
    st.info("The current scenario is a single scenario file (built-in or given to the server). "
            "Upload files in the sidebar (several at once: a scenario, CSVs, Backstage YAML or a "
            "catalog .zip, CODEOWNERS, a git log and its aliases) to see what each one says.")
    st.stop()

s = result.scenario
st.subheader("Merged scenario")
c = st.columns(4)
c[0].metric("People", len(s.people))
c[1].metric("Teams", len(s.teams))
c[2].metric("Services", len(s.services))
c[3].metric("Warnings", len(result.warnings))
st.dataframe(pd.DataFrame(result.kinds, columns=["file", "read as"]), hide_index=True)

groups = warnings_by_kind(result.warnings)
if groups:
    st.subheader("Warnings")
    st.dataframe(pd.DataFrame([(kind, len(ws)) for kind, ws in groups], columns=["kind", "count"]),
                 hide_index=True)
    with st.expander(f"All {len(result.warnings)} warnings"):
        st.text("\n".join(w.render() for w in result.warnings))

st.subheader("Provenance")
st.caption("Which source said what about each service, team and person: listed, owner, "
           "dependencies, paths (CODEOWNERS), members, services, member, tools.")
st.dataframe(pd.DataFrame(provenance_rows(result.provenance),
                          columns=["what", "name", "source", "fact"]), hide_index=True)
st.caption(plain(f"Read from: {', '.join(result.sources)}"))
