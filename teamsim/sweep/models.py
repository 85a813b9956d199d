"""The models the ``teamsim sweep`` command can run."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from teamsim.sweep._common import Fn

__all__ = ["SweepModel", "sweep_models"]


@dataclass(frozen=True)
class SweepModel:
    """A model the ``teamsim sweep`` command can run.

    Attributes
    ----------
    name : str
    fn : callable
        The row function; its positional-or-keyword parameters are the grid's.
    check : callable
        Validates one point before any run: ``check(**arguments)``, or
        ``check(scenario, **arguments)`` for a scenario model.
    summary : tuple of str
        Result columns shown on screen.
    scenario : bool
        ``fn`` takes a scenario as its first argument (not a grid parameter).
    about : str
    """

    name: str
    fn: Fn
    check: Callable[..., object]
    summary: tuple[str, ...]
    scenario: bool = False
    about: str = ""

    def tags(self, scenario: Any = None, source: str | Path | None = None) -> dict[str, str]:
        """Columns that identify a run of this model in a results file (see :func:`sweep_to_file`).

        Parameters
        ----------
        scenario : Scenario, optional
            For a scenario model: the scenario the sweep analyses.
        source : str or Path, optional
            Its file (the name is recorded; None: the built-in example).

        Returns
        -------
        dict
            ``model``; for a scenario model also ``scenario`` (the file name) and
            ``scenario_digest`` (``sha256:`` and 16 hex digits of the scenario's content),
            so that a file is only resumed with the same scenario.

        Examples
        --------
        >>> from teamsim.importers import load_scenario
        >>> from teamsim.scenarios import default_scenario_path
        >>> t = sweep_models()["analyze"].tags(load_scenario(default_scenario_path()))
        >>> t["model"], t["scenario"], t["scenario_digest"][:7]
        ('analyze', 'built-in example', 'sha256:')
        >>> sweep_models()["assembly"].tags()
        {'model': 'assembly'}
        """
        out = {"model": self.name}
        if self.scenario and scenario is not None:
            digest = hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()[:16]
            out |= {"scenario": Path(source).name if source else "built-in example",
                    "scenario_digest": f"sha256:{digest}"}
        return out


def sweep_models() -> dict[str, SweepModel]:
    """The models ``teamsim sweep`` knows, by name.

    Returns
    -------
    dict of str to SweepModel
        Model name -> its row function, point check, summary columns and whether
        it takes a scenario.

    See Also
    --------
    teamsim.sweep.sweep : Runs a model over a grid.

    Examples
    --------
    >>> sorted(sweep_models())
    ['analyze', 'assembly', 'hongpage']
    >>> from teamsim.sweep import sweep_parameters
    >>> list(sweep_parameters(sweep_models()["assembly"].fn))
    ['m', 'p', 'q', 'tau', 'steps', 'tail']
    """
    from teamsim import assembly, hongpage, report
    from teamsim.hongpage._common import _validate as _validate_hong_page

    return {m.name: m for m in (
        SweepModel("hongpage", hongpage.hong_page_row, _validate_hong_page,
                   ("best_performance", "random_performance", "difference", "random_wins"),
                   about="Hong & Page (2004): best-N vs random team"),
        SweepModel("assembly", assembly.assembly_row, assembly.check_assembly_row,
                   ("giant_share", "incumbent_share", "repeat_share"),
                   about="Guimerà et al. (2005) team assembly: giant component share"),
        SweepModel("analyze", report.analyze_row, report.check_analyze_row,
                   ("best_ability_team_ability", "most_able_team_ability", "oversized_teams"),
                   scenario=True, about="a scenario's teams of k and two-pizza check"),
    )}
