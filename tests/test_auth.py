"""The facilitator password: sources, constant-time check, slowing down guesses."""

from __future__ import annotations

import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session

from survey.auth import (
    FREE_ATTEMPTS,
    MAX_WAIT_SECONDS,
    find_secret,
    generate_secret_file,
    password_matches,
    seconds_to_wait,
)
from survey.config import Settings
from survey.store import clear_login_failures, login_failures, record_login_failure

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def test_password_matches_only_the_exact_password() -> None:
    assert password_matches("S3cret-é", "S3cret-é")
    for wrong in ("s3cret-é", "S3cret-e", "S3cret-é ", "", "S3cret"):
        assert not password_matches(wrong, "S3cret-é")


def test_the_secret_comes_from_environment_then_secrets_then_file(tmp_path: Path) -> None:
    file = tmp_path / "pw"
    settings = Settings(admin_password="from-env", admin_password_file=file)
    assert find_secret(settings, {"SURVEY_ADMIN_PASSWORD": "from-secrets"}).source == "environment"
    settings = Settings(admin_password=None, admin_password_file=file)
    found = find_secret(settings, {"SURVEY_ADMIN_PASSWORD": "from-secrets"})
    assert (found.value, found.source) == ("from-secrets", "secrets")
    missing = find_secret(settings, {})
    assert not missing.configured and missing.source == "missing"
    file.write_text("from-file\n")
    assert find_secret(settings, {}).value == "from-file"


def test_a_generated_password_is_random_private_and_kept(tmp_path: Path) -> None:
    file = tmp_path / "data" / ".facilitator-password"
    first = generate_secret_file(file)
    assert first and len(first) >= 16
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert generate_secret_file(file) is None  # kept for the next start, shown only once
    assert file.read_text().strip() == first
    other = generate_secret_file(tmp_path / "elsewhere")
    assert other != first


def test_the_first_wrong_attempts_are_free_then_the_wait_doubles() -> None:
    failures: list[datetime] = []
    waits = []
    for _ in range(FREE_ATTEMPTS + 4):
        waits.append(seconds_to_wait(failures, NOW))
        failures.append(NOW)
    assert waits[:FREE_ATTEMPTS] == [0, 0, 0]
    assert waits[FREE_ATTEMPTS:] == [1, 2, 4, 8]
    many = [NOW] * 40
    assert seconds_to_wait(many, NOW) == MAX_WAIT_SECONDS


def test_the_wait_runs_from_the_latest_failure_and_old_failures_expire() -> None:
    failures = [NOW - timedelta(seconds=3)] * 4  # wait 2 s after the latest: over already
    assert seconds_to_wait(failures, NOW) == 0
    failures = [NOW - timedelta(seconds=1)] * 5  # 4 s after the latest: 3 s left
    assert seconds_to_wait(failures, NOW) == pytest.approx(3)
    stale = [NOW - timedelta(hours=1)] * 10
    assert seconds_to_wait(stale, NOW) == 0


def test_failures_are_kept_per_client_in_the_database(session: Session) -> None:
    since = datetime.now(UTC) - timedelta(minutes=1)
    for _ in range(3):
        record_login_failure(session=session, client="10.0.0.1")
    record_login_failure(session=session, client="10.0.0.2")
    assert len(login_failures(session=session, client="10.0.0.1", since=since)) == 3
    clear_login_failures(session=session, client="10.0.0.1")
    assert login_failures(session=session, client="10.0.0.1", since=since) == []
    assert len(login_failures(session=session, client="10.0.0.2", since=since)) == 1
