"""Which pages exist, and the page configuration every page shares.

Facilitator pages are listed only after signing in. They stay registered (hidden) before,
so that a link such as /present?code=CODE leads to the sign-in form and then to the page;
each of them checks the sign-in again at its top.
"""

from __future__ import annotations

import streamlit as st

from survey.i18n import t
from survey.ui.access import is_facilitator, sign_out
from survey.ui.language import current_language

FACILITATOR_PAGES = (
    ("join", ":material/qr_code_2:"),
    ("present", ":material/co_present:"),
    ("results", ":material/insights:"),
    ("analysis", ":material/query_stats:"),
)
"""Pages about one workshop, reached from the Facilitator page once signed in."""


SHARED_CSS = """
<style>
/* Captions and help text dark enough to read (WCAG AA contrast 4.5:1 and more). */
[data-testid="stCaptionContainer"] {opacity: 1 !important;}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] p {color: #4a4a4a !important;}
</style>
"""


def run_pages() -> None:
    lang = current_language()
    st.set_page_config(
        page_title=t("app.title", lang), page_icon=":material/insights:", layout="wide"
    )
    st.html(SHARED_CSS)
    signed_in = is_facilitator()
    shown = "visible" if signed_in else "hidden"
    survey = st.Page(
        "pages/survey.py",
        title=t("nav.survey", lang),
        icon=":material/edit_note:",
        url_path="survey",
        default=True,
    )
    workshops = st.Page(
        "pages/workshops.py",
        title=t("nav.workshops", lang),
        icon=":material/groups:",
        url_path="workshops",
    )
    facilitator = [
        st.Page(
            f"pages/{name}.py",
            title=t(f"nav.{name}", lang),
            icon=icon,
            url_path=name,
            visibility=shown,
        )
        for name, icon in FACILITATOR_PAGES
    ]
    if signed_in:
        # One flat list: Streamlit's sectioned menu puts list items outside their list,
        # which screen readers announce badly.
        pages = [survey, workshops, *facilitator]
        st.sidebar.button(
            t("signin.sign_out", lang), key="sign_out", on_click=sign_out, icon=":material/logout:"
        )
        st.navigation(pages).run()
    else:
        st.navigation([survey, workshops, *facilitator]).run()
