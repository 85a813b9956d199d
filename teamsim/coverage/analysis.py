"""What ``teamsim coverage`` reports for merged sources: the coverage report, with the tools git shows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from teamsim.coverage.report import CoverageReport, LoadLimits, coverage_report
from teamsim.coverage.whatif import Departure, ServiceHiring, departure, hire_for_services
from teamsim.scenario import Scenario

if TYPE_CHECKING:
    from teamsim.importers.git import GitLog

__all__ = ["CoverageAnalysis", "coverage_analysis"]


class CoverageAnalysis(CoverageReport):
    """A :class:`CoverageReport` with the what-ifs asked for (``teamsim coverage --json``).

    Attributes
    ----------
    departure : Departure or None
        The departure what-if (:func:`departure`), when people leave.
    hiring : ServiceHiring or None
        The candidates for a team's services (:func:`hire_for_services`), when asked.
    """

    departure: Departure | None = None
    hiring: ServiceHiring | None = None


def coverage_analysis(scenario: Scenario, *, limits: LoadLimits | None = None, log: GitLog | None = None,
                      service_paths: Mapping[str, str | Iterable[str]] | str = "{name}/",
                      leaving: Iterable[str] = (), hire_for: str | None = None, budget: float | None = None,
                      redundancy: int = 1) -> CoverageAnalysis:
    """The coverage report, with the departure what-if of ``leaving`` and the hiring for ``hire_for``.

    Parameters
    ----------
    scenario, limits, log, service_paths
        As :func:`coverage_report`.
    leaving : iterable of str, default ()
        People who leave (:func:`departure`); none: no departure what-if.
    hire_for : str, optional
        Team whose services the candidates are ranked for (:func:`hire_for_services`).
    budget : float, optional
        Total cost of the hires (:func:`hire_for_services`).
    redundancy : int, default 1
        Holders wanted per needed tool (:func:`hire_for_services`).

    Returns
    -------
    CoverageAnalysis

    See Also
    --------
    coverage_report : The report alone.
    departure : The departure what-if.
    hire_for_services : The hiring what-if.

    Examples
    --------
    >>> s = Scenario.model_validate({"tools": [{"name": "go"}], "people": [{"name": "ann", "tools": ["go"]}],
    ...     "teams": [{"name": "A", "members": ["ann"], "services": ["api"]}],
    ...     "services": [{"name": "api", "tools": ["go"]}]})
    >>> a = coverage_analysis(s, leaving=["ann"])
    >>> a.services[0].truck_factor, a.departure.services_uncovered, a.hiring
    (1, ['api'], None)
    """
    leaving = list(leaving)
    r = coverage_report(scenario, limits=limits, log=log, service_paths=service_paths)
    d = departure(scenario, leaving, log=log, service_paths=service_paths) if leaving else None
    h = hire_for_services(scenario, hire_for, budget=budget, redundancy=redundancy) if hire_for else None
    return CoverageAnalysis(**dict(r), departure=d, hiring=h)
