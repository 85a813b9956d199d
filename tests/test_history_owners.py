"""Owners from git history (teamsim.history_owners): the rule on a hand-computed history, the CLI
end to end, and the real Online Boutique history against an independent count."""

import json
from collections import Counter, defaultdict

import pytest

from teamsim.errors import InputError
from teamsim.history_owners import (
    applied_status,
    apply_history_owners,
    conflict_rows,
    owners_from_history,
    read_history_owners,
)
from teamsim.importers import read
from teamsim.importers.git import read_alias_map, read_git_log
from teamsim.importers.uploaded import read_uploads
from teamsim.ownership import declared_owners
from tests.conftest import ROOT
from tests.hostile.harness import assert_refused, run

D = ROOT / "tests" / "data" / "history-owners"
SCEN, LOG, ALIASES = D / "scenario.yaml", D / "history.gitlog", D / "aliases.txt"


def _decide(threshold=0.5, since="2024-01-01", aliases=True):
    log = read_git_log(LOG, aliases=read_alias_map(ALIASES) if aliases else None)
    return owners_from_history(read(SCEN).scenario, log.commits, "src/{name}/", threshold=threshold,
                               since=since)


def test_hand_computed_owners_conflicts_and_ties():
    # since 2024 with aliases: cart Carts 3/4, web Web 2/3 (declared), db Ops 1/2 = Web 1/2 (tie),
    # api Ops 1/1 (orphan), pay Web 2/4 (zed is in no team: 1/4 for nobody), Carts 1/4
    r = _decide()
    assert r.assigned == {"cart": "Carts", "api": "Ops", "pay": "Web"}
    assert r.ties == {"db": ["Ops", "Web"]}
    got = [(c.service, c.declared, c.history_owner, round(c.share, 6), c.applied) for c in r.conflicts]
    assert got == [("cart", ["Web"], "Carts", 0.75, True), ("pay", ["Carts"], "Web", 0.5, True)]
    assert declared_owners(r.scenario) == {"cart": ["Carts"], "web": ["Web"], "db": ["Ops"], "api": ["Ops"],
                                           "pay": ["Web"]}
    assert r.commits == 15  # the two 2020 commits are outside the window
    shares = {h.module: h.team_shares for h in r.history}
    assert shares["pay"] == pytest.approx({"Web": 0.5, "Carts": 0.25, "(no team)": 0.25})


def test_applied_status_of_every_service():
    # cart and pay set from history, db a tie, web agrees with its declared owner; above 0.5 pay is kept
    r = _decide()
    assert {h.module: applied_status(r, h.module) for h in r.history} == {
        "api": "applied", "cart": "applied", "db": "tie", "pay": "applied", "web": "same as declared"}
    assert applied_status(_decide(threshold=0.5 + 1e-9), "pay") == "declared kept"


def test_cli_history_table_has_the_applied_column():
    r = run("ownership", str(SCEN), "--git-log", str(LOG), "--aliases", str(ALIASES), "--since", "2024-01-01",
            "--service-paths", "src/{name}/", "--owner-threshold", "0.6", "--format", "csv")
    assert r.code == 0, r.err
    table = r.out.split("Ownership from history", 1)[1].splitlines()[1:]
    assert table[0].endswith('"declared owner","applied"')
    assert {row.split(",")[0].strip('"'): row.rsplit(",", 1)[1].strip('"') for row in table[1:] if row} == {
        "api": "applied", "cart": "applied", "db": "tie", "pay": "declared kept", "web": "same as declared"}


def test_threshold_boundary():
    # pay's top share is exactly 0.5: owner at 0.5, declared owner kept (conflict reported) just above
    above = _decide(threshold=0.5 + 1e-9)
    assert "pay" not in above.assigned and above.assigned["cart"] == "Carts"
    assert [(c.service, c.applied) for c in above.conflicts] == [("cart", True), ("pay", False)]
    assert declared_owners(above.scenario)["pay"] == ["Carts"]
    assert _decide(threshold=0.76).assigned == {"api": "Ops"}  # 0.75 < 0.76; api 1.0
    assert _decide(threshold=0.0).assigned == {"cart": "Carts", "api": "Ops", "pay": "Web"}


def test_window_and_aliases_change_the_shares():
    # whole history: cart has bo's two 2020 commits -> Carts 3/6 = Web 3/6: a tie, nothing decided
    whole = _decide(since=None)
    assert whole.ties["cart"] == ["Carts", "Web"] and "cart" not in whole.assigned
    # without the alias 'A. Nn' is nobody: cart Carts 2/4 = 0.5, below 0.6; with it 0.75
    assert "cart" not in _decide(threshold=0.6, aliases=False).assigned
    assert _decide(threshold=0.6).assigned["cart"] == "Carts"


def test_bad_threshold_and_since_are_refused():
    with pytest.raises(InputError, match="threshold"):
        _decide(threshold=1.5)
    with pytest.raises(InputError, match="not a date"):
        _decide(since="last year")


def test_read_history_owners_warns_and_records_provenance():
    r, owners = read_history_owners(read(SCEN), LOG, service_paths="src/{name}/", aliases=ALIASES,
                                    since="2024-01-01")
    kinds = Counter(w.kind for w in r.warnings)
    assert kinds == {"owner conflict": 2, "owner tie": 1}
    assert r.provenance.services["cart"][-1] == ("history.gitlog", "history")
    assert r.git_log is not None and r.scenario == owners.scenario


def test_uploaded_sources_with_their_history_and_aliases():
    # the app's case: the scenario, the log and the aliases uploaded together; the same decision
    # as the CLI's --git-log/--aliases, named after the uploaded log
    files = [(f"client/{p.name}", p.read_bytes()) for p in (SCEN, LOG, ALIASES)]
    r, owners = apply_history_owners(read_uploads(files), service_paths="src/{name}/", since="2024-01-01")
    assert owners.assigned == _decide().assigned == {"cart": "Carts", "api": "Ops", "pay": "Web"}
    assert conflict_rows(owners) == [("cart", "Web", "Carts", "75%", "applied"),
                                     ("pay", "Carts", "Web", "50%", "applied")]
    assert [(w.file, w.kind) for w in r.warnings] == [("history.gitlog", "owner conflict")] * 2 + [
        ("history.gitlog", "owner tie")]
    assert r.provenance.services["api"] == [("scenario.yaml", "listed"), ("history.gitlog", "history")]
    assert declared_owners(r.scenario)["cart"] == ["Carts"]
    # without the aliases 'A. Nn' is in no team: cart is Carts 2/4, below 0.6
    plain = read_uploads(files[:2])
    _, kept = apply_history_owners(plain, service_paths="src/{name}/", since="2024-01-01", threshold=0.6)
    assert [(c.service, c.share, c.applied) for c in kept.conflicts][0] == ("cart", 0.5, False)
    assert conflict_rows(kept)[0][-1] == "declared kept"


def test_apply_history_owners_needs_exactly_one_history():
    with pytest.raises(InputError, match="no git history was read"):
        apply_history_owners(read(SCEN))
    two = read([SCEN, LOG, LOG])
    with pytest.raises(InputError, match="2 git histories were read"):
        apply_history_owners(two)


def test_cli_ownership_writes_the_inferred_owners(tmp_path):
    out = tmp_path / "out.yaml"
    r = run("ownership", str(SCEN), "--git-log", str(LOG), "--aliases", str(ALIASES), "--since", "2024-01-01",
            "--service-paths", "src/{name}/", "-o", str(out), "--json")
    assert r.code == 0, r.err
    a = json.loads(r.out)
    assert [(c["service"], c["history_owner"], c["applied"]) for c in a["conflicts"]] == [
        ("cart", "Carts", True), ("pay", "Web", True)]
    assert "declared owner Web, but Carts made 75% of its changes" in r.err
    assert {t["name"]: t["services"] for t in a["report"]["teams"]}["Ops"] == ["db", "api"]
    v = run("validate", str(out))
    assert v.code == 0, v.err
    assert declared_owners(read(out).scenario)["cart"] == ["Carts"]


@pytest.mark.parametrize("command", [["reorg"], ["design", "--min-size", "1"], ["coverage"]])
def test_every_sources_command_takes_the_history(command):
    r = run(*command, str(SCEN), "--git-log", str(LOG), "--aliases", str(ALIASES), "--owner-threshold", "0.6",
            "--since", "2024-01-01", "--service-paths", "src/{name}/")
    assert r.code == 0, r.err
    assert "owner set to Carts" in r.err and "declared owner kept" in r.err


def test_cli_refuses_history_options_without_a_history():
    assert_refused(run("ownership", str(SCEN), "--since", "2024-01-01"), "--since needs --git-log")


def _reference_owners(text, teams_of, folders):
    """An independent count: per service, commits by each team (one per commit and service)."""
    counts = defaultdict(Counter)
    author, touched = None, set()

    def flush():
        for svc in touched:
            counts[svc][teams_of.get(author)] += 1

    for line in text.splitlines():
        if line.startswith("--") and line.count("--") >= 3:
            flush()
            author, touched = line.split("--", 3)[3], set()
        elif "\t" in line:
            path = line.split("\t", 2)[2]
            touched |= {s for s, f in folders.items() if path.startswith(f)}
    flush()
    return counts


def test_real_history_matches_an_independent_count(tmp_path):
    log_path = ROOT / "scenarios" / "online-boutique" / "microservices-demo.gitlog"
    text = log_path.read_text()
    top = [a for a, _ in Counter(ln.split("--", 3)[3] for ln in text.splitlines()
                                 if ln.startswith("--")).most_common(6)]
    org = tmp_path / "org.csv"
    org.write_text("person,team\n" + "".join(f"{a},team-{i % 3}\n" for i, a in enumerate(top)))
    base = read([ROOT / "scenarios" / "service-graphs" / "online-boutique.csv", org])
    r, owners = read_history_owners(base, log_path, service_paths="src/{name}/", bots=None)
    folders = {s.name: f"src/{s.name}/" for s in base.scenario.services}
    ref = _reference_owners(text, {a: f"team-{i % 3}" for i, a in enumerate(top)}, folders)
    assert owners.history and len(owners.history) == sum(1 for s in ref if sum(ref[s].values()))
    for h in owners.history:
        c = ref[h.module]
        total = sum(c.values())
        best = max(v for t, v in c.items() if t is not None)
        assert h.changes == total and h.share == pytest.approx(best / total)
        want = [t for t, v in c.items() if t is not None and v == best]
        if len(want) == 1 and best / total >= 0.5:
            assert declared_owners(r.scenario)[h.module] == want
    assert owners.assigned  # the real history decides some owners


def test_catalog_groups_follow_the_owners_from_history(tmp_path):
    demo = ROOT / "tests" / "data" / "backstage-demo"
    log = tmp_path / "h.gitlog"
    log.write_text("".join(f"--c{i}--2024-01-0{i}--user4\n1\t0\tservices/artist-lookup/f{i}.go\n\n"
                           for i in range(1, 4)))   # user4 is in team-b; artist-lookup is team-a's
    base = read([demo / "all.yaml", demo / "acme" / "org.yaml"])
    r, h = read_history_owners(base, log, service_paths="services/{name}/")
    assert h.assigned == {"artist-lookup": "team-b"}
    owns = {g.ref.removeprefix("group:default/"): g.owns for g in r.groups}
    assert "component:default/artist-lookup" in owns["team-b"]
    assert "component:default/artist-lookup" not in owns["team-a"]
    assert "resource:default/artists-db" in owns["team-a"] and "api:default/spotify" in owns["team-a"]
    assert [g.ref for g in r.groups] == [g.ref for g in base.groups]



def test_history_owners_and_tools_is_what_git_log_does():
    """One library call for --git-log (CLI) and the uploaded history (app): owners, then tools."""
    from teamsim.coverage import add_git_tools
    from teamsim.history_owners import apply_history_owners, history_owners_and_tools, read_history_owners

    base = read(SCEN)
    assert history_owners_and_tools(base) == (base, None)
    for kw, flag in (({"since": "2024-01-01"}, "--since"), ({"threshold": 0.6}, "--owner-threshold"),
                     ({"tools_from_git": True}, "--tools-from-git")):
        with pytest.raises(InputError, match=f"^error: {flag} needs --git-log\n"):
            history_owners_and_tools(base, **kw)
    r, h = history_owners_and_tools(base, LOG, service_paths="src/{name}/", threshold=0.6)
    assert (r, h) == read_history_owners(base, LOG, service_paths="src/{name}/", threshold=0.6)
    plain, owners = read_history_owners(base, LOG, service_paths="src/{name}/")
    assert owners.assigned == {"api": "Ops", "pay": "Web"}
    t, _ = history_owners_and_tools(base, LOG, service_paths="src/{name}/", tools_from_git=True)
    assert t.scenario == add_git_tools(plain.scenario, plain.git_log, "src/{name}/") != plain.scenario
    both = read([SCEN, LOG])
    assert history_owners_and_tools(both, history_in_read=True, service_paths="src/{name}/") == \
        apply_history_owners(both, service_paths="src/{name}/")
