"""Hostile ``--null-samples`` values for ``teamsim network``: refused with exit 2, no traceback."""

from tests.hostile.harness import ROOT, assert_refused, run

BOUTIQUE = ROOT / "scenarios" / "online-boutique" / "microservices-demo.gitlog"


def test_null_samples_over_the_limit_is_refused_before_any_work():
    r = run("network", BOUTIQUE, "--null-samples", "1000000000")
    assert_refused(r, "--null-samples", "TEAMSIM_MAX_NULL_SAMPLES")


def test_null_samples_limit_can_be_lowered():
    r = run("network", BOUTIQUE, "--null-samples", "3", env={"TEAMSIM_MAX_NULL_SAMPLES": "2"})
    assert_refused(r, "over the limit of 2 samples", "TEAMSIM_MAX_NULL_SAMPLES")


def test_non_positive_null_samples_are_refused():
    for bad in ("0", "-1", "x"):
        assert_refused(run("network", BOUTIQUE, "--null-samples", bad), "--null-samples")
