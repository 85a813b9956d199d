"""Hostile predictions files for ``teamsim crowd``: one clear refusal each, naming file, line and fix."""

import pytest

from tests.hostile.harness import assert_clean, assert_refused, run

HEAD = "forecaster,question,prediction,truth\n"


def _csv(tmp_path, text, name="p.csv"):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


@pytest.mark.parametrize("text, pieces", [
    ("forecaster,question,prediction\nAnn,q,1\n", [":1:", "missing column 'truth'"]),
    ("forecaster,question,prediction,truth,truth\nAnn,q,1,2,2\n", [":1:", "'truth' appears twice"]),
    ("forecaster,question,prediction,truth,date\nAnn,q,1,2,x\n", [":1:", "unknown column 'date'"]),
    (HEAD + "Ann,q,nan,2\n", [":2:", "not a finite number", "Ann"]),
    (HEAD + "Ann,q,1,inf\n", [":2:", "truth 'inf' is not a finite number"]),
    (HEAD + "Ann,q,1,5\nBo,q,2,6\n", [":3:", "question 'q' has truth 6 here but 5 on line 2"]),
    (HEAD + "Ann,q,1,5\nAnn,q,2,5\n", [":3:", "'Ann' predicts question 'q' twice (also on line 2)"]),
    (HEAD + "Ann,q,1,5,extra\n", [":2:", "row has 5 cells but the header has 4"]),
    (HEAD + "Ann,q,1\n", [":2:", "row has 3 cells"]),
    (HEAD + ",q,1,5\n", [":2:", "empty forecaster name"]),
    (HEAD + "Ann,q,1\u00a02,5\n", [":2:", "is not a number", "dot"]),
    (HEAD + "Ann,q,1_000,5\n", [":2:", "prediction '1_000' is not a number", "ASCII digits", "Ann"]),
    (HEAD + "Ann,q,\u0663,5\n", [":2:", "is not a number", "ASCII digits", "prediction"]),
    (HEAD + "Ann,q,1,\uff15\n", [":2:", "truth", "is not a number", "ASCII digits"]),
    (HEAD + "Ann,q,1e-400,5\n", [":2:", "prediction '1e-400' is so close to 0 that it underflows",
                                  "smaller unit"]),
    (HEAD + "Ann,q,1,-2e-310\n", [":2:", "truth '-2e-310' is so close to 0"]),
    (HEAD + "Ann,q,\"1,5\n", [":2:", "malformed CSV"]),
    (HEAD + "Ann,q,\"1\"5,5\n", [":2:", "malformed CSV"]),
    (HEAD, ["no predictions below the header"]),
    ("", ["the file is empty"]),
])
def test_bad_predictions_are_refused(tmp_path, text, pieces):
    f = _csv(tmp_path, text)
    assert_refused(run("crowd", f), str(f), *pieces)


def test_plain_decimals_in_every_form_are_read(tmp_path):
    from teamsim.importers.predictions import parse_predictions
    p = parse_predictions(HEAD + "Ann,q,+1.5e2,-.5\nBo,q, 2. ,-.5\nCy,q,0e-999,-.5\nDi,q,2.3e-308,-.5\n",
                          "p.csv")
    assert p.values.ravel().tolist() == [150.0, 2.0, 0.0, 2.3e-308] and p.truth.tolist() == [-0.5]


def test_cell_over_the_limit_names_the_variable(tmp_path):
    f = _csv(tmp_path, HEAD + "Ann," + "q" * 5000 + ",1,5\n")
    assert_refused(run("crowd", f, env={"TEAMSIM_MAX_CELL_BYTES": "1000"}), f"{f}:2:", "over the limit",
                   "TEAMSIM_MAX_CELL_BYTES=2000")
    f = _csv(tmp_path, HEAD + "Ann," + "\u00e9" * 400 + ",1,5\n", "multibyte.csv")   # 400 chars, 800 bytes
    assert_refused(run("crowd", f, env={"TEAMSIM_MAX_CELL_BYTES": "500"}), f"{f}:2:",
                   "question cell has 800 bytes", "TEAMSIM_MAX_CELL_BYTES=1000")


def test_cell_over_the_csv_module_default_is_read_when_the_limit_allows_it(tmp_path):
    name = "A" * 200_000
    f = _csv(tmp_path, HEAD + f"{name},q,1,5\nBo,q,3,5\n")
    assert_refused(run("crowd", f), f"{f}:2:", "TEAMSIM_MAX_CELL_BYTES")
    r = run("crowd", f, "--json", env={"TEAMSIM_MAX_CELL_BYTES": "300000"})
    assert r.code == 0, r.err
    assert '"collective_error": 9.0' in r.out


def test_huge_sparse_table_is_refused_before_allocating(tmp_path):
    rows = "".join(f"f{i},q{i},1,1\n" for i in range(3000))
    f = _csv(tmp_path, HEAD + rows)
    assert_refused(run("crowd", f, env={"TEAMSIM_MAX_MEMORY_BYTES": "1000000"}), str(f),
                   "3,000 forecasters x 3,000 questions", "TEAMSIM_MAX_MEMORY_BYTES")


def test_unknown_drop_suggests_a_name(tmp_path):
    f = _csv(tmp_path, HEAD + "Ann,q,1,5\nBo,q,2,5\n")
    assert_refused(run("crowd", f, "--drop", "Anne"), "unknown forecaster 'Anne'", "did you mean 'Ann'")


def test_drop_that_empties_a_question_is_refused(tmp_path):
    f = _csv(tmp_path, HEAD + "Ann,q,1,5\nBo,q,2,5\nBo,r,2,5\n")
    assert_refused(run("crowd", f, "--drop", "Bo"), "leaves question 'r' without predictions")


def test_best_out_of_range_and_exact_over_the_limit(tmp_path):
    f = _csv(tmp_path, HEAD + "".join(f"f{i},q,{i},5\n" for i in range(6)))
    assert_refused(run("crowd", f, "--best", "7"), "crowd size 7 is out of range")
    assert_refused(run("crowd", f, "--best", "3", "--method", "exact",
                       env={"TEAMSIM_MAX_EXACT_SUBSETS": "5"}), "TEAMSIM_MAX_EXACT_SUBSETS")
    r = run("crowd", f, "--best", "3", env={"TEAMSIM_MAX_EXACT_SUBSETS": "5"})
    assert r.code == 0 and "best crowd of 3 (greedy)" in r.out, r.err


def test_names_are_data_not_markup_or_control(tmp_path):
    f = _csv(tmp_path, HEAD + "[/red][bold]Ann,q\x1b[2J,1,5\n\"Bo\nerror: fake\",q\x1b[2J,2,5\n")
    r = run("crowd", f)
    assert_clean(r)
    assert r.code == 0, r.err
    assert "[/red][bold]Ann" in r.out and "\x1b" not in r.out and "Bo\\nerror: fake" in r.out


@pytest.mark.parametrize(("cells", "line", "what"), [
    ("a,q,1e308,0\nb,q,-1e308,0\n", 2, "prediction '1e308'"),
    ("a,q,1,-1e154\nb,q,2,-1e154\n", 2, "truth '-1e154'"),
])
def test_predictions_too_large_to_square_are_refused(tmp_path, cells, line, what):
    f = tmp_path / "p.csv"
    f.write_text("forecaster,question,prediction,truth\n" + cells)
    r = run("crowd", f)
    assert_refused(r, f"{f}:{line}:", what, "larger than 1e+100", "larger unit")
    assert "RuntimeWarning" not in r.err


def test_predictions_up_to_the_bound_give_finite_results():
    from teamsim.crowd import decompose
    from teamsim.importers.predictions import parse_predictions
    p = parse_predictions("forecaster,question,prediction,truth\na,q,1e100,0\nb,q,-1e100,0\n", "p.csv")
    collective, average, diversity = decompose(p.values, p.truth)
    assert collective.tolist() == [0.0]
    assert average.tolist() == pytest.approx([1e200]) and diversity.tolist() == pytest.approx([1e200])


def _sparse(tmp_path, n):
    return _csv(tmp_path, HEAD + "".join(f"f{i},q{i},1,1\n" for i in range(n)), f"sparse{n}.csv")


def test_sparse_table_is_refused_by_what_its_report_needs(tmp_path):
    # 11,000 rows, each a new forecaster on a new question: a dense table of 1.2e8 cells, about
    # 7.7 GB to report on; counting the table alone (1 GB) let it through to a MemoryError
    f = _sparse(tmp_path, 11_000)
    assert_refused(run("crowd", f, env={"TEAMSIM_MAX_MEMORY_BYTES": str(2 * 2**30)}), str(f),
                   "11,000 forecasters x 11,000 questions", "estimated memory", "TEAMSIM_MAX_MEMORY_BYTES")


def test_sparse_table_over_the_default_limit_is_refused(tmp_path):
    f = _sparse(tmp_path, 12_000)  # 1.44e8 cells x 64 bytes = 9.2 GB, over the default 8 GiB
    assert_refused(run("crowd", f), str(f), "12,000 forecasters x 12,000 questions", "split a sparse file")


@pytest.mark.parametrize("extra", [[], ["--best", "2"]])
def test_unknown_method_is_refused_with_or_without_best(tmp_path, extra):
    f = _csv(tmp_path, HEAD + "Ann,q,1,5\nBo,q,2,5\nCy,q,9,5\n")
    assert_refused(run("crowd", f, "--method", "foo", *extra), "--method", "unknown method 'foo'",
                   "choose auto, exact or greedy")


def test_csv_changes_are_numbers_not_escaped_text(tmp_path):
    """The "change" column is a signed number in the table (+2.07) and a plain number in CSV:
    never the text "'+2.07" that formula escaping makes of a signed string."""
    import csv
    import io

    f = _csv(tmp_path, HEAD + "=cmd|calc,q1,3,10\n[/b],q1,5,10\n@x,+q,1,2\n=cmd|calc,+q,2,2\n"
             "[/b],+q,3,2\n@x,q1,5,10\n")
    r = run("crowd", f, "--format", "csv")
    assert r.code == 0, r.text[-2000:]
    rows = list(csv.reader(io.StringIO(r.out)))
    header = next(i for i, row in enumerate(rows) if "change" in row)
    changes = [row[rows[header].index("change")] for row in rows[header + 1:] if len(row) > 4]
    assert changes and all(float(c) == float(c) and not c.startswith("'") for c in changes), changes
    assert {round(float(c), 2) for c in changes} == {-3.56, 2.07}
    assert "'=cmd|calc" in r.out  # names are still escaped
    table = run("crowd", f)
    assert "+2.07" in table.out and "-3.56" in table.out
