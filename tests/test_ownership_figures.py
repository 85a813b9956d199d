"""Ownership figures on the real inputs."""

from teamsim import load_scenario
from teamsim.figures import before_after_figure, ownership_sunburst, team_dependency_figure
from teamsim.importers.backstage import read_backstage
from teamsim.ownership import ownership_report
from teamsim.reorg import what_if

from .conftest import DATA, SCENARIOS


def test_sunburst_on_catalog_shows_orphans():
    s = read_backstage(DATA / "backstage-demo").scenario
    d = ownership_sunburst(s).data[0]
    values = dict(zip(d.ids, d.values))
    assert values["orphan"] == 3 and values["team/team-a"] == 6
    assert {i for i in d.ids if i.startswith("orphan/")} == {
        "orphan/playback-order", "orphan/searcher", "orphan/shuffle-api"}
    # parents' values are the sums of their children (branchvalues="total")
    assert values["team/team-b"] == values["team/team-b/podcast-api"] + values["team/team-b/queue-proxy"]


def test_team_dependency_figure_and_before_after():
    s = load_scenario(SCENARIOS / "online-boutique.yaml")
    f = team_dependency_figure(ownership_report(s))
    assert len(f.layout.annotations) == 4  # one arrow per off-diagonal entry of O^T D O
    assert list(f.data[1].text) == ["Storefront", "Checkout", "Cart", "Platform"]
    w = what_if(s, service="productcatalogservice", to_team="Storefront")
    g = before_after_figure(w.changes)
    bars = dict(zip(g.data[0].customdata, zip(g.data[0].x, g.data[0].text, g.data[0].y)))  # metric: ...
    x, text, label = bars["cross-team dependencies (count)"]
    assert text == "9 → 7" and abs(x - 100 * (7 - 9) / 9) < 1e-9
    assert label == "cross-team dependencies (count): 9 → 7"  # on the axis, never over it
    assert "services" not in bars  # unchanged metrics are named in the subtitle, not drawn
