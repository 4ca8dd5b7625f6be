from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from ..models import Quiz
from ..visibility import quiz_visibility, results_hidden
from .expressions import PERCENTAGE
from .grades import graded_attempts


def published_quizzes() -> QuerySet[Quiz]:
    return Quiz.objects.filter(published=True).annotate(
        question_count=Count("slots", filter=Q(slots__question__active=True))
    )


def quiz_list(*, user, now=None) -> list[Quiz]:
    """Published quizzes with their question count and, for a signed-in user,
    their best percentage so far (None before a first submitted attempt, or
    while the quiz's review options hide marks: then `results_hidden` says how)."""
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
    quizzes = list(quizzes.order_by("title"))
    now = now or timezone.now()
    for quiz in quizzes:
        quiz.results_hidden = results_hidden(quiz_visibility(quiz, now))
        if quiz.results_hidden:
            quiz.best_percentage = None
    return quizzes
