"""Join screen for the projector: the QR code, the link and the code, read aloud easily."""

import streamlit as st

from survey.i18n import t
from survey.ui.access import require_facilitator
from survey.ui.guard import database_guard
from survey.ui.presenter import join_screen
from survey.ui.workshops import join_link, pick_workshop, workshop_from_link

lang = "en"
require_facilitator(lang)
with database_guard(lang):
    workshop, unknown_code = workshop_from_link()
    if unknown_code:
        st.error(t("error.workshop_unknown", lang, code=unknown_code))
    if workshop is None:
        workshop = pick_workshop(lang=lang, key="join_workshop", status=None)
if workshop is None:
    if not unknown_code:
        st.info(t("workshops.none", lang))
    st.stop()
join_screen(workshop, join_link(workshop.code), workshop.language)
