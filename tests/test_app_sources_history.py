"""The Sources page's owners from git history (streamlit.testing's AppTest, no browser): a
scenario, its git log and an aliases file uploaded together; the hand-computed decision of
tests/test_history_owners.py (since 2024: cart Carts 3/4 with the alias, pay Web 2/4, api Ops)."""

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from teamsim.ownership import declared_owners

from .conftest import DATA, ROOT

D = DATA / "history-owners"


@pytest.fixture(autouse=True)
def workspace_url(tmp_path, monkeypatch):
    monkeypatch.setenv("TEAMSIM_DATABASE_URL", f"sqlite:///{tmp_path / 'app-workspace.db'}")


def _table(at, column):
    for d in at.dataframe:
        if column in d.value.columns:
            return [tuple(r) for r in d.value.itertuples(index=False)]
    raise AssertionError(f"no table with column {column!r}")


def _sources(files, paths="src/{name}/"):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.file_uploader(key="upload").set_value(
        [(name, (D / name).read_bytes(), "text/plain") for name in files]).run()
    assert not at.exception and not at.error
    at.switch_page("teamsim_app/sources.py").run()
    at.text_input(key="service_paths_input").set_value(paths)
    at.button[0].click().run()  # "Read again with these kinds and folders"
    assert not at.exception
    return at


def test_owners_from_history_with_uploaded_aliases():
    at = _sources(["scenario.yaml", "history.gitlog", "aliases.txt"])
    assert "authors merged by aliases.txt" in at.caption[0].value.replace("\\", "")
    at.slider(key="history_threshold").set_value(0.5)
    at.date_input(key="history_since").set_value(dt.date(2024, 1, 1))
    at.button(key="FormSubmitter:history_form-Set owners from git history").click().run()
    assert not at.exception
    assert declared_owners(at.session_state["scenario"])["cart"] == ["Carts"]  # was Web
    assert sorted(_table(at, "owner from history")) == [("api", "Ops"), ("cart", "Carts"), ("pay", "Web")]
    assert _table(at, "history owner") == [("cart", "Web", "Carts", "75%", "applied"),
                                           ("pay", "Carts", "Web", "50%", "applied")]
    warnings = at.expander[0].text[0].value.splitlines()
    assert [w.split(": warning:")[0] for w in warnings] == ["history.gitlog"] * 3  # 2 conflicts, 1 tie
    assert ("service", "api", "history.gitlog", "history") in _table(at, "fact")
    keep = next(b for b in at.button if b.label == "Keep the declared owners instead")
    keep.click().run()
    assert declared_owners(at.session_state["scenario"])["cart"] == ["Web"]


def test_without_the_aliases_the_share_is_below_the_threshold():
    at = _sources(["scenario.yaml", "history.gitlog"])
    at.slider(key="history_threshold").set_value(0.6)
    at.date_input(key="history_since").set_value(dt.date(2024, 1, 1))
    at.button(key="FormSubmitter:history_form-Set owners from git history").click().run()
    assert not at.exception
    # 'A. Nn' is nobody: cart is Carts 2/4 = 50% < 60%, the declared owner Web is kept
    assert ("cart", "Web", "Carts", "50%", "declared kept") in _table(at, "history owner")
    assert declared_owners(at.session_state["scenario"])["cart"] == ["Web"]
