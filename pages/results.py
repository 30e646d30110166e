"""Results dashboard: where each role places the CIO, the gaps, and the answers as CSV."""

import streamlit as st
from sqlmodel import Session

from survey.i18n import t
from survey.store import workshop_revision
from survey.ui import resources
from survey.ui.access import require_facilitator
from survey.ui.guard import database_guard
from survey.ui.results_view import (
    csv_download,
    numbers_table,
    response_counts,
    result_sections,
    results_for,
)
from survey.ui.workshops import join_link, pick_workshop

lang = "en"
questionnaire = resources.questionnaire()
st.title(t("results.title", lang))
require_facilitator(lang)
with database_guard(lang):
    workshop = pick_workshop(lang=lang, key="results_workshop", status=None)
    if workshop is None or workshop.id is None:
        st.info(t("results.no_workshops", lang))
        st.stop()
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
result_sections(results, questionnaire, lang)
numbers_table(results, lang)
