"""Turn what a respondent filled in into a complete, valid submission, or say what is missing.

Problems are reported per field (`role`, `comment`, or a question key such as `mandate__today`)
as message keys of `survey.i18n`, so the page can point at each one in the respondent's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from survey.models import (
    IDEMPOTENCY_KEY_LENGTH,
    MAX_ORGANISATION,
    PREDICTED_ROLES,
    ROLES,
    SELF_ROLE,
    ResponseCreate,
)
from survey.questionnaire import LANGUAGES, POINTS, Questionnaire

DONT_KNOW = "dont_know"
"""The form value of the "don't know" choice; stored as an empty score."""
SCORES: tuple[int, ...] = tuple(range(1, POINTS + 1))


@dataclass
class SubmissionProblems(Exception):  # noqa: N818 - it carries the problems
    """What is wrong with a submission: field -> message key (see survey.i18n)."""

    problems: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return ", ".join(f"{name}: {key}" for name, key in self.problems.items())


def build_submission(
    *,
    questionnaire: Questionnaire,
    role: object,
    organisation: object,
    language: object,
    comment: object,
    answers: Mapping[str, object],
    idempotency_key: str,
    max_comment_length: int,
    predictions: Mapping[str, object] | None = None,
    invitation_token: str | None = None,
) -> ResponseCreate:
    """Validate every field; raise SubmissionProblems listing all problems at once.

    `predictions` (peer role -> the CIO's guess of that role's overall score today) are
    optional and kept only when the respondent is the CIO.
    """
    problems: dict[str, str] = {}
    if role is None or role == "":
        problems["role"] = "error.role_missing"
    elif role not in ROLES:
        problems["role"] = "error.role_unknown"
    organisation_text = _clean_text(organisation)
    if organisation_text is not None and len(organisation_text) > MAX_ORGANISATION:
        problems["organisation"] = "error.organisation_too_long"
    comment_text = _clean_text(comment)
    if comment_text is not None and len(comment_text) > max_comment_length:
        problems["comment"] = "error.comment_too_long"
    if language not in LANGUAGES:
        problems["language"] = "error.language_unknown"
    if not idempotency_key or len(idempotency_key) > IDEMPOTENCY_KEY_LENGTH:
        problems["submission"] = "error.submission_key"
    scores: dict[str, int | None] = {}
    for question in questionnaire.questions():
        value = answers.get(question.key)
        if value is None or value == "":
            problems[question.key] = "error.answer_missing"
        elif value == DONT_KNOW:
            scores[question.key] = None
        elif isinstance(value, int) and not isinstance(value, bool) and value in SCORES:
            scores[question.key] = value
        else:
            problems[question.key] = "error.score_range"
    unknown = sorted(set(answers) - {q.key for q in questionnaire.questions()})
    for key in unknown:
        problems[key] = "error.question_unknown"
    guesses: dict[str, int] = {}
    for peer, value in (predictions or {}).items():
        if value is None or value == "" or role != SELF_ROLE:
            continue
        if peer not in PREDICTED_ROLES:
            problems[f"predict__{peer}"] = "error.question_unknown"
        elif isinstance(value, int) and not isinstance(value, bool) and value in SCORES:
            guesses[peer] = value
        else:
            problems[f"predict__{peer}"] = "error.score_range"
    if problems:
        raise SubmissionProblems(problems)
    return ResponseCreate(
        role=str(role),
        organisation=organisation_text,
        language=str(language),
        comment=comment_text,
        idempotency_key=idempotency_key,
        answers=scores,
        predictions=guesses,
        invitation_token=invitation_token,
    )


def _clean_text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
