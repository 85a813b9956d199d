"""teamsim compare and teamsim workspace: hand-checked changes and metrics, files and versions."""

import datetime as dt
import json

import pytest

from teamsim.cli import main
from teamsim.compare import compare, diff_scenarios
from teamsim.importers import load_scenario
from tests.conftest import SCENARIOS
from tests.hostile.harness import assert_refused, run


def test_page_example_against_nested_sets():
    a = load_scenario(SCENARIOS / "diversity-bonus.yaml")
    b = load_scenario(SCENARIOS / "no-diversity.yaml")
    m = {x.name: x for x in compare(a, b).metrics}
    # Page's example: the organisation holds A-G (7); bonuses Adam+Betsy 6-5=1, Betsy+Carl 7-4=3
    assert (m["ability"].before, m["mean_diversity_bonus"].before) == (7.0, 2.0)
    assert m["mean_diversity_bonus"].after == 0.0          # nested tool sets give no bonus
    assert m["ability"].change == m["ability"].after - 7.0


def test_moves_of_people_and_services():
    s = load_scenario(SCENARIOS / "online-boutique.yaml")
    data = s.model_dump(exclude_defaults=True)
    t0, t1 = data["teams"][0], data["teams"][1]
    person = t0["members"].pop()
    t1["members"].append(person)
    service = t0["services"].pop(0)
    t1["services"].append(service)
    b = type(s).model_validate(data)
    moved = {(c.kind, c.name): (c.before, c.after) for c in diff_scenarios(s, b) if c.change == "moved"}
    svc = service if isinstance(service, str) else service["name"]
    assert moved == {("person", person): (t0["name"], t1["name"]),
                     ("service", svc): (t0["name"], t1["name"])}
    r = compare(s, b)
    names = {m.name for m in r.metrics}
    assert {"cross_team_dependencies", "modularity", f"{t0['name']}: size"} <= names
    size = next(m for m in r.metrics if m.name == f"{t0['name']}: size")
    assert (size.before - size.after) == 1


def test_order_of_name_lists_is_no_change_and_a_change_says_what():
    s = load_scenario(SCENARIOS / "hiring.yaml")
    data = s.model_dump(exclude_defaults=True)
    for p in data["people"]:
        p["tools"] = p["tools"][::-1]                        # every list re-ordered: no change
    for t in data["teams"]:
        t["members"] = t["members"][::-1]
    data["tasks"][0]["tools"] = data["tasks"][0]["tools"][::-1]
    assert diff_scenarios(s, type(s).model_validate(data)) == []
    ana = data["people"][0]
    ana["tools"] = [t for t in ana["tools"] if t != "Docker"] + ["Go", "Security"]
    ana["role"] = "SRE"
    [c] = diff_scenarios(s, type(s).model_validate(data))
    assert (c.name, c.change, c.before) == ("Ana", "changed", "role, tools")
    assert c.detail == "role: backend engineer → SRE; tools: +Go, +Security, -Docker"


def test_metrics_once_each_with_titles_coverage_and_formatting(capsys):
    from teamsim.compare import format_metric, metric_rows

    s = load_scenario(SCENARIOS / "hiring.yaml")
    data = s.model_dump(exclude_defaults=True)
    # payments-api needs Python + PostgreSQL (Ana holds both); cluster needs Terraform (nobody in Payments)
    data["services"] = [{"name": "payments-api", "tools": ["Python", "PostgreSQL"]},
                        {"name": "cluster", "tools": ["Terraform"]}]
    data["teams"][0]["services"] = ["payments-api", "cluster"]
    s = type(s).model_validate(data)
    r = compare(s, s)
    org = [m.metric for m in r.metrics if m.scope == "organisation"]
    assert len(org) == len(set(org)) and not {"teams_count"} & set(org)
    titles = [row[0] for row in metric_rows(r) if row[1] == "organisation"]
    assert len(titles) == len(set(titles)) and titles.count("people") == 1
    m = {x.metric: x for x in r.metrics if x.scope == "organisation"}
    assert (m["services_covered"].before, m["services_uncovered"].before) == (1.0, 1.0)
    assert r.title(m["services_uncovered"]) == "services with a needed tool no owner holds"
    bonus = next(row for row in metric_rows(r) if row[0].startswith("mean team diversity"))
    assert bonus[2] == format_metric(m["mean_diversity_bonus"].before)
    assert [format_metric(v) for v in (2.0, 2 + 1 / 3, -0.0929, 1234.0)] == ["2", "2.33", "-0.09", "1,234"]
    assert format_metric(1.0, signed=True) == "+1" and format_metric(-1.0, signed=True) == "-1"
    plain = compare(load_scenario(SCENARIOS / "hiring.yaml"), s)    # before: no service needs a tool
    assert next(x for x in plain.metrics if x.metric == "services_covered").before is None
    assert main(["compare", str(SCENARIOS / "hiring.yaml"), str(SCENARIOS / "diversity-bonus.yaml")]) == 0
    out = capsys.readouterr().out
    assert "mean_diversity_bonus" not in out and "teams_count" not in out and "0.3333" not in out
    assert "organisation ability (union of tools)" in out


def test_identical_scenarios_have_no_changes():
    s = load_scenario(SCENARIOS / "hiring.yaml")
    r = compare(s, s)
    assert r.changes == [] and all(m.change in (0, None) for m in r.metrics)


def test_cli_workspace_roundtrip_and_compare(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TEAMSIM_DATABASE_URL", f"sqlite:///{tmp_path / 'ws.db'}")
    assert main(["workspace", "save", str(SCENARIOS / "diversity-bonus.yaml"), "-p", "plan-a",
                 "-m", "talk"]) == 0
    assert main(["workspace", "save", str(SCENARIOS / "no-diversity.yaml"), "-p", "plan-a"]) == 0
    capsys.readouterr()
    assert main(["compare", "ws:plan-a@1", "plan-a@2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["before"] == "plan-a@1" and out["after"] == "plan-a@2"
    ability = next(m for m in out["metrics"] if m["name"] == "ability")
    assert ability["before"] == 7.0 and {"name", "before", "after"} <= ability.keys()
    assert {"kind": "tool", "name": "F", "change": "removed", "before": None, "after": None,
            "detail": None} in out["changes"]
    assert main(["workspace", "export", "ws:plan-a@1", "-o", str(tmp_path / "back.yaml")]) == 0
    assert load_scenario(tmp_path / "back.yaml") == load_scenario(SCENARIOS / "diversity-bonus.yaml")
    capsys.readouterr()
    assert main(["workspace", "log", "plan-a", "--json"]) == 0
    log = json.loads(capsys.readouterr().out)
    assert [v["number"] for v in log] == [2, 1] and log[1]["message"] == "talk"


@pytest.mark.parametrize("args, pieces", [
    (["compare", "ws:nope", "ws:nope@2"], ["no version nope", "teamsim workspace list"]),
    (["compare", "no/such.yaml", "ws:x"], ["no/such.yaml", "file not found"]),
    (["workspace", "save", "scenarios/hiring.yaml", "-p", "../../etc"], ["bad plan name"]),
    (["workspace", "save", "scenarios/hiring.yaml", "-p", " \t "], ["bad plan name", "it is empty"]),
    (["workspace", "save", "scenarios/hiring.yaml", "-p", "a\nb"], ["control character U+000A"]),
    (["workspace", "save", "scenarios/hiring.yaml", "-p", "p\u0406an"],
     ["mixes Latin letters with \\u0406 from Cyrillic", "write the whole name in one script"]),
    (["workspace", "save", "scenarios/hiring.yaml", "-p", " plan"],
     ["plan names cannot start or end with a space", "did you mean 'plan'?"]),
    (["workspace", "export", "ws:p@0", "-o", "x.yaml"], ["bad version number"]),
])
def test_cli_bad_references(tmp_path, args, pieces):
    r = run(*args, env={"TEAMSIM_DATABASE_URL": f"sqlite:///{tmp_path / 'ws.db'}"},
            cwd=str(SCENARIOS.parent))
    assert_refused(r, *pieces)


def test_cli_look_alike_plan_names_are_one_plan_or_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TEAMSIM_DATABASE_URL", f"sqlite:///{tmp_path / 'ws.db'}")
    hiring = str(SCENARIOS / "hiring.yaml")
    assert main(["workspace", "save", hiring, "-p", "plan"]) == 0
    assert main(["workspace", "save", hiring, "-p", "\uff50\uff4c\uff41\uff4e"]) == 0   # fullwidth
    assert "saved plan@2" in capsys.readouterr().out
    for look_alike in ("plan ", " plan", "p\u0406an"):
        assert main(["workspace", "save", hiring, "-p", look_alike]) == 2
    capsys.readouterr()
    assert main(["workspace", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(p["plan"], p["versions"]) for p in rows] == [("plan", 2)]
    assert list(rows[0]) == ["plan", "versions", "last_saved"]
    assert dt.datetime.fromisoformat(rows[0]["last_saved"]).utcoffset() == dt.timedelta(0)
    assert rows[0]["last_saved"].endswith("+00:00")


def test_unreachable_database_is_exit_2(tmp_path):
    r = run("workspace", "list", env={"TEAMSIM_DATABASE_URL": "postgresql+psycopg://u:pw@127.0.0.1:1/x"})
    assert_refused(r, "cannot open the workspace database", "TEAMSIM_DATABASE_URL")
    assert ":pw@" not in r.err


def test_malformed_database_url_is_exit_2(tmp_path):
    r = run("workspace", "list", env={"TEAMSIM_DATABASE_URL": "notaurl"})
    assert_refused(r, "'notaurl' is not a database URL", "TEAMSIM_DATABASE_URL", "sqlite:////")
