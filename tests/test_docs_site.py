"""The documentation site: every public module has an API page, and the site builds offline
with warnings as errors (``make docs``)."""

import os
import pkgutil
import re
import subprocess
import sys

import teamsim
from tests.conftest import ROOT


def public_modules() -> set[str]:
    names = {m.name for m in pkgutil.walk_packages(teamsim.__path__, "teamsim.")}
    return {n for n in names
            if not any(part.startswith("_") for part in n.split(".")[1:]) and not n.startswith("teamsim.cli")}


def documented_modules() -> set[str]:
    found = set()
    for page in (ROOT / "docs" / "api").glob("*.md"):
        found |= set(re.findall(r"^::: (\S+)\s*$", page.read_text(), flags=re.M))
    return found


def test_every_public_module_has_an_api_page():
    missing = public_modules() - documented_modules()
    assert not missing, f"add these to a page in docs/api/: {sorted(missing)}"
    stale = documented_modules() - public_modules()
    assert not stale, f"docs/api/ names modules that are gone: {sorted(stale)}"


def test_every_guide_page_is_in_the_nav():
    nav = (ROOT / "mkdocs.yml").read_text()
    pages = {p.name for p in (ROOT / "docs").glob("*.md")}
    assert {p for p in pages if p not in nav} == set()


def test_site_builds_offline_with_warnings_as_errors(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # no -q: mkdocs counts the warnings that --strict turns into errors only at the level it logs
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr[-4000:]
    page = (tmp_path / "api" / "ability" / "index.html").read_text()
    assert "team_ability" in page and "diversity_bonus" in page
    assert "fonts.googleapis.com" not in (tmp_path / "index.html").read_text()  # reads offline


def _anchors(page) -> set[str]:
    """The ids of a page's headings, as mkdocs' table of contents makes them."""
    from markdown.extensions.toc import slugify

    # a page that includes a file (pymdownx.snippets, ``--8<-- "FILE"``) has its headings
    text = re.sub(r'^--8<-- "([^"]+)"$', lambda m: (ROOT / m[1]).read_text(), page.read_text(), flags=re.M)
    heads = re.findall(r"^#{1,6} +(.+?) *$", text, flags=re.M)
    return {slugify(h, "-") for h in heads} | set(re.findall(r"\{#([\w-]+)\}", text))


def test_links_to_sections_of_other_pages_find_them():
    """What ``validation: anchors: warn`` checks in the strict build, without building."""
    assert re.search(r"^validation:\n  anchors: warn", (ROOT / "mkdocs.yml").read_text(), flags=re.M)
    docs = ROOT / "docs"
    links = [(page.name, target, anchor) for page in docs.glob("*.md")
             for target, anchor in re.findall(r"\]\(([\w-]+\.md)#([^)\s]+)\)", page.read_text())]
    assert ("app.md", "benchmarks.md", "bench_app") in links   # the check sees links
    broken = [x for x in links if x[2] not in _anchors(docs / x[1])]
    assert not broken, broken
