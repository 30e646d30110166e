"""The facilitator's workshop controls: create, open and close, invite, read comments."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlmodel import Session

from survey.i18n import role_label, t
from survey.joining import join_url
from survey.lifecycle import CLOSED, DRAFT, OPEN, WorkshopStateError
from survey.models import LANGUAGES, WORKSHOP_KINDS, Workshop
from survey.store import (
    change_status,
    comments,
    create_invitations,
    create_workshop_with_new_code,
    list_invitations,
    purge_workshop,
    workshop_revision,
)
from survey.ui import resources
from survey.ui.workshops import public_base

TEAM_ROLES = ("CEO", "CFO", "COO", "CIO")


def _create(lang: str) -> None:
    state = st.session_state
    title = str(state.get("new_title") or "").strip()
    if not title:
        state["workshop_message"] = ("error", t("workshops.title_missing", lang))
        return
    with Session(resources.engine()) as session:
        workshop = create_workshop_with_new_code(
            session=session,
            title=title[:200],
            kind=state.get("new_kind", "team"),
            language=state.get("new_language", "en"),
            min_group_size=max(3, int(state.get("new_min_group", 5))),
            status=OPEN if state.get("new_open_now", True) else DRAFT,
        )
    state["workshop_message"] = ("success", t("workshops.created", lang, code=workshop.code))
    st.query_params["code"] = workshop.code
    state["facilitator_workshop"] = workshop.code
    state.pop("new_title", None)


def create_form(lang: str) -> None:
    expander = st.expander(t("workshops.create", lang), icon=":material/add:")
    with expander, st.form("create_workshop", border=False):
        st.text_input(t("workshops.field_title", lang), key="new_title", max_chars=200)
        st.radio(
            t("workshops.field_kind", lang),
            WORKSHOP_KINDS,
            key="new_kind",
            format_func=lambda kind: t(f"workshops.kind.{kind}", lang),
        )
        columns = st.columns(3)
        columns[0].selectbox(t("workshops.field_language", lang), LANGUAGES, key="new_language")
        columns[1].number_input(
            t("workshops.field_min_group", lang),
            min_value=3,
            max_value=50,
            value=5,
            step=1,
            key="new_min_group",
        )
        columns[2].toggle(t("workshops.field_open_now", lang), value=True, key="new_open_now")
        st.form_submit_button(
            t("workshops.create_submit", lang),
            type="primary",
            key="create_workshop_submit",
            on_click=_create,
            args=(lang,),
        )
    message = st.session_state.pop("workshop_message", None)
    if message:
        kind, text = message
        (st.success if kind == "success" else st.error)(text)


def _move(workshop_id: int, status: str, new_round: bool, lang: str) -> None:
    try:
        with Session(resources.engine()) as session:
            moved = change_status(
                session=session, workshop_id=workshop_id, status=status, new_round=new_round
            )
    except WorkshopStateError as problem:
        st.session_state["workshop_message"] = ("error", problem.message(lang))
        return
    status_text = t(f"workshops.status.{moved.status}", lang)
    st.session_state["workshop_message"] = (
        "success",
        t("workshops.moved", lang, status=status_text),
    )


def status_controls(workshop: Workshop, lang: str) -> None:
    assert workshop.id is not None
    with Session(resources.engine()) as session:
        count = workshop_revision(session=session, workshop_id=workshop.id).responses
    columns = st.columns(4)
    columns[0].metric(t("workshops.code", lang), workshop.code)
    columns[1].metric(t("workshops.status", lang), t(f"workshops.status.{workshop.status}", lang))
    columns[2].metric(t("workshops.round", lang), workshop.current_round)
    columns[3].metric(t("results.responses", lang), count)
    buttons = st.container(horizontal=True)
    if workshop.status in (DRAFT, CLOSED):
        buttons.button(
            t("workshops.open", lang),
            key="workshop_open",
            type="primary",
            on_click=_move,
            args=(workshop.id, OPEN, False, lang),
        )
    if workshop.status == OPEN:
        buttons.button(
            t("workshops.close", lang),
            key="workshop_close",
            on_click=_move,
            args=(workshop.id, CLOSED, False, lang),
        )
    if workshop.status == CLOSED:
        buttons.button(
            t("workshops.new_round", lang),
            key="workshop_new_round",
            on_click=_move,
            args=(workshop.id, OPEN, True, lang),
        )


def page_links(workshop: Workshop, lang: str) -> None:
    """Links that keep this signed-in session (a new tab would have to sign in again)."""
    links = st.container(horizontal=True, gap="large")
    query = {"code": workshop.code}
    for page, label, icon in (
        ("pages/join.py", "nav.join", ":material/qr_code_2:"),
        ("pages/present.py", "nav.present", ":material/co_present:"),
        ("pages/results.py", "nav.results", ":material/insights:"),
        ("pages/analysis.py", "nav.analysis", ":material/query_stats:"),
    ):
        links.page_link(page, label=t(label, lang), query_params=query, icon=icon)


def _invite(workshop_id: int) -> None:
    roles = st.session_state.get("invite_roles") or []
    with Session(resources.engine()) as session:
        create_invitations(session=session, workshop_id=workshop_id, roles=roles)


def invitations(workshop: Workshop, lang: str) -> None:
    assert workshop.id is not None
    st.header(t("workshops.invitations", lang))
    if workshop.kind != "team":
        st.caption(t("workshops.invite_team_only", lang))
        return
    with Session(resources.engine()) as session:
        existing = list_invitations(session=session, workshop_id=workshop.id)
    base = public_base()
    if existing:
        table = pd.DataFrame(
            {
                "role": [role_label(i.role, lang) for i in existing],
                "link": [join_url(base, workshop.code, invite=i.token) for i in existing],
                "status": [
                    t("workshops.invite_used" if i.response_id else "workshops.invite_unused", lang)
                    for i in existing
                ],
            }
        )
        st.dataframe(
            table,
            hide_index=True,
            key="invitation_table",
            column_config={"link": st.column_config.LinkColumn()},
        )
    st.multiselect(
        t("workshops.invite_roles", lang),
        ROLES_TO_INVITE,
        default=list(TEAM_ROLES),
        format_func=lambda role: role_label(role, lang),
        key="invite_roles",
    )
    st.button(
        t("workshops.invite_create", lang),
        key="invite_create",
        on_click=_invite,
        args=(workshop.id,),
    )


ROLES_TO_INVITE = (*TEAM_ROLES, "OTHER")


def facilitator_comments(workshop: Workshop, lang: str) -> None:
    """Free text stays with the facilitator: shown as plain text, never as Markdown."""
    assert workshop.id is not None
    st.header(t("workshops.comments", lang))
    with Session(resources.engine()) as session:
        rows = comments(session=session, workshop_id=workshop.id)
    if not rows:
        st.caption(t("workshops.no_comments", lang))
        return
    st.dataframe(
        pd.DataFrame(rows, columns=["role", "comment"]), hide_index=True, key="comment_table"
    )


def _purge(workshop_id: int, code: str, lang: str) -> None:
    state = st.session_state
    if str(state.get("purge_code") or "").strip().upper() != code:
        state["workshop_message"] = ("error", t("workshops.purge_mismatch", lang))
        return
    try:
        with Session(resources.engine()) as session:
            count = purge_workshop(session=session, workshop_id=workshop_id)
    except WorkshopStateError as problem:
        state["workshop_message"] = ("error", problem.message(lang))
        return
    state.pop("facilitator_workshop", None)
    state.pop("remembered_workshop", None)
    if st.query_params.get("code", "").upper() == code:
        del st.query_params["code"]
    state["workshop_message"] = ("success", t("workshops.purged", lang, code=code, count=count))


def purge_control(workshop: Workshop, lang: str) -> None:
    """Closed workshops only: delete their data for good, after typing the code (GDPR)."""
    assert workshop.id is not None
    if workshop.status != CLOSED:
        return
    with Session(resources.engine()) as session:
        count = workshop_revision(session=session, workshop_id=workshop.id).responses
    with st.expander(t("workshops.purge", lang), icon=":material/delete_forever:"):
        st.markdown(t("workshops.purge_help", lang, count=count, code=workshop.code))
        st.text_input(t("workshops.purge_code", lang), key="purge_code")
        st.button(
            t("workshops.purge_button", lang),
            key="purge_submit",
            on_click=_purge,
            args=(workshop.id, workshop.code, lang),
        )
