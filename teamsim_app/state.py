"""The app's shared state: the current scenario, how it was loaded, and cached library calls.

Every page reads the current scenario from ``st.session_state`` through
:func:`scenario`; loading a built-in, uploading a file or editing the skill
matrix replaces it for all pages. A scenario that fails validation never
replaces the current one: its message (``TeamsimError.render()``) is shown
instead, so the user's edits are never lost. An upload's message is kept with
the upload's file id and shown only while that file is in the uploader.

Expensive library calls are cached with ``st.cache_data`` keyed on a digest of
the scenario's JSON (the scenario object itself is passed unhashed).
"""

from __future__ import annotations

import hashlib
import logging
import os

import streamlit as st
from sqlalchemy import exc as sa_exc

from teamsim import TeamsimError, analyze, edits
from teamsim._text import printable
from teamsim.ability import interactive_method
from teamsim.communication import TWO_PIZZA_LIMIT
from teamsim.compare import Comparison, compare
from teamsim.figures import (
    abilities_figure,
    prerequisite_graph_figure,
    team_ability_figure,
    team_of_k_figure,
    tool_heatmap,
)
from teamsim.importers import SCENARIO_KINDS, ReadResult, read, scenario_to_yaml
from teamsim.importers.uploaded import detect_uploads, read_uploads
from teamsim.report import ScenarioReport
from teamsim.report_file import report_text
from teamsim.scenario import Scenario
from teamsim.scenarios import DEFAULT_SCENARIO, builtin_scenarios
from teamsim.workspace import StaleVersionError, Workspace, default_url, plan_name_for
from teamsim_app.safe import file_name, plain
from teamsim_app.uploads import display_name, guarded

__all__ = [
    "REAL_EXAMPLE_PREFIX",
    "SCENARIO_ENV",
    "cached_figure",
    "add_person",
    "detected_kinds",
    "apply",
    "cached_report",
    "compare_versions",
    "compute",
    "figure",
    "figure_of",
    "hire",
    "init",
    "load_builtin",
    "load_upload",
    "read_result",
    "reload_upload",
    "open_builtin",
    "real_example",
    "redo",
    "report_download",
    "scenario",
    "scenario_key",
    "service_paths",
    "set_scenario",
    "show_load_error",
    "sidebar",
    "sidebar_status",
    "toast",
    "done_message",
    "undo",
    "workspace",
    "yaml_download",
]

#: Environment variable naming a scenario file to open instead of the built-in default.
SCENARIO_ENV = "TEAMSIM_SCENARIO"

#: What the sidebar's uploader reads (all in one go, merged: see the Sources page).
UPLOAD_HELP = ("A scenario (YAML, JSON), skills, org or dependency CSV, Backstage catalog YAML "
               "files or a catalog .zip, a CODEOWNERS file, a git log (.gitlog, .gz) and its "
               "aliases.txt or .mailmap. Several files are merged into one scenario.")

#: Where a CODEOWNERS file finds each service unless the Sources page says otherwise (as the CLI).
DEFAULT_SERVICE_PATHS = "{name}/"

#: Built-in scenarios whose name starts with this are the real organisation example.
REAL_EXAMPLE_PREFIX = "online-boutique"

_S = st.session_state


def _digest(s: Scenario) -> str:
    return hashlib.sha256(s.model_dump_json().encode()).hexdigest()[:16]


def _show(s: Scenario, source: str, *, rebase: bool, edited: bool) -> None:
    """Make ``s`` current in this browser session (no workspace write)."""
    _S["scenario"] = s
    _S["scenario_key"] = _digest(s)
    _S["source"] = source
    _S["edited"] = edited
    _S.setdefault("latest", [s])[0] = s  # read by the deferred YAML download, at click time
    if rebase:
        _S["editor_version"] = _S.get("editor_version", 0) + 1
        _S.pop("editor_base", None)
        _S["load_error"] = None


def set_scenario(s: Scenario, source: str, *, rebase: bool = True, message: str = "edit") -> bool:
    """Make ``s`` the current scenario of every page, and save it to the workspace.

    ``rebase`` (loading, uploading) restarts the skill-matrix editor from ``s`` and
    starts a new workspace session on it (the previous session stays in the
    workspace). Edits pass ``rebase=False``: the editor keeps its state and ``s``
    is autosaved as the session's next version (``message`` says what changed).

    Returns False when the edit was refused because another tab or window on this link
    saved first: the latest version is shown instead (the page should ``st.rerun()``)
    and :func:`toast` says the change was not applied.
    """
    if rebase:
        _show(s, source, rebase=True, edited=False)
        _open_session(s, source)
        return True
    if not _record(s, message):
        return False
    _show(s, source, rebase=False, edited=True)
    return True


# --------------------------------------------------------------------------- workspace
@st.cache_resource(show_spinner=False, max_entries=4)
def _workspace(url: str) -> Workspace:
    return Workspace(url)


def workspace() -> Workspace | None:
    """The app's workspace (``TEAMSIM_DATABASE_URL`` or the default SQLite file), or None.

    When the database cannot be opened the app still works, without autosave; the
    reason is shown in the sidebar.
    """
    return _ws_call(_workspace, default_url())


def _ws_call(fn, *args, **kwargs):
    """``fn(*args, **kwargs)`` on the workspace; on failure None, and the sidebar says why.

    A database that fails mid-session (locked, gone, full) must not take the app down:
    the user keeps working on the current scenario, without autosave. A
    :class:`~teamsim.workspace.StaleVersionError` (another tab saved first) is raised on.
    """
    try:
        return fn(*args, **kwargs)
    except StaleVersionError:
        raise
    except TeamsimError as e:
        _S["workspace_error"] = e.render()
    except (sa_exc.SQLAlchemyError, OSError) as e:
        logging.getLogger(__name__).exception("workspace call failed")
        _S["workspace_error"] = f"the workspace database failed: {type(e).__name__}"
    return None


def _plan_name(s: Scenario) -> str:
    return plan_name_for(s.name)


def _open_session(s: Scenario, source: str) -> None:
    """Open ``s`` in this link's session, as one undoable step (a new session on first use)."""
    ws, before = workspace(), _S.get("session")
    kw = {"plan": _plan_name(s), "message": f"opened {source}"[:500], "origin": [source]}
    after = ws and (_ws_call(ws.switch, before.token, s, **kw) if before else None)
    _S["session"] = after or (ws and _ws_call(ws.start_session, s, **kw))
    if _S["session"] is not None:
        _S["workspace_error"] = None
        st.query_params["s"] = _S["session"].token
    if after:
        _left(ws, before)


def _left(ws: Workspace, before) -> None:
    """Remember the plan the user left, with a link that reopens it, for :func:`_switched`."""
    link = _ws_call(ws.open_session, before.version.id)
    base = (st.context.url or "").split("?")[0]
    base += "/" if base.count("/") == 2 else ""  # http://host:port -> http://host:port/
    _S["switched"] = (_S["session"].version.id, before.version.ref,
                      f"{base}?s={link.token}" if link else None)


def _switched() -> None:
    """After opening another plan: which plan the user left and how to get back to it."""
    version_id, ref, link = _S.get("switched") or (None, "", None)
    session = _S.get("session")
    if session is None or session.version.id != version_id:
        return
    st.info(plain(f"Your previous plan is saved as {ref}. Undo returns to it"
                  + (", or open it with this link:" if link else ".")), icon=":material/history:")
    if link:
        st.code(link, language=None, wrap_lines=True)


def _open_plan(plan: str) -> None:
    """Open the latest version of a saved plan in this session (undo returns)."""
    ws, session = workspace(), _S.get("session")
    found = ws and session and _ws_call(_load, ws, session.token, "open_version", plan)
    if found:
        _follow(*found)
        _left(ws, session)


#: Shown when an edit was built on a version another tab or window has moved past.
STALE_MESSAGE = ("This plan changed in another tab or window: now showing its latest version (@{n}). "
                 "Your change was not applied; make it again.")


def _record(s: Scenario, message: str) -> bool:
    """Autosave edit ``s`` on the version this tab shows; False (and the latest version
    shown) when another tab or window on this link saved first."""
    ws, session = workspace(), _S.get("session")
    if ws is None or session is None:
        return True
    try:
        after = _ws_call(ws.record, session.token, s, message=message[:500], base=session.version.id)
    except StaleVersionError as e:
        _stale(e)
        return False
    _S["session"] = after or session
    return True


def _stale(e: StaleVersionError) -> None:
    """Say why the tab's change was not applied; the next run (:func:`init`, before any
    widget) reopens the session's latest version, as a reload would."""
    _S["reopen"] = True
    _S["stale"] = STALE_MESSAGE.format(n=e.current.version.number)


def _load(ws: Workspace, token: str, direction: str | None = None, *args, **kwargs):
    """The session after ``direction`` ("undo", "redo", "open_version" or None) and its scenario."""
    session = getattr(ws, direction)(token, *args, **kwargs) if direction else ws.session(token)
    return session, ws.load(session.version.id)


def _origin(session) -> str:
    return session.version.origin[0] if session.version.origin else "workspace"


def _reopen(token: str) -> bool:
    """Open session ``token``'s current version (a reload, or the link in a new tab)."""
    ws = workspace()
    found = ws and _ws_call(_load, ws, token)
    if not found:
        return False
    _follow(*found)
    return True


def _follow(session, s: Scenario) -> None:
    """Show ``s``, the scenario of ``session``'s current version (after a reload, undo, redo, open)."""
    _S["session"] = session
    source = _origin(session)
    _show(s, source, rebase=True, edited=session.edited)
    name = source.removeprefix("built-in: ")
    _S["builtin"] = name if source != name and name in builtin_scenarios() else None
    _S["builtin_choice"] = _S["builtin"]


def _step(direction: str) -> None:
    """Undo or redo one autosaved edit (``direction`` is "undo" or "redo") of the version this
    tab shows (another tab's newer version is shown instead, see :func:`_stale`)."""
    ws, session = workspace(), _S.get("session")
    if not (ws and session):
        return
    try:
        found = _ws_call(_load, ws, session.token, direction, base=session.version.id)
    except StaleVersionError as e:
        _stale(e)
        return
    if found:
        _follow(*found)


def undo() -> None:
    """Go back one autosaved edit (the step is kept for :func:`redo`)."""
    _step("undo")


def redo() -> None:
    """Return to the version the last :func:`undo` left."""
    _step("redo")


def scenario() -> Scenario:
    """The current scenario (the default one on first use)."""
    if "scenario" not in _S:  # a pending reopen waits for the next run's init, before any widget
        init()
    return _S["scenario"]


def scenario_key() -> str:
    """Digest of the current scenario's JSON: the cache key of every computation."""
    init()
    return _S["scenario_key"]


def init() -> None:
    """Open the default scenario on first use of a session.

    That is the built-in diversity-bonus example, or the file named by the
    environment variable ``TEAMSIM_SCENARIO`` (``TEAMSIM_SCENARIO=org.yaml make app``).
    """
    if "scenario" in _S and not _S.pop("reopen", False):
        session = _S.get("session")
        if session is not None and st.query_params.get("s") != session.token:
            st.query_params["s"] = session.token  # kept in the link across pages
        return
    token = st.query_params.get("s")
    if token and _reopen(token):
        return
    path = os.environ.get(SCENARIO_ENV)
    if path:
        try:
            r = guarded(read, [path], accept=SCENARIO_KINDS, file=path)
            _S["read_result"] = None  # its provenance would name the server's folders
            set_scenario(r.scenario, f"file: {display_name(path)}")
            return
        except TeamsimError as e:
            load_builtin(DEFAULT_SCENARIO)
            e.file = display_name(path)  # the server's folders are not the viewer's business
            _S["load_error"] = (None, e.render())
            return
    load_builtin(DEFAULT_SCENARIO)


def load_builtin(name: str) -> None:
    """Load a built-in scenario by name (a file in ``scenarios/``)."""
    try:
        r = guarded(read, [builtin_scenarios()[name]], accept=SCENARIO_KINDS, file=name)
    except TeamsimError as e:
        _S["load_error"] = (None, e.render())
        return
    _S["read_result"] = None
    set_scenario(r.scenario, f"built-in: {name}")
    _S["builtin"] = name
    _S["builtin_choice"] = name  # called before the sidebar is drawn (init or a callback)


def load_upload(files: list[tuple[str, bytes]], file_ids: tuple | None = None,
                kinds: list[str | None] | None = None) -> bool:
    """Read uploaded files (any sources, several at once) into one scenario and make it current.

    ``files`` are (name, bytes) pairs, read in one call of
    :func:`teamsim.importers.uploaded.read_uploads` (nothing is left on disk); ``kinds``
    overrides the kind detected per file. Returns False (and keeps the current scenario,
    edits included) when a file is invalid; the rendered
    :class:`~teamsim.errors.TeamsimError`, which names the file, is stored for display
    with ``file_ids`` (the uploader's ids of these files), so that it is never shown for
    other files. On success the :class:`~teamsim.importers.registry.ReadResult` (warnings,
    provenance, kinds) is kept for the Sources page.
    """
    _S["load_error"] = None
    names = _names(files)
    try:
        r = guarded(read_uploads, files, kinds, file=names, service_paths=service_paths())
    except TeamsimError as e:
        _S["load_error"] = (file_ids, e.render())
        return False
    _S["read_result"] = r
    set_scenario(r.scenario, f"uploaded: {names}")
    _S["builtin"] = None
    _S["builtin_choice"] = None  # the picker shows that no built-in scenario is open
    return True


def _names(files: list[tuple[str, bytes]]) -> str:
    """The uploaded files' names for a message: the first three, then how many more."""
    shown = ", ".join(display_name(n) for n, _ in files[:3])
    return shown + (f" and {len(files) - 3} more" if len(files) > 3 else "")


def _uploads() -> tuple[list[tuple[str, bytes]], tuple]:
    """The files in the sidebar's uploader: (name, bytes) pairs and their file ids."""
    files = _S.get("upload") or []
    return [(f.name, f.getvalue()) for f in files], tuple(f.file_id for f in files)


def _on_upload() -> None:
    files, ids = _uploads()
    if not files:  # the files were removed from the uploader: so is their message
        if _S.get("load_error") and _S["load_error"][0] is not None:
            _S["load_error"] = None
        return
    what = "the uploaded file" + ("s " if len(files) > 1 else " ") + _names(files)
    _ask(what, load_upload, files, ids)


def service_paths() -> str:
    """Each service's folder in the repository, for CODEOWNERS files (``--service-paths``)."""
    return _S.get("service_paths") or DEFAULT_SERVICE_PATHS


def reload_upload(kinds: list[str | None], paths: str | None = None) -> None:
    """Read the files in the uploader again, each as the kind given (None: detected), with the
    service folders ``paths`` (a ``{name}`` template; unchanged when None)."""
    if paths is not None:
        _S["service_paths"] = paths.strip() or DEFAULT_SERVICE_PATHS
    files, ids = _uploads()
    if files:
        _ask("the uploaded files with the kinds chosen", load_upload, files, ids, kinds)


def read_result() -> ReadResult | None:
    """What the last upload read: warnings, provenance and the kind of each file (None when
    the current scenario is a built-in or the ``TEAMSIM_SCENARIO`` file)."""
    return _S.get("read_result")


def current_read_result() -> ReadResult | None:
    """:func:`read_result`, or it with the owners from git history when the Sources page set them
    and they still make the current scenario (its warnings then include the conflicts and ties)."""
    done = _S.get("history_owners")
    base = read_result()
    if done and base is not None and done[0] is base and done[3] == scenario_key():
        return done[1]
    return base


def detected_kinds() -> list[str | None]:
    """The kind detected for each file in the uploader (None where none fits), cached per upload."""
    files, ids = _uploads()
    if _S.get("detected", (None,))[0] != ids:
        try:
            kinds = guarded(detect_uploads, files, file=", ".join(n for n, _ in files))
        except TeamsimError:
            kinds = [None] * len(files)  # the load error names the problem
        _S["detected"] = (ids, kinds)
    return _S["detected"][1]


def _on_builtin() -> None:
    if _S.get("builtin_choice"):
        open_builtin(_S["builtin_choice"])


def open_builtin(name: str) -> None:
    """Open a built-in scenario, after confirmation when the current one was edited."""
    _ask(f"the built-in scenario {name}", load_builtin, name)


def _ask(what: str, load, *args) -> None:
    """Load now, or (the current scenario was edited) ask first: see :func:`_confirm_box`."""
    if _S.get("edited"):
        _S["pending_load"] = (what, load, args)
    else:
        load(*args)


def _confirm() -> None:
    what, load, args = _S.pop("pending_load")
    load(*args)


def _cancel() -> None:
    _S.pop("pending_load", None)
    _S["builtin_choice"] = _S.get("builtin")  # the picker shows what is open again


def _confirm_box() -> None:
    """The second step of loading over an edited scenario: open it, or keep editing."""
    what, _load, _args = _S["pending_load"]
    session = _S.get("session")
    kept = (f" Your edits stay saved in the workspace as {session.version.ref}, and Undo returns to them."
            if session else "")
    st.warning(f"Open {plain(what)}? It replaces your edited scenario.{plain(kept)}", icon="⚠️")
    a, b = st.columns(2)
    a.button("Open it", on_click=_confirm, key="confirm_load", type="primary", width="stretch")
    b.button("Keep editing", on_click=_cancel, key="cancel_load", width="stretch")


def _history() -> None:
    """Autosave status and the undo/redo buttons (every edit is a workspace version)."""
    session = _S.get("session")
    if _S.get("workspace_error"):
        st.caption("Not autosaved: the workspace failed." if session else
                   "Not autosaved: the workspace could not be opened.")
        st.code(_S["workspace_error"], language=None)
    if session is None:
        return
    a, b = st.columns(2)
    a.button("Undo", on_click=undo, key="ws_undo", icon=":material/undo:", width="stretch",
             disabled=not session.can_undo)
    b.button("Redo", on_click=redo, key="ws_redo", icon=":material/redo:", width="stretch",
             disabled=not session.can_redo)
    st.caption(f"Autosaved as {plain(session.version.ref)} ({plain(session.version.message)}); "
               "reopen it with this page's link.")
    _switched()
    _saved_plans()


#: Saved plans the sidebar lists (the most recently saved first).
SHOWN_PLANS = 50


def _saved_plans() -> None:
    """Every saved plan of the workspace (name, latest version, last saved) and a way to open one."""
    ws = workspace()
    summaries = (ws and _ws_call(ws.plan_summaries)) or []
    # drawn only while open: a data grid on every page's first paint delays it settling
    box = st.expander(f"Saved plans ({len(summaries)})", on_change="rerun", key="saved_plans_view")
    if not box.open:
        return
    with box:
        shown = summaries[:SHOWN_PLANS]
        st.dataframe([{"latest version": f"{p.plan}@{p.versions}",
                       "saved (UTC)": p.last_saved.strftime("%Y-%m-%d %H:%M")} for p in shown],
                     hide_index=True, key="saved_plans_table", column_config={
                         "latest version": st.column_config.TextColumn(width="medium"),
                         "saved (UTC)": st.column_config.TextColumn(width="small")})
        if len(summaries) > len(shown):
            st.caption(f"The {len(shown)} most recent of {len(summaries):,}; the CLI lists all: "
                       "teamsim workspace list.")
        names = [p.plan for p in shown]
        when = {p.plan: f"{p.plan}@{p.versions} · {p.last_saved:%Y-%m-%d %H:%M} UTC" for p in shown}
        choice = st.selectbox("Plan", names, index=None, key="saved_plan_choice", placeholder="choose a plan",
                              format_func=lambda n: plain(when.get(n, n)))
        st.button("Open its latest version", key="open_saved_plan", on_click=_open_plan, args=(choice,),
                  disabled=choice is None, width="stretch",
                  help="Opens it here; Undo returns to the plan you are on now.")


def real_example() -> str | None:
    """Name of the shipped real organisation (Online Boutique), if present."""
    names = builtin_scenarios()
    if REAL_EXAMPLE_PREFIX in names:  # not a variant such as online-boutique-design
        return REAL_EXAMPLE_PREFIX
    return next((n for n in names if n.startswith(REAL_EXAMPLE_PREFIX)), None)


def show_load_error() -> None:
    """Show the last load/validation error inline (no traceback).

    An upload's error shows only while that very file (same file id) is in the uploader.
    """
    err = _S.get("load_error")
    if not err:
        return
    source, message = err
    if source is not None and _uploads()[1] != source:
        return
    st.error("This file was not loaded; your current scenario and your edits are unchanged.",
             icon="⚠️")
    st.code(message, language=None, wrap_lines=True)  # the "fix:" line wraps, never cut off
    if source is not None:
        st.caption("The Sources page shows the kind each file was detected as; choose another "
                   "there, or the services' folders for a CODEOWNERS file.")


def _cell_name(name) -> str:
    missing = name is None or isinstance(name, float) or type(name).__name__ == "NAType"
    return "" if missing else str(name).strip()  # a new row without a name: empty


def edited_scenario(base: Scenario, names: list, tools: list[str], held,
                    candidate=None) -> Scenario:
    """:func:`teamsim.edits.set_skill_matrix` of the skill-matrix editor's cells.

    ``names`` (length n) are the table's person cells in order (an empty cell, of a
    new row without a name, is ""), ``held`` an n x len(tools) boolean array of the
    ticked tools, ``candidate`` (default: none) n flags marking candidates.

    Raises
    ------
    ScenarioError
        Through :func:`teamsim.edits.set_skill_matrix`, e.g. two rows with one name.
    """
    return edits.set_skill_matrix(base, [_cell_name(n) for n in names], tools, held, candidate)


def sidebar():
    """Scenario picker, upload and the real-example shortcut; returns the sidebar's slot for
    :func:`sidebar_status`, drawn after the page (a page's edit shows at once)."""
    names = list(builtin_scenarios())
    with st.sidebar:
        st.subheader("Scenario")
        st.selectbox("Built-in scenario", names, index=None, placeholder="(your uploaded scenario)",
                     key="builtin_choice", on_change=_on_builtin)
        real = real_example()
        if real and real != _S.get("builtin"):
            st.button("Open the real example: Online Boutique", on_click=open_builtin,
                      args=(real,), key="open_real", width="stretch")
        st.file_uploader("Upload sources (several at once)", accept_multiple_files=True,
                         key="upload", on_change=_on_upload, help=UPLOAD_HELP)
        if _S.get("pending_load"):
            _confirm_box()
        return st.container()


def sidebar_status(slot) -> None:
    """The current scenario's summary, its downloads and the autosave status, in ``slot``.

    Drawn after the page ran: an edit the page made (a tick in the skill matrix) shows in
    the counts, the *edited* mark and the autosaved version of the same run.
    """
    with slot:
        s = scenario()
        st.caption(f"**{plain(s.name or 'unnamed')}** · {plain(_S['source'])}"
                   + (" · **edited**" if _S.get("edited") else "")
                   + f"  \n{len(s.people)} people · {len(s.teams)} teams · {len(s.tools)} tools"
                   + f" · {len(s.services)} services")
        r = current_read_result()
        if r is not None and r.warnings:
            st.caption(f"{len(r.warnings):,} warning{'s' * (len(r.warnings) != 1)} reading the "
                       "upload: see the Sources page.")
        st.download_button("Download scenario (YAML)", yaml_download(s),
                           file_name=file_name(s.name, ".yaml"),
                           mime="application/yaml", on_click="ignore", key="dl_scenario",
                           width="stretch")
        st.download_button("Download report (HTML)", report_download(s),
                           file_name=file_name(s.name, "-report.html"), mime="text/html",
                           on_click="ignore", key="dl_report_html", width="stretch",
                           help="The shareable report (as teamsim report writes it): every table and figure")
        _history()


# --------------------------------------------------------------------------- caches
@st.cache_data(show_spinner="Analysing…", max_entries=32)
def _report(key: str, _s: Scenario, k: int, limit: int, exact: bool = False) -> ScenarioReport:
    # greedy first (with its bound) when the exact team of k can take seconds; the page offers the optimum
    return analyze(_s, k=k, two_pizza_limit=limit, method=interactive_method(len(_s.people), k, exact=exact))


def cached_report(k: int = 2, limit: int = TWO_PIZZA_LIMIT, *, exact: bool | None = None) -> ScenarioReport:
    """``teamsim.analyze`` of the current scenario (k clipped to the number of people).

    When there are too many teams of k to enumerate, the most able team is greedy
    (with its (1 - 1/e) bound) unless ``exact`` (default: the user asked for the
    exact optimum of this scenario and k on the page).
    """
    s = scenario()
    k = max(1, min(int(k), max(1, len(s.people))))
    if exact is None:
        exact = _S.get("exact_team_of_k") == (scenario_key(), k)
    return _report(scenario_key(), s, k, int(limit), bool(exact))


#: Figures of the current scenario: name -> (function of (scenario, report), depends on k/limit).
_FIGURES = {
    "heatmap": (lambda s, r: tool_heatmap(s), False),
    "prerequisites": (lambda s, r: prerequisite_graph_figure(s), False),
    "abilities": (lambda s, r: abilities_figure(
        r, highlight=r.team_of_k.most_able_team.members if r.team_of_k else None), True),
    "teams": (lambda s, r: team_ability_figure(r), False),
    "team_of_k": (lambda s, r: team_of_k_figure(r.team_of_k.best_ability_team,
                                                r.team_of_k.most_able_team), True),
}


# Figures are cached as resources (no pickling: a 500 x 80 heatmap takes longer to
# unpickle than to build); st.plotly_chart only reads them.
@st.cache_resource(show_spinner=False, max_entries=64)
def _figure(name: str, key: str, _s: Scenario, k: int, limit: int, exact: bool):
    return _FIGURES[name][0](_s, _report(key, _s, max(k, 1), limit, exact))


def cached_figure(name: str, k: int = 2, limit: int = TWO_PIZZA_LIMIT):
    """A figure of the current scenario from :mod:`teamsim.figures`, cached per scenario."""
    s = scenario()
    k = max(1, min(int(k), max(1, len(s.people))))
    exact = _S.get("exact_team_of_k") == (scenario_key(), k)
    if not _FIGURES[name][1]:
        k, exact = (0 if name != "teams" else 1), False  # does not depend on k: one cache entry
    return _figure(name, scenario_key(), s, k, int(limit), exact)


def yaml_download(s: Scenario):
    """Deferred YAML for ``st.download_button``, built when clicked.

    It is the latest scenario at click time (an edit applied further down the page
    after the sidebar was drawn included), ``s`` if nothing newer was shown.
    """
    latest = _S.setdefault("latest", [s])
    return lambda: scenario_to_yaml(latest[0])


def report_download(s: Scenario):
    """Deferred HTML report (:func:`teamsim.report_file.report_text`, as ``teamsim report``)
    of the latest scenario at click time, for ``st.download_button``."""
    latest = _S.setdefault("latest", [s])
    return lambda: report_text(latest[0], "html")


@st.cache_data(show_spinner="Comparing…", max_entries=32)
def compare_versions(url: str, before: int, after: int) -> Comparison:
    """:func:`teamsim.compare.compare` of two workspace versions (by id), cached."""
    ws = _workspace(url)
    a, b = ws.version(before), ws.version(after)
    return compare(ws.load(before), ws.load(after), labels=(a.ref, b.ref))


@st.cache_data(show_spinner=False, max_entries=128)
def _call(name: str, key: str, args: tuple, kwargs: dict, _fn, _s: Scenario):
    return _fn(_s, *args, **kwargs)


def compute(fn, *args, **kwargs):
    """``fn(current scenario, *args, **kwargs)``, cached per scenario and arguments (pickled result)."""
    return _call(f"{fn.__module__}.{fn.__qualname__}", scenario_key(), args, kwargs, fn, scenario())


@st.cache_resource(show_spinner=False, max_entries=64)
def _resource(name: str, key: str, args: tuple, kwargs: dict, _fn, _s: Scenario):
    return _fn(_s, *args, **kwargs)


def figure(fn, *args, **kwargs):
    """Like :func:`compute` for figures: cached without pickling (the chart only reads it)."""
    return _resource(f"{fn.__module__}.{fn.__qualname__}", scenario_key(), args, kwargs, fn,
                     scenario())


def figure_of(draw, fn, *args, **kwargs):
    """``draw(fn(current scenario, *args, **kwargs))``, cached as :func:`figure` is.

    For a figure of a library result (``draw`` from :mod:`teamsim.figures`): a rerun
    that asks for the same result reuses the figure instead of building it again.
    """
    return _resource(f"{draw.__module__}.{draw.__qualname__}|{fn.__module__}.{fn.__qualname__}",
                     scenario_key(), args, kwargs, lambda s, *a, **kw: draw(fn(s, *a, **kw)),
                     scenario())


def add_person(name: str) -> str | None:
    """Add a person without tools to the current scenario (the skill matrix's "Add a person").

    The skill-matrix editor restarts from the new scenario so the person shows as a row
    to tick. Returns the validation message (and changes nothing) when the name is empty
    or already taken.
    """
    name = (name or "").strip()
    s = scenario()
    if not name:
        return "Type the new person's name first."
    if name in {p.name for p in s.all_people}:
        return f"{printable(name)} is already in the matrix; choose another name."
    try:
        new = edits.add_person(s, name)
    except TeamsimError as e:
        return e.render()
    apply(new, f"add {name}")
    return None


def hire(candidate: str, team: str | None) -> None:
    """Hire a candidate into ``team`` (:func:`teamsim.edits.hire`): the "add a hire" what-if.

    Autosaved; undone with :func:`undo`. Raises TeamsimError for invalid input.
    """
    apply(edits.hire(scenario(), candidate, team=team),
          f"hire {candidate}" + (f" into {team}" if team else ""))


#: How a confirmation words an edit's message (its first words): "move Ana to X" -> "Moved Ana to X".
_DONE = {"create team": "Created team", "rename team": "Renamed team", "delete team": "Deleted team",
         "remove task": "Removed task", "set task": "Saved task", "remove": "Removed", "move": "Moved",
         "hire": "Hired", "add": "Added"}


def done_message(message: str) -> str:
    """The confirmation shown after an edit: ``"move Ana to Platform"`` ->
    ``"Moved Ana to Platform. Saved; Undo is in the sidebar."``."""
    verb = next((v for v in _DONE if message == v or message.startswith(v + " ")), None)
    said = _DONE[verb] + message[len(verb):] if verb else message[:1].upper() + message[1:]
    return f"{said}. Saved; Undo is in the sidebar."


def toast() -> None:
    """Show the confirmation of the edit just applied (once, as a toast), or why it was not
    (another tab or window on this link saved first: a warning above the page)."""
    stale = _S.pop("stale", None)
    if stale:
        st.warning(plain(stale), icon=":material/sync_problem:")
    message = _S.pop("done", None)
    if message:
        st.toast(plain(message), icon=":material/check_circle:")


def apply(new: Scenario, message: str = "what-if applied") -> None:
    """Make an edit's or a what-if's resulting scenario current (autosaved, undoable); a toast
    confirms it (:func:`toast`)."""
    if set_scenario(new, _S.get("source", ""), rebase=False, message=message):
        _S["done"] = done_message(message)
    _S["editor_version"] = _S.get("editor_version", 0) + 1  # the matrix shows the new people
    _S.pop("editor_base", None)
