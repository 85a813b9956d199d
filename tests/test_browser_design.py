"""The Team design page in a real browser (Playwright + Debian's Chromium, as tests/test_browser.py).

Opens the app on the shipped Online Boutique design example, proposes a design with
the default constraints, checks it against :func:`teamsim.design.design_teams`, applies
it (a new autosaved workspace version) and undoes it.
"""

import re

import pytest

from teamsim import load_scenario
from teamsim.design import design_scenario, design_teams
from teamsim_app.browser import launch, serve
from tests.conftest import SCENARIOS
from tests.test_browser import (  # noqa: F401  (pytestmark and the playwright fixture apply here)
    go,
    members,
    metric,
    no_exception,
    open_app,
    playwright,
    pytestmark,
    settle,
    wait_metric,
    wait_sidebar,
    wait_table,
)

EXAMPLE = SCENARIOS / "online-boutique-design.yaml"


@pytest.fixture(scope="module")
def page(playwright):  # noqa: F811
    with serve(env={"TEAMSIM_SCENARIO": str(EXAMPLE)}) as url:
        browser = launch(playwright)
        yield open_app(browser, url)
        browser.close()


def test_team_design_propose_apply_undo(page):
    today = load_scenario(EXAMPLE)
    want = design_teams(today, min_size=5, max_size=9, redundancy=2, lam=1.0, time_limit=10.0)
    assert want.optimal and want.moves  # the example's design changes something
    go(page, "Team design")
    page.get_by_role("button", name="Propose a design").click()
    wait_metric(page, "Optimality gap", "optimal")
    assert metric(page, "Objective") == f"{want.objective:g}"
    assert metric(page, "Changes") == str(want.changes)
    wait_table(page, ("kind", "name", "from", "to"),
               sorted((mv.kind, mv.name, mv.to_team) for mv in want.moves),
               lambda rows: sorted((r["kind"], r["name"], r["to"]) for r in rows))
    designed = {t.name: ", ".join(t.members) for t in design_scenario(today, want).teams}
    page.get_by_role("button", name="Apply this design").click()
    page.get_by_text("Design applied").first.wait_for()
    wait_sidebar(page, re.compile(r"Autosaved as .*@\u2060?2 \(team design: \d+ change"))
    settle(page)
    go(page, "Edit teams and tasks")
    wait_table(page, ("team", "members", "size"), designed, members)
    go(page, "Team design")
    page.get_by_role("button", name="Undo the design").click()
    wait_sidebar(page, re.compile(r"Autosaved as .*@\u2060?1 "))
    wait_metric(page, "Changes", str(want.changes))  # today's teams again: the same proposal
    go(page, "Edit teams and tasks")
    wait_table(page, ("team", "members", "size"),
               {t.name: ", ".join(t.members) for t in today.teams}, members)
    no_exception(page)
    assert page.errors == []
