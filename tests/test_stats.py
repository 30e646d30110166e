"""survey.stats against scipy/numpy called directly and against hand-computed cases."""

from __future__ import annotations

import math
import statistics
import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from survey import stats

SEED = 20261122
# 7-point answers with many ties, as the survey produces them.
TIED_A = [5, 6, 6, 7, 4, 5, 6, 6, 3, 7, 5, 6]
TIED_B = [3, 4, 4, 5, 2, 4, 5, 3, 4, 6, 4]


def _scipy_ci(
    data: list[float], method: str, resamples: int = 2000, confidence: float = 0.95
) -> tuple[float, float]:
    result = sps.bootstrap(
        (np.sort(np.asarray(data, dtype=float)),),
        lambda sample, axis: np.mean(sample, axis=axis),
        n_resamples=resamples,
        confidence_level=confidence,
        method=method,
        vectorized=True,
        rng=np.random.default_rng(SEED),
    )
    return float(result.confidence_interval.low), float(result.confidence_interval.high)


# --- bootstrap -------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [TIED_A, [1, 2], [4, 4, 4, 4, 5], [1, 7, 7]])
def test_bootstrap_matches_scipy_bca(data: list[float]) -> None:
    assert stats.bootstrap_mean_ci(data) == pytest.approx(_scipy_ci(data, "BCa"), rel=1e-12)


def test_bootstrap_confidence_and_seed_are_passed_through() -> None:
    low, high = stats.bootstrap_mean_ci(TIED_A, confidence=0.8, resamples=500, seed=SEED)
    assert (low, high) == pytest.approx(_scipy_ci(TIED_A, "BCa", 500, 0.8), rel=1e-12)
    assert stats.bootstrap_mean_ci(TIED_A, seed=1) != stats.bootstrap_mean_ci(TIED_A, seed=2)


def test_bootstrap_is_deterministic_and_order_free() -> None:
    first = stats.bootstrap_mean_ci(TIED_A)
    assert stats.bootstrap_mean_ci(TIED_A) == first
    assert stats.bootstrap_mean_ci(list(reversed(TIED_A))) == first
    low, high = first
    assert low is not None and high is not None
    assert low < statistics.mean(TIED_A) < high


def test_bootstrap_is_close_to_the_t_interval_for_a_larger_sample() -> None:
    data = np.random.default_rng(7).integers(1, 8, size=200).tolist()
    half = sps.t.ppf(0.975, len(data) - 1) * statistics.stdev(data) / math.sqrt(len(data))
    mean = statistics.mean(data)
    assert stats.bootstrap_mean_ci(data) == pytest.approx((mean - half, mean + half), abs=0.1)


@pytest.mark.parametrize(
    ("data", "expected"),
    [([], (None, None)), ([5], (None, None)), ([3, 3], (3.0, 3.0)), ([6] * 9, (6.0, 6.0))],
)
def test_bootstrap_degenerate(data: list[float], expected: tuple) -> None:
    assert stats.bootstrap_mean_ci(data) == expected


def test_bootstrap_falls_back_to_percentile_when_bca_is_nan() -> None:
    # With a single resample every BCa percentile is undefined.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with pytest.warns(sps.DegenerateDataWarning):
            assert all(math.isnan(v) for v in _scipy_ci([2, 3, 5], "BCa", resamples=1))
        expected = _scipy_ci([2, 3, 5], "percentile", resamples=1)
    assert not any(math.isnan(v) for v in expected)
    assert stats.bootstrap_mean_ci([2, 3, 5], resamples=1) == pytest.approx(expected, rel=1e-12)


def test_bootstrap_from_counts_equals_raw_scores() -> None:
    counts = Counter(TIED_A)
    assert stats.bootstrap_mean_ci_from_counts(dict(counts)) == stats.bootstrap_mean_ci(TIED_A)
    assert stats.bootstrap_mean_ci_from_counts({7: 1, 1: 0, 2: 3}) == pytest.approx(
        _scipy_ci([2, 2, 2, 7], "BCa"), rel=1e-12
    )
    assert stats.bootstrap_mean_ci_from_counts({}) == (None, None)
    assert stats.bootstrap_mean_ci_from_counts({4: 1}) == (None, None)
    assert stats.bootstrap_mean_ci_from_counts({4: 3, 5: 0}) == (4.0, 4.0)


# --- Cliff's delta ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "y"),
    [(TIED_A, TIED_B), (TIED_B, TIED_A), ([4, 4, 4], [4, 4]), ([1], [7]), ([2, 5], [5])],
)
def test_cliffs_delta_matches_mann_whitney_u(x: list[float], y: list[float]) -> None:
    u = sps.mannwhitneyu(x, y).statistic
    assert stats.cliffs_delta(x, y) == pytest.approx(2 * u / (len(x) * len(y)) - 1, abs=1e-12)


def test_cliffs_delta_by_hand() -> None:
    # pairs (1,2): <, (2,2): =, (7,2): >, (1,7): <, (2,7): <, (7,7): =  ->  (1 - 3) / 6
    assert stats.cliffs_delta([1, 2, 7], [2, 7]) == pytest.approx(-2 / 6)
    assert stats.cliffs_delta([7, 7], [1, 2, 3]) == 1.0
    assert stats.cliffs_delta([3, 3], [3]) == 0.0
    assert stats.cliffs_delta([], [1, 2]) is None
    assert stats.cliffs_delta([1, 2], []) is None


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (None, ""),
        (0.0, "negligible"),
        (-0.146, "negligible"),
        (0.147, "small"),
        (-0.329, "small"),
        (0.33, "medium"),
        (-0.473, "medium"),
        (0.474, "large"),
        (-1.0, "large"),
    ],
)
def test_cliffs_label(delta: float | None, label: str) -> None:
    assert stats.cliffs_label(delta) == label


# --- Mann-Whitney ----------------------------------------------------------------------------


def _scipy_permutation_p(x: list[float], y: list[float], resamples: int = 2000) -> float:
    result = sps.permutation_test(
        (np.asarray(x, dtype=float), np.asarray(y, dtype=float)),
        lambda a, b, axis: sps.mannwhitneyu(a, b, axis=axis).statistic,
        permutation_type="independent",
        vectorized=True,
        n_resamples=resamples,
        alternative="two-sided",
        rng=np.random.default_rng(SEED),
    )
    return float(result.pvalue)


@pytest.mark.parametrize(
    ("x", "y"),
    [([1, 4, 6], [2, 3, 7, 5]), ([1.0, 2.0], [3.0, 4.0]), ([7, 1, 3, 5, 2, 6, 4, 8], [9, 10])],
)
def test_mann_whitney_exact_branch(x: list[float], y: list[float]) -> None:
    expected = sps.mannwhitneyu(x, y, method="exact").pvalue
    assert stats.mann_whitney_p(x, y) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("x", "y"),
    [
        (TIED_A, TIED_B),  # ties, random permutations
        ([3, 3, 4], [4, 5, 5, 6]),  # ties, all splits enumerated
        (list(range(1, 10)), [2.5, 4.5, 10.5]),  # no ties but n > 8
        ([4, 4], [4, 5]),
    ],
)
def test_mann_whitney_permutation_branch(x: list[float], y: list[float]) -> None:
    expected = _scipy_permutation_p(x, y)
    assert stats.mann_whitney_p(x, y, resamples=2000) == pytest.approx(expected, rel=1e-12)


def test_mann_whitney_by_hand_and_symmetric() -> None:
    # Ranks of 1, 2, 3, 3 are 1, 2, 3.5, 3.5; the 6 splits give x rank sums
    # 3, 4.5, 4.5, 5.5, 5.5, 7. Observed 3 is the minimum: p = 2 * 1/6.
    assert stats.mann_whitney_p([1, 2], [3, 3]) == pytest.approx(1 / 3)
    assert stats.mann_whitney_p([3, 3], [1, 2]) == pytest.approx(1 / 3)
    assert stats.mann_whitney_p(TIED_B, TIED_A, resamples=2000) == pytest.approx(
        stats.mann_whitney_p(TIED_A, TIED_B, resamples=2000), abs=0.03
    )


def test_mann_whitney_is_close_to_the_normal_approximation() -> None:
    rng = np.random.default_rng(3)
    x, y = rng.integers(1, 8, 60).tolist(), rng.integers(2, 8, 50).tolist()
    asymptotic = sps.mannwhitneyu(x, y, method="asymptotic", use_continuity=False).pvalue
    assert stats.mann_whitney_p(x, y, resamples=2000) == pytest.approx(asymptotic, abs=0.03)


@pytest.mark.parametrize(
    ("x", "y"), [([], [1, 2]), ([1], [1, 2, 3]), ([2, 3], [5]), ([4, 4], [4, 4, 4])]
)
def test_mann_whitney_undefined(x: list[float], y: list[float]) -> None:
    assert stats.mann_whitney_p(x, y) is None


# --- Wilcoxon --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ([5, 6, 4, 7, 5, 6, 3, 6], [4, 4, 4, 5, 6, 3, 3, 6]),  # ties and a zero difference
        ([1, 2, 3, 4, 5, 6, 7], [2, 4, 1, 7, 3, 5, 6]),
        ([2, 2, 4], [3, 2, 6]),  # exactly 2 non-zero differences
    ],
)
def test_wilcoxon_matches_scipy(x: list[float], y: list[float]) -> None:
    expected = sps.wilcoxon(x, y, zero_method="wilcox").pvalue
    assert stats.wilcoxon_p(x, y) == pytest.approx(expected, rel=1e-12)


def test_wilcoxon_drops_zero_differences_in_a_large_sample() -> None:
    # 60 pairs, 26 of them equal: the normal approximation, where zero handling matters.
    rng = np.random.default_rng(4)
    x = rng.integers(1, 8, 60)
    y = np.clip(x + rng.integers(-1, 3, 60), 1, 7)
    expected = sps.wilcoxon(x, y, zero_method="wilcox").pvalue
    assert expected != pytest.approx(sps.wilcoxon(x, y, zero_method="pratt").pvalue)
    assert stats.wilcoxon_p(x.tolist(), y.tolist()) == pytest.approx(expected, rel=1e-12)


def test_wilcoxon_by_hand() -> None:
    # Differences -1, -2: of the 4 equally likely sign patterns, 1 is this extreme on each side.
    assert stats.wilcoxon_p([1, 2], [2, 4]) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("x", "y"), [([], []), ([3], [4]), ([3, 5, 6], [3, 5, 7]), ([4, 4], [4, 4])]
)
def test_wilcoxon_undefined(x: list[float], y: list[float]) -> None:
    assert stats.wilcoxon_p(x, y) is None


def test_wilcoxon_rejects_unpaired_input() -> None:
    with pytest.raises(ValueError, match="length"):
        stats.wilcoxon_p([1, 2, 3], [1, 2])


# --- Holm ------------------------------------------------------------------------------------


def test_holm_by_hand() -> None:
    # sorted 0.01, 0.03, 0.04 -> 3 x 0.01, 2 x 0.03, max(0.06, 1 x 0.04)
    assert stats.holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert stats.holm([0.5, None, 0.6]) == [1.0, None, 1.0]
    assert stats.holm([None, 0.02]) == [None, pytest.approx(0.02)]
    assert stats.holm([]) == []
    assert stats.holm([None]) == [None]


def _holm_rejects(p_values: list[float], alpha: float) -> set[int]:
    """Holm's step-down procedure itself: reject while p_(j) <= alpha / (m - j)."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    rejected: set[int] = set()
    for j, index in enumerate(order):
        if p_values[index] > alpha / (len(p_values) - j):
            break
        rejected.add(index)
    return rejected


def test_holm_adjusted_p_is_the_smallest_rejecting_alpha() -> None:
    p_values = np.random.default_rng(11).uniform(0, 0.2, 8).round(4).tolist()
    adjusted = stats.holm(p_values)
    for alpha in np.linspace(0.001, 1, 400):
        rejected = {i for i, p in enumerate(adjusted) if p is not None and p <= alpha}
        assert rejected == _holm_rejects(p_values, alpha), alpha


# --- Friedman --------------------------------------------------------------------------------

TABLE = pd.DataFrame(
    {
        "CEO": [5, 4, 6, 3, 5, 4, 6, np.nan],
        "CFO": [3, 3, 5, 2, 4, 4, 4, 5],
        "CIO": [6, 6, 6, 5, 7, 5, 7, 6],
        "COO": [4, 5, 6, 3, 4, 4, 5, 2],
    }
)


def test_friedman_matches_scipy() -> None:
    result = stats.friedman_holm(TABLE)
    complete = TABLE.dropna()
    expected = sps.friedmanchisquare(*(complete[c].to_numpy() for c in complete.columns))
    assert result.blocks == 7
    assert result.statistic == pytest.approx(expected.statistic, rel=1e-12)
    assert result.p == pytest.approx(expected.pvalue, rel=1e-12)
    assert list(result.pairwise.columns) == ["role_a", "role_b", "p", "p_holm"]
    pairs = list(zip(result.pairwise.role_a, result.pairwise.role_b, strict=True))
    assert pairs == [
        ("CEO", "CFO"),
        ("CEO", "CIO"),
        ("CEO", "COO"),
        ("CFO", "CIO"),
        ("CFO", "COO"),
        ("CIO", "COO"),
    ]
    raw = [float(sps.wilcoxon(complete[a], complete[b]).pvalue) for a, b in pairs]
    assert result.pairwise.p.tolist() == pytest.approx(raw, rel=1e-12)
    m = len(raw)
    order = np.argsort(raw)
    steps = np.maximum.accumulate([min(1.0, (m - j) * raw[i]) for j, i in enumerate(order)])
    expected_holm = np.empty(m)
    expected_holm[order] = steps
    assert result.pairwise.p_holm.tolist() == pytest.approx(expected_holm.tolist(), rel=1e-12)


def test_friedman_pair_without_differences_has_no_p() -> None:
    table = pd.DataFrame({"A": [1, 2, 3, 4], "B": [1, 2, 3, 4], "C": [3, 5, 4, 6]})
    result = stats.friedman_holm(table)
    assert result.p is not None
    row = result.pairwise.iloc[0]
    assert (row.role_a, row.role_b) == ("A", "B")
    assert math.isnan(row.p) and math.isnan(row.p_holm)
    others = result.pairwise.p.iloc[1:].tolist()
    assert result.pairwise.p_holm.iloc[1:].tolist() == pytest.approx(
        [min(1.0, 2 * min(others))] * 2
    )


@pytest.mark.parametrize(
    ("table", "blocks"),
    [
        (TABLE.iloc[:1], 1),  # one organisation
        (TABLE[["CEO", "CFO"]], 7),  # two roles
        (pd.DataFrame({"A": [4, 4], "B": [4, 4], "C": [4, 4]}), 2),  # all identical
        (pd.DataFrame({"A": [2, 6], "B": [2, 6], "C": [2, 6]}), 2),  # no differences in a block
        (pd.DataFrame({"A": [np.nan, 1], "B": [2, np.nan], "C": [3, 3]}), 0),  # no complete row
        (pd.DataFrame(columns=["A", "B", "C"]), 0),
    ],
)
def test_friedman_undefined(table: pd.DataFrame, blocks: int) -> None:
    result = stats.friedman_holm(table)
    assert (result.statistic, result.p, result.blocks) == (None, None, blocks)
    assert result.pairwise.empty
    assert list(result.pairwise.columns) == ["role_a", "role_b", "p", "p_holm"]


# --- agreement -------------------------------------------------------------------------------


def test_agreement_by_hand() -> None:
    # mean 3; |deviations| 2, 1, 0, 1, 2; s² = 10 / 4
    spread = stats.agreement([1, 2, 3, 4, 5])
    assert spread.n == 5
    assert spread.sd == pytest.approx(math.sqrt(2.5))
    assert spread.average_deviation == pytest.approx(1.2)
    assert spread.rwg == pytest.approx(1 - 2.5 / 4)
    assert not spread.acceptable_ad  # 1.2 > 7/6
    # mean 13/3; |deviations| 1/3, 1/3, 2/3; s² = (1/9 + 1/9 + 4/9) / 2 = 1/3
    close = stats.agreement([4, 4, 5])
    assert close.sd == pytest.approx(math.sqrt(1 / 3))
    assert close.average_deviation == pytest.approx(4 / 9)
    assert close.rwg == pytest.approx(1 - (1 / 3) / 4)
    assert close.acceptable_ad


def test_agreement_matches_the_standard_library() -> None:
    data = np.random.default_rng(5).integers(2, 7, 30).tolist()
    result = stats.agreement(data)
    mean = statistics.mean(data)
    assert result.sd == pytest.approx(statistics.stdev(data))
    assert result.average_deviation == pytest.approx(statistics.mean(abs(v - mean) for v in data))
    assert result.rwg == pytest.approx(max(0.0, 1 - statistics.variance(data) / 4))
    assert math.isclose(stats.AD_ACCEPTABLE, 7 / 6)


def test_agreement_degenerate() -> None:
    assert stats.agreement([]) == stats.Agreement(0, None, None, None)
    assert not stats.agreement([]).acceptable_ad
    one = stats.agreement([6])
    assert one == stats.Agreement(1, None, 0.0, None)
    assert not one.acceptable_ad
    same = stats.agreement([5, 5, 5])
    assert same == stats.Agreement(3, 0.0, 0.0, 1.0)
    assert same.acceptable_ad
    split = stats.agreement([1, 7])  # s² = 18 > 4: r_wg clipped to 0
    assert split.rwg == 0.0
    assert split.average_deviation == pytest.approx(3.0)
    assert stats.agreement([1, 1, 7, 7]).rwg == 0.0


# --- Cronbach's alpha ------------------------------------------------------------------------


def test_cronbach_alpha_by_hand() -> None:
    # item variances 1 and 1/3, totals 3, 5, 6 with variance 7/3: 2 x (1 - (4/3) / (7/3)) = 6/7
    items = pd.DataFrame({"a": [1, 2, 3, np.nan], "b": [2, 3, 3, 5]})
    assert stats.cronbach_alpha(items) == pytest.approx(6 / 7)


def test_cronbach_alpha_matches_the_covariance_form() -> None:
    rng = np.random.default_rng(9)
    trait = rng.normal(4, 1, 40)
    values = np.clip(np.rint(trait[:, None] + rng.normal(0, 1, (40, 5))), 1, 7)
    values[3, 2] = np.nan
    frame = pd.DataFrame(values, columns=list("abcde"))
    complete = values[~np.isnan(values).any(axis=1)]
    cov = np.cov(complete, rowvar=False)
    expected = 5 / 4 * (1 - np.trace(cov) / cov.sum())
    assert stats.cronbach_alpha(frame) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "items",
    [
        pd.DataFrame({"a": [1, 2, 3]}),  # one item
        pd.DataFrame({"a": [1, np.nan], "b": [2, 3]}),  # one complete row
        pd.DataFrame({"a": [1, 7, 4], "b": [7, 1, 4]}),  # total never varies
        pd.DataFrame({"a": [4, 4], "b": [4, 4]}),  # all identical
        pd.DataFrame(),
    ],
)
def test_cronbach_alpha_undefined(items: pd.DataFrame) -> None:
    assert stats.cronbach_alpha(items) is None


# --- strategist index ------------------------------------------------------------------------


@pytest.mark.parametrize(("mean", "index"), [(1, 0.0), (7, 100.0), (4, 50.0), (5.5, 75.0)])
def test_strategist_index(mean: float, index: float) -> None:
    assert stats.strategist_index(mean) == pytest.approx(index)
    assert isinstance(stats.strategist_index(mean), float)
