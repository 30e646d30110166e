"""Everything the results dashboard shows for one workshop, computed in one place.

The page and the CSV download read the same rows, so the numbers on screen are the numbers
an analyst recomputes from the export.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session

from survey import analysis
from survey.export import long_frame
from survey.questionnaire import Questionnaire
from survey.store import answer_rows, responses_by_role, score_counts


@dataclass(frozen=True)
class WorkshopResults:
    responses_by_role: dict[str, int]
    stats: pd.DataFrame
    ladder: pd.DataFrame
    self_vs_others: pd.DataFrame
    between_roles: pd.DataFrame
    expectation_gaps: pd.DataFrame
    answers: pd.DataFrame | None
    """Individual answers, loaded only while every role is a small group."""

    @property
    def responses(self) -> int:
        return sum(self.responses_by_role.values())


def workshop_results(
    *, session: Session, workshop_id: int, questionnaire: Questionnaire, small_group: int
) -> WorkshopResults:
    by_role = responses_by_role(session=session, workshop_id=workshop_id)
    counts = analysis.counts_frame(score_counts(session=session, workshop_ids=[workshop_id]))
    stats = analysis.cell_stats(analysis.with_peers(counts))
    items = questionnaire.cio_items
    small = bool(by_role) and max(by_role.values()) < small_group
    answers = (
        long_frame(answer_rows(session=session, workshop_ids=[workshop_id])) if small else None
    )
    return WorkshopResults(
        responses_by_role=by_role,
        stats=stats,
        ladder=analysis.perception_ladder(stats),
        self_vs_others=analysis.self_vs_others(stats, items),
        between_roles=analysis.between_roles(stats, items),
        expectation_gaps=analysis.expectation_gaps(stats, items),
        answers=answers,
    )
