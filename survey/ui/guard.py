"""One friendly message, instead of a stack trace, when the database cannot be reached."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from survey.i18n import t
from survey.ui.workshops import DatabaseUnavailableError


@contextmanager
def database_guard(lang: str) -> Iterator[None]:
    try:
        yield
    except (SQLAlchemyError, DatabaseUnavailableError):
        st.error(t("error.database_down", lang), icon=":material/cloud_off:")
        st.stop()
