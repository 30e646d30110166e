"""The facilitator password: where it comes from, how it is checked, how guessing is slowed."""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from survey.config import Settings

SECRET_NAME = "SURVEY_ADMIN_PASSWORD"
FREE_ATTEMPTS = 3
"""Wrong passwords allowed before each further attempt has to wait."""
MAX_WAIT_SECONDS = 60.0
FAILURE_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class FacilitatorSecret:
    value: str | None
    source: str
    """"environment", "secrets", "file", or "missing"."""

    @property
    def configured(self) -> bool:
        return bool(self.value)


def find_secret(settings: Settings, secrets_: Mapping[str, object]) -> FacilitatorSecret:
    """The password from the environment, else st.secrets, else the generated file."""
    if settings.admin_password:
        return FacilitatorSecret(settings.admin_password, "environment")
    from_secrets = secrets_.get(SECRET_NAME)
    if isinstance(from_secrets, str) and from_secrets:
        return FacilitatorSecret(from_secrets, "secrets")
    try:
        from_file = settings.admin_password_file.read_text(encoding="utf-8").strip()
    except OSError:
        from_file = ""
    if from_file:
        return FacilitatorSecret(from_file, "file")
    return FacilitatorSecret(None, "missing")


def generate_secret_file(path: Path) -> str | None:
    """Create a random password in `path` (readable by its owner only) unless one is there.

    Returns the new password, to be shown once, or None when the file already existed.
    """
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(12)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(password + "\n")
    return password


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison, so the time taken tells nothing about the password."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def seconds_to_wait(failures: Sequence[datetime], now: datetime) -> float:
    """How long the next attempt must wait after these recent failures (0 = may try now).

    The first FREE_ATTEMPTS failures cost nothing; each further one doubles the wait after
    the latest failure, from 1 second up to MAX_WAIT_SECONDS.
    """
    recent = sorted(moment for moment in failures if now - moment < FAILURE_WINDOW)
    extra = len(recent) - FREE_ATTEMPTS + 1
    if extra <= 0:
        return 0.0
    wait = min(MAX_WAIT_SECONDS, 2.0 ** (extra - 1))
    ready = recent[-1] + timedelta(seconds=wait)
    return max(0.0, (ready - now).total_seconds())
