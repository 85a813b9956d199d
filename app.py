"""teamsim's Streamlit app: `make app` (or `streamlit run app.py`).

One app, one file per page (``teamsim_app/``), navigation with ``st.navigation``.
The app only wires widgets to library functions; every number and figure comes
from ``teamsim``. It opens on the built-in default scenario (diversity-bonus).
"""

from __future__ import annotations

import streamlit as st

from teamsim_app import PAGES, state

st.set_page_config(page_title="teamsim", page_icon=":material/groups:", layout="wide")
state.init()
page = st.navigation([st.Page(path, title=title, url_path=url, icon=icon, default=i == 0)
                      for i, (path, title, url, icon) in enumerate(PAGES)])
state.sidebar()
state.show_load_error()
page.run()
