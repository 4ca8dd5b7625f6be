"""Starting attempts: a quiz attempt, a practice of missed questions, a review
round. Each freezes its questions (the versions the student will see and be
graded on) and their order in one short transaction; when two requests by the
same student race, the database's unique constraints pick one and the other
finds it."""

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from ..models import Attempt, Question, Quiz, Response, ResponseOption
from .attempts import AttemptRefused, attempt_expire_if_due
from .closing import attempt_close_schedule
from .snapshots import question_versions_current

REVIEW_ROUND_SIZE = 20


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


__all__ = [
    "REVIEW_ROUND_SIZE",
    "FrozenQuestion",
    "attempt_open_or_start",
    "attempt_start",
    "retry_start",
    "review_start",
]
