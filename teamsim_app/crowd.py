"""Page: a crowd of forecasters and the Diversity Prediction Theorem, with drop what-ifs.

Numbers come from :func:`teamsim.crowd.crowd_report` on predictions read by
:mod:`teamsim.importers.predictions` (an uploaded CSV or the example below, which the
user can edit); the page only shows them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from teamsim._text import printable
from teamsim.crowd import crowd_report
from teamsim.errors import TeamsimError
from teamsim.importers.predictions import parse_predictions, read_predictions
from teamsim_app.safe import end_page, error_box, plain
from teamsim_app.uploads import read_upload

#: Four engineers' estimates of three projects, in weeks (invented, as in docs/crowd.md).
EXAMPLE = """forecaster,question,prediction,truth
Ann,payments API (weeks),4,6
Bo,payments API (weeks),5,6
Cy,payments API (weeks),9,6
Di,payments API (weeks),14,6
Ann,search rewrite (weeks),7,10
Bo,search rewrite (weeks),12,10
Cy,search rewrite (weeks),10,10
Di,search rewrite (weeks),19,10
Ann,mobile release (weeks),3,4
Bo,mobile release (weeks),2,4
Cy,mobile release (weeks),6,4
Di,mobile release (weeks),9,4
"""

st.title("Crowd forecasts")
st.caption("Diversity Prediction Theorem (Scott E. Page, *The Difference*, 2007, ch. 8): the "
           "crowd's squared error = the average individual squared error − the diversity of the "
           "predictions (their variance around the crowd's mean). A crowd is right in proportion "
           "to how able its members are and how differently they err.")

upload = st.file_uploader("Predictions CSV (forecaster, question, prediction, truth)", type=["csv"],
                          key="crowd_upload")
preds = None
try:
    if upload is not None:
        preds = read_upload(upload.name, upload.getvalue(), read_predictions)
    else:
        st.caption("Example: four engineers' estimates, in weeks (invented). Upload your own CSV above.")
        preds = parse_predictions(EXAMPLE, "example")
except TeamsimError as e:
    error_box(e.render())

if preds is not None:
    names = list(preds.forecasters)
    drop = st.multiselect("Leave out (what-if)", names, key="crowd_drop", format_func=plain)
    best = st.number_input("Best crowd of k", min_value=1, max_value=len(names), value=min(2, len(names)),
                           step=1, key="crowd_best")
    try:
        r = crowd_report(preds, drop=drop, best=int(best))
    except TeamsimError as e:
        error_box(e.render())
        end_page()
    c = st.columns(4)
    c[0].metric("Crowd's squared error", f"{r.collective_error:.3g}")
    c[1].metric("Average individual error", f"{r.average_error:.3g}")
    c[2].metric("Prediction diversity", f"{r.diversity:.3g}")
    c[3].metric("Best individual", plain(r.best_individual), f"{r.best_individual_error:.3g}",
                delta_color="off")
    st.subheader("Per question")
    st.dataframe(pd.DataFrame([{"question": printable(q.question), "truth": q.truth,
                                "crowd's prediction": q.collective_prediction,
                                "crowd's error": q.collective_error, "average error": q.average_error,
                                "diversity": q.diversity} for q in r.questions]),
                 hide_index=True, key="crowd_questions")
    st.subheader("If one forecaster is dropped")
    st.caption("Change in the crowd's error without them (negative: the crowd does better "
               "without them). Most helpful drop first.")
    st.dataframe(pd.DataFrame([{"forecaster": printable(e.name), "own error": e.individual_error,
                                "crowd's error without": e.collective_error_without,
                                "change": e.change} for e in r.drop_ranking]),
                 hide_index=True, key="crowd_drops")
    if r.best_crowd is not None:
        b = r.best_crowd
        st.markdown(f"**Best crowd of {b.k}** ({'exact' if b.exact else 'greedy, no guarantee'}): "
                    + ", ".join(plain(m) for m in b.members)
                    + f" — crowd's error {b.collective_error:.3g}")
