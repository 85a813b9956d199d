"""Page: the sources behind the current scenario (what was uploaded, read as what, who said what).

The sidebar's uploader takes several files at once; :func:`teamsim.importers.uploaded.read_uploads`
reads them with :func:`teamsim.importers.read` in one call. This page shows the kind each
file was read as (and lets the user choose another), the merged scenario's counts, the
warnings by kind (every one below) and the provenance, as plain-text tables.

With one git log and services loaded, the owners can come from the history
(:func:`teamsim.history_owners.history_owners_and_tools`, as the CLI's ``--git-log``): the
threshold and the window's first day are chosen here, the uploaded aliases file applies to
the log, and the conflicts with the declared owners are listed. Setting them is an edit of
the current scenario (undo returns to the declared owners).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from teamsim.errors import TeamsimError
from teamsim.history_owners import DEFAULT_OWNER_THRESHOLD, conflict_rows, history_owners_and_tools
from teamsim.importers import GIT_KINDS, ReadResult, warnings_by_kind
from teamsim.importers.uploaded import ALIASES, UPLOAD_KINDS, provenance_rows
from teamsim_app import state
from teamsim_app.safe import end_page, plain
from teamsim_app.uploads import guarded

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
    end_page()



def _set_history_owners(base: ReadResult) -> None:
    """Apply the owners from the uploaded history to ``base`` and make that the current scenario."""
    S["history_error"] = None
    try:
        r, owners = guarded(history_owners_and_tools, base, file="git history", history_in_read=True,
                            service_paths=state.service_paths(), threshold=S["history_threshold"],
                            since=S.get("history_since"))
    except TeamsimError as e:
        S["history_error"] = e.render()
        return
    state.set_scenario(r.scenario, S.get("source", "uploaded"), rebase=False,
                       message="owners from git history")
    S["history_owners"] = (base, r, owners, state.scenario_key())


def _declared_owners(base: ReadResult) -> None:
    state.set_scenario(base.scenario, S.get("source", "uploaded"), rebase=False, message="declared owners")
    S["history_owners"] = None


def _history_form(base: ReadResult) -> ReadResult:
    """The owners-from-history controls; the result shown below (``base``, or it with the owners
    from history when they make the current scenario)."""
    gits = [name for name, kind in base.kinds if kind in GIT_KINDS]
    if not gits or not base.scenario.services:
        return base
    st.subheader("Owners from git history")
    if base.git_log is None:
        st.info(plain(f"{len(gits)} git logs were uploaded ({', '.join(gits)}): owners from history need "
                      "one; concatenate the logs into one file and upload it instead."))
        return base
    aliases = [name for name, kind in base.kinds if kind == ALIASES]
    st.caption(plain(f"A service's owner becomes the team whose members made the largest share of its "
                     f"changes in {gits[0]} ({len(base.git_log.commits)} commits"
                     + (f", authors merged by {aliases[0]}" if aliases else ", no aliases file uploaded")
                     + ") when that share reaches the threshold; files belong to services by the "
                     f"services' folders ({state.service_paths()}). As teamsim's --git-log, "
                     "--owner-threshold, --since and --aliases. Applied to the uploaded sources: edits "
                     "made since the upload are replaced (undo brings them back)."))
    with st.form("history_form", border=False):
        a, b = st.columns(2)
        a.slider("Threshold: the top team's smallest share of a service's changes", 0.0, 1.0,
                 DEFAULT_OWNER_THRESHOLD, 0.05, key="history_threshold")
        b.date_input("Changes since (empty: the whole history)", value=None, key="history_since",
                     min_value=dt.date(1970, 1, 1), max_value=dt.date(2100, 1, 1), format="YYYY-MM-DD")
        st.form_submit_button("Set owners from git history", on_click=_set_history_owners, args=(base,))
    if S.get("history_error"):
        st.code(S["history_error"], language=None)
    done = S.get("history_owners")
    if not done or done[0] is not base:
        return base
    _, r, owners, key = done
    if key != state.scenario_key():
        st.caption("The scenario changed since the owners from history were set: set them again.")
        return base
    window = f"since {owners.since}" if owners.since else "the whole history"
    st.button("Keep the declared owners instead", on_click=_declared_owners, args=(base,))
    st.text(f"Owners from history set: {len(owners.assigned)} service(s), threshold {owners.threshold:.0%}, "
            f"{window}, {owners.commits} commits. Conflicts with declared owners: {len(owners.conflicts)}, "
            f"ties: {len(owners.ties)}.")
    if owners.assigned:
        st.dataframe(pd.DataFrame(list(owners.assigned.items()), columns=["service", "owner from history"]),
                     hide_index=True)
    if owners.conflicts:
        st.caption("Conflicts with the declared owners (also among the warnings below, kind owner conflict):")
        st.dataframe(pd.DataFrame(conflict_rows(owners), columns=["service", "declared", "history owner",
                                                                  "share", "applied"]), hide_index=True)
    return r


result = _history_form(result)
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
