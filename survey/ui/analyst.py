"""The analyst page's pieces: filters, cached tables and the downloads."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
import streamlit as st
from sqlmodel import Session

from survey.downloads import FORMATS, Scope, aggregates, export_bytes, file_name
from survey.export import long_frame
from survey.filters import AnswerFilter
from survey.gap_stats import compare, gap_statistics, reliability
from survey.i18n import role_label, t
from survey.models import ROLES, Workshop
from survey.store import answer_rows, list_workshops, organisations, workshop_revision
from survey.ui import resources


def choose_scope(lang: str) -> Scope | None:
    """Filters in the sidebar-free page body; None until at least one workshop is chosen."""
    with Session(resources.engine()) as session:
        workshops = {w.code: w for w in list_workshops(session=session)}
    if not workshops:
        st.info(t("workshops.none", lang))
        return None
    current = st.query_params.get("code", "").upper()
    chosen = st.multiselect(
        t("analysis.workshops", lang),
        list(workshops),
        default=[current] if current in workshops else [],
        format_func=lambda code: f"{workshops[code].title} ({code})",
        key="analysis_workshops",
    )
    if not chosen:
        st.info(t("analysis.pick", lang))
        return None
    ids = tuple(workshops[code].id for code in chosen if workshops[code].id is not None)
    with Session(resources.engine()) as session:
        names = organisations(session=session, workshop_ids=ids)
    columns = st.columns(4)
    roles = columns[0].multiselect(
        t("analysis.roles", lang),
        ROLES,
        format_func=lambda r: role_label(r, lang, short=True),
        key="analysis_roles",
    )
    picked = columns[1].multiselect(
        t("analysis.organisations", lang), names, key="analysis_organisations"
    )
    days = columns[2].date_input(t("analysis.dates", lang), value=(), key="analysis_dates")
    rounds = max(workshops[code].current_round for code in chosen)
    round_choice = columns[3].selectbox(
        t("analysis.round", lang),
        [None, *range(1, rounds + 1)],
        format_func=lambda r: t("analysis.all_rounds", lang) if r is None else str(r),
        key="analysis_round",
    )
    start, end = _day_range(days)
    answer_filter = AnswerFilter(
        workshop_ids=ids,
        roles=tuple(roles),
        organisations=tuple(picked),
        submitted_from=start,
        submitted_to=end,
        round_number=round_choice,
    )
    return Scope(
        answer_filter,
        {code: workshops[code] for code in chosen},
        resources.questionnaire(),
        lang=lang,
    )


def _day_range(days: object) -> tuple[datetime | None, datetime | None]:
    if not isinstance(days, tuple | list) or not days:
        return None, None
    first: date = days[0]
    last: date = days[-1]
    start = datetime.combine(first, time.min, tzinfo=UTC)
    return start, datetime.combine(last + timedelta(days=1), time.min, tzinfo=UTC)


def _revisions(scope: Scope) -> tuple[int, ...]:
    with Session(resources.engine()) as session:
        return tuple(
            workshop_revision(session=session, workshop_id=w.id).latest_response_id
            for w in scope.workshops.values()
            if w.id is not None
        )


def aggregate_frame(scope: Scope) -> pd.DataFrame:
    """The aggregates for the scope, recomputed when an answer arrives or the filter changes."""
    setup = tuple((w.code, w.kind, w.min_group_size) for w in scope.workshops.values())
    return _cached_aggregates(scope.answer_filter, setup, _revisions(scope))


@st.cache_data(max_entries=32, show_spinner=True)
def _cached_aggregates(
    answer_filter: AnswerFilter, setup: tuple[tuple[str, str, int], ...], revisions: tuple[int, ...]
) -> pd.DataFrame:
    """Cached per filter, workshop set-up and latest responses (the arguments are the key)."""
    with Session(resources.engine()) as session:
        codes = {code for code, _kind, _min_group in setup}
        workshops = {w.code: w for w in list_workshops(session=session) if w.code in codes}
        return aggregates(session, Scope(answer_filter, workshops, resources.questionnaire()))


def downloads(scope: Scope, lang: str) -> None:
    """One button per format; each file is built only when its button is pressed."""
    st.header(t("analysis.downloads", lang))
    buttons = st.container(horizontal=True)
    for fmt, spec in FORMATS.items():
        buttons.download_button(
            spec.label(fmt, lang),
            data=lambda fmt=fmt: download_bytes(fmt, scope),
            file_name=file_name(fmt, scope),
            mime=spec.mime,
            key=f"download_{fmt}",
            on_click="ignore",
            icon=":material/download:",
        )


def download_bytes(fmt: str, scope: Scope) -> bytes:
    """One download of the scope, built when its button is pressed."""
    with Session(resources.engine()) as session:
        return export_bytes(fmt, session=session, scope=scope)


def answers_frame(scope: Scope) -> pd.DataFrame:
    """The filtered individual answers (long format), cached like the aggregates."""
    return _cached_answers(scope.answer_filter, _revisions(scope))


@st.cache_data(max_entries=16, show_spinner=False)
def _cached_answers(answer_filter: AnswerFilter, revisions: tuple[int, ...]) -> pd.DataFrame:
    """Cached per filter and latest responses (the arguments are the key)."""
    with Session(resources.engine()) as session:
        return long_frame(answer_rows(session=session, answer_filter=answer_filter))


def gap_frame(scope: Scope, answers: pd.DataFrame) -> pd.DataFrame:
    frames = [
        _cached_gaps(code, w.kind, w.min_group_size, answers[answers["workshop_code"] == code])
        for code, w in sorted(scope.workshops.items())
    ]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


@st.cache_data(max_entries=16, show_spinner=True)
def _cached_gaps(code: str, kind: str, min_group: int, answers: pd.DataFrame) -> pd.DataFrame:
    workshop = Workshop(code=code, title=code, kind=kind, min_group_size=min_group)
    return gap_statistics(answers, workshop, resources.questionnaire().cio_items)


def reliability_section(scope: Scope, answers: pd.DataFrame, lang: str) -> None:
    st.header(t("analysis.reliability", lang))
    items = resources.questionnaire().cio_items
    alpha, index = reliability(answers, items)
    shown = "–" if alpha is None else f"{alpha:.2f}"
    st.markdown(t("analysis.alpha", lang, count=len(items), alpha=shown))
    if index.empty:
        st.caption(t("analysis.alpha_low", lang))
        return
    by_role = index.groupby("role")["strategist_index"].agg(["count", "mean"]).round(1)
    by_role = by_role[by_role["count"] >= strictest_group(scope)]  # anonymity in cohorts
    st.caption(t("analysis.index_by_role", lang))
    st.dataframe(by_role, key="strategist_index")


def comparison_section(scope: Scope, answers: pd.DataFrame, lang: str) -> None:
    st.header(t("analysis.compare", lang))
    codes = list(scope.workshops)
    if len(codes) != 2:
        st.caption(t("analysis.compare_pick", lang))
        return
    first, second = (scope.workshops[code] for code in codes)
    strictest = max(w.min_group_size if w.kind == "cohort" else 1 for w in scope.workshops.values())
    st.caption(t("analysis.compare_note", lang))
    table = compare(
        answers[answers["workshop_code"] == first.code],
        answers[answers["workshop_code"] == second.code],
        resources.questionnaire().cio_items,
        min_group=strictest,
    )
    st.dataframe(table.round(3), hide_index=True, key="comparison_table")


def strictest_group(scope: Scope) -> int:
    """The largest minimum group size among the scope's cohort workshops (1 for teams)."""
    return max(w.min_group_size if w.kind == "cohort" else 1 for w in scope.workshops.values())
