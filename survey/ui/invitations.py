"""A personal invitation link (`?invite=TOKEN`): valid, unknown, or already used."""

from __future__ import annotations

import streamlit as st
from sqlmodel import Session

from survey.models import Invitation, Workshop
from survey.store import get_invitation
from survey.ui import resources

INVITE = "invite"


def invitation_from_link(workshop: Workshop) -> tuple[Invitation | None, str | None]:
    """(the invitation, None) when valid and unused; (None, message key) when it is not;
    (None, None) without `?invite=` in the link."""
    token = st.query_params.get(INVITE, "").strip()
    if not token:
        return None, None
    with Session(resources.engine()) as session:
        invitation = get_invitation(session=session, token=token[:64])
    if invitation is None or invitation.workshop_id != workshop.id:
        return None, "survey.invitation_unknown"
    if invitation.response_id is not None:
        return None, "survey.invitation_used"
    return invitation, None
