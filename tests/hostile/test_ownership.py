"""Hostile sizes for ownership: many services against a long git history and a long CODEOWNERS.

Before the path indexes, each changed path was compared with every service folder and each
service folder with every CODEOWNERS rule, so 20,000 services took hours. The harness's
wall-clock guard fails a quadratic step; the checks below are on the results.
"""

import json

import pytest

from tests.hostile.harness import assert_refused, run

S, CHANGES = 20_000, 200_000


def _inputs(tmp_path):
    (tmp_path / "deps.csv").write_text(
        "source,target\n" + "".join(f"s{i},s{(i + 1) % S}\n" for i in range(S)))
    (tmp_path / "CODEOWNERS").write_text(
        "* @o/default\n*.md @o/docs\n" + "".join(f"/services/s{i}/ @o/t{i % 50}\n" for i in range(S)))
    lines = []
    for c in range(CHANGES // 100):
        lines.append(f"--h{c}--2020-01-01--a{c % 30}")
        # half the changed paths are outside any service (s{S}.. s{2S-1} do not exist)
        lines += [f"1\t0\tservices/s{(c * 100 + k) * 7 % (2 * S)}/src/f{k}.go" for k in range(100)]
    (tmp_path / "h.gitlog").write_text("\n".join(lines) + "\n")


def test_many_services_against_codeowners_and_a_long_history(tmp_path):
    _inputs(tmp_path)
    r = run("ownership", tmp_path / "deps.csv", tmp_path / "CODEOWNERS", "--git-log", tmp_path / "h.gitlog",
            "--service-paths", "services/{name}/", "--json")
    assert r.code == 0, r.err[-3000:]
    data = json.loads(r.out)
    owners = {t["name"]: set(t["services"]) for t in data["report"]["teams"]}
    assert len(owners) == 50 and all(f"s{i}" in owners[f"o/t{i % 50}"] for i in (0, 1, 49, 19_999))
    history = {h["module"]: h for h in data["history"]}
    # changed path n is in folder 7n mod 2S: every folder 5 times (7 is prime to 2S), half are services
    assert len(history) == S and {h["changes"] for h in history.values()} == {5.0}


def test_service_paths_csv_outside_the_repository_is_refused(tmp_path):
    (tmp_path / "deps.csv").write_text("source,target\na,b\n")
    for row, piece in [("a,../../etc/", "has a '..' segment"), ("a,/etc/", "is absolute"),
                       ("a,src/*/", "has a wildcard")]:
        (tmp_path / "paths.csv").write_text(f"service,path\n{row}\n")
        r = run("ownership", tmp_path / "deps.csv", "--service-paths", tmp_path / "paths.csv")
        assert_refused(r, f"paths.csv:2: error: path '{row[2:]}' {piece}", "entity: service 'a'", "fix: ")


def _deps_and_codeowners(tmp_path, rows, codeowners="* @o/default\n"):
    (tmp_path / "deps.csv").write_text("source,target\n" + "".join(f"{a},{b}\n" for a, b in rows))
    (tmp_path / "CODEOWNERS").write_text(codeowners)


def test_service_names_cannot_leave_or_glob_the_template_folder(tmp_path):
    for rows, pieces in ((([("front", ".."),]), ("'..'", "service '..'", "src/{name}/")),
                         ((("..", "/etc"),), ("'..'", "service '..'")),
                         ((("*", "cart"),), ("wildcard", "service '*'", "src/{name}/"))):
        _deps_and_codeowners(tmp_path, rows)
        r = run("ownership", tmp_path / "deps.csv", tmp_path / "CODEOWNERS", "--service-paths", "src/{name}/")
        assert_refused(r, *pieces)


def test_a_template_without_name_is_refused(tmp_path):
    _deps_and_codeowners(tmp_path, [("front", "cart")])
    r = run("ownership", tmp_path / "deps.csv", tmp_path / "CODEOWNERS", "--service-paths", "src/")
    assert_refused(r, "has no {name}", "CSV")


def test_service_path_rows_are_normalised(tmp_path):
    _deps_and_codeowners(tmp_path, [("front", "cart")],
                         "* @o/default\n/src/front/ @o/web\n/src/cart/ @o/carts\n")
    (tmp_path / "paths.csv").write_text("service,path\nfront,src/./front/\ncart,src//cart\n")
    r = run("ownership", tmp_path / "deps.csv", tmp_path / "CODEOWNERS", "--service-paths",
            tmp_path / "paths.csv", "--json")
    assert r.code == 0, r.err[-2000:]
    owners = {t["name"]: set(t["services"]) for t in json.loads(r.out)["report"]["teams"]}
    assert owners == {"o/web": {"front"}, "o/carts": {"cart"}}


def test_wildcard_leading_rules_are_indexed_by_their_fixed_segment(tmp_path):
    n = 20_000
    _deps_and_codeowners(tmp_path, [(f"s{i}", f"s{(i * 7 + 1) % n}") for i in range(n)],
                         "".join(f"**/s{i}/**/*.py @org/u{i % 50}\n**/s{i}/** @org/t{i % 50}\n"
                                 for i in range(n)))
    r = run("ownership", tmp_path / "deps.csv", tmp_path / "CODEOWNERS", "--service-paths", "src/{name}/",
            "--json")
    assert r.code == 0, r.err[-2000:]
    owners = {t["name"]: set(t["services"]) for t in json.loads(r.out)["report"]["teams"]}
    assert len(owners) == 50 and all(f"s{i}" in owners[f"org/t{i % 50}"] for i in (0, 1, 49, n - 1))


@pytest.mark.parametrize("text, pieces", [
    ("source,target,weight\na,b,1,2,3\n", [":2:", "5 cells where 3 are expected (source,target,weight)",
                                           "extra '2'"]),
    ("source,target\na,b,c\n", [":2:", "3 cells where 2 are expected", "extra 'c'"]),
    ("source,target,weight\nok,db\n x , y ,1,,\"\",zz\n", [":3:", "6 cells", "extra 'zz'"]),
])
def test_extra_cells_in_a_dependency_csv_are_refused(tmp_path, text, pieces):
    (tmp_path / "deps.csv").write_text(text)
    assert_refused(run("ownership", tmp_path / "deps.csv", "--format", "json"), "deps.csv", *pieces)


def test_trailing_empty_cells_in_a_dependency_csv_are_fine(tmp_path):
    (tmp_path / "deps.csv").write_text("source,target,weight\ncart,db,2,,\n")
    r = run("import", "ownership", tmp_path / "deps.csv", "-o", tmp_path / "s.json")
    assert r.code == 0, r.text[-2000:]
    services = json.loads((tmp_path / "s.json").read_text())["services"]
    assert {"name": "cart", "depends_on": [{"service": "db", "weight": 2.0}]} in services
