"""Page: Hiring what-if (waits for the library code of issue 5)."""

from __future__ import annotations

import streamlit as st

from teamsim_app import state

st.title("Hiring what-if")
state.coming("5", ('candidates ranked by marginal gain against their individual ability, adding a hire, the '
              'best team of k, key-person risk and learning plans'))
