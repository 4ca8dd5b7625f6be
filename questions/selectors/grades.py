"""Quiz grades by each quiz's grading method, aggregated in the database."""

from decimal import Decimal

from django.db.models import Avg, Count, Max, Min, OuterRef, Subquery

from ..models import Attempt, Quiz
from .expressions import PERCENTAGE


def graded_attempts():
    """Submitted quiz attempts: practice attempts and review rounds never count."""
    return Attempt.objects.filter(kind=Attempt.Kind.QUIZ, state=Attempt.State.SUBMITTED)


def _percentage_of(*, latest: bool):
    """The first or the last graded attempt's percentage of the outer row's student and quiz."""
    order = ("-started_at", "-id") if latest else ("started_at", "id")
    return Subquery(
        graded_attempts()
        .filter(student=OuterRef("student"), quiz=OuterRef("quiz"))
        .annotate(p=PERCENTAGE)
        .order_by(*order)
        .values("p")[:1]
    )


def quiz_grades(*, attempts) -> list[dict]:
    """One row per (student, quiz) in `attempts` (a filtered `graded_attempts()`)
    with every method's figure and `grade`, the one the quiz's method picks."""
    rows = list(
        attempts.values("student", "quiz", "quiz__title", "quiz__slug", "quiz__grading_method")
        .annotate(
            attempts=Count("id"),
            highest=Max(PERCENTAGE),
            average=Avg(PERCENTAGE),
            first=_percentage_of(latest=False),
            last=_percentage_of(latest=True),
            first_submitted=Min("submitted_at"),
        )
        .order_by("quiz__title", "student")
    )
    for row in rows:
        row["grade"] = pick_grade(row, row["quiz__grading_method"])
    return rows


def pick_grade(row: dict, method: str) -> Decimal | None:
    value = row[method]
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def quiz_attempts_summary(*, user, quiz: Quiz) -> dict:
    """What the quiz page tells a student: attempts used and left, and the grade."""
    used = Attempt.objects.filter(student=user, quiz=quiz, kind=Attempt.Kind.QUIZ).count()
    rows = quiz_grades(attempts=graded_attempts().filter(student=user, quiz=quiz))
    attempts = (
        graded_attempts()
        .filter(student=user, quiz=quiz)
        .annotate(percentage_value=PERCENTAGE)
        .order_by("started_at")
    )
    return {
        "used": used,
        "left": None if quiz.attempts_allowed is None else max(quiz.attempts_allowed - used, 0),
        "grade": rows[0]["grade"] if rows else None,
        "attempts": list(attempts),
    }
