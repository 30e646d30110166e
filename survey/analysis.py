"""Aggregates and gaps, computed from the seven score counts of each role x item x lens cell.

A score takes one of seven values, so the count of each value per cell (one GROUP BY in the
database) is all the per-cell statistics need: the cost does not grow with the number of
respondents. "Don't know" answers (no score) are counted but left out of every mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from survey.models import ROLES, SELF_ROLE
from survey.questionnaire import LENSES, Item

PEERS = "PEERS"
"""The pooled group of every executive other than the CIO."""
GAP_FLAG = 2.0
"""Gaps of this size or more are flagged: a third of the 1-7 range."""
CELL = ["role", "item_id", "lens"]
STAT_COLUMNS = [*CELL, "n", "dont_know", "mean", "median", "sd"]


def counts_frame(rows: Iterable[Sequence[Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=["role", "item_id", "lens", "score", "count"])
    frame["score"] = frame["score"].astype("Int64")
    frame["count"] = frame["count"].astype(int)
    return frame


def cell_stats(counts: pd.DataFrame) -> pd.DataFrame:
    """n, don't-know count, mean, median and sample SD per role x item x lens.

    Vectorised over the counts: sums of count, score x count and score^2 x count give the
    mean and SD; the median is read off the cumulative counts of the sorted scores.
    """
    if counts.empty:
        return pd.DataFrame(columns=STAT_COLUMNS)
    frame = counts.assign(known=counts["score"].notna())
    cells = frame.groupby(CELL, sort=False)
    dont_know = (
        frame["count"].where(~frame["known"], 0).groupby([frame[c] for c in CELL], sort=False).sum()
    )
    scored = frame[frame["known"]].astype({"score": float}).sort_values([*CELL, "score"])
    scored["weighted"] = scored["score"] * scored["count"]
    scored["squared"] = scored["score"] ** 2 * scored["count"]
    sums = scored.groupby(CELL, sort=False)[["count", "weighted", "squared"]].sum()
    n = sums["count"]
    mean = sums["weighted"] / n
    variance = (sums["squared"] - n * mean**2) / (n - 1)
    sd = variance.clip(lower=0).pow(0.5).where(n > 1)
    scored["cumulative"] = scored.groupby(CELL, sort=False)["count"].cumsum()
    scored["n"] = scored.groupby(CELL, sort=False)["count"].transform("sum")
    lower = scored[scored["cumulative"] > (scored["n"] - 1) // 2].groupby(CELL)["score"].first()
    upper = scored[scored["cumulative"] > scored["n"] // 2].groupby(CELL)["score"].first()
    stats = pd.DataFrame(index=cells.size().index)
    stats["n"] = n.reindex(stats.index).fillna(0).astype(int)
    stats["dont_know"] = dont_know.reindex(stats.index).fillna(0).astype(int)
    stats["mean"] = mean.reindex(stats.index)
    stats["median"] = ((lower + upper) / 2).reindex(stats.index)
    stats["sd"] = sd.reindex(stats.index)
    return _role_sorted(stats.reset_index()[STAT_COLUMNS])


def with_peers(counts: pd.DataFrame) -> pd.DataFrame:
    """The counts plus a pooled PEERS role made of every non-CIO answer."""
    peers = counts[counts["role"] != SELF_ROLE].copy()
    if peers.empty:
        return counts
    peers["role"] = PEERS
    pooled = peers.groupby(["role", "item_id", "lens", "score"], dropna=False, as_index=False)[
        "count"
    ].sum()
    return pd.concat([counts, pooled], ignore_index=True)


def _role_sorted(frame: pd.DataFrame) -> pd.DataFrame:
    order = {role: i for i, role in enumerate((*ROLES, PEERS))}
    lens_order = {lens: i for i, lens in enumerate(LENSES)}
    return frame.sort_values(
        ["role", "lens"], key=lambda s: s.map(order) if s.name == "role" else s.map(lens_order)
    ).reset_index(drop=True)


def perception_ladder(stats: pd.DataFrame, item_id: str = "overall") -> pd.DataFrame:
    """Each role's position on the overall item, today and expected (PEERS excluded)."""
    rows = stats[(stats["item_id"] == item_id) & (stats["role"] != PEERS) & stats["mean"].notna()]
    return rows[["role", "lens", "n", "mean"]].reset_index(drop=True)


def self_vs_others(stats: pd.DataFrame, items: Sequence[Item]) -> pd.DataFrame:
    """CIO self-rating minus the pooled peers, per item and lens, with blind spots flagged."""
    columns = ["item_id", "lens", "self", "peers", "n_peers", "gap", "direction", "flagged"]
    known = stats[stats["mean"].notna() & stats["role"].isin([SELF_ROLE, PEERS])]
    wide = known.pivot_table(index=["item_id", "lens"], columns="role", values=["mean", "n"])
    if wide.empty or SELF_ROLE not in wide["mean"] or PEERS not in wide["mean"]:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(
        {
            "self": wide["mean"][SELF_ROLE],
            "peers": wide["mean"][PEERS],
            "n_peers": wide["n"][PEERS],
        }
    ).dropna(subset=["self", "peers"])
    frame = frame.reset_index()
    frame["n_peers"] = frame["n_peers"].astype(int)
    frame["gap"] = frame["self"] - frame["peers"]
    frame["direction"] = np.select(
        [frame["gap"] > 0, frame["gap"] < 0], ["blind spot", "hidden strength"], "aligned"
    )
    frame["flagged"] = frame["gap"].abs() >= GAP_FLAG
    frame = frame[frame["item_id"].isin([item.id for item in items])]
    return _in_item_order(frame[columns], [item.id for item in items])


def between_roles(stats: pd.DataFrame, items: Sequence[Item]) -> pd.DataFrame:
    """Per item and lens: the highest- and lowest-rating roles and the spread between them."""
    item_ids = [item.id for item in items]
    roles = stats[
        (stats["role"] != PEERS) & stats["mean"].notna() & stats["item_id"].isin(item_ids)
    ]
    records = []
    for (item_id, lens), group in roles.groupby(["item_id", "lens"], sort=False):
        if len(group) < 2:
            continue
        high = group.loc[group["mean"].idxmax()]
        low = group.loc[group["mean"].idxmin()]
        records.append(
            {
                "item_id": item_id,
                "lens": lens,
                "highest_role": high["role"],
                "highest": high["mean"],
                "lowest_role": low["role"],
                "lowest": low["mean"],
                "spread": high["mean"] - low["mean"],
                "flagged": high["mean"] - low["mean"] >= GAP_FLAG,
            }
        )
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
    frame = pd.DataFrame(records, columns=columns)
    return _in_item_order(frame, item_ids)


def expectation_gaps(stats: pd.DataFrame, items: Sequence[Item]) -> pd.DataFrame:
    """Expected minus today, per role (PEERS included) and item."""
    item_ids = [item.id for item in items if set(LENSES) <= set(item.lenses)]
    cells = stats[stats["item_id"].isin(item_ids) & stats["mean"].notna()]
    wide = cells.pivot_table(index=["role", "item_id"], columns="lens", values="mean")
    if wide.empty or not set(LENSES) <= set(wide.columns):
        return pd.DataFrame(columns=["role", "item_id", "today", "expected", "gap"])
    wide = wide.dropna(subset=list(LENSES)).reset_index()
    wide.columns.name = None
    wide["gap"] = wide["expected"] - wide["today"]
    frame = _role_sorted_items(wide[["role", "item_id", "today", "expected", "gap"]], item_ids)
    return frame.reset_index(drop=True)


def heatmap_table(stats: pd.DataFrame, items: Sequence[Item], lens: str) -> pd.DataFrame:
    """Mean per item (rows, questionnaire order) x role (columns, role order) for one lens."""
    item_ids = [item.id for item in items if lens in item.lenses]
    cells = stats[(stats["lens"] == lens) & stats["item_id"].isin(item_ids)]
    table = cells.pivot_table(index="item_id", columns="role", values="mean", dropna=False)
    roles = [role for role in (*ROLES, PEERS) if role in table.columns]
    return table.reindex(index=[i for i in item_ids if i in table.index], columns=roles)


def _in_item_order(frame: pd.DataFrame, item_ids: list[str]) -> pd.DataFrame:
    order = {item_id: i for i, item_id in enumerate(item_ids)}
    lens_order = {lens: i for i, lens in enumerate(LENSES)}
    return frame.sort_values(
        ["lens", "item_id"],
        key=lambda s: s.map(order) if s.name == "item_id" else s.map(lens_order),
    ).reset_index(drop=True)


def _role_sorted_items(frame: pd.DataFrame, item_ids: list[str]) -> pd.DataFrame:
    roles = {role: i for i, role in enumerate((*ROLES, PEERS))}
    order = {item_id: i for i, item_id in enumerate(item_ids)}
    return frame.sort_values(
        ["role", "item_id"], key=lambda s: s.map(roles) if s.name == "role" else s.map(order)
    )


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
    rows = []
    for gap in spread[spread["lens"] == lens].itertuples():
        rows.append(("roles", gap.item_id, gap.spread, gap.highest_role, gap.lowest_role))
    for gap in self_gaps[self_gaps["lens"] == lens].itertuples():
        rows.append(("self", gap.item_id, gap.gap, SELF_ROLE, PEERS))
    for gap in expectation[expectation["role"] != PEERS].itertuples():
        rows.append(("expectation", gap.item_id, gap.gap, gap.role, gap.role))
    frame = pd.DataFrame(rows, columns=["kind", "item_id", "size", "role_a", "role_b"])
    frame = frame.dropna(subset=["size"])
    frame = frame.assign(magnitude=frame["size"].abs()).sort_values(
        "magnitude", ascending=False, kind="stable"
    )
    frame = frame.drop_duplicates("item_id").head(count)
    return frame.drop(columns="magnitude").reset_index(drop=True)


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
    frame = pd.DataFrame(list(predictions), columns=["role", "item_id", "score"])
    frame = frame[frame["item_id"] == item_id]
    predicted = frame.groupby("role")["score"].agg(["mean", "count"])
    actual = stats[(stats["item_id"] == item_id) & (stats["lens"] == "today")].set_index("role")
    rows = []
    for role in predicted.index:
        if role in actual.index and pd.notna(actual.loc[role, "mean"]):
            rows.append(
                {
                    "role": role,
                    "predicted": float(predicted.loc[role, "mean"]),
                    "actual": float(actual.loc[role, "mean"]),
                    "predictions": int(predicted.loc[role, "count"]),
                }
            )
    result = pd.DataFrame(rows, columns=["role", "predicted", "actual", "predictions"])
    if not result.empty:
        result["miss"] = result["actual"] - result["predicted"]
    return result
