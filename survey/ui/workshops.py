"""Finding the workshop a page is about: from `?code=` in the link or a picker."""

from __future__ import annotations

import streamlit as st
from sqlmodel import Session

from survey.i18n import t
from survey.models import Workshop
from survey.store import get_workshop, list_workshops
from survey.ui import resources

CODE = "code"


def workshop_from_link() -> tuple[Workshop | None, str | None]:
    """The workshop named by `?code=` (None if absent), and the code if it names none."""
    code = st.query_params.get(CODE, "").strip()
    if not code:
        return None, None
    with Session(resources.engine()) as session:
        workshop = get_workshop(session=session, code=code[:32])
    return (workshop, None) if workshop else (None, code[:32])


def pick_workshop(*, lang: str, key: str, status: str | None) -> Workshop | None:
    """A picker over the workshops (only those in `status`, if given); remembers the choice
    in the link so a reload or a shared link lands on the same workshop."""
    with Session(resources.engine()) as session:
        workshops = list_workshops(session=session, status=status)
    if not workshops:
        return None
    by_code = {w.code: w for w in workshops}
    current = st.query_params.get(CODE, "").upper()
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
    if current != choice:
        st.query_params[CODE] = choice
    return by_code[choice]
