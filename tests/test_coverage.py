"""Skills coverage of services, truck factors (skills: brute force; knowledge: Avelino et al. 2016)."""

import itertools
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamsim.cli import main
from teamsim.coverage import (
    coverage_report,
    degree_of_authorship,
    departure,
    knowledge_truck_factor,
    service_tools_from_git,
    skills_truck_factor,
    tools_from_catalog,
)
from teamsim.errors import InputError, ScenarioError
from teamsim.importers import load_scenario
from teamsim.importers.git import parse_git_log
from teamsim.scenario import Scenario


def _scenario():
    return Scenario.model_validate({
        "tools": [{"name": "Go"}, {"name": "SQL"}, {"name": "K8s", "requires": ["Go"]}, {"name": "Rust"}],
        "people": [{"name": "Ann", "tools": ["K8s", "SQL"]}, {"name": "Bo", "tools": ["Go"]},
                   {"name": "Cy", "tools": ["SQL"]}, {"name": "Di", "tools": ["Rust"]}],
        "teams": [{"name": "T", "members": ["Ann", "Bo", "Cy"], "services": ["api", "db"]},
                  {"name": "U", "members": ["Di"], "services": ["ops"]}],
        "services": [{"name": "api", "tools": ["Go", {"name": "K8s", "weight": 2}], "system": "shop"},
                     {"name": "db", "tools": ["SQL"], "system": "data"},
                     {"name": "ops", "tools": ["K8s", "Rust"]},
                     {"name": "orphan", "tools": ["Go"]}]})


def test_service_tools_validated():
    with pytest.raises(ScenarioError, match="unknown tool 'Z'"):
        Scenario.model_validate({"services": [{"name": "x", "tools": ["Z"]}]})
    with pytest.raises(ScenarioError, match="lists tool 'A' twice"):
        Scenario.model_validate({"tools": [{"name": "A"}],
                                 "services": [{"name": "x", "tools": ["A", {"name": "A", "weight": 2}]}]})


def test_coverage_report_values():
    r = coverage_report(_scenario())
    api, db, ops, orphan = r.services
    # K8s implies Go: Ann holds both
    assert api.holders == {"Go": ["Ann", "Bo"], "K8s": ["Ann"]}
    assert api.weights == {"Go": 1.0, "K8s": 2.0}
    assert (api.truck_factor, api.critical, api.missing_tools) == (1, ["Ann"], [])
    assert (db.holders, db.truck_factor) == ({"SQL": ["Ann", "Cy"]}, 2)
    assert (ops.missing_tools, ops.truck_factor) == (["K8s"], 0)
    assert (orphan.team, orphan.missing_tools, orphan.truck_factor) == (None, ["Go"], 0)
    assert r.uncovered == 2 and r.min_truck_factor == 0
    t = {x["name"]: x["cognitive_load"] for x in r.teams}
    assert (t["T"].tools, t["T"].services, t["T"].domains, t["T"].missing_tools) == (3, 2, 2, 0)
    assert (t["U"].tools, t["U"].missing_tools) == (2, 1)
    assert any("no owner team" in w for w in r.warnings)


def test_cognitive_load_limits_warn():
    from teamsim.coverage import LoadLimits

    r = coverage_report(_scenario(), limits=LoadLimits(max_tools=2, max_domains=1))
    t = {x["name"]: x["cognitive_load"] for x in r.teams}
    assert t["T"].warnings == ["team 'T' must hold 3 tools, over the limit of 2",
                               "team 'T' must hold 2 domains, over the limit of 1"]
    assert t["U"].warnings == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcde"), unique=True), min_size=1, max_size=4))
def test_skills_truck_factor_equals_brute_force(tool_holders):
    holders = {f"t{i}": h for i, h in enumerate(tool_holders)}
    members = sorted({p for h in holders.values() for p in h})
    brute = None
    for k in range(len(members) + 1):
        if any(any(not set(h) - set(gone) for h in holders.values())
               for gone in itertools.combinations(members, k)):
            brute = k
            break
    assert skills_truck_factor(holders) == brute


def test_degree_of_authorship_equation():
    # eq. (1): 3.293 + 1.098 FA + 0.164 DL - 0.321 ln(1 + AC)
    assert degree_of_authorship(True, 3, 0) == pytest.approx(3.293 + 1.098 + 0.492)
    assert degree_of_authorship(False, 1, 1) == pytest.approx(3.293 + 0.164 - 0.321 * math.log(2))


def _log(rows):
    """rows: (author, [files]) newest first."""
    text = "".join(f"--c{i}--2020-01-{28 - i:02d}--{a}\n" + "".join(f"1\t0\t{f}\n" for f in fs)
                   for i, (a, fs) in enumerate(rows))
    return parse_git_log(text)


def test_avelino_truck_factor_hand_made_history():
    # oldest last. f1: A creates, 3 changes -> A. f2: B creates, A changes once: A's DOA
    # 3.293 + 0.164 - 0.321 ln 2 = 3.23 < 3.293 -> only B. f3: C. f4: A.
    log = _log([("A", ["f1"]), ("A", ["f1", "f2"]), ("C", ["f3"]), ("A", ["f4"]),
                ("B", ["f2"]), ("A", ["f1"])])
    k = knowledge_truck_factor(log, people=["A", "C"])
    # A authors 2 of 4 files: removing A leaves 2/4 = 50% covered (not < 50%), so remove B
    # (tie with C, alphabetical): 1/4 covered -> truck factor 2
    assert (k.truck_factor, k.authors, k.left, k.files) == (2, ["A", "B"], ["B"], 4)
    assert k.change_share == pytest.approx({"A": 5 / 7, "B": 1 / 7, "C": 1 / 7})  # 7 file changes


def test_avelino_relative_threshold():
    # A creates f with 10 changes, B makes 8: DOA_A = 3.293+1.098+1.64-0.321 ln 9 = 5.326,
    # DOA_B = 3.293+1.312-0.321 ln 11 = 3.835; 3.835/5.326 = 0.72 <= 0.75: B is not an author
    log = _log([("B", ["f"])] * 8 + [("A", ["f"])] * 10)
    k = knowledge_truck_factor(log)
    assert (k.truck_factor, k.authors) == (1, ["A"])
    log = _log([("B", ["f"])] * 9 + [("A", ["f"])] * 10)  # 4.0/5.33 = 0.75+: both authors
    # DOA_B = 3.293 + 1.476 - 0.321 ln 11 = 3.999 ; DOA_A = 5.326 - 0.321 (ln 10 - ln 9)
    assert knowledge_truck_factor(log).truck_factor == 2


def test_tools_from_catalog_and_git():
    tools, unknown = tools_from_catalog(["Go", "node-js"], {"teamsim.io/tools": "SQL:3"},
                                        ["Go", "Node.JS", "SQL"])
    assert (tools, unknown) == (["Go", "Node.JS", {"name": "SQL", "weight": 3.0}], [])
    with pytest.raises(InputError, match="not a positive number"):
        tools_from_catalog([], {"teamsim.io/tools": "Go:nan"}, ["Go"])
    log = _log([("A", ["src/cart/x.cs", "src/cart/Dockerfile", "src/ui/app.ts", "README.md"])])
    assert service_tools_from_git(log, ["cart", "ui"], "src/{name}/") == {
        "cart": ["C#", "Docker"], "ui": ["TypeScript"]}


def test_departure_lost_coverage_and_cover():
    d = departure(_scenario(), ["Ann"])
    assert d.services_uncovered == ["api"]
    lost = {(x.service, x.tool): x for x in d.lost}
    assert set(lost) == {("api", "K8s")}
    # K8s needs Go: Bo (Go) has 1 step, Cy and Di 2
    assert lost[("api", "K8s")].cover[0] == {"person": "Bo", "team": "T", "steps": 1}
    assert d.truck_factor_before["db"] == 2 and d.truck_factor_after["db"] == 1
    with pytest.raises(ScenarioError):
        departure(_scenario(), ["Nobody"])


def test_cli_coverage_json(tmp_path, capsys):
    f = tmp_path / "s.json"
    f.write_text(_scenario().model_dump_json())
    assert main(["coverage", str(f), "--json", "--leave", "Ann"]) == 0
    out = json.loads(capsys.readouterr().out)
    s = {x["name"]: x for x in out["services"]}
    assert s["api"]["team"] == "T" and s["api"]["truck_factor"] == 1
    assert s["ops"]["missing_tools"] == ["K8s"] and s["db"]["holders"] == {"SQL": ["Ann", "Cy"]}
    assert {t["name"]: t["cognitive_load"]["tools"] for t in out["teams"]} == {"T": 3, "U": 2}
    assert out["departure"]["services_uncovered"] == ["api"]
    assert main(["coverage", str(f)]) == 0
    assert "sole holders" in capsys.readouterr().out


@st.composite
def pools(draw):
    n = draw(st.integers(1, 6))
    cands = [{"name": f"c{i}", "tools": sorted(draw(st.sets(st.sampled_from("ABCD"), max_size=3))),
              "cost": draw(st.sampled_from([1.0, 2.0, 3.0, 5.0]))} for i in range(n)]
    needs = [sorted(draw(st.sets(st.sampled_from("ABCD"), min_size=1, max_size=3))) for _ in range(2)]
    return Scenario.model_validate({
        "tools": [{"name": x} for x in "ABCD"], "people": [{"name": "p", "tools": ["A"]}],
        "candidates": cands, "teams": [{"name": "T", "members": ["p"], "services": ["s0", "s1"]}],
        "services": [{"name": f"s{j}", "tools": [{"name": t, "weight": j + 1.0} for t in ts]}
                     for j, ts in enumerate(needs)]})


@settings(max_examples=40, deadline=None)
@given(pools(), st.sampled_from([0.0, 2.0, 4.0, 7.0]), st.integers(1, 2))
def test_best_hires_equal_brute_force_and_greedy_within_bound(s, budget, r):
    from teamsim.coverage import hire_for_services

    def gain(names):
        total = 0.0
        for sv in s.services:
            for t, w in sv.tool_weights.items():
                have = int(t in s.tool_set("p"))
                total += w * min(max(r - have, 0), sum(t in s.tool_set(n) for n in names)) / r
        return total

    names = [c.name for c in s.candidates]
    brute = max(gain(sub) for k in range(len(names) + 1) for sub in itertools.combinations(names, k)
                if sum(s.person(n).cost for n in sub) <= budget)
    h = hire_for_services(s, "T", budget=budget, redundancy=r)
    assert h.method == "milp" and h.gain == pytest.approx(brute) and gain(h.hires) == pytest.approx(h.gain)
    assert sum(s.person(n).cost for n in h.hires) <= budget
    g = hire_for_services(s, "T", budget=budget, redundancy=r, max_exact=0)
    assert g.method == "greedy" and g.gain <= brute + 1e-9 and g.bound >= brute - 1e-6
    for x in h.ranking:
        assert x.gain == pytest.approx(gain([x.name]))


def test_hiring_refuses_missing_cost():
    from teamsim.coverage import hire_for_services

    s = Scenario.model_validate({"tools": [{"name": "A"}], "candidates": [{"name": "c", "tools": ["A"]}],
                                 "people": [{"name": "p"}],
                                 "teams": [{"name": "T", "members": ["p"], "services": ["x"]}],
                                 "services": [{"name": "x", "tools": ["A"]}]})
    assert hire_for_services(s, "T").ranking[0].gain == 1.0
    with pytest.raises(InputError, match="candidate 'c' has no cost"):
        hire_for_services(s, "T", budget=3)
    with pytest.raises(InputError, match="budget"):
        hire_for_services(s, "T", budget=float("nan"))


def test_cli_coverage_hiring(tmp_path, capsys):
    s = _scenario().model_dump(mode="json", exclude_defaults=True)
    s["candidates"] = [{"name": "Zed", "tools": ["Rust", "K8s"], "cost": 2},
                       {"name": "Yan", "tools": ["K8s"], "cost": 1}]
    f = tmp_path / "s.json"
    f.write_text(json.dumps(s))
    assert main(["coverage", str(f), "--hire-for", "U", "--budget", "1", "--json"]) == 0
    h = json.loads(capsys.readouterr().out)["hiring"]
    # U owns ops (K8s, Rust) and has Di (Rust): both candidates fill K8s (gain 1)
    assert [(c["name"], c["gain"]) for c in h["ranking"]] == [("Yan", 1.0), ("Zed", 1.0)]
    assert h["hires"] == ["Yan"] and h["method"] == "milp"
    assert main(["coverage", str(f), "--hire-for", "U", "--budget", "1"]) == 0
    assert "Best hires within the budget" in capsys.readouterr().out
    assert main(["coverage", str(f), "--hire-for", "Nope"]) == 2


def test_git_tools_join_the_needed_tools(tmp_path, capsys):
    """add_git_tools unites git's tools with the declared ones; coverage --tools-from-git uses it."""
    from teamsim.coverage import add_git_tools

    rows = [("Ann", ["db/schema.sql", "db/Dockerfile"]), ("Bo", ["api/main.go", "api/x.rs"])]
    s = add_git_tools(_scenario(), _log(rows))
    need = {x.name: x.tool_weights for x in s.services}
    assert need["api"] == {"Go": 1.0, "K8s": 2.0, "Rust": 1.0}  # K8s keeps its weight; Go was there
    assert need["db"] == {"SQL": 1.0, "Docker": 1.0} and need["ops"] == {"K8s": 1.0, "Rust": 1.0}
    assert [t.name for t in s.tools][-1] == "Docker"  # declared once, after the scenario's tools
    f, g = tmp_path / "s.json", tmp_path / "git.log"
    f.write_text(_scenario().model_dump_json())
    g.write_text("".join(f"--c{i}--2020-01-{28 - i:02d}--{a}\n" + "".join(f"1\t0\t{x}\n" for x in fs)
                         for i, (a, fs) in enumerate(rows)))
    assert main(["coverage", str(f), "--git-log", str(g), "--tools-from-git", "--json"]) == 0
    out = {x["name"]: x for x in json.loads(capsys.readouterr().out)["services"]}
    assert out["db"]["missing_tools"] == ["Docker"] and "Rust" in out["api"]["missing_tools"]
    assert main(["coverage", str(f), "--tools-from-git"]) == 2
    assert "--tools-from-git needs --git-log" in capsys.readouterr().err
    # the same needs reach design (which then names the tool nobody holds) and import ownership
    assert main(["design", str(f), "--git-log", str(g), "--tools-from-git", "--min-size", "1",
                 "--redundancy", "1"]) == 2
    assert "no one holds Docker: service 'db' cannot be covered" in capsys.readouterr().err
    out_file = tmp_path / "with-tools.yaml"
    assert main(["import", "ownership", str(f), "--git-log", str(g), "--tools-from-git",
                 "-o", str(out_file)]) == 0
    written = {x.name: x.tool_weights for x in load_scenario(out_file).services}
    assert written["db"] == {"SQL": 1.0, "Docker": 1.0}


_FILE = st.lists(st.sampled_from(["a", "ab", "b"]), min_size=1, max_size=4).map("/".join)
_FOLDER = st.lists(st.sampled_from(["a", "ab", "b", ""]), min_size=1, max_size=3).map("/".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_FILE, min_size=1, max_size=10),
       st.dictionaries(st.sampled_from(["s", "t", "u"]),
                       st.one_of(_FOLDER.map(lambda p: "/" + p), st.lists(_FOLDER, max_size=3),
                                 st.sampled_from(["", "/", "a/"])), max_size=3),
       st.sampled_from([None, "{name}/", "a/{name}", "/{name}"]))
def test_service_files_and_truck_factors_equal_the_scan_of_the_whole_history(paths, mapping, template):
    from teamsim.coverage import coverage_report, service_files
    from teamsim.importers.codeowners import normalise_folder

    log = parse_git_log("".join(f"--c{i}--2020-01-0{1 + i % 9}--{'ABC'[i % 3]}\n1\t0\t{p}\n"
                                for i, p in enumerate(paths)))
    paths_arg = template or mapping
    for s in ("s", "t", "u"):
        folders = [paths_arg.replace("{name}", s)] if template else (
            [mapping[s]] if isinstance(mapping.get(s), str) else list(mapping.get(s, [])))
        pre = tuple(normalise_folder(f).lstrip("/") for f in folders)  # a//b is a/b
        want = {p for p in paths if pre and p.startswith(pre)}
        assert service_files(log, s, paths_arg) == want
    scen = Scenario.model_validate({"people": [{"name": "A"}], "services": [{"name": n} for n in "stu"]})
    for c in coverage_report(scen, log=log, service_paths=paths_arg).services:
        assert c.knowledge == knowledge_truck_factor(log, service_files(log, c.name, paths_arg), people=["A"])
