"""Item analysis and test statistics for a quiz's attempts.

Teachers need to know which questions fail to tell strong students from weak ones, and
whether the quiz as a whole measures consistently. The figures follow Moodle's quiz
statistics report, plus the classical upper/lower-group index.

Standard library only, so the arithmetic can be unit-tested without Django. A figure whose
definition would divide by zero (too few attempts, no spread, a maximum mark of 0) is None,
never an exception.
"""

import math
import operator
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
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


@dataclass(frozen=True)
class OptionAnalysis:
    """One option of a choice question: who chose it, and how that goes with the total."""

    count: int
    share: float  # percentage of the attempts that had the question
    upper: int
    lower: int
    correlation: float | None  # point-biserial, with the attempts' totals
    flags: list[str]


def analyse(
    scores: Sequence[Sequence[float]],
    max_marks: Sequence[float],
    *,
    totals: Sequence[float] | None = None,
) -> Analysis:
    """Test and item figures for `scores`: one row of marks per attempt, one column per item.
    `totals` is `attempt_totals(scores)`, when the caller has worked it out already."""
    s = len(scores)
    totals = attempt_totals(scores) if totals is None else totals
    columns = list(zip(*scores, strict=True)) if s else [() for _ in max_marks]
    # Every variance and covariance divides by s - 1, so a single attempt has no spread.
    spread = s >= 2

    # Variances and covariances are sums of products of deviations from the mean: each
    # vector's deviations are worked out once and shared by every figure that needs them.
    total_deviations = _deviations(totals)
    k2 = _covariance(total_deviations, total_deviations) if spread else None
    sd = None if k2 is None else math.sqrt(k2)
    marks = [_ItemMarks(column, totals, total_deviations) if spread else None for column in columns]
    alpha = None if k2 is None else _alpha([item.variance for item in marks], k2)
    # Rounding can push alpha a hair above 1 when the items are identical.
    error_ratio = None if alpha is None else math.sqrt(max(0.0, 1 - alpha))
    standard_error = None if error_ratio is None or sd is None else error_ratio * sd

    upper, lower = upper_lower_groups(totals)
    cov_totals = [None if item is None else item.cov_total for item in marks]
    # Items that pull against the total have no real square root, so they are left out of
    # the effective weights' common denominator.
    weight_sum = math.fsum(math.sqrt(c) for c in cov_totals if c is not None and c >= 0)
    total_max = math.fsum(max_marks)

    items = []
    for column, max_mark, item, cov_total in zip(
        columns, max_marks, marks, cov_totals, strict=True
    ):
        if item is not None:
            variance = item.variance
            discrimination_index = item.rest_correlation()
            efficiency = item.discriminative_efficiency()
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


def attempt_totals(scores: Sequence[Sequence[float]]) -> list[float]:
    """Each attempt's total, exactly rounded whatever the order of its marks."""
    return [math.fsum(row) for row in scores]


class _ItemMarks:
    """One item's marks x (two or more attempts) against the totals T and the rest of
    the quiz X = T - x, as deviations from their means."""

    def __init__(self, column: Sequence[float], totals: Sequence[float], total_deviations):
        self.deviations = _deviations(column)
        self.rest = _deviations(list(map(operator.sub, totals, column)))
        self.variance = _covariance(self.deviations, self.deviations)
        self.cov_total = _covariance(self.deviations, total_deviations)

    def rest_correlation(self) -> float | None:
        """The discrimination index: the item's correlation with the rest of the quiz."""
        rest_variance = _covariance(self.rest, self.rest)
        if self.variance == 0 or rest_variance == 0:
            return None
        return _covariance(self.deviations, self.rest) / math.sqrt(self.variance * rest_variance)

    def discriminative_efficiency(self) -> float | None:
        """Cov(x, X) as a share of the largest covariance these two sets of marks allow.

        Pairing both sorted ascending is the arrangement with the largest covariance, so the
        ratio is at most 1 whatever the item's spread, unlike a correlation. (Sorting the
        deviations pairs the same marks as sorting the marks: the mean is one constant.)
        """
        cov_max = _covariance(sorted(self.deviations), sorted(self.rest))
        if cov_max <= 0:
            return None
        return _covariance(self.deviations, self.rest) / cov_max


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


def distractor_analysis(
    totals: Sequence[float],
    upper: AbstractSet[int],
    lower: AbstractSet[int],
    takers: AbstractSet[int],
    options: Sequence[tuple[AbstractSet[int], bool]],
) -> list[OptionAnalysis]:
    """The options of one choice question.

    `totals` are the attempts' totals and `upper`, `lower` the indexes of the groups; the
    question was in the attempts indexed by `takers`; each option is the set of indexes
    of the attempts (takers) that chose it and whether it is a key. The correlation with
    the total is Pearson's r of the chose-it-or-not indicator over the takers, worked out
    from sums over the choosers, so an option costs its choosers, not every taker.
    """
    n = len(takers)
    mean = _mean([totals[i] for i in takers]) if n else 0.0
    deviations = [total - mean for total in totals]  # only the takers' are ever read
    among_takers = [deviations[i] for i in takers]
    # With x the indicator and c its count: Sxx = c (1 - c/n), and Sxy is the choosers'
    # deviations less c/n of all the takers' (which sum to about 0).
    sum_of_squares = math.fsum(map(operator.mul, among_takers, among_takers))
    deviation_sum = math.fsum(among_takers)
    analysed = []
    for chosen, is_key in options:
        count, in_upper, in_lower = len(chosen), len(chosen & upper), len(chosen & lower)
        correlation = None
        if 0 < count < n and sum_of_squares > 0:
            share = count / n
            covariance = math.fsum([deviations[i] for i in chosen]) - share * deviation_sum
            correlation = covariance / math.sqrt(count * (1 - share) * sum_of_squares)
        analysed.append(
            OptionAnalysis(
                count=count,
                share=count * 100 / n if n else 0,
                upper=in_upper,
                lower=in_lower,
                correlation=correlation,
                flags=distractor_flags(count, n, in_upper, in_lower, is_key),
            )
        )
    return analysed


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


def _deviations(values: Sequence[float]) -> list[float]:
    if not values:
        return []
    mean = _mean(values)
    return [v - mean for v in values]


def _covariance(dx: Sequence[float], dy: Sequence[float]) -> float:
    """Sample covariance from deviations, dividing by s - 1 as Moodle does; needs two or
    more values. math.fsum is exact whatever the order of the products."""
    return math.fsum(map(operator.mul, dx, dy)) / (len(dx) - 1)


def _upper_lower_index(
    column: Sequence[float], upper: list[int], lower: list[int], max_mark: float
) -> float | None:
    if not upper:
        return None
    difference = _mean([column[i] for i in upper]) - _mean([column[i] for i in lower])
    return _ratio(difference, max_mark)


def _alpha(variances: Sequence[float], k2: float) -> float | None:
    """Cronbach's alpha (KR-20 for right/wrong items); negative when items disagree."""
    p = len(variances)
    if p < 2 or k2 <= 0:
        return None
    return p / (p - 1) * (1 - math.fsum(variances) / k2)


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
