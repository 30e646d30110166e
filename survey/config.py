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
    """

    database_url: str = DEFAULT_DATABASE_URL
    questionnaire_path: Path = DEFAULT_QUESTIONNAIRE
    max_comment_length: int = 1000
    small_group: int = 10

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=_database_url(env.get("DATABASE_URL", "").strip()),
            questionnaire_path=Path(env.get("SURVEY_QUESTIONNAIRE") or DEFAULT_QUESTIONNAIRE),
            max_comment_length=_positive_int(env, "SURVEY_MAX_COMMENT", 1000),
            small_group=_positive_int(env, "SURVEY_SMALL_GROUP", 10),
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
