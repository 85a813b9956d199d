"""The Streamlit app, page by page, with streamlit.testing's AppTest (no browser).

Every page renders without an exception on the default scenario and shows its
key numbers (Page's example: Adam 5, Betsy 4, Carl 3; Adam+Betsy 6, Betsy+Carl 7,
diversity bonus 3); editing, uploading and bad input keep the user's work.
"""

import io
import json
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from teamsim.importers import read
from teamsim_app import PAGES

from .conftest import DATA, ROOT, SCENARIOS

TEAM = "teamsim_app/team.py"
COMM = "teamsim_app/communication.py"


@pytest.fixture(autouse=True)
def workspace_url(tmp_path, monkeypatch):
    """Every app test autosaves to its own workspace (never the user's)."""
    url = f"sqlite:///{tmp_path / 'app-workspace.db'}"
    monkeypatch.setenv("TEAMSIM_DATABASE_URL", url)
    return url


@pytest.fixture
def at():
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


def metrics(at):
    return {m.label: m.value for m in at.metric}


def table(at, column):
    """The first dataframe (not editor) or static table having ``column``, as a list of row
    dicts (a static table's cells, Markdown-escaped by the app, as the text they show)."""
    for d in at.dataframe:
        if d.editing_mode == "read_only" and column in d.value.columns:
            return d.value.to_dict("records")
    for t in at.table:
        if column in t.value.columns:
            return [{k: re.sub(r"\\(.)", r"\1", v).replace("\u2060", "") if isinstance(v, str) else v
                     for k, v in r.items()} for r in t.value.to_dict("records")]
    raise AssertionError(f"no table with column {column!r}")


def team_rows(at):
    """The team page's Teams table (its tab opened, then the People tab again)."""
    at.session_state["team_table"] = "Teams"
    rows = table(at.run(), "diversity bonus")
    at.session_state["team_table"] = "People"
    at.run()
    return rows


def abilities(at):
    return {r["person"]: r["ability"] for r in table(at, "ability") if "person" in r}


def editor_key(at):
    return f"skill_matrix_{at.session_state['editor_version']}"


def test_opens_on_default_with_key_numbers(at):
    assert not at.exception
    assert at.title[0].value == "Team and diversity"
    assert abilities(at) == {"Adam": 5.0, "Betsy": 4.0, "Carl": 3.0}
    with pytest.raises(AssertionError, match="no table"):  # drawn when its tab is opened
        table(at, "diversity bonus")
    teams = {r["team"]: r for r in team_rows(at)}
    assert teams["Adam+Betsy"]["ability"] == 6.0 and teams["Adam+Betsy"]["diversity bonus"] == 1.0
    assert teams["Betsy+Carl"]["ability"] == 7.0 and teams["Betsy+Carl"]["diversity bonus"] == 3.0
    m = metrics(at)
    assert m["Best-ability team of 2"] == "6"
    assert m["Most able team of 2"] == "7"
    assert m["Its diversity bonus"] == "3"
    assert m["Tools only one person holds"] == "2"
    assert {r["tool"]: r["only holder"] for r in table(at, "only holder")} == {"F": "Betsy", "G": "Carl"}
    assert not at.error


@pytest.mark.parametrize("path", [p[0] for p in PAGES], ids=[p[2] for p in PAGES])
def test_every_page_renders(at, path):
    at.switch_page(path).run()
    assert not at.exception
    assert at.title[0].value == next(p[1] for p in PAGES if p[0] == path)


def test_communication_page_numbers(at):
    at.switch_page(COMM).run()
    assert not at.exception
    m = metrics(at)
    assert m["People"] == "3"
    assert m["All-pairs paths"] == "3"  # 3*2/2
    assert m["Paths inside teams"] == "2"  # two teams of 2: 1 path each
    assert m["Teams above the two-pizza limit"] == "0"
    rows = {r["team"]: r for r in table(at, "communication paths")}
    assert rows["Betsy+Carl"]["communication paths"] == 1
    # effect of adding people: Adam+Betsy (2) + 8 = 10 people, 45 paths, over the limit of 9 by 1
    assert at.slider(key="comm_added").value == 0  # starts with no change
    assert m.get("Size") == "2" and not [x for x in at.metric if x.label == "Size"][0].delta
    at.slider(key="comm_added").set_value(8).run()
    m = metrics(at)
    assert (m["Size"], m["Communication paths"], m["Two-pizza"]) == ("10", "45", "over by 1")
    # the first paint is the numbers and the teams table; the chart is drawn when its tab opens
    assert not at.get("plotly_chart") and not at.main.dataframe  # a static table: no data grid
    at.session_state["comm_view"] = "Chart"
    at.run()
    [chart] = at.get("plotly_chart")
    after = [(t["x"], t["y"]) for t in json.loads(chart.proto.spec)["data"]
             if t.get("name") == "after the change"]
    assert after == [([10], [45])]  # the what-if's 10 people and 45 paths on the curve
    assert not at.exception and not at.main.table  # one tab at a time


def test_k_changes_team_of_k(at):
    at.number_input[0].set_value(3).run()
    m = metrics(at)
    assert m["Best-ability team of 3"] == "7" and m["Most able team of 3"] == "7"


def test_edit_matrix_changes_every_number_and_survives_navigation(at):
    key = editor_key(at)
    at.session_state[key] = {"edited_rows": {0: {"G": True}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception and not at.error
    assert abilities(at)["Adam"] == 6.0
    teams = {r["team"]: r for r in team_rows(at)}
    assert teams["Adam+Betsy"]["ability"] == 7.0  # A..G now
    assert metrics(at)["Tools only one person holds"] == "1"  # only F (Betsy)
    # the sidebar, drawn after the page, shows the edit of this same run
    sidebar = " ".join(c.value for c in at.sidebar.caption)
    # saved as version 2 with a message saying what the tick changed
    assert "edited" in sidebar and re.search(r"@\u2060?2 \(Adam\\: \\\+G\)", sidebar), sidebar
    assert not at.sidebar.button(key="ws_undo").disabled
    at.switch_page(COMM).run()
    at.switch_page(TEAM).run()
    assert not at.exception
    assert abilities(at)["Adam"] == 6.0  # the edit is kept across pages


def test_add_a_person_in_the_matrix(at):
    key = editor_key(at)
    at.session_state[key] = {"edited_rows": {}, "deleted_rows": [],
                             "added_rows": [{"person": "Dana", "F": True, "G": True}]}
    at.run()
    assert not at.exception and not at.error
    assert abilities(at)["Dana"] == 2.0
    assert metrics(at)["People"] == "4"


def test_invalid_edit_shows_message_and_keeps_numbers(at):
    key = editor_key(at)
    # two rows named Adam is invalid
    at.session_state[key] = {"edited_rows": {2: {"person": "Adam"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert any("not valid yet" in e.value for e in at.error)
    assert any("Adam" in c.value for c in at.code)
    assert abilities(at) == {"Adam": 5.0, "Betsy": 4.0, "Carl": 3.0}  # last valid numbers
    assert at.session_state[key]["edited_rows"] == {2: {"person": "Adam"}}  # the edit is still there


def test_delete_a_team_member_in_the_matrix(at):
    # Carl is a member of Betsy+Carl: deleting his row takes him out of the team too
    at.session_state[editor_key(at)] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [2]}
    at.run()
    assert not at.exception and not at.error
    assert abilities(at) == {"Adam": 5.0, "Betsy": 4.0}
    assert {t.name: t.members for t in at.session_state["scenario"].teams} == {
        "Adam+Betsy": ["Adam", "Betsy"], "Betsy+Carl": ["Betsy"]}


def test_candidates_are_rows_of_the_matrix(at):
    at.selectbox(key="builtin_choice").set_value("hiring").run()
    frame = at.session_state["editor_frame"]
    s = at.session_state["scenario"]
    assert frame["person"].tolist() == [p.name for p in (*s.people, *s.candidates)]
    assert frame["candidate"].tolist() == [False] * len(s.people) + [True] * len(s.candidates)
    # tick a tool for the first candidate (Dana): she stays a candidate, with the tool
    row = len(s.people)
    tool = next(t for t in frame.columns[2:] if not frame.loc[row, t])
    at.session_state[editor_key(at)] = {"edited_rows": {row: {tool: True}}, "added_rows": [],
                                        "deleted_rows": []}
    at.run()
    assert not at.exception and not at.error
    after = at.session_state["scenario"]
    assert [p.name for p in after.people] == [p.name for p in s.people]
    dana = next(c for c in after.candidates if c.name == "Dana")
    assert tool in dana.tools
    # a new row marked as a candidate is a candidate
    at.session_state[editor_key(at)] = {"edited_rows": {row: {tool: True}}, "deleted_rows": [],
                                        "added_rows": [{"person": "Zed", "candidate": True}]}
    at.run()
    assert "Zed" in [c.name for c in at.session_state["scenario"].candidates]


def test_upload_valid_then_invalid_keeps_scenario(at):
    good = b"tools: [{name: X}, {name: Y, value: 2}]\npeople:\n  - {name: Uma, tools: [X, Y]}\n"
    at.file_uploader[0].upload("mine.yaml", good)
    at.run()
    assert not at.exception and not at.error
    uploaded = abilities(at)
    assert uploaded == {"Uma": 3.0}
    bad = b"tools:\n  - {name: A}\npeople:\n  - {name: Zoe, tools: [A, Q]}\n"
    at.file_uploader[0].upload("bad.yaml", bad)
    at.run()
    assert not at.exception
    msg = "\n".join(c.value for c in at.code)
    assert "bad.yaml:4: error: unknown tool 'Q'" in msg
    assert "fix: declare it under tools:" in msg
    assert abilities(at) == uploaded  # the current scenario is unchanged
    assert at.selectbox(key="builtin_choice").value is None  # no built-in is open
    at.selectbox(key="builtin_choice").set_value("diversity-bonus").run()
    assert abilities(at) == {"Adam": 5.0, "Betsy": 4.0, "Carl": 3.0}


def test_malformed_yaml_upload_is_a_message(at):
    at.file_uploader[0].upload("broken.yaml", b"people: [\n  {name: A\n")
    at.run()
    assert not at.exception
    assert any("malformed YAML" in c.value for c in at.code)
    assert abilities(at) == {"Adam": 5.0, "Betsy": 4.0, "Carl": 3.0}


def test_builtin_scenario_switch(at):
    at.selectbox(key="builtin_choice").set_value("learned-in-order").run()
    assert not at.exception
    teams = team_rows(at)
    assert teams and all(r["diversity bonus"] == 0 for r in teams)  # nested tool sets


# ------------------------------------------------ pages: hiring, network, ownership, simulations
def _page(at, name):
    at.switch_page(f"teamsim_app/{name}.py").run()
    assert not at.exception, at.exception
    return at


def test_hiring_page_default_and_hire_what_if(at):
    _page(at, "hiring")
    m = metrics(at)
    assert m["Most able team of 2"] == "7"  # Betsy + Carl
    assert m["Truck factor"] == "1"
    assert m["Tools only one person holds"] == "2"  # F (Betsy), G (Carl)
    with pytest.raises(AssertionError, match="no table"):  # drawn when its expander is opened
        table(at, "only holder of")
    at.session_state["risk_view"] = True
    at.run()
    assert {r["person"]: r["only holder of"] for r in table(at, "only holder of")} == {"Betsy": "F",
                                                                                     "Carl": "G"}
    assert any("no candidates" in md.value for md in at.markdown)
    assert at.button(key="open_hiring_example").proto.type == "primary"  # prominent
    at.button(key="open_hiring_example").click().run()  # one click to the hiring example
    from teamsim import load_scenario
    from teamsim.hiring import rank_candidates

    from .conftest import SCENARIOS

    want = rank_candidates(load_scenario(SCENARIOS / "hiring.yaml"))
    m = metrics(at)
    assert m["Team ability now"] == f"{want.team_ability:g}"
    assert m["Best addition"] == want.candidates[0].name
    assert m["Most able candidate"] == want.most_able
    best = want.candidates[0]
    at.selectbox(key="hire_who").set_value(best.name)
    at.button(key="hire_button").click().run()
    assert not at.exception and not at.error
    m = metrics(at)
    assert m["Team ability now"] == f"{best.ability_after:g}"  # every number follows the hire
    assert best.name not in [r["candidate"] for r in table(at, "marginal gain")]
    at.button(key="ws_undo").click().run()
    assert metrics(at)["Team ability now"] == f"{want.team_ability:g}"


def test_network_page_default_and_git_history(at):
    _page(at, "network")
    m = metrics(at)
    assert (m["People"], m["Projects"]) == ("3", "2")  # the two teams count as projects
    assert m["Giant component (all)"] == "100% (3/3)"
    rows = table(at, "Q")
    assert rows[0]["giant component"] == "100% (3/3)"  # same as the metric
    assert rows[0]["Q"] == "—" and rows[0]["CC ratio"] == "—"  # not "None"
    notes = " ".join(c.value for c in at.caption)
    assert "no project of three or more people" in notes  # why CC ratio is undefined
    assert "no project has a year" in notes  # the series' own note
    # the only shuffle of this network is itself: PL ratio 1 against the shuffled null, so the
    # chart has a value to show
    assert rows[0]["PL ratio"] == "1.00"
    assert not at.get("plotly_chart")[1:]  # only the network: the chart tab is drawn when opened
    at.session_state["sw_view"] = "Chart"
    at.run()
    assert not any("nothing to chart" in i.value for i in at.info)
    assert [c for c in at.get("plotly_chart") if "fig_sw_" in c.proto.id]
    at.session_state["sw_view"] = "Per time window"
    at.run()
    radio = at.radio(key="net_source")
    git = [o for o in radio.options if o.startswith("git history")]
    if git:
        radio.set_value(git[0].replace("\\", "")).run()  # options show Markdown-escaped text
        assert not at.exception
        assert int(metrics(at)["People"]) > 50
        assert table(at, "Q")


UNDATED_SCENARIO = b"""
name: dated and undated
tools: [{name: A}]
people: [{name: P1, tools: [A]}, {name: P2, tools: [A]}, {name: P3, tools: [A]},
         {name: P4, tools: [A]}]
projects:
  - {name: x, members: [P1, P2, P3], year: 2020}
  - {name: y, members: [P2, P3, P4], year: 2021}
  - {name: z, members: [P1, P4], year: 2021}
  - {name: old, members: [P1, P2]}
"""


def test_network_headline_skips_the_undated_window(at):
    at.file_uploader(key="upload").upload("dated.yaml", UNDATED_SCENARIO).run()
    assert not at.exception and not at.error
    _page(at, "network")
    assert not at.exception
    windows = [r["window"] for r in table(at, "Q")]
    assert windows[-1] == "undated"
    m = metrics(at)
    assert any(label.endswith("(2021)") for label in m) and not any("undated" in label for label in m)
    assert any("undated" in c.value for c in at.caption)  # the series' note explains it


def test_network_page_git_log_upload_bad_then_good(at):
    _page(at, "network")
    at.radio(key="net_source").set_value("upload a git log").run()
    at.file_uploader(key="net_upload").upload("bad.log", b"not a git log\n\x00\xff").run()
    assert not at.exception
    assert any("could not be read" in e.value for e in at.error)
    assert any(c.value.startswith("bad.log:2: error: contains a NUL byte") for c in at.code)
    log = (b"--a1--2020-01-01--Ann\n1\t0\tsrc/x/main.go\n\n"
           b"--a2--2020-02-01--Bob\n1\t0\tsrc/x/util.go\n")
    at.file_uploader(key="net_upload").upload("ok.log", log).run()
    assert not at.exception and not at.error
    m = metrics(at)
    assert (m["People"], m["Projects"]) == ("2", "1")  # Ann and Bob share module src/x in 2020


def open_whatif(at, tab: str = "Move a service"):
    """Open the ownership page's what-if expander on ``tab`` (its content runs only then)."""
    at.session_state["own_whatif"] = True
    at.session_state["own_whatif_tab"] = tab
    at.run()
    assert not at.exception, at.exception
    return at


def test_ownership_page_real_example_and_what_ifs(at):
    _page(at, "ownership")
    assert any("no services" in i.value for i in at.info)
    at.button(key="own_open_real").click().run()
    assert not at.exception
    from teamsim import load_scenario
    from teamsim.ownership import ownership_report

    from .conftest import SCENARIOS

    want = ownership_report(load_scenario(SCENARIOS / "online-boutique.yaml"))
    m = metrics(at)
    assert m["Services"] == str(want.services) and m["Teams"] == str(want.teams_count)
    assert m["Dependencies"] == str(want.dependencies)
    assert m["Orphaned services"] == str(len(want.orphaned))
    with pytest.raises(AssertionError, match="no table"):  # the what-if runs only when opened
        table(at, "change")
    assert not [c for c in at.get("plotly_chart") if c.proto.id.endswith("fig_move")]
    open_whatif(at)
    labels = {r["metric"] for r in table(at, "change")}  # the move what-if's before/after table
    assert {"teams", "cross-team share of weight", "modularity"} <= labels  # readable names
    assert not labels & {"teams_count", "cross_team_ratio", "cross_team_count"}
    open_whatif(at, "Suggest ownership")
    at.button(key="suggest_run").click().run()
    assert not at.exception
    assert "Optimality gap" in metrics(at)
    moves = at.session_state["suggestion"][3].moves  # a count of services, never "2.5"
    assert metrics(at)["Services moved"] == str(len(moves)) == str(len({m.service for m in moves}))
    # move a service to another team, apply it: every page sees the new ownership; undo
    open_whatif(at, "Move a service")
    skey = at.session_state["scenario_key"]
    at.selectbox(key=f"move_service_{skey}").set_value("frontend").run()
    target = at.selectbox(key=f"move_to_{skey}").value
    assert target != "Storefront"  # the current owner is not offered
    at.button(key="move_apply").click().run()
    assert not at.exception
    owner = next(t.name for t in at.session_state["scenario"].teams if "frontend" in t.services)
    assert owner == target
    at.button(key="ws_undo").click().run()
    owner = next(t.name for t in at.session_state["scenario"].teams if "frontend" in t.services)
    assert owner == "Storefront"


def open_coverage(at):
    """Open the ownership page's Coverage tab (its tables are computed only then)."""
    at.session_state["own_figure"] = "Coverage"
    at.run()
    assert not at.exception, at.exception
    return at


def test_ownership_coverage_tab_is_the_librarys_coverage(at):
    from teamsim import load_scenario
    from teamsim.coverage import LoadLimits, coverage_analysis
    from teamsim_app.safe import plain

    at.selectbox(key="builtin_choice").set_value("online-boutique-design").run()
    _page(at, "ownership")
    with pytest.raises(AssertionError, match="no table"):  # computed only when the tab is opened
        table(at, "skills truck factor")
    open_coverage(at)
    s = load_scenario(SCENARIOS / "online-boutique-design.yaml")
    want = coverage_analysis(s)
    rows = table(at, "skills truck factor")
    assert sorted(r["service"] for r in rows) == sorted(c.name for c in want.services) and len(rows) == 13
    by = {r["service"]: r for r in rows}
    for c in want.services:
        assert (by[c.name]["owner team"], by[c.name]["missing tools"], by[c.name]["skills truck factor"]) == (
            c.team, ", ".join(c.missing_tools), c.truck_factor)
    # the service its owner cannot run comes first: Storefront owns the Java adservice, no Java
    assert rows[0] == {**rows[0], "service": "adservice", "owner team": "Storefront", "can run": "no",
                            "tools needed": "Java", "missing tools": "Java", "skills truck factor": 0,
                            "holders per tool": "Java: nobody"}
    assert [r["can run"] for r in rows[1:]] == ["yes"] * 12
    assert rows[1]["service"] == "emailservice" and rows[1]["sole holders"] == "Kim"  # truck factor 1
    assert by["cartservice"]["holders per tool"] == "C#: Quin, Tao; Redis: Rui, Sam, Tao"
    assert "knowledge truck factor" not in rows[0]  # no git log loaded
    m = metrics(at)
    assert (m["Services the owner cannot run"], m["Smallest skills truck factor"]) == ("1", "0")
    assert m["Teams over a load limit"] == "0"
    load = {r["team"]: r for r in table(at, "domains")}
    for t in want.teams:
        cl = t["cognitive_load"]
        assert (load[t["name"]]["tools"], load[t["name"]]["services"], load[t["name"]]["domains"],
                load[t["name"]]["missing tools"]) == (cl.tools, cl.services, cl.domains, cl.missing_tools)
    assert load["Storefront"]["missing tools"] == 1 and load["Cart"]["services"] == 3
    assert "Coverage (CSV)" in [b.proto.label for b in at.get("download_button")]
    # the limit is a control: at most 4 services, Storefront and Checkout (5 each) are over it
    at.number_input(key="cov_max_services").set_value(4).run()
    assert not at.exception
    over = coverage_analysis(s, limits=LoadLimits(max_services=4)).warnings
    assert len(over) == 2 and metrics(at)["Teams over a load limit"] == "2"
    assert [w.value for w in at.warning] == ["  \n".join(plain(w) for w in over)]  # one box
    assert {r["team"]: r["over the limit"] for r in table(at, "domains")}["Cart"] == ""


def test_coverage_tab_without_service_tools_says_how_to_add_them(at):
    at.selectbox(key="builtin_choice").set_value("online-boutique").run()
    open_coverage(_page(at, "ownership"))
    assert [i.value for i in at.info if "tools it needs" in i.value]
    text = " ".join(i.value for i in at.info).replace("\\", "")
    assert "services[].tools" in text and "metadata.tags" in text and "teamsim.io/tools" in text
    with pytest.raises(AssertionError, match="no table"):
        table(at, "skills truck factor")


def test_coverage_tab_knowledge_truck_factor_from_the_uploaded_git_log(at):
    import pandas as pd

    from teamsim.coverage import coverage_analysis

    files = [SCENARIOS / "online-boutique-design.yaml",
             SCENARIOS / "online-boutique" / "microservices-demo.gitlog"]
    at.session_state["service_paths"] = "src/{name}/"
    at.file_uploader(key="upload").set_value([(f.name, f.read_bytes(), "text/plain") for f in files]).run()
    assert not at.exception and not at.error
    open_coverage(_page(at, "ownership"))
    log = at.session_state["read_result"].git_log
    want = {c.name: c.knowledge for c in coverage_analysis(at.session_state["scenario"], log=log,
                                                           service_paths="src/{name}/").services}
    rows = {r["service"]: r for r in table(at, "knowledge truck factor")}
    assert rows["frontend"]["knowledge truck factor"] == want["frontend"].truck_factor == 2
    # the log came with a scenario of teams: it is their history (as --git-log), its authors are not
    # the scenario's people, so they show as left
    assert ("microservices-demo.gitlog", "git-history") in at.session_state["read_result"].kinds
    assert rows["frontend"]["knowledge authors"] == ", ".join(f"{a} (left)" for a in want["frontend"].authors)
    assert set(want["frontend"].authors) <= set(want["frontend"].left)
    assert rows["cartservice"]["knowledge truck factor"] == want["cartservice"].truck_factor == 3
    assert pd.isna(rows["redis-cart"]["knowledge truck factor"])  # no file of it in the history
    assert any("Avelino" in c.value for c in at.caption)


def test_before_after_figure_relative_change_and_labels():
    from teamsim.figures import before_after_figure
    from teamsim.reorg import MetricChange

    f = before_after_figure([
        MetricChange(scope="organisation", metric="services", before=13, after=13, change=0),
        MetricChange(scope="organisation", metric="modularity", before=0.1, after=0.15, change=0.05),
        MetricChange(scope="organisation", metric="cross_team_count", before=9, after=6, change=-3)])
    bars = dict(zip(f.data[0].y, f.data[0].x, strict=True))
    assert bars == pytest.approx({"modularity: 0.1 → 0.15": 50.0,
                                  "cross-team dependencies (service pairs): 9 → 6": -100 / 3})
    assert f.data[0].textposition == "none"  # no text on a bar: it would cover the axis labels
    assert f.layout.title.subtitle.text == "unchanged: services"


def _run_hong_page(at, landscapes):
    _page(at, "simulations")
    for key, value in (("hp_n", 200), ("hp_k", 2), ("hp_l", 6), ("hp_N", 5), ("hp_landscapes", landscapes)):
        at.number_input(key=key).set_value(value)
    at.button(key="hp_run").click().run()
    assert not at.exception and not at.error


def test_simulations_page_runs_small_experiments(at):
    from teamsim.hongpage import hong_page

    _run_hong_page(at, 4)
    want = hong_page(n=200, k=2, l=6, N=5, landscapes=4, seed=0)
    m = metrics(at)
    assert m["Best-N team"] == f"{want.best.performance:.2f}"
    assert m["Random team"] == f"{want.random.performance:.2f}"
    assert m["Random team wins"] == f"{want.random_wins:.0%}"


def test_simulations_page_one_landscape_shows_no_standard_error(at):
    _run_hong_page(at, 1)
    best = next(m for m in at.metric if m.label == "Best-N team")
    assert best.help == "± — SE"
    rows = {r["measure"]: r for r in table(at, "best-N team")}
    assert rows["standard error"]["best-N team"] == "—"


def test_simulations_page_draws_one_model_and_keeps_both_models_parameters(at):
    from teamsim.hongpage import hong_page

    _run_hong_page(at, 2)
    want = hong_page(n=200, k=2, l=6, N=5, landscapes=2, seed=0)
    rows = {r["measure"]: r for r in table(at, "best-N team")}
    assert rows["performance"]["best-N team"] == f"{want.best.performance:.3f}"
    assert rows["mean agent ability"]["random team"] == f"{want.random.mean_ability:.3f}"
    assert not at.get("plotly_chart")  # the result's chart waits in its own tab
    at.session_state["hp_view"] = "Chart"
    assert [c.proto.id for c in at.run().get("plotly_chart")][0].endswith("fig_hp")
    at.session_state["sim_model"] = "Team assembly"   # the Hong-Page tab is not drawn now
    at.run()
    assert not at.exception and [c for c in at.get("plotly_chart") if c.proto.id.endswith("fig_asm_run")]
    assert "hp_n" not in [w.key for w in at.number_input]
    at.number_input(key="asm_m").set_value(3).run()
    at.session_state["sim_model"] = "Hong-Page: diversity trumps ability"
    at.run()
    assert at.number_input(key="hp_n").value == 200  # kept while its tab was closed
    assert next(m for m in at.metric if m.label == "Best-N team").value == f"{want.best.performance:.2f}"
    at.session_state["sim_model"] = "Team assembly"
    assert at.run().number_input(key="asm_m").value == 3


def test_simulations_page_sweeps_run_through_the_sweep_engine(at, monkeypatch):
    _page(at, "simulations")
    import teamsim.sweep.batch as engine
    from teamsim.assembly import assembly_sweep
    from teamsim.hongpage import hong_page_sweep

    calls = []
    real = engine.run_tasks

    def spy(fn, jobs, **kw):                # every sweep of the page goes through teamsim.sweep
        calls.append((kw["label"], len(jobs), callable(kw["progress"])))
        return real(fn, jobs, **kw)

    monkeypatch.setattr(engine, "run_tasks", spy)
    for key, value in (("hp_n", 200), ("hp_k", 2), ("hp_l", 6), ("hp_landscapes", 3)):
        at.number_input(key=key).set_value(value)
    at.multiselect(key="hp_sweep_N").set_value([3, 6])
    at.button(key="hp_sweep_run").click().run()
    assert not at.exception and not at.error
    assert calls == [("Hong-Page sweep", 2, True)]
    assert [p.proto.text for p in at.get("progress")] == ["tasks: 2 of 2 done"]   # completed tasks
    want = hong_page_sweep({"n": 200, "k": 2, "l": 6, "N": [3, 6], "landscapes": 3, "mode": "relay",
                            "smoothing": 0}, seed=0, processes=1, progress=False)
    rows = table(at, "random_wins")
    assert [r["best_performance"] for r in rows] == [w["best_performance"] for w in want]
    assert [r["N"] for r in rows] == [3, 6]
    at.session_state["sim_model"] = "Team assembly"  # its tab is built when opened
    at.run()
    for key, value in (("asm_steps", 100), ("asm_runs", 2), ("asm_points", 3)):
        at.number_input(key=key).set_value(value)
    at.button(key="asm_sweep_run").click().run()
    assert not at.exception and not at.error
    [got] = at.session_state["asm_sweeps"].values()
    assert got == assembly_sweep(ps=[0.0, 0.5, 1.0], qs=(0.5,), m=4, tau=30, steps=100, runs=2, seed=0,
                                 executor="serial")
    assert [p.proto.text for p in at.get("progress")] == ["runs: 6 of 6 done"]   # counted, not estimated
    assert [c for c in calls if c[2]] == [("Hong-Page sweep", 2, True), ("assembly sweep", 6, True)]


@pytest.mark.parametrize("content", [
    b"name: empty\n",
    b"tools: [{name: A}]\n",
    b"tools: [{name: A}]\npeople: [{name: P, tools: [A]}]\n",
    b"services: [{name: s, depends_on: []}]\nteams: [{name: T, services: [s]}]\n",
], ids=["empty", "tools-only", "one-person", "services-only"])
def test_degenerate_scenarios_render_every_page(at, content):
    at.file_uploader[0].upload("edge.yaml", content)
    at.run()
    assert not at.error
    for path, *_ in PAGES:
        at.switch_page(path).run()
        assert not at.exception, (path, at.exception)


@pytest.mark.parametrize("revert", [{}, {2: {"F": False}}], ids=["no-edits-left", "unticked"])
def test_tick_then_untick_restores_every_number(at, revert):
    key = editor_key(at)
    people = {r["person"]: r for r in table(at, "unique tools")}
    assert people["Carl"]["tools"] == "C, D, G" and people["Carl"]["unique tools"] == "G"
    at.session_state[key] = {"edited_rows": {2: {"F": True}}, "added_rows": [], "deleted_rows": []}
    at.run()
    people = {r["person"]: r for r in table(at, "unique tools")}
    assert people["Carl"]["tools"] == "C, D, F, G" and people["Carl"]["ability"] == 4.0
    assert metrics(at)["Tools only one person holds"] == "1"  # F is no longer Betsy's alone
    assert metrics(at)["Its diversity bonus"] == "2"  # Carl alone is now worth more
    # untick: the grid is back to its starting state and so is every number
    at.session_state[key] = {"edited_rows": revert, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception and not at.error
    people = {r["person"]: r for r in table(at, "unique tools")}
    assert people["Carl"]["tools"] == "C, D, G" and people["Carl"]["ability"] == 3.0
    assert metrics(at)["Tools only one person holds"] == "2"
    assert metrics(at)["Its diversity bonus"] == "3"
    assert not at.session_state["edited"]


def test_add_a_person_with_the_button(at):
    at.text_input(key="add_person_name").set_value("Dana").run()
    at.button(key="add_person").click().run()
    assert not at.exception and not at.error
    assert abilities(at)["Dana"] == 0.0 and metrics(at)["People"] == "4"
    assert at.session_state["edited"]
    # then tick a tool for Dana in the (restarted) editor: row 3
    at.session_state[editor_key(at)] = {"edited_rows": {3: {"F": True}}, "added_rows": [],
                                        "deleted_rows": []}
    at.run()
    assert abilities(at)["Dana"] == 1.0
    # a duplicate or empty name is a message, nothing changes
    at.text_input(key="add_person_name").set_value("Adam").run()
    at.button(key="add_person").click().run()
    assert any("already in the matrix" in e.value for e in at.error)
    assert metrics(at)["People"] == "4"


def test_hong_page_figure_axis_starts_at_zero():
    pytest.importorskip("teamsim.hongpage")
    from teamsim.figures import hong_page_figure

    f = hong_page_figure([{"N": 10, "l": 12, "best_performance": 89.0, "best_performance_se": 0.2,
                           "random_performance": 92.0, "random_performance_se": 0.2}])
    assert list(f.layout.yaxis.range) == [0, 100]  # the 3-point gap is not magnified
    assert [t.text[0] for t in f.data] == ["89.00", "92.00"]


# ------------------------------------------------ a page that ends early keeps the sidebar
@pytest.mark.parametrize("name, says", [
    ("ownership", "This scenario has no services"),   # Page's example has no services
    ("sources", "The current scenario is a single scenario file"),
    ("compare", "Only one version so far"),
])
def test_a_page_that_ends_early_still_draws_the_sidebar(at, name, says):
    _page(at, name)
    assert any(says in i.value for i in at.info), [i.value for i in at.info]
    # the sidebar's second part is drawn after the page: summary, downloads, autosave, undo
    assert [b.label for b in at.sidebar.get("download_button")] == [
        "Download scenario (YAML)", "Download report (HTML)"]
    assert any("Autosaved as" in c.value for c in at.sidebar.caption)
    assert any("3 people" in c.value for c in at.sidebar.caption)
    assert at.sidebar.button(key="ws_undo").disabled


def test_team_page_warnings_are_one_box_and_every_one_is_in_the_expander(at):
    from teamsim import analyze
    from teamsim_app.safe import plain

    # five people list B without its prerequisite A: a warning each, and one for the nesting
    yaml = ("name: warned\ntools:\n  - {name: A}\n  - {name: B, requires: [A]}\npeople:\n"
            + "".join(f"  - {{name: '<P{i}>', tools: [B]}}\n" for i in range(5)))
    at.file_uploader(key="upload").set_value([("warned.yaml", yaml.encode(), "application/yaml")]).run()
    assert not at.exception and not at.error
    want = analyze(at.session_state["scenario"]).warnings
    assert len(want) == 6 and all("<P" in w for w in want[:5])
    boxes = [w.value for w in at.warning]
    assert boxes == [f"{plain(want[0])}  \n{plain(want[1])}  \n… and 4 more (below)"]
    assert not at.text  # the full list is drawn only when its expander opens
    at.session_state["team_warnings"] = True
    at.run()
    assert [t.value for t in at.text] == ["\n".join(want)]  # plain text, every warning


# ------------------------------------------------ autosave to the workspace, reload, undo/redo
def _app(token=None):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if token:
        at.query_params["s"] = token
    return at.run()


def _people(at):
    return [p.name for p in at.session_state["scenario"].people]


def test_edits_are_autosaved_and_reopen_after_a_reload(at, workspace_url):
    from teamsim.workspace import Workspace

    token = at.query_params["s"]
    assert token and Workspace(workspace_url).session(token).version.number == 1
    at.text_input(key="add_person_name").set_value("Dana").run()
    at.button(key="add_person").click().run()
    assert _people(at) == ["Adam", "Betsy", "Carl", "Dana"]
    at.session_state[editor_key(at)] = {"edited_rows": {3: {"F": True}}, "added_rows": [],
                                        "deleted_rows": []}
    at.run()
    state = Workspace(workspace_url).session(token)
    assert state.version.number == 3 and state.can_undo and not state.can_redo
    # a reload (a new browser session with the same link) reopens the last edit
    again = _app(token)
    assert not again.exception
    assert abilities(again)["Dana"] == 1.0 and metrics(again)["People"] == "4"
    assert again.session_state["edited"] and again.query_params["s"] == token
    # the sidebar's YAML download (drawn before the matrix edit) is built from the latest edit
    latest = at.session_state["latest"][0]
    assert next(p.tools for p in latest.people if p.name == "Dana") == ["F"]


def test_undo_and_redo_several_steps(at, workspace_url):
    for name in ("Dana", "Eve"):
        at.text_input(key="add_person_name").set_value(name).run()
        at.button(key="add_person").click().run()
    assert _people(at)[-2:] == ["Dana", "Eve"]
    at.button(key="ws_undo").click().run()
    at.button(key="ws_undo").click().run()
    assert _people(at) == ["Adam", "Betsy", "Carl"] and not at.session_state["edited"]
    assert at.button(key="ws_undo").disabled
    at.button(key="ws_redo").click().run()
    assert _people(at) == ["Adam", "Betsy", "Carl", "Dana"]
    assert abilities(at)["Dana"] == 0.0  # every page follows
    # a reload opens where undo/redo left the session
    assert _people(_app(at.query_params["s"])) == ["Adam", "Betsy", "Carl", "Dana"]


def test_unknown_session_link_opens_the_default_afresh(workspace_url):
    at = _app("x" * 24)
    assert not at.exception
    assert _people(at) == ["Adam", "Betsy", "Carl"]
    assert at.query_params["s"] != "x" * 24  # a new session


def test_loading_over_edits_asks_first_and_undo_returns_to_the_plan(at, workspace_url):
    from teamsim.workspace import Workspace

    token = at.query_params["s"]
    at.text_input(key="add_person_name").set_value("Dana").run()
    at.button(key="add_person").click().run()
    at.selectbox(key="builtin_choice").set_value("learned-in-order").run()
    assert "Dana" in _people(at)  # not replaced yet: the sidebar asks
    assert any("replaces your edited scenario" in w.value for w in at.warning)
    at.button(key="cancel_load").click().run()
    assert "Dana" in _people(at) and at.selectbox(key="builtin_choice").value == "diversity-bonus"
    at.selectbox(key="builtin_choice").set_value("learned-in-order").run()
    at.button(key="confirm_load").click().run()
    assert not at.exception
    assert at.session_state["source"] == "built-in: learned-in-order"
    assert at.query_params["s"] == token  # the same link: opening a scenario is one more step
    [info] = [i.value for i in at.sidebar.info]
    # the message names the plan left (its version with Dana) and a link that reopens it
    assert "saved as Diversity bonus \\(Page 2017\\)\\@\u20602\\. Undo returns to it" in info
    link = re.fullmatch(r"\?s=([A-Za-z0-9_-]{16,})", at.sidebar.code[-1].value).group(1)
    assert link != token and _people(_app(link)) == ["Adam", "Betsy", "Carl", "Dana"]
    at.button(key="ws_undo").click().run()  # back to the user's plan, edits and all
    assert _people(at) == ["Adam", "Betsy", "Carl", "Dana"] and at.session_state["edited"]
    assert at.selectbox(key="builtin_choice").value == "diversity-bonus" and not at.sidebar.info
    at.button(key="ws_redo").click().run()
    assert at.session_state["source"] == "built-in: learned-in-order"
    ws = Workspace(workspace_url)
    assert ws.session(token).version.plan == at.session_state["session"].version.plan
    # an unedited scenario loads at once
    at.selectbox(key="builtin_choice").set_value("diversity-bonus").run()
    assert _people(at) == ["Adam", "Betsy", "Carl"]


def test_saved_plans_are_listed_and_open_as_an_undoable_step(at):
    at.text_input(key="add_person_name").set_value("Dana").run()
    at.button(key="add_person").click().run()
    at.button(key="open_real").click().run()
    at.button(key="confirm_load").click().run()
    real = _people(at)
    assert not at.sidebar.dataframe  # the list is drawn when its expander is opened
    at.session_state["saved_plans_view"] = True
    rows = at.run().sidebar.dataframe[0].value.to_dict("records")
    real_plan, mine = "Online Boutique ownership (illustrative teams)", "Diversity bonus (Page 2017)"
    assert [r["latest version"] for r in rows] == [f"{real_plan}@1", f"{mine}@2"]  # newest first
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", r["saved (UTC)"]) for r in rows)
    assert at.button(key="open_saved_plan").disabled  # until a plan is chosen
    at.selectbox(key="saved_plan_choice").set_value(mine).run()
    at.button(key="open_saved_plan").click().run()
    assert _people(at) == ["Adam", "Betsy", "Carl", "Dana"]
    at.button(key="ws_undo").click().run()
    assert _people(at) == real


def test_undo_stays_in_its_own_session(workspace_url):
    """Two browsers on one server: Y's undo never opens X's edit of the same plan."""
    x = _app()
    x.session_state[editor_key(x)] = {"edited_rows": {0: {"G": True}}, "added_rows": [], "deleted_rows": []}
    x.run()
    assert x.session_state["session"].version.number == 2 and x.session_state["edited"]
    y = _app()
    assert y.session_state["session"].version.number == 3
    assert y.sidebar.button(key="ws_undo").disabled and not y.session_state["edited"]
    y.text_input(key="add_person_name").set_value("Yan").run()
    y.button(key="add_person").click().run()
    y.button(key="ws_undo").click().run()
    assert _people(y) == ["Adam", "Betsy", "Carl"] and "G" not in next(
        p.tools for p in y.session_state["scenario"].people if p.name == "Adam")
    assert y.button(key="ws_undo").disabled
    again = _app(y.query_params["s"])  # a reload keeps the session's own history
    assert again.button(key="ws_undo").disabled and not again.button(key="ws_redo").disabled


def _tick(at, row, tool):
    at.session_state[editor_key(at)] = {"edited_rows": {row: {tool: True}}, "added_rows": [],
                                        "deleted_rows": []}
    return at.run()


def test_two_tabs_on_one_link_never_lose_an_edit(at, workspace_url):
    """Tab 2 (not reloaded) ticks after tab 1 saved: refused, told so, shown tab 1's version."""
    from teamsim.workspace import Workspace

    token = at.query_params["s"]
    tab2 = _app(token)                                       # the same link in a second tab
    _tick(at, 0, "G")                                        # tab 1: Adam +G, saved @2
    ws = Workspace(workspace_url)
    assert ws.session(token).version.number == 2
    assert ws.version(ws.session(token).version.id).message == "Adam: +G"
    _tick(tab2, 2, "F")                                      # tab 2, built on @1: Carl +F
    assert not tab2.exception
    assert [w.value for w in tab2.warning] == [
        r"This plan changed in another tab or window\: now showing its latest version \(\@⁠2\)\. "
        r"Your change was not applied\; make it again\."]
    assert [v.number for v in ws.log(ws.session(token).version.plan)] == [2, 1]   # nothing saved
    tools = {p.name: p.tools for p in tab2.session_state["scenario"].people}
    assert "G" in tools["Adam"] and "F" not in tools["Carl"]  # tab 1's edit is what tab 2 shows now
    _tick(tab2, 2, "F")                                      # made again, on @2: both kept
    latest = ws.load(ws.session(token).version.id)
    assert "G" in latest.person("Adam").tools and "F" in latest.person("Carl").tools
    assert ws.session(token).version.number == 3 and not tab2.warning
    assert ws.version(ws.session(token).version.id).message == "Carl: +F"


def test_edits_are_confirmed_on_the_page(at):
    from teamsim_app.state import done_message

    assert done_message("move Ana to Platform") == "Moved Ana to Platform. Saved; Undo is in the sidebar."
    assert done_message("remove task deploy").startswith("Removed task deploy.")
    assert done_message("team design: 2 changes").startswith("Team design: 2 changes.")
    at.text_input(key="add_person_name").set_value("Dana").run()
    at.button(key="add_person").click().run()
    assert [t.value for t in at.toast] == [r"Added Dana\. Saved\; Undo is in the sidebar\."]
    at.run()
    assert not at.toast  # once


# ------------------------------------------------ hiring: into the chosen team, honest headline
TWO_TEAMS = (DATA / "two-teams.yaml").read_text()


def test_hire_goes_into_the_chosen_team(at):
    at.file_uploader[0].upload("two.yaml", TWO_TEAMS.encode())
    at.run()
    _page(at, "hiring")
    at.selectbox(key="hire_team").set_value("Payments").run()
    skey = at.session_state["scenario_key"]
    at.selectbox(key="hire_who").set_value("Priya").run()
    at.selectbox(key=f"hire_into_{skey}_Payments").set_value("Platform").run()
    at.button(key="hire_button").click().run()
    assert not at.exception and not at.error
    teams = {t.name: t.members for t in at.session_state["scenario"].teams}
    assert teams == {"Payments": ["Ana"], "Platform": ["Ben", "Priya"]}


def test_hiring_headline_never_contradicts_itself(at):
    at.file_uploader[0].upload("two.yaml", TWO_TEAMS.encode())
    at.run()
    _page(at, "hiring")
    at.selectbox(key="hire_team").set_value("Payments").run()
    m = metrics(at)
    # Payments holds A: Priya adds C (+1), Quinn adds B (+1), Quinn is the most able: a tie
    assert m["Most able candidate"] == "Quinn"
    assert m["Best addition"] == "2 tied" and m["Most able is the best addition"] == "tied"
    # the whole organisation holds A and B: only Priya adds anything; the most able adds nothing
    at.selectbox(key="hire_team").set_value("(whole organisation)").run()
    m = metrics(at)
    assert m["Best addition"] == "Priya" and m["Most able is the best addition"] == "no"


def test_move_service_what_if_after_the_scenario_changes(at):
    at.button(key="open_real").click().run()
    open_whatif(_page(at, "ownership"))
    skey = at.session_state["scenario_key"]
    at.selectbox(key=f"move_service_{skey}").set_value("frontend").run()
    at.button(key="move_apply").click().run()
    assert not at.exception and not at.warning  # the what-if of the new scenario renders
    assert at.selectbox(key=f"move_service_{at.session_state['scenario_key']}").value
    at.selectbox(key="builtin_choice").set_value("hiring").run()  # asks: the move was an edit
    at.button(key="confirm_load").click().run()
    assert not at.exception


# ------------------------------------------------ `teamsim app`: the app shipped in the package
def test_teamsim_app_command_serves_the_packaged_app_on_loopback(monkeypatch, capsys):
    import subprocess

    from teamsim.cli import main
    from teamsim.cli.app_cmd import is_loopback, streamlit_command

    cmd = streamlit_command("127.0.0.1", 8501)
    assert cmd[1:4] == ["-m", "streamlit", "run"]
    assert cmd[4] == str(ROOT / "teamsim_app" / "main.py")
    assert cmd[-4:] == ["--server.address", "127.0.0.1", "--server.port", "8501"]
    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "10.0.0.5", "x")] == [
        True, True, True, False, False, False]
    calls = []
    monkeypatch.setattr(subprocess, "call", lambda c: calls.append(c) or 0)
    assert main(["app"]) == 0
    assert calls[-1][-4:] == ["--server.address", "127.0.0.1", "--server.port", "8501"]
    assert "warning" not in capsys.readouterr().err
    assert main(["app", "--host", "0.0.0.0", "--port", "8600"]) == 0
    assert calls[-1][-4:] == ["--server.address", "0.0.0.0", "--server.port", "8600"]
    assert "reachable by anyone" in capsys.readouterr().err
    assert main(["app", "--port", "0"]) == 2
    assert "port 0 is out of range" in capsys.readouterr().err
    assert len(calls) == 2


def test_the_packaged_entry_script_runs_the_app():
    at = AppTest.from_file(str(ROOT / "teamsim_app" / "main.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Team and diversity"
    at.switch_page(PAGES[-1][0]).run()
    assert not at.exception


# ------------------------------------------------ the edit page: every edit through teamsim.edits
EDIT = "teamsim_app/edit.py"


def _w(at, name):
    return f"edit_{name}_{at.session_state['scenario_key']}"


def _teams(at):
    return {t.name: t.members for t in at.session_state["scenario"].teams}


def test_team_editor_create_rename_move_delete(at):
    at.switch_page(EDIT).run()
    assert not at.exception
    assert _teams(at) == {"Adam+Betsy": ["Adam", "Betsy"], "Betsy+Carl": ["Betsy", "Carl"]}
    at.text_input(key=_w(at, "new_team")).set_value("Core")
    at.multiselect(key=_w(at, "new_members")).set_value(["Adam"])
    at.button(key="edit_add_team").click().run()
    assert not at.exception and not at.error
    assert _teams(at)["Core"] == ["Adam"]
    at.selectbox(key=_w(at, "rename_old")).set_value("Core")
    at.text_input(key=_w(at, "rename_new")).set_value("Platform")
    at.button(key="edit_rename_team").click().run()
    assert "Platform" in _teams(at) and "Core" not in _teams(at)
    at.selectbox(key=_w(at, "move_person")).set_value("Carl")
    at.selectbox(key=_w(at, "move_to")).set_value("Platform")
    at.button(key="edit_move_person").click().run()
    assert _teams(at) == {"Adam+Betsy": ["Adam", "Betsy"], "Betsy+Carl": ["Betsy"],
                          "Platform": ["Adam", "Carl"]}
    at.selectbox(key=_w(at, "delete_team")).set_value("Adam+Betsy")
    at.button(key="edit_delete_team").click().run()
    assert set(_teams(at)) == {"Betsy+Carl", "Platform"}
    assert _people(at) == ["Adam", "Betsy", "Carl"]  # people stay
    # a bad edit is a message and changes nothing: a team named like another
    at.selectbox(key=_w(at, "rename_old")).set_value("Platform")
    at.text_input(key=_w(at, "rename_new")).set_value("Betsy+Carl")
    at.button(key="edit_rename_team").click().run()
    assert not at.exception and at.error and "already taken" in at.error[0].value
    assert set(_teams(at)) == {"Betsy+Carl", "Platform"}
    # every edit is a workspace version: four undos go back to the start
    for _ in range(4):
        at.button(key="ws_undo").click().run()
    assert _teams(at) == {"Adam+Betsy": ["Adam", "Betsy"], "Betsy+Carl": ["Betsy", "Carl"]}


def test_remove_a_person_on_a_team(at):
    at.switch_page(EDIT).run()
    at.selectbox(key=_w(at, "remove_person")).set_value("Carl")
    at.button(key="edit_remove_person").click().run()
    assert not at.exception and not at.error
    assert _people(at) == ["Adam", "Betsy"]
    assert _teams(at) == {"Adam+Betsy": ["Adam", "Betsy"], "Betsy+Carl": ["Betsy"]}


def test_task_editor_sets_and_removes_a_task(at):
    at.switch_page(EDIT).run()
    at.text_input(key=_w(at, "task_name")).set_value("ship")
    at.multiselect(key=_w(at, "task_tools_(new task)")).set_value(["A", "F"])
    at.button(key="edit_set_task").click().run()
    assert not at.exception and not at.error
    assert [(t.name, t.tools) for t in at.session_state["scenario"].tasks] == [("ship", ["A", "F"])]
    at.selectbox(key=_w(at, "task")).set_value("ship").run()
    assert at.multiselect(key=_w(at, "task_tools_ship")).value == ["A", "F"]  # its tools shown
    at.multiselect(key=_w(at, "task_tools_ship")).set_value(["G"])
    at.button(key="edit_set_task").click().run()
    assert [(t.name, t.tools) for t in at.session_state["scenario"].tasks] == [("ship", ["G"])]
    at.selectbox(key=_w(at, "task")).set_value("ship").run()
    at.button(key="edit_remove_task").click().run()
    assert at.session_state["scenario"].tasks == []


def test_departure_what_if(at):
    from teamsim.hiring import departure

    at.switch_page(EDIT).run()
    at.selectbox(key=_w(at, "leaver")).set_value("Carl").run()
    assert not at.exception
    want = departure(at.session_state["scenario"], "Carl")
    m = metrics(at)
    assert m["Ability after"] == f"{want.ability_after:g}" == "6"  # A..F without Carl's G
    assert m["Tools lost"] == "1"
    assert [r["tool lost"] for r in table(at, "tool lost")] == ["G"]


def test_skill_matrix_csv_round_trips_through_import_skills(tmp_path):
    from teamsim import load_scenario
    from teamsim.cli import main
    from teamsim.importers.skills_csv import skills_matrix_csv, tools_csv

    from .conftest import SCENARIOS

    s = load_scenario(SCENARIOS / "hiring.yaml")
    (tmp_path / "m.csv").write_text(skills_matrix_csv(s))
    (tmp_path / "t.csv").write_text(tools_csv(s))
    assert main(["import", "skills", str(tmp_path / "m.csv"), "--tools", str(tmp_path / "t.csv"),
                 "-o", str(tmp_path / "back.yaml")]) == 0
    back = load_scenario(tmp_path / "back.yaml")
    def rows(people):  # the matrix orders each person's tools by column
        return [(p.name, sorted(p.tools), p.role, p.levels) for p in people]

    assert rows(back.people) == rows(s.people) and rows(back.candidates) == rows(s.candidates)
    assert back.tools == s.tools
    assert {t.name: t.members for t in back.teams} == {t.name: t.members for t in s.teams}


def test_compare_two_versions(at):
    from teamsim.compare import compare, metric_rows

    at.text_input(key="add_person_name").set_value("Dana").run()
    at.button(key="add_person").click().run()
    at.switch_page("teamsim_app/compare.py").run()
    assert not at.exception and not at.error
    changes = table(at, "change")
    assert [(r["kind"], r["name"], r["change"]) for r in changes] == [("person", "Dana", "added")]
    s0 = at.session_state["scenario"]
    want = metric_rows(compare(s0.model_copy(update={"people": s0.people[:3]}), s0))
    got = [[r["metric"], r["scope"], r["before"], r["after"], r["change"], r["source"]]
           for r in table(at, "metric")]
    assert got == want and "people" in [r[0] for r in got] and "teams_count" not in str(got)
    # the same version on both sides: no change
    v = at.session_state["session"].version
    [before] = [s for s in at.selectbox if s.key.startswith(f"cmp_before_{v.id}_")]
    before.set_value(v.id).run()
    assert not at.exception and any("the same scenario" in c.value for c in at.caption)


def test_compare_plan_a_with_plan_b(at, tmp_path):
    from teamsim.edits import remove_person
    from teamsim.workspace import Workspace, default_url

    other = at.session_state["scenario"].model_copy(update={"name": "Plan (B)"})
    for p in other.people[2:]:
        other = remove_person(other, p.name)
    Workspace(default_url()).save(other, plan="Plan (B)", message="plan b")
    at.switch_page("teamsim_app/compare.py").run()
    v = at.session_state["session"].version
    at.selectbox(key=f"cmp_plan_B_{v.id}").set_value("Plan (B)").run()
    assert not at.exception and not at.error
    removed = {r["name"] for r in table(at, "change") if r["change"] == "removed"}
    assert removed == {p.name for p in at.session_state["scenario"].people[2:]}


def test_sidebar_report_download_is_the_report_of_teamsim_report(at, tmp_path):
    from teamsim.cli import main

    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download report (HTML)" in labels
    assert main(["report", str(ROOT / "scenarios" / "diversity-bonus.yaml"),
                 "-o", str(tmp_path / "r.html")]) == 0
    import re

    from teamsim.report_file import report_text

    def same(text):  # plotly gives every figure a random element id
        return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID", text)

    html = report_text(at.session_state["latest"][0], "html")
    assert same((tmp_path / "r.html").read_text()) == same(html) and "Betsy" in html


def test_readable_at_forty_people(at):
    from teamsim import analyze
    from teamsim.figures import abilities_figure
    from teamsim.ownership import ownership_report
    from teamsim.scenario import Scenario

    s = Scenario.model_validate({"tools": [{"name": "A"}],
                                 "people": [{"name": f"Person {i}", "tools": ["A"]} for i in range(40)]})
    fig = abilities_figure(analyze(s))
    # every name shown, each on its own row (slanted names overlap past 12 people)
    assert fig.data[0].orientation == "h" and fig.layout.yaxis.dtick == 1
    assert list(fig.data[0].y) == sorted(f"Person {i}" for i in range(40))
    assert fig.layout.height >= 18 * 40
    few = abilities_figure(analyze(s.model_copy(update={"people": s.people[:12]})))
    assert few.data[0].orientation == "v" and few.layout.xaxis.dtick == 1
    # the ownership headline counts dependencies (an integer), not a weighted expectation
    at.button(key="open_real").click().run()
    _page(at, "ownership")
    want = ownership_report(at.session_state["scenario"])
    assert metrics(at)["Cross-team deps"] == str(want.cross_team_edges)  # short: never clipped


def test_without_a_workspace_the_app_still_works(monkeypatch, tmp_path):
    (tmp_path / "file").write_text("")  # a folder that cannot be created: no workspace
    monkeypatch.setenv("TEAMSIM_DATABASE_URL", f"sqlite:///{tmp_path / 'file' / 'sub' / 'w.db'}")
    at = _app()
    assert not at.exception
    assert abilities(at) == {"Adam": 5.0, "Betsy": 4.0, "Carl": 3.0}
    assert any("Not autosaved" in c.value for c in at.caption)
    assert "s" not in at.query_params
    at.text_input(key="add_person_name").set_value("Dana").run()
    at.button(key="add_person").click().run()
    assert not at.exception and _people(at)[-1] == "Dana"  # editing works, unsaved


@pytest.mark.parametrize("chains", [False, True], ids=["no prerequisites", "prerequisites"])
def test_prerequisite_graph_labels_do_not_overlap(chains):
    """24 tools with 20-character names: every label's box (7 px a character, 14 px high, above
    its marker, on a plot LABEL_ROOM px wide and the figure's height less its margins) is clear
    of every other."""
    import itertools

    import numpy as np

    from teamsim.figures import prerequisite_graph_figure
    from teamsim.figures.ability import LABEL_ROOM
    from teamsim.scenario import Scenario

    rng = np.random.default_rng(3)
    names = [f"cognitive-tool-no-{i:02d}" for i in range(24)]
    tools = [{"name": n, "requires": [names[int(rng.integers(0, i))]] if chains and i >= 4 else []}
             for i, n in enumerate(names)]
    s = Scenario.model_validate({"tools": tools, "people": [
        {"name": f"P{i}", "tools": [names[i % 24]]} for i in range(40)]})
    fig = prerequisite_graph_figure(s)
    nodes = fig.data[-1]
    xs, ys = np.array(nodes.x, float), np.array(nodes.y, float)
    width, height = LABEL_ROOM, fig.layout.height - 180

    def scale(v, size):
        return (v - v.min()) / max(v.max() - v.min(), 1e-9) * size

    px, py = scale(xs, width), scale(ys, height)
    boxes = [(x - 3.5 * len(t), x + 3.5 * len(t), y + 8, y + 22) for x, y, t in zip(px, py, nodes.text)]
    for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2):
        clear = a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]
        assert clear, (nodes.text[i], nodes.text[j])


CROWD = "teamsim_app/crowd.py"


def test_crowd_page_applies_the_diversity_prediction_theorem(at):
    """The example, by hand: per question crowd error 4, 4, 1; average errors 19.5, 23.5, 8.5;
    diversities 15.5, 19.5, 7.5; overall the means 3 = 17.17 - 14.17."""
    at.switch_page(CROWD).run()
    assert not at.exception and not at.error
    m = metrics(at)
    assert (m["Crowd's squared error"], m["Average individual error"], m["Prediction diversity"]) == \
        ("3", "17.2", "14.2")
    q = {r["question"]: r for r in table(at, "crowd's prediction")}
    pay = q["payments API (weeks)"]
    assert (pay["crowd's error"], pay["average error"], pay["diversity"]) == (4.0, 19.5, 15.5)
    at.multiselect(key="crowd_drop").select("Di").run()
    m = metrics(at)  # without Di the crowd's means are 6, 29/3, 11/3: errors 0, 1/9, 1/9
    assert m["Crowd's squared error"] == "0.0741" and not at.exception


# ------------------------------------------------ several sources in one upload (the Sources page)
CATALOG = DATA / "backstage-demo"
CODEOWNERS = b"/queue-proxy/ @acme/team-b\n/billing/ @acme/payments\n"
DEPS = b"source,target\npodcast-api,queue-proxy\nbilling,podcast-api\n"


def _catalog_files(*names):
    return [(Path(n).name, (CATALOG / n).read_bytes(), "application/yaml") for n in names]


def _sources(at):
    return _page(at, "sources")


@pytest.fixture
def upload_tmp(tmp_path, monkeypatch):
    """The temporary folder uploads are copied to (it must be empty after each read)."""
    (tmp_path / "uploads").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


def test_upload_backstage_files_codeowners_and_dependencies_at_once(at, upload_tmp):
    files = _catalog_files("acme/team-b-group.yaml", "components/podcast-api-component.yaml",
                           "components/queue-proxy-component.yaml")
    files += [("CODEOWNERS", CODEOWNERS, "text/plain"), ("deps.csv", DEPS, "text/csv")]
    at.file_uploader(key="upload").set_value(files).run()
    assert not at.exception and not at.error
    s = at.session_state["scenario"]
    # team-b's 5 users own the two components (the group is in another file: one catalog);
    # CODEOWNERS adds the team acme/payments for billing, a service only the CSV lists
    assert {t.name: (len(t.members), t.service_names) for t in s.teams} == {
        "team-b": (5, ["podcast-api", "queue-proxy"]), "acme/payments": (0, ["billing"])}
    assert {x.name: x.depends_on for x in s.services} == {
        "podcast-api": ["queue-proxy"], "queue-proxy": [], "billing": ["podcast-api"]}
    assert list(upload_tmp.iterdir()) == []  # nothing left on disk
    _sources(at)
    assert metrics(at) == {"People": "5", "Teams": "2", "Services": "3", "Warnings": "6"}
    assert table(at, "read as") == [
        {"file": "team-b-group.yaml", "read as": "backstage"},
        {"file": "podcast-api-component.yaml", "read as": "backstage"},
        {"file": "queue-proxy-component.yaml", "read as": "backstage"},
        {"file": "CODEOWNERS", "read as": "codeowners"}, {"file": "deps.csv", "read as": "dependencies"}]
    kinds = {r["kind"]: r["count"] for r in table(at, "count")}
    # the group's parent and the two components' system are broken references of one kind
    assert kinds["unresolved reference"] == 3 and sum(kinds.values()) == 6
    everything = at.expander[0].text[0].value.splitlines()
    assert len(everything) == 6 and everything[0].startswith("team-b-group.yaml:12: warning: parent")
    prov = [tuple(r.values()) for r in table(at, "fact")]
    assert ("service", "billing", "deps.csv", "dependencies") in prov
    assert ("service", "billing", "CODEOWNERS", "paths") in prov
    catalog = "team-b-group.yaml + podcast-api-component.yaml + queue-proxy-component.yaml"
    assert ("team", "team-b", catalog, "members") in prov and len(prov) == 16
    # CODEOWNERS gave billing and queue-proxy their owners and names both teams
    assert sorted(r[:2] for r in prov if r[2] == "CODEOWNERS") == [
        ("service", "billing"), ("service", "queue-proxy"), ("team", "acme/payments"), ("team", "team-b")]
    assert "/tmp" not in "\n".join(t.value for t in at.text)


def test_upload_a_zipped_catalog_gives_the_folder_s_scenario(at):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in sorted(CATALOG.rglob("*.yaml")):
            z.write(f, f.relative_to(CATALOG).as_posix())
    at.file_uploader(key="upload").upload("catalog.zip", buf.getvalue()).run()
    assert not at.exception and not at.error
    folder = read([CATALOG])  # the same catalog read from its folder (as `teamsim import` does)
    uploaded = at.session_state["scenario"]
    assert uploaded.name == "Backstage catalog catalog.zip"  # the upload's name, not its copy's path
    assert uploaded.model_copy(update={"name": None}) == folder.scenario.model_copy(update={"name": None})
    _sources(at)
    assert table(at, "read as") == [{"file": "catalog.zip", "read as": "backstage-zip"}]
    assert metrics(at)["Services"] == str(len(folder.scenario.services)) == "14"
    assert metrics(at)["Warnings"] == str(len(folder.warnings))


GIT_LOG = (b"--a1--2020-01-01--Ann Lee\n3\t0\tsrc/api/main.go\n\n"
           b"--a2--2020-02-01--alee\n1\t1\tsrc/api/util.go\n\n"
           b"--a3--2020-03-01--Bob\n2\t0\tweb/app.ts\n")


def test_upload_a_git_log_with_its_aliases(at):
    at.file_uploader(key="upload").set_value([("history.gitlog", GIT_LOG, "text/plain"),
                                              ("aliases.txt", b"Ann Lee = alee\n", "text/plain")]).run()
    assert not at.exception and not at.error
    s = at.session_state["scenario"]
    assert sorted(p.name for p in s.people) == ["Ann Lee", "Bob"]  # alee is Ann Lee
    assert at.session_state["read_result"].git_log is not None
    _sources(at)
    assert table(at, "read as") == [{"file": "history.gitlog", "read as": "git-log"},
                                    {"file": "aliases.txt", "read as": "aliases"}]
    _page(at, "network")
    at.radio(key="net_source").set_value("the git log uploaded in the sidebar").run()
    assert not at.exception and metrics(at)["People"] == "2"  # Ann Lee and Bob, alee merged
    assert any(c.value.startswith(r"history\.gitlog: 3 commits") for c in at.caption)


def test_a_broken_file_among_good_ones_is_named_and_changes_nothing(at, upload_tmp):
    at.file_uploader(key="upload").set_value([
        ("deps.csv", DEPS, "text/csv"), ("broken.yaml", b"people: [\n  {name: A\n", "text/yaml")]).run()
    assert not at.exception
    msg = "\n".join(c.value for c in at.code)
    assert msg.startswith("broken.yaml:3: error: malformed YAML") and "fix: " in msg
    assert "Traceback" not in msg and str(upload_tmp) not in msg
    assert abilities(at) == {"Adam": 5.0, "Betsy": 4.0, "Carl": 3.0}  # the scenario is unchanged
    assert list(upload_tmp.iterdir()) == []


def test_a_file_of_unknown_kind_is_read_as_the_kind_chosen(at):
    at.file_uploader(key="upload").set_value([("deps.csv", DEPS, "text/csv"),
                                              ("owners.txt", CODEOWNERS, "text/plain")]).run()
    assert "owners.txt: error: unknown input type '.txt'" in "\n".join(c.value for c in at.code)
    _sources(at)
    assert [t.value for t in at.text][:2] == ["deps.csv  (detected: dependencies)",
                                              "owners.txt  (detected: unknown)"]
    at.selectbox[1].set_value("codeowners")
    at.button[0].click().run()  # "Read again with these kinds"
    assert not at.exception and not at.main.code  # no error (the sidebar's code is the link back)
    assert table(at, "read as")[1] == {"file": "owners.txt", "read as": "codeowners"}
    assert {t.name: t.service_names for t in at.session_state["scenario"].teams} == {
        "acme/team-b": ["queue-proxy"], "acme/payments": ["billing"]}


def test_codeowners_with_the_services_folders_chosen_on_the_sources_page(at):
    graph = SCENARIOS / "service-graphs" / "online-boutique.csv"
    owners = SCENARIOS / "online-boutique" / "CODEOWNERS"
    at.file_uploader(key="upload").set_value([("online-boutique.csv", graph.read_bytes(), "text/csv"),
                                              ("CODEOWNERS", owners.read_bytes(), "text/plain")]).run()
    assert not at.exception and not at.error
    assert any("warnings reading the upload" in c.value for c in at.caption)
    _sources(at)
    at.text_input(key="service_paths_input").set_value("src/{name}/")
    at.button[0].click().run()
    assert not at.exception and not at.error
    cli = read([graph, owners], service_paths="src/{name}/")  # teamsim import ... --service-paths
    assert at.session_state["scenario"].teams == cli.scenario.teams
    assert metrics(at)["Warnings"] == str(len(cli.warnings))
    assert {t.name for t in cli.scenario.teams} >= {"boutique/storefront", "boutique/platform"}


def test_hiring_figures_follow_the_team_and_k(at):
    """The hiring figures are cached per scenario and choice: each shows the current choice."""
    from teamsim.figures import candidate_gain_figure
    from teamsim.hiring import rank_candidates

    at.file_uploader[0].upload("two.yaml", TWO_TEAMS.encode())
    at.run()
    _page(at, "hiring")
    assert not at.get("plotly_chart")  # the first paint draws no chart: each is in a tab or expander
    assert [r["candidate"] for r in table(at, "marginal gain")] == ["Priya", "Quinn"]
    at.session_state["hire_view"] = "Chart"
    at.session_state["best_k_view"] = True
    at.run()
    assert not at.main.table and not at.main.dataframe  # the chart's tab instead of the ranking's

    def chart(key):
        spec = next(c.proto.spec for c in at.get("plotly_chart") if c.proto.id.endswith(key))
        return json.loads(spec)["data"]

    for team in ("Payments", "(whole organisation)", "Payments"):
        at.selectbox(key="hire_team").set_value(team).run()
        want = rank_candidates(at.session_state["scenario"], None if team.startswith("(") else team)
        assert chart("fig_gain") == json.loads(candidate_gain_figure(want).to_json())["data"], team
    best = chart("fig_best_k")
    at.number_input(key="hire_k").set_value(1).run()
    assert chart("fig_best_k") != best and not at.exception


# ------------------------------------------------ team design page
def test_team_design_page_proposes_applies_and_undoes(at):
    from teamsim import load_scenario
    from teamsim.design import design_scenario, design_teams

    from .conftest import SCENARIOS

    at.selectbox(key="builtin_choice").set_value("online-boutique-design").run()
    _page(at, "design")
    assert "design" not in at.session_state  # nothing runs before the button
    assert any("Autosaved as" in c.value for c in at.sidebar.caption)  # the page never stops the run
    before = at.session_state["scenario"]
    assert before == load_scenario(SCENARIOS / "online-boutique-design.yaml")
    at.button(key="design_run").click().run()
    assert not at.exception and not at.error
    want = design_teams(before, min_size=5, max_size=9, redundancy=2, lam=1.0, time_limit=10.0)
    m = metrics(at)
    assert m["Objective"] == f"{want.objective:g}" and m["Changes"] == str(want.changes) != "0"
    assert m["Optimality gap"] == "optimal"
    assert {(r["kind"], r["name"], r["to"]) for r in table(at, "to")} == {
        (mv.kind, mv.name, mv.to_team) for mv in want.moves}
    today = {r["metric"]: r["today"] for r in table(at, "design")}
    assert today["cross team weight"] == want.before["cross_team_weight"]
    at.button(key="design_apply").click().run()
    assert not at.exception
    applied = at.session_state["scenario"]
    assert [(t.name, t.members, t.service_names) for t in applied.teams] == [
        (t.name, t.members, t.service_names) for t in design_scenario(before, want).teams]
    assert any("Design applied" in s.value for s in at.success)
    assert any("Autosaved as" in c.value and "team design" in c.value for c in at.sidebar.caption)
    at.button(key="design_undo").click().run()
    assert at.session_state["scenario"] == before
    assert metrics(at)["Changes"] == str(want.changes)  # the proposal of today's teams again


def test_team_design_page_infeasible_constraints_say_why(at):
    at.selectbox(key="builtin_choice").set_value("online-boutique-design").run()
    _page(at, "design")
    skey = at.session_state["scenario_key"]
    at.number_input(key=f"design_red_{skey}").set_value(9)  # nobody's tools are held 9 times
    at.button(key="design_run").click().run()
    assert not at.exception
    assert any("No design satisfies" in e.value for e in at.error)
    assert any("cannot be covered" in c.value for c in at.code)
    assert "design_apply" not in [b.key for b in at.button]


def test_report_is_greedy_first_past_the_enumeration_limit_then_exact_on_request():
    from teamsim import analyze
    from teamsim.scenario import Scenario
    from teamsim_app import state

    # C(2001, 2) = 2 001 000 teams of 2: more than enumeration takes at once
    def people(n):
        return Scenario.model_validate({"tools": [{"name": f"t{j}"} for j in range(5)], "people": [
            {"name": f"p{i}", "tools": [f"t{i % 5}"]} for i in range(n)]})

    s = people(2001)
    quick = state._report("greedy-first", s, 2, 9).team_of_k
    assert quick.most_able_team.method == "greedy" and quick.most_able_team.ability == 2
    assert quick == analyze(s, k=2, method="greedy").team_of_k
    assert state._report("greedy-first", s, 2, 9, True).team_of_k == analyze(s, k=2).team_of_k
    small = state._report("small", people(10), 2, 9)
    assert small.team_of_k.most_able_team.method == "exhaustive"
