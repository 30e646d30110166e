"""The respondent's questionnaire form: every item in both lenses, one submit, stored once.

Each question is its own fragment, so choosing an answer reruns only that question on the
server (a few milliseconds, which is what lets one server take a room of a hundred people
answering at once) while every answer is kept in session state at once: a language switch or
a lost connection loses nothing. The progress line counts the checked answers in the browser
(a CSS counter), so it stays live without rerunning anything.

Submitting runs `_submit` as a callback before the page's rerun: it validates every field,
stores the response under this form's idempotency key, and leaves either a receipt (in the
link) or the problems (shown in place) in session state.
"""

from __future__ import annotations

import html
import uuid

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from survey.i18n import role_label, t
from survey.models import PREDICTED_ROLES, ROLES, SELF_ROLE, Invitation, Workshop
from survey.questionnaire import Question, Questionnaire
from survey.store import (
    InvitationError,
    WorkshopClosedError,
    find_response_id,
    response_round,
    submit_response,
)
from survey.submission import DONT_KNOW, SCORES, SubmissionProblems, build_submission
from survey.ui import resources

KEY = "submission_key"
PROBLEMS = "submission_problems"
RECEIPT = "receipt"
FORM_ERROR = "submission_error"
CHOICES: tuple[int | str, ...] = (*SCORES, DONT_KNOW)
KEPT_CHOICES = ("role", "answer__", "predict__")  # kept through a language switch
FORM_FIELDS = (KEY, PROBLEMS, FORM_ERROR, "role", "organisation", "comment")


def answer_key(question: Question) -> str:
    return f"answer__{question.key}"


def submission_key() -> str:
    if KEY not in st.session_state:
        st.session_state[KEY] = uuid.uuid4().hex
    return str(st.session_state[KEY])


def stored_receipt(workshop: Workshop) -> int | None:
    """The response id of this browser's submission in the workshop's current round, if it
    was stored (the receipt is in the link, so it survives a reload). A receipt from an
    earlier round clears the form for the new round."""
    key = st.query_params.get(RECEIPT)
    if not key:
        return None
    try:
        with Session(resources.engine()) as session:
            response_id = find_response_id(session=session, idempotency_key=key)
            answered_in = (
                None
                if response_id is None
                else response_round(session=session, response_id=response_id)
            )
    except SQLAlchemyError:
        return None
    if response_id is not None and answered_in != workshop.current_round:
        start_again()
        return None
    return response_id


def start_again() -> None:
    """Forget the last form: new idempotency key, empty answers."""
    for name in list(st.session_state):
        if name.startswith(("answer__", "predict__")) or name in FORM_FIELDS:
            del st.session_state[name]
    if RECEIPT in st.query_params:
        del st.query_params[RECEIPT]


def _submit(
    workshop_id: int, questionnaire: Questionnaire, lang: str, invitation_token: str | None
) -> None:
    state = st.session_state
    state.pop(FORM_ERROR, None)
    try:
        data = build_submission(
            predictions={role: state.get(f"predict__{role}") for role in PREDICTED_ROLES},
            invitation_token=invitation_token,
            questionnaire=questionnaire,
            role=state.get("role"),
            organisation=state.get("organisation"),
            language=lang,
            comment=state.get("comment"),
            answers={q.key: state.get(answer_key(q)) for q in questionnaire.questions()},
            idempotency_key=submission_key(),
            max_comment_length=resources.settings().max_comment_length,
        )
    except SubmissionProblems as problems:
        state[PROBLEMS] = problems.problems
        return
    state[PROBLEMS] = {}
    try:
        with Session(resources.engine()) as session:
            submit_response(session=session, workshop_id=workshop_id, data=data)
    except WorkshopClosedError:
        state[FORM_ERROR] = "survey.closed_meanwhile"
        return
    except InvitationError:
        state[FORM_ERROR] = "survey.invitation_used"
        return
    except SQLAlchemyError:
        state[FORM_ERROR] = "error.database"
        return
    st.query_params[RECEIPT] = data.idempotency_key


MISSING = ("error.answer_missing", "error.role_missing")


def _problem(name: str, questionnaire: Questionnaire, lang: str, field: str | None = None) -> None:
    """The problem found with `name` at the last submit, unless the respondent has since
    given the missing answer in `field`."""
    problem = st.session_state.get(PROBLEMS, {}).get(name)
    if problem in MISSING and field and st.session_state.get(field) is not None:
        return
    if problem:
        st.error(
            t(
                problem,
                lang,
                dont_know=questionnaire.dont_know[lang],
                max=resources.settings().max_comment_length,
            ),
            icon=":material/error:",
        )


def _choice_label(questionnaire: Questionnaire, lang: str):  # type: ignore[no-untyped-def]
    def label(choice: int | str) -> str:
        return questionnaire.dont_know[lang] if choice == DONT_KNOW else str(choice)

    return label


def _question(question: Question, number: int, questionnaire: Questionnaire, lang: str) -> None:
    item = question.item
    low, high, mid = item.low[lang], item.high[lang], item.midpoint[lang]
    heading = item.question[lang] if item.question else item.name[lang]
    # The question and its scale ends in one plain HTML element: as two st.markdown calls
    # they were 46 markdown parses in the browser, a third of the page's first-render time
    # beyond a bare page's (benchmarks/bench_render.py).
    st.html(
        f"<p class='question'><strong>{number}. {html.escape(heading)}</strong></p>"
        f"<div class='scale-ends' aria-hidden='true'><span>1 = {html.escape(low)}</span>"
        f"<span class='mid'>4 = {html.escape(mid)}</span>"
        f"<span>7 = {html.escape(high)}</span></div>"
    )
    st.radio(
        f"{heading}: 1 = {low}; 4 = {mid}; 7 = {high}",
        options=CHOICES,
        index=None,
        horizontal=True,
        format_func=_choice_label(questionnaire, lang),
        key=answer_key(question),
        label_visibility="collapsed",
    )
    _problem(question.key, questionnaire, lang, field=answer_key(question))


FORM_CSS = """
<style>
.question {margin:0 0 0.5rem 0;}
.question strong {font-weight:600;}
/* The negative bottom margin keeps the radios as close to the scale ends as before. */
.scale-ends {display:flex; justify-content:space-between; gap:0.75rem; font-size:0.85rem;
  color:#4a4a4a; margin:0 0 -0.75rem 0; line-height:1.25;}
.scale-ends span {flex:1 1 0;}
.scale-ends .mid {text-align:center; flex:0 1 auto;}
.scale-ends span:last-child {text-align:right;}
.stRadio [role="radiogroup"][aria-orientation="horizontal"] {gap:0.25rem 0.25rem;}
.stRadio [data-testid="stRadioOption"] {min-height:44px; min-width:44px; display:flex;
  align-items:center;}
.stElementContainer:has(.answered-count) {position:sticky; bottom:0; z-index:5;}
.answered-count {margin:0; padding:0.4rem 0.75rem; background:#ffffff; color:#1f1f1f;
  border-top:2px solid #1A4D8F; font-weight:600; text-align:center;}
@media (max-width: 640px) { .scale-ends .mid {display:none;} }
@media (min-width: 641px) {
  .stRadio [role="radiogroup"][aria-orientation="horizontal"] {gap:0.25rem 1.1rem;}
}
</style>
"""


def _predictions(questionnaire: Questionnaire, lang: str) -> None:
    """The CIO's optional guess of how each peer places them on the overall item, today."""
    st.header(t("survey.predict_title", lang), divider="gray")
    st.markdown(t("survey.predict_intro", lang))
    for role in PREDICTED_ROLES:
        label = t("survey.predict_role", lang, role=role_label(role, lang, short=True))
        st.radio(label, options=SCORES, index=None, horizontal=True, key=f"predict__{role}")
        _problem(f"predict__{role}", questionnaire, lang)


def survey_form(
    *,
    workshop: Workshop,
    questionnaire: Questionnaire,
    lang: str,
    invitation: Invitation | None = None,
) -> None:
    """The questionnaire: the respondent block, one fragment per question, the CIO's
    predictions and the comment (each a fragment), then the live progress and the one
    submit button, which reruns the whole page."""
    assert workshop.id is not None
    total = len(questionnaire.questions())
    st.html(FORM_CSS + progress_css(t("survey.progress", lang, answered="{answered}", total=total)))
    if invitation is not None:
        st.session_state["role"] = invitation.role  # the invitation fixes the role
    token = invitation.token if invitation else None
    st.session_state[PROBLEMS] = _still_open(st.session_state.get(PROBLEMS, {}))
    st.fragment(_respondent)(questionnaire, lang, token is not None)
    number = 0
    for lens, stem in questionnaire.lens_stems.items():
        st.header(stem[lang], divider="gray")
        for question in questionnaire.questions(lens):
            number += 1
            st.fragment(_question)(question, number, questionnaire, lang)
    if invitation is None or invitation.role == SELF_ROLE:
        st.fragment(_predictions)(questionnaire, lang)
    st.fragment(_comment)(questionnaire, lang)
    problems = st.session_state[PROBLEMS]
    if problems:
        st.warning(t("survey.missing_summary", lang, count=len(problems)))
    if st.session_state.get(FORM_ERROR):
        st.error(t(st.session_state[FORM_ERROR], lang), icon=":material/cloud_off:")
    st.html("<p class='answered-count'></p>")
    st.button(
        t("survey.submit", lang),
        type="primary",
        key="submit",
        on_click=_submit,
        args=(workshop.id, questionnaire, lang, token),
        width="stretch",
    )


def progress_css(template: str) -> str:
    """The progress line, drawn by the browser: a CSS counter of the checked answers (role
    and predictions are not counted) shown in the language's own wording."""
    before, _, after = template.partition("{answered}")
    return (
        "<style>"
        ".stMain {counter-reset: answered;}"
        "[class*='st-key-answer__'] input[type=radio]:checked {counter-increment: answered;}"
        f".answered-count::after {{content: {_css_string(before)} counter(answered) "
        f"{_css_string(after)};}}"
        "</style>"
    )


def _css_string(text: str) -> str:
    """`text` as a CSS string literal: anything but plain letters and punctuation escaped."""
    safe = " .,:;-'/()"
    return '"' + "".join(c if c.isalnum() or c in safe else f"\\{ord(c):x} " for c in text) + '"'


def _still_open(problems: dict[str, str]) -> dict[str, str]:
    """Problems pointed out at the last submit that the respondent has not fixed since."""

    def fixed(name: str, problem: str) -> bool:
        if problem not in MISSING:
            return False
        field = "role" if name == "role" else f"answer__{name}"
        return st.session_state.get(field) is not None

    return {name: problem for name, problem in problems.items() if not fixed(name, problem)}


def _respondent(questionnaire: Questionnaire, lang: str, invited: bool) -> None:
    st.radio(
        t("survey.role", lang),
        options=ROLES,
        index=None,
        format_func=lambda role: role_label(role, lang),
        key="role",
        disabled=invited,
    )
    _problem("role", questionnaire, lang, field="role")
    st.text_input(t("survey.organisation", lang), key="organisation", max_chars=120)
    _problem("organisation", questionnaire, lang)


def _comment(questionnaire: Questionnaire, lang: str) -> None:
    st.text_area(
        t("survey.comment", lang),
        key="comment",
        max_chars=resources.settings().max_comment_length,
    )
    _problem("comment", questionnaire, lang)
