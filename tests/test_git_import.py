"""Git history import: Code Maat log parsing, author cleaning, modules, tools, scenarios."""

import datetime as dt
import subprocess

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teamsim.errors import InputError
from teamsim.importers.git import (
    ModuleMap,
    clean_authors,
    git_scenario,
    infer_tools,
    module_of,
    parse_alias_map,
    parse_git_log,
    read_alias_map,
    read_git_log,
    read_tool_rules,
    tool_of,
    unquote_path,
)

from .conftest import DATA, SCENARIOS

CORNER = DATA / "gitlogs" / "corner-cases.gitlog"
BOUTIQUE = SCENARIOS / "online-boutique" / "microservices-demo.gitlog"


def test_corner_cases():
    log = read_git_log(CORNER)
    # the bot is dropped, "ann  lee" merges into "Ann Lee"
    assert [c.author for c in log.commits] == ["Ann Lee", "Bo", "Ann Lee", "Cy -- the -- dashes"]
    assert log.excluded_authors == ["dependabot[bot]"] and log.excluded_commits == 1
    assert log.aliases == {"ann  lee": "Ann Lee"}
    first, empty, renamed, dashes = log.commits
    assert first.hash == "a1b2c3d" and first.date == dt.date(2024, 3, 5)
    assert [(c.path, c.added, c.deleted) for c in first.changes] == [
        ("src/cart/main.go", 10, 2), ("src/cart/logo.png", None, None), ("src/cart/Dockerfile", 3, 0)]
    assert empty.changes == ()  # merge / empty commit
    assert [c.path for c in renamed.changes] == ["src/basket/cart.go", "docs/new.md"]
    assert dashes.changes[0].added == 0


def test_options_keep_raw_authors():
    log = parse_git_log(CORNER.read_text(), str(CORNER), merge_case=False, bots=None)
    assert [c.author for c in log.commits] == ["Ann Lee", "Bo", "ann  lee", "dependabot[bot]",
                                                "Cy -- the -- dashes"]


@pytest.mark.parametrize("text,line,fragment", [
    ("1\t2\tfile.py\n", 1, "neither a commit header"),
    ("--abc--2020-01-01--Ann\nnot numstat\n", 2, "neither a commit header"),
    ("--abc--2020-01-01\n", 1, "malformed commit header"),
    ("--abc--2020-01-01--Ann\nx\t1\tf\n", 2, "bad line count 'x' in commit abc"),
    ("--abc--2020-01-01--Ann\n1\t+1\tf\n", 2, "bad line count '+1'"),
    ("--abc--2020-01-01--Ann\n\u0661\t1\tf\n", 2, "bad line count"),  # an Arabic-Indic digit
    ("--abc--2020-01-01--Ann\n" + "9" * 30 + "\t1\tf\n", 2, "bad line count"),
    ("--abc--2020-01-01--Ann\n1\t0\tf\n-3\t1\tg\n", 3, "negative line count -3 in commit abc"),
    ("----2020-01-01--Ann\n", 1, "malformed commit header"),
    ("--abc--2024-01-01--Ann\n1\t0\ta.py\n1\t0\t\n", 3, "no path"),
    ("--abc--2024-01-01--Ann\n1\t0\t  \n", 2, "no path"),
])
def test_malformed_logs_name_the_line(text, line, fragment):
    with pytest.raises(InputError) as e:
        parse_git_log(text, "bad.gitlog")
    assert e.value.line == line and fragment in e.value.message and e.value.file == "bad.gitlog"
    assert e.value.hint


def test_a_bad_date_leaves_out_its_commit_with_a_warning_not_the_whole_log():
    text = ("--good--2020-01-01--Ann\n1\t0\ta.py\n\n--m13--2020-13-01--Bo\n1\t0\tb.py\n\n"
            "--big--3170843-11-07--Cy\n1\t0\tc.py\n\n--ts--timestamp:18446744073709551617--Eve\n1\t0\td.py\n\n"
            "--wk--2020-W01-1--Di\n1\t0\te.py\n\n--late--2020-01-02--Bo\n1\t0\tb.py\n")
    log = parse_git_log(text, "d.gitlog")
    assert [c.hash for c in log.commits] == ["good", "late"]
    assert len(log.warnings) == 1
    w = log.warnings[0]
    assert w.startswith("d.gitlog: 4 commits with a date that is not YYYY-MM-DD")
    assert "m13 ('2020-13-01', line 4)" in w and "big ('3170843-11-07', line 7)" in w
    assert "ts ('timestamp:18446744073709551617', line 10)" in w and "wk ('2020-W01-1', line 13)" in w


def test_messages_quote_a_bounded_part_of_a_huge_line():
    """A log whose line ends are lone CRs is one huge line: the message quotes a few hundred characters."""
    body = "".join(f"--a{i}--2020-01-01--Ann\r1\t0\tsrc/x{i} => y.go\r\r" for i in range(20_000))
    log = parse_git_log("--h--2020-01-01--Bo\n1\t0\t" + body, "cr.gitlog")
    assert len(body) > 400_000 and all(len(w) < 2_000 for w in log.warnings)
    with pytest.raises(InputError) as e:
        parse_git_log("--h--2020-01-01--Bo\n1\t-1\t" + body, "cr.gitlog")
    assert len(e.value.render()) < 1_000
    with pytest.raises(InputError) as e:
        parse_git_log("--" + "h" * 500_000 + "--2020-01-01--Bo\nx\t1\tf\n", "cr.gitlog")
    assert len(e.value.render()) < 1_000 and "…" in e.value.render()
    with pytest.raises(InputError) as e:
        parse_alias_map("Ann = Bob\n" + "x" * 500_000 + "\n", "a.txt")
    assert len(e.value.render()) < 1_000 and e.value.line == 2


def test_empty_log_is_empty():
    assert parse_git_log("", "empty.gitlog").commits == []


def test_bad_bot_pattern():
    with pytest.raises(InputError, match="bad bot pattern"):
        parse_git_log("", bots="([")


def test_alias_map_merges_known_pairs():
    # README of the shared logs: dev-0096 / dev-0138 and dev-0144 / dev-0145 are one person each
    raw = read_git_log(BOUTIQUE)
    assert len(raw.authors) == 145 and len(raw.excluded_authors) == 5
    aliases = read_alias_map(SCENARIOS / "online-boutique" / "aliases.txt")
    merged = read_git_log(BOUTIQUE, aliases=aliases)
    assert len(merged.authors) == 143
    assert "dev-0138" not in merged.authors and "dev-0145" not in merged.authors
    n96 = sum(c.author in ("dev-0096", "dev-0138") for c in raw.commits)
    assert sum(c.author == "dev-0096" for c in merged.commits) == n96


@pytest.mark.parametrize("line", ["F <f@x>", "Proper Name <proper@x> <commit@x>", "<p@x> <c@x>",
                                  "<p@x> Commit Name <c@x>"])
def test_mailmap_lines_keyed_by_email_only_are_refused_with_their_number(line):
    with pytest.raises(InputError) as e:
        parse_alias_map(f"A = b\n\n{line}\n", ".mailmap")
    assert e.value.line == 3 and e.value.file == ".mailmap" and "by e-mail only" in e.value.message
    assert "Proper Name = Commit Name" in e.value.hint


def test_mailmap_lines_that_change_only_emails_change_no_name():
    assert parse_alias_map("Ann <p@x> Ann <c@x>\n") == {}


def test_alias_file_formats(tmp_path):
    text = "A = b, c\n# x\n\nD <d@x> E <e@x>\n"
    assert parse_alias_map(text) == {"b": "A", "c": "A", "E": "D"}
    with pytest.raises(InputError) as e:
        parse_alias_map("ok = fine\njust a name\n", "aliases.txt")
    assert e.value.line == 2


def test_case_merge_picks_most_frequent_spelling():
    text = "".join(f"--{i}--2020-01-01--{n}\n" for i, n in enumerate(["ann", "Ann", "Ann", " ANN "]))
    log = parse_git_log(text)
    assert {c.author for c in log.commits} == {"Ann"}
    assert clean_authors(log).commits == log.commits


def test_modules():
    assert module_of("src/cartservice/src/main.cs") == "src/cartservice"
    assert module_of("src/x.py", depth=2) == "src"
    assert module_of("README.md") == "(root)"
    assert module_of("a/b/c/d.py", depth=3) == "a/b/c"
    pats = [("*/tests/*", "tests"), ("src/*", "{2}")]
    assert module_of("networkx/tests/t.py", patterns=pats) == "tests"
    assert module_of("src/cart/m.go", patterns=pats) == "cart"
    assert module_of("doc/x.rst", patterns=pats, depth=1) == "doc"
    assert module_of("doc/x.rst", patterns=pats, drop_unmatched=True) is None
    # a placeholder never names a file: the path falls through to --depth
    assert module_of("a.go", patterns=[("*", "{3}")]) == "(root)"


def test_tools_and_overrides(tmp_path):
    assert tool_of("terraform/main.tf") == "Terraform"
    assert tool_of(".github/workflows/ci.yaml") == "GitHub Actions"
    assert tool_of("kustomize/base/cart.yaml") == "Kustomize"
    assert tool_of("src/x/Program.cs") == "C#"
    assert tool_of("LICENSE") is None
    log = read_git_log(CORNER)
    assert infer_tools(log) == {"Ann Lee": ["Docker", "Documentation", "Go"], "Bo": [],
                                "Cy -- the -- dashes": ["Helm", "Kubernetes"]}
    assert infer_tools(log, min_files=2)["Ann Lee"] == ["Go"]
    rules = tmp_path / "rules.yaml"
    rules.write_text("'src/cart/*': Cart domain\n")
    tools = infer_tools(log, tool_rules=read_tool_rules(rules))
    assert tools["Ann Lee"] == ["Cart domain", "Documentation", "Go"]
    rules.write_text("- just a list\n")
    with pytest.raises(InputError, match="mapping"):
        read_tool_rules(rules)


def test_git_scenario_is_a_valid_scenario():
    s = git_scenario(read_git_log(CORNER), modules=ModuleMap(depth=2))
    assert [(p.name, p.members, p.year) for p in s.projects] == [
        ("docs 2024", ["Ann Lee"], 2024),
        ("helm-chart/templates 2023", ["Cy -- the -- dashes"], 2023),
        ("kubernetes-manifests 2023", ["Cy -- the -- dashes"], 2023),
        ("src/basket 2024", ["Ann Lee"], 2024), ("src/cart 2024", ["Ann Lee"], 2024)]
    # Bo's only commit is empty: left out, like in the affiliation network
    assert [p.name for p in s.people] == ["Ann Lee", "Cy -- the -- dashes"] and "Docker" in s.tool_names


def test_boutique_scenario_modules():
    s = git_scenario(read_git_log(BOUTIQUE), modules=ModuleMap(depth=2))
    names = {p.name for p in s.projects}
    assert "src/cartservice 2019" in names and "src/frontend 2018" in names
    assert {"Go", "C#", "Kubernetes", "Helm", "Terraform", "Docker"} <= set(s.tool_names)


def _git(repo, *args):
    subprocess.run(["git", "-c", "user.name=Ann", "-c", "user.email=a@x", "-c", "commit.gpgsign=false",
                    *args], cwd=repo, check=True, capture_output=True,
                   env={"GIT_AUTHOR_DATE": "2021-02-03T04:05:06", "GIT_COMMITTER_DATE": "2021-02-03T04:05:06",
                        "PATH": "/usr/bin:/bin", "HOME": str(repo)})


def test_reads_a_repository_folder(tmp_path):
    repo = tmp_path / "r"
    (repo / "src" / "a").mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / "src" / "a" / "m.py").write_text("x = 1\ny = 2\n")
    (repo / "bin.dat").write_bytes(b"\x00\x01")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first")
    _git(repo, "commit", "-q", "--allow-empty", "-m", "empty")
    log = read_git_log(repo)
    assert [(c.author, str(c.date), len(c.changes)) for c in log.commits] == [
        ("Ann", "2021-02-03", 0), ("Ann", "2021-02-03", 2)]
    assert {(ch.path, ch.added) for ch in log.commits[1].changes} == {("src/a/m.py", 2), ("bin.dat", None)}


def test_not_a_repository(tmp_path):
    with pytest.raises(InputError) as e:
        read_git_log(tmp_path)
    assert e.value.message.startswith("not a git repository; git said: fatal: not a git repository")
    assert e.value.file == str(tmp_path)
    assert "log file" in e.value.hint
    with pytest.raises(InputError, match="not found"):
        read_git_log(tmp_path / "missing.gitlog")


# --------------------------------------------------------------------------- user report fixes


def test_unquotes_c_style_paths():
    assert unquote_path(r'"src/api/caf\303\251.go"') == "src/api/café.go"
    assert unquote_path(r'"a\\b\"c\td"') == 'a\\b"c\td'
    assert unquote_path("plain/path.go") == "plain/path.go"
    assert unquote_path('"') == '"'
    log = parse_git_log('--a--2024-01-01--Ann\n1\t0\t"src/api/caf\\303\\251.go"\n'
                        '2\t0\t"src/\\346\\227\\245\\346\\234\\254/x.go"\n')
    assert [ch.path for ch in log.commits[0].changes] == ["src/api/café.go", "src/日本/x.go"]
    s = git_scenario(log)
    assert [p.name for p in s.projects] == ["src/api 2024", "src/日本 2024"]


def test_repository_with_non_ascii_file_names(tmp_path):
    repo = tmp_path / "r"
    (repo / "src" / "api").mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / "src" / "api" / "café.go").write_text("package api\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first")
    log = read_git_log(repo)
    assert [ch.path for ch in log.commits[0].changes] == ["src/api/café.go"]
    assert [p.name for p in git_scenario(log).projects] == ["src/api 2021"]


def test_empty_histories_are_refused(tmp_path):
    empty = tmp_path / "empty.log"
    empty.write_text("")
    with pytest.raises(InputError, match="no commits") as e:
        read_git_log(empty)
    assert e.value.file == str(empty) and "--numstat" in e.value.hint
    with pytest.raises(InputError, match="not a regular file"):
        read_git_log("/dev/null")
    nonum = tmp_path / "nonum.log"
    nonum.write_text("".join(f"--h{i}--2024-01-0{i % 9 + 1}--Ann\n" for i in range(10)))
    with pytest.raises(InputError, match="10 commits but no file changes: was the log made with --numstat"):
        read_git_log(nonum)
    bots = tmp_path / "bots.log"
    bots.write_text("--a--2024-01-01--dependabot[bot]\n1\t0\ta.py\n")
    with pytest.raises(InputError, match=r"all 1 commits are by bots \(dependabot\[bot\]\)"):
        read_git_log(bots)
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    with pytest.raises(InputError, match="no commits") as e:
        read_git_log(repo)
    assert "no commits yet" in e.value.hint


def test_yaml_scenario_saved_as_txt(tmp_path):
    f = tmp_path / "s.txt"
    f.write_text("name: demo\npeople: [{name: A}]\n")
    with pytest.raises(InputError, match="looks like a scenario") as e:
        read_git_log(f)
    assert "rename it to .yaml" in e.value.hint
    f.write_text('{"people": [{"name": "A"}]}')
    with pytest.raises(InputError, match="looks like a scenario"):
        read_git_log(f)
    f.write_text("--a--2024-01-01--people: Ann\n1\t0\tx.py\n")  # a log stays a log
    assert read_git_log(f).commits[0].author == "people: Ann"


@pytest.mark.parametrize("glob,module,fragment", [
    ("src/*", "{0}", "1-based"),
    ("src/*", "{}", "bad placeholder"),
    ("src/*", "{name}", "bad placeholder"),
    ("src/*", "x{", "bad module name"),
    ("src/[", "x", "not closed"),
    ("src/[!a", "x", "not closed"),
])
def test_bad_module_patterns(glob, module, fragment):
    with pytest.raises(InputError, match=fragment):
        ModuleMap(patterns=[(glob, module)])


def test_module_placeholders_name_folders_only():
    pats = [("src/*", "{2}")]
    assert module_of("src/cart/m.go", patterns=pats) == "cart"
    assert module_of("src/.gitignore", patterns=pats) == "src"  # falls through to depth 2
    assert module_of("src/.gitignore", patterns=[*pats, ("src/*", "src-top")]) == "src-top"
    assert module_of("src/.gitignore", patterns=pats, drop_unmatched=True) is None
    assert module_of("src/[ab]/x.go", patterns=[("src/[[]ab]/*", "lit")]) == "lit"
    assert ModuleMap(patterns=[("src/[ab]*", "{2}")]).patterns == [("src/[ab]*", "{2}")]
    log = parse_git_log("--a--2018-01-01--Ann\n1\t0\tsrc/.gitignore\n1\t0\tsrc/cart/m.go\n")
    s = git_scenario(log, modules=ModuleMap(patterns=pats))
    assert [p.name for p in s.projects] == ["cart 2018", "src 2018"]


def test_alias_conflicts_chains_and_unused(tmp_path):
    with pytest.raises(InputError, match=r"'Bob' maps to 'Ann' \(line 1\) and to 'Cy' \(line 3\)") as e:
        parse_alias_map("Ann = Bob\n# x\nCy = Bob\n", "aliases.txt")
    assert e.value.line == 3 and e.value.file == "aliases.txt"
    assert parse_alias_map("Ann = Bob\nAnn = Bob\n") == {"Bob": "Ann"}  # repeated, same target: fine
    assert parse_alias_map("Ann = Bob\nBob = Cy\n") == {"Bob": "Ann", "Cy": "Ann"}
    assert parse_alias_map("Bob = Cy\nAnn = Bob\n") == {"Cy": "Ann", "Bob": "Ann"}
    with pytest.raises(InputError, match="cycle: Bob -> Ann -> Bob"):
        parse_alias_map("Ann = Bob\nBob = Ann\n")
    aliases = parse_alias_map("Ann = Bob\nBob = Cy\nDee = Nobody\n")
    log = parse_git_log("--a--2024-01-01--Cy\n1\t0\ta.py\n--b--2024-01-01--Ann\n1\t0\tb.py\n",
                        aliases=aliases)
    assert [c.author for c in log.commits] == ["Ann", "Ann"]
    assert log.unused_aliases == ["Bob", "Nobody"]


def _quote_c_style(path: str) -> str:
    """git's quote_c_style (quote.c) with core.quotePath=true, for the round-trip test."""
    special = {7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r",
               34: '\\"', 92: "\\\\"}
    out = []
    for b in path.encode("utf-8"):
        if b in special:
            out.append(special[b])
        elif b < 0x20 or b >= 0x7F:
            out.append(f"\\{b:03o}")
        else:
            out.append(chr(b))
    return '"' + "".join(out) + '"'


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_unquote_inverts_git_quoting(path):
    assert unquote_path(_quote_c_style(path)) == path


# --------------------------------------------------------------------------- real-history quirks
RAILS = DATA / "gitlogs" / "rails-excerpt.gitlog"


def test_rails_commit_without_author_is_left_out_with_a_warning():
    log = read_git_log(RAILS)
    hashes = [c.hash for c in log.commits]
    assert len(hashes) == 11 and "4e873ffcdab" not in hashes and "3366479a9a6" in hashes
    assert log.warnings == [f"{RAILS}: commit 4e873ffcdab (2011-04-12) has no author name: left out"]
    assert "" not in log.authors and len(log.authors) == 6
    s = git_scenario(log)
    assert "railties/lib 2011" not in {p.name for p in s.projects}  # only 4e873ffcdab touched it


def test_no_author_can_be_mapped_to_a_person():
    text = ("--a--2010-01-01--(no author)\n1\t0\tsrc/x/a.c\n\n--b--2010-01-02--(no author)\n1\t0\tb.c\n\n"
            "--c--2010-01-03--Ann\n1\t0\tc.c\n")
    log = parse_git_log(text, "svn.gitlog")
    assert [c.hash for c in log.commits] == ["c"]
    assert log.warnings == ["svn.gitlog: 2 commits a (2010-01-01), b (2010-01-02) have no author name: "
                            "left out (map '(no author)' to a person with an alias map to keep them)"]
    log = parse_git_log(text, "svn.gitlog", aliases={"(no author)": "Svn Import"})
    assert [c.author for c in log.commits] == ["Svn Import", "Svn Import", "Ann"] and log.warnings == []


def test_many_nameless_commits_are_listed_briefly():
    text = "".join(f"--h{i}--2010-01-01--\n1\t0\ta.c\n" for i in range(8)) + "--z--2010-01-01--Bo\n1\t0\ta\n"
    (w,) = parse_git_log(text).warnings
    assert w.startswith("<git log>: 8 commits h0 (2010-01-01), h1") and "and 3 more have no author" in w


def test_out_of_range_dates_are_dropped_with_a_warning():
    text = ("--old--0001-01-01--Ann\n1\t0\tsrc/a/x.go\n\n--new--9999-12-31--Bo\n1\t0\tsrc/b/x.go\n\n"
            "--ok--2020-05-05--Cy\n1\t0\tsrc/c/x.go\n\n--epoch--1970-01-01--Di\n1\t0\tsrc/d/x.go\n")
    log = parse_git_log(text, "t.gitlog")
    assert [c.hash for c in log.commits] == ["ok", "epoch"]
    (w,) = log.warnings
    assert w.startswith("t.gitlog: 2 commits dated outside 1970-01-01..")
    assert w.endswith("left out: old (0001-01-01, line 1), new (9999-12-31, line 4)")
    assert [p.name for p in git_scenario(log).projects] == ["src/c 2020", "src/d 1970"]


def test_binary_changes_are_kept_without_counts():
    log = parse_git_log("--a--2020-01-01--Ann\n-\t-\tlogo.png\n3\t1\tm.go\n")
    assert [tuple(ch) for ch in log.commits[0].changes] == [("logo.png", None, None), ("m.go", 3, 1)]
    assert log.warnings == []


def test_crlf_logs_read_like_lf_logs():
    text = "--a--2020-01-01--Ann\n1\t0\tsrc/x/m.go\n\n--b--2020-01-02--Bo\n2\t1\tsrc/y/n.go\n"
    assert parse_git_log(text.replace("\n", "\r\n")).commits == parse_git_log(text).commits


def test_unicode_line_separators_stay_inside_a_path():
    """git does not quote U+2028 or U+0085 in paths (core.quotePath=false): not line breaks."""
    log = parse_git_log("--a--2020-01-01--Ann\u2028Lee\n1\t0\tsrc/x\u2028y/m\x85.go\n", merge_case=False)
    assert len(log.commits) == 1 and log.commits[0].author == "Ann\u2028Lee"
    assert [ch.path for ch in log.commits[0].changes] == ["src/x\u2028y/m\x85.go"]


def test_arrow_in_a_path_is_a_rename_only_in_a_rename_log():
    no_renames = "--a--2020-01-01--Ann\n1\t0\tdocs/a => b.txt\n1\t0\tsrc/x.go\n"
    log = parse_git_log(no_renames, "n.gitlog")
    assert [ch.path for ch in log.commits[0].changes] == ["docs/a => b.txt", "src/x.go"]
    assert log.warnings == ["n.gitlog: 1 path containing ' => ' read as file names, not renames (the log "
                            "shows no {old => new} rename, so it was made with --no-renames): "
                            "'docs/a => b.txt' (line 2)"]
    with_renames = no_renames + "\n--b--2020-01-02--Bo\n0\t0\tsrc/{old => new}/y.go\n"
    log = parse_git_log(with_renames)
    assert [ch.path for c in log.commits for ch in c.changes] == ["b.txt", "src/x.go", "src/new/y.go"]
    assert log.warnings == []
    assert [ch.path for ch in parse_git_log(with_renames, renames=False).commits[1].changes] == [
        "src/{old => new}/y.go"]


def test_repository_file_named_with_an_arrow_is_not_a_rename(tmp_path):
    repo = tmp_path / "r"
    (repo / "docs").mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / "docs" / "a => b.txt").write_text("x\n")
    (repo / "docs" / "{c => d}.txt").write_text("y\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "first")
    _git(repo, "mv", "docs/a => b.txt", "docs/e.txt")
    _git(repo, "commit", "-q", "-m", "rename")
    log = read_git_log(repo)
    assert [sorted(ch.path for ch in c.changes) for c in log.commits] == [
        ["docs/a => b.txt", "docs/e.txt"], ["docs/a => b.txt", "docs/{c => d}.txt"]]
    assert log.warnings == []


def test_partial_clone_raw_output_becomes_changes_without_counts(monkeypatch, tmp_path):
    """The --raw fallback's lines are read as changes whose counts are unknown."""
    from teamsim.importers import git_repo as gitmod
    from teamsim.importers._gitrun import GitResult

    raw = (b"--a1--2021-02-03--Ann\n:000000 100644 0000000 5154b71 A\tsrc/x/a.go\n"
           b':100644 100644 1191247 01e79c3 M\t"src/caf\\303\\251.go"\n')
    calls = []

    def fake(repo, args, *, timeout, file=None, config=(), git_dir=None):
        if args[0] == "rev-parse":
            return GitResult(0, str(tmp_path / ".git").encode() + b"\n", "")
        calls.append(args)
        if "--numstat" in args:
            return GitResult(128, b"", "fatal: could not fetch 1191247 from promisor remote\n")
        return GitResult(0, raw, "")

    monkeypatch.setattr(gitmod, "run_git", fake)
    log = read_git_log(tmp_path)
    assert [tuple(ch) for ch in log.commits[0].changes] == [("src/x/a.go", None, None),
                                                            ("src/café.go", None, None)]
    assert len(calls) == 2 and "--raw" in calls[1] and "--numstat" not in calls[1]
    assert log.warnings[0].startswith(f"{tmp_path} is a partial clone")


def _first_rule(path, rules):
    """The reference: the first rule whose fnmatchcase matches the lower-cased path."""
    import fnmatch
    return next((t for pat, t in rules if fnmatch.fnmatchcase(path.lower(), pat)), None)


_GLOB_CHARS = st.sampled_from(list("ab/.*?[]!-x"))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.text(_GLOB_CHARS, max_size=8), st.sampled_from("TUVW")), max_size=6),
       st.text(st.sampled_from(list("ab/.x[]!-A")), max_size=10))
@example([("]a[", "T")], "]a[")  # reversed, an unclosed '[' must not become a class
@example([("*[!a]", "T"), ("*]", "U")], "b]")
@example([("[]a]*", "T")], "]x")
def test_tool_matcher_equals_first_matching_rule(rules, path):
    assert tool_of(path, rules) == _first_rule(path, rules)


def test_tool_rules_on_real_paths_equal_first_matching_rule():
    from teamsim.importers.git import TOOL_RULES
    paths = {ch.path for c in read_git_log(BOUTIQUE).commits for ch in c.changes}
    assert len(paths) > 500
    assert [tool_of(p) for p in sorted(paths)] == [_first_rule(p, TOOL_RULES) for p in sorted(paths)]


_WORDS = st.sampled_from(["src", "a", "b", "docs", "Dockerfile", "m.go", "x.py", "README.md", "ci.yml"])
_PATHS = st.lists(_WORDS, min_size=1, max_size=4).map("/".join)
_COMMITS = st.lists(st.tuples(st.sampled_from(["Ann", "Bo", "Cy", "Di"]), st.integers(2019, 2022),
                              st.lists(_PATHS, max_size=5)), max_size=25)
_MAPS = st.sampled_from([None, ModuleMap(depth=1), ModuleMap(depth=3),
                         ModuleMap(patterns=[("src/*", "svc-{2}"), ("*.md", "docs")], drop_unmatched=True)])


def _log_text(commits) -> str:
    return "".join(f"--h{i}--{y}-0{1 + i % 9}-01--{a}\n" + "".join(f"1\t0\t{p}\n" for p in paths) + "\n"
                   for i, (a, y, paths) in enumerate(commits))


@settings(max_examples=80, deadline=None)
@given(_COMMITS, _MAPS, st.integers(1, 3))
def test_columnar_analyses_equal_the_commit_by_commit_definitions(commits, mm, min_files):
    """git_affiliation, git_scenario and infer_tools (numpy on interned ids) against their
    definitions computed commit by commit: members of (module, year) in order of first
    commit changing the module, people in order of first membership, tools from distinct files."""
    from teamsim.affiliation import affiliation_from_members, git_affiliation
    from teamsim.importers.git import commit_modules, module_members

    log = parse_git_log(_log_text(commits), bots=None)
    members: dict = {}
    for c, m in commit_modules(log, mm):
        members.setdefault((m, c.date.year), {})[c.author] = None
    keys = sorted(members)
    want = affiliation_from_members({f"{m} {y}": list(members[(m, y)]) for m, y in keys},
                                    years={f"{m} {y}": y for m, y in keys},
                                    groups={f"{m} {y}": m for m, y in keys})
    got = git_affiliation(log, modules=mm)
    assert (got.people, got.projects, got.years, got.groups) == (want.people, want.projects, want.years,
                                                                  want.groups)
    assert (got.incidence != want.incidence).nnz == 0
    files: dict = {a: set() for a in log.authors}
    for c in log.commits:
        files[c.author] |= {ch.path for ch in c.changes}
    tools = {a: sorted(t for t in {tool_of(p) for p in ps} - {None}
                       if sum(tool_of(p) == t for p in ps) >= min_files) for a, ps in files.items()}
    assert infer_tools(log, min_files=min_files) == tools
    s = git_scenario(log, modules=mm, min_files=min_files)
    assert [(p.name, p.members, p.year) for p in s.projects] == [
        (f"{m} {y}", sorted(ms), y) for (m, y), ms in module_members(log, mm).items()]
    assert [(p.name, p.tools) for p in s.people] == [(a, tools[a]) for a in sorted(
        {a for ms in members.values() for a in ms})]
