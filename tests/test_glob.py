"""The iterative glob walk agrees with pathlib's glob, and stays linear on deep trees."""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teamsim.importers._files import remove_tree
from teamsim.importers._glob import glob_files, pattern_segments

_NAMES = ["a", "b", "ab", ".h", "x.yaml", "y.yml", "c[1]"]
_SEGS = ["**", "*", "a", "b", "?", "a*", "*.yaml", "*.y*ml", "[ab]", "[!a]*", "x.yaml", ".", "c[[]1]"]


def _tree(root: Path, paths: list[tuple[str, ...]]) -> None:
    for parts in paths:
        p = root.joinpath(*parts)
        p.parent.mkdir(parents=True, exist_ok=True)
        if not p.exists():
            p.write_text("x")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paths=st.lists(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=4).map(tuple), max_size=8),
       pattern=st.lists(st.sampled_from(_SEGS), min_size=1, max_size=5).map("/".join))
def test_same_files_as_pathlib(tmp_path_factory, paths, pattern):
    if not pattern_segments(pattern):
        return  # pathlib raises IndexError on '.'
    root = tmp_path_factory.mktemp("g")
    try:
        _tree(root, paths)
    except (FileExistsError, NotADirectoryError):
        return  # a name used as both file and folder
    expected = sorted(p for p in root.glob(pattern) if p.is_file())
    assert glob_files(root, pattern).files == expected, pattern


def test_collapses_repeated_double_stars():
    assert pattern_segments("./**/**/a/./**//**/x") == ["**", "a", "**", "x"]


def test_leading_dotdot_moves_up_and_later_dotdot_is_refused(tmp_path):
    _tree(tmp_path, [("a", "x.yaml"), ("b", "y.yaml")])
    assert glob_files(tmp_path / "b", "../a/*.yaml").files == [tmp_path / "a" / "x.yaml"]
    with pytest.raises(ValueError, match="only allowed at the start"):
        glob_files(tmp_path, "*/../*.yaml")


def test_symlinked_folder_is_named_not_descended(tmp_path):
    _tree(tmp_path, [("real", "x.yaml")])
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    w = glob_files(tmp_path, "**/x.yaml")
    assert w.files == [tmp_path / "real" / "x.yaml"] and w.linked_folders == [tmp_path / "link"]


def test_a_deep_chain_with_many_double_stars_is_walked_once(tmp_path, monkeypatch):
    deep = tmp_path
    for _ in range(1100):  # Path.mkdir(parents=True) recurses per level
        deep = deep / "a"
        os.mkdir(deep)
    (deep / "x.yaml").write_text("x")
    calls = []
    real = os.scandir
    monkeypatch.setattr(os, "scandir", lambda p: calls.append(p) or real(p))
    try:
        w = glob_files(tmp_path, "./**/a/**/a/**/**/x.yaml")
    finally:
        monkeypatch.undo()
        remove_tree(tmp_path / "a")  # pytest's own cleanup recurses once per level
    assert w.files == [deep / "x.yaml"]
    assert len(calls) == 1101  # each folder listed once, whatever the number of '**'


def test_count_callback_can_refuse_early(tmp_path):
    _tree(tmp_path, [(f"d{i}", "x.yaml") for i in range(5)])
    seen = []

    def count(n):
        seen.append(n)
        if n > 2:
            raise RuntimeError("over")

    with pytest.raises(RuntimeError):
        glob_files(tmp_path, "**/*.yaml", count)
    assert seen == [0, 1, 2, 3]
