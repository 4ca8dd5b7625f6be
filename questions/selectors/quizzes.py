from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from ..models import Quiz
from .expressions import PERCENTAGE
from .grades import graded_attempts


def published_quizzes() -> QuerySet[Quiz]:
    return Quiz.objects.filter(published=True).annotate(
        question_count=Count("slots", filter=Q(slots__question__active=True))
    )


def quiz_list(*, user) -> QuerySet[Quiz]:
    """Published quizzes with their question count and, for a signed-in user,
    their best percentage so far (None before a first submitted attempt)."""
    quizzes = published_quizzes()
    if user.is_authenticated:
        best = (
            graded_attempts()
            .filter(quiz=OuterRef("pk"), student=user)
            .annotate(percentage=PERCENTAGE)
            .order_by("-percentage")
            .values("percentage")[:1]
        )
        quizzes = quizzes.annotate(best_percentage=Subquery(best))
    return quizzes.order_by("title")
