"""Starting, answering and submitting an attempt: the only ways they change."""

from collections.abc import Collection, Mapping

from django.db import transaction
from django.db.models import Prefetch, Sum
from django.utils import timezone

from ..grading import CHOICE_TYPES, MATCHING, MULTIPLE, grade
from ..models import AcceptedAnswer, Attempt, Choice, MatchPair, Quiz, Response, ResponseMatch
from ..models.bank import grading_key


class AttemptClosed(Exception):
    """The attempt was already submitted; its answers can no longer change."""


class InvalidAnswer(Exception):
    """The posted answer does not belong to the question (a forged or stale form)."""


@transaction.atomic
def attempt_start(*, student, quiz: Quiz) -> Attempt:
    """Resume the student's open attempt at this quiz, or start one that fixes
    the quiz's current active questions, in order, as the attempt's slots."""
    open_attempt = (
        Attempt.objects.select_for_update()
        .filter(student=student, quiz=quiz, state=Attempt.State.IN_PROGRESS)
        .first()
    )
    if open_attempt:
        return open_attempt
    slots = list(
        quiz.slots.filter(question__active=True).select_related("question").order_by("position")
    )
    if not slots:
        raise ValueError("이 퀴즈에는 아직 문제가 없습니다.")
    attempt = Attempt.objects.create(
        student=student, quiz=quiz, max_score=sum(s.question.points for s in slots)
    )
    Response.objects.bulk_create(
        Response(
            attempt=attempt,
            question=slot.question,
            position=number,
            max_points=slot.question.points,
        )
        for number, slot in enumerate(slots, start=1)
    )
    return attempt


@transaction.atomic
def response_save(
    *,
    response: Response,
    choice_ids: Collection[int] = (),
    text: str = "",
    matches: Mapping[int, str] | None = None,
) -> Response:
    """Store a student's answer to one slot; an empty answer clears it.
    `matches` maps a matching question's pair ids to the chosen matches."""
    attempt = Attempt.objects.select_for_update().get(pk=response.attempt_id)
    if attempt.is_submitted:
        raise AttemptClosed
    question = response.question
    chosen, matched = [], []
    if question.qtype in CHOICE_TYPES:
        chosen = list(question.choices.filter(pk__in=choice_ids))
        if len(chosen) != len(set(choice_ids)):
            raise InvalidAnswer
        if question.qtype != MULTIPLE and len(chosen) > 1:
            raise InvalidAnswer
        text = ""
    elif question.qtype == MATCHING:
        matched = _matches(question, matches or {})
        text = ""
    response.text_answer = text.strip()[:500]
    answered = chosen or matched or response.text_answer
    response.answered_at = timezone.now() if answered else None
    response.save(update_fields=["text_answer", "answered_at"])
    response.chosen_choices.set(chosen)
    response.matches.all().delete()
    ResponseMatch.objects.bulk_create(
        ResponseMatch(response=response, pair_id=pair_id, chosen=match)
        for pair_id, match in matched
    )
    return response


def _matches(question, matches: Mapping[int, str]) -> list[tuple[int, str]]:
    pairs = list(question.pairs.all())
    prompts = {pair.id for pair in pairs if pair.prompt}
    options = {pair.match for pair in pairs}
    if not set(matches) <= prompts or not set(matches.values()) <= options:
        raise InvalidAnswer
    return sorted(matches.items())


@transaction.atomic
def attempt_submit(*, attempt: Attempt) -> Attempt:
    """Grade every slot and close the attempt. Submitting again (a double click,
    a second tab) finds it closed and returns it unchanged."""
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.is_submitted:
        return attempt
    responses = attempt.responses.select_related("question").prefetch_related(
        "chosen_choices",
        Prefetch("question__choices", queryset=Choice.objects.order_by("position", "id")),
        Prefetch("question__accepted_answers", queryset=AcceptedAnswer.objects.all()),
        "question__numerical_answers",
        Prefetch("question__pairs", queryset=MatchPair.objects.order_by("position", "id")),
        "matches",
    )
    graded = []
    for response in responses:
        # Marks are out of the points frozen in the slot when the attempt began.
        result = grade(
            grading_key(response.question, points=response.max_points),
            choice_ids=[c.id for c in response.chosen_choices.all()],
            text=response.text_answer,
            matches={m.pair_id: m.chosen for m in response.matches.all()},
        )
        response.points_awarded = result.points
        response.correct = result.correct
        graded.append(response)
    Response.objects.bulk_update(graded, ["points_awarded", "correct"])
    attempt.score = attempt.responses.aggregate(total=Sum("points_awarded"))["total"] or 0
    attempt.state = Attempt.State.SUBMITTED
    attempt.submitted_at = timezone.now()
    attempt.save(update_fields=["score", "state", "submitted_at"])
    return attempt
