"""What every exported column and item means: the codebook shipped with each download."""

from __future__ import annotations

from survey.export import LONG_COLUMNS, RESPONSE_COLUMNS
from survey.i18n import t
from survey.questionnaire import LANGUAGES, Questionnaire

CODEBOOK_COLUMNS: tuple[str, ...] = (
    "name",
    "kind",
    "lens",
    "meaning",
    *(f"wording_{lang}" for lang in LANGUAGES),
)


def codebook_rows(questionnaire: Questionnaire, lang: str = "en") -> list[list[str]]:
    """One row per exported column, then one per question (item x lens) with its wording;
    the meanings in `lang`."""
    rows = [
        [name, t("codebook.column", lang), "", t(f"codebook.{name}", lang), "", "", ""]
        for name in dict.fromkeys([*LONG_COLUMNS, *RESPONSE_COLUMNS, *AGGREGATE_NAMES])
    ]
    for question in questionnaire.questions():
        item = question.item
        wording = [
            f"{item.name[language]}: 1 = {item.low[language]}; "
            f"4 = {item.midpoint[language]}; 7 = {item.high[language]}"
            for language in LANGUAGES
        ]
        meaning = t(f"codebook.{item.kind}", lang)
        rows.append([question.key, item.kind, question.lens, meaning, *wording])
    return rows


AGGREGATE_NAMES = ("n", "dont_know", "mean", "median", "sd", "ci_low", "ci_high", "suppressed")
