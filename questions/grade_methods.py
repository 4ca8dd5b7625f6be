"""A student's grade at a quiz from their graded attempts, by the quiz's grading
method (as Moodle's quiz offers: the highest, the average, the first or the last
attempt's percentage). Plain Python, unit-tested without a database."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from statistics import fmean

HIGHEST, AVERAGE, FIRST, LAST = "highest", "average", "first", "last"
GRADING_METHODS = (HIGHEST, AVERAGE, FIRST, LAST)


@dataclass(frozen=True)
class GradedAttempt:
    id: int
    started_at: datetime
    submitted_at: datetime
    percentage: float | None  # None: nothing to score (a maximum of 0)


def quiz_grade(attempts: Sequence[GradedAttempt], method: str) -> dict:
    """Every method's figure for one student's attempts at one quiz, and `grade`,
    the one `method` picks, to two places. First and last go by start time."""
    ordered = sorted(attempts, key=lambda a: (a.started_at, a.id))
    scored = [a.percentage for a in ordered if a.percentage is not None]
    figures = {
        "attempts": len(ordered),
        HIGHEST: max(scored, default=None),
        AVERAGE: fmean(scored) if scored else None,
        FIRST: ordered[0].percentage if ordered else None,
        LAST: ordered[-1].percentage if ordered else None,
        "first_submitted": min((a.submitted_at for a in ordered), default=None),
    }
    value = figures[method]
    figures["grade"] = None if value is None else Decimal(value).quantize(Decimal("0.01"))
    return figures
