"""Numbers and dates written the way each language's readers expect (Babel): 3.5 in English,
3,5 in French and Dutch."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime
from babel.numbers import format_decimal

LOCALES = {"en": "en_GB", "fr": "fr_BE", "nl": "nl_BE"}


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["en"])


def decimal(value: float, lang: str, *, digits: int = 1) -> str:
    pattern = "0." + "0" * digits if digits else "0"
    return format_decimal(value, format=pattern, locale=_locale(lang))


def signed(value: float, lang: str, *, digits: int = 1) -> str:
    """A gap with its sign: +1.5 / −0.5 (0.0 unsigned)."""
    pattern = "0." + "0" * digits if digits else "0"
    return format_decimal(value, format=f"+{pattern};-{pattern}", locale=_locale(lang))


def moment(value: datetime, lang: str) -> str:
    return format_datetime(value, format="medium", locale=_locale(lang))
