"""teamsim's Streamlit app: ``teamsim app`` (or ``streamlit run app.py`` in the repository).

One app, one file per page (``teamsim_app/``), navigation with ``st.navigation``.
The app only wires widgets to library functions; every number and figure comes
from ``teamsim``. It opens on the built-in default scenario (diversity-bonus).

No traceback reaches the browser: a page that fails unexpectedly shows a short
message (the details go to the server log) and the sidebar, uploader included,
stays usable; anything else Streamlit would show is redacted. Names are shown as
plain text (:mod:`teamsim_app.safe`); CSV downloads never carry a formula.
"""

from __future__ import annotations

import streamlit as st

from teamsim_app import PAGES, safe, state


def _login_required() -> bool:
    """True when secrets.toml has an ``[auth]`` section and the visitor has not logged in."""
    try:
        configured = "auth" in st.secrets
    except Exception:  # no secrets.toml at all
        return False
    return configured and not st.user.is_logged_in


def run() -> None:
    """Draw the app once (Streamlit runs the entry script on every interaction)."""
    st.set_page_config(page_title="teamsim", page_icon=":material/groups:", layout="wide")
    st.set_option("client.showErrorDetails", "none")
    # Tables' own CSV export writes names as they are (a name "=cmd|..." runs in a spreadsheet);
    # every table that matters has a download button that escapes them (teamsim._csvsafe).
    st.set_option("client.disableDataExport", True)
    if _login_required():  # docs/app.md, "Behind a login"
        st.title("teamsim")
        st.button("Log in", on_click=st.login, type="primary", key="login")
        st.stop()
    state.init()
    page = st.navigation([st.Page(path, title=title, url_path=url, icon=icon, default=i == 0)
                          for i, (path, title, url, icon) in enumerate(PAGES)])
    status = state.sidebar()
    state.toast()
    state.show_load_error()
    try:
        page.run()
    except safe.PageEnd:  # a page ended early (safe.end_page): the sidebar is still drawn
        pass
    except Exception as e:  # st.rerun is not an Exception: it passes
        safe.unexpected(e)
    finally:  # after the page: its edits show in the sidebar in this same run
        state.sidebar_status(status)


if __name__ == "__main__":  # `streamlit run teamsim_app/main.py`: Streamlit runs it as __main__
    run()
