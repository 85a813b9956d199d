"""The team assembly model (Guimerà, Uzzi, Spiro & Amaral 2005)."""

import pytest

from teamsim.affiliation import time_windows
from teamsim.assembly import assemble_teams, assembly_network, assembly_sweep
from teamsim.errors import InputError


def test_reproducible_and_seeded():
    a = assemble_teams(p=0.5, q=0.5, steps=200, seed=11)
    assert a == assemble_teams(p=0.5, q=0.5, steps=200, seed=11)
    assert a != assemble_teams(p=0.5, q=0.5, steps=200, seed=12)


def test_all_newcomers_is_dust():
    r = assemble_teams(m=3, p=0.0, tau=5, steps=60, seed=1)
    assert r.teams[:2] == [[0, 1, 2], [3, 4, 5]] and r.incumbent_share == 0
    # the network holds the teams of the last tau + 1 steps, each its own triangle
    assert r.active[-1] == 3 * 6 and r.edges[-1] == 3 * 6
    assert r.giant_share[-1] == pytest.approx(1 / 6)


def test_all_incumbents_after_the_first_team():
    r = assemble_teams(m=4, p=1.0, q=0.0, tau=5, steps=100, seed=2)
    assert all(a < 4 for team in r.teams for a in team)  # nobody new ever joins
    assert r.giant_share[-1] == 1.0 and r.active[-1] == 4


def test_shares_follow_p_and_q():
    r = assemble_teams(m=5, p=0.7, q=1.0, tau=20, steps=2000, seed=3)
    assert r.incumbent_share == pytest.approx(0.7, abs=0.02)
    assert r.repeat_share > 0.5
    assert assemble_teams(m=5, p=0.7, q=0.0, tau=20, steps=500, seed=3).repeat_share == 0


def test_no_one_twice_on_a_team():
    r = assemble_teams(m=6, p=0.9, q=0.9, tau=3, steps=300, seed=4)
    assert all(len(set(t)) == len(t) == 6 for t in r.teams)


def test_phase_transition_in_p():
    s = assembly_sweep(ps=(0.0, 0.1, 0.5, 0.9), m=4, tau=30, steps=600, runs=1, seed=5, executor="serial")
    g = [x.giant_share for x in s.points]
    assert g[0] < 0.1 and g[1] < 0.3 and g[2] > 0.8 and g[3] > 0.95
    assert g == sorted(g)


def test_network_and_windows():
    r = assemble_teams(m=3, p=0.0, steps=10, seed=1)
    net = assembly_network(r)
    assert net.n_projects == 10 and net.n_people == 30
    assert len(time_windows(net, width=4)) == 7


@pytest.mark.parametrize("kw", [{"m": 0}, {"p": 1.5}, {"q": -0.1}, {"tau": 0}, {"steps": 0}])
def test_bad_parameters(kw):
    with pytest.raises(InputError, match="out of range"):
        assemble_teams(**kw)
