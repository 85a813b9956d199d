"""The built-in example scenarios shipped in ``scenarios/``.

In a wheel they are installed as ``teamsim/_scenarios``; in a source checkout
(editable install) they are read from the repository's ``scenarios/`` folder.

Examples
--------
>>> "diversity-bonus" in builtin_scenarios()
True
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEFAULT_SCENARIO", "builtin_scenarios", "default_scenario_path", "scenarios_dir"]

#: The scenario the app opens on: Page's diversity-bonus example.
DEFAULT_SCENARIO = "diversity-bonus"


def scenarios_dir() -> Path:
    """Folder holding the built-in scenarios.

    Returns
    -------
    pathlib.Path
        ``teamsim/_scenarios`` in an installed wheel, else the source checkout's
        ``scenarios/`` folder.

    See Also
    --------
    builtin_scenarios : The scenarios in it.

    Examples
    --------
    >>> (scenarios_dir() / "diversity-bonus.yaml").is_file()
    True
    """
    here = Path(__file__).resolve().parent
    packaged = here / "_scenarios"
    return packaged if packaged.is_dir() else here.parent / "scenarios"


def builtin_scenarios() -> dict[str, Path]:
    """Built-in scenario files by name (file stem), sorted by name.

    Returns
    -------
    dict of str to pathlib.Path
        File stem -> path of every ``.yaml``, ``.yml`` and ``.json`` file in
        :func:`scenarios_dir`.

    See Also
    --------
    default_scenario_path : The one used when none is given.
    scenarios_dir : Their folder.

    Examples
    --------
    >>> builtin_scenarios()["diversity-bonus"].name
    'diversity-bonus.yaml'
    """
    files = [p for p in scenarios_dir().glob("*") if p.suffix in (".yaml", ".yml", ".json")]
    return {p.stem: p for p in sorted(files)}


def default_scenario_path() -> Path:
    """Path of the default scenario (``diversity-bonus.yaml``).

    Returns
    -------
    pathlib.Path
        The built-in scenario named :data:`DEFAULT_SCENARIO`, the one the app opens on.

    See Also
    --------
    builtin_scenarios : Every built-in scenario.

    Examples
    --------
    >>> default_scenario_path().stem
    'diversity-bonus'
    """
    return builtin_scenarios()[DEFAULT_SCENARIO]
