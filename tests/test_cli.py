"""`python -m survey`: workshops, demo data and export, against a real database."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from survey.__main__ import main
from survey.config import PROJECT_ROOT
from survey.questionnaire import Questionnaire


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", database_url)

    def run(*args: str) -> int:
        return main(list(args))

    return run


def _export(cli, code: str, tmp_path: Path, name: str = "out.csv") -> pd.DataFrame:  # type: ignore[no-untyped-def]
    target = tmp_path / name
    assert cli("export", "--workshop", code, "--format", "csv", "--output", str(target)) == 0
    return pd.read_csv(target, keep_default_na=False)


def test_demo_creates_the_workshop_and_realistic_answers(
    cli, tmp_path: Path, capsys: pytest.CaptureFixture[str], questionnaire: Questionnaire
) -> None:  # type: ignore[no-untyped-def]
    assert cli("demo", "--workshop", "DEMO", "--respondents", "40", "--seed", "3") == 0
    assert "40 responses added" in capsys.readouterr().out
    frame = _export(cli, "DEMO", tmp_path)
    assert frame["response_id"].nunique() == 40
    assert len(frame) == 40 * len(questionnaire.questions())
    scored = frame[frame["score"] != ""].astype({"score": int})
    bipolar = scored[scored["item_id"] != "delivery"]
    by_role = bipolar[bipolar["lens"] == "today"].groupby("role")["score"].mean()
    assert by_role["CIO"] > by_role["CFO"] + 0.5  # the CIO sees themself higher
    by_lens = bipolar.groupby("lens")["score"].mean()
    assert by_lens["expected"] > by_lens["today"] + 1  # everyone expects more
    assert 0 < (frame["score"] == "").sum() < 0.15 * len(frame)  # some "don't know"


def test_demo_is_deterministic_for_a_seed_and_idempotent(
    cli, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    cli("demo", "--workshop", "SEEDA", "--respondents", "9", "--seed", "11")
    cli("demo", "--workshop", "SEEDB", "--respondents", "9", "--seed", "11")
    cli("demo", "--workshop", "SEEDC", "--respondents", "9", "--seed", "12")
    capsys.readouterr()
    assert cli("demo", "--workshop", "SEEDA", "--respondents", "9", "--seed", "11") == 0
    assert "0 responses added, 9 already there" in capsys.readouterr().out
    columns = ["role", "organisation", "language", "item_id", "lens", "score"]
    a, b, c = (
        _export(cli, code, tmp_path, f"{code}.csv")[columns] for code in ("SEEDA", "SEEDB", "SEEDC")
    )
    assert len(a) == 9 * 23
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_workshop_create_and_list(cli, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert cli("workshop", "create", "--title", "Les Rencontres 2026", "--kind", "cohort") == 0
    code = capsys.readouterr().out.strip()
    assert len(code) == 6
    assert cli("workshop", "create", "--title", "Board", "--code", "board1") == 0
    assert capsys.readouterr().out.strip() == "BOARD1"
    assert cli("workshop", "create", "--title", "Again", "--code", "BOARD1") == 1
    assert "already exists" in capsys.readouterr().err
    assert cli("workshop", "list") == 0
    listing = capsys.readouterr().out
    assert f"{code}\topen\tcohort\t0\tLes Rencontres 2026" in listing and "BOARD1" in listing


def test_export_of_an_unknown_workshop_says_so(cli, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert cli("export", "--workshop", "NOPE42") == 1
    assert "no workshop with code NOPE42" in capsys.readouterr().err


def test_export_to_standard_output_through_python_dash_m(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    run = [sys.executable, "-m", "survey"]
    subprocess.run(
        [*run, "demo", "--workshop", "STDOUT", "--respondents", "3"],
        env=env,
        check=True,
        cwd=PROJECT_ROOT,
        capture_output=True,
    )
    out = subprocess.run(
        [*run, "export", "--workshop", "stdout"],
        env=env,
        check=True,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    ).stdout
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0][0] == "workshop_code" and len(rows) == 1 + 3 * 23


def test_a_bad_database_url_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://somewhere/db")
    assert main(["workshop", "list"]) == 2
    assert "DATABASE_URL must start with" in capsys.readouterr().err


def test_an_unreachable_database_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    assert main(["workshop", "list"]) == 3
    err = capsys.readouterr().err
    assert "could not be used" in err and "secret" not in err
