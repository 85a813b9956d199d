"""Hostile uploads in the app (AppTest): a clean message, no traceback, no server path, no file left.

Every case checks the same promise: the page shows the reader's own message (or a
generic one for an error teamsim did not foresee, logged on the server), nothing on
the page names a server path, no exception element, the uploader is still there,
and the current scenario is unchanged. The browser test repeats the main cases
through a real upload (``tests/test_browser.py::test_hostile_uploads``).
"""

import gzip
import logging
import tempfile

import pytest
from streamlit.testing.v1 import AppTest

from teamsim_app.safe import UNEXPECTED_PAGE
from teamsim_app.uploads import UNEXPECTED, display_name, read_upload
from tests.conftest import ROOT

PAGE_ABILITIES = {"Adam": 5.0, "Betsy": 4.0, "Carl": 3.0}
NETWORK = "teamsim_app/network.py"


@pytest.fixture
def tmp(tmp_path, tmp_path_factory, monkeypatch):
    """Every temporary file of this test goes to an empty folder of its own."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    # the app autosaves: to a workspace outside that folder (which must stay empty)
    monkeypatch.setenv("TEAMSIM_DATABASE_URL",
                       f"sqlite:///{tmp_path_factory.mktemp('workspace') / 'workspace.db'}")
    return tmp_path


@pytest.fixture
def at(tmp):
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()


def page_text(at) -> str:
    """Every string the page shows (all element values, labels and help texts)."""
    out = []
    for node in _nodes(at._tree):
        for attr in ("value", "label", "help", "body", "message"):
            v = getattr(getattr(node, "proto", None), attr, None)
            if isinstance(v, str):
                out.append(v)
    return "\n".join(out)


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def assert_clean(at, *pieces: str, tmp=None) -> str:
    """No exception, no traceback or server path, the uploader visible, every piece shown."""
    assert not at.exception, [(e.value, e.stack_trace) for e in at.exception]
    text = page_text(at)
    for leak in ("Traceback", str(ROOT), "/tmp/", "site-packages", ".py\"", "teamsim-upload-"):
        assert leak not in text, (leak, text[-2000:])
    assert at.file_uploader(key="upload") is not None
    shown = "\n".join([*(c.value for c in at.code), *(e.value for e in at.error)])
    for piece in pieces:
        assert piece in shown, (piece, shown)
    if tmp is not None:
        assert list(tmp.iterdir()) == []  # nothing left behind
    return shown


def abilities(at):
    for d in at.dataframe:
        if d.editing_mode == "read_only" and "ability" in d.value.columns:
            return dict(zip(d.value["person"], d.value["ability"]))
    return None


DEEP_YAML = b"a: " + b"[" * 50_000 + b"]" * 50_000 + b"\n"
BIG_INT = b"tools: [{name: A, value: " + b"9" * 5000 + b"}]\n"


@pytest.mark.parametrize("name, data, pieces", [
    ("nul.yaml", b"tools: []\n\x00", ["nul.yaml:2: error: contains a NUL byte"]),
    ("deep.yaml", DEEP_YAML, ["deep.yaml"]),
    ("bigint.yaml", BIG_INT, ["bigint.yaml"]),
    ("x" * 300 + ".yaml", b"tools: [\n", ["malformed YAML", "xxx…xxx"]),
    ("notes.txt.yaml", gzip.compress(b"tools: []\n" * 1000), ["notes.txt.yaml:"]),
], ids=["nul", "deep-yaml", "huge-int", "long-name", "gzip-as-yaml"])
def test_bad_scenario_upload_is_a_clean_message(at, tmp, name, data, pieces):
    at.file_uploader(key="upload").upload(name, data).run()
    assert_clean(at, "was not loaded", *pieces, tmp=tmp)
    assert abilities(at) == PAGE_ABILITIES  # the current scenario is unchanged


def test_upload_over_the_size_limit_names_the_variable(at, tmp, monkeypatch):
    monkeypatch.setenv("TEAMSIM_MAX_FILE_BYTES", "1000")
    at.file_uploader(key="upload").upload("big.yaml", b"#" * 5000).run()
    assert_clean(at, "big.yaml: error: file size 5,000 bytes is over the limit of 1,000 bytes",
                 "TEAMSIM_MAX_FILE_BYTES", tmp=tmp)


def test_each_upload_shows_its_own_message(at):
    at.file_uploader(key="upload").upload("first.yaml", b"tools: [\n").run()
    assert "first.yaml" in assert_clean(at, "first.yaml")
    at.file_uploader(key="upload").set_value(("second.yaml", DEEP_YAML, "text/yaml")).run()
    shown = assert_clean(at, "second.yaml")
    assert "first.yaml" not in shown  # not the previous file's message
    at.file_uploader(key="upload").set_value(None).run()  # the file removed: so is its message
    assert "second.yaml" not in assert_clean(at)
    assert not at.error


def test_good_upload_after_a_bad_one_clears_the_message(at, tmp):
    at.file_uploader(key="upload").upload("bad.yaml", b"tools: [\n").run()
    good = b"tools: [{name: X}]\npeople: [{name: Uma, tools: [X]}]\n"
    at.file_uploader(key="upload").set_value(("good.yaml", good, "text/yaml")).run()
    assert_clean(at, tmp=tmp)
    assert not at.error and abilities(at) == {"Uma": 1.0}


LOG = b"--a1--2020-01-01--Ann\n1\t0\tsrc/x/main.go\n\n--a2--2020-02-01--Bob\n1\t0\tsrc/x/util.go\n"


@pytest.mark.parametrize("name, data, env, pieces", [
    ("ok.log", LOG, {}, []),
    ("bomb.log.gz", gzip.compress(b"\0" * 2**22, 9), {"TEAMSIM_MAX_DECOMPRESSED_BYTES": str(2**20)},
     ["bomb.log.gz", "TEAMSIM_MAX_DECOMPRESSED_BYTES"]),
    ("big.log", LOG * 100, {"TEAMSIM_MAX_FILE_BYTES": "1000"}, ["big.log", "TEAMSIM_MAX_FILE_BYTES"]),
    ("nul.log", LOG + b"\0", {}, ["nul.log:6: error: contains a NUL byte"]),
    ("scenario.log", b"tools: []\n", {}, ["scenario.log", "looks like a scenario"]),
], ids=["good", "gzip-bomb", "too-big", "nul", "scenario"])
def test_git_log_upload_leaves_nothing_behind(at, tmp, monkeypatch, name, data, env, pieces):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    at.switch_page(NETWORK).run()
    at.radio(key="net_source").set_value("upload a git log").run()
    at.file_uploader(key="net_upload").upload(name, data).run()
    shown = assert_clean(at, *pieces, tmp=tmp)
    if pieces:
        assert any("could not be read" in e.value for e in at.error), shown
    else:
        assert not at.error and any(m.label == "People" and m.value == "2" for m in at.metric)


def test_an_unexpected_page_error_is_logged_not_shown(at, monkeypatch, caplog):
    import teamsim.figures

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail in /srv/secret/path.py")

    monkeypatch.setattr(teamsim.figures, "communication_figure", broken)
    at.session_state["comm_view"] = "Chart"  # the page draws its figure when this tab is open
    with caplog.at_level(logging.ERROR, logger="teamsim.app"):
        at.switch_page("teamsim_app/communication.py").run()
    assert [e.value for e in at.exception] == [UNEXPECTED_PAGE]
    assert not at.exception[0].stack_trace
    assert "secret" not in page_text(at)
    assert at.file_uploader(key="upload") is not None  # the sidebar still works
    assert "secret detail" in caplog.text  # the details are in the server log


# ------------------------------------------------------------------ the helpers themselves
def test_read_upload_names_the_upload_and_removes_the_copy(tmp):
    from teamsim import TeamsimError, load_scenario

    with pytest.raises(TeamsimError) as e:
        read_upload("../../etc/org.yaml", b"people: [{name: A, tools: [Z]}]\n", load_scenario)
    assert e.value.render().startswith("org.yaml:1: error: ")
    assert str(tmp) not in e.value.render() and list(tmp.iterdir()) == []
    s = read_upload("C:\\Users\\me\\org.csv", b"person,Go\nAnn,1\n", load_scenario)
    assert [p.name for p in s.people] == ["Ann"] and list(tmp.iterdir()) == []


def test_read_upload_turns_an_unexpected_error_into_a_plain_message(tmp, caplog):
    from teamsim import TeamsimError

    def reader(path):
        raise KeyError(str(path))

    with caplog.at_level(logging.ERROR, logger="teamsim.app"), pytest.raises(TeamsimError) as e:
        read_upload("x.yaml", b"", reader)
    assert e.value.render().startswith(f"x.yaml: error: {UNEXPECTED}")
    assert "teamsim-upload-" not in e.value.render() and "KeyError" in caplog.text


def test_display_name():
    assert display_name("a/b\\c.yaml") == "c.yaml"
    assert display_name("") == "upload"
    assert display_name("evil\n.yaml") == "evil\\n.yaml"  # one line
    long = display_name("a" * 1000 + ".json")
    assert len(long) == 100 and long.endswith("a.json")
