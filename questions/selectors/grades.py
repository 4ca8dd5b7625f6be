"""Quiz grades by each quiz's grading method."""

from django.utils import timezone

from ..grade_methods import GradedAttempt, quiz_grade
from ..models import Attempt, Quiz
from ..visibility import quiz_visibility, results_hidden
from .expressions import PERCENTAGE


def graded_attempts():
    """Submitted quiz attempts: practice attempts and review rounds never count."""
    return Attempt.objects.filter(kind=Attempt.Kind.QUIZ, state=Attempt.State.SUBMITTED)


def quiz_grades(*, attempts) -> list[dict]:
    """One row per (student, quiz) in `attempts` (a filtered `graded_attempts()`),
    by quiz title then student, with every method's figure and `grade`, the one
    the quiz's method picks. One flat query; the arithmetic is `quiz_grade`'s."""
    per_cell: dict[tuple[int, int], dict] = {}
    for row in (
        attempts.values(*_CELL, "id", "started_at", "submitted_at")
        .annotate(percentage=PERCENTAGE)
        .order_by("quiz__title", "student")
    ):
        cell = per_cell.setdefault(
            (row["student"], row["quiz"]), {**{k: row[k] for k in _CELL}, "graded": []}
        )
        cell["graded"].append(
            GradedAttempt(row["id"], row["started_at"], row["submitted_at"], row["percentage"])
        )
    return [
        {**{k: cell[k] for k in _CELL}, **quiz_grade(cell["graded"], cell["quiz__grading_method"])}
        for cell in per_cell.values()
    ]


_CELL = ("student", "quiz", "quiz__title", "quiz__slug", "quiz__grading_method")


def quiz_attempts_summary(*, user, quiz: Quiz, now=None) -> dict:
    """What the quiz page tells a student: attempts used and left, and the grade
    (None while the quiz's review options hide marks; `results_hidden` says how)."""
    hidden = results_hidden(quiz_visibility(quiz, now or timezone.now()))
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
        "grade": rows[0]["grade"] if rows and not hidden else None,
        "results_hidden": hidden,
        "attempts": list(attempts),
    }
