"""Kind sniffing (teamsim.importers.sniff): the tests registry.detect_kind runs on a name and first bytes."""

from pathlib import Path

from teamsim.importers import registry, sniff


def test_first_document_keys_stops_at_backstage_keys():
    assert sniff._first_document_keys("apiVersion: v1\nkind: Component\nmetadata: {name: a}\n") == {
        "apiVersion", "kind"}
    assert sniff._first_document_keys("people: []\ntools: []\n") == {"people"}
    assert sniff._first_document_keys("- a\n- b\n") == set()  # a list, not a mapping
    assert sniff._first_document_keys("just a value\n") == set()
    assert sniff._first_document_keys("apiVersion: [unclosed\n") == set()  # malformed: no keys


def test_csv_header_picks_the_separator():
    assert sniff._csv_header(b"Source;Target;weight\nx;y;1\n") == {"source", "target", "weight"}
    assert sniff._csv_header(b'\xef\xbb\xbf"person",team\n') == {"person", "team"}


def test_git_log_and_org_tests(tmp_path):
    assert sniff._is_git_log(Path("x.txt"), b"--abc--2020-01-01--Ann\n")
    assert sniff._is_git_log(Path("x.bin"), b"\x1f\x8b\x08")
    assert not sniff._is_git_log(Path("x.txt"), b"--abc--2020\n")
    assert sniff._is_org(Path("o.csv"), b"name,team,role\n")
    assert not sniff._is_org(Path("o.csv"), b"person,team,salary\n")
    f = tmp_path / "a.csv"
    f.write_bytes(b"x" * 5000)
    assert sniff._probe(f) == b"x" * 4096 and sniff._probe(tmp_path) == b""


def test_registry_uses_the_sniffing_module():
    assert registry._is_catalog is sniff._is_catalog
    assert registry.detect_kind("tests/data/backstage-demo") == "backstage"
