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


def test_one_set_of_defaults_everywhere():
    import inspect

    from teamsim.assembly import DEFAULTS, assembly_row
    from teamsim.sweep import sweep_models, sweep_parameters

    assert DEFAULTS["tau"] == 30
    for fn in (assemble_teams, assembly_row, assembly_sweep):
        sig = inspect.signature(fn).parameters
        shared = [k for k in DEFAULTS if k in sig]
        assert {k: sig[k].default for k in shared} == {k: DEFAULTS[k] for k in shared}
    params = sweep_parameters(sweep_models()["assembly"].fn)
    assert {k: getattr(v, "default", v) for k, v in params.items()} == DEFAULTS


def test_active_network_size_invariants():
    for p, q in ((0.2, 0.0), (0.5, 0.5), (0.9, 1.0)):
        r = assemble_teams(m=4, p=p, q=q, tau=7, steps=300, seed=5)
        assert all(a <= 4 * 8 for a in r.active)  # people of the last tau + 1 teams at most
        assert all(0 < g <= a for g, a in zip(r.giant_size, r.active, strict=True))
        assert r.giant_share == pytest.approx([g / a for g, a in zip(r.giant_size, r.active, strict=True)])


def test_stationary_by_hand():
    from teamsim.assembly import stationary

    # p = 0: tau + 1 = 6 disjoint triangles are active, S = 1/6 exactly, every measurement
    s = stationary(assemble_teams(m=3, p=0.0, tau=5, steps=100, seed=0), tail=0.5)
    assert (s.active, s.giant_size, s.measurements) == (18.0, 3.0, 50)
    assert s.giant_share == pytest.approx(1 / 6) and s.giant_share_sd < 1e-12
    # p = 1: the first team forever
    s = stationary(assemble_teams(m=4, p=1.0, tau=5, steps=100, seed=0))
    assert (s.active, s.giant_size, s.giant_share, s.incumbent_share) == (4.0, 4.0, 1.0, 0.99)


def test_crossover_is_smooth_at_default_size():
    # about 124 active people: at p = 0.3 the network is neither dust (1/31) nor one component
    s = assembly_sweep(ps=(0.1, 0.3, 0.5), m=4, tau=30, steps=600, runs=2, executor="serial")
    share = [pt.giant_share for pt in s.points]
    assert share[0] < 0.2 < share[1] < 0.8 < share[2] and share == sorted(share)


def test_assembly_cli(capsys):
    import json

    from teamsim.cli import main

    assert main(["assembly", "--p", "0", "--m", "3", "--tau", "5", "--steps", "100", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["stationary"]["active"] == 18 and r["stationary"]["giant_share"] == pytest.approx(1 / 6)
    assert r["parameters"]["tau"] == 5 and len(r["series"]["times"]) == 100
    assert main(["assembly", "--steps", "200"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "tau = 30" in out and "at most m (tau + 1) = 124" in out and "S =" in out
    assert main(["assembly", "--steps", "1", "--tail", "1"]) == 0    # cites its source; singular counts
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith("team assembly (Guimerà, Uzzi, Spiro & Amaral, Science 308, 697, 2005), m = 4,")
    assert "tau = 30, 1 step, seed 0" in out and "(last 100% of the run, 1 measurement): S = 1.000" in out
    assert main(["assembly", "--q", "1.5"]) == 2
    assert "q = 1.5 is out of range" in capsys.readouterr().err
