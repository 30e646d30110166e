from __future__ import annotations

from typing import Any

import pytest

from survey.questionnaire import Questionnaire
from survey.submission import DONT_KNOW, SubmissionProblems, build_submission


def _build(questionnaire: Questionnaire, **changes: Any):  # type: ignore[no-untyped-def]
    fields: dict[str, Any] = {
        "questionnaire": questionnaire,
        "role": "CFO",
        "organisation": "  Acme  ",
        "language": "fr",
        "comment": "",
        "answers": {q.key: 5 for q in questionnaire.questions()},
        "idempotency_key": "k1",
        "max_comment_length": 20,
    }
    fields.update(changes)
    return build_submission(**fields)


def test_a_complete_form_becomes_a_submission(questionnaire: Questionnaire) -> None:
    answers = {q.key: 5 for q in questionnaire.questions()}
    answers["mandate__today"] = DONT_KNOW
    data = _build(questionnaire, answers=answers)
    assert data.role == "CFO" and data.organisation == "Acme" and data.comment is None
    assert data.answers["mandate__today"] is None
    assert data.answers["overall__expected"] == 5
    assert len(data.answers) == len(questionnaire.questions())


def test_every_missing_answer_is_reported_at_once(questionnaire: Questionnaire) -> None:
    answers = {q.key: 5 for q in questionnaire.questions()}
    del answers["scope__today"]
    answers["change__expected"] = None
    with pytest.raises(SubmissionProblems) as info:
        _build(questionnaire, answers=answers, role=None)
    assert info.value.problems == {
        "role": "error.role_missing",
        "scope__today": "error.answer_missing",
        "change__expected": "error.answer_missing",
    }


@pytest.mark.parametrize("score", [0, 8, -1, "5", 4.5, True])
def test_scores_outside_one_to_seven_are_refused(questionnaire: Questionnaire, score: Any) -> None:
    answers = {q.key: 5 for q in questionnaire.questions()}
    answers["overall__today"] = score
    with pytest.raises(SubmissionProblems) as info:
        _build(questionnaire, answers=answers)
    assert info.value.problems == {"overall__today": "error.score_range"}


def test_role_comment_language_and_unknown_questions(questionnaire: Questionnaire) -> None:
    answers = {q.key: 5 for q in questionnaire.questions()}
    answers["delivery__expected"] = 3
    with pytest.raises(SubmissionProblems) as info:
        _build(questionnaire, role="CTO", comment="x" * 21, language="de", answers=answers)
    assert info.value.problems == {
        "role": "error.role_unknown",
        "comment": "error.comment_too_long",
        "language": "error.language_unknown",
        "delivery__expected": "error.question_unknown",
    }
    assert _build(questionnaire, comment="x" * 20).comment == "x" * 20
