"""Quiz grades by grading method, and practice never counting."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from questions.selectors.grades import graded_attempts, quiz_grades
from questions.services.attempts import attempt_submit
from questions.services.starting import attempt_start, retry_start
from tests.factories import QuizFactory
from tests.helpers import answer, slot

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def take(student, quiz, right: int, minutes: int):
    """Submit an attempt started `minutes` after NOW with the first `right` answers right."""
    attempt = attempt_start(student=student, quiz=quiz, now=NOW + timedelta(minutes=minutes))
    for position in range(1, right + 1):
        answer(slot(attempt, position), right=True)
    return attempt_submit(attempt_id=attempt.pk)


@pytest.fixture
def four_attempts(student):
    """Percentages in order: 50, 100, 25, 75."""
    quiz = QuizFactory(with_questions=4)
    for minutes, right in enumerate((2, 4, 1, 3)):
        take(student, quiz, right, minutes)
    return quiz


@pytest.mark.parametrize(
    ("method", "grade"),
    [("highest", "100.00"), ("average", "62.50"), ("first", "50.00"), ("last", "75.00")],
)
def test_each_grading_method(student, four_attempts, method, grade):
    four_attempts.grading_method = method
    four_attempts.save()
    (row,) = quiz_grades(attempts=graded_attempts().filter(student=student))
    assert row["grade"] == Decimal(grade)
    assert row["attempts"] == 4


def test_practice_attempts_never_change_the_grade(student):
    quiz = QuizFactory(with_questions=2, grading_method="last")
    attempt = take(student, quiz, right=1, minutes=0)
    practice = retry_start(attempt=attempt)
    answer(slot(practice, 1), right=True)
    attempt_submit(attempt_id=practice.pk)
    (row,) = quiz_grades(attempts=graded_attempts().filter(student=student))
    assert (row["grade"], row["attempts"]) == (Decimal("50.00"), 1)


def test_the_quiz_page_shows_the_grade_by_its_method_and_attempts_left(
    student_client, student, four_attempts
):
    four_attempts.grading_method = "average"
    four_attempts.attempts_allowed = 6
    four_attempts.save()
    page = student_client.get(reverse("questions:quiz_detail", args=[four_attempts.slug]))
    text = page.content.decode()
    assert "퀴즈 성적(평균 점수): <strong>63%</strong>" in text
    assert "남은 응시 2회" in text
