"""Short questions for the room, made from the workshop's largest gaps."""

from __future__ import annotations

import pandas as pd

from survey.formatting import decimal
from survey.i18n import role_label, t
from survey.questionnaire import Questionnaire


def discussion_questions(gaps: pd.DataFrame, questionnaire: Questionnaire, lang: str) -> list[str]:
    """One question per gap of `analysis.largest_gaps`, in its order."""
    questions = []
    for gap in gaps.itertuples():
        item = questionnaire.item(gap.item_id).name[lang]
        size = decimal(abs(float(gap.size)), lang)
        first = role_label(gap.role_a, lang, short=True)
        second = role_label(gap.role_b, lang, short=True)
        if gap.kind == "roles":
            text = t("prompt.roles", lang, high=first, low=second, size=size, item=item)
        elif gap.kind == "self":
            key = "prompt.self_high" if gap.size > 0 else "prompt.self_low"
            text = t(key, lang, size=size, item=item)
        else:
            text = t("prompt.expectation", lang, role=first, size=size, item=item)
        questions.append(text)
    return questions
