"""Results dashboard: where each role places the CIO, the gaps, and the answers as CSV."""

import streamlit as st
from sqlmodel import Session

from survey.i18n import t
from survey.store import workshop_revision
from survey.ui import resources
from survey.ui.access import facilitator_workshop
from survey.ui.guard import database_guard
from survey.ui.language import language_switch
from survey.ui.results_view import (
    csv_download,
    numbers_table,
    response_counts,
    result_sections,
    results_for,
)
from survey.ui.workshops import join_link

lang = language_switch(where=st.sidebar)
st.title(t("results.title", lang))
workshop = facilitator_workshop(lang, picker_key="results_workshop")
assert workshop.id is not None
with database_guard(lang):
    with Session(resources.engine()) as session:
        revision = workshop_revision(session=session, workshop_id=workshop.id)
    if revision.responses == 0:
        st.info(
            t("results.empty", lang, link=join_link(workshop.code)), icon=":material/hourglass:"
        )
        st.stop()
    results = results_for(workshop, revision.latest_response_id)

response_counts(results, lang)
st.download_button(
    t("results.download_csv", lang),
    data=lambda: csv_download(workshop),
    file_name=f"{workshop.code}-answers.csv",
    mime="text/csv",
    key="download_csv",
    on_click="ignore",
    icon=":material/download:",
)
result_sections(results, resources.questionnaire(), lang)
numbers_table(results, lang)
