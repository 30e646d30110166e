"""Everything the results and presenter pages show for one workshop, computed in one place.

The pages and the CSV download read the same rows, so the numbers on screen are the numbers
an analyst recomputes from the export. In cohort workshops the anonymity rule is applied here,
once, before any chart sees the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session

from survey import analysis
from survey.export import long_frame
from survey.models import Workshop
from survey.questionnaire import Questionnaire
from survey.store import answer_rows, prediction_rows, responses_by_role, score_counts


@dataclass(frozen=True)
class WorkshopResults:
    round_number: int
    anonymous: bool
    """Cohort workshops: cells below the minimum group size are hidden."""
    responses_by_role: dict[str, int]
    stats: pd.DataFrame
    ladder: pd.DataFrame
    self_vs_others: pd.DataFrame
    between_roles: pd.DataFrame
    expectation_gaps: pd.DataFrame
    largest_gaps: pd.DataFrame
    predictions: pd.DataFrame
    answers: pd.DataFrame | None
    """Individual answers, loaded only while every role is a small group."""
    answers_needed: dict[str, int]
    """Cohort workshops: role -> how many more answers before its cells are shown."""
    convergence: pd.DataFrame | None
    """From the second round on: between-role spread in round 1 and in this round."""

    @property
    def responses(self) -> int:
        return sum(self.responses_by_role.values())


def round_stats(
    *, session: Session, workshop: Workshop, round_number: int
) -> tuple[dict[str, int], pd.DataFrame]:
    """Responses per role and cell statistics of one round (suppressed in cohorts)."""
    assert workshop.id is not None
    by_role = responses_by_role(session=session, workshop_id=workshop.id, round_number=round_number)
    rows = score_counts(session=session, workshop_ids=[workshop.id], round_number=round_number)
    counts = analysis.counts_frame(rows)
    if workshop.kind == "cohort":
        return by_role, analysis.anonymous_stats(counts, workshop.min_group_size)
    stats = analysis.cell_stats(counts, peers=True)
    return by_role, stats.assign(suppressed=False)


def workshop_results(
    *,
    session: Session,
    workshop: Workshop,
    questionnaire: Questionnaire,
    small_group: int,
    round_number: int | None = None,
) -> WorkshopResults:
    assert workshop.id is not None
    current = round_number or workshop.current_round
    by_role, stats = round_stats(session=session, workshop=workshop, round_number=current)
    items = questionnaire.cio_items
    anonymous = workshop.kind == "cohort"
    needed = analysis.answers_needed(by_role, workshop.min_group_size) if anonymous else {}
    self_gaps = analysis.self_vs_others(stats, items)
    spread = analysis.between_roles(stats, items)
    expectation = analysis.expectation_gaps(stats, items)
    shown = not anonymous or by_role.get("CIO", 0) >= workshop.min_group_size
    predictions = (
        prediction_rows(session=session, workshop_id=workshop.id, round_number=current)
        if shown
        else []
    )
    convergence = None
    if current > 1:
        _, first = round_stats(session=session, workshop=workshop, round_number=1)
        convergence = analysis.convergence(first, stats, items)
    return WorkshopResults(
        round_number=current,
        anonymous=anonymous,
        responses_by_role=by_role,
        stats=stats,
        ladder=analysis.perception_ladder(stats),
        self_vs_others=self_gaps,
        between_roles=spread,
        expectation_gaps=expectation,
        largest_gaps=analysis.largest_gaps(self_gaps, spread, expectation),
        predictions=analysis.predictions_vs_actual(predictions, stats),
        answers=_individual_answers(session, workshop, by_role, small_group, current),
        answers_needed=needed,
        convergence=convergence,
    )


def _individual_answers(
    session: Session,
    workshop: Workshop,
    by_role: dict[str, int],
    small_group: int,
    round_number: int,
) -> pd.DataFrame | None:
    if not by_role or max(by_role.values()) >= small_group:
        return None
    assert workshop.id is not None
    rows = answer_rows(session=session, workshop_ids=[workshop.id], round_number=round_number)
    frame = long_frame(rows)
    if workshop.kind == "cohort":
        shown = [role for role, n in by_role.items() if n >= workshop.min_group_size]
        frame = frame[frame["role"].isin(shown)]
    return frame.reset_index(drop=True)
