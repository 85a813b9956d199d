"""Collaboration networks from any source: a scenario, a git repository or a git log.

The analysis in :mod:`teamsim.affiliation` builds people-by-project networks from
data already read; this module is the file-reading side, on top of :func:`read`.

Examples
--------
>>> read_affiliation("scenarios/diversity-bonus.yaml").n_projects
2
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from teamsim.affiliation import AffiliationNetwork, affiliation_network, git_affiliation
from teamsim.importers.git import BOT_PATTERN, ModuleMap
from teamsim.importers.registry import GIT_KINDS, SCENARIO_KINDS, read

__all__ = ["read_affiliation"]


def read_affiliation(source: str | Path, *, modules: ModuleMap | None = None,
                     aliases: Mapping[str, str] | None = None, bots: str | None = BOT_PATTERN,
                     teams: bool = True) -> AffiliationNetwork:
    """The affiliation network of a scenario file, a git repository folder or a git log file.

    Parameters
    ----------
    source : str or Path
        ``.yaml``/``.yml``/``.json``/``.csv``: a scenario (see
        :func:`~teamsim.affiliation.affiliation_network`); a folder: a git repository
        (``git log`` is run); anything else: a git log in Code Maat's format (``.gz``
        allowed), see :func:`~teamsim.importers.git.read_git_log`.
    modules : ModuleMap, optional
        Path -> module mapping for git sources (default depth 2).
    aliases, bots
        Author cleaning for git sources, see :func:`~teamsim.importers.git.clean_authors`.
    teams : bool, default True
        For scenarios, count teams as projects.

    Returns
    -------
    AffiliationNetwork

    Raises
    ------
    InputError, ScenarioError
        Missing or malformed source.

    See Also
    --------
    teamsim.affiliation.affiliation_network : The network of a scenario.
    teamsim.affiliation.git_affiliation : The network of a git history.

    Examples
    --------
    >>> net = read_affiliation("scenarios/diversity-bonus.yaml")   # its teams are the projects
    >>> net.people
    ('Adam', 'Betsy', 'Carl')
    """
    r = read([source], accept=SCENARIO_KINDS + GIT_KINDS, default="git-log", aliases=aliases,
             bots=bots, modules=modules)
    if r.git_log is not None:
        return git_affiliation(r.git_log, modules=modules)
    return affiliation_network(r.scenario, teams=teams)
