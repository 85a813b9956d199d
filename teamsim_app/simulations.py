"""Page: Simulations (waits for the library code of issues 5 and 3)."""

from __future__ import annotations

import streamlit as st

from teamsim_app import state

st.title("Simulations")
state.coming("5 (Hong-Page) and issue 3 (team assembly)", "the Hong-Page simulation and the "
             "team assembly model with parameter controls and a progress indicator")
