"""A teacher's explicit regrade after fixing a question's key."""

from django.db import transaction
from django.db.models import Sum

from ..models import Attempt, Question, Response
from .attempts import responses_grade
from .snapshots import question_versions_current


class RegradeRefused(Exception):
    """The question's options changed in number, so old answers cannot be carried over."""


@transaction.atomic
def question_regrade(*, question: Question) -> int:
    """Every submitted answer to `question` moves to its current version (options
    and pairs matched by their position) and is graded again; attempt scores
    follow. Returns how many answers changed."""
    current = question_versions_current([question.pk])[question.pk]
    new_choices = list(current.choices.order_by("position", "id"))
    new_pairs = list(current.pairs.order_by("position", "id"))
    responses = list(
        Response.objects.filter(question=question, attempt__state=Attempt.State.SUBMITTED)
        .exclude(version=current)
        .select_related("version")
    )
    for response in responses:
        old = response.version
        if old.choices.count() != len(new_choices) or old.pairs.count() != len(new_pairs):
            raise RegradeRefused(
                f"{question.key}: 보기나 짝의 수가 바뀌어 지난 답을 옮길 수 없습니다."
            )
    changed, attempts = 0, set()
    for response in responses:
        by_position = {
            c.id: i for i, c in enumerate(response.version.choices.order_by("position", "id"))
        }
        for option in response.options.all():
            option.choice = new_choices[by_position[option.choice_id]]
            option.save(update_fields=["choice"])
        pair_position = {
            p.id: i for i, p in enumerate(response.version.pairs.order_by("position", "id"))
        }
        for match in response.matches.all():
            match.pair = new_pairs[pair_position[match.pair_id]]
            match.save(update_fields=["pair"])
        before = (response.points_awarded, response.correct)
        response.version = current
        responses_grade([response])
        response.save(update_fields=["version", "points_awarded", "correct"])
        changed += (response.points_awarded, response.correct) != before
        attempts.add(response.attempt_id)
    for attempt in Attempt.objects.filter(pk__in=attempts):
        attempt.score = attempt.responses.aggregate(total=Sum("points_awarded"))["total"] or 0
        attempt.save(update_fields=["score"])
    return changed
