"""Figures of collaboration networks, Q over time and the assembly sweep."""

from teamsim.affiliation import git_affiliation, time_windows
from teamsim.assembly import assembly_sweep
from teamsim.figures import assembly_sweep_figure, people_network_figure, small_world_figure
from teamsim.importers.git import read_git_log
from teamsim.smallworld import small_world_by_window

from .conftest import SCENARIOS


def boutique():
    return git_affiliation(read_git_log(SCENARIOS / "online-boutique" / "microservices-demo.gitlog"))


def test_people_network_click_data_and_groups():
    label, net = time_windows(boutique())[1]
    fig = people_network_figure(net)
    people = [p for t in fig.data[1:] for p in t.customdata]
    assert label == "2019" and sorted(people) == sorted(net.people)
    assert "src/frontend" in {t.name for t in fig.data[1:]}
    assert fig.layout.title.text.startswith(f"People network: {net.n_people} people")
    # ties trace: 3 points (2 ends + gap) per drawn tie
    assert len(fig.data[0].x) == 3 * int(fig.layout.title.text.split(", ")[1].split()[0])
    # lean: 4-byte coordinates, one trace for every tie; the picture is the float64 layout's
    assert fig.data[0].x.dtype == fig.data[1].x.dtype == "float32" and len(fig.data) == 1 + len(
        {t.name for t in fig.data[1:]})
    assert '"dtype":"f4"' in fig.to_json().replace(" ", "")


def test_small_world_and_sweep_figures():
    s = small_world_by_window(boutique(), null_samples=2)
    fig = small_world_figure(s)
    assert list(fig.data[0].x) == [w.window for w in s.windows]
    assert list(fig.data[0].y) == [w.q for w in s.windows] and fig.data[0].y[1] is not None
    assert list(fig.data[1].y) == [w.analytic.q for w in s.windows] and fig.data[1].y[1] != fig.data[0].y[1]
    sweep = assembly_sweep(ps=(0.0, 0.5, 1.0), qs=(0.0, 0.5), steps=100, runs=1, executor="serial")
    f2 = assembly_sweep_figure(sweep)
    assert [t.name for t in f2.data] == ["q = 0", "q = 0.5"] and list(f2.data[1].x) == [0.0, 0.5, 1.0]


def test_people_network_degenerate():
    from teamsim.affiliation import affiliation_from_members

    assert len(people_network_figure(affiliation_from_members({})).data) == 1  # ties trace only
    fig = people_network_figure(affiliation_from_members({"solo": ["x"]}))
    assert list(fig.data[1].customdata) == ["x"] and len(fig.data[0].x) == 0


def test_spring_layout_pulls_collaborators_together():
    import numpy as np

    from teamsim.affiliation import affiliation_from_members, one_mode_projection
    from teamsim.figures.networks import _spring_layout

    # two cliques joined by one person: ties are much shorter than an average pair
    net = affiliation_from_members({"a": [f"a{i}" for i in range(8)] + ["x"],
                                    "b": [f"b{i}" for i in range(8)] + ["x"]})
    a = one_mode_projection(net)
    xy = _spring_layout(a, seed=1)
    assert xy.shape == (17, 2) and np.abs(xy).max() == 1.0
    r, c = a.nonzero()
    tie = np.linalg.norm(xy[r] - xy[c], axis=1).mean()
    i, j = np.triu_indices(17, 1)
    assert tie < 0.8 * np.linalg.norm(xy[i] - xy[j], axis=1).mean()
    assert np.array_equal(xy, _spring_layout(a, seed=1))


def test_people_network_compact_legend_and_labels():
    from teamsim.figures import OTHER_GROUP

    net = boutique()
    fig = people_network_figure(net, max_groups=5, labels=7)
    names = [t.name for t in fig.data[1:]]
    assert len(names) == 5 and names[-1] == OTHER_GROUP  # 4 largest groups + "other"
    people = [p for t in fig.data[1:] for p in t.customdata]
    assert sorted(people) == sorted(net.people)  # nobody is lost in "other"
    assert sum(1 for t in fig.data[1:] for x in t.text if x) == 7  # the 7 most connected named
    assert fig.layout.legend.orientation == "h" and fig.layout.modebar.orientation == "v"
