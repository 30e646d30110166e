"""Process-wide resources, created once per server process and shared by every session."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

from survey.config import Settings
from survey.questionnaire import Questionnaire, load_questionnaire
from survey.store import create_schema, make_engine


@st.cache_resource
def settings() -> Settings:
    return Settings.from_env()


@st.cache_resource
def engine() -> Engine:
    """One engine (and connection pool) per process; the schema is created on first use."""
    database = make_engine(settings().database_url)
    create_schema(database)
    return database


@st.cache_resource
def questionnaire() -> Questionnaire:
    return load_questionnaire(settings().questionnaire_path)


def read_secrets() -> dict[str, object]:
    """st.secrets as a plain dict; empty when there is no (readable) secrets file."""
    try:
        return dict(st.secrets)
    except Exception:  # the environment may hold what is needed instead
        return {}
