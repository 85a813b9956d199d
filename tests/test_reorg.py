"""Reorganisation what-ifs: moves, exact and local-search suggestions, team splits."""

import itertools

import numpy as np
import pytest

from teamsim import load_scenario
from teamsim.errors import InputError
from teamsim.importers.dependencies import read_dependencies
from teamsim.ownership import ownership_report
from teamsim.reorg import (
    Reorganisation,
    TeamSplit,
    WhatIf,
    move_person,
    move_service,
    plan_teams,
    reorganise,
    split_team,
    suggest_ownership,
    team_capacities,
    what_if,
)
from teamsim.scenario import Scenario

from .conftest import SCENARIOS


@pytest.fixture
def boutique():
    return load_scenario(SCENARIOS / "online-boutique.yaml")


def test_move_service_what_if(boutique):
    w = what_if(boutique, service="productcatalogservice", to_team="Storefront")
    ch = {(c.scope, c.metric): (c.before, c.after) for c in w.changes}
    # frontend -> pc and recommendation -> pc become internal; checkout -> pc becomes
    # Checkout -> Storefront: 9 - 2 = 7 cross-team dependencies
    assert ch[("organisation", "cross_team_count")] == (9, 7)
    assert ch[("Storefront", "services_owned")] == (4, 5)
    assert ch[("Cart", "services_owned")] == (3, 2)
    assert ch[("Storefront", "cohesion")] == pytest.approx((0.3, 5 / 11))
    assert ch[("Checkout", "efferent_coupling")] == (1, 2)
    assert ch[("organisation", "teams_count")] == (4, 4)
    assert all(c.before == c.after for c in w.changes if c.scope == "Platform")
    assert w.after.cross_team_ratio == pytest.approx(7 / 17)


def test_move_person_what_if(boutique):
    w = what_if(boutique, person="Ana", to_team="Platform")
    ch = {(c.scope, c.metric): (c.before, c.after) for c in w.changes}
    assert ch[("Storefront", "size")] == (4, 3)
    assert ch[("Platform", "communication_paths")] == (1, 3)
    assert ch[("Storefront", "load_per_person")] == (1.5, 2.0)
    assert ch[("organisation", "cross_team_count")] == (9, 9)
    assert "Ana" in w.scenario.team("Platform").members


def test_move_errors(boutique):
    with pytest.raises(InputError, match="exactly one"):
        what_if(boutique, to_team="Cart")
    with pytest.raises(InputError, match="unknown service"):
        move_service(boutique, "nope", "Cart")
    with pytest.raises(InputError, match="does not own"):
        move_service(boutique, "frontend", "Cart", from_team="Checkout")
    with pytest.raises(InputError, match="unknown person"):
        move_person(boutique, "Zed", "Cart")


def test_partial_move_of_shared_service():
    s = Scenario.model_validate({"people": [{"name": "p"}], "services": [{"name": "x"}], "teams": [
        {"name": "A", "members": ["p"], "services": [{"name": "x", "weight": 1}]},
        {"name": "B", "services": [{"name": "x", "weight": 3}]},
        {"name": "C", "capacity": 2}]})
    after = move_service(s, "x", "C", from_team="B")
    assert after.team("C").service_weights == {"x": 3.0}
    assert after.team("A").service_weights == {"x": 1.0}


def _brute(s, lam, cap):
    """Enumerate every assignment (tiny instances only)."""
    svc = [x.name for x in s.services]
    teams = [t.name for t in s.teams]
    owner = {n: {} for n in svc}
    for t in s.teams:
        tot = None
        for n, w in t.service_weights.items():
            owner[n][t.name] = w
    for n in svc:
        tot = sum(owner[n].values())
        owner[n] = {k: v / tot for k, v in owner[n].items()}
    load = {x.name: 1.0 if x.load is None else x.load for x in s.services}
    edges = {}
    for x in s.services:
        for d, w in zip(x.dependency_names, x.dependency_weights):
            key = tuple(sorted((x.name, d)))
            edges[key] = edges.get(key, 0) + w
    best = np.inf
    for combo in itertools.product(range(len(teams)), repeat=len(svc)):
        used = np.zeros(len(teams))
        for n, t in zip(svc, combo):
            used[t] += load[n]
        if (used > cap + 1e-9).any():
            continue
        a = dict(zip(svc, combo))
        cross = sum(w for (u, v), w in edges.items() if a[u] != a[v])
        moved = sum(1 - owner[n].get(teams[a[n]], 0) for n in svc if owner[n])
        best = min(best, cross + lam * moved)
    return best


def _random(seed, n=7, t=3, cap=(3, 7)):
    rng = np.random.default_rng(seed)
    services = []
    for i in range(n):
        deps = [j for j in range(n) if j != i and rng.random() < 0.3]
        services.append({"name": f"s{i}", "load": float(rng.integers(1, 3)),
                         "depends_on": [{"service": f"s{j}", "weight": float(rng.integers(1, 4))}
                                        for j in deps]})
    owner = rng.integers(-1, t, size=n)  # -1: unowned
    teams = [{"name": f"t{k}", "services": [f"s{i}" for i in range(n) if owner[i] == k],
              "capacity": float(rng.integers(*cap))} for k in range(t)]
    return Scenario.model_validate({"services": services, "teams": teams})


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("lam", [0.0, 0.7])
def test_exact_matches_brute_force(seed, lam):
    s = _random(seed)
    cap = team_capacities(s)
    best = _brute(s, lam, cap)
    r = suggest_ownership(s, lam=lam, method="exact")
    assert r.objective == pytest.approx(best)
    assert r.optimal and r.gap == 0.0
    assert all(r.load[t] <= r.capacity[t] + 1e-9 for t in r.load)
    local = suggest_ownership(s, lam=lam, method="local")
    # the local search reports a proven bound too: bound <= brute-force optimum <= objective
    assert local.lower_bound is not None and local.gap is not None
    assert local.lower_bound <= best + 1e-9 <= local.objective + 2e-9
    assert all(local.load[t] <= local.capacity[t] + 1e-9 for t in local.load)
    # the suggestion's cross-team weight is what the ownership report measures
    assert ownership_report(r.scenario).cross_team_dependencies == pytest.approx(r.cross_team)


def test_suggestion_on_boutique_and_pins(boutique):
    r = suggest_ownership(boutique, lam=0.5)
    assert r.method == "exact" and r.optimal
    assert (r.objective, r.cross_team, r.moved, r.current_objective) == (7.5, 7, 1, 9)
    assert [(m.service, m.from_teams, m.to_team) for m in r.moves] == [
        ("productcatalogservice", ["Cart"], "Storefront")]
    pinned = suggest_ownership(boutique, lam=0.5, pinned=["productcatalogservice"])
    assert all(m.service != "productcatalogservice" for m in pinned.moves)
    assert pinned.objective >= r.objective
    # a large lambda keeps everything where it is
    assert suggest_ownership(boutique, lam=100).moves == []


def test_capacity_from_people(boutique):
    cap = team_capacities(boutique, max_load_per_person=1.5)
    assert cap.tolist() == [6.0, 7.5, 4.5, 3.0]
    r = suggest_ownership(boutique, lam=0.0, max_load_per_person=1.5)
    assert all(r.load[t] <= r.capacity[t] + 1e-9 for t in r.load)


def test_local_search_is_seeded_and_feasible():
    s = _random(11, n=40, t=5, cap=(14, 20))
    a = suggest_ownership(s, lam=0.3, method="local", seed=3)
    b = suggest_ownership(s, lam=0.3, method="local", seed=3)
    assert a.objective == b.objective and a.moves == b.moves
    assert all(a.load[t] <= a.capacity[t] + 1e-9 for t in a.load)
    assert a.current_objective is None or a.objective <= a.current_objective + 1e-9


def test_planned_teams_partition_a_bare_graph():
    s = plan_teams(read_dependencies(SCENARIOS / "service-graphs" / "dsb-hotel.csv").scenario, 2,
                   slack=0.0)
    assert [t.capacity for t in s.teams] == [5.0, 5.0]
    r = suggest_ownership(s, lam=0)
    assert r.optimal and sorted(r.load.values()) == [5.0, 5.0]
    # frontend has 7 neighbours and search 2: the best balanced cut keeps frontend with 4 of them
    assert r.cross_team == 3
    with pytest.raises(InputError):
        plan_teams(s, 0)


def test_suggestion_errors(boutique):
    with pytest.raises(InputError, match="no teams"):
        suggest_ownership(Scenario.model_validate({"services": [{"name": "x"}]}))
    with pytest.raises(InputError, match="exceeds the teams' total capacity"):
        suggest_ownership(boutique, max_load_per_person=0.1)
    with pytest.raises(InputError, match="unknown pinned"):
        suggest_ownership(boutique, pinned=["nope"])
    with pytest.raises(InputError, match="lambda"):
        suggest_ownership(boutique, lam=-1)


def test_split_team_along_dependencies():
    people = [{"name": f"p{i}"} for i in range(14)]
    s = Scenario.model_validate({
        "people": people,
        "services": [{"name": "a1", "depends_on": ["a2", "a3"]}, {"name": "a2", "depends_on": ["a3"]},
                     {"name": "a3"}, {"name": "b1", "depends_on": ["b2", "b3"]},
                     {"name": "b2", "depends_on": ["b3", "a3"]}, {"name": "b3"}],
        "teams": [{"name": "Big", "members": [p["name"] for p in people],
                   "services": ["a1", "a2", "a3", "b1", "b2", "b3"]}]})
    r = split_team(s, "Big")
    assert r.parts == 2 and r.cut == 1  # only b2 -> a3 crosses
    groups = sorted(sorted(t["services"]) for t in r.teams.values())
    assert groups == [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    assert sorted(len(t["members"]) for t in r.teams.values()) == [7, 7]
    rep = ownership_report(r.scenario)
    assert all(t.two_pizza for t in rep.teams) and rep.cross_team_count == 1
    with pytest.raises(InputError):
        split_team(s, "Big", parts=1)


def test_split_team_gives_each_new_team_the_tools_of_its_services():
    """Dealt in member order, the SQL holders (p1, p3) would land in the Go half; they go to Rust's."""
    tools = ["Go", "SQL", "Go", "SQL", "Go", "Go", "Rust", "Go", "Rust", "Go", "Rust", "Go"]
    people = [{"name": f"p{i}", "tools": [t]} for i, t in enumerate(tools)]
    s = Scenario.model_validate({
        "tools": [{"name": x} for x in ("Go", "Rust", "SQL")], "people": people,
        "services": [{"name": "g1", "tools": ["Go"], "depends_on": ["g2"]}, {"name": "g2", "tools": ["Go"]},
                     {"name": "r1", "tools": ["Rust", "SQL"], "depends_on": ["r2"]},
                     {"name": "r2", "tools": ["Rust"]}],
        "teams": [{"name": "Big", "members": [p["name"] for p in people],
                   "services": ["g1", "g2", "r1", "r2"]}]})
    r = split_team(s, "Big")
    by_services = {tuple(sorted(t["services"])): t["members"] for t in r.teams.values()}
    go, rust = by_services[("g1", "g2")], by_services[("r1", "r2")]
    assert len(go) == len(rust) == 6
    # brute force over every 6 + 6 division: most tools covered at all, then most second holders
    def score(team, needs):
        n = [sum(t in s.tool_set(p) for p in team) for t in needs]
        return sum(x >= 1 for x in n), sum(x >= 2 for x in n)
    names = [p["name"] for p in people]
    best = max((tuple(map(sum, zip(score(a, ["Go"]), score([x for x in names if x not in a],
                                                           ["Rust", "SQL"])))))
               for a in map(list, itertools.combinations(names, 6)))
    assert tuple(map(sum, zip(score(go, ["Go"]), score(rust, ["Rust", "SQL"])))) == best == (3, 3)
    assert {"p1", "p3"} <= set(rust) and not any("holds" in n for n in r.notes)
    s2 = Scenario.model_validate({**s.model_dump(exclude_defaults=True), "people": [
        {"name": p["name"], "tools": [] if p["name"] in ("p1", "p3") else p["tools"]} for p in people]})
    assert any("no one in Big-" in n and "holds SQL" in n for n in split_team(s2, "Big").notes)


def test_exact_solves_what_the_greedy_start_cannot():
    # loads 3, 3, 2, 2 into capacities 5 and 5: only {3, 2} + {3, 2} fits; a greedy start that
    # puts the two 3s apart works, but pinning forces the MILP to find the packing
    s = Scenario.model_validate({
        "services": [{"name": "a", "load": 3}, {"name": "b", "load": 3},
                     {"name": "c", "load": 2, "depends_on": ["d"]}, {"name": "d", "load": 2}],
        "teams": [{"name": "X", "services": ["a", "c", "d"], "capacity": 5},
                  {"name": "Y", "services": ["b"], "capacity": 5}]})
    r = suggest_ownership(s, lam=0.1)
    assert r.optimal and sorted(r.load.values()) == [5.0, 5.0]
    assert r.cross_team == 1 and len(r.moves) == 1


def test_orphans_owned_by_a_person_go_to_that_persons_team():
    from teamsim.importers.backstage import read_backstage

    from .conftest import DATA

    s = read_backstage(DATA / "backstage-demo").scenario
    r = suggest_ownership(s, lam=0.5)
    moves = {m.service: (m.from_teams, m.to_team) for m in r.moves}
    # playback-order, searcher and shuffle-api are owned by user:guest, a member of team-a
    for svc in ("playback-order", "searcher", "shuffle-api"):
        assert moves[svc] == ([], "team-a")
    assert r.optimal and r.cross_team == 0 and (r.objective, r.current_objective) == (0.5, 1.0)
    assert ownership_report(r.scenario).orphaned == []


@pytest.mark.parametrize("service, to", [("frontend", "Cart"), ("redis-cart", "Platform"),
                                         ("emailservice", "Storefront")])
def test_move_and_move_back_restores_every_metric(boutique, service, to):
    home = next(t.name for t in boutique.teams if service in t.service_names)
    there = move_service(boutique, service, to)
    back = move_service(there, service, home)
    before, after = ownership_report(boutique), ownership_report(back)
    assert after.cross_team_count == before.cross_team_count
    assert after.modularity == pytest.approx(before.modularity)
    assert [(t.name, sorted(t.services), t.cohesion) for t in after.teams] == [
        (t.name, sorted(t.services), t.cohesion) for t in before.teams]


def test_moving_the_last_member_drops_the_team_and_its_interactions():
    s = Scenario.model_validate({
        "people": [{"name": "p"}, {"name": "q"}],
        "teams": [{"name": "A", "members": ["p"], "interactions": [{"team": "B"}]},
                  {"name": "B", "members": ["q"], "interactions": [{"team": "A"}]}]})
    after = move_person(s, "p", "B")
    assert [t.name for t in after.teams] == ["B"] and after.teams[0].interactions == []


def test_default_local_search_reports_a_bound_and_gap():
    """Above exact_limit, "auto" still reports a proven bound: the integer program runs after the search."""
    s = _random(3, n=10, t=3, cap=(6, 9))
    exact = suggest_ownership(s, lam=0.7, method="exact", time_limit=30)
    auto = suggest_ownership(s, lam=0.7, exact_limit=5, time_limit=30)
    assert exact.optimal
    assert auto.lower_bound is not None and auto.gap is not None
    assert auto.lower_bound <= exact.objective + 1e-9 <= auto.objective + 2e-9
    assert auto.optimal and auto.objective == pytest.approx(exact.objective)
    local = suggest_ownership(s, lam=0.7, method="local")  # the greedy matching bound alone
    assert 0 < local.lower_bound <= exact.objective + 1e-9 and local.gap == pytest.approx(
        (local.objective - local.lower_bound) / local.objective)


def _search_inputs(s, lam):
    from teamsim.ownership import ownership_matrices
    from teamsim.reorg._common import _undirected
    from teamsim.reorg.capacity import _effective_ownership

    m = ownership_matrices(s)
    O0, owned = _effective_ownership(s, m)
    return _undirected(m), O0, owned, m.load, team_capacities(s, m=m)


@pytest.mark.parametrize("seed", range(5))
def test_local_search_ends_where_no_single_move_gains(seed):
    # brute force: recompute the objective for every feasible single move from scratch
    from teamsim.reorg._common import _objective
    from teamsim.reorg.localsearch import _initial, _Search

    lam = [0.0, 0.4, 1.0][seed % 3]
    s = _random(seed, n=14, t=4, cap=(5, 9))
    A, O0, owned, load, cap = _search_inputs(s, lam)
    st = _Search(A, O0, owned, load, cap, np.zeros(len(load), bool),
                 _initial(A, O0, owned, load, cap, {}, lam), lam, np.random.default_rng(seed))
    st.settle()
    ncur, used = st.ncur.copy(), st.used.copy()
    st.refresh()  # the incremental bookkeeping equals a recount
    assert np.allclose(ncur, st.ncur) and np.allclose(used, st.used)
    base = _objective(st.assign, A, O0, owned, lam)[0]
    for sv, t in itertools.product(range(len(load)), range(len(cap))):
        if t == st.assign[sv] or used[t] + load[sv] > cap[t] + 1e-9:
            continue
        moved = st.assign.copy()
        moved[sv] = t
        assert _objective(moved, A, O0, owned, lam)[0] >= base - 1e-9, (sv, t)


def test_local_search_holds_nothing_of_size_services_x_teams():
    # 3,000 services over 3,000 teams: one dense float array of that shape is 72 MB
    import tracemalloc

    from teamsim.reorg.localsearch import _initial, _local_search

    rng = np.random.default_rng(0)
    S = T = 3000
    deps = [sorted(set(rng.integers(S, size=3).tolist()) - {i}) for i in range(S)]
    services = [{"name": f"s{i}", "depends_on": [f"s{j}" for j in deps[i]]} for i in range(S)]
    s = Scenario.model_validate({"services": services, "teams": [
        {"name": f"t{k}", "services": [f"s{k}"], "capacity": 3.0} for k in range(T)]})
    A, O0, owned, load, cap = _search_inputs(s, 0.5)
    tracemalloc.start()
    init = _initial(A, O0, owned, load, cap, {}, 0.5)
    best = _local_search(A, O0, owned, load, cap, np.zeros(S, bool), init, 0.5,
                         np.random.default_rng(0), 2)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 10 * 2**20, f"{peak / 2**20:.1f} MiB"
    assert np.bincount(best, minlength=T).max() <= 3


def test_metrics_are_the_titled_fields_of_the_report_models(boutique):
    from teamsim.figures import METRIC_LABELS
    from teamsim.ownership import OwnershipReport, TeamOwnership

    # a new titled field becomes a compared metric with its label, with no list to edit
    w = what_if(boutique, service="productcatalogservice", to_team="Storefront")
    org = [c.metric for c in w.changes if c.scope == "organisation"]
    assert org == list(OwnershipReport.metric_titles()) == [
        "services", "teams_count", "people", "dependencies", "cross_team_count",
        "cross_team_dependencies", "cross_team_edges", "cross_team_ratio", "modularity",
        "orphaned", "shared", "congruence"]
    assert [c.metric for c in w.changes if c.scope == "Cart"] == list(TeamOwnership.metric_titles())
    assert "outgoing" not in TeamOwnership.metric_titles()  # untitled: not a compared metric
    assert METRIC_LABELS["cross_team_count"] == "cross-team dependencies (service pairs)"
    # the three measures of cross-team dependencies have three different titles
    assert len({METRIC_LABELS[m] for m in ("cross_team_count", "cross_team_dependencies",
                                             "cross_team_edges")}) == 3
    assert METRIC_LABELS["cross_team_dependencies"] == "cross-team dependencies (sum of weights)"
    assert METRIC_LABELS["efferent_coupling"] == "efferent coupling (depends on)"
    assert {c.metric for c in w.changes} <= set(METRIC_LABELS)
    ch = {(c.scope, c.metric): (c.before, c.after) for c in w.changes}
    assert ch[("organisation", "orphaned")] == (len(w.before.orphaned), len(w.after.orphaned))
    assert ch[("Storefront", "two_pizza")] == (1.0, 1.0)


def test_reorganise_runs_the_one_mode_asked_for(boutique):
    moved = reorganise(boutique, move_service="cartservice", to_team="Platform")
    assert isinstance(moved, WhatIf)
    assert moved == what_if(boutique, service="cartservice", to_team="Platform")
    split = reorganise(boutique, split="Checkout", parts=2)
    assert isinstance(split, TeamSplit) and split == split_team(boutique, "Checkout", parts=2)
    assert reorganise(boutique, lam=0.5) == suggest_ownership(boutique, lam=0.5)
    bare = read_dependencies(SCENARIOS / "service-graphs" / "dsb-hotel.csv").scenario
    planned = reorganise(bare, teams=2, slack=0.0, lam=0)
    assert planned == suggest_ownership(plan_teams(bare, 2, slack=0.0), lam=0, slack=0.0)
    assert planned.cross_team == 3


@pytest.mark.parametrize("kw, message", [
    ({"move_service": "cartservice"}, "a move needs --to TEAM"),
    ({"move_service": "cartservice", "to_team": "Platform", "split": "Checkout"}, "cannot be combined"),
    ({"move_service": "cartservice", "move_person": "x", "to_team": "Platform"},
     "--move-service and --move-person cannot be combined"),
])
def test_reorganise_refuses_mixed_or_incomplete_modes(boutique, kw, message):
    with pytest.raises(InputError, match=message):
        reorganise(boutique, **kw)


def test_reorganisation_json_leaves_out_the_scenarios(boutique):
    r = reorganise(boutique, move_service="cartservice", to_team="Platform")
    data = Reorganisation(result=r, warnings=[]).model_dump(mode="json")
    assert set(data) == {"result", "warnings"} and data["warnings"] == []
    assert set(data["result"]) == {"description", "changes"}
    assert data["result"] == r.model_dump(mode="json", exclude={"scenario", "before", "after"})
    split = Reorganisation(result=reorganise(boutique, split="Checkout", parts=2)).model_dump()
    assert "scenario" not in split["result"] and split["result"]["parts"] == 2
