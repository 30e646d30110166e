"""The analyst's aggregates: per workshop x role x item x lens, with 95% bootstrap intervals,
and the anonymity rule applied after every filter."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from survey import analysis, stats
from survey.models import Workshop

AGGREGATE_COLUMNS: tuple[str, ...] = (
    "workshop_code",
    "role",
    "item_id",
    "lens",
    "n",
    "dont_know",
    "mean",
    "median",
    "sd",
    "ci_low",
    "ci_high",
    "suppressed",
)


def aggregate_table(
    counts: pd.DataFrame, workshops: Mapping[str, Workshop], *, with_intervals: bool = True
) -> pd.DataFrame:
    """`counts` has workshop_code, role, item_id, lens, score, count (see store.filtered_counts).

    Cohort workshops hide cells under their minimum group size (statistics left empty,
    `suppressed` true); the pooled PEERS row never gives a hidden role away.
    """
    frames = []
    for code, group in counts.groupby("workshop_code", sort=True):
        workshop = workshops[str(code)]
        cells = group.drop(columns="workshop_code")
        if workshop.kind == "cohort":
            pooled = analysis.anonymous_pool(cells, workshop.min_group_size)
            table = analysis.cell_stats(pooled)
            table["suppressed"] = (table["n"] > 0) & (table["n"] < workshop.min_group_size)
        else:
            pooled = analysis.with_peers(cells)
            table = analysis.cell_stats(pooled).assign(suppressed=False)
        table.loc[table["suppressed"], ["mean", "median", "sd"]] = float("nan")
        table[["ci_low", "ci_high"]] = (
            _intervals(table, pooled) if with_intervals else (float("nan"), float("nan"))
        )
        frames.append(table.assign(workshop_code=code))
    if not frames:
        return pd.DataFrame(columns=list(AGGREGATE_COLUMNS))
    return pd.concat(frames, ignore_index=True)[list(AGGREGATE_COLUMNS)]


def _intervals(table: pd.DataFrame, pooled: pd.DataFrame) -> pd.DataFrame:
    """BCa bootstrap interval of each shown cell's mean, from its seven score counts."""
    known = pooled[pooled["score"].notna()]
    distributions = {
        key: dict(zip(group["score"].astype(int), group["count"], strict=True))
        for key, group in known.groupby(analysis.CELL)
    }
    bounds = []
    for row in table.itertuples():
        key = (row.role, row.item_id, row.lens)
        if row.suppressed or row.n < 2 or key not in distributions:
            bounds.append((float("nan"), float("nan")))
            continue
        low, high = stats.bootstrap_mean_ci_from_counts(distributions[key])
        bounds.append(
            (float("nan") if low is None else low, float("nan") if high is None else high)
        )
    return pd.DataFrame(bounds, columns=["ci_low", "ci_high"], index=table.index)
