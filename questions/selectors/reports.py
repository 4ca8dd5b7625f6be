from django.db.models import Avg, Count, Max, Q

from ..models import Quiz, Response
from .expressions import correct_count, percentage

# Practice attempts and review rounds are not quiz results.
GRADED = Q(attempts__state="submitted", attempts__kind="quiz")


def quiz_report() -> list[Quiz]:
    """Each quiz with its submitted-attempt count and mean percentage, and
    `question_rows`: each question's answer count and correct rate. Three queries."""
    quizzes = list(
        Quiz.objects.annotate(
            attempt_count=Count("attempts", filter=GRADED),
            mean_percentage=Avg(percentage("attempts__"), filter=GRADED),
        ).order_by("title")
    )
    rows = (
        Response.objects.filter(attempt__state="submitted", attempt__kind="quiz")
        .values("attempt__quiz", "version__key")
        .annotate(text=Max("version__text"), answered=Count("id"), correct=correct_count())
        .order_by("attempt__quiz", "version__key")
    )
    by_quiz = {}
    for row in rows:
        row["rate"] = row["correct"] * 100 / row["answered"] if row["answered"] else None
        by_quiz.setdefault(row["attempt__quiz"], []).append(row)
    for quiz in quizzes:
        quiz.question_rows = by_quiz.get(quiz.pk, [])
    return quizzes
