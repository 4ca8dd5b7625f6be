"""What a student's progress page shows, each figure aggregated in the database."""

from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..models import Attempt, Response, ReviewSchedule, Topic
from ..scheduling import LAST_BOX
from .expressions import PERCENTAGE
from .grades import graded_attempts, quiz_grades


def submitted_attempts(*, user) -> QuerySet[Attempt]:
    return (
        Attempt.objects.filter(student=user, state=Attempt.State.SUBMITTED)
        .select_related("quiz")
        .annotate(percentage_value=PERCENTAGE)
        .order_by("-submitted_at")
    )


def quiz_grade_rows(*, user) -> list[dict]:
    """Per quiz: attempts, the best percentage and the grade by the quiz's method."""
    return quiz_grades(attempts=graded_attempts().filter(student=user))


def topic_mastery(*, user) -> list[dict]:
    """Every topic with its active questions, how many the student has answered
    and how many they have mastered (reached the last review box)."""
    schedules = {
        row["question__topic"]: row
        for row in ReviewSchedule.objects.filter(student=user, question__active=True)
        .values("question__topic")
        .annotate(answered=Count("id"), mastered=Count("id", filter=Q(box__gte=LAST_BOX)))
    }
    rows = []
    for topic in Topic.objects.annotate(
        total=Count("questions", filter=Q(questions__active=True))
    ).order_by("document", "position"):
        row = schedules.get(topic.pk, {})
        rows.append(
            {
                "topic": topic,
                "total": topic.total,
                "answered": row.get("answered", 0),
                "mastered": row.get("mastered", 0),
                "rate": row.get("mastered", 0) * 100 / topic.total if topic.total else 0,
            }
        )
    return rows


def coverage(topics: list[dict]) -> dict:
    """Shares of the active bank answered at least once and mastered, from the
    per-topic figures of `topic_mastery` (every question has a topic)."""
    total = sum(row["total"] for row in topics)
    answered = sum(row["answered"] for row in topics)
    mastered = sum(row["mastered"] for row in topics)
    return {
        "total": total,
        "answered": answered,
        "mastered": mastered,
        "answered_rate": answered * 100 / total if total else 0,
        "mastered_rate": mastered * 100 / total if total else 0,
    }


def activity_streak(*, user, today: date | None = None) -> int:
    """Consecutive days with at least one answer, ending today (or yesterday,
    so that a streak is not lost before today's practice)."""
    today = today or timezone.localdate()
    days = set(
        Response.objects.filter(attempt__student=user, answered_at__isnull=False)
        .annotate(day=TruncDate("answered_at", tzinfo=timezone.get_current_timezone()))
        .filter(day__gte=today - timedelta(days=366))
        .values_list("day", flat=True)
        .distinct()
    )
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


def timeline(attempts: list[Attempt], limit: int = 30) -> list[Attempt]:
    """The latest submitted attempts (`attempts` newest first), oldest first, for
    the progress chart."""
    return list(reversed(attempts[:limit]))
