from django.db.models import Count, Max, Q

from ..models import Response
from .expressions import correct_count
from .progress import attempt_history, topic_mastery


def student_report(*, student, limit: int = 10) -> dict:
    """A student's attempts, grades, per-topic mastery and the questions they keep
    missing (wrong at least twice, most missed first). A fixed number of queries."""
    missed = list(
        Response.objects.filter(attempt__student=student, attempt__state="submitted")
        .values("version__key")
        .annotate(
            text=Max("version__text"),
            answered=Count("id"),
            wrong=Count("id", filter=Q(correct=False)),
            right=correct_count(),
        )
        .filter(wrong__gte=2)
        .order_by("-wrong", "version__key")[:limit]
    )
    history = attempt_history(user=student, as_teacher=True)
    return {
        "attempts": history.attempts,
        "grades": history.grades,
        "topics": topic_mastery(user=student),
        "missed": missed,
    }
