"""Skills coverage of services: can the team that owns a service run it?

"You build it, you run it" means that the team owning a service must hold the
cognitive tools the service needs (``services[].tools`` in the scenario). This
module joins the two halves of teamsim, people's tools and service ownership:

* :func:`coverage_report`: for each service, the tools it needs, which members
  of its owner team(s) hold each one, the missing tools and the **skills truck
  factor**; for each team its **cognitive load** (Skelton & Pais 2019) against
  configurable limits, with warnings;
* :func:`skills_truck_factor`: the fewest owner-team members whose leaving
  uncovers a needed tool. A set of leavers uncovers tool ``t`` exactly when it
  contains every holder of ``t``, so the truck factor is
  ``min_t |holders(t)|``: exact for any team size, in linear time;
* :func:`knowledge_truck_factor`: the truck factor of a service's code from
  git history, with the algorithm of Avelino et al. (2016);
* :func:`departure`: what leaves with a set of people, and who could cover
  each gap (the people with the shortest learning path, in any team);
* :func:`tools_from_catalog`, :func:`service_tools_from_git`: where
  ``services[].tools`` come from when the input is a Backstage catalog or a
  repository.

Cognitive load of a team: the distinct tools, services and domains it must
hold. A domain is a service's ``system``; services without a system count as
one domain together. Team Topologies advises no more than two or three simple
domains, or one complicated one, per team (Skelton & Pais 2019, ch. 3
"Team-First Thinking", "Restrict team responsibilities to match team
cognitive load"); the default domain limit is therefore 3, the tool and
service limits are off unless set.

The modules: :mod:`teamsim.coverage.report` (the coverage report and cognitive load),
:mod:`teamsim.coverage.truckfactor` (skills and knowledge truck factors),
:mod:`teamsim.coverage.tools` (tools from a Backstage catalog or git history),
:mod:`teamsim.coverage.whatif` (departure and hiring what-ifs) and
:mod:`teamsim.coverage.analysis` (the report of merged sources, as ``teamsim coverage`` shows it).
``teamsim.coverage`` exports every public name.

References
----------
.. [1] G. Avelino, L. Passos, A. Hora and M. T. Valente, "A novel approach for
   estimating truck factors", *Proc. 24th IEEE International Conference on
   Program Comprehension (ICPC)*, 2016, doi:10.1109/ICPC.2016.7503718.
   Degree of authorship, eq. (1); truck-factor algorithm, Algorithm 1.
.. [2] M. Skelton and M. Pais, *Team Topologies*, IT Revolution, 2019,
   ch. 3 "Team-First Thinking".

Examples
--------
>>> from teamsim.scenario import Scenario
>>> s = Scenario.model_validate({
...     "tools": [{"name": "Go"}, {"name": "SQL"}],
...     "people": [{"name": "Ann", "tools": ["Go", "SQL"]}, {"name": "Bo", "tools": ["Go"]}],
...     "teams": [{"name": "T", "members": ["Ann", "Bo"], "services": ["api"]}],
...     "services": [{"name": "api", "tools": ["Go", "SQL"]}]})
>>> r = coverage_report(s).services[0]
>>> r.holders, r.missing_tools, r.truck_factor, r.critical
({'Go': ['Ann', 'Bo'], 'SQL': ['Ann']}, [], 1, ['Ann'])
"""

from __future__ import annotations

from teamsim.coverage.analysis import CoverageAnalysis, coverage_analysis
from teamsim.coverage.report import (
    CognitiveLoad,
    CoverageReport,
    LoadLimits,
    ServiceCoverage,
    coverage_report,
)
from teamsim.coverage.tools import (
    TOOLS_ANNOTATION,
    add_git_tools,
    service_files,
    service_tools_from_git,
    tools_from_catalog,
)
from teamsim.coverage.truckfactor import (
    KnowledgeTruckFactor,
    degree_of_authorship,
    knowledge_truck_factor,
    skills_truck_factor,
)
from teamsim.coverage.whatif import (
    Departure,
    LostTool,
    ServiceHire,
    ServiceHiring,
    departure,
    hire_for_services,
)

__all__ = [
    "TOOLS_ANNOTATION",
    "CognitiveLoad",
    "CoverageAnalysis",
    "CoverageReport",
    "Departure",
    "KnowledgeTruckFactor",
    "LoadLimits",
    "LostTool",
    "ServiceHire",
    "ServiceHiring",
    "ServiceCoverage",
    "add_git_tools",
    "coverage_analysis",
    "coverage_report",
    "degree_of_authorship",
    "departure",
    "hire_for_services",
    "knowledge_truck_factor",
    "service_files",
    "service_tools_from_git",
    "skills_truck_factor",
    "tools_from_catalog",
]
