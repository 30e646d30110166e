"""Facilitator sign-in: who may see the facilitator pages in this browser session."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st
from sqlmodel import Session

from survey.auth import FAILURE_WINDOW, find_secret, password_matches, seconds_to_wait
from survey.i18n import t
from survey.models import Workshop
from survey.store import clear_login_failures, login_failures, record_login_failure
from survey.ui import resources
from survey.ui.guard import database_guard
from survey.ui.workshops import pick_workshop, workshop_from_link

SIGNED_IN = "facilitator_signed_in"


def is_facilitator() -> bool:
    return bool(st.session_state.get(SIGNED_IN))


def _client() -> str:
    """Who is guessing: the browser's address as the server sees it (a proxy's, behind one)."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "unknown"


def _attempt(lang: str) -> None:
    """The sign-in form's callback: check the password, slowing down repeated guesses."""
    st.session_state.pop("sign_in_message", None)
    secret = find_secret(resources.settings(), resources.read_secrets())
    if not secret.configured or secret.value is None:
        st.session_state["sign_in_message"] = ("error", "signin.not_configured", 0.0)
        return
    now = datetime.now(UTC)
    with Session(resources.engine()) as session:
        failures = login_failures(session=session, client=_client(), since=now - FAILURE_WINDOW)
        wait = seconds_to_wait(failures, now)
        if wait > 0:
            st.session_state["sign_in_message"] = ("warning", "signin.wait", wait)
            return
        given = str(st.session_state.get("facilitator_password") or "")
        if password_matches(given, secret.value):
            clear_login_failures(session=session, client=_client())
            st.session_state[SIGNED_IN] = True
            st.session_state.pop("facilitator_password", None)
            return
        record_login_failure(session=session, client=_client())
    st.session_state["sign_in_message"] = ("error", "signin.wrong", 0.0)


def sign_in_form(lang: str) -> None:
    st.header(t("signin.title", lang))
    with st.form("sign_in", enter_to_submit=True, border=False):
        st.text_input(t("signin.password", lang), type="password", key="facilitator_password")
        st.form_submit_button(
            t("signin.submit", lang),
            type="primary",
            key="sign_in_submit",
            on_click=_attempt,
            args=(lang,),
        )
    message = st.session_state.get("sign_in_message")
    if message:
        kind, key, wait = message
        text = t(key, lang, seconds=max(1, round(wait)))
        (st.error if kind == "error" else st.warning)(text)


def require_facilitator(lang: str = "en") -> None:
    """At the top of every facilitator page: sign in first, or stop here."""
    if is_facilitator():
        return
    sign_in_form(lang)
    st.stop()


def sign_out() -> None:
    st.session_state.pop(SIGNED_IN, None)


def facilitator_workshop(lang: str, *, picker_key: str) -> Workshop:
    """The top of a facilitator page about one workshop: sign in first, then the workshop
    named in the link, or a picker; the page stops here while there is none."""
    require_facilitator(lang)
    with database_guard(lang):
        workshop, unknown_code = workshop_from_link()
        if unknown_code:
            st.error(t("error.workshop_unknown", lang, code=unknown_code))
        if workshop is None:
            workshop = pick_workshop(lang=lang, key=picker_key, status=None)
    if workshop is None:
        if not unknown_code:
            st.info(t("workshops.none", lang))
        st.stop()
    return workshop
