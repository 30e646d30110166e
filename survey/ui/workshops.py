"""Finding the workshop a page is about: from `?code=` in the link or a picker."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from survey.i18n import t
from survey.joining import join_url
from survey.models import Workshop
from survey.store import get_workshop, list_workshops
from survey.ui import resources

CODE = "code"
REMEMBERED = "remembered_workshop"
MAX_CODE = 32


class DatabaseUnavailableError(RuntimeError):
    """The database cannot be reached and nothing remembered can stand in for it."""


def workshop_from_link() -> tuple[Workshop | None, str | None]:
    """The workshop named by `?code=` (None if absent), and the code if it names none.

    The workshop is remembered in the visitor's session, so that a database hiccup while a
    respondent is answering does not take the form (and their answers) off the screen.
    """
    code = st.query_params.get(CODE, "").strip()[:MAX_CODE]
    if not code:
        return None, None
    try:
        with Session(resources.engine()) as session:
            workshop = get_workshop(session=session, code=code)
    except SQLAlchemyError as exc:
        remembered: Workshop | None = st.session_state.get(REMEMBERED)
        if remembered is not None and remembered.code == code.upper():
            return remembered, None
        raise DatabaseUnavailableError from exc
    if workshop is None:
        return None, code
    st.session_state[REMEMBERED] = workshop
    return workshop, None


def pick_workshop(*, lang: str, key: str, status: str | None) -> Workshop | None:
    """A picker over the workshops (only those in `status`, if given); the choice goes into
    the link, so a reload or a shared link lands on the same workshop."""
    with Session(resources.engine()) as session:
        workshops = list_workshops(session=session, status=status)
    if not workshops:
        return None
    by_code = {w.code: w for w in workshops}
    remembered: Workshop | None = st.session_state.get(REMEMBERED)
    current = st.query_params.get(CODE, "").upper() or (remembered.code if remembered else "")
    choice = st.selectbox(
        t("survey.choose_workshop", lang),
        options=list(by_code),
        index=list(by_code).index(current) if current in by_code else None,
        format_func=lambda code: f"{by_code[code].title} ({code})",
        key=key,
        help=t("survey.choose_workshop_help", lang),
    )
    if choice is None:
        return None
    if st.query_params.get(CODE, "").upper() != choice:
        st.query_params[CODE] = choice
    st.session_state[REMEMBERED] = by_code[choice]
    return by_code[choice]


def join_link(code: str) -> str:
    """The link respondents open: the public address with the workshop code."""
    return join_url(public_base(), code)


def public_base() -> str:
    """SURVEY_PUBLIC_URL, or else the address this browser used to reach the server."""
    configured = resources.settings().public_url
    if configured:
        return configured
    url = st.context.url or ""
    return "/".join(url.split("/")[:3]) if "://" in url else ""
