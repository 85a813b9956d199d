"""teamsim's Streamlit app: one file per page, wired to the library in ``teamsim``.

``app.py`` (the entry point) sets up navigation; :mod:`teamsim_app.state` holds
the current scenario shared by every page and the cached library calls. No
analysis happens here: every number comes from ``teamsim`` and every figure
from :mod:`teamsim.figures`.
"""

#: Page files, relative to the repository root (``app.py``'s folder), in menu order.
PAGES = [
    ("teamsim_app/team.py", "Team and diversity", "team", ":material/groups:"),
    ("teamsim_app/hiring.py", "Hiring what-if", "hiring", ":material/person_add:"),
    ("teamsim_app/communication.py", "Communication and team size", "communication",
     ":material/forum:"),
    ("teamsim_app/network.py", "Collaboration network", "network", ":material/hub:"),
    ("teamsim_app/ownership.py", "Service ownership", "ownership", ":material/account_tree:"),
    ("teamsim_app/simulations.py", "Simulations", "simulations", ":material/science:"),
]
