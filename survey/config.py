"""Typed settings read from the environment, in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'survey.db'}"
DEFAULT_QUESTIONNAIRE = DATA_DIR / "questionnaire.yaml"
DEFAULT_PASSWORD_FILE = DATA_DIR / ".facilitator-password"


class SettingsError(ValueError):
    """A setting in the environment has a value the app cannot use."""


@dataclass(frozen=True)
class Settings:
    """Everything the app reads from its environment.

    | variable | default | meaning |
    |---|---|---|
    | DATABASE_URL | SQLite file data/survey.db | SQLAlchemy URL of the database |
    | SURVEY_QUESTIONNAIRE | data/questionnaire.yaml | the questionnaire file |
    | SURVEY_MAX_COMMENT | 1000 | longest comment a respondent may leave, in characters |
    | SURVEY_SMALL_GROUP | 10 | below this many answers per role, charts show every answer |
    | SURVEY_ADMIN_PASSWORD | (none) | the facilitator password (or in st.secrets) |
    | SURVEY_ADMIN_PASSWORD_FILE | data/.facilitator-password | where a generated one is kept |
    | SURVEY_PUBLIC_URL | (the server's own address) | base of join links and QR codes |
    | SURVEY_PRESENTER_REFRESH | 1 | seconds between presenter-view refreshes |
    | SURVEY_API_TOKEN | (none: no download URLs) | bearer token for the download URLs |
    """

    database_url: str = DEFAULT_DATABASE_URL
    questionnaire_path: Path = DEFAULT_QUESTIONNAIRE
    max_comment_length: int = 1000
    small_group: int = 10
    admin_password: str | None = None
    admin_password_file: Path = DEFAULT_PASSWORD_FILE
    public_url: str | None = None
    presenter_refresh: int = 1
    api_token: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=_database_url(env.get("DATABASE_URL", "").strip()),
            questionnaire_path=Path(env.get("SURVEY_QUESTIONNAIRE") or DEFAULT_QUESTIONNAIRE),
            max_comment_length=_positive_int(env, "SURVEY_MAX_COMMENT", 1000),
            small_group=_positive_int(env, "SURVEY_SMALL_GROUP", 10),
            admin_password=env.get("SURVEY_ADMIN_PASSWORD") or None,
            admin_password_file=Path(
                env.get("SURVEY_ADMIN_PASSWORD_FILE") or DEFAULT_PASSWORD_FILE
            ),
            public_url=_public_url(env.get("SURVEY_PUBLIC_URL", "").strip()),
            presenter_refresh=_positive_int(env, "SURVEY_PRESENTER_REFRESH", 1),
            api_token=env.get("SURVEY_API_TOKEN") or None,
        )


def _database_url(value: str) -> str:
    if not value:
        return DEFAULT_DATABASE_URL
    if value.startswith("postgres://"):
        # Heroku-style URLs: SQLAlchemy wants the dialect spelled out.
        value = "postgresql+psycopg://" + value.removeprefix("postgres://")
    elif value.startswith("postgresql://"):
        value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
    if not value.startswith(("sqlite:", "postgresql+psycopg:")):
        raise SettingsError(
            "DATABASE_URL must start with sqlite:/// or postgresql+psycopg:// "
            f"(got a URL starting with {value.split(':', 1)[0]!r})"
        )
    return value


def _public_url(value: str) -> str | None:
    if not value:
        return None
    if not value.startswith(("http://", "https://")):
        raise SettingsError(
            f"SURVEY_PUBLIC_URL must start with http:// or https:// (got {value!r})"
        )
    return value.rstrip("/")


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < 1:
        raise SettingsError(f"{name} must be at least 1, got {value}")
    return value
