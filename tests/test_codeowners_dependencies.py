"""CODEOWNERS with GitHub's documented rules, and dependency edge lists on the real graphs."""

from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamsim.errors import InputError, TeamsimError
from teamsim.importers import detect_kind, read
from teamsim.importers._result import ImportWarning
from teamsim.importers.codeowners import (
    CodeownersRule,
    RuleIndex,
    apply_codeowners,
    folder_owner_rule,
    last_match,
    owners_of,
    parse_codeowners,
    pattern_regex,
    read_codeowners,
)
from teamsim.importers.dependencies import read_dependencies, read_dependencies_text
from teamsim.importers.tables import read_service_paths
from teamsim.ownership import ownership_report
from teamsim.scenario import Scenario

from .conftest import SCENARIOS

GRAPHS = SCENARIOS / "service-graphs"


def owners(rules_text, path, is_dir=False):
    return owners_of(parse_codeowners(rules_text), path, is_dir=is_dir)


# Each case is one statement of GitHub's "About code owners" example file.
@pytest.mark.parametrize("rules, path, expected", [
    # "*" is the default owner of everything
    ("* @global-owner1 @global-owner2", "deep/nested/file.txt", ("@global-owner1", "@global-owner2")),
    # order is important: the last matching pattern takes precedence
    ("* @global\n*.js @js-owner", "src/app.js", ("@js-owner",)),
    ("*.js @js-owner\n* @global", "src/app.js", ("@global",)),
    # inline comment after the owners
    ("*.js @js-owner #This is an inline comment.", "a.js", ("@js-owner",)),
    ("*.go docs@example.com", "cmd/main.go", ("docs@example.com",)),
    ("*.txt @octo-org/octocats", "a/b/c.txt", ("@octo-org/octocats",)),
    # /build/logs/ : the directory at the root and its contents
    ("/build/logs/ @doctocat", "build/logs/today/x.log", ("@doctocat",)),
    ("/build/logs/ @doctocat", "src/build/logs/x.log", ()),
    # docs/* : files directly in docs/ at the root, not nested ones
    ("docs/* docs@example.com", "docs/getting-started.md", ("docs@example.com",)),
    ("docs/* docs@example.com", "docs/build-app/troubleshooting.md", ()),
    # apps/ : an apps directory anywhere
    ("apps/ @octocat", "deep/apps/x.py", ("@octocat",)),
    ("apps/ @octocat", "apps", ()),  # a file called apps is not a directory
    # /docs/ : docs at the root and all subdirectories
    ("/docs/ @doctocat", "docs/a/b/c.md", ("@doctocat",)),
    ("/docs/ @doctocat", "x/docs/c.md", ()),
    # **/logs : any logs directory
    ("**/logs @octocat", "deeply/nested/logs/x", ("@octocat",)),
    ("**/logs @octocat", "logs/x", ("@octocat",)),
    # /apps/ owned except /apps/github, which has its own owner or none
    ("/apps/ @octocat\n/apps/github @doctocat", "apps/github/x.rb", ("@doctocat",)),
    ("/apps/ @octocat\n/apps/github", "apps/github/x.rb", ()),
    ("/apps/ @octocat\n/apps/github", "apps/other/x.rb", ("@octocat",)),
    # ** inside a path
    ("/src/**/test @qa", "src/a/b/test/x.py", ("@qa",)),
    ("/src/** @team", "src/a/b.py", ("@team",)),
    ("/src/** @team", "src", ()),
    # ? is one character
    ("file?.txt @o", "dir/file1.txt", ("@o",)),
    ("file?.txt @o", "dir/file10.txt", ()),
    # escaped # starts a pattern
    ("\\#notes @o", "#notes", ("@o",)),
    ("", "anything", ()),
])
def test_github_documented_rules(rules, path, expected):
    assert owners(rules, path) == expected


def test_folder_queries_and_bad_lines():
    warnings: list[ImportWarning] = []
    rules = parse_codeowners("/src/ @o/a\n!/src/x @o/b\n[Section]\n/src/[ab] @o/c\n*.py not-an-owner\n",
                             "CO", warnings)
    assert [r.pattern for r in rules] == ["/src/", "/src/[ab]", "*.py"]
    assert rules[2].owners == ()
    msgs = [(w.line, w.message.split(" ")[0]) for w in warnings]
    assert msgs == [(2, "negated"), (3, "section"), (4, "character"), (5, "owner")]
    assert owners_of(rules, "src/cart/", is_dir=True) == ("@o/a",)
    assert owners_of(rules, "src/[ab]") == ("@o/c",)  # brackets match literally
    assert owners_of(rules, "src/a") == ("@o/a",)
    assert owners_of(rules, "src/x.py") == ()  # last match has no (valid) owners


def test_online_boutique_codeowners():
    r = read([GRAPHS / "online-boutique.csv", SCENARIOS / "online-boutique" / "CODEOWNERS"],
                     service_paths="src/{name}/")
    owned = {t.name: sorted(t.service_names) for t in r.scenario.teams}
    assert owned == {
        "boutique/storefront": ["adservice", "frontend", "recommendationservice",
                                "shoppingassistantservice"],
        "boutique/ml": ["shoppingassistantservice"],
        "boutique/checkout": ["checkoutservice", "currencyservice", "emailservice", "paymentservice",
                              "shippingservice"],
        "boutique/cart": ["cartservice", "productcatalogservice"],
        "boutique/platform": ["redis-cart"],  # src/redis-cart/ falls back to "*"
    }
    rep = ownership_report(r.scenario)
    assert [(o.service, o.reason) for o in rep.orphaned] == [
        ("loadgenerator", "owner 'user:alice' is a person, not a team")]
    assert [(s.service, s.owners) for s in rep.shared] == [
        ("shoppingassistantservice", {"boutique/storefront": 0.5, "boutique/ml": 0.5})]
    # 17 edges, loadgenerator -> frontend has an unowned end; 16 owned-to-owned edges:
    # frontend -> shoppingassistantservice crosses with probability 1/2
    assert rep.unowned_endpoint_dependencies == 1 and rep.cross_team_count == 9.5
    assert any("@alice" in w.message for w in r.warnings)


def test_codeowners_needs_services(tmp_path):
    f = tmp_path / "CODEOWNERS"
    f.write_text("* @o/t\n")
    with pytest.raises(InputError, match="needs the services"):
        read([f])
    f.write_text("# only comments\n")
    s = read_dependencies(GRAPHS / "dsb-hotel.csv").scenario
    with pytest.raises(InputError, match="no rules"):
        read_codeowners(f, s)


@pytest.mark.parametrize("name, services, edges, sources", [
    ("online-boutique", 13, 17, {"frontend": 8, "checkoutservice": 6, "recommendationservice": 1,
                                 "cartservice": 1, "loadgenerator": 1}),
    ("dsb-social-network", 12, 19, None),
    ("dsb-media", 13, 18, None),
    ("dsb-hotel", 10, 9, {"frontend": 7, "search": 2}),
])
def test_real_graphs(name, services, edges, sources):
    r = read_dependencies(GRAPHS / f"{name}.csv")
    s = r.scenario
    assert len(s.services) == services and sum(len(x.depends_on) for x in s.services) == edges
    assert r.warnings == []
    if sources:
        assert {x.name: len(x.depends_on) for x in s.services if x.depends_on} == sources
    rep = ownership_report(s)
    assert rep.dependencies == edges and [o.reason for o in rep.orphaned] == ["no owner"] * services


def test_dependency_csv_weights_and_warnings():
    r = read_dependencies_text("Source,Target,Weight\na,b,2\na,b,0.5\nb,b,1\nb,c,\n", "d.csv")
    s = r.scenario
    assert [(x.name, x.dependency_names, x.dependency_weights) for x in s.services] == [
        ("a", ["b"], [2.5]), ("b", ["c"], [1.0]), ("c", [], [])]
    assert [(w.line, w.message) for w in r.warnings] == [
        (3, "dependency a -> b repeated; weights added"), (4, "service 'b' depends on itself; row skipped")]


@pytest.mark.parametrize("text, piece, line", [
    ("", "the file is empty", None),
    ("from,to\na,b\n", "header must name the columns source and target", 1),
    ("source,target\na,\n", "empty service name", 2),
    ("source,target,weight\na,b,heavy\n", "is not a number", 2),
    ("source,target,weight\na,b,-1\n", "positive number", 2),
    ("source,target,weight\na,b,nan\n", "weight 'nan' is not a finite number", 2),
    ("source,target,weight\na,b,1_000\n", "weight '1_000' is not a number", 2),
    ("source,target,weight\na,b,\uff15\n", "is not a number", 2),
    ("source,target,weight\na,b,1e-400\n", "weight '1e-400' is so close to 0 that it underflows", 2),
    ("source,target,Source\na,b,c\n", "columns 'source' (column 1) and 'Source' (column 3)", 1),
    ("\n\nsource,weight,target,weight\na,1,b,2\n", "'weight' appears twice (columns 2 and 4)", 3),
    ('source,target\na,b\n"c,d\ne,f\n', "opened on line 3", 3),
    ("source,target\ra,b\r,c\r", "empty service name", 3),
    ("source,target\na,b\nc," + "d" * 200_000 + "\n", "cell is longer than the limit", 3),
    ("source,target\na,b\nc\0,d\n", "NUL byte", 3),  # text handed over without read_text
])
def test_bad_dependency_csv(text, piece, line):
    with pytest.raises(InputError) as e:
        read_dependencies_text(text, "d.csv")
    assert piece in e.value.message and e.value.file == "d.csv" and e.value.line == line


def test_source_kinds(tmp_path):
    assert detect_kind(SCENARIOS / "online-boutique.yaml") == "scenario"
    assert detect_kind(SCENARIOS / "online-boutique" / "CODEOWNERS") == "codeowners"
    assert detect_kind(GRAPHS / "dsb-media.csv") == "dependencies"
    x = tmp_path / "x.txt"
    x.write_text("")
    with pytest.raises(InputError, match="unknown input type"):
        detect_kind(x)


@pytest.mark.parametrize("path", ["a.txt", "x/y/z.go", "docs/a/b.md", "src/[x]/y"])
def test_last_matching_rule_wins(path):
    text = "*.txt @o/t\n/docs/ @o/d\n**/y @o/y\n"
    # appending a rule that matches everything always wins
    assert owners(text + "* @o/last\n", path) == ("@o/last",)
    # appending a rule with no owners unowns everything
    assert owners(text + "*\n", path) == ()


def test_scenario_roundtrip_keeps_weights(tmp_path):
    from teamsim.importers import dump_scenario, load_scenario

    r = read([GRAPHS / "online-boutique.csv", SCENARIOS / "online-boutique" / "CODEOWNERS"],
                     service_paths="src/{name}/")
    f = tmp_path / "s.yaml"
    dump_scenario(r.scenario, f)
    again = load_scenario(f)
    assert again == r.scenario
    assert again.team("boutique/ml").service_weights == {"shoppingassistantservice": 0.5}


def test_dependency_rows_are_numbered_by_the_line_they_start_on():
    r = read_dependencies_text("source,target\r\n\r\na,b\r\na,b\rb,b\n", "d.csv")
    assert [(w.line, w.message) for w in r.warnings] == [
        (4, "dependency a -> b repeated; weights added"), (5, "service 'b' depends on itself; row skipped")]


def _reference_match(pattern: str, path: str) -> bool:
    """gitignore matching by brute force: recursion over segments, then characters."""
    p = pattern.rstrip("/")
    segs = p.lstrip("/").split("/") if p.lstrip("/") else []
    if "/" not in p and segs:
        segs = ["**", *segs]
    trailing = len(segs) > 1 and segs[-1] == "**"
    parts = path.split("/")

    @lru_cache(None)
    def seg(g: str, s: str) -> bool:
        if not g:
            return not s
        if g[0] == "*":
            return seg(g[1:], s) or (bool(s) and seg(g, s[1:]))
        if g[0] == "\\" and len(g) > 1:
            return bool(s) and s[0] == g[1] and seg(g[2:], s[1:])
        return bool(s) and (g[0] == "?" or s[0] == g[0]) and seg(g[1:], s[1:])

    @lru_cache(None)
    def match(i: int, j: int) -> bool:
        if i == len(segs):
            return j == len(parts)
        if segs[i] == "**":
            first = j + 1 if trailing and i == len(segs) - 1 else j
            return any(match(i + 1, k) for k in range(first, len(parts) + 1))
        return j < len(parts) and seg(segs[i], parts[j]) and match(i + 1, j + 1)

    return match(0, 0)


_SEG = st.one_of(st.just("**"), st.sampled_from(["a", "b", "*", "?", "*a*a", "\\*", "a**b"]),
                st.text("ab*?", min_size=1, max_size=4))
_PAT = st.one_of(
    st.builds(lambda lead, segs, trail: lead + "/".join(segs) + trail, st.sampled_from(["", "/"]),
              st.lists(_SEG, min_size=1, max_size=6), st.sampled_from(["", "/"])),
    st.lists(st.sampled_from(["a", "*", "?", "**", "/", "**/", "/**"]), max_size=7).map("".join))
_PATH = st.lists(st.text("ab*", min_size=1, max_size=3), min_size=1, max_size=6).map("/".join)


@settings(max_examples=1000, deadline=None)
@given(_PAT, _PATH)
def test_pattern_regex_agrees_with_brute_force(pattern, path):
    assert bool(pattern_regex(pattern).fullmatch(path)) == _reference_match(pattern, path)


@settings(max_examples=200, deadline=None)
@given(_PAT.filter(lambda p: p.strip()), _PATH, st.booleans())
def test_rule_matches_the_path_or_a_folder_it_is_in(pattern, path, is_dir):
    rule = CodeownersRule(pattern, ("@o/x",), 1)
    parts = path.split("/")
    # "docs/*" owns files directly in docs only; "docs/*/" names folders, owning what is inside
    folders = [] if pattern.endswith("/*") else [
        "/".join(parts[:k]) for k in range(1, len(parts))]
    itself = (is_dir or not pattern.endswith("/")) and _reference_match(pattern, path)
    assert rule.matches(path, is_dir=is_dir) == (itself or any(
        _reference_match(pattern, f) for f in folders))


_LITERAL = st.lists(st.sampled_from(["a", "b", "ab", "a.b", ""]), min_size=1, max_size=3).map("/".join)
_RULE_PAT = st.one_of(_PAT, st.builds(lambda lead, p, tail: lead + p + tail, st.sampled_from(["", "/"]),
                                      _LITERAL, st.sampled_from(["", "/", "/*", "/**", "/*/b"])))
_LOOKUP = st.builds(lambda lead, p, tail: lead + p + tail, st.sampled_from(["", "/"]),
                    st.one_of(_PATH, _LITERAL), st.sampled_from(["", "/", "/\0"]))


@settings(max_examples=500, deadline=None)
@given(st.lists(_RULE_PAT.filter(lambda p: p.strip()), max_size=8), st.lists(_LOOKUP, max_size=6),
       st.booleans())
def test_rule_index_finds_the_rule_the_list_scan_finds(patterns, paths, is_dir):
    rules = [CodeownersRule(p, (f"@o/{i}",), i + 1) for i, p in enumerate(patterns)]
    index = RuleIndex(rules)
    for path in paths:
        assert last_match(index, path, is_dir=is_dir) is last_match(rules, path, is_dir=is_dir)
        assert folder_owner_rule(index, path) is folder_owner_rule(rules, path)


def test_rule_index_files_literal_rules_and_scans_wildcards():
    rules = parse_codeowners("*.go @o/go\n/src/a/ @o/a\nsrc/*/x @o/x\nvendor/ @o/v\n**/logs @o/l\n")
    index = RuleIndex(rules)
    assert index._scan == [0]  # "**/logs" needs a segment "logs": filed there, not scanned
    assert index._root == {"src/a": [1], "src": [2]} and index._name == {"vendor": [3], "logs": [4]}
    assert [last_match(index, p).line for p in ("src/a/m.go", "src/b/x", "src/a/vendor/q", "x/logs/1")] \
        == [2, 3, 4, 5]
    odd = RuleIndex(parse_codeowners("/a/ @o/a\n/a//b/ @o/ab\n"))  # empty segments walk like any other
    assert [last_match(odd, p).line for p in ("a//b/x", "a//c", "a/b/x")] == [2, 1, 1]


@pytest.mark.parametrize("pattern, path, expected", [
    ("**/" * 1000 + "x", "a/" * 3000 + "y", False),
    ("**/" * 1000 + "x", "a/" * 3000 + "x", True),
    ("*a" * 1000 + "b", "a" * 4000 + "c", False),
    ("/src/" + "a/**/" * 500 + "c", "src/" + "a/" * 2000 + "d", False),
])
def test_hostile_patterns_match_correctly(pattern, path, expected):
    # a backtracking regex would take longer than the universe's age on these
    assert bool(pattern_regex(pattern).fullmatch(path)) is expected


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=300)
       | st.lists(st.sampled_from(["*", "**/", "/", "@o/t", "@u", " ", "\n", "#", "!", "[x]", "a@b.c",
                                   "\\#", "\t", "\r", "\x00", "é"]), max_size=40).map("".join))
def test_parse_codeowners_gives_rules_or_a_teamsim_error(text):
    warnings: list[ImportWarning] = []
    try:
        rules = parse_codeowners(text, "CO", warnings)
    except TeamsimError:
        return
    for r in rules:
        assert r.pattern and not r.pattern.startswith("!") and r.line >= 1
        r.matches("src/a/b.go")  # every rule compiles and matches
        owners_of(rules, r.pattern.strip("/") or "x")


@pytest.mark.parametrize("template", ["packages/{name}", "packages/{name}/", "/packages/{name}//"])
def test_service_paths_are_folders_with_or_without_a_slash(template):
    s = Scenario.model_validate({"services": [{"name": "cart"}, {"name": "web"}]})
    rules = parse_codeowners("* @o/all\n/packages/cart/ @o/carts\npackages/web/** @o/web\n")
    r = apply_codeowners(s, rules, template)
    assert [(t.name, t.service_names) for t in r.scenario.teams] == [
        ("o/carts", ["cart"]), ("o/web", ["web"])]
    assert [w.line for w in r.warnings if "decides the owner of no service" in w.message] == [1]


def _catalog_with_a_database(tmp_path):
    api = "apiVersion: backstage.io/v1alpha1"
    (tmp_path / "c.yaml").write_text("".join(
        f"---\n{api}\nkind: {k}\nmetadata: {{name: {n}}}\nspec: {sp}\n" for k, n, sp in [
            ("Group", "shop", "{type: team}"), ("User", "ann", "{memberOf: [shop]}"),
            ("Component", "web", "{owner: shop}"), ("Resource", "db", "{owner: shop, type: database}"),
            ("Resource", "queue", "{type: queue}")]))
    return tmp_path / "c.yaml"


@pytest.mark.parametrize("codeowners, owners", [
    # the catch-all takes the component, not the database its catalog owner runs
    ("* @o/platform\n", {"shop": ["db"], "o/platform": ["queue", "web"]}),
    ("** @o/platform\n", {"shop": ["db"], "o/platform": ["queue", "web"]}),
    # a rule that names the database's path does take it
    ("* @o/platform\n/infra/db/ @o/dba\n", {"o/dba": ["db"], "o/platform": ["queue", "web"]}),
])
def test_resources_keep_their_catalog_owner_against_a_catch_all(tmp_path, codeowners, owners):
    co = tmp_path / "CODEOWNERS"
    co.write_text(codeowners)
    r = read([_catalog_with_a_database(tmp_path), co],
                     service_paths={"web": "src/web", "db": "infra/db", "queue": "infra/queue"})
    got = {t.name: sorted(t.service_names) for t in r.scenario.teams if t.service_names}
    assert got == owners


@pytest.mark.parametrize(("name", "piece"), [("..", "'..' segment"), ("*", "wildcard"), ("a/../..", "'..'"),
                                             ("?", "wildcard")])
def test_a_service_name_cannot_make_the_template_leave_the_repository(name, piece):
    from teamsim.ownership import service_folders

    with pytest.raises(InputError, match=piece) as e:
        service_folders(name, "src/{name}/")
    assert repr(name) in e.value.entity and "src/{name}/" in e.value.entity
    s = Scenario.model_validate({"services": [{"name": name}]})
    with pytest.raises(InputError, match=piece):
        apply_codeowners(s, parse_codeowners("* @o/a\n"), "src/{name}/")


def test_a_template_without_name_is_refused():
    with pytest.raises(InputError, match="has no {name}") as e:
        read_service_paths("src/")
    assert "CSV" in e.value.hint
    assert read_service_paths("{name}") == "{name}"


def test_service_path_rows_and_filled_templates_are_normalised(tmp_path):
    from teamsim.importers.codeowners import normalise_folder
    from teamsim.ownership import service_folders

    f = tmp_path / "paths.csv"
    f.write_text("service,path\nfront,src/./front/\ncart,src//cart\ncart,./lib/./c\n")
    assert read_service_paths(str(f)) == {"front": ["src/front/"], "cart": ["src/cart", "lib/c"]}
    assert service_folders("a", "/src//{name}/./") == ["/src/a/"]
    assert [normalise_folder(p) for p in ("", "/", "./", "a", "//a//b//")] == ["", "/", "", "a", "/a/b/"]
    s = Scenario.model_validate({"services": [{"name": "front"}, {"name": "cart"}]})
    r = apply_codeowners(s, parse_codeowners("* @o/d\n/src/front/ @o/web\n/src/cart/ @o/c\n"),
                         read_service_paths(str(f)))
    owners = {t.name: t.service_names for t in r.scenario.teams}
    assert owners == {"o/web": ["front"], "o/c": ["cart"], "o/d": ["cart"]}


def test_unused_rules_say_why_and_share_one_kind():
    from teamsim.importers import warnings_by_kind

    s = Scenario.model_validate({"people": [{"name": "ann"}, {"name": "bo"}],
                                 "services": [{"name": "cart"}, {"name": "web"}, {"name": "db"}],
                                 "teams": [{"name": "dba", "services": ["db"]},
                                           {"name": "carts", "members": ["ann"]},
                                           {"name": "shop", "members": ["bo"]}]})
    text = "* @o/all\n/src/cart/ @o/carts\n/src/web/ @o/shop\n/src/web/docs/ @o/docs\n*.md @o/docs\n"
    r = apply_codeowners(s, parse_codeowners(text), "src/{name}/", no_folder=["db"])
    unused = {w.line: w.message for w in r.warnings if w.kind == "rule decides no service"}
    assert unused == {
        1: "rule '*' decides the owner of no service (every service folder has a later, more specific "
           "rule; services without a folder keep their catalog owner)",
        4: "rule '/src/web/docs/' decides the owner of no service",
        5: "rule '*.md' decides the owner of no service (it matches only some files of a folder)"}
    kinds = dict(warnings_by_kind(r.warnings))
    assert len(kinds["rule decides no service"]) == 3
    # @o/carts and @o/shop are taken to be the teams 'carts' and 'shop': one kind, whatever the names
    assert [w.entity for w in kinds["code owner is an existing team"]] == ["team 'carts'", "team 'shop'"]
    assert len(kinds) == 2
