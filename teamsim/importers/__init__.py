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
from typing import TYPE_CHECKING, Any

from teamsim.importers._result import (
    ImportResult,
    ImportWarning,
    summarise_warnings,
    warning_kind,
    warnings_by_kind,
)
from teamsim.importers.registry import (
    GIT_KINDS,
    KINDS,
    SCENARIO_KINDS,
    Provenance,
    ReadOptions,
    ReadResult,
    SourceKind,
    detect_kind,
    read,
)
from teamsim.scenario import Scenario

if TYPE_CHECKING:
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
    from teamsim.importers.sources import merge_scenarios

#: Names of the reader modules, imported on first use (``teamsim validate`` imports no git or
#: Backstage reader): name -> module.
_LAZY = {
    **dict.fromkeys(["BackstageImport", "parse_entity_ref", "read_backstage"], "backstage"),
    **dict.fromkeys(["apply_codeowners", "parse_codeowners", "read_codeowners"], "codeowners"),
    "read_dependencies": "dependencies",
    **dict.fromkeys(["Commit", "FileChange", "GitLog", "ModuleMap", "git_scenario", "parse_git_log",
                     "read_git_log"], "git"),
    **dict.fromkeys(["dump_scenario", "load_scenario_file", "parse_scenario", "scenario_to_yaml",
                     "write_text_new"], "scenario_file"),
    **dict.fromkeys(["read_skills_matrix", "read_tools_file"], "skills_csv"),
    "merge_scenarios": "sources",
}


def __getattr__(name: str) -> Any:
    """A reader's name, importing its module the first time (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
    "read_git_log", "merge_scenarios", "GIT_KINDS", "KINDS", "SCENARIO_KINDS", "Provenance", "ReadOptions",
    "ReadResult", "SourceKind", "detect_kind", "read", "summarise_warnings", "warning_kind",
    "warnings_by_kind",
]


def load_scenario(path: str | Path, *, strict: bool = False) -> Scenario:
    """Load a scenario file: YAML/JSON scenario, skills-matrix CSV or org CSV.

    The same as ``read([path], accept=SCENARIO_KINDS, strict=strict).scenario``
    (see :func:`read`): these kinds give no warnings.

    Parameters
    ----------
    path : str or Path
        The file.
    strict : bool, default False
        Make a tool listed without its prerequisites an error instead of implying them.

    Returns
    -------
    Scenario
        The scenario the file holds.

    Raises
    ------
    InputError
        Unknown file type, missing file, malformed content.
    ScenarioError
        Invalid scenario (names file, line, entity, field and fix).

    See Also
    --------
    read : Reads every kind of source, with warnings and provenance.
    load_scenario_file : Reads a YAML or JSON scenario file only.

    Examples
    --------
    >>> len(load_scenario("scenarios/diversity-bonus.yaml").people)
    3
    """
    return read([path], accept=SCENARIO_KINDS, strict=strict).scenario
