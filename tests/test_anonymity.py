"""Cohort anonymity: small cells hidden, and never recoverable from the pooled peers."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from survey import analysis
from survey.analysis import COMPONENT_ROLES, PEERS, anonymous_stats, answers_needed, counts_frame


def _cell(stats: pd.DataFrame, role: str, item: str = "overall") -> pd.Series:
    return stats[(stats.role == role) & (stats.item_id == item) & (stats.lens == "today")].iloc[0]


def test_cells_below_the_minimum_group_are_hidden() -> None:
    rows = [
        ("CEO", "overall", "today", 4, 6),
        ("CFO", "overall", "today", 1, 2),
        ("CIO", "overall", "today", 6, 5),
    ]
    stats = anonymous_stats(counts_frame(rows), 5)
    cfo = _cell(stats, "CFO")
    assert cfo["suppressed"] and pd.isna(cfo["mean"]) and pd.isna(cfo["sd"])
    assert not _cell(stats, "CEO")["suppressed"] and _cell(stats, "CEO")["mean"] == 4
    assert not _cell(stats, "CIO")["suppressed"]


def test_the_pooled_peers_cannot_be_used_to_subtract_a_hidden_role() -> None:
    # CEO 6 x 4 and COO 5 x 5 are shown; CFO 2 x 1 is hidden. Were the CFO pooled in, the
    # peers' total (6*4 + 5*5 + 2*1 = 51 over 13) minus the visible roles would give it away.
    rows = [
        ("CEO", "overall", "today", 4, 6),
        ("COO", "overall", "today", 5, 5),
        ("CFO", "overall", "today", 1, 2),
    ]
    stats = anonymous_stats(counts_frame(rows), 5)
    peers = _cell(stats, PEERS)
    assert peers["n"] == 11 and peers["mean"] == pytest.approx((6 * 4 + 5 * 5) / 11)
    recovered_total = peers["mean"] * peers["n"] - 6 * 4 - 5 * 5
    assert recovered_total == pytest.approx(0)  # nothing of the CFO is in there


def test_hidden_roles_that_together_reach_the_minimum_stay_pooled() -> None:
    rows = [
        ("CEO", "scope", "today", 4, 3),
        ("CFO", "scope", "today", 2, 3),
        ("COO", "scope", "today", 5, 6),
    ]
    stats = anonymous_stats(counts_frame(rows), 5)
    assert _cell(stats, "CEO", "scope")["suppressed"] and _cell(stats, "CFO", "scope")["suppressed"]
    peers = _cell(stats, PEERS, "scope")
    assert peers["n"] == 12 and not peers["suppressed"]  # only CEO+CFO together (6) derivable


def test_a_pool_itself_below_the_minimum_is_hidden() -> None:
    rows = [("CEO", "overall", "today", 4, 2), ("CFO", "overall", "today", 3, 2)]
    stats = anonymous_stats(counts_frame(rows), 5)
    assert stats["suppressed"].all() and stats["mean"].isna().all()


@pytest.mark.parametrize("seed", range(20))
def test_no_hidden_group_smaller_than_the_minimum_is_ever_recoverable(seed: int) -> None:
    rng = random.Random(seed)
    k = rng.choice([3, 5, 8])
    rows = [
        (role, item, "today", score, count)
        for role in (*COMPONENT_ROLES, "CIO")
        for item in ("overall", "scope")
        for score, count in [(rng.randint(1, 7), rng.randint(0, 6)), (None, rng.randint(0, 1))]
        if count
    ]
    stats = anonymous_stats(counts_frame(rows), k)
    for item in ("overall", "scope"):
        cells = stats[(stats.item_id == item) & stats.role.isin(COMPONENT_ROLES)]
        hidden = cells[cells.suppressed]
        pool = stats[(stats.item_id == item) & (stats.role == PEERS)]
        assert (cells.loc[cells.n.between(1, k - 1), "suppressed"]).all()
        if pool.empty or pool.iloc[0]["suppressed"]:
            continue
        visible_n = int(cells.loc[~cells.suppressed, "n"].sum())
        hidden_in_pool = int(pool.iloc[0]["n"]) - visible_n
        # What subtraction reveals is either nothing or a group of at least k answers.
        assert hidden_in_pool == 0 or hidden_in_pool >= k
        assert hidden_in_pool in (0, int(hidden["n"].sum()))
    shown = stats[~stats.suppressed & (stats.n > 0)]
    assert (shown["n"] >= k).all()


def test_answers_needed_counts_only_small_nonempty_roles() -> None:
    assert answers_needed({"CEO": 6, "CFO": 2, "COO": 0, "CIO": 4}, 5) == {"CFO": 3, "CIO": 1}


def test_team_statistics_are_never_suppressed_by_cell_stats() -> None:
    rows = [("CFO", "overall", "today", 1, 1)]
    stats = analysis.cell_stats(counts_frame(rows))
    assert stats.iloc[0]["mean"] == 1
