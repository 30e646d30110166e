from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from survey.config import DEFAULT_QUESTIONNAIRE
from survey.questionnaire import (
    LANGUAGES,
    Questionnaire,
    QuestionnaireError,
    load_questionnaire,
    parse_questionnaire,
)


@pytest.fixture
def raw() -> dict[str, Any]:
    return yaml.safe_load(DEFAULT_QUESTIONNAIRE.read_text(encoding="utf-8"))


def test_the_shipped_file_is_complete(questionnaire: Questionnaire) -> None:
    assert questionnaire.item_ids[0] == "overall"
    assert len(questionnaire.cio_items) == 11  # overall + ten dimensions
    assert len(set(questionnaire.item_ids)) == len(questionnaire.items)
    for item in questionnaire.items:
        for text in (item.name, item.low, item.high, item.midpoint):
            assert set(text) == set(LANGUAGES)
            assert all(value.strip() for value in text.values())
    assert set(questionnaire.dont_know) == set(LANGUAGES)


def test_every_bipolar_item_is_asked_in_both_lenses_and_delivery_today_only(
    questionnaire: Questionnaire,
) -> None:
    keys = [q.key for q in questionnaire.questions()]
    assert len(keys) == 2 * 11 + 1
    assert "delivery__today" in keys and "delivery__expected" not in keys
    assert keys[: len(questionnaire.items)] == [f"{i}__today" for i in questionnaire.item_ids]
    delivery = questionnaire.item("delivery")
    assert delivery.kind == "unipolar" and not delivery.places_cio


def _error(raw: dict[str, Any]) -> str:
    with pytest.raises(QuestionnaireError) as info:
        parse_questionnaire(raw, source="q.yaml")
    return str(info.value)


def test_duplicate_ids_are_named(raw: dict[str, Any]) -> None:
    raw["items"].append(copy.deepcopy(raw["items"][1]))
    message = _error(raw)
    assert "duplicate id 'mandate'" in message
    assert f"item {len(raw['items'])}" in message


@pytest.mark.parametrize("field", ["name", "low", "high"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_missing_translation_names_item_field_and_language(
    raw: dict[str, Any], field: str, lang: str
) -> None:
    del raw["items"][3][field][lang]
    message = _error(raw)
    assert "value_language" in message and field in message and repr(lang) in message


def test_an_empty_translation_is_refused(raw: dict[str, Any]) -> None:
    raw["items"][0]["high"]["nl"] = "   "
    assert "overall" in _error(raw) and "'nl'" in _error(raw)


@pytest.mark.parametrize("points", [5, 10, None])
def test_the_scale_must_have_seven_points(raw: dict[str, Any], points: int | None) -> None:
    raw["scale"]["points"] = points
    assert "scale.points must be 7" in _error(raw)


def test_missing_dont_know_or_midpoint_labels_are_refused(raw: dict[str, Any]) -> None:
    broken = copy.deepcopy(raw)
    del broken["scale"]["dont_know"]["fr"]
    assert "scale.dont_know" in _error(broken)
    del raw["scale"]["midpoint"]
    assert "scale.midpoint" in _error(raw)


def test_a_language_missing_from_the_list_is_refused(raw: dict[str, Any]) -> None:
    raw["languages"] = ["en", "fr"]
    assert "languages must include nl" in _error(raw)


@pytest.mark.parametrize("bad_id", ["Mandate", "two words", "", None, 7])
def test_item_ids_must_be_lower_case_identifiers(raw: dict[str, Any], bad_id: object) -> None:
    raw["items"][2]["id"] = bad_id
    assert "item 3" in _error(raw) and "id must be" in _error(raw)


def test_unknown_lens_and_kind_are_refused(raw: dict[str, Any]) -> None:
    broken = copy.deepcopy(raw)
    broken["items"][0]["lenses"] = ["today", "tomorrow"]
    assert "(overall): lenses" in _error(broken)
    raw["items"][0]["kind"] = "sliding"
    assert "(overall): kind" in _error(raw)


def test_file_level_problems(tmp_path: Path) -> None:
    with pytest.raises(QuestionnaireError, match="not found"):
        load_questionnaire(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("items: [unclosed", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match=r"bad\.yaml: not valid YAML"):
        load_questionnaire(bad)
    bad.write_text("- just a list", encoding="utf-8")
    with pytest.raises(QuestionnaireError, match="mapping at the top level"):
        load_questionnaire(bad)
