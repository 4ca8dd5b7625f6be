from django.db.models import Avg, Count, Q

from ..models import Quiz, Response
from .expressions import correct_count, percentage


def quiz_report() -> list[Quiz]:
    """Each quiz with its submitted-attempt count and mean percentage, and
    `question_rows`: each question's answer count and correct rate. Three queries."""
    quizzes = list(
        Quiz.objects.annotate(
            attempt_count=Count("attempts", filter=Q(attempts__state="submitted")),
            mean_percentage=Avg(percentage("attempts__"), filter=Q(attempts__state="submitted")),
        ).order_by("title")
    )
    rows = (
        Response.objects.filter(attempt__state="submitted")
        .values("attempt__quiz", "question__key", "question__text")
        .annotate(answered=Count("id"), correct=correct_count())
        .order_by("attempt__quiz", "question__key")
    )
    by_quiz = {}
    for row in rows:
        row["rate"] = row["correct"] * 100 / row["answered"] if row["answered"] else None
        by_quiz.setdefault(row["attempt__quiz"], []).append(row)
    for quiz in quizzes:
        quiz.question_rows = by_quiz.get(quiz.pk, [])
    return quizzes
