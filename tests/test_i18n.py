"""Three languages everywhere: the catalogue is complete, code only uses keys that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from survey.config import PROJECT_ROOT
from survey.formatting import decimal, signed
from survey.i18n import catalogue, t
from survey.models import ROLES, WORKSHOP_KINDS, WORKSHOP_STATES
from survey.questionnaire import LANGUAGES, LENSES

PLACEHOLDER = re.compile(r"\{[^}]*\}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_is_translated_with_the_same_placeholders(lang: str) -> None:
    for key, texts in catalogue().items():
        assert isinstance(texts.get(lang), str) and texts[lang].strip(), f"{key} has no {lang}"
        assert sorted(PLACEHOLDER.findall(texts[lang])) == sorted(
            PLACEHOLDER.findall(texts["en"])
        ), f"{key} ({lang}) has other placeholders than English"


def _code() -> str:
    files = [
        *PROJECT_ROOT.joinpath("survey").rglob("*.py"),
        *PROJECT_ROOT.joinpath("pages").glob("*.py"),
    ]
    return "\n".join(Path(f).read_text(encoding="utf-8") for f in files)


def test_every_key_the_code_asks_for_exists() -> None:
    used = set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-zA-Z_.]+)["']""", _code()))
    assert used, "the scan found no keys at all"
    missing = sorted(used - set(catalogue()))
    assert not missing


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("role.", ROLES),
        ("lens.", LENSES),
        ("workshops.kind.", WORKSHOP_KINDS),
        ("workshops.status.", WORKSHOP_STATES),
        (
            "present.view.",
            (
                "waiting",
                "ladder",
                "self",
                "between",
                "expectation",
                "prompts",
                "prediction",
                "convergence",
            ),
        ),
        ("chart.", ("blind_spot", "hidden_strength", "aligned")),
        ("nav.", ("join", "present", "results", "analysis")),
    ],
)
def test_keys_built_at_run_time_exist(prefix: str, values: tuple[str, ...]) -> None:
    for value in values:
        assert f"{prefix}{value}" in catalogue()


def test_french_and_dutch_really_differ_from_english() -> None:
    same = [k for k, v in catalogue().items() if v["fr"] == v["en"] and v["nl"] == v["en"]]
    assert len(same) < 0.15 * len(catalogue()), same  # only names such as CEO, Excel...


def test_numbers_are_written_for_the_language() -> None:
    assert (
        decimal(3.5, "en") == "3.5" and decimal(3.5, "fr") == "3,5" and decimal(3.5, "nl") == "3,5"
    )
    assert (
        signed(1.25, "nl") == "+1,2" and signed(-2, "fr") == "-2,0" and signed(0.5, "en") == "+0.5"
    )
    assert t("survey.progress", "fr", answered=3, total=23) == "3 sur 23 réponses données"


def test_the_codebook_speaks_the_analysts_language(questionnaire) -> None:  # type: ignore[no-untyped-def]
    from survey.codebook import codebook_rows

    english = {row[0]: row[3] for row in codebook_rows(questionnaire, "en")}
    french = {row[0]: row[3] for row in codebook_rows(questionnaire, "fr")}
    assert english.keys() == french.keys()
    assert english["score"] == t("codebook.score", "en") and french["score"] == t(
        "codebook.score", "fr"
    )
    assert french["overall__today"] == t("codebook.bipolar", "fr")
