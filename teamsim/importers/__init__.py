"""Importers: every input file becomes a :class:`~teamsim.scenario.Scenario`.

One data path: input file -> importer -> ``Scenario`` -> analysis. This package
holds every importer (scenario YAML/JSON, skills-matrix CSV, and the git,
Backstage, CODEOWNERS and dependency-list readers as they are added).

Examples
--------
>>> from teamsim.importers import load_scenario
>>> s = load_scenario("scenarios/diversity-bonus.yaml")      # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from teamsim.errors import InputError
from teamsim.importers._result import ImportResult, ImportWarning
from teamsim.importers.backstage import BackstageImport, parse_entity_ref, read_backstage
from teamsim.importers.codeowners import apply_codeowners, parse_codeowners, read_codeowners
from teamsim.importers.dependencies import read_dependencies
from teamsim.importers.git import (
    Commit,
    FileChange,
    GitLog,
    ModuleMap,
    git_scenario,
    parse_git_log,
    read_git_log,
)
from teamsim.importers.scenario_file import (
    dump_scenario,
    load_scenario_file,
    parse_scenario,
    scenario_to_yaml,
    write_text_new,
)
from teamsim.importers.skills_csv import read_skills_matrix, read_tools_file
from teamsim.importers.sources import SourcesImport, merge_scenarios, read_sources
from teamsim.scenario import Scenario

__all__ = [
    "dump_scenario",
    "load_scenario",
    "load_scenario_file",
    "parse_scenario",
    "read_skills_matrix",
    "read_tools_file",
    "scenario_to_yaml",
    "write_text_new",
    "ImportResult", "ImportWarning", "BackstageImport", "parse_entity_ref", "read_backstage",
    "apply_codeowners", "parse_codeowners", "read_codeowners", "read_dependencies",
    "Commit", "FileChange", "GitLog", "ModuleMap", "git_scenario", "parse_git_log",
    "read_git_log", "SourcesImport", "merge_scenarios", "read_sources",
]


def load_scenario(path: str | Path, *, strict: bool = False) -> Scenario:
    """Load a scenario from a ``.yaml``/``.yml``/``.json`` scenario file or a skills-matrix ``.csv``.

    Parameters
    ----------
    path : str or Path
    strict : bool, default False
        Make a tool listed without its prerequisites an error instead of implying them.

    Raises
    ------
    InputError
        Unknown file type, missing file, malformed content.
    ScenarioError
        Invalid scenario (names file, line, entity, field and fix).
    """
    if Path(path).is_dir():
        raise InputError("is a folder, not a scenario file", file=str(path),
                         hint="name a .yaml, .json or .csv file inside it")
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        return load_scenario_file(path, strict=strict)
    if suffix == ".csv":
        return read_skills_matrix(path, strict=strict)
    raise InputError(f"unknown scenario file type {suffix or '(none)'!r}", file=str(path),
                     hint="use a .yaml, .yml or .json scenario, or a .csv skills matrix")
