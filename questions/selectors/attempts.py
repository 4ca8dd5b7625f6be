from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from ..models import AcceptedAnswer, Attempt, Choice, MatchPair, Response

PAIRS_IN_ORDER = Prefetch("question__pairs", queryset=MatchPair.objects.order_by("position", "id"))


def attempt_of_student(*, user, pk: int) -> Attempt:
    """The user's own attempt; anyone else's answers 404, not 403, so that
    attempt numbers reveal nothing."""
    return get_object_or_404(Attempt.objects.select_related("quiz"), pk=pk, student=user)


def open_attempt(*, user, quiz) -> Attempt | None:
    if not user.is_authenticated:
        return None
    return Attempt.objects.filter(student=user, quiz=quiz, state="in_progress").first()


def attempt_slot(*, attempt: Attempt, position: int) -> Response:
    return get_object_or_404(
        Response.objects.select_related("question").prefetch_related(
            Prefetch("question__choices", queryset=Choice.objects.order_by("position", "id")),
            PAIRS_IN_ORDER,
            "chosen_choices",
            "matches",
        ),
        attempt=attempt,
        position=position,
    )


def attempt_navigator(*, attempt: Attempt) -> list[dict]:
    """Every slot's number and whether it has an answer, in one query."""
    return [
        {"position": position, "answered": answered_at is not None}
        for position, answered_at in attempt.responses.order_by("position").values_list(
            "position", "answered_at"
        )
    ]


def attempt_review(*, attempt: Attempt) -> QuerySet[Response]:
    """Everything the result page shows, in a fixed number of queries."""
    return attempt.responses.select_related(
        "question__passage", "question__topic"
    ).prefetch_related(
        Prefetch("question__choices", queryset=Choice.objects.order_by("position", "id")),
        Prefetch("question__accepted_answers", queryset=AcceptedAnswer.objects.all()),
        "question__numerical_answers",
        PAIRS_IN_ORDER,
        "chosen_choices",
        "matches",
    )
