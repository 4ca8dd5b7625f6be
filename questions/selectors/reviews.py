from datetime import datetime

from django.db.models import Count, Min, Q
from django.utils import timezone

from ..models import ReviewSchedule


def review_status(*, user, now: datetime | None = None) -> dict:
    """How many questions are due now, when the next ones fall due, and how many
    sit in each Leitner box. One query."""
    now = now or timezone.now()
    figures = ReviewSchedule.objects.filter(student=user, question__active=True).aggregate(
        due=Count("id", filter=Q(due_at__lte=now)),
        next_due=Min("due_at", filter=Q(due_at__gt=now)),
        total=Count("id"),
        **{f"box{box}": Count("id", filter=Q(box=box)) for box in range(1, 6)},
    )
    figures["boxes"] = [figures.pop(f"box{box}") for box in range(1, 6)]
    return figures
