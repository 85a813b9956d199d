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
import math
import os

import streamlit as st

from teamsim import TeamsimError, analyze, best_ability_team, load_scenario, most_able_team
from teamsim._text import printable
from teamsim.ability import MAX_EXACT_COMBINATIONS
from teamsim.communication import TWO_PIZZA_LIMIT
from teamsim.figures import (
    abilities_figure,
    prerequisite_graph_figure,
    team_ability_figure,
    team_of_k_figure,
    tool_heatmap,
)
from teamsim.importers import parse_scenario, scenario_to_yaml
from teamsim.report import ScenarioReport, TeamOfK
from teamsim.scenario import Scenario
from teamsim.scenarios import DEFAULT_SCENARIO, builtin_scenarios
from teamsim_app.safe import file_name, plain
from teamsim_app.uploads import display_name, guarded, read_upload

__all__ = [
    "REAL_EXAMPLE_PREFIX",
    "SCENARIO_ENV",
    "cached_figure",
    "add_person",
    "apply",
    "cached_report",
    "compute",
    "figure",
    "hire",
    "init",
    "load_builtin",
    "load_upload",
    "real_example",
    "scenario",
    "scenario_key",
    "set_scenario",
    "show_load_error",
    "sidebar",
    "undo",
    "yaml_download",
]

#: Environment variable naming a scenario file to open instead of the built-in default.
SCENARIO_ENV = "TEAMSIM_SCENARIO"

#: Built-in scenarios whose name starts with this are the real organisation example.
REAL_EXAMPLE_PREFIX = "online-boutique"

_S = st.session_state


def _digest(s: Scenario) -> str:
    return hashlib.sha256(s.model_dump_json().encode()).hexdigest()[:16]


def set_scenario(s: Scenario, source: str, *, rebase: bool = True) -> None:
    """Make ``s`` the current scenario of every page.

    ``rebase`` (loading, uploading) restarts the skill-matrix editor from ``s``;
    edits made in the editor pass ``rebase=False`` so the editor keeps its state.
    """
    _S["scenario"] = s
    _S["scenario_key"] = _digest(s)
    _S["source"] = source
    _S["edited"] = not rebase
    if rebase:
        _S["editor_version"] = _S.get("editor_version", 0) + 1
        _S.pop("editor_base", None)
        _S["load_error"] = None


def scenario() -> Scenario:
    """The current scenario (the default one on first use)."""
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
    if "scenario" in _S:
        return
    path = os.environ.get(SCENARIO_ENV)
    if path:
        try:
            set_scenario(guarded(load_scenario, path, file=path), f"file: {display_name(path)}")
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
        s = guarded(load_scenario, builtin_scenarios()[name], file=name)
    except TeamsimError as e:
        _S["load_error"] = (None, e.render())
        return
    set_scenario(s, f"built-in: {name}")
    _S["builtin"] = name
    _S["builtin_choice"] = name  # called before the sidebar is drawn (init or a callback)


def load_upload(filename: str, data: bytes, file_id: str | None = None) -> bool:
    """Validate an uploaded YAML/JSON scenario or skills-matrix CSV and make it current.

    Returns False (and keeps the current scenario, edits included) when the file
    is invalid; the rendered :class:`~teamsim.errors.TeamsimError` is stored for
    display with ``file_id`` (the uploader's id of this file), so that it is never
    shown for another file. Nothing is left on disk (:func:`~teamsim_app.uploads.read_upload`).
    """
    _S["load_error"] = None
    try:
        s = read_upload(filename, data, load_scenario)
    except TeamsimError as e:
        _S["load_error"] = (file_id, e.render())
        return False
    set_scenario(s, f"uploaded: {display_name(filename)}")
    _S["builtin"] = None
    _S["builtin_choice"] = None  # the picker shows that no built-in scenario is open
    return True


def _on_upload() -> None:
    f = _S.get("upload")
    if f is None:  # the file was removed from the uploader: so is its message
        if _S.get("load_error") and _S["load_error"][0] is not None:
            _S["load_error"] = None
        return
    load_upload(f.name, f.getvalue(), f.file_id)


def _on_builtin() -> None:
    if _S.get("builtin_choice"):
        load_builtin(_S["builtin_choice"])


def real_example() -> str | None:
    """Name of the shipped real organisation (Online Boutique), if present."""
    return next((n for n in builtin_scenarios() if n.startswith(REAL_EXAMPLE_PREFIX)), None)


def show_load_error() -> None:
    """Show the last load/validation error inline (no traceback).

    An upload's error shows only while that very file (same file id) is in the uploader.
    """
    err = _S.get("load_error")
    if not err:
        return
    source, message = err
    current = _S.get("upload")
    if source is not None and (current is None or current.file_id != source):
        return
    st.error("This file was not loaded; your current scenario and your edits are unchanged.",
             icon="⚠️")
    st.code(message, language=None)


def edited_scenario(base: Scenario, names: list, tools: list[str], held) -> Scenario:
    """Rebuild ``base`` with the people of an edited skill matrix.

    ``names`` (length n) are the table's person names in order, ``held`` an
    n x len(tools) boolean array of the ticked tools. Other fields of known
    people (role, cost, levels of tools still held) are kept.

    Raises
    ------
    ScenarioError
        Through :func:`teamsim.importers.parse_scenario`, e.g. a removed person
        who is still a team member.
    """
    data = base.model_dump(mode="json", exclude_defaults=True)
    old = {p["name"]: p for p in data.get("people", [])}
    people = []
    for name, row in zip(names, held):
        missing = name is None or isinstance(name, float) or type(name).__name__ == "NAType"
        name = "" if missing else str(name).strip()  # a new row without a name: empty
        ticked = [t for t, h in zip(tools, row) if h]
        p = dict(old.get(name, {}))
        p["name"] = name
        p["tools"] = ticked
        if "levels" in p:
            p["levels"] = {t: v for t, v in p["levels"].items() if t in ticked}
        people.append(p)
    data["people"] = people
    return parse_scenario(data, "skill matrix (edited)")


def sidebar() -> None:
    """Scenario picker, upload, the real-example shortcut and the scenario download."""
    names = list(builtin_scenarios())
    with st.sidebar:
        st.subheader("Scenario")
        st.selectbox("Built-in scenario", names, index=None, placeholder="(your uploaded scenario)",
                     key="builtin_choice", on_change=_on_builtin)
        real = real_example()
        if real and real != _S.get("builtin"):
            st.button("Open the real example: Online Boutique", on_click=load_builtin,
                      args=(real,), key="open_real", width="stretch")
        st.file_uploader("Upload a scenario (YAML, JSON or skills CSV)",
                         type=["yaml", "yml", "json", "csv"], key="upload", on_change=_on_upload)
        s = scenario()
        st.caption(f"**{plain(s.name or 'unnamed')}** · {plain(_S['source'])}"
                   + (" · **edited**" if _S.get("edited") else "")
                   + f"  \n{len(s.people)} people · {len(s.teams)} teams · {len(s.tools)} tools"
                   + f" · {len(s.services)} services")
        st.download_button("Download scenario (YAML)", yaml_download(s),
                           file_name=file_name(s.name, ".yaml"),
                           mime="application/yaml", on_click="ignore", key="dl_scenario",
                           width="stretch")


# --------------------------------------------------------------------------- caches
@st.cache_data(show_spinner="Analysing…", max_entries=32)
def _report(key: str, _s: Scenario, k: int, limit: int, exact: bool = False) -> ScenarioReport:
    n = len(_s.people)
    if exact or k > n or math.comb(n, k) <= MAX_EXACT_COMBINATIONS:
        return analyze(_s, k=k, two_pizza_limit=limit)
    # Too many teams to enumerate: the exact integer program can take seconds, so the
    # page first shows the greedy most able team (with its bound) and offers the optimum.
    report = analyze(_s, k=1, two_pizza_limit=limit)
    team_of_k = TeamOfK(k=k, best_ability_team=best_ability_team(_s, k),
                        most_able_team=most_able_team(_s, k, method="greedy"))
    return report.model_copy(update={"team_of_k": team_of_k})


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
    """Deferred YAML of ``s`` for ``st.download_button`` (built only when clicked)."""
    return lambda: scenario_to_yaml(s)


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
    if name in {p.name for p in s.people}:
        return f"{printable(name)} is already in the matrix; choose another name."
    data = s.model_dump(mode="json", exclude_defaults=True)
    data.setdefault("people", []).append({"name": name, "tools": []})
    try:
        new = parse_scenario(data, "skill matrix (edited)")
    except TeamsimError as e:
        return e.render()
    set_scenario(new, _S.get("source", ""))
    _S["edited"] = True
    return None


def hire(candidate: str, team: str | None) -> None:
    """Move a candidate into the scenario's people (and into ``team``): the "add a hire" what-if.

    The previous scenario is kept for :func:`undo`. Raises ScenarioError for invalid input.
    """
    s = scenario()
    data = s.model_dump(mode="json", exclude_defaults=True)
    cand = next(c for c in data.get("candidates", []) if c["name"] == candidate)
    data["candidates"] = [c for c in data["candidates"] if c["name"] != candidate]
    data.setdefault("people", []).append(cand)
    for t in data.get("teams", []):
        if t["name"] == team:
            t["members"] = [*t.get("members", []), candidate]
    new = parse_scenario(data, "hiring what-if")
    _S["undo"] = (s, _S.get("source", ""), _S.get("edited", False))
    set_scenario(new, _S.get("source", ""))
    _S["edited"] = True


def undo() -> None:
    """Go back to the scenario before the last what-if that was applied."""
    prev = _S.pop("undo", None)
    if prev:
        set_scenario(prev[0], prev[1])
        _S["edited"] = prev[2]


def apply(new: Scenario) -> None:
    """Make a what-if's resulting scenario current (undoable with :func:`undo`)."""
    _S["undo"] = (scenario(), _S.get("source", ""), _S.get("edited", False))
    set_scenario(new, _S.get("source", ""))
    _S["edited"] = True


