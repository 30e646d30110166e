"""Aggregates and gaps, computed from the seven score counts of each role x item x lens cell.

A score takes one of seven values, so the count of each value per cell (one GROUP BY in the
database) is all the per-cell statistics need: the cost does not grow with the number of
respondents. "Don't know" answers (no score) are counted but left out of every mean.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from survey.models import ROLES, SELF_ROLE
from survey.questionnaire import LENSES, Item

PEERS = "PEERS"
"""The pooled group of every executive other than the CIO."""
GAP_FLAG = 2.0
"""Gaps of this size or more are flagged: a third of the 1-7 range."""
CELL = ["role", "item_id", "lens"]
STAT_COLUMNS = [*CELL, "n", "dont_know", "mean", "median", "sd"]


ROLE_ORDER = {role: i for i, role in enumerate((*ROLES, PEERS))}
LENS_ORDER = {lens: i for i, lens in enumerate(LENSES)}
NAN = float("nan")


def counts_frame(rows: Iterable[Sequence[Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=["role", "item_id", "lens", "score", "count"])
    frame["score"] = frame["score"].astype("Int64")
    frame["count"] = frame["count"].astype(int)
    return frame


def _tallies(counts: pd.DataFrame) -> dict[tuple[str, str, str], dict[int | None, int]]:
    """role x item x lens -> {score or None for "don't know": count}, in order of appearance."""
    cells: dict[tuple[str, str, str], dict[int | None, int]] = {}
    scores = counts["score"].to_numpy(dtype=object, na_value=None).tolist()
    columns = (counts[name].tolist() for name in ("role", "item_id", "lens", "count"))
    for (role, item_id, lens, count), score in zip(zip(*columns, strict=True), scores, strict=True):
        tally = cells.setdefault((role, item_id, lens), {})
        key = None if score is None else int(score)
        tally[key] = tally.get(key, 0) + int(count)
    return cells


def _summary(tally: dict[int | None, int]) -> tuple[int, int, float, float, float]:
    """n, don't know, mean, median and sample SD of one cell's score counts."""
    scored = sorted((score, n) for score, n in tally.items() if score is not None and n > 0)
    n = sum(count for _, count in scored)
    dont_know = tally.get(None, 0)
    if n == 0:
        return 0, dont_know, NAN, NAN, NAN
    mean = sum(score * count for score, count in scored) / n
    squares = sum(score * score * count for score, count in scored)
    sd = math.sqrt(max(0.0, (squares - n * mean * mean) / (n - 1))) if n > 1 else NAN
    return n, dont_know, mean, (_nth(scored, (n - 1) // 2) + _nth(scored, n // 2)) / 2, sd


def _nth(scored: list[tuple[int, int]], position: int) -> float:
    """The score at 0-based `position` of the sorted answers the counts stand for."""
    seen = 0
    for score, count in scored:
        seen += count
        if seen > position:
            return float(score)
    raise IndexError(position)


def cell_stats(counts: pd.DataFrame, *, peers: bool = False) -> pd.DataFrame:
    """n, don't-know count, mean, median and sample SD per role x item x lens (and for the
    pooled PEERS when `peers`: the same as `cell_stats(with_peers(counts))`, counted once).

    Read off each cell's score counts (a few hundred rows whatever the number of
    respondents): sums of count, score x count and score^2 x count give the mean and SD, the
    median is read off the cumulative counts of the sorted scores. Plain Python: on frames
    this small it is several times faster than pandas' group-bys.
    """
    if counts.empty:
        return pd.DataFrame(columns=STAT_COLUMNS)
    tallies = _tallies(counts)
    if peers:
        tallies |= _pooled(tallies)
    records = [(*cell, *_summary(tally)) for cell, tally in tallies.items()]
    records.sort(key=lambda r: (ROLE_ORDER.get(r[0], len(ROLE_ORDER)), LENS_ORDER[r[2]]))
    return pd.DataFrame.from_records(records, columns=STAT_COLUMNS)


def _pooled(
    tallies: dict[tuple[str, str, str], dict[int | None, int]],
) -> dict[tuple[str, str, str], dict[int | None, int]]:
    """The PEERS cells: every non-CIO role's counts added up, per item and lens."""
    pooled: dict[tuple[str, str, str], dict[int | None, int]] = {}
    for (role, item_id, lens), tally in tallies.items():
        if role == SELF_ROLE:
            continue
        cell = pooled.setdefault((PEERS, item_id, lens), {})
        for score, count in tally.items():
            cell[score] = cell.get(score, 0) + count
    return {key: pooled[key] for key in sorted(pooled)}


def with_peers(counts: pd.DataFrame) -> pd.DataFrame:
    """The counts plus a pooled PEERS role made of every non-CIO answer."""
    pooled = _pooled(_tallies(counts))
    if not pooled:
        return counts
    rows = [
        (role, item_id, lens, score, tally[score])
        for (role, item_id, lens), tally in pooled.items()
        for score in sorted(tally, key=lambda score: (score is None, score or 0))
    ]
    return pd.concat([counts, counts_frame(rows)], ignore_index=True)


def _cells(stats: pd.DataFrame) -> dict[tuple[str, str, str], tuple[float, int]]:
    """(role, item, lens) -> (mean, n) for every cell with a mean."""
    rows = zip(
        *(stats[name].tolist() for name in ("role", "item_id", "lens", "mean", "n")), strict=True
    )
    return {(r, i, lens): (m, int(n)) for r, i, lens, m, n in rows if not math.isnan(m)}


def _item_lens_order(item_ids: list[str]):  # type: ignore[no-untyped-def]
    order = {item_id: i for i, item_id in enumerate(item_ids)}
    return lambda item_id, lens: (LENS_ORDER[lens], order[item_id])


def perception_ladder(stats: pd.DataFrame, item_id: str = "overall") -> pd.DataFrame:
    """Each role's position on the overall item, today and expected (PEERS excluded)."""
    rows = stats[(stats["item_id"] == item_id) & (stats["role"] != PEERS) & stats["mean"].notna()]
    return rows[["role", "lens", "n", "mean"]].reset_index(drop=True)


def self_vs_others(stats: pd.DataFrame, items: Sequence[Item]) -> pd.DataFrame:
    """CIO self-rating minus the pooled peers, per item and lens, with blind spots flagged."""
    columns = ["item_id", "lens", "self", "peers", "n_peers", "gap", "direction", "flagged"]
    item_ids = [item.id for item in items]
    cells = _cells(stats)
    rows = []
    for (role, item_id, lens), (own, _) in cells.items():
        peers = cells.get((PEERS, item_id, lens))
        if role != SELF_ROLE or peers is None or item_id not in item_ids:
            continue
        gap = own - peers[0]
        direction = "blind spot" if gap > 0 else "hidden strength" if gap < 0 else "aligned"
        rows.append((item_id, lens, own, peers[0], peers[1], gap, direction, abs(gap) >= GAP_FLAG))
    order = _item_lens_order(item_ids)
    rows.sort(key=lambda row: order(row[0], row[1]))
    return pd.DataFrame.from_records(rows, columns=columns)


def between_roles(stats: pd.DataFrame, items: Sequence[Item]) -> pd.DataFrame:
    """Per item and lens: the highest- and lowest-rating roles and the spread between them."""
    item_ids = [item.id for item in items]
    groups: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for (role, item_id, lens), (mean, _) in _cells(stats).items():
        if role != PEERS and item_id in item_ids:
            groups.setdefault((item_id, lens), []).append((role, mean))
    rows = []
    for (item_id, lens), means in groups.items():
        if len(means) < 2:
            continue
        high = max(means, key=lambda role_mean: role_mean[1])  # the first of equals
        low = min(means, key=lambda role_mean: role_mean[1])
        spread = high[1] - low[1]
        rows.append((item_id, lens, high[0], high[1], low[0], low[1], spread, spread >= GAP_FLAG))
    order = _item_lens_order(item_ids)
    rows.sort(key=lambda row: order(row[0], row[1]))
    columns = [
        "item_id",
        "lens",
        "highest_role",
        "highest",
        "lowest_role",
        "lowest",
        "spread",
        "flagged",
    ]
    return pd.DataFrame.from_records(rows, columns=columns)


def expectation_gaps(stats: pd.DataFrame, items: Sequence[Item]) -> pd.DataFrame:
    """Expected minus today, per role (PEERS included) and item."""
    item_ids = [item.id for item in items if set(LENSES) <= set(item.lenses)]
    cells = _cells(stats)
    rows = []
    for (role, item_id, lens), (today, _) in cells.items():
        expected = cells.get((role, item_id, "expected"))
        if lens == "today" and expected is not None and item_id in item_ids:
            rows.append((role, item_id, today, expected[0], expected[0] - today))
    order = {item_id: i for i, item_id in enumerate(item_ids)}
    rows.sort(key=lambda row: (ROLE_ORDER.get(row[0], len(ROLE_ORDER)), order[row[1]]))
    return pd.DataFrame.from_records(rows, columns=["role", "item_id", "today", "expected", "gap"])


def heatmap_table(stats: pd.DataFrame, items: Sequence[Item], lens: str) -> pd.DataFrame:
    """Mean per item (rows, questionnaire order) x role (columns, role order) for one lens."""
    item_ids = [item.id for item in items if lens in item.lenses]
    cells = stats[(stats["lens"] == lens) & stats["item_id"].isin(item_ids)]
    table = cells.pivot_table(index="item_id", columns="role", values="mean", dropna=False)
    roles = [role for role in (*ROLES, PEERS) if role in table.columns]
    return table.reindex(index=[i for i in item_ids if i in table.index], columns=roles)


# --- anonymity in cohort workshops -----------------------------------------------------------

COMPONENT_ROLES = tuple(role for role in ROLES if role != SELF_ROLE)
"""The roles pooled into PEERS."""


def anonymous_stats(counts: pd.DataFrame, min_group: int) -> pd.DataFrame:
    """Cell statistics for a cohort: cells answered by fewer than `min_group` people hidden,
    and never given away by the pooled PEERS group (see `anonymous_pool`)."""
    stats = cell_stats(anonymous_pool(counts, min_group))
    small = (stats["n"] > 0) & (stats["n"] < min_group)
    stats["suppressed"] = small
    stats.loc[small, ["mean", "median", "sd"]] = float("nan")
    return stats


def anonymous_pool(counts: pd.DataFrame, min_group: int) -> pd.DataFrame:
    """The counts plus a PEERS pool that cannot be used to recover a hidden role.

    A role cell (role x item x lens) with 0 < n < min_group is hidden. PEERS pools the
    component roles, so a hidden component could be recovered by subtracting the visible ones
    from it. Hidden components therefore join the pool only when together they reach
    `min_group` answers (then only that group's combined answers could be recovered);
    otherwise the pool is made of the visible roles alone.
    """
    roles = cell_stats(counts)
    small = roles[(roles["n"] > 0) & (roles["n"] < min_group)]
    hidden_sum = small[small["role"].isin(COMPONENT_ROLES)].groupby(["item_id", "lens"])["n"].sum()
    small_keys = pd.MultiIndex.from_frame(small[CELL])
    count_keys = pd.MultiIndex.from_frame(counts[CELL])
    pooled_alone = hidden_sum[hidden_sum < min_group].index
    item_lens = pd.MultiIndex.from_frame(counts[["item_id", "lens"]])
    left_out = count_keys.isin(small_keys) & item_lens.isin(pooled_alone)
    pool = with_peers(counts[counts["role"].isin(COMPONENT_ROLES) & ~left_out])
    return pd.concat([counts, pool[pool["role"] == PEERS]], ignore_index=True)


def answers_needed(by_role: dict[str, int], min_group: int) -> dict[str, int]:
    """For each role with some but too few respondents: how many more answers it needs."""
    return {role: min_group - count for role, count in by_role.items() if 0 < count < min_group}


# --- discussion, rounds and predictions ------------------------------------------------------


def largest_gaps(
    self_gaps: pd.DataFrame,
    spread: pd.DataFrame,
    expectation: pd.DataFrame,
    *,
    lens: str = "today",
    count: int = 3,
) -> pd.DataFrame:
    """The `count` largest gaps of any kind, at most one per item, largest first.

    Kinds: "roles" (highest minus lowest role), "self" (CIO minus peers), "expectation"
    (a role's expected minus today). Columns: kind, item_id, size, role_a, role_b.
    """

    def records(frame: pd.DataFrame, *names: str) -> list[tuple[Any, ...]]:
        return list(zip(*(frame[name].tolist() for name in names), strict=True))

    rows = [
        ("roles", item_id, size, high, low)
        for item_id, size, high, low, in_lens in records(
            spread, "item_id", "spread", "highest_role", "lowest_role", "lens"
        )
        if in_lens == lens
    ]
    rows += [
        ("self", item_id, size, SELF_ROLE, PEERS)
        for item_id, size, in_lens in records(self_gaps, "item_id", "gap", "lens")
        if in_lens == lens
    ]
    rows += [
        ("expectation", item_id, size, role, role)
        for item_id, size, role in records(expectation, "item_id", "gap", "role")
        if role != PEERS
    ]
    rows = [row for row in rows if row[2] is not None and not math.isnan(row[2])]
    rows.sort(key=lambda row: -abs(row[2]))  # stable: the earlier kind first among equals
    largest, items = [], set()
    for row in rows:
        if row[1] not in items and len(largest) < count:
            largest.append(row)
            items.add(row[1])
    return pd.DataFrame.from_records(
        largest, columns=["kind", "item_id", "size", "role_a", "role_b"]
    )


def convergence(before: pd.DataFrame, after: pd.DataFrame, items: Sequence[Item]) -> pd.DataFrame:
    """Between-role spread per item in two rounds (today lens): did the views come closer?"""
    first = between_roles(before, items)
    last = between_roles(after, items)
    first = first[first["lens"] == "today"].set_index("item_id")["spread"]
    last = last[last["lens"] == "today"].set_index("item_id")["spread"]
    frame = pd.DataFrame({"before": first, "after": last}).dropna()
    frame["change"] = frame["after"] - frame["before"]
    order = [item.id for item in items if item.id in frame.index]
    return frame.reindex(order).rename_axis("item_id").reset_index()


def predictions_vs_actual(
    predictions: Iterable[Sequence[Any]], stats: pd.DataFrame, item_id: str = "overall"
) -> pd.DataFrame:
    """Per peer role: the CIO's predicted score (mean over CIOs) next to the role's actual mean."""
    guesses: dict[str, list[int]] = {}
    for role, predicted_item, score in predictions:
        if predicted_item == item_id:
            guesses.setdefault(role, []).append(score)
    actual = {
        role: mean
        for (role, item, lens), (mean, _) in _cells(stats).items()
        if item == item_id and lens == "today"
    }
    rows = [
        (role, sum(scores) / len(scores), actual[role], len(scores))
        for role, scores in sorted(guesses.items())
        if role in actual
    ]
    result = pd.DataFrame.from_records(rows, columns=["role", "predicted", "actual", "predictions"])
    if not result.empty:
        result["miss"] = result["actual"] - result["predicted"]
    return result
