"""Screenshots of every app page into docs/screenshots/ (same Playwright setup as the browser test).

    .venv/bin/python docs/make_screenshots.py [--scenario NAME] [--width 1400]

Starts ``streamlit run app.py`` on a free port, opens each page in Debian's
Chromium (/usr/bin/chromium) and saves ``docs/screenshots/<page>[-<scenario>].png``
with the viewport as tall as the page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from teamsim_app import PAGES  # noqa: E402
from teamsim_app.browser import launch, serve  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"


def settle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    page.wait_for_timeout(1500)


def act(page, slug: str) -> None:
    """Show a page in use: a person selected in the network, a simulation that ran."""
    if slug == "network":
        points = page.locator(".js-plotly-plot").first.locator(".scatterlayer path.point")
        for i in range(points.count()):
            box = points.nth(i).bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            on_top = page.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y);"
                                   " return e ? (e.getAttribute('class') || '') : '' }", [x, y])
            if "drag" in on_top:  # visible and not covered (plotly's drag layer takes the click)
                page.mouse.click(x, y)
                settle(page)
                break
    elif slug == "hiring":
        example = page.get_by_role("button", name="Open the hiring example")
        if example.count():
            example.click()
            page.get_by_text("Candidates by marginal gain").first.wait_for()
            page.get_by_text("Best addition").first.wait_for()
            settle(page)
    elif slug == "simulations":
        run = page.get_by_role("button", name="Run the simulation")
        if run.count():
            run.click()
            page.get_by_text("Random team wins").first.wait_for()
            settle(page)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", help="built-in scenario to select first (default: the default one)")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--pages", nargs="*", help="url paths of the pages to capture (default all)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with serve() as url, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": args.width, "height": 1000})
        page.set_default_timeout(120_000)
        page.goto(url)
        page.locator("h1").first.wait_for()
        if args.scenario:
            page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
            page.get_by_role("option", name=args.scenario, exact=True).click()
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1500)
        # the hiring page opens the hiring example (a scenario with candidates): capture it last
        for _path, title, slug, _icon in sorted(PAGES, key=lambda p: p[2] == "hiring"):
            if args.pages and slug not in args.pages:
                continue
            page.set_viewport_size({"width": args.width, "height": 1000})
            page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
            page.locator("h1").filter(has_text=title).first.wait_for()
            page.wait_for_load_state("networkidle")
            settle(page)
            page.wait_for_timeout(1500)  # let plotly finish drawing
            act(page, slug)
            height = page.evaluate(
                "() => Math.max(...[...document.querySelectorAll("
                "'[data-testid=\"stMainBlockContainer\"], [data-testid=\"stMain\"]')]"
                ".map(e => e.scrollHeight))")
            page.set_viewport_size({"width": args.width, "height": min(int(height) + 40, 6000)})
            page.wait_for_timeout(1000)
            page.wait_for_function(  # charts and tables redraw after the resize
                "() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0")
            page.wait_for_timeout(2000)
            name = slug + (f"-{args.scenario}" if args.scenario else "") + ".png"
            page.screenshot(path=str(OUT / name))
            print(OUT / name)
        browser.close()


if __name__ == "__main__":
    main()
