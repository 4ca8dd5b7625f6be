"""Unit tests for questions.stats: plain pytest, no Django or database.

Examples A and B, and their figures, are the worked examples of the item-analysis oracle
(shared/oracles/item-analysis.md); they must agree to 4 decimal places.
"""

import random
import statistics

import pytest

from questions.stats import (
    CHOSEN_BY_UPPER,
    LOW_EFFICIENCY,
    NEGATIVE_DISCRIMINATION,
    RARELY_CHOSEN,
    TOO_EASY,
    TOO_HARD,
    analyse,
    attempt_totals,
    distractor_analysis,
    distractor_flags,
    upper_lower_groups,
)

EXAMPLE_A = [
    [1, 1, 1],
    [1, 1, 0],
    [1, 0, 1],
    [0, 1, 0],
    [0, 0, 0],
]
EXAMPLE_B = [
    [1, 1, 1],
    [1, 0.5, 1],
    [0.5, 1, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0],
]
EXAMPLES = {"A": EXAMPLE_A, "B": EXAMPLE_B}
MAX_MARKS = [1, 1, 1]

TEST_FIGURES = {
    "A": {
        "n": 5,
        "mean": 1.6,
        "median": 2,
        "sd": 1.1402,
        "skewness": -0.4048,
        "kurtosis": -0.1775,
        "alpha": 0.4615,
        "error_ratio": 0.7338,
        "standard_error": 0.8367,
    },
    "B": {
        "n": 5,
        "mean": 1.7,
        "median": 1.5,
        "sd": 1.0368,
        "skewness": 0.2355,
        "kurtosis": -1.9632,
        "alpha": 0.6628,
        "error_ratio": 0.5807,
        "standard_error": 0.6021,
    },
}

ITEM_COLUMNS = (
    "facility",
    "sd",
    "discrimination_index",
    "discriminative_efficiency",
    "upper_lower_index",
    "intended_weight",
    "effective_weight",
)
# One row per item, in ITEM_COLUMNS order, as printed in the oracle's tables.
ITEM_FIGURES = {
    "A": [
        (0.6000, 0.5477, 0.6455, 1.0000, 1.0000, 0.3333, 0.3783),
        (0.6000, 0.5477, 0.0000, 0.0000, 1.0000, 0.3333, 0.2794),
        (0.4000, 0.5477, 0.3273, 0.3750, 1.0000, 0.3333, 0.3422),
    ],
    "B": [
        (0.6000, 0.4183, 0.8709, 1.0000, 1.0000, 0.3333, 0.3612),
        (0.6000, 0.4183, 0.1336, 0.1379, 0.5000, 0.3333, 0.2668),
        (0.5000, 0.5000, 0.5590, 0.6000, 1.0000, 0.3333, 0.3720),
    ],
}

TEST_CASES = [
    pytest.param(example, figure, value, id=f"{example}-{figure}")
    for example, figures in TEST_FIGURES.items()
    for figure, value in figures.items()
]
ITEM_CASES = [
    pytest.param(example, item, figure, value, id=f"{example}-item{item + 1}-{figure}")
    for example, rows in ITEM_FIGURES.items()
    for item, row in enumerate(rows)
    for figure, value in zip(ITEM_COLUMNS, row, strict=True)
]


@pytest.mark.parametrize(("example", "figure", "expected"), TEST_CASES)
def test_oracle_test_figure(example: str, figure: str, expected: float) -> None:
    analysis = analyse(EXAMPLES[example], MAX_MARKS)
    assert getattr(analysis, figure) == pytest.approx(expected, abs=5e-5)


@pytest.mark.parametrize(("example", "item", "figure", "expected"), ITEM_CASES)
def test_oracle_item_figure(example: str, item: int, figure: str, expected: float) -> None:
    analysis = analyse(EXAMPLES[example], MAX_MARKS)
    assert getattr(analysis.items[item], figure) == pytest.approx(expected, abs=5e-5)


@pytest.mark.parametrize("example", ["A", "B"])
def test_oracle_flags(example: str) -> None:
    # Item 2 separates students poorly in both examples, though its item-rest correlation
    # is not negative (exactly 0 in A).
    flags = [item.flags for item in analyse(EXAMPLES[example], MAX_MARKS).items]
    assert flags == [[], [LOW_EFFICIENCY], []]


def test_no_attempts() -> None:
    analysis = analyse([], [1, 2])
    assert analysis.n == 0
    test_figures = (
        analysis.mean,
        analysis.median,
        analysis.sd,
        analysis.skewness,
        analysis.kurtosis,
        analysis.alpha,
        analysis.error_ratio,
        analysis.standard_error,
    )
    assert test_figures == (None,) * 8
    assert len(analysis.items) == 2
    for item in analysis.items:
        # The intended weight is a property of the quiz, not of the attempts.
        assert [getattr(item, f) for f in ITEM_COLUMNS if f != "intended_weight"] == [None] * 6
        assert item.flags == []
    assert [item.intended_weight for item in analysis.items] == pytest.approx([1 / 3, 2 / 3])


def test_one_attempt_has_no_spread() -> None:
    analysis = analyse([[1, 0]], [1, 1])
    assert (analysis.n, analysis.mean, analysis.median) == (1, 1, 1)
    assert analysis.sd is None
    assert analysis.skewness is None
    assert analysis.kurtosis is None
    assert analysis.alpha is None
    assert analysis.error_ratio is None
    assert analysis.standard_error is None
    easy, hard = analysis.items
    assert (easy.facility, hard.facility) == (1, 0)
    for item in analysis.items:
        assert item.sd is None
        assert item.discrimination_index is None
        assert item.discriminative_efficiency is None
        assert item.effective_weight is None
        assert item.intended_weight == 0.5
    assert easy.flags == [TOO_EASY]
    assert hard.flags == [TOO_HARD]


def test_identical_attempts() -> None:
    analysis = analyse([[1, 0]] * 4, [1, 1])
    assert analysis.sd == 0
    assert analysis.alpha is None
    assert analysis.error_ratio is None
    assert analysis.standard_error is None
    assert analysis.skewness is None
    assert analysis.kurtosis is None
    for item in analysis.items:
        assert item.sd == 0
        assert item.discrimination_index is None
        assert item.discriminative_efficiency is None
        assert item.effective_weight is None


def test_equal_totals_with_varying_items() -> None:
    # Every attempt totals 1, so alpha is undefined, but each item still varies: it is
    # perfectly anti-correlated with the rest of the quiz.
    analysis = analyse([[1, 0], [0, 1], [1, 0], [0, 1]], [1, 1])
    assert analysis.sd == 0
    assert analysis.alpha is None
    assert analysis.standard_error is None
    for item in analysis.items:
        assert item.discrimination_index == pytest.approx(-1)
        assert item.effective_weight is None
        assert NEGATIVE_DISCRIMINATION in item.flags


def test_zero_max_mark() -> None:
    analysis = analyse([[1, 0], [0, 0], [1, 0]], [1, 0])
    unmarked = analysis.items[1]
    assert unmarked.facility is None
    assert unmarked.sd is None
    assert unmarked.upper_lower_index is None
    assert unmarked.intended_weight == 0
    assert analysis.items[0].facility == pytest.approx(2 / 3)


def test_all_max_marks_zero() -> None:
    analysis = analyse([[0, 0], [0, 0]], [0, 0])
    for item in analysis.items:
        assert item.facility is None
        assert item.intended_weight is None
        assert item.flags == []


def test_skewness_needs_three_attempts_and_kurtosis_four() -> None:
    two = analyse([[1], [0]], [1])
    assert two.sd == pytest.approx(0.7071, abs=5e-5)
    assert (two.skewness, two.kurtosis) == (None, None)
    three = analyse([[1], [0], [0]], [1])
    assert three.skewness is not None
    assert three.kurtosis is None


def test_alpha_needs_two_items() -> None:
    analysis = analyse([[1], [0], [1]], [1])
    assert analysis.alpha is None
    assert analysis.error_ratio is None
    assert analysis.standard_error is None


def test_alpha_may_be_negative() -> None:
    analysis = analyse([[1, 0], [0, 1], [1, 0], [0, 1], [1, 1]], [1, 1])
    assert analysis.alpha == pytest.approx(-4)
    assert analysis.error_ratio == pytest.approx(5**0.5)
    assert analysis.standard_error == pytest.approx(1)


def test_median_of_an_even_count() -> None:
    assert analyse([[1], [4], [2], [3]], [4]).median == 2.5


def test_item_against_the_total_has_no_effective_weight() -> None:
    # Item 3 is answered by the weaker students: Cov(x, T) < 0. Only items 1 and 2 share
    # the denominator, so their effective weights still add up to 1.
    scores = [[1, 1, 0], [1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1], [0, 0, 0]]
    analysis = analyse(scores, [1, 1, 1])
    weights = [item.effective_weight for item in analysis.items]
    assert weights[:2] == pytest.approx([0.5, 0.5])
    assert weights[2] is None
    assert analysis.items[2].flags == [NEGATIVE_DISCRIMINATION, LOW_EFFICIENCY]
    assert analysis.items[0].flags == []


def test_too_hard_flag() -> None:
    # Only the best attempt gets item 1: facility 0.1, yet it discriminates well.
    scores = [[1, 1]] + [[0, 1]] * 4 + [[0, 0]] * 5
    hard, fine = analyse(scores, [1, 1]).items
    assert hard.facility == pytest.approx(0.1)
    assert hard.flags == [TOO_HARD]
    assert fine.flags == []


def test_too_easy_flag() -> None:
    # Only the weakest attempt misses item 1: facility 10/11.
    scores = [[1, 1]] * 5 + [[1, 0]] * 5 + [[0, 0]]
    easy, fine = analyse(scores, [1, 1]).items
    assert easy.flags == [TOO_EASY]
    assert fine.flags == []


@pytest.mark.parametrize("correct", [2, 9], ids=["facility-0.2", "facility-0.9"])
def test_facility_on_the_bounds_is_not_flagged(correct: int) -> None:
    # Item 2 tracks item 1 exactly, so both discriminate perfectly.
    scores = [[1, 1]] * correct + [[0, 0]] * (10 - correct)
    for item in analyse(scores, [1, 1]).items:
        assert item.flags == []


def test_upper_lower_index_uses_tie_order() -> None:
    # Totals 1, 1, 0, 0, 0 and g = 1: the first attempt is the upper group, the last the lower.
    analysis = analyse([[1, 0], [0, 1], [0, 0], [0, 0], [0, 0]], [1, 1])
    assert [item.upper_lower_index for item in analysis.items] == [1, 0]


@pytest.mark.parametrize(
    ("totals", "upper", "lower"),
    [
        pytest.param([3, 5, 1, 4, 2], [1], [2], id="s5-g1"),
        pytest.param(list(range(10)), [9, 8, 7], [2, 1, 0], id="s10-g3"),
        pytest.param([1, 2], [1], [0], id="s2-g1"),
        pytest.param([7], [0], [0], id="s1"),
        pytest.param([], [], [], id="s0"),
    ],
)
def test_upper_lower_groups(totals: list[float], upper: list[int], lower: list[int]) -> None:
    assert upper_lower_groups(totals) == (upper, lower)


def test_upper_lower_groups_keep_input_order_for_ties() -> None:
    # One ranking, highest first, ties in input order: 1, 2, 0, 3, 4, 5, 6, 7, 8, 9.
    totals = [4, 5, 5, 2, 2, 2, 2, 0, 0, 0]
    assert upper_lower_groups(totals) == ([1, 2, 0], [7, 8, 9])
    assert upper_lower_groups([1.0] * 5) == ([0], [4])


def test_distractor_flags_never_flag_the_key() -> None:
    assert distractor_flags(chosen_by=0, n=40, upper=3, lower=0, is_key=True) == []


@pytest.mark.parametrize(
    ("chosen_by", "n", "upper", "lower", "expected"),
    [
        pytest.param(10, 40, 2, 5, [], id="healthy"),
        pytest.param(1, 40, 0, 1, [RARELY_CHOSEN], id="rare"),
        pytest.param(0, 40, 0, 0, [RARELY_CHOSEN], id="never"),
        pytest.param(2, 40, 0, 1, [], id="exactly-5-percent"),
        pytest.param(10, 40, 3, 2, [CHOSEN_BY_UPPER], id="upper-prefers"),
        pytest.param(10, 40, 2, 2, [], id="upper-equals-lower"),
        pytest.param(1, 40, 1, 0, [RARELY_CHOSEN, CHOSEN_BY_UPPER], id="both"),
        pytest.param(0, 0, 0, 0, [], id="no-attempts"),
    ],
)
def test_distractor_flags(
    chosen_by: int, n: int, upper: int, lower: int, expected: list[str]
) -> None:
    assert distractor_flags(chosen_by, n, upper, lower, is_key=False) == expected


# Distractors: an option's figures from the sets of attempts that had and chose it


def _option(totals, takers, chosen, is_key=False):
    upper, lower = (set(group) for group in upper_lower_groups(totals))
    (option,) = distractor_analysis(totals, upper, lower, set(takers), [(set(chosen), is_key)])
    return option


def test_distractor_counts_and_groups() -> None:
    # Example A's totals: 3, 2, 2, 1, 0; g = 1, so attempt 0 is upper and attempt 4 lower.
    totals = attempt_totals(EXAMPLE_A)
    option = _option(totals, takers=range(5), chosen={3, 4})
    assert (option.count, option.share, option.upper, option.lower) == (2, 40, 0, 1)
    assert option.flags == []
    assert _option(totals, takers=range(5), chosen={0}).flags == [CHOSEN_BY_UPPER]
    assert _option(totals, takers=range(5), chosen={0}, is_key=True).flags == []


def test_distractor_correlation_is_pearsons_r_over_the_takers() -> None:
    rng = random.Random(7)
    for _ in range(200):
        totals = [rng.choice([0, 0.5, 1, 2.5, 3, 4.25]) for _ in range(40)]
        takers = rng.sample(range(40), rng.randint(3, 40))
        chosen = {i for i in takers if rng.random() < 0.4}
        indicator = [float(i in chosen) for i in takers]
        try:
            expected = statistics.correlation(indicator, [totals[i] for i in takers])
        except statistics.StatisticsError:  # nobody or everybody chose it, or no spread
            expected = None
        got = _option(totals, takers, chosen).correlation
        assert got == (None if expected is None else pytest.approx(expected, abs=1e-12))


@pytest.mark.parametrize(
    ("totals", "takers", "chosen"),
    [
        pytest.param([1.0, 2.0], [0], [0], id="one-taker"),
        pytest.param([1.0, 2.0, 3.0], [0, 1, 2], [], id="nobody"),
        pytest.param([1.0, 2.0, 3.0], [0, 1, 2], [0, 1, 2], id="everybody"),
        pytest.param([2.0, 2.0, 2.0], [0, 1, 2], [1], id="equal-totals"),
        pytest.param([], [], [], id="no-attempts"),
    ],
)
def test_distractor_correlation_undefined(totals, takers, chosen) -> None:
    option = _option(totals, takers, chosen)
    assert option.correlation is None
    assert option.share == (len(chosen) * 100 / len(takers) if takers else 0)


def test_precomputed_totals_change_nothing() -> None:
    for scores in EXAMPLES.values():
        assert analyse(scores, MAX_MARKS, totals=attempt_totals(scores)) == analyse(
            scores, MAX_MARKS
        )
