"""Answering, checking and submitting attempts, and closing them when time is up.

Exam day shapes this module: a class answers and submits at once, on SQLite and
on PostgreSQL with several web processes. So each write is one short
transaction, and answering and submitting lock the attempt row they change: an
answer is either saved before grading or refused after it, never lost in
between. Starting attempts is `starting.py`."""

from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404
from django.utils import timezone

from ..grading import CHOICE_TYPES, MATCHING, MULTIPLE, grade
from ..models import (
    Attempt,
    Quiz,
    Response,
    ResponseMatch,
    ResponseOption,
)
from ..visibility import attempt_visibility, goes_to_review
from .reviews import review_results, schedules_record

TEXT_ANSWER_LENGTH = 500


class AttemptRefused(Exception):
    """A new attempt may not start now; the message says why and when (Korean)."""


class AttemptClosed(Exception):
    """The attempt was already submitted; its answers can no longer change."""


class DeadlinePassed(Exception):
    """The time is up: the answer was not saved, and the attempt has been graded."""

    def __init__(self, attempt: Attempt):
        super().__init__(attempt.pk)
        self.attempt = attempt


class InvalidAnswer(Exception):
    """The posted answer does not fit the question (a forged or stale form)."""


# Answering


def _slot_locked(*, attempt_id: int, position: int, student) -> Response:
    """The slot with its attempt (and quiz) and frozen version, the attempt row
    locked until the transaction ends so that grading waits for this answer."""
    slots = (
        Response.objects.select_related("attempt__quiz", "version")
        .select_for_update(of=("attempt",))
        .filter(attempt_id=attempt_id, position=position)
    )
    if student is not None:
        slots = slots.filter(attempt__student=student)
    slot = slots.first()
    if slot is None:
        raise Http404("그런 문제가 없습니다.")
    return slot


def response_save(
    *,
    attempt_id: int,
    position: int,
    student=None,
    choice_ids: Collection[int] | None = (),
    text: str = "",
    matches: Mapping[int, str] | None = None,
    flagged: bool | None = None,
    now: datetime | None = None,
) -> Response:
    """Store a student's answer to one slot (an empty answer clears it), and the
    review flag when given. An answer checked with 확인 no longer changes.
    `choice_ids` are the version's option ids (None: the form sent something
    that is not one); `matches` maps a matching question's pair ids to the
    chosen matches. With `student`, another student's attempt answers 404."""
    now = now or timezone.now()
    with transaction.atomic():
        slot = _slot_locked(attempt_id=attempt_id, position=position, student=student)
        attempt = slot.attempt
        if attempt.is_submitted:
            raise AttemptClosed
        late = attempt.is_due(now)
        if not late:
            _response_store(slot, choice_ids, text, matches, flagged, now)
    if late:
        _grade_late(attempt, now)
    return slot


def _response_store(slot: Response, choice_ids, text: str, matches, flagged, now) -> None:
    fields = []
    if flagged is not None and flagged != slot.flagged:
        slot.flagged = flagged
        fields.append("flagged")
    if slot.is_checked:  # checked with 확인: the answer is locked, only the flag changes
        if fields:
            slot.save(update_fields=fields)
        return
    key = slot.version.grading_key()
    qtype = key.qtype
    selected, matched = set(), {}
    if qtype in CHOICE_TYPES:
        if choice_ids is None:
            raise InvalidAnswer
        selected = set(choice_ids)
        offered = {choice.id for choice in key.choices}
        if not selected <= offered or (qtype != MULTIPLE and len(selected) > 1):
            raise InvalidAnswer
        text = ""
    elif qtype == MATCHING:
        if matches is None:
            raise InvalidAnswer
        prompts = {pair.id for pair in key.pairs if pair.prompt}
        options = {pair.match for pair in key.pairs}
        if not set(matches) <= prompts or not set(matches.values()) <= options:
            raise InvalidAnswer
        matched, text = matches, ""
    text = text.strip()
    if len(text) > TEXT_ANSWER_LENGTH:
        raise InvalidAnswer(f"답은 {TEXT_ANSWER_LENGTH}자까지 쓸 수 있습니다.")
    slot.text_answer = text
    slot.answered_at = now if selected or matched or text else None
    slot.save(update_fields=[*fields, "text_answer", "answered_at"])
    if qtype in CHOICE_TYPES:
        slot.options.update(selected=_in(selected) if selected else False)
    elif qtype == MATCHING:
        slot.matches.all().delete()
        ResponseMatch.objects.bulk_create(
            ResponseMatch(response=slot, pair_id=pair_id, chosen=match)
            for pair_id, match in sorted(matched.items())
        )


def _in(choice_ids: set[int]) -> ExpressionWrapper:
    """`choice_id IN (…)` as a value, so one UPDATE sets every option's flag."""
    return ExpressionWrapper(Q(choice_id__in=choice_ids), output_field=BooleanField())


def response_check(
    *, attempt_id: int, position: int, student=None, now: datetime | None = None
) -> Response:
    """Immediate feedback: grade one saved answer now and lock it."""
    now = now or timezone.now()
    with transaction.atomic():
        slot = _slot_locked(attempt_id=attempt_id, position=position, student=student)
        attempt = slot.attempt
        if attempt.is_submitted:
            raise AttemptClosed
        if not attempt.immediate_feedback:
            raise InvalidAnswer
        late = attempt.is_due(now)
        if not late and not slot.is_checked:
            responses_grade([slot])
            slot.checked_at = now
            slot.save(update_fields=["points_awarded", "correct", "checked_at"])
    if late:
        _grade_late(attempt, now)
    return slot


def _grade_late(attempt: Attempt, now: datetime):
    """Past the deadline: grade the attempt with what was saved, then refuse.
    Runs after the answer's transaction, whose refusal must not undo the grading."""
    attempt_expire_if_due(attempt=attempt, now=now)
    raise DeadlinePassed(attempt)


# Submitting


def attempt_submit(
    *, attempt_id: int, student=None, now: datetime | None = None, auto: bool = False
) -> Attempt:
    """Grade every slot and close the attempt. Submitting again (a double click,
    a second tab, a retried request) finds it closed and returns it unchanged.
    The attempt and its student are locked: answers wait for the grading, and a
    student's simultaneous submits move their review schedule one after the other."""
    now = now or timezone.now()
    with transaction.atomic():
        attempts = (
            Attempt.objects.select_related("quiz", "student")
            .select_for_update(of=("self", "student"))
            .filter(pk=attempt_id)
        )
        if student is not None:
            attempts = attempts.filter(student=student)
        attempt = attempts.first()
        if attempt is None:
            raise Http404("그런 응시가 없습니다.")
        if attempt.is_submitted:
            return attempt
        slots = list(attempt.responses.select_related("version").order_by("position"))
        responses_grade(slots)
        Response.objects.bulk_update(slots, ["points_awarded", "correct"])
        attempt.score = sum((slot.points_awarded for slot in slots), Decimal(0))
        attempt.state = Attempt.State.SUBMITTED
        # An attempt graded after its deadline is closed at the deadline, not later.
        due_at = attempt.due_at
        attempt.submitted_at = min(now, due_at) if due_at else now
        attempt.auto_submitted = auto
        fields = ["score", "state", "submitted_at", "auto_submitted"]
        # Review rounds show keys: answers go into review once the quiz shows them.
        if goes_to_review(attempt_visibility(attempt, now)):
            schedules_record(student_id=attempt.student_id, results=review_results(slots), now=now)
            attempt.review_recorded_at = now
            fields.append("review_recorded_at")
        attempt.save(update_fields=fields)
    return attempt


def responses_grade(slots: list[Response]) -> None:
    """Set points and correctness on each slot (versions loaded): a query for the
    chosen options and one for the chosen matches, each only if needed."""
    by_type = defaultdict(list)
    for slot in slots:
        by_type[slot.version.qtype in CHOICE_TYPES, slot.version.qtype == MATCHING].append(slot.pk)
    chosen_options = defaultdict(list)
    if by_type[True, False]:
        for response_id, choice_id in (
            ResponseOption.objects.filter(response_id__in=by_type[True, False], selected=True)
            .order_by()
            .values_list("response_id", "choice_id")
        ):
            chosen_options[response_id].append(choice_id)
    chosen_matches = defaultdict(dict)
    if by_type[False, True]:
        for response_id, pair_id, chosen in (
            ResponseMatch.objects.filter(response_id__in=by_type[False, True])
            .order_by()
            .values_list("response_id", "pair_id", "chosen")
        ):
            chosen_matches[response_id][pair_id] = chosen
    for slot in slots:
        result = grade(
            slot.version.grading_key(points=slot.max_points),
            choice_ids=chosen_options[slot.pk],
            text=slot.text_answer,
            matches=chosen_matches[slot.pk],
        )
        slot.points_awarded, slot.correct = result.points, result.correct


def attempt_expire_if_due(*, attempt: Attempt, now: datetime | None = None) -> bool:
    """Grade an attempt whose time is up, with what was saved. True if it was.
    `attempt` (its quiz loaded) is updated in place."""
    now = now or timezone.now()
    if not attempt.is_due(now):
        return False
    graded = attempt_submit(attempt_id=attempt.pk, now=now, auto=True)
    for field in ("score", "state", "submitted_at", "auto_submitted"):
        setattr(attempt, field, getattr(graded, field))
    return True


def attempts_close_expired(*, now: datetime | None = None, quiz: Quiz | None = None) -> int:
    """Grade every open attempt past its deadline or its quiz's close time."""
    now = now or timezone.now()
    expired = Attempt.objects.filter(state=Attempt.State.IN_PROGRESS).filter(
        deadline__lt=now
    ) | Attempt.objects.filter(
        state=Attempt.State.IN_PROGRESS, kind=Attempt.Kind.QUIZ, quiz__closes_at__lt=now
    )
    if quiz is not None:
        expired = expired.filter(quiz=quiz)
    closed = 0
    for attempt_id in expired.values_list("pk", flat=True):
        attempt_submit(attempt_id=attempt_id, now=now, auto=True)
        closed += 1
    return closed


__all__ = [
    "AttemptClosed",
    "AttemptRefused",
    "DeadlinePassed",
    "InvalidAnswer",
    "attempt_expire_if_due",
    "attempt_submit",
    "attempts_close_expired",
    "response_check",
    "response_save",
    "responses_grade",
]
