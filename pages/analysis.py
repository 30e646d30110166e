"""Analyst page: filters, aggregates with intervals, gaps with tests, comparisons, downloads."""

import streamlit as st

from survey.i18n import t
from survey.ui.access import require_facilitator
from survey.ui.analyst import (
    aggregate_frame,
    answers_frame,
    choose_scope,
    comparison_section,
    downloads,
    gap_frame,
    reliability_section,
)
from survey.ui.guard import database_guard
from survey.ui.language import language_switch

lang = language_switch(where=st.sidebar)
st.title(t("analysis.title", lang))
require_facilitator(lang)
with database_guard(lang):
    scope = choose_scope(lang)
    if scope is None:
        st.stop()
    answers = answers_frame(scope)
    if answers.empty:
        st.info(t("analysis.no_answers", lang))
        st.stop()
    aggregates = aggregate_frame(scope)

st.header(t("analysis.aggregates", lang))
st.caption(t("analysis.aggregates_note", lang))
st.dataframe(aggregates.round(3), hide_index=True, key="aggregates_table")
st.header(t("analysis.gaps", lang))
st.caption(t("analysis.gaps_note", lang))
st.dataframe(gap_frame(scope, answers).round(3), hide_index=True, key="gaps_table")
reliability_section(scope, answers, lang)
comparison_section(scope, answers, lang)
downloads(scope, lang)
