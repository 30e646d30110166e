"""Gaps with uncertainty, checked against scipy on small fixed data sets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from survey import stats
from survey.gap_stats import compare, difference_ci, gap_statistics, reliability
from survey.models import Workshop
from survey.questionnaire import Questionnaire


def _answers(rows: list[tuple[int, str, str, str, int | None]]) -> pd.DataFrame:
    """(response_id, role, organisation, lens, score) on the overall item."""
    frame = pd.DataFrame(rows, columns=["response_id", "role", "organisation", "lens", "score"])
    frame["item_id"] = "overall"
    frame["workshop_code"] = "W"
    frame["score"] = frame["score"].astype("Int64")
    return frame


def _team() -> Workshop:
    return Workshop(code="W", title="W", kind="team")


def _cohort(k: int = 3) -> Workshop:
    return Workshop(code="W", title="W", kind="cohort", min_group_size=k)


def _row(frame: pd.DataFrame, kind: str, lens: str = "today") -> pd.Series:
    return frame[(frame.kind == kind) & (frame.lens == lens)].iloc[0]


def test_team_gaps_are_described_with_peer_agreement_and_no_p(
    questionnaire: Questionnaire,
) -> None:
    answers = _answers(
        [
            (1, "CIO", "A", "today", 6),
            (2, "CEO", "A", "today", 3),
            (3, "CFO", "A", "today", 2),
            (4, "COO", "A", "today", 4),
        ]
    )
    frame = gap_statistics(answers, _team(), questionnaire.cio_items[:1])
    row = _row(frame, "self_vs_others")
    assert row["gap"] == pytest.approx(6 - 3)
    assert pd.isna(row["p"]) and pd.isna(row["ci_low"])
    assert row["agreement_sd"] == pytest.approx(np.std([3, 2, 4], ddof=1))
    assert row["agreement_ad"] == pytest.approx(np.mean(np.abs(np.array([3, 2, 4]) - 3)))
    assert row["agreement_rwg"] == pytest.approx(1 - np.var([3, 2, 4], ddof=1) / 4)
    spread = _row(frame, "between_roles")
    assert (spread["role_a"], spread["role_b"], spread["gap"]) == ("CIO", "CFO", 4)


def _cohort_answers() -> pd.DataFrame:
    rows = []
    cio = [6, 5, 7, 6, 5]
    cfo = [3, 4, 2, 4, 3]
    ceo = [4, 5, 3, 5, 4]
    for index, org in enumerate("ABCDE"):
        rows.append((3 * index + 1, "CIO", org, "today", cio[index]))
        rows.append((3 * index + 2, "CFO", org, "today", cfo[index]))
        rows.append((3 * index + 3, "CEO", org, "today", ceo[index]))
    return _answers(rows)


def test_cohort_self_vs_others_is_paired_by_organisation(questionnaire: Questionnaire) -> None:
    frame = gap_statistics(_cohort_answers(), _cohort(), questionnaire.cio_items[:1])
    row = _row(frame, "self_vs_others")
    cio = np.array([6, 5, 7, 6, 5])
    peers = (np.array([3, 4, 2, 4, 3]) + np.array([4, 5, 3, 5, 4])) / 2
    assert row["test"] == "wilcoxon"
    assert row["p"] == pytest.approx(scipy_stats.wilcoxon(cio, peers).pvalue)
    assert row["gap"] == pytest.approx(cio.mean() - np.r_[[3, 4, 2, 4, 3], [4, 5, 3, 5, 4]].mean())
    assert row["ci_low"] <= (cio - peers).mean() <= row["ci_high"]
    x, y = cio, np.r_[[3, 4, 2, 4, 3], [4, 5, 3, 5, 4]]
    u = scipy_stats.mannwhitneyu(x, y).statistic
    assert row["cliffs_delta"] == pytest.approx(2 * u / (len(x) * len(y)) - 1)
    assert row["effect"] == "large"


def test_cohort_between_roles_uses_friedman_over_organisations(
    questionnaire: Questionnaire,
) -> None:
    frame = gap_statistics(_cohort_answers(), _cohort(), questionnaire.cio_items[:1])
    row = _row(frame, "between_roles")
    expected = scipy_stats.friedmanchisquare([6, 5, 7, 6, 5], [3, 4, 2, 4, 3], [4, 5, 3, 5, 4])
    assert (row["test"], row["role_a"], row["role_b"]) == ("friedman", "CIO", "CFO")
    assert row["p"] == pytest.approx(expected.pvalue)
    assert row["p_holm"] >= row["p"]
    pairs = frame[frame.kind == "between_roles_pair"].set_index(["role_a", "role_b"])
    blocks = pd.DataFrame({"CEO": [4, 5, 3, 5, 4], "CFO": [3, 4, 2, 4, 3], "CIO": [6, 5, 7, 6, 5]})
    raw = [scipy_stats.wilcoxon(blocks[a], blocks[b]).pvalue for a, b in pairs.index]
    assert list(pairs["p"]) == pytest.approx(raw)  # then Holm over every test of the table
    assert (pairs["p_holm"] >= pairs["p"]).all()
    agreement = frame[(frame.kind == "agreement") & (frame.role_a == "CFO")].iloc[0]
    assert agreement["agreement_sd"] == pytest.approx(np.std([3, 4, 2, 4, 3], ddof=1))


def test_groups_below_the_minimum_are_not_compared(questionnaire: Questionnaire) -> None:
    frame = gap_statistics(_cohort_answers(), _cohort(k=6), questionnaire.cio_items[:1])
    assert frame.empty


def test_cohort_expectation_is_paired_within_each_respondent(
    questionnaire: Questionnaire,
) -> None:
    today = [3, 4, 2, 4, 3, 5]
    expected = [5, 6, 5, 4, 6, 7]
    rows = [(i, "CFO", "O", "today", s) for i, s in enumerate(today)]
    rows += [(i, "CFO", "O", "expected", s) for i, s in enumerate(expected)]
    frame = gap_statistics(_answers(rows), _cohort(), questionnaire.cio_items[:1])
    row = _row(frame, "expectation", "expected-today")
    assert row["gap"] == pytest.approx(np.mean(np.subtract(expected, today)))
    assert row["p"] == pytest.approx(scipy_stats.wilcoxon(expected, today).pvalue)


def test_difference_interval_brackets_the_difference_and_handles_edges() -> None:
    low, high = difference_ci([5, 6, 7, 6], [2, 3, 3, 4])
    assert low is not None and high is not None and low <= 3.0 <= high
    assert difference_ci([4], [3, 3]) == (None, None)
    assert difference_ci([4, 4], [4, 4, 4]) == (0.0, 0.0)


def test_comparison_of_two_workshops(questionnaire: Questionnaire) -> None:
    first = _answers([(i, "CFO", "O", "today", s) for i, s in enumerate([2, 3, 3, 2])])
    second = _answers([(i, "CFO", "O", "today", s) for i, s in enumerate([4, 5, 4, 6])])
    table = compare(first, second, questionnaire.cio_items[:1], min_group=3)
    everyone = table[(table.group == "ALL") & (table.lens == "today")].iloc[0]
    assert everyone["change"] == pytest.approx(4.75 - 2.5)
    assert everyone["p"] == pytest.approx(
        stats.mann_whitney_p([4, 5, 4, 6], [2, 3, 3, 2], resamples=2000)
    )
    assert compare(first, second, questionnaire.cio_items[:1], min_group=5).empty


def test_the_strategist_index_needs_a_reliable_scale(questionnaire: Questionnaire) -> None:
    items = questionnaire.cio_items
    rng = np.random.default_rng(1)
    level = rng.integers(1, 8, size=12)
    rows = []
    for respondent, base in enumerate(level):
        for item in items:
            score = int(np.clip(base + rng.integers(-1, 2), 1, 7))
            rows.append((respondent, "CEO", item.id, "today", score))
    answers = pd.DataFrame(rows, columns=["response_id", "role", "item_id", "lens", "score"])
    alpha, index = reliability(answers, items)
    matrix = answers.pivot_table(index="response_id", columns="item_id", values="score")
    k = matrix.shape[1]
    reference = k / (k - 1) * (1 - matrix.var(ddof=1).sum() / matrix.sum(axis=1).var(ddof=1))
    assert alpha == pytest.approx(reference) and alpha >= 0.70
    assert index["strategist_index"].between(0, 100).all() and len(index) == 12
    noise = answers.assign(score=rng.integers(1, 8, size=len(answers)))
    low_alpha, no_index = reliability(noise, items)
    assert low_alpha is not None and low_alpha < 0.70 and no_index.empty
