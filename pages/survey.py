"""Respondents: pick or follow a link to a workshop, answer, submit once."""

import streamlit as st

from survey.i18n import role_label, t
from survey.ui import resources
from survey.ui.guard import database_guard
from survey.ui.invitations import invitation_from_link
from survey.ui.language import current_language, language_switch
from survey.ui.survey_form import KEPT_CHOICES, start_again, stored_receipt, survey_form
from survey.ui.workshops import pick_workshop, workshop_from_link

st.set_page_config(layout="centered")
questionnaire = resources.questionnaire()
with database_guard(current_language()):
    workshop, unknown_code = workshop_from_link()
lang = language_switch(default=workshop.language if workshop else "en", keep=KEPT_CHOICES)
st.title(t("app.title", lang))
with database_guard(lang):
    if unknown_code:
        st.error(t("error.workshop_unknown", lang, code=unknown_code), icon=":material/link_off:")
    if workshop is None:
        workshop = pick_workshop(lang=lang, key="survey_workshop", status="open")
if workshop is None:
    if not unknown_code:
        st.info(t("survey.no_workshops", lang))
    st.stop()

st.caption(workshop.title)
if workshop.status != "open":
    st.warning(t("survey.closed", lang), icon=":material/lock:")
    st.stop()

with database_guard(lang):
    receipt = stored_receipt(workshop)
    if receipt is None:
        invitation, invitation_problem = invitation_from_link(workshop)
if receipt is not None:
    st.success(t("survey.thanks", lang), icon=":material/check:")
    st.caption(t("survey.receipt", lang, number=receipt, code=workshop.code))
    if "invite" not in st.query_params:
        st.button(t("survey.answer_again", lang), key="answer_again", on_click=start_again)
    st.stop()
if invitation_problem:
    st.error(t(invitation_problem, lang), icon=":material/block:")
    st.stop()

st.markdown(t("survey.intro", lang, dont_know=questionnaire.dont_know[lang]))
if invitation is not None:
    st.info(t("survey.invited_as", lang, role=role_label(invitation.role, lang)))
survey_form(workshop=workshop, questionnaire=questionnaire, lang=lang, invitation=invitation)
