"""Questions for the room, before/after convergence, and the CIO's predictions."""

from __future__ import annotations

import pandas as pd
import pytest

from survey import analysis
from survey.prompts import discussion_questions
from survey.questionnaire import Questionnaire


def _stats(rows: list[tuple]) -> pd.DataFrame:
    return analysis.cell_stats(analysis.with_peers(analysis.counts_frame(rows)))


# CFO and CIO 3 points apart on view_of_it (today); the CEO expects 4 more on scope.
ROWS = [
    ("CIO", "view_of_it", "today", 6, 1),
    ("CFO", "view_of_it", "today", 3, 1),
    ("CEO", "view_of_it", "today", 5, 1),
    ("CEO", "scope", "today", 2, 1),
    ("CEO", "scope", "expected", 6, 1),
    ("CIO", "scope", "today", 3, 1),
    ("CFO", "scope", "today", 2, 1),
    ("CIO", "mandate", "today", 4, 1),
    ("CFO", "mandate", "today", 4, 1),
]


def _largest(questionnaire: Questionnaire) -> pd.DataFrame:
    stats = _stats(ROWS)
    items = questionnaire.cio_items
    return analysis.largest_gaps(
        analysis.self_vs_others(stats, items),
        analysis.between_roles(stats, items),
        analysis.expectation_gaps(stats, items),
    )


def test_the_three_largest_gaps_one_per_item_largest_first(questionnaire: Questionnaire) -> None:
    gaps = _largest(questionnaire)
    assert list(gaps["item_id"]) == ["scope", "view_of_it", "mandate"]
    scope, view, mandate = gaps.itertuples()
    assert (scope.kind, scope.size, scope.role_a) == ("expectation", 4, "CEO")
    # view_of_it: roles spread 6 - 3 = 3 beats CIO vs peers 6 - 4 = 2
    assert (view.kind, view.size, view.role_a, view.role_b) == ("roles", 3, "CIO", "CFO")
    assert mandate.size == 0


def test_questions_read_naturally(questionnaire: Questionnaire) -> None:
    questions = discussion_questions(_largest(questionnaire), questionnaire, "en")
    assert questions[0] == (
        "The CEO expects 4.0 points more of the CIO on “Scope” than today: "
        "what would it take to get there?"
    )
    assert questions[1] == (
        "CIO and CFO differ by 3.0 points on “View of IT”: what would change the CFO's view?"
    )


def test_self_gaps_read_as_blind_spot_or_hidden_strength(questionnaire: Questionnaire) -> None:
    gaps = pd.DataFrame(
        [("self", "mandate", -2.5, "CIO", "PEERS"), ("self", "scope", 2.0, "CIO", "PEERS")],
        columns=["kind", "item_id", "size", "role_a", "role_b"],
    )
    low, high = discussion_questions(gaps, questionnaire, "en")
    assert "peers place the CIO 2.5 points higher" in low
    assert "places themself 2.0 points higher" in high


def test_convergence_compares_the_spread_of_two_rounds(questionnaire: Questionnaire) -> None:
    before = _stats([("CIO", "overall", "today", 6, 1), ("CFO", "overall", "today", 2, 1)])
    after = _stats([("CIO", "overall", "today", 5, 1), ("CFO", "overall", "today", 4, 1)])
    frame = analysis.convergence(before, after, questionnaire.cio_items)
    row = frame.iloc[0]
    assert (row["item_id"], row["before"], row["after"], row["change"]) == ("overall", 4, 1, -3)


def test_predictions_against_the_peers_actual_view() -> None:
    stats = _stats(
        [
            ("CEO", "overall", "today", 3, 2),
            ("CEO", "overall", "today", 6, 1),
            ("CFO", "overall", "today", 2, 1),
        ]
    )
    predictions = [
        ("CEO", "overall", 5),
        ("CFO", "overall", 4),
        ("CFO", "overall", 6),
        ("COO", "overall", 5),
    ]
    frame = analysis.predictions_vs_actual(predictions, stats).set_index("role")
    assert list(frame.index) == ["CEO", "CFO"]  # no COO answered: nothing to compare
    assert frame.loc["CEO", "predicted"] == 5 and frame.loc["CEO", "actual"] == 4
    assert frame.loc["CFO", "predicted"] == 5 and frame.loc["CFO", "predictions"] == 2
    assert frame.loc["CFO", "miss"] == pytest.approx(2 - 5)
