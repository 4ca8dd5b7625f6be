"""The grading methods' arithmetic, without a database."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from questions.grade_methods import GradedAttempt, quiz_grade

T0 = datetime(2026, 3, 2, 9, 0)


def attempt(id_, minutes, percentage):
    start = T0 + timedelta(minutes=minutes)
    return GradedAttempt(id_, start, start + timedelta(minutes=5), percentage)


# Out of order on purpose: first and last go by start time, then id.
ATTEMPTS = [attempt(4, 30, 50.0), attempt(2, 0, 66.666), attempt(3, 0, 90.0), attempt(1, 60, 70.0)]


@pytest.mark.parametrize(
    ("method", "grade"),
    [("highest", "90.00"), ("average", "69.17"), ("first", "66.67"), ("last", "70.00")],
)
def test_each_method_picks_its_figure_to_two_places(method, grade):
    figures = quiz_grade(ATTEMPTS, method)
    assert figures["grade"] == Decimal(grade)
    assert figures["attempts"] == 4
    assert figures["first_submitted"] == T0 + timedelta(minutes=5)


def test_an_attempt_with_nothing_to_score_is_left_out_of_highest_and_average():
    figures = quiz_grade([attempt(1, 0, None), attempt(2, 5, 40.0)], "average")
    assert figures["grade"] == Decimal("40.00") and figures["highest"] == 40.0
    assert quiz_grade([attempt(1, 0, None), attempt(2, 5, 40.0)], "first")["grade"] is None
