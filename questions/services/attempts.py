"""Starting, answering, checking and submitting attempts: the only ways they change.

Exam day shapes this module: a class starts, answers and submits at once, on
SQLite and on PostgreSQL with several web processes. So each write is one short
transaction; the database, not a read before a write, decides races (attempt
numbers and one open attempt per student and quiz are unique constraints); and
answering and submitting lock the attempt row they change, so an answer is
either saved before grading or refused after it, never lost in between.
"""

import random
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from ..grading import CHOICE_TYPES, MATCHING, MULTIPLE, grade
from ..models import (
    Attempt,
    Question,
    Quiz,
    Response,
    ResponseMatch,
    ResponseOption,
)
from ..tasks import attempt_close_schedule
from .reviews import schedules_record
from .snapshots import question_versions_current

REVIEW_ROUND_SIZE = 20
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


def _local(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "Y년 n월 j일 H:i")


T = TypeVar("T")


def _first_wins(write: Callable[[], T]) -> T:
    """Run `write` in a transaction; if a simultaneous request by the same student
    got there first (a unique constraint refused the row), run it again: it then
    finds what the winner made."""
    for _ in range(2):
        try:
            with transaction.atomic():
                return write()
        except IntegrityError:
            continue
    with transaction.atomic():
        return write()


# Starting


@dataclass(frozen=True)
class FrozenQuestion:
    """What a new slot needs of a frozen question version."""

    question_id: int | None
    version_id: int
    qtype: str
    points: Decimal
    choice_ids: tuple[int, ...]


def attempt_start(
    *, student, quiz: Quiz, now: datetime | None = None, rng: random.Random | None = None
) -> Attempt:
    """Resume the student's open attempt at this quiz, or start a new one within
    the quiz's window and attempt limit, freezing its questions and their order.
    Simultaneous clicks on 시작 all get the same attempt."""
    return attempt_open_or_start(student=student, quiz=quiz, now=now, rng=rng)[0]


def attempt_open_or_start(
    *, student, quiz: Quiz, now: datetime | None = None, rng: random.Random | None = None
) -> tuple[Attempt, bool]:
    """`attempt_start`, telling also whether the attempt is new."""
    now = now or timezone.now()
    rng = rng or random.Random()
    return _first_wins(lambda: _attempt_open_or_start(student, quiz, now, rng))


def _attempt_open_or_start(student, quiz: Quiz, now: datetime, rng) -> tuple[Attempt, bool]:
    attempts = list(Attempt.objects.filter(student=student, quiz=quiz, kind=Attempt.Kind.QUIZ))
    for attempt in attempts:
        attempt.quiz = quiz
        if not attempt.is_submitted and not attempt_expire_if_due(attempt=attempt, now=now):
            return attempt, False
    if quiz.opens_at and now < quiz.opens_at:
        raise AttemptRefused(f"이 퀴즈는 {_local(quiz.opens_at)}에 열립니다.")
    if quiz.closes_at and now >= quiz.closes_at:
        raise AttemptRefused(f"이 퀴즈는 {_local(quiz.closes_at)}에 마감되었습니다.")
    if quiz.attempts_allowed and len(attempts) >= quiz.attempts_allowed:
        raise AttemptRefused(
            f"응시 가능 횟수 {quiz.attempts_allowed}회를 모두 사용했습니다 "
            f"(지금까지 {len(attempts)}회 응시)."
        )
    frozen = _quiz_questions(quiz, student, rng)
    if not frozen:
        raise AttemptRefused("이 퀴즈에는 아직 문제가 없습니다.")
    if quiz.shuffle_questions:
        rng.shuffle(frozen)
    attempt = _attempt_create(
        student=student,
        kind=Attempt.Kind.QUIZ,
        quiz=quiz,
        number=max((a.number or 0 for a in attempts), default=0) + 1,
        frozen=frozen,
        now=now,
        deadline=now + timedelta(minutes=quiz.time_limit_minutes)
        if quiz.time_limit_minutes
        else None,
        immediate_feedback=quiz.feedback_mode == Quiz.FeedbackMode.IMMEDIATE,
        shuffle_options=quiz.shuffle_options,
        rng=rng,
    )
    attempt_close_schedule(attempt=attempt)
    return attempt, True


def _quiz_questions(quiz: Quiz, student, rng: random.Random) -> list[FrozenQuestion]:
    if quiz.question_source == Quiz.QuestionSource.FIXED:
        return _current_versions(
            Question.objects.filter(quiz_slots__quiz=quiz, active=True),
            order=("quiz_slots__position", "quiz_slots__id"),
        )
    pool = Question.objects.filter(
        active=True,
        difficulty__gte=quiz.draw_min_difficulty,
        difficulty__lte=quiz.draw_max_difficulty,
    )
    topics = list(quiz.draw_topics.all())
    if topics:
        pool = pool.filter(topic__in=topics)
    seen = dict(
        Response.objects.filter(attempt__student=student, question__in=pool)
        .values_list("question")
        .annotate(n=Count("id"))
    )
    candidates = list(pool.values_list("pk", flat=True))
    rng.shuffle(candidates)  # ties among equally seen questions fall at random
    candidates.sort(key=lambda pk: seen.get(pk, 0))  # the least seen first
    drawn = candidates[: quiz.draw_count]
    frozen = {f.question_id: f for f in _current_versions(Question.objects.filter(pk__in=drawn))}
    return [frozen[pk] for pk in drawn]


def _current_versions(
    questions: QuerySet[Question], order: tuple[str, ...] = ("pk",)
) -> list[FrozenQuestion]:
    """The current version of each question, in `order`, with its options in
    their set order: one query once the questions have been frozen."""
    rows = questions.order_by(
        *order, "current_version__choices__position", "current_version__choices"
    ).values_list(
        "pk",
        "current_version",
        "current_version__qtype",
        "current_version__points",
        "current_version__choices",
    )
    frozen = _frozen_from_rows(rows)
    stale = [f.question_id for f in frozen if f.version_id is None]
    if stale:
        question_versions_current(stale)
        frozen = _frozen_from_rows(rows.all())
    return frozen


def _frozen_from_rows(rows: Iterable[tuple]) -> list[FrozenQuestion]:
    """Rows of (question, version, type, points, option) in order, one per option."""
    grouped: dict[int, list] = {}
    for question_id, version_id, qtype, points, choice_id in rows:
        entry = grouped.setdefault(
            version_id or -question_id, [question_id, version_id, qtype, points, []]
        )
        if choice_id is not None:
            entry[4].append(choice_id)
    return [
        FrozenQuestion(question_id, version_id, qtype, points, tuple(choices))
        for question_id, version_id, qtype, points, choices in grouped.values()
    ]


def retry_start(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """A practice attempt of the questions missed in `attempt`, as they were then.
    It never counts for the quiz grade."""
    if not attempt.is_submitted:
        raise AttemptRefused("제출한 응시에서만 틀린 문제를 다시 풀 수 있습니다.")
    if attempt.kind == Attempt.Kind.REVIEW:
        # A missed review question is back in box 1 and due again tomorrow.
        raise AttemptRefused("복습에서 틀린 문제는 내일 다시 복습에 나옵니다.")
    missed = _frozen_from_rows(
        attempt.responses.filter(correct=False)
        .order_by("position", "version__choices__position", "version__choices")
        .values_list("question", "version", "version__qtype", "version__points", "version__choices")
    )
    if not missed:
        raise AttemptRefused("틀린 문제가 없습니다. 모두 맞혔어요!")
    with transaction.atomic():
        return _attempt_create(
            student=attempt.student,
            kind=Attempt.Kind.RETRY,
            quiz=attempt.quiz,
            retry_of=attempt,
            frozen=missed,
            now=now or timezone.now(),
            immediate_feedback=True,
        )


def review_start(*, student, now: datetime | None = None) -> Attempt:
    """A review round of the student's due questions (at most REVIEW_ROUND_SIZE),
    most overdue first, with immediate feedback. An open round is resumed."""
    now = now or timezone.now()
    return _first_wins(lambda: _review_open_or_start(student, now))


def _review_open_or_start(student, now: datetime) -> Attempt:
    open_round = Attempt.objects.filter(
        student=student, kind=Attempt.Kind.REVIEW, state=Attempt.State.IN_PROGRESS
    ).first()
    if open_round:
        return open_round
    due = list(
        Question.objects.filter(
            review_schedules__student=student,
            review_schedules__due_at__lte=now,
            active=True,
        )
        .order_by("review_schedules__due_at")
        .values_list("pk", flat=True)[:REVIEW_ROUND_SIZE]
    )
    if not due:
        raise AttemptRefused("지금 복습할 문제가 없습니다.")
    frozen = {f.question_id: f for f in _current_versions(Question.objects.filter(pk__in=due))}
    return _attempt_create(
        student=student,
        kind=Attempt.Kind.REVIEW,
        frozen=[frozen[pk] for pk in due],
        now=now,
        immediate_feedback=True,
    )


def _attempt_create(
    *,
    student,
    kind: str,
    frozen: list[FrozenQuestion],
    now: datetime,
    quiz: Quiz | None = None,
    number: int | None = None,
    retry_of: Attempt | None = None,
    deadline: datetime | None = None,
    immediate_feedback: bool = False,
    shuffle_options: bool = False,
    rng: random.Random | None = None,
) -> Attempt:
    attempt = Attempt.objects.create(
        student=student,
        kind=kind,
        quiz=quiz,
        number=number,
        retry_of=retry_of,
        started_at=now,
        deadline=deadline,
        immediate_feedback=immediate_feedback,
        max_score=sum(f.points for f in frozen),
    )
    responses = Response.objects.bulk_create(
        Response(
            attempt=attempt,
            version_id=f.version_id,
            question_id=f.question_id,
            position=number,
            max_points=f.points,
        )
        for number, f in enumerate(frozen, start=1)
    )
    options = []
    for response, f in zip(responses, frozen, strict=True):
        choices = list(f.choice_ids)
        # True/false keeps 참 before 거짓; shuffling them only confuses.
        if shuffle_options and f.qtype != "truefalse":
            (rng or random.Random()).shuffle(choices)
        options += [
            ResponseOption(response=response, choice_id=choice_id, position=position)
            for position, choice_id in enumerate(choices)
        ]
    ResponseOption.objects.bulk_create(options)
    return attempt


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
        attempt.save(update_fields=["score", "state", "submitted_at", "auto_submitted"])
        schedules_record(
            student_id=attempt.student_id,
            results=[(s.question_id, s.correct) for s in slots if s.is_answered and s.question_id],
            now=now,
        )
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
    "FrozenQuestion",
    "InvalidAnswer",
    "attempt_expire_if_due",
    "attempt_open_or_start",
    "attempt_start",
    "attempt_submit",
    "attempts_close_expired",
    "response_check",
    "response_save",
    "responses_grade",
    "retry_start",
    "review_start",
]
