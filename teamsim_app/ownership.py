"""Page: Service ownership (waits for the library code of issue 4)."""

from __future__ import annotations

import streamlit as st

from teamsim_app import state

st.title("Service ownership")
state.coming("4", "team → service sunburst, the team dependency graph, orphaned and shared "
             "services, and the reorganisation what-if")
