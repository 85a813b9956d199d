"""Page: Collaboration network (waits for the library code of issue 3)."""

from __future__ import annotations

import streamlit as st

from teamsim_app import state

st.title("Collaboration network")
state.coming("3", ("the people network from the scenario's projects or a git log (colour by team or module, "
              'click a person to see their projects and tools), Q, CC ratio and PL ratio over time, giant '
              'component share'))
