"""The Sources page in a real browser: a scenario, its git log and an aliases file uploaded at
once; owners taken from the history (threshold 50 %, since 2024-01-01) and the conflicts with the
declared owners, as hand-computed in tests/test_history_owners.py (with the alias 'A. Nn' is ann:
cart Carts 3/4 against the declared Web; pay Web 2/4 against Carts; api, owned by nobody, Ops).

Uses the harness of tests/test_browser.py (Debian's Chromium, a server of its own)."""

from pathlib import Path

import pytest

from teamsim_app.browser import CHROMIUM, launch, serve
from tests.conftest import DATA

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason=f"{CHROMIUM} is absent: apt-get install -y chromium"),
]

sync_api = pytest.importorskip("playwright.sync_api")

from tests.test_browser import TIMEOUT, go, no_exception, settle, wait_table  # noqa: E402

D = DATA / "history-owners"


@pytest.fixture(scope="module")
def page():
    with sync_api.sync_playwright() as p, serve() as url:
        browser = launch(p)
        pg = browser.new_page(viewport={"width": 1400, "height": 1400})
        pg.set_default_timeout(TIMEOUT)
        pg.goto(url)
        yield pg
        browser.close()


def test_owners_from_git_history_and_their_conflicts(page):
    go(page, "Team and diversity")
    page.locator('[data-testid="stSidebar"] input[type="file"]').set_input_files(
        [str(D / n) for n in ("scenario.yaml", "history.gitlog", "aliases.txt")])
    settle(page)
    go(page, "Sources")
    page.get_by_text("aliases.txt  (detected: aliases)").first.wait_for()
    page.locator(".st-key-service_paths_input input").fill("src/{name}/")
    page.get_by_role("button", name="Read again with these kinds and folders").click()
    settle(page)
    page.get_by_text("authors merged by aliases.txt").first.wait_for()
    since = page.locator(".st-key-history_since input")
    since.fill("2024-01-01")
    since.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Set owners from git history").click()
    settle(page)
    set_ = "Owners from history set: 3 service(s), threshold 50%, since 2024-01-01"
    page.get_by_text(set_).first.wait_for()
    wait_table(page, ("service", "owner from history"), [("api", "Ops"), ("cart", "Carts"), ("pay", "Web")],
               lambda rows: sorted((r["service"], r["owner from history"]) for r in rows))
    wait_table(page, ("service", "declared", "history owner", "share", "applied"),
               [["cart", "Web", "Carts", "75%", "applied"], ["pay", "Carts", "Web", "50%", "applied"]],
               lambda rows: [list(r.values()) for r in rows])
    page.get_by_text("All 3 warnings").first.click()
    conflict = "declared owner Web, but Carts made 75% of its changes: owner set to Carts"
    page.get_by_text(conflict).first.wait_for()
    no_exception(page)
