"""The presenter view and the join screen: made for a projector, refreshing by themselves.

Everything shown comes from the database on each refresh (one cheap count, then aggregates
cached on the latest response), so answers stored by any server appear on every screen.
"""

from __future__ import annotations

import html

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from survey import charts
from survey.i18n import role_label, t
from survey.joining import qr_png, spaced
from survey.models import Workshop
from survey.prompts import discussion_questions
from survey.questionnaire import Questionnaire
from survey.results import WorkshopResults
from survey.store import get_workshop, workshop_revision
from survey.ui import resources
from survey.ui.results_view import PLOT_CONFIG, response_counts, results_for

VIEWS = ("waiting", "ladder", "self", "between", "expectation", "prompts", "prediction",
         "convergence")  # fmt: skip
LAST = "presenter_last_results"

PROJECTOR_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"] {display: none;}
.block-container, [data-testid="stMainBlockContainer"] {padding-top: 1.2rem; max-width: 100%;}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] > div {font-size: 4.2rem;
  line-height: 1.1;}
[data-testid="stMetricLabel"] p {font-size: 1.6rem;}
[data-testid="stAlert"] p {font-size: 1.5rem;}
p.projector-title {font-size: 3rem !important; font-weight: 700; margin: 0; line-height: 1.2;}
p.projector-note {font-size: 1.5rem !important; color: #333;}
p.projector-prompt {font-size: 2.3rem !important; line-height: 1.3; margin: 0.6rem 0 1.4rem 0;}
p.join-link {font-size: 2.6rem !important; font-weight: 600; word-break: break-all;}
p.join-code {font-size: 7rem !important; font-weight: 800; letter-spacing: 0.6rem;
  line-height: 1;}
.st-key-join_qr img {max-width: 720px; image-rendering: pixelated;}
p.join-label {font-size: 1.8rem !important; color: #333; margin: 1.2rem 0 0 0;}
</style>
"""


def projector_style() -> None:
    st.html(PROJECTOR_CSS)


def back_link(lang: str) -> None:
    """The sidebar is hidden on the projector: a quiet way back for the facilitator."""
    st.page_link("pages/workshops.py", label=t("nav.workshops", lang), icon=":material/arrow_back:")


def _latest(code: str) -> tuple[Workshop, WorkshopResults, int] | None:
    """The workshop, its results and total responses, fresh from the database; on a database
    hiccup the last ones seen, marked stale by returning None after a warning."""
    with Session(resources.engine()) as session:
        workshop = get_workshop(session=session, code=code)
        if workshop is None or workshop.id is None:
            return None
        revision = workshop_revision(session=session, workshop_id=workshop.id)
    results = results_for(workshop, revision.latest_response_id)
    return workshop, results, revision.responses


def _chart(figure: object, key: str) -> None:
    st.plotly_chart(charts.for_projector(figure), key=key, config=PLOT_CONFIG, width="stretch")


def _show(view: str, results: WorkshopResults, questionnaire: Questionnaire, lang: str) -> None:
    lens = "today"
    if view == "ladder":
        _chart(charts.ladder_chart(results.ladder, questionnaire, lang), "present_ladder")
    elif view == "self" and not results.self_vs_others.empty:
        figure = charts.self_vs_others_chart(results.self_vs_others, questionnaire, lang, lens)
        _chart(figure, "present_self")
    elif view == "self":
        st.info(t("results.self_missing", lang))
    elif view == "between":
        figure = charts.between_roles_chart(
            results.stats, results.between_roles, questionnaire, lang, lens
        )
        _chart(figure, "present_between")
    elif view == "expectation":
        figure = charts.expectation_gap_chart(results.expectation_gaps, questionnaire, lang)
        _chart(figure, "present_expectation")
    elif view == "prompts":
        questions = discussion_questions(results.largest_gaps, questionnaire, lang)
        if not questions:
            st.info(t("present.no_prompts", lang))
        for number, question in enumerate(questions, start=1):
            st.markdown(
                f"<p class='projector-prompt'>{number}. {_escape(question)}</p>",
                unsafe_allow_html=True,
            )
    elif view == "prediction":
        if results.predictions.empty:
            st.info(t("present.no_prediction", lang))
        else:
            _chart(charts.predictions_chart(results.predictions, lang), "present_prediction")
    elif view == "convergence":
        if results.convergence is None or results.convergence.empty:
            st.info(t("present.no_convergence", lang))
        else:
            figure = charts.convergence_chart(
                results.convergence, questionnaire, lang, results.round_number
            )
            _chart(figure, "present_convergence")


def _escape(text: str) -> str:
    return html.escape(text)


def _anonymity_note(workshop: Workshop, results: WorkshopResults, lang: str) -> None:
    if workshop.kind == "team":
        st.markdown(
            f"<p class='projector-note'>{_escape(t('present.team_note', lang))}</p>",
            unsafe_allow_html=True,
        )
        return
    notes = [t("present.cohort_note", lang, min=workshop.min_group_size)]
    notes += [
        t("present.needed", lang, role=role_label(role, lang, short=True), count=count)
        for role, count in results.answers_needed.items()
    ]
    st.markdown(
        "<p class='projector-note'>" + "<br>".join(_escape(n) for n in notes) + "</p>",
        unsafe_allow_html=True,
    )


def live_panel(code: str, questionnaire: Questionnaire, lang: str) -> None:
    """Counts and the chosen chart; rerun on its own every few seconds as a fragment."""
    try:
        latest = _latest(code)
        if latest is None:
            st.error(t("error.workshop_unknown", lang, code=code))
            return
        st.session_state[LAST] = latest
    except SQLAlchemyError:
        st.warning(t("present.reconnecting", lang), icon=":material/sync:")
        latest = st.session_state.get(LAST)
        if latest is None:
            return
    workshop, results, _total = latest
    response_counts(results, lang)
    _anonymity_note(workshop, results, lang)
    _show(st.session_state.get("present_view") or "waiting", results, questionnaire, lang)


def presenter(workshop: Workshop, questionnaire: Questionnaire, lang: str) -> None:
    projector_style()
    heading = workshop.title
    if workshop.current_round > 1:
        heading += " · " + t("present.round", lang, round=workshop.current_round)
    st.markdown(f"<p class='projector-title'>{_escape(heading)}</p>", unsafe_allow_html=True)
    st.segmented_control(
        t("present.show", lang),
        VIEWS,
        default="waiting",
        format_func=lambda view: t(f"present.view.{view}", lang),
        key="present_view",
        required=True,
    )
    refresh = resources.settings().presenter_refresh
    st.fragment(live_panel, run_every=refresh)(workshop.code, questionnaire, lang)
    back_link(lang)


def join_screen(workshop: Workshop, link: str, lang: str) -> None:
    projector_style()
    st.markdown(f"<p class='projector-title'>{_escape(workshop.title)}</p>", unsafe_allow_html=True)
    left, right = st.columns([5, 6], gap="large")
    with left.container(key="join_qr"):
        st.image(qr_png(link), width="stretch")
    with right:
        st.html(
            f"<p class='join-label'>{_escape(t('join.scan', lang))}</p>"
            f"<p class='join-link'>{_escape(link)}</p>"
            f"<p class='join-label'>{_escape(t('join.code', lang))}</p>"
            f"<p class='join-code'>{_escape(spaced(workshop.code))}</p>"
        )
        refresh = resources.settings().presenter_refresh
        st.fragment(_join_count, run_every=refresh)(workshop.code, lang)
    back_link(lang)


def _join_count(code: str, lang: str) -> None:
    try:
        latest = _latest(code)
    except SQLAlchemyError:
        st.warning(t("present.reconnecting", lang), icon=":material/sync:")
        return
    if latest is not None:
        st.metric(t("present.responses", lang), latest[1].responses)
