"""App speed in a real browser: click to settled page, at 40 people (Playwright + Chromium).

    .venv/bin/python benchmarks/bench_browser.py [--people 40] [--reps 3] [--json FILE]

Builds a seeded synthetic organisation (``bench_app.synthetic_org``: 40 people, 6 teams,
20 services, 24 tools, 8 candidates), starts ``streamlit run app.py`` on it
(``TEAMSIM_SCENARIO``, a temporary workspace) and drives Debian's Chromium
(``/usr/bin/chromium``) with Playwright. Each flow is timed from the user's input event
(pointer down or key down, recorded in the page) to the page's last DOM change once
settled: Streamlit's running indicator is gone and the DOM has not changed for
``QUIET`` seconds (that quiet wait is not counted). Every flow checks that the page
shows the changed value, so a click that did nothing cannot look fast.

Targets (median over the repetitions of each flow, wall time: what the user waits):
a widget change (tick a tool in the skill matrix, k, a select box) <= 1 s, page
navigation <= 1 s. Prints each flow's times, the median over the flows per kind and
its ratio to the target; exits 1 on a miss.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import tempfile
from pathlib import Path

from _bench import Bench
from bench_app import synthetic_org

from teamsim import analyze
from teamsim.importers import dump_scenario

CHANGE_TARGET = 1.0
NAVIGATION_TARGET = 1.0
QUIET = 0.6  # s without a DOM change that counts as settled
TIMEOUT = 60_000  # ms

#: Installed in the page: the time of the last user input and of the last DOM change.
_PROBE = """
window.__input = 0; window.__mutation = performance.now();
for (const kind of ['pointerdown', 'keydown'])
  addEventListener(kind, () => { window.__input = performance.now(); }, true);
new MutationObserver(() => { window.__mutation = performance.now(); })
  .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""


def settled(page) -> float:
    """Seconds from the last input event to the last DOM change, once the page settled."""
    page.wait_for_function(
        f"""() => !document.querySelector('[data-testid="stStatusWidget"]')
              && document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState
                 === 'notRunning'
              && performance.now() - window.__mutation > {QUIET * 1000}
              && window.__mutation > window.__input""", timeout=TIMEOUT, polling=50)
    return page.evaluate("() => (window.__mutation - window.__input) / 1000")


def metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _version(sidebar: str) -> int:
    """The autosaved version number the sidebar shows ("Autosaved as plan@N")."""
    m = re.search(r"Autosaved as .*?@\u2060?(\d+)", sidebar)
    return int(m[1]) if m else -1


def go(page, title: str) -> float:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    took = settled(page)
    page.locator("h1").filter(has_text=title).first.wait_for()
    return took


def pick(page, box, option: str) -> float:
    """Choose ``option`` in the selectbox ``box``; the time from the option's click."""
    box.click()
    page.get_by_role("option", name=option, exact=True).first.click()
    return settled(page)


def tick_first_tool(page) -> float:
    """Click the first tool's checkbox of the skill matrix's first row (the grid is a canvas:
    the checkbox centres are found in its pixels, as in tests/test_browser.py)."""
    from PIL import Image

    grid = page.locator('[data-testid="stDataFrame"]').first  # the skill matrix
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    y = box["y"] + 35 + 17.5
    img = Image.open(io.BytesIO(page.screenshot(clip=dict(x=box["x"], y=y, width=box["width"],
                                                          height=1)))).convert("L")
    clusters: list[list[int]] = []
    for x in (x for x in range(img.width) if img.getpixel((x, 0)) < 200):
        if clusters and x - clusters[-1][-1] <= 20:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    c = clusters[2]  # the name, the candidate flag, then the first tool
    page.mouse.click(box["x"] + (c[0] + c[-1]) / 2, y)
    return settled(page)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=40)
    bench = Bench("bench_browser", __doc__, ap)
    from playwright.sync_api import sync_playwright

    from teamsim_app import PAGES
    from teamsim_app.browser import CHROMIUM, launch, serve

    if not Path(CHROMIUM).exists():
        print(f"skipped: {CHROMIUM} is absent (apt-get install -y chromium)")
        return 0
    n = bench.args.people
    org = synthetic_org(n, teams=max(2, n // 7), services=n // 2, tools=24, candidates=8,
                        projects=n)
    report = analyze(org)
    tmp = Path(tempfile.mkdtemp(prefix="teamsim-bench-")) / "synthetic.yaml"
    dump_scenario(org, tmp)
    print(f"synthetic organisation: {len(org.people)} people, {len(org.teams)} teams, "
          f"{len(org.services)} services, {len(org.tools)} tools, {len(org.candidates)} candidates")
    times: dict[tuple[str, str], list[float]] = {}

    def add(kind: str, label: str, t: float) -> None:
        times.setdefault((kind, label), []).append(t)

    with sync_playwright() as p, serve(env={"TEAMSIM_SCENARIO": str(tmp)}) as url:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.set_default_timeout(TIMEOUT)
        page.add_init_script(_PROBE)
        page.goto(url)
        page.locator('[data-testid="stMetric"]').filter(has_text="People").first.wait_for()
        settled(page)
        bench.check(metric(page, "People") == str(n)
                    and metric(page, "Organisation ability") == f"{report.organisation.ability:g}",
                    f"team page shows {n} people and ability {report.organisation.ability:g}")
        bench.heading("first visit of each page (cold caches; not a target)")
        for _path, title, *_ in PAGES[1:]:
            bench.note(f"{title}: {go(page, title):.2f} s")
        go(page, PAGES[0][1])
        for _ in range(bench.reps):
            _widget_flows(page, org, add, bench)  # starts and ends on the first page
            for _path, title, *_ in [*PAGES[1:], PAGES[0]]:  # each from the page before it
                add("navigation", f"to {title}", go(page, title))
        browser.close()

    for kind, target in (("widget change", CHANGE_TARGET), ("navigation", NAVIGATION_TARGET)):
        bench.heading(f"{kind}: click to settled ({bench.reps} repetitions; target {target:g} s "
                      "on each median)")
        medians = []
        for (k, label), ts in times.items():
            if k == kind:
                bench.record(f"{label}", ts, target_s=target, clock="wall")
                medians.append(statistics.median(ts))
        m = statistics.median(medians)
        bench.note(f"median over the {len(medians)} flows: {m:.3f} s; target / median = "
                   f"{target / m:.2f} (above 1: faster than the target)")
    return bench.finish()


def _widget_flows(page, org, add, bench) -> None:
    """One repetition of the widget changes, each checked on the page."""
    k_box = page.locator('[data-testid="stNumberInput"]').filter(has_text="Team size k").first
    k_box.locator("input").fill("3")
    k_box.locator("input").press("Enter")
    add("widget change", "team: k 2 -> 3", settled(page))
    page.locator('[data-testid="stMetric"]').filter(has_text="Best-ability team of 3").first.wait_for()
    k_box.locator("input").fill("2")
    k_box.locator("input").press("Enter")
    settled(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    before = sidebar.inner_text()
    add("widget change", "team: tick a tool in the skill matrix", tick_first_tool(page))
    after = sidebar.inner_text()  # the scenario is edited, autosaved as the next version
    if "edited" in before or "edited" not in after or _version(after) != _version(before) + 1:
        bench.check(False, f"a tick did not make an edit: {_version(before)} -> {_version(after)}")
    tick_first_tool(page)  # untick: back to the scenario as loaded
    go(page, "Hiring what-if")
    box = page.locator(".st-key-hire_team")
    for team in (org.teams[1].name, org.teams[0].name):
        add("widget change", "hiring: team to hire for", pick(page, box, team))
        page.locator('[data-testid="stMetric"]').filter(has_text="Team ability now").first.wait_for()
    go(page, "Edit teams and tasks")
    page.get_by_role("tab", name="Departure what-if").click()
    settled(page)
    box = page.locator('[class*="st-key-edit_leaver_"]')
    for who in (org.people[1].name, org.people[0].name):
        add("widget change", "edit: who leaves (departure what-if)", pick(page, box, who))
        page.locator('[data-testid="stMetric"]').filter(has_text="Ability after").first.wait_for()
    go(page, "Team and diversity")


if __name__ == "__main__":
    sys.exit(main())
