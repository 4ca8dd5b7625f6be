from django.db.models import Count, Max, QuerySet

from ..models import Attempt, Response, Topic
from .expressions import PERCENTAGE, correct_count


def submitted_attempts(*, user) -> QuerySet[Attempt]:
    return (
        Attempt.objects.filter(student=user, state="submitted")
        .select_related("quiz")
        .annotate(percentage_value=PERCENTAGE)
        .order_by("-submitted_at")
    )


def best_per_quiz(*, user) -> list[dict]:
    return list(
        Attempt.objects.filter(student=user, state="submitted")
        .values("quiz__title", "quiz__slug")
        .annotate(best=Max(PERCENTAGE), attempts=Count("id"))
        .order_by("quiz__title")
    )


def topic_correct_rates(*, user) -> list[dict]:
    """Every topic, answered or not, with the student's answered and correct counts."""
    counts = {
        row["question__topic"]: row
        for row in Response.objects.filter(attempt__student=user, attempt__state="submitted")
        .values("question__topic")
        .annotate(answered=Count("id"), correct=correct_count())
    }
    rows = []
    for topic in Topic.objects.order_by("document", "position"):
        row = counts.get(topic.pk, {})
        answered, correct = row.get("answered", 0), row.get("correct") or 0
        rows.append(
            {
                "topic": topic,
                "answered": answered,
                "correct": correct,
                "rate": correct * 100 / answered if answered else None,
            }
        )
    return rows
