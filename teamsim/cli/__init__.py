"""The ``teamsim`` command line.

Every command is a thin wrapper: parse arguments, call a library function, print
a rich table or ``--json``. A :class:`~teamsim.errors.TeamsimError` is printed as
a clear message with exit code 2, never as a traceback.

Example
-------
``teamsim analyze scenarios/diversity-bonus.yaml --json``
"""

from __future__ import annotations

import sys

from teamsim.cli import core, crowd, hiring, network, team_formation  # noqa: F401  (registers commands)
from teamsim.cli import coverage as _coverage  # noqa: F401  (registers coverage)
from teamsim.cli import design as _design  # noqa: F401  (registers design)
from teamsim.cli import ownership as _ownership  # noqa: F401  (registers ownership, reorg)
from teamsim.cli import sweep as _sweep  # noqa: F401  (registers sweep)
from teamsim.cli import workbench as _workbench  # noqa: F401  (registers workspace, compare, report)
from teamsim.cli._app import app, err_console
from teamsim.errors import TeamsimError

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 bad input)."""
    try:
        # standalone mode: click prints usage errors itself and exits with code 2
        app(args=argv, prog_name="teamsim", standalone_mode=True)
    except TeamsimError as e:
        err_console.print(e.render(), style="red", highlight=False, markup=False)
        return 2
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
