"""``python -m teamsim`` runs the command line."""

import sys

from teamsim.cli import main

sys.exit(main())
