"""The one rule for what a student sees of their results, without a database."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from questions.visibility import (
    EVERYTHING,
    WAITING,
    WITHHELD,
    attempt_visibility,
    goes_to_review,
    quiz_visibility,
    results_hidden,
)

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def quiz(**options):
    values = {"review_marks": True, "review_answers": True, "review_explanations": True,
              "review_after_close": False, "closes_at": None}  # fmt: skip
    return SimpleNamespace(**{**values, **options})


def test_each_review_option_shows_its_part():
    seen = quiz_visibility(quiz(review_answers=False), NOW)
    assert (seen.marks, seen.answers, seen.explanations) == (True, False, True)
    assert results_hidden(seen) == "" and not goes_to_review(seen)


def test_after_close_nothing_shows_until_the_close_then_the_options_apply():
    later = quiz(review_after_close=True, closes_at=NOW + timedelta(hours=1), review_marks=False)
    waiting = quiz_visibility(later, NOW)
    assert not (waiting.marks or waiting.answers or waiting.explanations) and waiting.waiting
    assert results_hidden(waiting) == WAITING and not goes_to_review(waiting)
    closed = quiz_visibility(later, NOW + timedelta(hours=2))
    assert (closed.marks, closed.answers, closed.waiting) == (False, True, False)
    assert results_hidden(closed) == WITHHELD and goes_to_review(closed)
    never_closes = quiz(review_after_close=True)
    assert quiz_visibility(never_closes, NOW + timedelta(days=999)).waiting


def test_practice_and_review_rounds_show_everything():
    hidden = quiz(review_marks=False, review_answers=False, review_explanations=False)
    assert attempt_visibility(SimpleNamespace(kind="retry", quiz=hidden), NOW) == EVERYTHING
    assert attempt_visibility(SimpleNamespace(kind="review", quiz=None), NOW) == EVERYTHING
    assert not attempt_visibility(SimpleNamespace(kind="quiz", quiz=hidden), NOW).marks
