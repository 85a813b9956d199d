"""Hostile input at the parsers: YAML, JSON, skills and tools CSV, dependency CSV.

The command-line cases run ``teamsim`` in a subprocess under the harness's guards
(a hang or a traceback fails the test); the hypothesis cases feed arbitrary text and
structures to the readers in process: the only way out is a result or a
:class:`~teamsim.errors.TeamsimError`, never another exception (RecursionError included).
"""

from __future__ import annotations

import json
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teamsim.errors import TeamsimError
from teamsim.importers._yaml import parse_documents
from teamsim.importers.dependencies import read_dependencies_text
from teamsim.importers.scenario_file import parse_scenario
from teamsim.importers.skills_csv import read_skills_matrix_text
from teamsim.prerequisites import find_prerequisite_cycle
from tests.hostile.harness import assert_clean, assert_refused, run

BOMB = "".join(f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n"
               for a, b in zip("abcdefgh", "bcdefghi"))
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + BOMB  # 9**9 nodes in 400 bytes


# ------------------------------------------------------------------ nesting, integers, aliases
@pytest.mark.parametrize("size", [2_000, 200_000])
@pytest.mark.parametrize("kind", ["flow", "block", "json", "tools"])
def test_deep_nesting_is_refused_with_its_line(tmp_path, kind, size):
    if kind == "flow":
        f, text = tmp_path / "s.yaml", "tools:\n  - " + "[" * size + "]" * size + "\n"
    elif kind == "block":
        f, text = tmp_path / "s.yaml", "tools:\n  - " + "- " * (size // 2) + "x\n"
    elif kind == "json":
        f, text = tmp_path / "s.json", '{"tools":\n' + "[" * size + "]" * size + "}"
    else:
        f, text = tmp_path / "tools.yaml", "- " + "{a: " * (size // 4) + "1" + "}" * (size // 4)
    f.write_text(text)
    if kind == "tools":
        m = tmp_path / "m.csv"
        m.write_text("name,A\nAnn,1\n")
        r = run("import", "skills", m, "--tools", f, "-o", tmp_path / "out.yaml")
    else:
        r = run("validate", f)
    # a flow list past the YAML reader's hard cap of 1,000 cannot be read at any setting
    fix = "cannot raise the limit past 1,000" if kind == "flow" else "TEAMSIM_MAX_DEPTH="
    assert_refused(r, f"{f}:{1 if kind == 'tools' else 2}:", "nesting depth", "flatten the input", fix)


@pytest.mark.parametrize("text", ["[" * 2000, "a: " + "[" * 2000 + "]" * 2000, "{a: " * 1200 + "1",
                                  "- " * 1500 + "x", "{\"a\": " * 1500 + "1"])
def test_every_depth_refusal_names_the_limit_and_its_variable(text):
    with pytest.raises(TeamsimError) as e:
        parse_documents(text, "f.yaml")
    assert "nesting depth" in e.value.message and "over the limit of 64 levels" in e.value.message
    assert "TEAMSIM_MAX_DEPTH" in e.value.message + e.value.hint and e.value.line == 1
    if "hard limit of 1,000" in e.value.message:  # past the YAML reader's own cap: no raise to suggest
        assert "TEAMSIM_MAX_DEPTH=" not in e.value.hint
        assert "cannot raise the limit past 1,000" in e.value.hint
    else:
        assert "TEAMSIM_MAX_DEPTH=" in e.value.hint


def test_depth_past_the_yaml_readers_own_bound_says_so(monkeypatch):
    monkeypatch.setenv("TEAMSIM_MAX_DEPTH", "5000")
    with pytest.raises(TeamsimError) as e:
        parse_documents("a:\n  - " + "[" * 1500 + "]" * 1500, "f.yaml")
    assert e.value.line == 2 and "YAML reader's hard limit of 1,000 levels" in e.value.message
    assert "TEAMSIM_MAX_DEPTH cannot raise" in e.value.hint
    [(data, _)] = parse_documents("[" * 900 + "]" * 900, "f.yaml")  # under both bounds: read
    depth = 0
    while data:
        data, depth = data[0], depth + 1
    assert depth == 899


def test_long_integer_names_limit_line_and_fix(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("tools:\n  - name: A\n    value: " + "9" * 5000 + "\n")
    assert_refused(run("validate", f), f"{f}:3:", "5,000 digits", "TEAMSIM_MAX_INT_DIGITS",
                   "quote it if it is a name")
    j = tmp_path / "s.json"
    j.write_text('{"tools": [\n  {"name": "A", "value": ' + "9" * 5000 + "}]}")
    assert_refused(run("validate", j), f"{j}:2:", "TEAMSIM_MAX_INT_DIGITS")


def test_alias_bomb_is_refused_fast(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(BOMB)
    assert len(BOMB) < 600
    start = time.monotonic()
    r = run("validate", f)
    assert_refused(r, f"{f}:7:", "alias expansion", "TEAMSIM_MAX_YAML_NODES")
    assert time.monotonic() - start < 30


def test_ordinary_aliases_and_merge_keys_work(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("tools:\n  - &linux {name: Linux, value: 2}\n  - {<<: *linux, name: Docker}\n"
                 "people:\n  - {name: Ann, tools: [Linux, Docker]}\n")
    assert run("validate", f).code == 0


def test_recursive_alias_is_refused(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("tools: &t\n  - name: A\n    requires: *t\n")
    assert_refused(run("validate", f), f"{f}:3:", "recursive structure")


def test_json_duplicate_key_is_refused_with_line(tmp_path):
    f = tmp_path / "s.json"
    f.write_text('{"tools": [{"name": "A"}],\n "people": [],\n "tools": []}')
    assert_refused(run("validate", f), f"{f}:3:", "duplicate key 'tools'")


# ------------------------------------------------------------------ CSV
def test_huge_cell_names_file_line_and_limit(tmp_path):
    m = tmp_path / "m.csv"
    m.write_text("name,A\nAnn,1\nBo," + "1" * (200 * 2**10) + "\n")
    assert_refused(run("import", "skills", m, "-o", tmp_path / "o.yaml"), f"{m}:3:",
                   "TEAMSIM_MAX_CELL_BYTES")
    d = tmp_path / "d.csv"
    d.write_text("source,target\na,b\n" + "x" * (200 * 2**10) + ",c\n")
    assert_refused(run("import", "ownership", d, "-o", tmp_path / "o2.yaml"), f"{d}:3:",
                   "TEAMSIM_MAX_CELL_BYTES")


@pytest.mark.parametrize("text,line", [
    ('name,team,A\nAnn,X,1\n"Bo,X,1\nCy,X,1\nDi,X,1\n', 3),  # never closed: swallows the rest
    ('name,team,A\nAnn,X,1\n"Bo,X,1\nCy",X,1\nDi,X,1\n', 3),  # closed two lines later
    ('name,team,A\nAnn,"X,1\n', 2),  # the last line
])
def test_unclosed_quote_is_refused_at_the_line_it_opens(tmp_path, text, line):
    m = tmp_path / "m.csv"
    m.write_text(text)
    assert_refused(run("import", "skills", m, "-o", tmp_path / "o.yaml"), f"{m}:{line}:",
                   f"opened on line {line}", "close the quote")


@pytest.mark.parametrize("header,pieces", [
    ("name,A,B,A", ["'A' appears twice (columns 2 and 4)"]),
    ("name,team,name,A", ["'name' appears twice (columns 1 and 3)"]),
    ("name,A,person", ["'name' (column 1) and 'person' (column 3)"]),
    ("name,Linux,linux", ["differ only in case"]),
])
def test_repeated_matrix_columns_are_refused(tmp_path, header, pieces):
    m = tmp_path / "m.csv"
    m.write_text(header + "\n" + ",".join(["Ann"] + ["1"] * header.count(",")) + "\n")
    assert_refused(run("import", "skills", m, "-o", tmp_path / "o.yaml"), f"{m}:1:", *pieces)


def test_repeated_dependency_and_tools_columns_are_refused(tmp_path):
    d = tmp_path / "d.csv"
    d.write_text("source,target,target\na,b,c\n")
    assert_refused(run("import", "ownership", d, "-o", tmp_path / "o.yaml"), f"{d}:1:",
                   "'target' appears twice")
    m, t = tmp_path / "m.csv", tmp_path / "t.csv"
    m.write_text("name,A\nAnn,1\n")
    t.write_text("tool,requires,name\nA,,B\n")
    assert_refused(run("import", "skills", m, "--tools", t, "-o", tmp_path / "o2.yaml"), f"{t}:1:",
                   "'tool' (column 1) and 'name' (column 3)")


@pytest.mark.parametrize("suffix,command", [
    ("tools.csv", "tools"), ("tools.yaml", "tools"), ("deps.csv", "ownership"),
    ("catalog.yaml", "ownership")])
def test_nul_byte_is_refused_on_every_path(tmp_path, suffix, command):
    f = tmp_path / suffix
    f.write_bytes(b"tool\nA\n\0\n" if "tools" in suffix else b"source,target\na,b\n\0\n")
    if command == "tools":
        m = tmp_path / "m.csv"
        m.write_text("name,A\nAnn,1\n")
        r = run("import", "skills", m, "--tools", f, "-o", tmp_path / "o.yaml")
    else:
        r = run("import", "ownership", f, "-o", tmp_path / "o.yaml")
    assert_refused(r, f"{f}:3:", "NUL byte")


# ------------------------------------------------------------------ size: linear, not quadratic
def test_prerequisite_chain_of_20000_tools_validates(tmp_path):
    n = 20_000
    f = tmp_path / "chain.yaml"
    f.write_text("tools:\n" + "".join(f"  - {{name: T{i}, requires: [T{i + 1}]}}\n" for i in range(n - 1))
                 + f"  - {{name: T{n - 1}}}\npeople:\n  - {{name: Ann, tools: [T0]}}\n")
    r = run("validate", f, timeout=120)
    assert r.code == 0, r.err
    assert_refused(run("validate", "--strict", f, timeout=120), "and 19,989 more")


def test_prerequisite_cycle_closing_a_long_chain_is_found():
    n = 20_000
    req = {f"T{i}": [f"T{i + 1}"] for i in range(n - 1)} | {f"T{n - 1}": ["T0"]}
    start = time.process_time()
    cycle = find_prerequisite_cycle(req)
    assert time.process_time() - start < 5
    assert len(cycle) == n + 1 and cycle[0] == cycle[-1] == "T0"


def test_large_skills_matrix_imports(tmp_path):
    m = tmp_path / "m.csv"
    tools = [f"T{j}" for j in range(30)]
    m.write_text("name,team," + ",".join(tools) + "\n" + "".join(
        f"P{i},Team{i % 50}," + ",".join("x" if (i + j) % 3 == 0 else "" for j in range(30)) + "\n"
        for i in range(20_000)))
    r = run("import", "skills", m, "-o", tmp_path / "o.yaml", timeout=120)
    assert r.code == 0, r.err
    assert "20000 people, 30 tools, 50 teams" in r.out


# ------------------------------------------------------------------ fuzzing
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

_yaml_alphabet = st.sampled_from(list("ab01-:[]{},&*<!|>'\"#?% \t\n.~=@`\\") + ["<<", "!!int", "&a", "*a"])
yaml_text = st.lists(_yaml_alphabet, max_size=80).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20)


def _only_teamsim_errors(fn, *args, **kw):
    try:
        return fn(*args, **kw)
    except TeamsimError:
        return None


@FUZZ
@given(text=st.one_of(yaml_text, st.text(max_size=200)), json_file=st.booleans())
def test_parse_documents_returns_or_refuses(text, json_file):
    _only_teamsim_errors(parse_documents, text, "f.json" if json_file else "f.yaml")


@FUZZ
@given(depth=st.integers(60, 3_000), opener=st.sampled_from(["[", "{a: ", "- ", "{\"a\": "]),
       json_file=st.booleans())
def test_nesting_never_raises_recursion_error(depth, opener, json_file):
    text = opener * depth + "1"
    _only_teamsim_errors(parse_documents, text, "f.json" if json_file else "f.yaml")


@FUZZ
@given(text=yaml_text)
def test_yaml_matches_pyyaml_where_pyyaml_reads_it(text):
    try:
        expected = list(yaml.safe_load_all(text))
    except Exception:  # PyYAML itself crashes on some inputs (e.g. `!!int` with no digits)
        return
    try:
        got = [d for d, _ in parse_documents(text, "f.yaml")]
    except TeamsimError:
        return  # stricter than PyYAML: duplicate keys, limits, unsupported tags
    if "!" not in text and ":" not in text.replace(": ", ""):  # libyaml reads `!` as the spec says
        assert json.dumps(got, default=str) == json.dumps(expected, default=str)


@FUZZ
@given(data=st.one_of(json_values, st.fixed_dictionaries(
    {}, optional={"tools": json_values, "people": json_values, "teams": json_values,
                  "services": json_values, "tasks": json_values, "projects": json_values})))
def test_scenario_loader_returns_or_refuses(data):
    text = json.dumps(data)
    for file in ("s.json", "s.yaml"):
        docs = _only_teamsim_errors(parse_documents, text, file)
        if docs:
            d, locate = docs[0]
            _only_teamsim_errors(parse_scenario, d, file, locate, strict=True)


_csv_cell = st.one_of(st.sampled_from(["", "1", "x", "0", "2.5", "-1", "inf", "nan", "yes", "Ann",
                                       "\"", "\"\"", "a;b", "1e400"]), st.text(max_size=6))
csv_text = st.lists(st.lists(_csv_cell, min_size=1, max_size=5), max_size=6).map(
    lambda rows: "\n".join(",".join(r) for r in rows))


@FUZZ
@given(text=st.one_of(csv_text, st.text(max_size=120)), min_level=st.none() | st.floats(0, 3))
def test_skills_csv_returns_or_refuses(text, min_level):
    _only_teamsim_errors(read_skills_matrix_text, text, "m.csv", min_level=min_level)
    _only_teamsim_errors(read_skills_matrix_text, "name,team,A,B\n" + text, "m.csv")


@FUZZ
@given(text=st.one_of(csv_text, st.text(max_size=120)))
def test_dependency_csv_returns_or_refuses(text):
    _only_teamsim_errors(read_dependencies_text, text, "d.csv")
    _only_teamsim_errors(read_dependencies_text, "source,target,weight\n" + text, "d.csv")


def test_cli_stays_clean_on_a_fuzzed_file(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("tools: [" * 30 + "&a x, *a, !!int 1x, <<: 2, ? [a]: b")
    assert_clean(run("validate", f))


# ------------------------------------------------------------------ one-document files
def test_single_document_files_refuse_a_second_document_with_its_line(tmp_path):
    s = tmp_path / "s.yaml"
    s.write_text("---\n---\ntools: [{name: A}]\n---\ntools: [{name: B}]\n")
    assert_refused(run("validate", s), f"{s}:5:", "a scenario file holds one YAML document, this one has 2",
                   "remove the extra '---'")
    s.write_text("---\n---\ntools: [{name: A}]\n---\n")  # empty documents around the data: read
    assert run("validate", s).code == 0
    m, t = tmp_path / "m.csv", tmp_path / "tools.yaml"
    m.write_text("name,A\nAnn,1\n")
    t.write_text("- name: A\n---\n- name: B\n")  # the second list was silently ignored
    assert_refused(run("import", "skills", m, "--tools", t, "-o", tmp_path / "o.yaml"), f"{t}:3:",
                   "a tools file holds one YAML document, this one has 2")


@pytest.mark.parametrize("text", ["!!int", "a: !!float", "- !!int\n"])
def test_an_empty_tagged_number_is_refused_with_its_line(text):
    with pytest.raises(TeamsimError) as e:
        parse_documents(text, "f.yaml")
    assert "cannot read" in e.value.message and e.value.line == 1


@pytest.mark.parametrize("env", [{}, {"TEAMSIM_MAX_DEPTH": "1001"}, {"TEAMSIM_MAX_DEPTH": "1000"}])
def test_yaml_past_the_hard_depth_cap_never_suggests_an_impossible_raise(tmp_path, env):
    f = tmp_path / "deep.yaml"
    f.write_text("name: x\npeople: " + "[" * 3000 + "]" * 3000 + "\n")
    r = run("analyze", f, env=env)
    assert_refused(r, "deep.yaml:2:", "hard limit of 1,000 levels", "cannot raise the limit past 1,000")
    assert "TEAMSIM_MAX_DEPTH=" not in r.err
