"""The results dashboard's sections, shared by every page that shows a workshop's gaps."""

from __future__ import annotations

import streamlit as st
from sqlmodel import Session

from survey import charts
from survey.analysis import GAP_FLAG, heatmap_table
from survey.downloads import Scope, export_bytes
from survey.filters import AnswerFilter
from survey.i18n import role_label, t
from survey.models import ROLES, Workshop
from survey.questionnaire import LENSES, Questionnaire
from survey.results import WorkshopResults, workshop_results
from survey.ui import resources

PLOT_CONFIG = {"displaylogo": False, "responsive": True}


def results_for(workshop: Workshop, latest_response_id: int) -> WorkshopResults:
    """The workshop's results, recomputed only when a response arrives or its set-up changes."""
    assert workshop.id is not None
    setup = (workshop.current_round, workshop.kind, workshop.min_group_size)
    return _cached_results(workshop.id, latest_response_id, setup)


@st.cache_data(max_entries=64, show_spinner=False)
def _cached_results(
    workshop_id: int, latest_response_id: int, setup: tuple[int, str, int]
) -> WorkshopResults:
    """Cached per workshop on its latest response and set-up (the arguments are the key)."""
    with Session(resources.engine()) as session:
        workshop = session.get(Workshop, workshop_id)
        assert workshop is not None
        return workshop_results(
            session=session,
            workshop=workshop,
            questionnaire=resources.questionnaire(),
            small_group=resources.settings().small_group,
        )


def csv_download(workshop: Workshop) -> bytes:
    """The workshop's long CSV: the same writer as every other download."""
    assert workshop.id is not None
    scope = Scope(
        AnswerFilter((workshop.id,)), {workshop.code: workshop}, resources.questionnaire()
    )
    with Session(resources.engine()) as session:
        return export_bytes("csv", session=session, scope=scope)


def response_counts(results: WorkshopResults, lang: str) -> None:
    columns = st.columns(1 + len(ROLES))
    columns[0].metric(t("results.responses", lang), results.responses)
    for column, role in zip(columns[1:], ROLES, strict=True):
        column.metric(role_label(role, lang, short=True), results.responses_by_role.get(role, 0))


def _chart(figure: object, key: str) -> None:
    st.plotly_chart(figure, key=key, config=PLOT_CONFIG, width="stretch")


def result_sections(results: WorkshopResults, questionnaire: Questionnaire, lang: str) -> None:
    st.header(t("results.ladder", lang))
    _chart(charts.ladder_chart(results.ladder, questionnaire, lang), "chart_ladder")

    lens = st.segmented_control(
        t("results.lens", lang),
        options=LENSES,
        default=LENSES[0],
        format_func=lambda ln: t(f"lens.{ln}", lang),
        key="results_lens",
        required=True,
    )
    lens = lens or LENSES[0]

    st.header(t("results.self_vs_others", lang))
    if results.self_vs_others.empty:
        st.info(t("results.self_missing", lang))
    else:
        st.caption(t("results.flag_note", lang, flag=f"{GAP_FLAG:g}"))
        figure = charts.self_vs_others_chart(results.self_vs_others, questionnaire, lang, lens)
        _chart(figure, "chart_self_vs_others")

    st.header(t("results.between_roles", lang))
    figure = charts.between_roles_chart(
        results.stats, results.between_roles, questionnaire, lang, lens
    )
    _chart(figure, "chart_between_roles")

    st.header(t("results.expectation_gap", lang))
    _chart(
        charts.expectation_gap_chart(results.expectation_gaps, questionnaire, lang),
        "chart_expectation_gap",
    )

    st.header(t("results.heatmap", lang))
    table = heatmap_table(results.stats, questionnaire.cio_items, lens)
    _chart(charts.heatmap_chart(table, questionnaire, lang), "chart_heatmap")

    if results.answers is not None:
        st.header(t("results.answers", lang))
        _chart(charts.answers_chart(results.answers, questionnaire, lang, lens), "chart_answers")


def numbers_table(results: WorkshopResults, lang: str) -> None:
    with st.expander(t("results.numbers", lang)):
        st.dataframe(results.stats.round(2), hide_index=True, key="numbers_stats")
        if not results.self_vs_others.empty:
            st.dataframe(results.self_vs_others.round(2), hide_index=True, key="numbers_self")
        st.dataframe(results.expectation_gaps.round(2), hide_index=True, key="numbers_gaps")
