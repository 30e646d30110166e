"""Interface text in English, French and Dutch, from the single catalogue `messages.yaml`.

`t(key, lang, **values)` looks a message up and fills its {placeholders}. Questionnaire
wording lives in the questionnaire file, not here. Tests check that every key exists in all
three languages with the same placeholders, so no user ever sees a raw key.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_LANGUAGE = "en"
MESSAGES = Path(__file__).with_name("messages.yaml")


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    with MESSAGES.open(encoding="utf-8") as source:
        return dict(yaml.safe_load(source))


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    entry = catalogue()[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def role_label(role: str, lang: str = DEFAULT_LANGUAGE, *, short: bool = False) -> str:
    if short and f"role_short.{role}" in catalogue():
        return t(f"role_short.{role}", lang)
    return t(f"role.{role}", lang)
