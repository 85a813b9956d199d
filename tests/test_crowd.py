"""The Diversity Prediction Theorem: hand examples, the identity under hypothesis, what-ifs, CSV, CLI."""

import itertools
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from teamsim.cli import main
from teamsim.crowd import Predictions, best_crowd, crowd_report, decompose, leave_one_out
from teamsim.errors import InputError
from teamsim.importers.predictions import parse_predictions, read_predictions

from .conftest import ROOT

EXAMPLE = ROOT / "docs" / "data" / "crowd-example.csv"


def test_hand_example_three_forecasters():
    # truth 5; predictions 2, 8, 11: crowd mean 7
    # collective (7-5)^2 = 4; average ((2-5)^2 + (8-5)^2 + (11-5)^2)/3 = (9+9+36)/3 = 18
    # diversity ((2-7)^2 + (8-7)^2 + (11-7)^2)/3 = (25+1+16)/3 = 14; and 4 = 18 - 14
    c, a, d = decompose(np.array([[2.0], [8.0], [11.0]]), np.array([5.0]))
    assert (c[0], a[0], d[0]) == (4.0, 18.0, 14.0)


def test_rosetta_code_example_and_adding_a_forecaster():
    # Rosetta Code's "Diversity prediction theorem" task: truth 49, predictions 48, 47, 51
    # mean 146/3; collective (1/3)^2 = 1/9; average (1+4+4)/3 = 3; diversity 3 - 1/9 = 26/9
    c, a, d = decompose(np.array([[48.0], [47.0], [51.0]]), np.array([49.0]))
    assert np.allclose([c[0], a[0], d[0]], [1 / 9, 3, 26 / 9])
    # adding 42: mean 47, collective 4, average (1+4+4+49)/4 = 14.5, diversity (1+0+16+25)/4 = 10.5
    c, a, d = decompose(np.array([[48.0], [47.0], [51.0], [42.0]]), np.array([49.0]))
    assert (c[0], a[0], d[0]) == (4.0, 14.5, 10.5)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 8), st.integers(1, 6), st.data())
def test_identity_holds_per_question_and_overall(f, q, data):
    values = data.draw(arrays(float, (f, q), elements=st.floats(-1e6, 1e6)))
    truth = data.draw(arrays(float, (q,), elements=st.floats(-1e6, 1e6)))
    missing = data.draw(arrays(bool, (f, q)))
    missing[0] = False                     # every question keeps at least one forecaster
    missing[:, 0] = False                  # and every forecaster answers one question
    values[missing] = np.nan
    c, a, d = decompose(values, truth)
    scale = 1 + a
    assert np.allclose(c / scale, (a - d) / scale, atol=1e-9)
    assert (c <= a * (1 + 1e-12) + 1e-9).all()          # the crowd never errs more than its average member
    r = crowd_report(Predictions(tuple(f"f{i}" for i in range(f)), tuple(f"q{j}" for j in range(q)),
                                 values, truth))
    assert np.isclose(r.collective_error / (1 + r.average_error),
                      (r.average_error - r.diversity) / (1 + r.average_error), atol=1e-9)


def test_missing_predictions_use_who_answered():
    v = np.array([[1.0, 10.0], [3.0, np.nan]])
    c, a, d = decompose(v, np.array([2.0, 4.0]))
    # q1: mean 2 -> collective 0, average (1+1)/2 = 1, diversity 1; q2: only 10 -> 36, 36, 0
    assert c.tolist() == [0.0, 36.0] and a.tolist() == [1.0, 36.0] and d.tolist() == [1.0, 0.0]


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 6), st.integers(1, 4), st.data())
def test_leave_one_out_equals_recomputing_without(f, q, data):
    values = data.draw(arrays(float, (f, q), elements=st.floats(-100, 100)))
    truth = data.draw(arrays(float, (q,), elements=st.floats(-100, 100)))
    loo = leave_one_out(values, truth)
    for j in range(f):
        c, _, _ = decompose(np.delete(values, j, axis=0), truth)
        assert np.isclose(loo[j], c.mean(), atol=1e-9)


def test_leave_one_out_is_undefined_for_a_sole_forecaster():
    v = np.array([[1.0, 2.0], [3.0, np.nan]])
    out = leave_one_out(v, np.array([0.0, 0.0]))
    # without the first, nobody answers q2; without the second: (1^2 + 2^2)/2
    assert np.isnan(out[0]) and out[1] == 2.5


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6), st.integers(1, 3), st.data())
def test_best_crowd_exact_is_brute_force_and_greedy_is_no_better(f, q, data):
    values = data.draw(arrays(float, (f, q), elements=st.floats(-50, 50)))
    truth = data.draw(arrays(float, (q,), elements=st.floats(-50, 50)))
    k = data.draw(st.integers(1, f))
    rows, method = best_crowd(values, truth, k)
    assert method == "exact" and len(rows) == k
    brute = min(decompose(values[list(s)], truth)[0].mean() for s in itertools.combinations(range(f), k))
    assert np.isclose(decompose(values[rows], truth)[0].mean(), brute, atol=1e-9)
    greedy, used = best_crowd(values, truth, k, method="greedy")
    assert used == "greedy" and decompose(values[greedy], truth)[0].mean() >= brute - 1e-9


def test_best_crowd_rosetta():
    # 47 and 51 average to 49 exactly: the pair beats every other pair (and the whole crowd)
    rows, method = best_crowd(np.array([[48.0], [47.0], [51.0], [42.0]]), np.array([49.0]), 2)
    assert rows.tolist() == [1, 2] and method == "exact"


def test_best_crowd_falls_back_to_greedy_over_the_limit(monkeypatch):
    monkeypatch.setenv("TEAMSIM_MAX_EXACT_SUBSETS", "3")
    v, t = np.arange(10.0).reshape(5, 2), np.zeros(2)
    assert best_crowd(v, t, 2)[1] == "greedy"                  # C(5, 2) = 10 > 3
    with pytest.raises(InputError, match="TEAMSIM_MAX_EXACT_SUBSETS"):
        best_crowd(v, t, 2, method="exact")


def test_report_drop_ranking_and_what_if():
    preds = parse_predictions(EXAMPLE.read_text(), str(EXAMPLE))
    r = crowd_report(preds)
    assert r.forecasters == ["Ann", "Bo", "Cy", "Di"]
    assert np.isclose(r.collective_error, r.average_error - r.diversity)
    ranked = [e.name for e in r.drop_ranking]
    # each change is the collective error recomputed without that forecaster, minus the crowd's
    for e in r.drop_ranking:
        without = crowd_report(preds, drop=[e.name])
        assert np.isclose(e.collective_error_without, without.collective_error)
        assert np.isclose(e.change, without.collective_error - r.collective_error)
    changes = [e.change for e in r.drop_ranking]
    assert changes == sorted(changes) and ranked[0] == "Di"
    assert crowd_report(preds, drop=["Di"]).forecasters == ["Ann", "Bo", "Cy"]


def test_example_file_numbers():
    r = crowd_report(read_predictions(EXAMPLE), best=2)
    by_q = {q.question: q for q in r.questions}
    # payments API, truth 6 weeks: predictions 4, 5, 9, 14 -> mean 8, collective (8-6)^2 = 4,
    # average (4+1+9+64)/4 = 19.5, diversity (16+9+1+36)/4 = 15.5
    q = by_q["payments API (weeks)"]
    assert (q.collective_prediction, q.collective_error, q.average_error, q.diversity) == (8, 4, 19.5, 15.5)
    # overall: collective (4+4+1)/3 = 3; Bo and Cy (means 7, 11, 4 against 6, 10, 4) err (1+1+0)/3
    assert r.collective_error == 3.0
    assert r.best_crowd.members == ["Bo", "Cy"] and np.isclose(r.best_crowd.collective_error, 2 / 3)
    assert r.best_crowd.exact
    # without Di: means 6, 29/3, 11/3 -> (0 + 1/9 + 1/9)/3
    assert np.isclose(r.drop_ranking[0].collective_error_without, 2 / 27)


def test_forecaster_without_predictions_is_refused():
    with pytest.raises(InputError, match="'B' has no prediction"):
        crowd_report(Predictions(("A", "B"), ("q",), np.array([[1.0], [np.nan]]), np.array([0.0])))


def test_parse_keeps_order_and_semicolons():
    p = parse_predictions("Truth;Question;Forecaster;Prediction\n5;q;Bo;2\n5;q;Ann;8\n", "p.csv")
    assert p.forecasters == ("Bo", "Ann") and p.values.tolist() == [[2.0], [8.0]]


def test_cli_table_and_json(capsys):
    assert main(["crowd", str(EXAMPLE), "--best", "2"]) == 0
    out = capsys.readouterr().out
    assert "collective error" in out and "best crowd of 2 (exact): Bo, Cy" in out
    assert main(["crowd", str(EXAMPLE), "--json", "--drop", "Di"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["dropped"] == ["Di"] and r["forecasters"] == ["Ann", "Bo", "Cy"]
    for q in r["questions"]:
        assert np.isclose(q["collective_error"], q["average_error"] - q["diversity"])
    assert {"collective_error", "average_error", "diversity", "drop_ranking"} <= set(r)


@pytest.mark.parametrize("best", [None, 3])
def test_memory_estimate_matches_the_measured_peak(best):
    import tracemalloc

    from teamsim.crowd import BYTES_PER_CELL

    n = 600  # a sparse table: two predictions per forecaster, n x n cells
    rows = [f"f{i},q{i},{i % 7},{i % 5}\nf{i},q{(i + 1) % n},{i % 3},{(i + 1) % n % 5}\n" for i in range(n)]
    text = "forecaster,question,prediction,truth\n" + "".join(rows)
    tracemalloc.start()
    try:
        crowd_report(parse_predictions(text, "p.csv"), best=best)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    estimate = n * n * BYTES_PER_CELL
    assert 0.75 * estimate <= peak <= estimate, (peak / (n * n), BYTES_PER_CELL)


def test_crowd_report_refuses_a_table_over_the_memory_limit(monkeypatch):
    monkeypatch.setenv("TEAMSIM_MAX_MEMORY_BYTES", str(100 * 100 * 64 - 1))
    preds = Predictions(tuple(f"f{i}" for i in range(100)), tuple(f"q{i}" for i in range(100)),
                        np.eye(100), np.zeros(100), "p.csv")
    with pytest.raises(InputError, match="estimated memory") as e:
        crowd_report(preds)
    assert e.value.entity == "100 forecasters x 100 questions" and "TEAMSIM_MAX_MEMORY_BYTES" in e.value.hint
    monkeypatch.setenv("TEAMSIM_MAX_MEMORY_BYTES", str(100 * 100 * 64))
    assert crowd_report(preds).forecasters[0] == "f0"


def test_cli_cites_the_theorem_and_counts_in_the_singular(capsys, tmp_path):
    one = tmp_path / "one.csv"
    one.write_text("forecaster,question,prediction,truth\nAnn,q,4,6\n", encoding="utf-8")
    assert main(["crowd", str(one)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith("1 forecaster, 1 question collective error 4 = average error 4 − diversity 0")
    assert "Page's Diversity Prediction Theorem, The Difference, 2007" in out
    assert main(["crowd", str(EXAMPLE)]) == 0
    assert capsys.readouterr().out.startswith("4 forecasters, 3 questions\n")


def test_docs_describe_the_app_page():
    from .conftest import ROOT

    text = (ROOT / "docs" / "crowd.md").read_text(encoding="utf-8")
    assert "no crowd page" not in text and "**Crowd forecasts** page" in text
    assert "Crowd forecasts" in (ROOT / "teamsim_app" / "__init__.py").read_text(encoding="utf-8")
