from teamsim_app.main import run  # `streamlit run app.py` from a checkout; installed: `teamsim app`

run()
