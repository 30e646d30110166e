"""Small statistics for 7-point scores (1..7) used to compare groups of executives.

Callers drop "don't know" answers before calling; every function accepts tiny or degenerate
input (empty, n = 1, all answers equal) and returns None where a value is undefined.

Choices:

* Confidence intervals for a mean are BCa bootstrap intervals (bias-corrected and accelerated,
  good coverage for skewed, bounded data) drawn with a fixed seed, so the same answers always
  give the same interval. BCa is undefined when every answer is equal (the interval is then
  (v, v)); should it still come out NaN (e.g. very few resamples) we fall back to percentile.
* Two groups are compared with Mann-Whitney U. 7-point data have many ties, so the exact
  distribution of U for untied data does not apply and the normal approximation is poor in
  small groups; the p-value is therefore a permutation p-value on U (scipy's exact
  distribution only when there are no ties and both groups are small). Paired roles use the
  Wilcoxon signed-rank test, three or more roles the Friedman test with pairwise Wilcoxon tests.
* Pairwise p-values are Holm-corrected (step-down, controls the family-wise error rate and is
  uniformly more powerful than Bonferroni).
* Effect sizes are Cliff's delta, labelled with the thresholds of Romano et al. (2006).
* Within-group agreement is the average deviation AD (Burke & Dunlap 2002; acceptable up to
  c/6 for c answer options) and r_wg (James, Demaree & Wolf 1984, uniform null).
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

SCALE_POINTS = 7
"""Number of answer options (1..7)."""
SEED = 20261122
"""Default seed: resampling results are reproducible."""
AD_ACCEPTABLE = SCALE_POINTS / 6
"""Burke & Dunlap's c/6 cut-off for AD on a c-point scale: 7/6 ≈ 1.17 (often quoted as 1.2)."""
UNIFORM_VARIANCE = (SCALE_POINTS**2 - 1) / 12
"""Variance of a uniform answer over the 7 options (sigma²_EU = 4), the null of r_wg."""
CLIFF_THRESHOLDS = ((0.147, "negligible"), (0.33, "small"), (0.474, "medium"))
PAIRWISE_COLUMNS = ["role_a", "role_b", "p", "p_holm"]


def _array(values: Sequence[float]) -> np.ndarray:
    return np.asarray(values, dtype=float).reshape(-1)


def bootstrap_mean_ci(
    scores: Sequence[float], *, confidence: float = 0.95, resamples: int = 2000, seed: int = SEED
) -> tuple[float | None, float | None]:
    """BCa bootstrap interval for the mean: (None, None) for n < 2, (v, v) if all equal v.

    The scores are sorted first, so the interval depends only on how often each score occurs
    (and equals `bootstrap_mean_ci_from_counts`). Falls back to the percentile interval if BCa
    is degenerate (NaN).
    """
    data = np.sort(_array(scores))
    if data.size < 2:
        return None, None
    if np.all(data == data[0]):
        return float(data[0]), float(data[0])
    for method in ("BCa", "percentile"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", stats.DegenerateDataWarning)
            warnings.simplefilter("ignore", RuntimeWarning)
            interval = stats.bootstrap(
                (data,),
                np.mean,
                n_resamples=resamples,
                confidence_level=confidence,
                method=method,
                vectorized=True,
                rng=np.random.default_rng(seed),
            ).confidence_interval
        low, high = float(interval.low), float(interval.high)
        if not (math.isnan(low) or math.isnan(high)):
            return low, high
    return None, None


def bootstrap_mean_ci_from_counts(
    counts: Mapping[int, int], *, confidence: float = 0.95, resamples: int = 2000, seed: int = SEED
) -> tuple[float | None, float | None]:
    """`bootstrap_mean_ci` from the count of each score ({score: count}).

    Resampling n answers that take one of 7 values is a multinomial draw over the 7 categories
    with the observed proportions, so the counts carry all the information the bootstrap uses.
    """
    scores = [score for score, count in sorted(counts.items()) for _ in range(int(count))]
    return bootstrap_mean_ci(scores, confidence=confidence, resamples=resamples, seed=seed)


def cliffs_delta(x: Sequence[float], y: Sequence[float]) -> float | None:
    """P(x > y) - P(x < y) over all pairs, in [-1, 1]; None if either group is empty."""
    a, b = _array(x), _array(y)
    if a.size == 0 or b.size == 0:
        return None
    return float(np.sign(a[:, None] - b[None, :]).mean())


def cliffs_label(delta: float | None) -> str:
    """Romano et al. (2006): negligible < 0.147 <= small < 0.33 <= medium < 0.474 <= large."""
    if delta is None:
        return ""
    for threshold, label in CLIFF_THRESHOLDS:
        if abs(delta) < threshold:
            return label
    return "large"


def mann_whitney_p(
    x: Sequence[float], y: Sequence[float], *, seed: int = SEED, resamples: int = 9999
) -> float | None:
    """Two-sided Mann-Whitney p-value; None if a group has < 2 values or all values are equal.

    Without ties and with both groups of at most 8, scipy's exact distribution of U; otherwise a
    permutation test on U (exact enumeration when there are at most `resamples` splits).
    """
    a, b = _array(x), _array(y)
    if a.size < 2 or b.size < 2:
        return None
    pooled = np.concatenate([a, b])
    if np.all(pooled == pooled[0]):
        return None
    if np.unique(pooled).size == pooled.size and max(a.size, b.size) <= 8:
        return float(stats.mannwhitneyu(a, b, method="exact").pvalue)
    # U is the rank sum of x minus a constant; ranks of the pooled sample do not change under
    # permutation, so permuting ranks is permuting the data. Sums of half-integers are exact.
    ranks = stats.rankdata(pooled)
    offset = a.size * (a.size + 1) / 2

    def u_statistic(rx: np.ndarray, ry: np.ndarray, axis: int) -> np.ndarray:
        return np.sum(rx, axis=axis) - offset

    result = stats.permutation_test(
        (ranks[: a.size], ranks[a.size :]),
        u_statistic,
        permutation_type="independent",
        vectorized=True,
        n_resamples=resamples,
        alternative="two-sided",
        rng=np.random.default_rng(seed),
    )
    return float(result.pvalue)


def wilcoxon_p(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Paired two-sided Wilcoxon signed-rank p-value (zero differences dropped).

    None with fewer than 2 non-zero differences. Raises ValueError if the lengths differ.
    """
    a, b = _array(x), _array(y)
    if a.size != b.size:
        raise ValueError(f"paired samples differ in length: {a.size} != {b.size}")
    if np.count_nonzero(a - b) < 2:
        return None
    return float(stats.wilcoxon(a, b, zero_method="wilcox").pvalue)


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm step-down adjusted p-values, in input order; None stays None and is not counted."""
    present = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    adjusted: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, (p, index) in enumerate(present):
        running = max(running, min(1.0, (len(present) - rank) * p))
        adjusted[index] = running
    return adjusted


@dataclass(frozen=True)
class FriedmanResult:
    statistic: float | None
    p: float | None
    blocks: int
    pairwise: pd.DataFrame
    """role_a, role_b, p, p_holm per pair of roles; NaN where a pair has no p-value."""


def friedman_holm(table: pd.DataFrame) -> FriedmanResult:
    """Friedman test over roles (columns) within organisations (rows), complete rows only.

    Statistic and p are None, and pairwise is empty, with fewer than 2 blocks or 3 roles, or
    when the statistic is undefined (every organisation gives all roles the same score).
    """
    complete = table.dropna()
    blocks = len(complete)
    empty = pd.DataFrame(columns=PAIRWISE_COLUMNS)
    if blocks < 2 or complete.shape[1] < 3:
        return FriedmanResult(None, None, blocks, empty)
    values = complete.to_numpy(dtype=float)
    if np.all(values == values[:, :1]):
        return FriedmanResult(None, None, blocks, empty)
    result = stats.friedmanchisquare(*values.T)
    statistic, p = float(result.statistic), float(result.pvalue)
    if not (math.isfinite(statistic) and math.isfinite(p)):
        return FriedmanResult(None, None, blocks, empty)
    pairs = list(itertools.combinations(complete.columns, 2))
    raw = [wilcoxon_p(complete[a], complete[b]) for a, b in pairs]
    rows = [
        {"role_a": a, "role_b": b, "p": p_pair, "p_holm": p_adj}
        for (a, b), p_pair, p_adj in zip(pairs, raw, holm(raw), strict=True)
    ]
    pairwise = pd.DataFrame(rows, columns=PAIRWISE_COLUMNS).astype({"p": float, "p_holm": float})
    return FriedmanResult(statistic, p, blocks, pairwise)


@dataclass(frozen=True)
class Agreement:
    n: int
    sd: float | None
    average_deviation: float | None
    rwg: float | None

    @property
    def acceptable_ad(self) -> bool:
        """AD within Burke & Dunlap's c/6 = 7/6; False for fewer than 2 raters."""
        ad = self.average_deviation
        return self.n >= 2 and ad is not None and ad <= AD_ACCEPTABLE


def agreement(scores: Sequence[float]) -> Agreement:
    """Within-group agreement: sample SD, AD (mean absolute deviation from the mean), r_wg.

    r_wg = 1 - s² / 4 (uniform null on 7 options), clipped to [0, 1]; SD and r_wg need n >= 2.
    """
    data = _array(scores)
    n = int(data.size)
    if n == 0:
        return Agreement(0, None, None, None)
    ad = float(np.mean(np.abs(data - data.mean())))
    if n < 2:
        return Agreement(n, None, ad, None)
    variance = float(np.var(data, ddof=1))
    rwg = min(1.0, max(0.0, 1.0 - variance / UNIFORM_VARIANCE))
    return Agreement(n, math.sqrt(variance), ad, rwg)


def cronbach_alpha(items: pd.DataFrame) -> float | None:
    """k/(k-1) * (1 - sum of item variances / variance of the total), complete rows, ddof=1.

    None with fewer than 2 items or 2 complete rows, or when the total score does not vary.
    """
    values = items.dropna().to_numpy(dtype=float)
    rows, k = values.shape
    if k < 2 or rows < 2:
        return None
    total_variance = float(np.var(values.sum(axis=1), ddof=1))
    if total_variance == 0:
        return None
    item_variance = float(np.var(values, axis=0, ddof=1).sum())
    return k / (k - 1) * (1 - item_variance / total_variance)


def strategist_index(mean_score: float) -> float:
    """A 1..7 mean on a 0..100 scale: (mean - 1) / 6 x 100."""
    return float((mean_score - 1) / (SCALE_POINTS - 1) * 100)
