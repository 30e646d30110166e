"""Aggregates and gaps against hand-computed cases and reference implementations."""

from __future__ import annotations

import math
import random
import statistics

import pandas as pd
import pytest

from survey import analysis
from survey.questionnaire import Questionnaire


def _stats(rows: list[tuple]) -> pd.DataFrame:
    return analysis.cell_stats(analysis.with_peers(analysis.counts_frame(rows)))


def _cell(stats: pd.DataFrame, role: str, item: str, lens: str) -> pd.Series:
    rows = stats[(stats.role == role) & (stats.item_id == item) & (stats.lens == lens)]
    assert len(rows) == 1
    return rows.iloc[0]


# A three-person team, by hand:
#   overall today:    CIO 6, CEO 3, CFO 2, COO "don't know"
#   overall expected: CIO 7, CEO 6, CFO 5, COO 4
#   mandate today:    CIO 2, CEO 5, CFO 5 (the peers rate the CIO higher: a hidden strength)
TEAM = [
    ("CIO", "overall", "today", 6, 1),
    ("CEO", "overall", "today", 3, 1),
    ("CFO", "overall", "today", 2, 1),
    ("COO", "overall", "today", None, 1),
    ("CIO", "overall", "expected", 7, 1),
    ("CEO", "overall", "expected", 6, 1),
    ("CFO", "overall", "expected", 5, 1),
    ("COO", "overall", "expected", 4, 1),
    ("CIO", "mandate", "today", 2, 1),
    ("CEO", "mandate", "today", 5, 1),
    ("CFO", "mandate", "today", 5, 1),
]


def test_dont_know_is_counted_but_left_out_of_means() -> None:
    stats = _stats(TEAM)
    coo = _cell(stats, "COO", "overall", "today")
    assert coo["n"] == 0 and coo["dont_know"] == 1 and math.isnan(coo["mean"])
    peers = _cell(stats, "PEERS", "overall", "today")
    assert peers["n"] == 2 and peers["dont_know"] == 1
    assert peers["mean"] == pytest.approx(2.5)  # (3 + 2) / 2, the COO's "don't know" left out


def test_self_vs_others_by_hand(questionnaire: Questionnaire) -> None:
    gaps = analysis.self_vs_others(_stats(TEAM), questionnaire.cio_items).set_index(
        ["item_id", "lens"]
    )
    today = gaps.loc[("overall", "today")]
    assert today["self"] == 6 and today["peers"] == pytest.approx(2.5)
    assert today["gap"] == pytest.approx(3.5)
    assert today["direction"] == "blind spot" and today["flagged"]
    expected = gaps.loc[("overall", "expected")]
    assert expected["gap"] == pytest.approx(7 - 5)  # peers (6 + 5 + 4) / 3 = 5: exactly 2
    assert expected["flagged"]
    mandate = gaps.loc[("mandate", "today")]
    assert mandate["gap"] == pytest.approx(-3) and mandate["direction"] == "hidden strength"
    assert mandate["flagged"]


def test_gaps_just_under_two_points_are_not_flagged(questionnaire: Questionnaire) -> None:
    rows = [
        ("CIO", "overall", "today", 5, 1),
        ("CEO", "overall", "today", 3, 2),
        ("CFO", "overall", "today", 4, 1),
    ]
    gap = analysis.self_vs_others(_stats(rows), questionnaire.cio_items).iloc[0]
    assert gap["gap"] == pytest.approx(5 - 10 / 3)
    assert not gap["flagged"]


def test_between_roles_spread_by_hand(questionnaire: Questionnaire) -> None:
    spread = analysis.between_roles(_stats(TEAM), questionnaire.cio_items)
    overall_today = spread[(spread.item_id == "overall") & (spread.lens == "today")].iloc[0]
    assert overall_today["highest_role"] == "CIO" and overall_today["lowest_role"] == "CFO"
    assert overall_today["spread"] == pytest.approx(4)
    overall_expected = spread[(spread.item_id == "overall") & (spread.lens == "expected")].iloc[0]
    assert overall_expected["lowest_role"] == "COO" and overall_expected["spread"] == 3
    assert list(spread["lens"]) == ["today", "today", "expected"]


def test_expectation_gap_by_hand(questionnaire: Questionnaire) -> None:
    gaps = analysis.expectation_gaps(_stats(TEAM), questionnaire.cio_items)
    by_role = gaps[gaps.item_id == "overall"].set_index("role")["gap"].to_dict()
    assert by_role == {"CEO": 3, "CFO": 3, "CIO": 1, "PEERS": pytest.approx(5 - 2.5)}
    assert "COO" not in by_role  # no score today: no gap
    assert "mandate" not in set(gaps.item_id)  # no expected answers


def test_ladder_places_each_role_on_the_overall_item() -> None:
    ladder = analysis.perception_ladder(_stats(TEAM))
    assert set(ladder.role) == {"CIO", "CEO", "CFO", "COO"}
    today = ladder[ladder.lens == "today"].set_index("role")["mean"].to_dict()
    assert today == {"CEO": 3, "CFO": 2, "CIO": 6}


def test_heatmap_is_items_by_roles_in_order(questionnaire: Questionnaire) -> None:
    table = analysis.heatmap_table(_stats(TEAM), questionnaire.cio_items, "today")
    assert list(table.index) == ["overall", "mandate"]
    assert list(table.columns) == ["CEO", "CFO", "COO", "CIO", "PEERS"]
    assert table.loc["mandate", "PEERS"] == 5 and math.isnan(table.loc["mandate", "COO"])


@pytest.mark.parametrize("seed", range(5))
def test_cell_statistics_match_the_standard_library_on_random_data(seed: int) -> None:
    rng = random.Random(seed)
    raw = [
        (
            rng.choice(["CEO", "CFO", "CIO"]),
            rng.choice(["overall", "scope"]),
            rng.choice(["today", "expected"]),
            rng.choice([None, 1, 2, 3, 4, 5, 6, 7]),
        )
        for _ in range(rng.randint(5, 400))
    ]
    counts = pd.DataFrame(raw, columns=["role", "item_id", "lens", "score"])
    grouped = counts.fillna({"score": -1}).value_counts().reset_index(name="count")
    rows = [
        (r.role, r.item_id, r.lens, None if r.score == -1 else int(r.score), r.count)
        for r in grouped.itertuples()
    ]
    stats = analysis.cell_stats(analysis.counts_frame(rows), peers=True)
    pd.testing.assert_frame_equal(  # pooled in one pass, as if PEERS rows had been added
        stats, analysis.cell_stats(analysis.with_peers(analysis.counts_frame(rows)))
    )
    assert "PEERS" in set(stats["role"])
    for cell in stats.itertuples():
        scores = [
            s
            for (role, item, lens, s) in raw
            if (item, lens) == (cell.item_id, cell.lens)
            and (role == cell.role or (cell.role == "PEERS" and role != "CIO"))
        ]
        known = [s for s in scores if s is not None]
        assert cell.n == len(known) and cell.dont_know == len(scores) - len(known)
        if known:
            assert cell.mean == pytest.approx(statistics.fmean(known))
            assert cell.median == pytest.approx(statistics.median(known))
        if len(known) > 1:
            assert cell.sd == pytest.approx(statistics.stdev(known))
        else:
            assert math.isnan(cell.sd)
