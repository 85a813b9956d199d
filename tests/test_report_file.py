"""The shareable report: full tables, escaped names, self-contained HTML that renders offline in Chromium."""

import re
from pathlib import Path

import pytest

from teamsim.importers import load_scenario
from teamsim.report_file import Section, Table, render_html, render_markdown, report_sections, write_report
from teamsim.scenario import Scenario
from teamsim_app.browser import CHROMIUM, launch
from tests.conftest import SCENARIOS
from tests.hostile.harness import assert_refused, run

HOSTILE = "![t](http://127.0.0.1:9/x.png)<img src=http://127.0.0.1:9/y.png>"


def _hostile() -> Scenario:
    return Scenario.model_validate({
        "tools": [{"name": "A"}, {"name": "B"}],
        "people": [{"name": HOSTILE, "tools": ["A"]}, {"name": "Bo|b", "tools": ["B"]}],
        "teams": [{"name": "<script>alert(1)</script>", "members": [HOSTILE, "Bo|b"]}]})


def test_page_example_in_markdown():
    md = render_markdown(report_sections(load_scenario(SCENARIOS / "diversity-bonus.yaml")))
    # Page's reference values: Adam 5, Betsy 4, Carl 3; Adam+Betsy 6, Betsy+Carl 7 (bonus 3)
    for row in ("| Adam | 5 |", "| Betsy | 4 |", "| Carl | 3 |",
                "| Adam+Betsy | Adam, Betsy | 6 | Adam | 1 |",
                "| Betsy+Carl | Betsy, Carl | 7 | Betsy | 3 |"):
        assert row in md


def test_every_table_row_is_kept():
    rows = [[f"p{i}", i] for i in range(5000)]
    md = render_markdown([Section("S", tables=[Table("T", ["name", "n"], rows)])])
    page = render_html([Section("S", tables=[Table("T", ["name", "n"], rows)])])
    assert md.count("\n| p") == 5000 and page.count("<tr>") == 5001


def test_names_are_escaped_in_both_formats():
    sections = report_sections(_hostile())
    md = render_markdown(sections)
    assert not re.search(r"(?<!\\)(!\[t\]|<img|<script)", md) and "Bo\\|b" in md
    page = render_html(sections)
    assert "<img src=http" not in page and "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_invisible_characters_in_names_show_as_escapes_in_both_formats():
    s = Scenario.model_validate({"tools": [{"name": "A"}],
                                 "people": [{"name": "\u202eadmin\u200b", "tools": ["A"]}],
                                 "teams": [{"name": "T\x1b[2J", "members": ["\u202eadmin\u200b"]}]})
    sections = report_sections(s)
    for page in (render_markdown(sections), render_html(sections)):
        assert not re.search("[\u202e\u200b\x1b]", page)
        assert re.search(r"<td>T\\x1b|\| T\\\\x1b", page) and re.search(r"\\+u202eadmin", page)


def test_html_loads_nothing_from_outside(tmp_path):
    write_report(load_scenario(SCENARIOS / "online-boutique.yaml"), str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text()
    assert "<script src" not in page and "<link" not in page and "<img" not in page
    assert "Content-Security-Policy" in page and page.count("plotly-graph-div") >= 2


def test_cli_report_and_refusals(tmp_path):
    out = tmp_path / "r.md"
    r = run("report", SCENARIOS / "online-boutique.yaml", "-o", out)
    assert r.code == 0, r.err
    assert "## Service ownership" in out.read_text()
    assert_refused(run("report", SCENARIOS / "online-boutique.yaml", "-o", out), "file exists", "--force")
    assert_refused(run("report", SCENARIOS / "online-boutique.yaml", "-o", tmp_path / "r.pdf"),
                   ".html or .md")


@pytest.mark.browser
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")
def test_report_opens_offline_in_chromium(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "report.html"
    s = _hostile().model_copy(update={"teams": [], "services": []})
    write_report(load_scenario(SCENARIOS / "online-boutique.yaml"), str(path))
    write_report(s, str(tmp_path / "hostile.html"))
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context()
        requests: list[str] = []
        context.route("**/*", lambda route: (requests.append(route.request.url),
                                             route.continue_() if route.request.url.startswith("file:")
                                             else route.abort()))
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_selector(".plotly-graph-div .main-svg", timeout=30_000)
        assert page.locator("table").count() >= 3 and not errors
        assert page.locator(".plotly-graph-div").count() >= 2
        page.goto((tmp_path / "hostile.html").as_uri())
        page.wait_for_selector("table")
        assert page.locator("img").count() == 0 and HOSTILE in page.inner_text("body")
        browser.close()
    assert all(u.startswith("file:") for u in requests), requests


def test_tasks_hiring_and_truck_factors_in_full():
    s = load_scenario(SCENARIOS / "hiring.yaml")
    md = render_markdown(report_sections(s))
    # run-in-production needs Kubernetes (Ben via Docker), PostgreSQL (Ana), Terraform, Prometheus,
    # Incident response and Security: Payments (Ana, Ben, Chen) lacks the last four, nobody on staff
    # holds them, so the organisation's truck factor for the task is 0
    assert ("| run-in-production | Kubernetes, PostgreSQL, Terraform, Prometheus, Incident response, "
            "Security | no team | Kubernetes: Ben; PostgreSQL: Ana; Terraform: nobody; Prometheus: nobody; "
            "Incident response: nobody; Security: nobody | Terraform, Prometheus, Incident response, "
            "Security | 0 |") in md
    # the scenario's own comment: Eli adds Terraform, Prometheus, Incident response (+3), Fay +2,
    # Dana (8 tools, the most able) only Go (+1)
    assert "| Payments | 9 | Eli | 3 | Terraform, Prometheus, Incident response | Dana | no |" in md
    for rank, name in ((1, "Eli"), (2, "Fay"), (3, "Dana")):
        assert f"| {rank} | {name} |" in md
    # Ana alone holds PostgreSQL and AWS (Chen alone JavaScript, React): truck factor 1
    assert "| Payments | 3 | 1 | Ana | PostgreSQL, AWS |" in md
    assert "Python PostgreSQL" not in md and "Ana, Ben, Chen" in md
    page = render_html(report_sections(s))
    assert page.count("<caption>") == md.count("\n**") and "Best hire for each team" in page
