"""Item analysis and test statistics for a quiz's attempts.

Teachers need to know which questions fail to tell strong students from weak ones, and
whether the quiz as a whole measures consistently. The figures follow Moodle's quiz
statistics report, plus the classical upper/lower-group index.

Standard library only, so the arithmetic can be unit-tested without Django. A figure whose
definition would divide by zero (too few attempts, no spread, a maximum mark of 0) is None,
never an exception.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

_FACILITY_LOW = 0.2
_FACILITY_HIGH = 0.9
_EFFICIENCY_LOW = 0.15
_RARE_DISTRACTOR = 0.05

# Shown to teachers as they are, next to the item or option.
TOO_HARD = "너무 어렵습니다: 정답률이 20% 미만입니다."
TOO_EASY = "너무 쉽습니다: 정답률이 90%를 넘습니다."
NEGATIVE_DISCRIMINATION = "변별도가 음수입니다: 점수가 높은 학생일수록 이 문제를 더 틀립니다."
LOW_EFFICIENCY = "변별 효율이 15% 미만입니다: 실력에 따라 학생들을 거의 구별하지 못합니다."
RARELY_CHOSEN = "거의 아무도 고르지 않는 오답입니다."
CHOSEN_BY_UPPER = "상위 집단이 하위 집단보다 더 많이 고른 오답입니다: 정답이나 문제를 확인하세요."


@dataclass(frozen=True)
class ItemAnalysis:
    facility: float | None
    sd: float | None
    discrimination_index: float | None
    discriminative_efficiency: float | None
    upper_lower_index: float | None
    intended_weight: float | None
    effective_weight: float | None
    flags: list[str]


@dataclass(frozen=True)
class Analysis:
    n: int
    mean: float | None
    median: float | None
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    alpha: float | None
    error_ratio: float | None
    standard_error: float | None
    items: list[ItemAnalysis]


def analyse(scores: Sequence[Sequence[float]], max_marks: Sequence[float]) -> Analysis:
    """Test and item figures for `scores`: one row of marks per attempt, one column per item."""
    s = len(scores)
    totals = [math.fsum(row) for row in scores]
    columns = [[row[i] for row in scores] for i in range(len(max_marks))]
    # Every variance and covariance divides by s - 1, so a single attempt has no spread.
    spread = s >= 2

    k2 = _variance(totals) if spread else None
    sd = None if k2 is None else math.sqrt(k2)
    alpha = None if k2 is None else _alpha(columns, k2)
    # Rounding can push alpha a hair above 1 when the items are identical.
    error_ratio = None if alpha is None else math.sqrt(max(0.0, 1 - alpha))
    standard_error = None if error_ratio is None or sd is None else error_ratio * sd

    upper, lower = upper_lower_groups(totals)
    cov_totals = [_covariance(column, totals) if spread else None for column in columns]
    # Items that pull against the total have no real square root, so they are left out of
    # the effective weights' common denominator.
    weight_sum = math.fsum(math.sqrt(c) for c in cov_totals if c is not None and c >= 0)
    total_max = math.fsum(max_marks)

    items = []
    for column, max_mark, cov_total in zip(columns, max_marks, cov_totals, strict=True):
        if spread:
            rest = [t - x for t, x in zip(totals, column, strict=True)]
            variance = _variance(column)
            discrimination_index = _correlation(column, rest)
            efficiency = _discriminative_efficiency(column, rest)
        else:
            variance = discrimination_index = efficiency = None
        facility = _ratio(_mean(column), max_mark) if s else None
        effective_weight = None
        if cov_total is not None and cov_total >= 0:
            effective_weight = _ratio(math.sqrt(cov_total), weight_sum)
        items.append(
            ItemAnalysis(
                facility=facility,
                sd=None if variance is None else _ratio(math.sqrt(variance), max_mark),
                discrimination_index=discrimination_index,
                discriminative_efficiency=efficiency,
                upper_lower_index=_upper_lower_index(column, upper, lower, max_mark),
                intended_weight=_ratio(max_mark, total_max),
                effective_weight=effective_weight,
                flags=_item_flags(facility, discrimination_index, efficiency),
            )
        )

    return Analysis(
        n=s,
        mean=_mean(totals) if s else None,
        median=_median(totals) if s else None,
        sd=sd,
        skewness=None if k2 is None else _skewness(totals, k2),
        kurtosis=None if k2 is None else _kurtosis(totals, k2),
        alpha=alpha,
        error_ratio=error_ratio,
        standard_error=standard_error,
        items=items,
    )


def upper_lower_groups(totals: Sequence[float]) -> tuple[list[int], list[int]]:
    """Indexes of the top and bottom g attempts by total, g = max(1, floor(0.27 s + 0.5)).

    Both groups come from one stable ranking, highest total first, so attempts with equal
    totals keep their input order and the groups overlap only when there is one attempt.
    """
    if not totals:
        return [], []
    g = max(1, math.floor(0.27 * len(totals) + 0.5))
    ranking = sorted(range(len(totals)), key=lambda i: -totals[i])
    return ranking[:g], ranking[-g:]


def distractor_flags(chosen_by: int, n: int, upper: int, lower: int, is_key: bool) -> list[str]:
    """Why a teacher should look at one option of a choice question; [] for the key.

    `chosen_by` of the `n` attempts chose the option, `upper` and `lower` of them in the
    upper and lower groups.
    """
    if is_key:
        return []
    flags = []
    if n > 0 and chosen_by / n < _RARE_DISTRACTOR:
        flags.append(RARELY_CHOSEN)
    if upper > lower:
        flags.append(CHOSEN_BY_UPPER)
    return flags


def _item_flags(
    facility: float | None, discrimination_index: float | None, efficiency: float | None
) -> list[str]:
    flags = []
    if facility is not None and facility < _FACILITY_LOW:
        flags.append(TOO_HARD)
    if facility is not None and facility > _FACILITY_HIGH:
        flags.append(TOO_EASY)
    if discrimination_index is not None and discrimination_index < 0:
        flags.append(NEGATIVE_DISCRIMINATION)
    if efficiency is not None and efficiency < _EFFICIENCY_LOW:
        flags.append(LOW_EFFICIENCY)
    return flags


def _ratio(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else numerator / denominator


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _covariance(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Sample covariance, dividing by s - 1 as Moodle does; needs two or more values."""
    mean_x, mean_y = _mean(xs), _mean(ys)
    products = ((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return math.fsum(products) / (len(xs) - 1)


def _variance(values: Sequence[float]) -> float:
    return _covariance(values, values)


def _correlation(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    variance_x, variance_y = _variance(xs), _variance(ys)
    if variance_x == 0 or variance_y == 0:
        return None
    return _covariance(xs, ys) / math.sqrt(variance_x * variance_y)


def _discriminative_efficiency(column: Sequence[float], rest: Sequence[float]) -> float | None:
    """Cov(x, X) as a share of the largest covariance these two sets of marks allow.

    Pairing both sorted ascending is the arrangement with the largest covariance, so the
    ratio is at most 1 whatever the item's spread, unlike a correlation.
    """
    cov_max = _covariance(sorted(column), sorted(rest))
    if cov_max <= 0:
        return None
    return _covariance(column, rest) / cov_max


def _upper_lower_index(
    column: Sequence[float], upper: list[int], lower: list[int], max_mark: float
) -> float | None:
    if not upper:
        return None
    difference = _mean([column[i] for i in upper]) - _mean([column[i] for i in lower])
    return _ratio(difference, max_mark)


def _alpha(columns: Sequence[Sequence[float]], k2: float) -> float | None:
    """Cronbach's alpha (KR-20 for right/wrong items); negative when items disagree."""
    p = len(columns)
    if p < 2 or k2 <= 0:
        return None
    return p / (p - 1) * (1 - math.fsum(_variance(column) for column in columns) / k2)


def _central_moment(values: Sequence[float], r: int) -> float:
    mean = _mean(values)
    return math.fsum((v - mean) ** r for v in values) / len(values)


def _skewness(totals: Sequence[float], k2: float) -> float | None:
    s = len(totals)
    if s <= 2 or k2 <= 0:
        return None
    k3 = s**2 * _central_moment(totals, 3) / ((s - 1) * (s - 2))
    return k3 / k2**1.5


def _kurtosis(totals: Sequence[float], k2: float) -> float | None:
    """Excess kurtosis: 0 for a normal distribution."""
    s = len(totals)
    if s <= 3 or k2 <= 0:
        return None
    m2, m4 = _central_moment(totals, 2), _central_moment(totals, 4)
    k4 = s**2 * ((s + 1) * m4 - 3 * (s - 1) * m2**2) / ((s - 1) * (s - 2) * (s - 3))
    return k4 / k2**2
