from django.shortcuts import get_object_or_404

from ..models import Attempt


def attempt_of_student(*, user, pk: int) -> Attempt:
    """The user's own attempt; anyone else's answers 404, not 403, so that
    attempt numbers reveal nothing."""
    return get_object_or_404(Attempt.objects.select_related("quiz"), pk=pk, student=user)


def open_attempt(*, user, quiz) -> Attempt | None:
    if not user.is_authenticated:
        return None
    return Attempt.objects.filter(
        student=user, quiz=quiz, kind=Attempt.Kind.QUIZ, state="in_progress"
    ).first()


def first_open_position(*, attempt: Attempt) -> int:
    """The first slot still without an answer (1 when all are answered)."""
    first_open = (
        attempt.responses.filter(answered_at__isnull=True)
        .order_by("position")
        .values_list("position", flat=True)
        .first()
    )
    return first_open or 1


def attempt_navigator(*, attempt: Attempt) -> list[dict]:
    """Every slot's number, whether it has an answer and whether it is flagged."""
    return [
        {"position": position, "answered": answered_at is not None, "flagged": flagged}
        for position, answered_at, flagged in attempt.responses.order_by("position").values_list(
            "position", "answered_at", "flagged"
        )
    ]
