"""The Streamlit app renders the default scenario (streamlit.testing AppTest)."""

from streamlit.testing.v1 import AppTest

from .conftest import ROOT


def test_app_default_scenario_numbers():
    at = AppTest.from_file(str(ROOT / "app.py")).run(timeout=60)
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["Best-ability team of 2: Adam, Betsy"] == "6"
    assert values["Most able team of 2: Betsy, Carl"] == "7"
