"""Which pages exist, and the page configuration every page shares."""

from __future__ import annotations

import streamlit as st

from survey.i18n import t


def run_pages() -> None:
    st.set_page_config(page_title=t("app.title"), page_icon=":material/insights:", layout="wide")
    pages = [
        st.Page("pages/survey.py", title=t("nav.survey"), icon=":material/edit_note:",
                url_path="survey", default=True),
        st.Page("pages/results.py", title=t("nav.results"), icon=":material/insights:",
                url_path="results"),
    ]  # fmt: skip
    st.navigation(pages).run()
