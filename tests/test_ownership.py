"""Ownership metrics: hand-computed values, networkx cross-checks, invariants, git ownership."""

from types import SimpleNamespace

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamsim import load_scenario
from teamsim.errors import InputError, ScenarioError
from teamsim.ownership import (
    OwnershipReport,
    congruence,
    infer_ownership,
    modularity,
    orphaned_services,
    ownership_matrices,
    ownership_report,
    team_dependency_matrix,
)
from teamsim.ownership.change_shares import _module_of
from teamsim.scenario import Scenario

from .conftest import SCENARIOS


@pytest.fixture
def boutique():
    return load_scenario(SCENARIOS / "online-boutique.yaml")


def test_scenario_extensions_are_backward_compatible():
    s = Scenario.model_validate({
        "people": [{"name": "p"}],
        "teams": [{"name": "A", "members": ["p"], "services": ["x", {"name": "y", "weight": 3}],
                   "capacity": 4, "interactions": [{"team": "B", "mode": "x-as-a-service"}]},
                  {"name": "B", "services": [{"name": "y"}]}],
        "services": [{"name": "x", "depends_on": ["y", {"service": "z", "weight": 2.5}]},
                     {"name": "y"}, {"name": "z"}]})
    assert s.teams[0].service_names == ["x", "y"]
    assert s.teams[0].service_weights == {"x": 1.0, "y": 3.0}
    assert s.services[0].dependency_names == ["y", "z"]
    assert s.services[0].dependency_weights == [1.0, 2.5]
    assert ownership_matrices(s).O.toarray()[1].tolist() == [0.75, 0.25]


@pytest.mark.parametrize("bad, piece", [
    ({"teams": [{"name": "A", "services": [{"name": "nope"}]}]}, "unknown service 'nope'"),
    ({"services": [{"name": "x", "depends_on": [{"service": "x"}]}]}, "depends on itself"),
    ({"services": [{"name": "x"}], "teams": [{"name": "A", "services": ["x"],
                                              "interactions": [{"team": "Z"}]}]}, "unknown team 'Z'"),
    ({"services": [{"name": "x"}], "teams": [{"name": "A", "services": ["x", {"name": "x"}]}]},
     "twice"),
    ({"teams": [{"name": "A"}]}, "is empty"),
])
def test_bad_ownership_fields(bad, piece):
    with pytest.raises(ScenarioError, match=piece):
        Scenario.model_validate(bad)


def test_planned_team_with_capacity_may_be_empty():
    assert Scenario.model_validate({"teams": [{"name": "A", "capacity": 3}]}).teams[0].capacity == 3


def test_online_boutique_by_hand(boutique):
    # 17 edges; 8 stay inside a team (Storefront 3, Checkout 4, Cart 1), 9 cross.
    r = ownership_report(boutique)
    assert (r.services, r.teams_count, r.people, r.dependencies) == (13, 4, 14, 17)
    assert r.cross_team_count == 9 and r.cross_team_ratio == pytest.approx(9 / 17)
    t = {x.name: x for x in r.teams}
    assert t["Storefront"].internal_dependencies == 3
    assert (t["Storefront"].outgoing, t["Storefront"].incoming) == (6, 1)
    assert t["Storefront"].cohesion == pytest.approx(0.3)
    assert t["Checkout"].cohesion == pytest.approx(4 / 9)
    assert t["Cart"].cohesion == pytest.approx(1 / 6)
    assert t["Platform"].cohesion == 0
    assert t["Cart"].depends_on == [] and t["Cart"].depended_on_by == ["Storefront", "Checkout"]
    assert (t["Storefront"].efferent_coupling, t["Storefront"].afferent_coupling) == (2, 1)
    # load: frontend 3 + 3 x 1 = 6 for 4 people; paths n(n-1)/2
    assert t["Storefront"].load_per_person == 1.5 and t["Checkout"].communication_paths == 10
    assert all(x.two_pizza for x in r.teams)
    assert {(d.source, d.target): d.weight for d in r.team_dependencies} == {
        ("Storefront", "Checkout"): 3, ("Storefront", "Cart"): 3, ("Checkout", "Cart"): 2,
        ("Platform", "Storefront"): 1}
    # declared interactions cover 3 of the 4 required pairs
    c = r.congruence
    assert (c.required, c.covered, c.congruence) == (4, 3, 0.75)
    assert c.missing == [("Platform", "Storefront")]
    assert c.weighted_congruence == pytest.approx(8 / 9)
    assert r.orphaned == [] and r.shared == []


def test_modularity_matches_networkx(boutique):
    m = ownership_matrices(boutique)
    G = nx.Graph()
    G.add_nodes_from(m.services)
    for u, v, w in zip(m.src, m.dst, m.weight):
        a, b = m.services[u], m.services[v]
        G.add_edge(a, b, weight=G.get_edge_data(a, b, {"weight": 0})["weight"] + w)
    comms = [set(t.service_names) for t in boutique.teams]
    assert modularity(boutique) == pytest.approx(nx.community.modularity(G, comms, weight="weight"))


def test_team_dependency_matrix_is_ot_d_o(boutique):
    m = ownership_matrices(boutique)
    M = team_dependency_matrix(boutique)
    own, dep = m.O.toarray(), m.D.toarray()
    assert np.allclose(M, own.T @ dep @ own)
    assert M.sum() == 17 and np.trace(M) == 8


def test_orphan_reasons_and_shared():
    s = Scenario.model_validate({
        "people": [{"name": "p"}],
        "teams": [{"name": "A", "members": ["p"], "services": [{"name": "s", "weight": 1},
                                                               {"name": "u", "weight": 2}]},
                  {"name": "Empty", "services": ["e", {"name": "u", "weight": 2}]}],
        "services": [{"name": "s", "depends_on": ["u", "lost"]}, {"name": "u"}, {"name": "e"},
                     {"name": "lost"}, {"name": "g", "unresolved_owner": "group:ghosts"}]})
    assert [(o.service, o.reason) for o in orphaned_services(s)] == [
        ("e", "owner team 'Empty' has no members"), ("lost", "no owner"),
        ("g", "owner 'group:ghosts' does not resolve to a team")]
    r = ownership_report(s)
    assert [(x.service, x.owners) for x in r.shared] == [("u", {"A": 0.5, "Empty": 0.5})]
    # s -> u crosses with probability 1 - 0.5; s -> lost touches an unowned service
    assert r.cross_team_count == 0.5 and r.unowned_endpoint_dependencies == 1
    assert r.cross_team_ratio == 0.5
    assert "team Empty owns 2 services but has no members" in r.warnings


def test_memberless_teams_are_not_orphans_without_membership_data():
    s = Scenario.model_validate({"services": [{"name": "x"}], "teams": [{"name": "A", "services": ["x"]}]})
    assert orphaned_services(s) == [] and ownership_report(s).warnings == []


def test_two_pizza_warning_and_limit():
    people = [{"name": f"p{i}"} for i in range(10)]
    s = Scenario.model_validate({"people": people, "teams": [
        {"name": "Big", "members": [p["name"] for p in people]}]})
    r = ownership_report(s)
    assert not r.teams[0].two_pizza and r.teams[0].communication_paths == 45
    assert ownership_report(s, two_pizza_limit=10).teams[0].two_pizza
    with pytest.raises(InputError):
        ownership_report(s, two_pizza_limit=0)


def test_report_built_without_validation_equals_validated(boutique):
    r = ownership_report(boutique)
    assert r.teams and r.team_dependencies and r.congruence is not None
    assert OwnershipReport.model_validate(r.model_dump()) == r
    assert hash(r.team_dependencies[0]) == hash(type(r.team_dependencies[0]).model_validate(
        r.team_dependencies[0].model_dump()))
    with pytest.raises(Exception, match="frozen"):
        r.teams[0].size = 3


def test_congruence_with_observed_interactions(boutique):
    c = congruence(boutique, [("Platform", "Storefront"), ("Storefront", "Checkout"),
                              ("Checkout", "Platform")])
    assert (c.required, c.covered) == (4, 2)
    assert c.unneeded == [("Checkout", "Platform")]
    with pytest.raises(InputError, match="unknown team"):
        congruence(boutique, [("Nobody", "Cart")])


def test_no_dependencies_gives_none_not_zero():
    s = Scenario.model_validate({"services": [{"name": "x"}], "teams": [{"name": "A", "services": ["x"]}]})
    r = ownership_report(s)
    assert r.modularity is None and r.cross_team_ratio is None and r.teams[0].cohesion is None


@st.composite
def orgs(draw):
    n = draw(st.integers(1, 12))
    t = draw(st.integers(1, 4))
    services = []
    for i in range(n):
        deps = draw(st.lists(st.integers(0, n - 1).filter(lambda j, i=i: j != i), unique=True,
                             max_size=4))
        services.append({"name": f"s{i}", "depends_on": [
            {"service": f"s{j}", "weight": draw(st.sampled_from([0.5, 1.0, 2.0]))} for j in deps]})
    teams = []
    for k in range(t):
        owned = draw(st.lists(st.integers(0, n - 1), unique=True, max_size=n))
        teams.append({"name": f"t{k}", "services": [
            {"name": f"s{j}", "weight": draw(st.sampled_from([1.0, 2.0]))} for j in owned],
            "capacity": 1})
    return Scenario.model_validate({"services": services, "teams": teams})


@settings(max_examples=60, deadline=None)
@given(orgs())
def test_invariants(s):
    r = ownership_report(s)
    m = ownership_matrices(s)
    M = team_dependency_matrix(m)
    # results are built without validation: they must equal validated ones, field for field
    assert OwnershipReport.model_validate(r.model_dump()) == r
    assert OwnershipReport.model_validate_json(r.model_dump_json()).model_dump() == r.model_dump()
    dense = m.O.toarray()
    want = np.where(dense.sum(axis=1) > 0, dense.argmax(axis=1), -1)  # first team on ties
    assert m.primary_owner().tolist() == want.tolist()
    assert congruence(s, [], matrix=M) == congruence(s, [])
    owned_w = sum(w for u, v, w in zip(m.src, m.dst, m.weight) if m.owned[u] and m.owned[v])
    # every owned-to-owned dependency is either inside a team or across teams
    assert M.sum() == pytest.approx(owned_w)
    assert np.trace(M) + r.cross_team_dependencies == pytest.approx(owned_w)
    assert r.cross_team_ratio is None or 0 <= r.cross_team_ratio <= 1 + 1e-12
    assert sum(t.services_owned for t in r.teams) == pytest.approx(int(m.owned.sum()))
    for t in r.teams:
        assert t.cohesion is None or 0 <= t.cohesion <= 1 + 1e-12
    if r.modularity is not None:
        assert -0.5 - 1e-12 <= r.modularity < 1
        # hard partitions: equal to networkx
        G = nx.Graph()
        G.add_nodes_from(m.services)
        for u, v, w in zip(m.src, m.dst, m.weight):
            a, b = m.services[u], m.services[v]
            G.add_edge(a, b, weight=G.get_edge_data(a, b, {"weight": 0})["weight"] + w)
        prim = m.primary_owner()
        comms: dict = {}
        for i, p in enumerate(prim):
            comms.setdefault(p if p >= 0 else f"lone{i}", set()).add(m.services[i])
        assert r.modularity == pytest.approx(
            nx.community.modularity(G, list(comms.values()), weight="weight"))


# ------------------------------------------------------------------ git history (Bird et al.)
def _commit(author, *changes):
    return SimpleNamespace(hash="h", date=None, author=author,
                           changes=[SimpleNamespace(path=p, added=a, deleted=d) for p, a, d in changes])


LOG = [
    _commit("ann", ("src/cart/a.go", 10, 2), ("src/web/x.js", 1, 0)),
    _commit("ann", ("src/cart/b.go", 5, 5)),
    _commit("bo", ("src/cart/a.go", 1, 1)),
    _commit("cy", ("src/cart/logo.png", None, None)),
    _commit("bo", ("src/web/x.js", 30, 0), ("README.md", 1, 1)),
    _commit("dee", ("src/web/y.js", 2, 0)),
]
TEAMS = {"ann": "Carts", "bo": "Web", "cy": ["Carts", "Web"]}
MODULES = {"src/cart": "cartservice", "src/web": "frontend"}


def test_infer_ownership_by_commits():
    r = {m.module: m for m in infer_ownership(LOG, MODULES, TEAMS)}
    assert set(r) == {"cartservice", "frontend"}  # README maps to no module
    cart = r["cartservice"]
    # commits: ann 2, bo 1, cy 1 (split between Carts and Web) -> Carts 2.5/4
    assert cart.owner == "Carts" and cart.share == pytest.approx(0.625)
    assert cart.team_shares == pytest.approx({"Carts": 0.625, "Web": 0.375})
    assert (cart.changes, cart.contributors, cart.major_contributors) == (4, 3, 3)
    assert (cart.top_author, cart.top_author_share) == ("ann", 0.5)
    web = r["frontend"]
    # ann 1, bo 1, dee 1 (no team)
    assert web.team_shares == pytest.approx({"(no team)": 1 / 3, "Carts": 1 / 3, "Web": 1 / 3})
    assert web.owner == "Carts"  # tie broken by name


def test_infer_ownership_by_lines_and_minor_contributors():
    r = {m.module: m for m in infer_ownership(LOG, MODULES, TEAMS, measure="lines")}
    cart = r["cartservice"]
    # lines: ann 12 + 10, bo 2, cy binary = 1 -> total 25
    assert cart.changes == 25 and cart.share == pytest.approx((22 + 0.5) / 25)
    # bo (2/25 = 8 %) is major, cy (4 %) is minor
    assert (cart.major_contributors, cart.minor_contributors) == (2, 1)
    web = r["frontend"]
    assert web.owner == "Web" and web.share == pytest.approx(30 / 33)


def _brute_module(modules, path):
    """Every prefix checked, longest first (the definition of the lookup)."""
    path = path.lstrip("/")
    for p, mod in sorted(((p.strip("/"), m) for p, m in modules.items()), key=lambda x: -len(x[0])):
        if p == "" or path == p or path.startswith(p + "/"):
            return mod
    return None


_SEG = st.sampled_from(["a", "b", "ab", "", "a.b"])
_PATH = st.lists(_SEG, max_size=4).map("/".join).flatmap(
    lambda p: st.sampled_from([p, "/" + p, p + "/", "/" + p + "/"]))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_PATH, st.sampled_from(["m1", "m2", "m3", "m4"]), max_size=8),
       st.lists(_PATH, max_size=12))
def test_module_lookup_equals_brute_force(modules, paths):
    find = _module_of(modules)
    assert [find(p) for p in paths] == [_brute_module(modules, p) for p in paths]


def test_module_lookup_longest_prefix_and_root():
    find = _module_of({"": "root", "src": "s", "/src/cart/": "c", "src/cart/x": "x"})
    assert [find(p) for p in ("src/cart/x/y.go", "src/cart/xy.go", "src/cartx", "/src/cart", "doc")] == \
        ["x", "c", "s", "c", "root"]


def test_infer_ownership_with_scenario_and_callable():
    s = Scenario.model_validate({"people": [{"name": "ann"}, {"name": "bo"}],
                                 "teams": [{"name": "T", "members": ["ann", "bo"]}]})
    r = infer_ownership(LOG, lambda p: p.split("/")[1] if p.startswith("src/") else None, s)
    assert [(m.module, m.owner) for m in r] == [("cart", "T"), ("web", "T")]
    with pytest.raises(InputError):
        infer_ownership(LOG, MODULES, TEAMS, measure="words")


def test_change_shares_and_the_rule_name_each_other():
    """change_shares (the measure) and history_owners (the rule) are two modules that say which is which."""
    import teamsim.history_owners
    import teamsim.ownership.change_shares as shares

    assert "teamsim.history_owners" in shares.__doc__ and "change_shares" in teamsim.history_owners.__doc__
