"""Gaps with their uncertainty, from individual answers.

Team workshops (one person per role) are described, never tested: gaps, and agreement among
the peers when there are three or more. Cohort workshops get tests: paired where the same
organisation's executives rate the same CIO (Wilcoxon signed-rank; Friedman with Holm-corrected
pairwise tests across three or more roles), otherwise Mann-Whitney U with permutation
p-values; Cliff's delta as effect size; intervals are bootstrap intervals. Groups below the
workshop's minimum size are not compared.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats as scipy_stats

from survey import stats
from survey.models import PREDICTED_ROLES, SELF_ROLE, Workshop
from survey.questionnaire import LENSES, Item

GAP_STAT_COLUMNS = [
    "workshop_code",
    "kind",
    "item_id",
    "lens",
    "role_a",
    "role_b",
    "n_a",
    "n_b",
    "gap",
    "ci_low",
    "ci_high",
    "test",
    "p",
    "p_holm",
    "cliffs_delta",
    "effect",
    "agreement_sd",
    "agreement_ad",
    "agreement_rwg",
]
PEER_ROLES = (*PREDICTED_ROLES, "OTHER")


def difference_ci(x: Sequence[float], y: Sequence[float]) -> tuple[float | None, float | None]:
    """Bootstrap interval of mean(x) - mean(y) for two independent groups (BCa, fixed seed)."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(a) < 2 or len(b) < 2:
        return None, None
    if np.ptp(np.concatenate([a, b])) == 0:
        return 0.0, 0.0
    result = scipy_stats.bootstrap(
        (np.sort(a), np.sort(b)),
        lambda u, v, axis=-1: np.mean(u, axis=axis) - np.mean(v, axis=axis),
        n_resamples=2000,
        method="BCa",
        random_state=np.random.default_rng(stats.SEED),
    )
    low, high = result.confidence_interval
    if np.isnan(low) or np.isnan(high):
        return None, None
    return float(low), float(high)


def gap_statistics(
    answers: pd.DataFrame, workshop: Workshop, items: Sequence[Item]
) -> pd.DataFrame:
    """`answers` is the long frame (export.long_frame) of one workshop, already filtered."""
    scored = answers[answers["score"].notna()].astype({"score": float})
    cohort = workshop.kind == "cohort"
    k = workshop.min_group_size if cohort else 1
    rows: list[dict[str, object]] = []
    for item in items:
        for lens in item.lenses:
            cell = scored[(scored["item_id"] == item.id) & (scored["lens"] == lens)]
            rows.append(_self_vs_others(cell, item.id, lens, cohort, k))
            rows.extend(_between_roles(cell, item.id, lens, cohort, k))
            if cohort:
                rows.extend(_within_roles(cell, item.id, lens, k))
        if set(LENSES) <= set(item.lenses):
            rows.extend(_expectation(scored[scored["item_id"] == item.id], item.id, cohort, k))
    frame = pd.DataFrame([r for r in rows if r], columns=GAP_STAT_COLUMNS)
    frame["workshop_code"] = workshop.code
    if cohort and not frame.empty:
        frame["p_holm"] = stats.holm([None if pd.isna(p) else p for p in frame["p"]])
    return frame


def _agreement(agreement: stats.Agreement) -> dict[str, object]:
    return {
        "agreement_sd": agreement.sd,
        "agreement_ad": agreement.average_deviation,
        "agreement_rwg": agreement.rwg,
    }


def _within_roles(cell: pd.DataFrame, item_id: str, lens: str, k: int) -> list[dict[str, object]]:
    """Cohorts: how much each role's answers agree (SD, average deviation, rwg)."""
    rows = []
    for role, group in cell.groupby("role", sort=True):
        if len(group) < max(k, 2):
            continue
        row = _base("agreement", item_id, lens, str(role), str(role)) | {"n_a": len(group)}
        rows.append(row | _agreement(stats.agreement(group["score"].tolist())))
    return rows


def _base(kind: str, item_id: str, lens: str, a: str, b: str) -> dict[str, object]:
    return {"kind": kind, "item_id": item_id, "lens": lens, "role_a": a, "role_b": b}


def _self_vs_others(
    cell: pd.DataFrame, item_id: str, lens: str, cohort: bool, k: int
) -> dict[str, object]:
    own = cell[cell["role"] == SELF_ROLE]
    peers = cell[cell["role"].isin(PEER_ROLES)]
    if own.empty or peers.empty or (cohort and (len(own) < k or len(peers) < k)):
        return {}
    row = _base("self_vs_others", item_id, lens, SELF_ROLE, "PEERS")
    row |= {"n_a": len(own), "n_b": len(peers), "gap": own["score"].mean() - peers["score"].mean()}
    if not cohort:
        agreement = stats.agreement(peers["score"].tolist())
        if agreement.n >= 3:
            row |= _agreement(agreement)
        return row
    pairs = _paired(own, peers)
    if len(pairs) >= k:
        differences = (pairs["a"] - pairs["b"]).tolist()
        row["ci_low"], row["ci_high"] = stats.bootstrap_mean_ci(differences)
        row |= {"test": "wilcoxon", "p": stats.wilcoxon_p(pairs["a"], pairs["b"])}
    else:
        row["ci_low"], row["ci_high"] = difference_ci(own["score"], peers["score"])
        row |= {"test": "mann-whitney", "p": stats.mann_whitney_p(own["score"], peers["score"])}
    delta = stats.cliffs_delta(own["score"].tolist(), peers["score"].tolist())
    return row | {"cliffs_delta": delta, "effect": stats.cliffs_label(delta)}


def _paired(own: pd.DataFrame, peers: pd.DataFrame) -> pd.DataFrame:
    """Per organisation: the CIO's score against the mean of its other executives."""
    a = own.dropna(subset=["organisation"]).groupby("organisation")["score"].mean()
    b = peers.dropna(subset=["organisation"]).groupby("organisation")["score"].mean()
    return pd.DataFrame({"a": a, "b": b}).dropna()


def _between_roles(
    cell: pd.DataFrame, item_id: str, lens: str, cohort: bool, k: int
) -> list[dict[str, object]]:
    by_role = cell.groupby("role")["score"]
    sizes = by_role.size()
    means = by_role.mean()[sizes >= k]
    if len(means) < 2:
        return []
    high, low = means.idxmax(), means.idxmin()
    row = _base("between_roles", item_id, lens, high, low)
    row |= {"n_a": int(sizes[high]), "n_b": int(sizes[low]), "gap": means[high] - means[low]}
    if not cohort:
        return [row]
    x = cell.loc[cell["role"] == high, "score"].tolist()
    y = cell.loc[cell["role"] == low, "score"].tolist()
    blocks = cell[cell["role"].isin(means.index)].pivot_table(
        index="organisation", columns="role", values="score", aggfunc="mean"
    )
    blocks = blocks.dropna()
    pairs: list[dict[str, object]] = []
    if blocks.shape[1] >= 3 and len(blocks) >= k:
        result = stats.friedman_holm(blocks)
        row |= {"test": "friedman", "p": result.p}
        for pair in result.pairwise.itertuples():
            pairs.append(
                _base("between_roles_pair", item_id, lens, pair.role_a, pair.role_b)
                | {
                    "n_a": result.blocks,
                    "n_b": result.blocks,
                    "test": "wilcoxon (holm)",
                    "gap": blocks[pair.role_a].mean() - blocks[pair.role_b].mean(),
                    "p": None if pd.isna(pair.p) else float(pair.p),
                }
            )
    else:
        row |= {"test": "mann-whitney", "p": stats.mann_whitney_p(x, y)}
    row["ci_low"], row["ci_high"] = difference_ci(x, y)
    delta = stats.cliffs_delta(x, y)
    return [row | {"cliffs_delta": delta, "effect": stats.cliffs_label(delta)}, *pairs]


def _expectation(item: pd.DataFrame, item_id: str, cohort: bool, k: int) -> list[dict[str, object]]:
    """Expected minus today per role, paired within each respondent."""
    wide = item.pivot_table(index=["response_id", "role"], columns="lens", values="score")
    if not set(LENSES) <= set(wide.columns):
        return []
    wide = wide.dropna().reset_index()
    rows = []
    for role, group in wide.groupby("role", sort=True):
        if len(group) < k:
            continue
        differences = (group["expected"] - group["today"]).tolist()
        row = _base("expectation", item_id, "expected-today", str(role), str(role))
        row |= {"n_a": len(group), "n_b": len(group), "gap": float(np.mean(differences))}
        if cohort:
            row["ci_low"], row["ci_high"] = stats.bootstrap_mean_ci(differences)
            delta = stats.cliffs_delta(group["expected"].tolist(), group["today"].tolist())
            row |= {
                "test": "wilcoxon",
                "p": stats.wilcoxon_p(group["expected"], group["today"]),
                "cliffs_delta": delta,
                "effect": stats.cliffs_label(delta),
            }
        rows.append(row)
    return rows


COMPARISON_COLUMNS = [
    "item_id",
    "lens",
    "group",
    "n_a",
    "n_b",
    "mean_a",
    "mean_b",
    "change",
    "ci_low",
    "ci_high",
    "p",
    "cliffs_delta",
    "effect",
]


def compare(
    first: pd.DataFrame, second: pd.DataFrame, items: Sequence[Item], *, min_group: int
) -> pd.DataFrame:
    """Per item and lens, the change from the first set of answers to the second (for example
    CIOFEST vs. Les Rencontres, or a team before and after the discussion): all executives
    together and each role, where both sides have at least `min_group` answers."""
    a = first[first["score"].notna()].astype({"score": float})
    b = second[second["score"].notna()].astype({"score": float})
    rows = []
    for item in items:
        for lens in item.lenses:
            x_all = a[(a["item_id"] == item.id) & (a["lens"] == lens)]
            y_all = b[(b["item_id"] == item.id) & (b["lens"] == lens)]
            groups = [("ALL", x_all, y_all)] + [
                (role, x_all[x_all["role"] == role], y_all[y_all["role"] == role])
                for role in sorted(set(x_all["role"]) & set(y_all["role"]))
            ]
            for group, x, y in groups:
                if len(x) < min_group or len(y) < min_group:
                    continue
                low, high = difference_ci(y["score"], x["score"])
                delta = stats.cliffs_delta(y["score"].tolist(), x["score"].tolist())
                rows.append(
                    [
                        item.id,
                        lens,
                        group,
                        len(x),
                        len(y),
                        x["score"].mean(),
                        y["score"].mean(),
                        y["score"].mean() - x["score"].mean(),
                        low,
                        high,
                        stats.mann_whitney_p(y["score"], x["score"], resamples=2000),
                        delta,
                        stats.cliffs_label(delta),
                    ]
                )
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def reliability(answers: pd.DataFrame, items: Sequence[Item]) -> tuple[float | None, pd.DataFrame]:
    """Cronbach's alpha of the manager-to-strategist items (today), pooled over everyone, and
    each respondent's strategist index (0-100), offered only when alpha is at least 0.70."""
    today = answers[(answers["lens"] == "today") & answers["item_id"].isin([i.id for i in items])]
    matrix = today.pivot_table(index=["response_id", "role"], columns="item_id", values="score")
    alpha = stats.cronbach_alpha(matrix.astype(float))
    if alpha is None or alpha < RELIABLE_ALPHA:
        return alpha, pd.DataFrame(columns=["response_id", "role", "strategist_index"])
    index = matrix.astype(float).mean(axis=1).map(stats.strategist_index)
    return alpha, index.rename("strategist_index").reset_index()


RELIABLE_ALPHA = 0.70
