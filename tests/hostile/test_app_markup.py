"""The app shows names as plain text: a scenario whose every name is markup, on every page.

Streamlit renders Markdown (and Plotly a subset of HTML) in most of what a page shows;
every string a page sends that Streamlit would render as Markdown must carry user text
escaped (:func:`teamsim_app.safe.plain`), and every Plotly label escaped
(:func:`teamsim.figures.plotly_text`). The real-browser proof (no request reaches the
URLs in the names) is ``tests/test_browser.py::test_hostile_names_fetch_nothing``.
"""

import json
import re
from pathlib import Path

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from teamsim_app import PAGES
from teamsim_app.safe import plain
from tests.conftest import ROOT
from tests.hostile.markup import hostile_names, hostile_scenario, hostile_yaml

KINDS = ("tool", "person", "cand", "team", "svc", "proj", "scenario", "description", "task")
NAMES = [n for k in KINDS for n in hostile_names(k)]

# Elements (and fields) Streamlit shows as plain text: not Markdown.
PLAIN_TYPES = {"code", "text", "arrow_data_frame", "dataframe", "plotly_chart", "json",
               "text_input", "exception"}
PLAIN_FIELDS = {("selectbox", "options"), ("multiselect", "options"), ("selectbox", "default"),
                ("download_button", "url"), ("selectbox", "raw_value")}
# Markup that must never reach a Markdown renderer unescaped.
UNESCAPED = [re.compile(p) for p in (
    r"(?<!\\)!\[", r"(?<!\\)\]\(", r"(?<!\\)<[A-Za-z/!?]", r"(?<!\\)\$[^\s$]",
    r"(?<!\\):(red|streamlit|material)", r"https?://", r"www\.example", r"(?<!\\)`")]


def _strings(msg: Message, path: str = ""):
    for field, value in msg.ListFields():
        values = value if field.is_repeated else [value]
        for v in values:
            if isinstance(v, Message):
                yield from _strings(v, field.name)
            elif isinstance(v, str):
                yield field.name, v


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def markdown_strings(at):
    """(element type, field, text) of every string the page sends to a Markdown renderer,
    the text cells of static tables (``st.table`` renders them as Markdown) included."""
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if not isinstance(proto, Message) or node.type in PLAIN_TYPES:
            continue
        if node.type == "table":  # its cells travel as Arrow bytes, not as strings of the proto
            yield from (("table", str(column), v) for column in node.value.columns
                        for v in node.value[column] if isinstance(v, str))
        for field, text in _strings(proto):
            if (node.type, field) not in PLAIN_FIELDS and field not in ("id", "form_id", "icon"):
                yield node.type, field, text


def plotly_strings(at):
    """(figure title, text) of every string of every Plotly figure that can be rendered."""
    for chart in (n for n in _nodes(at._tree) if n.type == "plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec.get("data", []):
            templates = " ".join(str(trace.get(k, "")) for k in ("hovertemplate", "texttemplate"))
            for key, value in trace.items():
                if key in ("ids", "parents") or (key == "customdata" and "customdata" not in templates):
                    continue  # not rendered: ids, parents (ids), customdata the app reads on a click
                yield from ((key, s) for s in _flat_strings(value))
        yield from (("layout", s) for s in _flat_strings(spec.get("layout", {})))


def _flat_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _flat_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _flat_strings(v)


def assert_no_markup(at, where: str) -> int:
    """No Markdown source carries a hostile name verbatim or unescaped markup; Plotly neither."""
    assert not at.exception, (where, [e.value for e in at.exception])
    checked = 0
    for typ, field, text in markdown_strings(at):
        checked += 1
        for name in NAMES:
            assert name not in text, (where, typ, field, text)
        for pattern in UNESCAPED:
            assert not pattern.search(text), (where, typ, field, pattern.pattern, text)
    for key, text in plotly_strings(at):
        for raw in ("<img", "<b>b</b>", "&lt;x&gt;", "<http", "-> <br>"):
            assert raw not in text, (where, key, text)
    return checked


@pytest.fixture
def hostile(monkeypatch, tmp_path):
    monkeypatch.setenv("TEAMSIM_DATABASE_URL", f"sqlite:///{tmp_path / 'workspace.db'}")  # autosave
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.file_uploader(key="upload").upload("hostile.yaml", hostile_yaml()).run()
    assert not at.exception and not at.error, [c.value for c in at.code]
    assert len(at.session_state["scenario"].people) == 6
    return at


#: Content a page draws only when opened: (session state key, value) for each tab or expander.
LAZY = {"team": [("team_warnings", True)] + [
            ("team_table", t) for t in ("Teams", "Best-ability vs most able team", "Team abilities",
                                        "Abilities", "Skills heatmap", "Prerequisite graph")],
        "network": [("sw_view", "Chart")],
        "hiring": [("risk_view", True), ("hire_view", "Chart"), ("best_k_view", True)],
        "communication": [("comm_view", "Chart")],
        "simulations": [("sim_model", "Team assembly")],
        "ownership": [("own_figure", "Team dependencies"), ("own_figure", "Teams and their services"),
                      ("own_figure", "Coverage"),
                      ("own_whatif", True), ("own_warnings", True)]}


@pytest.mark.parametrize("path", [p[0] for p in PAGES], ids=[p[2] for p in PAGES])
def test_every_page_shows_hostile_names_as_plain_text(hostile, path):
    at = hostile.switch_page(path).run()
    assert assert_no_markup(at, path) > 5
    first_tables = [t for typ, _, t in markdown_strings(at) if typ == "table"]
    charts = {c.proto.id for c in at.get("plotly_chart")}
    for key, value in LAZY.get(Path(path).stem, []):  # every tab and expander, opened
        at.session_state[key] = value
        at.run()
        assert_no_markup(at, f"{path} {key}={value}")
        charts |= {c.proto.id for c in at.get("plotly_chart")}
    if path.endswith("team.py"):
        assert len(charts) == 5  # each figure was checked
    if path.endswith("team.py"):  # the names are there, escaped (not dropped)
        text = " ".join(t for _, _, t in markdown_strings(at))
        assert plain(hostile_names("person")[0]) in text
        assert plain(hostile_scenario()["description"]) in text
    if path.endswith(("hiring.py", "communication.py")):  # in the first paint's table, escaped
        name = hostile_names("cand" if path.endswith("hiring.py") else "team")[0]
        assert plain(name) in first_tables, first_tables


def test_hiring_what_ifs_with_hostile_names(hostile):
    at = hostile.switch_page("teamsim_app/hiring.py").run()
    task = hostile_names("task")[0]
    at.selectbox(key="hire_task").set_value(task).run()
    at.selectbox(key="hire_team").set_value(hostile_names("team")[1]).run()
    assert_no_markup(at, "hiring, team and task")
    assert any(b.label.startswith("Hire ") for b in at.button)
    at.button(key="hire_button").click().run()
    assert_no_markup(at, "hiring, after a hire")


def test_ownership_what_ifs_with_hostile_names(hostile):
    at = hostile.switch_page("teamsim_app/ownership.py").run()
    at.session_state["own_whatif"] = True  # the what-ifs run only when opened
    at.run()
    service = f"move_service_{at.session_state['scenario_key']}"
    at.selectbox(key=service).set_value(hostile_names("svc")[3]).run()  # the orphan
    assert_no_markup(at, "ownership, move")
    at.session_state["own_whatif_tab"] = "Suggest ownership"
    at.run()
    at.button(key="suggest_run").click().run()
    assert_no_markup(at, "ownership, suggestion")


def test_coverage_with_hostile_names(hostile):
    """Services needing hostile tools: holders, missing tools and warnings name them, plainly."""
    s = hostile_scenario()
    tools, svcs = hostile_names("tool"), hostile_names("svc")
    for i, svc in enumerate(s["services"]):
        svc["tools"] = [tools[i], tools[7]]  # tool 7: nobody holds it, every service misses it
    at = hostile
    at.file_uploader(key="upload").upload("hostile-tools.yaml", json.dumps(s).encode()).run()
    assert not at.exception and not at.error
    at.switch_page("teamsim_app/ownership.py").run()
    at.session_state["own_figure"] = "Coverage"
    at.session_state["cov_max_services"] = 1  # warnings naming the hostile teams
    at.run()
    assert assert_no_markup(at, "ownership, coverage") > 5
    rows = next(d.value for d in at.dataframe if "skills truck factor" in d.value.columns)
    assert len(rows) == 4 and set(rows["service"]) == set(svcs[:4])  # the names, kept as data
    assert all(tools[7] in m for m in rows["missing tools"])
    warned = " ".join(w.value for w in at.warning)
    assert plain(hostile_names("team")[0]) in warned  # escaped, not dropped
    at.session_state["cov_warnings"] = True  # every warning, in the expander, as plain text
    at.run()
    assert assert_no_markup(at, "ownership, coverage warnings") > 5
    listed = " ".join(t.value for t in at.text)  # st.text: never markdown
    from teamsim._text import printable

    assert printable(svcs[3]) in listed and printable(hostile_names("team")[0]) in listed


def test_team_design_with_hostile_names(hostile):
    at = hostile.switch_page("teamsim_app/design.py").run()
    skey = at.session_state["scenario_key"]
    at.number_input(key=f"design_min_{skey}").set_value(1)
    at.number_input(key=f"design_red_{skey}").set_value(1)
    at.button(key="design_run").click().run()
    design = at.session_state["design"][1]
    assert not isinstance(design, str), design  # a design, with the names in its tables
    assert assert_no_markup(at, "team design") > 5
    if design.moves:
        at.button(key="design_apply").click().run()
        assert_no_markup(at, "team design applied")


def test_messages_naming_hostile_names_are_plain(hostile):
    at = hostile
    name = hostile_names("person")[0]
    for _ in range(2):  # the second time: "already in the matrix"
        at.text_input(key="add_person_name").set_value(name).run()
        at.button(key="add_person").click().run()
    assert any("already in the matrix" in e.value for e in at.error)
    assert_no_markup(at, "add person twice")
    # a file whose own name is markup: named in the sidebar, plainly
    at.file_uploader(key="upload").upload("![f](http://127.0.0.1:9/f.png).yaml", hostile_yaml()).run()
    assert_no_markup(at, "upload named as markup")
