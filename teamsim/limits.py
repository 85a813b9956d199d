"""Size, depth and count limits on everything teamsim reads or allocates.

teamsim reads files that other people wrote. Every read, every nesting depth and
every count that a user controls is bounded, so that a hostile or broken input
gets a clear refusal (exit code 2) instead of a hang or an exhausted machine.

Each limit has a default and an environment variable that raises (or lowers) it,
for example ``TEAMSIM_MAX_FILE_BYTES=2000000000 teamsim network big.gitlog``.
``docs/limits.md`` lists them all; :func:`limit` is the one way to read them.

Examples
--------
>>> limit("max_depth")
64
>>> LIMITS["max_file_bytes"].env
'TEAMSIM_MAX_FILE_BYTES'
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from teamsim.errors import InputError

__all__ = ["LIMITS", "Limit", "check_count", "limit", "number"]


@dataclass(frozen=True)
class Limit:
    """One bound: its name, default, unit and what it bounds."""

    name: str
    default: int
    unit: str
    what: str

    @property
    def env(self) -> str:
        """The environment variable that overrides the default."""
        return "TEAMSIM_" + self.name.upper()


_ALL = [
    Limit("max_file_bytes", 512 * 2**20, "bytes",
          "size of one input file (scenario, CSV, catalog file, CODEOWNERS, plain git log)"),
    Limit("max_decompressed_bytes", 2 * 2**30, "bytes",
          "decompressed size of a gzip-compressed git log (guards against gzip bombs)"),
    Limit("max_git_output_bytes", 4 * 2**30, "bytes",
          "output of `git log` read from a repository"),
    Limit("max_depth", 64, "levels", "nesting depth of YAML/JSON documents"),
    Limit("max_yaml_nodes", 5_000_000, "nodes",
          "nodes that aliases (*name) add to one YAML document when expanded (guards against alias bombs)"),
    Limit("max_int_digits", 30, "digits", "digits of an integer in YAML/JSON/CSV"),
    Limit("max_cell_bytes", 128 * 2**10, "bytes", "one CSV cell"),
    Limit("max_catalog_files", 100_000, "files", "files scanned in one catalog folder or zip"),
    Limit("max_catalog_zip_bytes", 1 * 2**30, "bytes",
          "decompressed size of all the YAML members of a zipped catalog together (from the "
          "archive's directory, then counted while extracting)"),
    Limit("max_listed_warnings", 1_000, "warnings",
          "warnings of one kind of broken reference a catalog lists one by one (the rest are counted)"),
    Limit("max_location_depth", 32, "levels", "chain of Backstage Location entities"),
    Limit("max_group_depth", 1_000, "levels", "chain of Backstage Group parents"),
    Limit("max_tool_rules", 200, "rules", "rules of one tools map (teamsim import git --tools-map; "
          "each path is tried against every rule: the time grows with rules x distinct paths)"),
    Limit("max_codeowners_pattern", 4_096, "characters", "one CODEOWNERS pattern"),
    Limit("max_undo_steps", 500, "steps",
          "undo steps one app session keeps (older steps stay in the workspace as versions)"),
    Limit("max_windows", 1_000, "windows", "time windows of one collaboration-network report"),
    Limit("max_null_samples", 1_000, "samples",
          "shuffled networks of the simulated null per window of a small-world report (--null-samples)"),
    Limit("max_memory_bytes", 8 * 2**30, "bytes",
          "memory one simulation or optimisation may allocate (estimated before it starts)"),
    Limit("max_sweep_points", 100_000, "runs", "grid points x replicates of one parameter sweep"),
    Limit("max_workers_per_core", 4, "processes",
          "local worker processes of one sweep (--workers), per core this process may use"),
    Limit("max_connect_seconds", 10, "seconds", "wait for a Dask scheduler (--scheduler) to answer"),
    Limit("max_exact_subsets", 2_000_000, "subsets",
          "teams or crowds one exact search enumerates (team-formation --exact, crowd --best)"),
    Limit("max_work", 20_000_000_000, "operations",
          "estimated work of one simulation, search or optimisation (an operation is about 10 ns "
          "of one core: the default is a few CPU-minutes, about a minute on a laptop's cores)"),
]

LIMITS: dict[str, Limit] = {lim.name: lim for lim in _ALL}


def limit(name: str) -> int:
    """Return the limit ``name``: its environment override, else its default.

    Parameters
    ----------
    name : str
        A key of :data:`LIMITS`.

    Returns
    -------
    int
        The limit in its unit (see ``LIMITS[name].unit``).

    Raises
    ------
    KeyError
        ``name`` is not a limit.
    InputError
        The environment variable is set but is not a positive whole number.

    See Also
    --------
    check_count : Refuse a count over a limit.
    number : Read a limit's value from text.

    Examples
    --------
    >>> limit("max_cell_bytes")
    131072
    """
    lim = LIMITS[name]
    raw = os.environ.get(lim.env)
    if raw is None or raw.strip() == "":
        return lim.default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise InputError(f"{lim.env}={raw[:40]!r} is not a positive whole number",
                         entity=f"limit {name}", hint=f"unset it or give {lim.unit}, e.g. {lim.default}")
    return value


def check_count(name: str, value: int, *, entity: str, file: str | None = None,
                what: str | None = None, fix: str | None = None, params: str | None = None) -> None:
    """Refuse ``value`` when it exceeds the limit ``name``.

    Parameters
    ----------
    name : str
        A key of :data:`LIMITS`.
    value : int
        The count, size or depth measured (in the limit's unit).
    entity : str
        What is being measured, for the message (e.g. ``"catalog folder 'x'"``).
    file : str, optional
        The input file concerned.
    what : str, optional
        Replaces the limit's own description in the message.
    fix : str, optional
        Replaces the limit's own advice in the hint (before "or raise the limit").
    params : str, optional
        The parameters that set ``value``, named in the message ("(set by n, k)").

    Raises
    ------
    InputError
        ``value`` is over the limit; the message names the environment variable.

    See Also
    --------
    limit : The current value of a limit.

    Examples
    --------
    >>> check_count("max_depth", 3, entity="document")
    >>> check_count("max_depth", 100, entity="document")
    Traceback (most recent call last):
    ...
    teamsim.errors.InputError: error: nesting depth 100 levels is over the limit of 64 levels
      entity: document
      fix: flatten the input, or raise the limit: TEAMSIM_MAX_DEPTH=128
    """
    cap = limit(name)
    if value > cap:
        lim = LIMITS[name]
        by = f" (set by {params})" if params else ""
        raise InputError(f"{what or _short(lim)} {number(value)} {lim.unit}{by} is over the limit of "
                         f"{number(cap)} {lim.unit}", file=file, entity=entity,
                         hint=f"{fix or _fix(lim)}, or raise the limit: {lim.env}={_raise_to(value, cap)}")


def number(value: float) -> str:
    """``value`` with thousands separators, or in scientific notation from 10^24 on.

    Parameters
    ----------
    value : float
        A count, size or estimate.

    Returns
    -------
    str

    See Also
    --------
    limit : The current value of a limit.

    Examples
    --------
    >>> number(272000), number(3 * 10**40)
    ('272,000', '3.0e+40')
    """
    if value >= 1e24:
        return f"{float(value):.1e}"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.3g}"


def _raise_to(value: float, cap: int) -> str:
    """The value to set the limit to: twice the limit or the estimate, whichever is larger."""
    need = max(value, 2 * cap)
    return str(int(need)) if need < 1e18 else f"{number(need)} (too much for any machine)"


def _short(lim: Limit) -> str:
    return {"max_depth": "nesting depth", "max_location_depth": "Location chain",
            "max_group_depth": "Group parent chain", "max_windows": "the time span gives",
            "max_memory_bytes": "estimated memory", "max_work": "estimated work",
            "max_exact_subsets": "an exact search over",
            "max_catalog_zip_bytes": "decompressed size of all YAML members"}.get(lim.name, "size")


def _fix(lim: Limit) -> str:
    return {"max_depth": "flatten the input",
            "max_yaml_nodes": "use fewer aliases (*name)",
            "max_int_digits": "quote it if it is a name",
            "max_windows": "choose a longer --window or drop the stray dates",
            "max_null_samples": "give a smaller --null-samples (20 gives the 95% interval)",
            "max_memory_bytes": "choose smaller parameters", "max_work": "choose smaller parameters",
            "max_sweep_points": "give fewer values or replicates",
            "max_exact_subsets": "use the heuristic (it reports its bound) or a smaller input",
            }.get(lim.name, "split the input")
