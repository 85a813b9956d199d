"""teamsim's Streamlit app: one file per page, wired to the library in ``teamsim``.

``main.py`` (the entry point, also run by the repository's ``app.py``) sets up
navigation; :mod:`teamsim_app.state` holds the current scenario shared by every
page and the cached library calls. No
analysis happens here: every number comes from ``teamsim`` and every figure
from :mod:`teamsim.figures`.
"""

from pathlib import Path

_HERE = Path(__file__).resolve().parent

#: Page files (absolute paths: the entry script may be ``app.py`` or ``teamsim_app/main.py``),
#: their titles, URL paths and icons, in menu order.
PAGES = [
    (str(_HERE / "team.py"), "Team and diversity", "team", ":material/groups:"),
    (str(_HERE / "edit.py"), "Edit teams and tasks", "edit", ":material/edit:"),
    (str(_HERE / "hiring.py"), "Hiring what-if", "hiring", ":material/person_add:"),
    (str(_HERE / "communication.py"), "Communication and team size", "communication",
     ":material/forum:"),
    (str(_HERE / "network.py"), "Collaboration network", "network", ":material/hub:"),
    (str(_HERE / "ownership.py"), "Service ownership", "ownership", ":material/account_tree:"),
    (str(_HERE / "design.py"), "Team design", "design", ":material/schema:"),
    (str(_HERE / "sources.py"), "Sources", "sources", ":material/upload_file:"),
    (str(_HERE / "compare.py"), "Compare versions", "compare", ":material/compare_arrows:"),
    (str(_HERE / "crowd.py"), "Crowd forecasts", "crowd", ":material/query_stats:"),
    (str(_HERE / "simulations.py"), "Simulations", "simulations", ":material/science:"),
]
