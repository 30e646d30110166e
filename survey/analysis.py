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
    rows = stats[(stats["item_id"] == item_id) & (stats["role"] != PEERS) & (stats["n"] > 0)]
    return rows[["role", "lens", "n", "mean"]].reset_index(drop=True)


def self_vs_others(stats: pd.DataFrame, items: Sequence[Item]) -> pd.DataFrame:
    """CIO self-rating minus the pooled peers, per item and lens, with blind spots flagged."""
    columns = ["item_id", "lens", "self", "peers", "n_peers", "gap", "direction", "flagged"]
    known = stats[(stats["n"] > 0) & stats["role"].isin([SELF_ROLE, PEERS])]
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
    roles = stats[(stats["role"] != PEERS) & (stats["n"] > 0) & stats["item_id"].isin(item_ids)]
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
        "item_id", "lens", "highest_role", "highest", "lowest_role", "lowest", "spread", "flagged"
    ]  # fmt: skip
    frame = pd.DataFrame(records, columns=columns)
    return _in_item_order(frame, item_ids)


def expectation_gaps(stats: pd.DataFrame, items: Sequence[Item]) -> pd.DataFrame:
    """Expected minus today, per role (PEERS included) and item."""
    item_ids = [item.id for item in items if set(LENSES) <= set(item.lenses)]
    cells = stats[stats["item_id"].isin(item_ids) & (stats["n"] > 0)]
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
