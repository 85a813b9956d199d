"""teamsim: plan engineering teams with cognitive-tool models, collaboration
networks and service ownership.

Every concept lives in its own module (``teamsim.ability``, ``teamsim.prerequisites``,
``teamsim.communication``, ``teamsim.hiring``, ``teamsim.hongpage``,
``teamsim.affiliation``, ``teamsim.smallworld``, ``teamsim.assembly``,
``teamsim.ownership``, ``teamsim.reorg``); their public names are re-exported
here, as networkx does, so ``teamsim.team_ability`` works::

    >>> import teamsim
    >>> s = teamsim.load_scenario("scenarios/diversity-bonus.yaml")   # doctest: +SKIP
    >>> teamsim.team_ability(s, ["Betsy", "Carl"])                      # doctest: +SKIP
    7.0
"""

from teamsim import (
    ability,
    affiliation,
    assembly,
    communication,
    hiring,
    hongpage,
    ownership,
    prerequisites,
    reorg,
    report,
    scenario,
    smallworld,
)
from teamsim.ability import *  # noqa: F403
from teamsim.affiliation import *  # noqa: F403
from teamsim.assembly import *  # noqa: F403
from teamsim.communication import *  # noqa: F403
from teamsim.errors import InputError, ScenarioError, TeamsimError
from teamsim.hiring import *  # noqa: F403
from teamsim.hongpage import *  # noqa: F403
from teamsim.importers import dump_scenario, load_scenario
from teamsim.ownership import *  # noqa: F403
from teamsim.prerequisites import *  # noqa: F403
from teamsim.reorg import *  # noqa: F403
from teamsim.report import *  # noqa: F403
from teamsim.scenario import *  # noqa: F403
from teamsim.scenarios import builtin_scenarios, default_scenario_path
from teamsim.smallworld import *  # noqa: F403

__version__ = "0.1.0"

__all__ = [
    "InputError", "ScenarioError", "TeamsimError", "dump_scenario", "load_scenario",
    "builtin_scenarios", "default_scenario_path",
    *ability.__all__, *affiliation.__all__, *assembly.__all__, *communication.__all__,
    *hiring.__all__, *hongpage.__all__, *ownership.__all__, *prerequisites.__all__,
    *reorg.__all__, *report.__all__, *scenario.__all__, *smallworld.__all__,
]
