"""Load and validate the questionnaire file (items, anchors and wording in every language)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from survey.config import DEFAULT_QUESTIONNAIRE

LENSES: tuple[str, ...] = ("today", "expected")
LANGUAGES: tuple[str, ...] = ("en", "fr", "nl")
POINTS = 7
MIDPOINT = 4
ITEM_KINDS = ("bipolar", "unipolar")

Text = dict[str, str]


class QuestionnaireError(ValueError):
    """The questionnaire file is not usable; the message names the bad entry."""


@dataclass(frozen=True)
class Item:
    """One 7-point semantic differential: 1 = `low` anchor, 7 = `high` anchor."""

    id: str
    kind: str
    lenses: tuple[str, ...]
    name: Text
    low: Text
    high: Text
    midpoint: Text
    question: Text | None = None

    @property
    def places_cio(self) -> bool:
        """True for items on the line from IT manager (1) to strategist (7)."""
        return self.kind == "bipolar"


@dataclass(frozen=True)
class Question:
    """One item asked in one lens: one answer per respondent."""

    item: Item
    lens: str

    @property
    def key(self) -> str:
        return f"{self.item.id}__{self.lens}"


@dataclass(frozen=True)
class Questionnaire:
    version: int
    languages: tuple[str, ...]
    dont_know: Text
    lens_stems: dict[str, Text]
    items: tuple[Item, ...]

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    @property
    def cio_items(self) -> tuple[Item, ...]:
        """The items that place the CIO between IT manager and strategist, in file order."""
        return tuple(item for item in self.items if item.places_cio)

    def questions(self, lens: str | None = None) -> list[Question]:
        """Every (item, lens) pair, lens by lens (the today block, then the expected block)."""
        lenses = LENSES if lens is None else (lens,)
        return [Question(item, ln) for ln in lenses for item in self.items if ln in item.lenses]

    def is_valid_answer(self, item_id: str, lens: str) -> bool:
        return any(i.id == item_id and lens in i.lenses for i in self.items)


def load_questionnaire(path: Path | str = DEFAULT_QUESTIONNAIRE) -> Questionnaire:
    """Read and validate a questionnaire file; raise QuestionnaireError naming what is wrong."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise QuestionnaireError(f"questionnaire file not found: {path}") from None
    except yaml.YAMLError as exc:
        raise QuestionnaireError(f"{path.name}: not valid YAML: {exc}") from None
    return parse_questionnaire(raw, source=path.name)


@lru_cache(maxsize=8)
def cached_questionnaire(path: str = str(DEFAULT_QUESTIONNAIRE)) -> Questionnaire:
    return load_questionnaire(path)


def parse_questionnaire(raw: Any, *, source: str = "questionnaire") -> Questionnaire:
    if not isinstance(raw, dict):
        raise QuestionnaireError(f"{source}: the file must hold a mapping at the top level")
    languages = tuple(raw.get("languages") or ())
    missing = [lang for lang in LANGUAGES if lang not in languages]
    if missing:
        raise QuestionnaireError(f"{source}: languages must include {', '.join(missing)}")
    scale = _mapping(raw.get("scale"), f"{source}: scale")
    if scale.get("points") != POINTS:
        raise QuestionnaireError(
            f"{source}: scale.points must be {POINTS} (got {scale.get('points')!r})"
        )
    midpoint = _text(scale.get("midpoint"), f"{source}: scale.midpoint", languages)
    dont_know = _text(scale.get("dont_know"), f"{source}: scale.dont_know", languages)
    lenses_raw = _mapping(raw.get("lenses"), f"{source}: lenses")
    if set(lenses_raw) != set(LENSES):
        raise QuestionnaireError(f"{source}: lenses must be exactly {', '.join(LENSES)}")
    stems = {ln: _text(lenses_raw[ln], f"{source}: lenses.{ln}", languages) for ln in LENSES}
    items_raw = raw.get("items")
    if not isinstance(items_raw, list) or not items_raw:
        raise QuestionnaireError(f"{source}: items must be a non-empty list")
    items: list[Item] = []
    seen: set[str] = set()
    for index, entry in enumerate(items_raw, start=1):
        item = _item(entry, f"{source}: item {index}", languages, midpoint)
        if item.id in seen:
            raise QuestionnaireError(f"{source}: item {index}: duplicate id {item.id!r}")
        seen.add(item.id)
        items.append(item)
    if not any(item.places_cio for item in items):
        raise QuestionnaireError(f"{source}: at least one item must be bipolar")
    return Questionnaire(
        version=int(raw.get("version", 1)),
        languages=languages,
        dont_know=dont_know,
        lens_stems=stems,
        items=tuple(items),
    )


def _item(entry: Any, where: str, languages: tuple[str, ...], midpoint: Text) -> Item:
    entry = _mapping(entry, where)
    item_id = entry.get("id")
    if not isinstance(item_id, str) or not item_id.isidentifier() or item_id != item_id.lower():
        raise QuestionnaireError(f"{where}: id must be a lower-case identifier (got {item_id!r})")
    where = f"{where} ({item_id})"
    kind = entry.get("kind", "bipolar")
    if kind not in ITEM_KINDS:
        raise QuestionnaireError(f"{where}: kind must be one of {', '.join(ITEM_KINDS)}")
    lenses = tuple(entry.get("lenses") or LENSES)
    if not lenses or any(ln not in LENSES for ln in lenses):
        raise QuestionnaireError(f"{where}: lenses must be taken from {', '.join(LENSES)}")
    question = entry.get("question")
    return Item(
        id=item_id,
        kind=kind,
        lenses=lenses,
        name=_text(entry.get("name"), f"{where}: name", languages),
        low=_text(entry.get("low"), f"{where}: low", languages),
        high=_text(entry.get("high"), f"{where}: high", languages),
        midpoint=_text(entry["midpoint"], f"{where}: midpoint", languages)
        if "midpoint" in entry
        else midpoint,
        question=None if question is None else _text(question, f"{where}: question", languages),
    )


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise QuestionnaireError(f"{where} must be a mapping")
    return value


def _text(value: Any, where: str, languages: tuple[str, ...]) -> Text:
    value = _mapping(value, where)
    for lang in languages:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise QuestionnaireError(f"{where}: the {lang!r} text is missing or empty")
    return {lang: str(value[lang]).strip() for lang in languages}
