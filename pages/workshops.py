"""Facilitator home: create workshops, open and close them, invite, read comments."""

import streamlit as st

from survey.i18n import t
from survey.ui.access import require_facilitator
from survey.ui.facilitator import (
    create_form,
    facilitator_comments,
    invitations,
    page_links,
    purge_control,
    status_controls,
)
from survey.ui.guard import database_guard
from survey.ui.language import language_switch
from survey.ui.workshops import pick_workshop

lang = language_switch(where=st.sidebar)
st.title(t("workshops.title", lang))
require_facilitator(lang)
with database_guard(lang):
    create_form(lang)
    workshop = pick_workshop(lang=lang, key="facilitator_workshop", status=None)
    if workshop is None:
        st.info(t("workshops.none", lang))
        st.stop()
    status_controls(workshop, lang)
    page_links(workshop, lang)
    invitations(workshop, lang)
    facilitator_comments(workshop, lang)
    purge_control(workshop, lang)
