"""The workspace database: versions, references, sessions with undo/redo, on SQLite and PostgreSQL."""

import threading

import pytest

from teamsim.errors import InputError
from teamsim.scenario import Scenario
from teamsim.workspace import Workspace, parse_ref, plan_name


def _scen(*people):
    return Scenario.model_validate({"tools": [{"name": "A"}, {"name": "B"}],
                                    "people": [{"name": p, "tools": ["A"]} for p in people]})


@pytest.fixture
def ws(database_url):
    w = Workspace(database_url)
    yield w
    w.engine.dispose()


def test_versions_are_numbered_per_plan_with_parents(ws):
    v1 = ws.save(_scen("Ann"), plan="plan-a", message="first", origin=["a.yaml"])
    v2 = ws.save(_scen("Ann", "Bo"), plan="plan-a", message="hire Bo")
    b1 = ws.save(_scen("Cy"), plan="plan-b")
    assert (v1.number, v2.number, b1.number) == (1, 2, 1)
    assert (v1.parent, v2.parent, b1.parent) == (None, v1.id, None)
    assert v1.origin == ["a.yaml"] and v2.message == "hire Bo" and v2.ref == "plan-a@2"
    assert ws.load("plan-a") == _scen("Ann", "Bo")
    assert ws.load("plan-a@1") == _scen("Ann") == ws.load(v1.id)
    assert [v.number for v in ws.log("plan-a")] == [2, 1]
    assert sorted((n, c) for n, c, _ in ws.plans()) == [("plan-a", 2), ("plan-b", 1)]
    summaries = ws.plan_summaries()
    assert [(p.plan, p.versions, p.last_saved) for p in summaries] == ws.plans()
    assert all(p.last_saved.tzinfo is not None for p in summaries)
    assert v1.digest != v2.digest and len(v1.digest) == 64


def test_reopening_the_database_keeps_everything(database_url):
    Workspace(database_url).save(_scen("Ann"), plan="keep")
    again = Workspace(database_url)          # migrations run again: a no-op
    assert again.load("keep") == _scen("Ann") and again.version("keep").number == 1


@pytest.mark.parametrize("ref, fix", [("nope", "teamsim workspace list"),
                                      ("plan-a@9", "teamsim workspace"),
                                      ("plan-a@0", "PLAN@N"), ("plan-a@x", "PLAN@N"),
                                      ("../etc", "letters, digits"), ("[b]x", "letters, digits")])
def test_bad_references_are_clear(ws, ref, fix):
    ws.save(_scen("Ann"), plan="plan-a")
    with pytest.raises(InputError) as e:
        ws.load(ref)
    assert fix in e.value.hint


def test_session_autosave_undo_redo(ws):
    st = ws.start_session(_scen("Ann"), plan="work", origin=["x.yaml"])
    assert not st.can_undo and not st.can_redo
    st = ws.record(st.token, _scen("Ann", "Bo"), message="add Bo")
    st = ws.record(st.token, _scen("Ann", "Bo", "Cy"), message="add Cy")
    assert ws.record(st.token, _scen("Ann", "Bo", "Cy"), message="no-op").version == st.version
    # a reload (a new Workspace object, as a new process would have) reopens the same place
    again = Workspace(ws.url)
    assert again.load(again.session(st.token).version.id) == _scen("Ann", "Bo", "Cy")
    st = ws.undo(st.token)
    st = ws.undo(st.token)
    assert ws.load(st.version.id) == _scen("Ann") and st.can_redo and not st.can_undo
    with pytest.raises(InputError, match="nothing to undo"):
        ws.undo(st.token)
    st = ws.redo(st.token)
    assert ws.load(st.version.id) == _scen("Ann", "Bo")
    st = ws.record(st.token, _scen("Dee"), message="replace")     # a new edit clears redo
    assert not st.can_redo and st.version.origin == ["x.yaml"]
    with pytest.raises(InputError, match="nothing to redo"):
        ws.redo(st.token)
    assert [v.number for v in ws.log("work")] == [4, 3, 2, 1]     # nothing is ever lost


def test_undo_walks_only_this_sessions_versions(ws):
    x = ws.start_session(_scen("Ann"), plan="org")                 # org@1
    x = ws.record(x.token, _scen("Ann", "Bo"), message="X ticks")  # org@2, X's edit
    y = ws.start_session(_scen("Ann"), plan="org")                 # org@3, parent org@2
    assert y.version.number == 3 and y.version.parent == x.version.id
    assert not y.can_undo and not y.edited                         # nothing of X's to undo into
    with pytest.raises(InputError, match="nothing to undo"):
        ws.undo(y.token)
    y = ws.record(y.token, _scen("Cy"), message="Y edits")         # org@4
    x = ws.record(x.token, _scen("Ann", "Bo", "Dee"), message="X again")  # org@5
    assert [v.version.number for v in (ws.undo(y.token), ws.undo(x.token), ws.undo(x.token))] == [3, 2, 1]
    # the history survives a reload (a new Workspace object on the same database)
    again = Workspace(ws.url)
    assert again.session(x.token).can_redo and not again.session(x.token).can_undo
    assert [again.redo(x.token).version.number, again.redo(x.token).version.number] == [2, 5]
    assert again.session(y.token).version.number == 3 and again.session(y.token).can_redo


def test_switching_plans_is_one_undoable_step(ws):
    st = ws.start_session(_scen("Ann"), plan="plan-a", origin=["mine.yaml"])
    st = ws.record(st.token, _scen("Ann", "Bo"), message="add Bo")            # plan-a@2, edited
    assert st.edited and st.version.ref == "plan-a@2"
    st = ws.switch(st.token, _scen("Ex"), plan="example", message="opened example", origin=["ex"])
    assert (st.version.ref, st.edited, st.can_undo, st.can_redo) == ("example@1", False, True, False)
    st = ws.record(st.token, _scen("Ex", "Fi"), message="edit the example")    # example@2
    st = ws.undo(st.token)
    assert st.version.ref == "example@1"
    st = ws.undo(st.token)                                                     # back to the user's plan
    assert st.version.ref == "plan-a@2" and st.edited and ws.load(st.version.id) == _scen("Ann", "Bo")
    st = ws.undo(st.token)
    assert st.version.ref == "plan-a@1" and not st.edited and not st.can_undo
    st = ws.redo(ws.redo(st.token).token)
    assert st.version.ref == "example@1" and st.can_redo
    st = ws.open_version(st.token, "plan-a")                                  # the saved-plans list
    assert (st.version.ref, st.can_redo) == ("plan-a@2", False)
    assert ws.undo(st.token).version.ref == "example@1"
    link = ws.open_session("plan-a@2")                                        # a link to the plan
    assert link.token != st.token and link.version.ref == "plan-a@2" and not link.can_undo
    with pytest.raises(InputError, match="no version"):
        ws.open_version(st.token, "plan-a@9")


def test_undo_keeps_max_undo_steps(ws, monkeypatch):
    monkeypatch.setenv("TEAMSIM_MAX_UNDO_STEPS", "2")
    st = ws.start_session(_scen(), plan="p")
    for name in ("A", "B", "C"):
        st = ws.record(st.token, _scen(name), message=name)
    assert [ws.undo(st.token).version.number, ws.undo(st.token).version.number] == [3, 2]
    with pytest.raises(InputError, match="nothing to undo"):
        ws.undo(st.token)


def test_sessions_from_before_their_own_history_read_as_edits(ws):
    import sqlalchemy as sa

    from teamsim.workspace import sessions

    st = ws.start_session(_scen("Ann"), plan="old")
    v2 = ws.save(_scen("Bo"), plan="old")
    with ws.engine.begin() as conn:                      # a redo stack as revision 0001 wrote it
        conn.execute(sa.update(sessions).where(sessions.c.token == st.token).values(redo=f"[{v2.id}]"))
    st = ws.redo(st.token)
    assert st.version.ref == "old@2" and st.edited and ws.undo(st.token).version.ref == "old@1"


@pytest.mark.parametrize("token", ["", "short", "x" * 65, "'; DROP TABLE versions; --" + "a" * 10, None])
def test_hostile_session_tokens(ws, token):
    with pytest.raises(InputError, match="session"):
        ws.session(token)


def test_names_and_messages_are_data(ws):
    msg = "'); DROP TABLE plans; -- [b]<script>"
    v = ws.save(_scen("Ann"), plan="a b.c_d-e", message=msg)
    assert ws.version("a b.c_d-e").message == msg and v.plan == "a b.c_d-e"
    with pytest.raises(InputError, match="too long"):
        ws.save(_scen("Ann"), plan="p", message="x" * 2001)


def test_concurrent_saves_get_distinct_numbers(ws):
    errors = []

    def work():
        try:
            for _ in range(5):
                ws.save(_scen("Ann"), plan="busy")
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    if ws.engine.dialect.name == "sqlite":
        pytest.skip("SQLite serialises writers; the unique constraint is tested on PostgreSQL")
    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    numbers = [v.number for v in ws.log("busy")]
    assert not errors
    assert sorted(numbers) == list(range(1, 11))


def test_parse_ref():
    assert parse_ref("a@12") == ("a", 12)
    with pytest.raises(InputError):
        parse_ref("a@1234567890")


def test_unreachable_database_is_a_clean_error():
    with pytest.raises(InputError, match="cannot open the workspace database") as e:
        Workspace("postgresql+psycopg://u:secret@127.0.0.1:1/none")
    assert "secret" not in e.value.render()


def test_in_memory_workspace_is_shared_by_threads():
    ws = Workspace("sqlite://")
    ws.save(_scen("Ann"), plan="p")
    seen, errors = [], []

    def work():
        try:
            seen.append([v.number for v in ws.log("p")])
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert not errors and seen == [[1]]


def test_a_named_sqlite_file_in_a_missing_folder_is_refused_not_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    for folder in (blocker / "sub", tmp_path / "missing" / "dir"):
        with pytest.raises(InputError, match="of the workspace database does not exist") as e:
            Workspace(f"sqlite:///{folder}/workspace.db")
        assert f"mkdir -p {folder}" in e.value.render() and "TEAMSIM_DATABASE_URL" in e.value.render()
    assert not (tmp_path / "missing").exists()


def test_the_default_file_gets_its_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("TEAMSIM_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert Workspace().plans() == []
    assert (tmp_path / "xdg" / "teamsim" / "workspace.db").is_file()


@pytest.mark.parametrize("url", ["notaurl", "postgresql://u:secret@h:port/x", "://"])
def test_a_malformed_url_is_a_clean_error_naming_the_variable(url):
    with pytest.raises(InputError, match="is not a database URL") as e:
        Workspace(url)
    assert e.value.entity == "TEAMSIM_DATABASE_URL" and "secret" not in e.value.render()


def test_plan_names_are_normalised_wherever_they_enter(ws):
    v1 = ws.save(_scen("Ann"), plan="plan")
    v2 = ws.save(_scen("Bo"), plan="\uff50\uff4c\uff41\uff4e")    # fullwidth: the same plan (NFKC)
    assert (v1.ref, v2.ref) == ("plan@1", "plan@2")
    assert [(n, c) for n, c, _ in ws.plans()] == [("plan", 2)]
    assert ws.load("\uff50lan@1") == _scen("Ann") and ws.version("pla\uff4e").number == 2
    assert [v.number for v in ws.log("\uff50lan")] == [2, 1]
    composed = ws.save(_scen("Di"), plan="caf\u00e9")
    assert ws.save(_scen("Di"), plan="cafe\u0301").ref == "caf\u00e9@2" == composed.ref[:-1] + "2"
    token = ws.start_session(_scen("Ed"), plan="\uff50lan").token
    assert ws.session(token).version.ref == "plan@3"


@pytest.mark.parametrize("name", [" plan", "plan ", "\u00a0plan", "plan\t", " plan "])
def test_surrounding_spaces_are_refused_not_merged_into_another_plan(ws, name):
    ws.save(_scen("Ann"), plan="plan")
    for enter in (lambda: ws.save(_scen("Bo"), plan=name), lambda: ws.log(name),
                  lambda: ws.start_session(_scen("Bo"), plan=name), lambda: parse_ref(name + "@1")):
        with pytest.raises(InputError, match="plan names cannot start or end with a space") as e:
            enter()
        assert e.value.hint == "did you mean 'plan'?"
    assert [(n, c) for n, c, _ in ws.plans()] == [("plan", 1)]


@pytest.mark.parametrize(("name", "odd", "scripts"), [
    ("p\u0406an", "\\u0406", "Latin letters with \\u0406 from Cyrillic"),       # Cyrillic I in "plan"
    ("pl\u0430n", "\\u0430", "from Cyrillic"),                                     # Cyrillic a
    ("\u0440l\u0430nning", "\\u0440\\u0430", "from Cyrillic"),                   # two of them
    ("pl\u03b1n", "\\u03b1", "Latin letters with \\u03b1 from Greek"),             # Greek alpha
    ("\u043f\u043b\u0430\u043d x", "\\u0078", "Cyrillic letters with \\u0078 from Latin"),
    ("plan\u0663", "\\u0663", "from Arabic"),                                      # Arabic-Indic 3
])
def test_names_mixing_scripts_are_refused_naming_the_characters(ws, name, odd, scripts):
    with pytest.raises(InputError, match="mixes") as e:
        ws.save(_scen("Ann"), plan=name)
    assert scripts in e.value.message and odd in e.value.hint and "one script" in e.value.hint
    assert ws.plans() == []


def test_names_in_one_script_stay_allowed():
    for name in ("\u043f\u043b\u0430\u043d 2", "\u03a0\u03bb\u03ac\u03bd\u03bf", "\u00c9quipe_b.2",
                 "\u8a08\u753b\u306e\u30c6\u30b9\u30c8", "plan-2027"):
        assert plan_name(name) == name


@pytest.mark.parametrize(("name", "piece"), [
    ("", "it is empty"), ("   ", "it is empty"), ("\t\n", "it is empty"),
    ("a\nb", "control character U+000A"), ("a\x1b[2Jb", "control character U+001B"),
    ("a\u200bb", "control character U+200B"), ("a\u2028b", "control character U+2028"),
    ("x" * 101, "101 characters, over 100"), ("a@b", "bad plan name 'a@b'"),
    ("../etc", "bad plan name '../etc'"), ("-a", "bad plan name '-a'"), ("a[/b]", "bad plan name 'a[/b]'"),
    ("(a)", "bad plan name '(a)'"), ("a:b", "bad plan name"), ("a<b>", "bad plan name"),
    ("a&b", "bad plan name"), ("a'b", "bad plan name"), ("a\"b", "bad plan name"), ("a;b", "bad plan name"),
])
def test_bad_plan_names_are_refused_before_touching_the_database(ws, name, piece):
    with pytest.raises(InputError, match="bad plan name") as e:
        ws.save(_scen("Ann"), plan=name)
    assert piece in e.value.message and e.value.entity == "plan" and "letters, digits" in e.value.hint
    with pytest.raises(InputError, match="bad plan name"):
        ws.log(name)
    assert ws.plans() == []


def test_parentheses_commas_and_plus_are_kept(ws):
    from teamsim.workspace import plan_name_for

    name = "Diversity bonus (Page 2017), v2+"
    v = ws.save(_scen("Ann"), plan=name)
    assert v.ref == f"{name}@1" and parse_ref(f"{name}@1") == (name, 1) and ws.plans()[0][0] == name
    # the app names a plan after its scenario: harmless characters stay, the rest become "-"
    assert plan_name_for("Diversity bonus (Page 2017)") == "Diversity bonus (Page 2017)"
    assert plan_name_for("(draft) a/b: <c>") == "draft) a-b- -c"
    assert [plan_name_for(t) for t in ("", None, "<>", "p\u0406an")] == ["scenario"] * 4


def test_plan_name_keeps_inner_text_and_refuses_non_text():
    assert plan_name("Reorg  2027") == "Reorg  2027" and plan_name("x" * 100) == "x" * 100
    assert plan_name("\u00c9quipe_b.2") == "\u00c9quipe_b.2"
    with pytest.raises(InputError, match="not text"):
        plan_name(None)
