"""Starting, answering, checking and submitting attempts: the only ways they change."""

import random
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Prefetch, Sum
from django.utils import timezone
from django.utils.formats import date_format

from ..grading import CHOICE_TYPES, MATCHING, MULTIPLE, Grade, grade
from ..models import (
    Attempt,
    Question,
    QuestionVersion,
    Quiz,
    Response,
    ResponseMatch,
    ResponseOption,
    VersionChoice,
    VersionPair,
)
from ..models.bank import grading_key
from .reviews import schedules_record
from .snapshots import question_versions_current

REVIEW_ROUND_SIZE = 20


class AttemptRefused(Exception):
    """A new attempt may not start now; the message says why and when (Korean)."""


class AttemptClosed(Exception):
    """The attempt was already submitted; its answers can no longer change."""


class DeadlinePassed(Exception):
    """The time is up: the answer was not saved, and the attempt has been graded."""


class InvalidAnswer(Exception):
    """The posted answer does not belong to the question (a forged or stale form)."""


def _local(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "Y년 n월 j일 H:i")


@transaction.atomic
def attempt_start(
    *, student, quiz: Quiz, now: datetime | None = None, rng: random.Random | None = None
) -> Attempt:
    """Resume the student's open attempt at this quiz, or start a new one within
    the quiz's window and attempt limit, freezing its questions and their order."""
    now = now or timezone.now()
    rng = rng or random.Random()
    open_attempt = (
        Attempt.objects.select_for_update()
        .filter(student=student, quiz=quiz, kind=Attempt.Kind.QUIZ, state="in_progress")
        .first()
    )
    if open_attempt and not attempt_expire_if_due(attempt=open_attempt, now=now):
        return open_attempt
    if quiz.opens_at and now < quiz.opens_at:
        raise AttemptRefused(f"이 퀴즈는 {_local(quiz.opens_at)}에 열립니다.")
    if quiz.closes_at and now >= quiz.closes_at:
        raise AttemptRefused(f"이 퀴즈는 {_local(quiz.closes_at)}에 마감되었습니다.")
    if quiz.attempts_allowed:
        used = Attempt.objects.filter(student=student, quiz=quiz, kind=Attempt.Kind.QUIZ).count()
        if used >= quiz.attempts_allowed:
            raise AttemptRefused(f"응시 가능 횟수 {quiz.attempts_allowed}회를 모두 사용했습니다.")

    questions = _quiz_questions(quiz, student, rng)
    if not questions:
        raise AttemptRefused("이 퀴즈에는 아직 문제가 없습니다.")
    if quiz.shuffle_questions:
        rng.shuffle(questions)
    deadline = None
    if quiz.time_limit_minutes:
        deadline = now + timedelta(minutes=quiz.time_limit_minutes)
    if quiz.closes_at:
        deadline = min(deadline or quiz.closes_at, quiz.closes_at)
    versions = question_versions_current(questions)
    return _attempt_create(
        student=student,
        kind=Attempt.Kind.QUIZ,
        quiz=quiz,
        versions=[versions[q.pk] for q in questions],
        now=now,
        deadline=deadline,
        immediate_feedback=quiz.feedback_mode == Quiz.FeedbackMode.IMMEDIATE,
        shuffle_options=quiz.shuffle_options,
        rng=rng,
    )


def _quiz_questions(quiz: Quiz, student, rng: random.Random) -> list[Question]:
    if quiz.question_source == Quiz.QuestionSource.FIXED:
        slots = quiz.slots.filter(question__active=True).select_related("question")
        return [slot.question for slot in slots.order_by("position")]
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
    candidates = list(pool)
    rng.shuffle(candidates)  # ties among equally seen questions fall at random
    candidates.sort(key=lambda q: seen.get(q.pk, 0))  # the least seen first
    return candidates[: quiz.draw_count]


@transaction.atomic
def retry_start(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """A practice attempt of the questions missed in `attempt`, as they were then.
    It never counts for the quiz grade."""
    if not attempt.is_submitted:
        raise AttemptRefused("제출한 응시에서만 틀린 문제를 다시 풀 수 있습니다.")
    if attempt.kind == Attempt.Kind.REVIEW:
        # A missed review question is back in box 1 and due again tomorrow.
        raise AttemptRefused("복습에서 틀린 문제는 내일 다시 복습에 나옵니다.")
    missed = list(
        attempt.responses.filter(correct=False).select_related("version").order_by("position")
    )
    if not missed:
        raise AttemptRefused("틀린 문제가 없습니다. 모두 맞혔어요!")
    return _attempt_create(
        student=attempt.student,
        kind=Attempt.Kind.RETRY,
        quiz=attempt.quiz,
        retry_of=attempt,
        versions=[r.version for r in missed],
        now=now or timezone.now(),
        immediate_feedback=True,
    )


@transaction.atomic
def review_start(*, student, now: datetime | None = None) -> Attempt:
    """A review round of the student's due questions (at most REVIEW_ROUND_SIZE),
    most overdue first, with immediate feedback. An open round is resumed."""
    now = now or timezone.now()
    open_round = Attempt.objects.filter(
        student=student, kind=Attempt.Kind.REVIEW, state="in_progress"
    ).first()
    if open_round:
        return open_round
    due = list(
        Question.objects.filter(
            review_schedules__student=student,
            review_schedules__due_at__lte=now,
            active=True,
        ).order_by("review_schedules__due_at")[:REVIEW_ROUND_SIZE]
    )
    if not due:
        raise AttemptRefused("지금 복습할 문제가 없습니다.")
    versions = question_versions_current(due)
    return _attempt_create(
        student=student,
        kind=Attempt.Kind.REVIEW,
        versions=[versions[q.pk] for q in due],
        now=now,
        immediate_feedback=True,
    )


def _attempt_create(
    *,
    student,
    kind: str,
    versions: Sequence[QuestionVersion],
    now: datetime,
    quiz: Quiz | None = None,
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
        retry_of=retry_of,
        started_at=now,
        deadline=deadline,
        immediate_feedback=immediate_feedback,
        max_score=sum(v.points for v in versions),
    )
    responses = Response.objects.bulk_create(
        Response(
            attempt=attempt,
            version=version,
            question_id=version.question_id,
            position=number,
            max_points=version.points,
        )
        for number, version in enumerate(versions, start=1)
    )
    choices_by_version = {}
    for choice in VersionChoice.objects.filter(version__in=versions).order_by("position", "id"):
        choices_by_version.setdefault(choice.version_id, []).append(choice)
    options = []
    for response in responses:
        choices = list(choices_by_version.get(response.version_id, []))
        # True/false keeps 참 before 거짓; shuffling them only confuses.
        if shuffle_options and response.version.qtype != "truefalse":
            (rng or random.Random()).shuffle(choices)
        options += [
            ResponseOption(response=response, choice=choice, position=position)
            for position, choice in enumerate(choices)
        ]
    ResponseOption.objects.bulk_create(options)
    return attempt


def _refuse_if_late(response: Response, now: datetime) -> None:
    """Past the deadline, grade the attempt with what was saved, then refuse.
    Runs outside the answer's transaction so the grading is not rolled back."""
    if attempt_expire_if_due(attempt=Attempt.objects.get(pk=response.attempt_id), now=now):
        raise DeadlinePassed


def _lock_open_attempt(response: Response) -> Attempt:
    attempt = Attempt.objects.select_for_update().get(pk=response.attempt_id)
    if attempt.is_submitted:
        raise AttemptClosed
    return attempt


def response_save(
    *,
    response: Response,
    choice_ids: Collection[int] = (),
    text: str = "",
    matches: Mapping[int, str] | None = None,
    flagged: bool | None = None,
    now: datetime | None = None,
) -> Response:
    """Store a student's answer to one slot (an empty answer clears it), and the
    review flag when given. An answer checked with 확인 no longer changes.
    `choice_ids` are the version's option ids; `matches` maps a matching
    question's pair ids to the chosen matches."""
    now = now or timezone.now()
    _refuse_if_late(response, now)
    with transaction.atomic():
        _lock_open_attempt(response)
        return _response_store(response, choice_ids, text, matches, flagged, now)


def _response_store(response, choice_ids, text, matches, flagged, now) -> Response:
    response.refresh_from_db(fields=["checked_at"])
    if flagged is not None and flagged != response.flagged:
        response.flagged = flagged
        response.save(update_fields=["flagged"])
    if response.is_checked:
        return response  # checked with 확인: the answer is locked, only the flag changes
    version = response.version
    selected, matched = set(), []
    if version.qtype in CHOICE_TYPES:
        offered = set(response.options.values_list("choice_id", flat=True))
        selected = set(choice_ids)
        if not selected <= offered or (version.qtype != MULTIPLE and len(selected) > 1):
            raise InvalidAnswer
        text = ""
    elif version.qtype == MATCHING:
        matched = _matches(version, matches or {})
        text = ""
    response.text_answer = text.strip()[:500]
    answered = selected or matched or response.text_answer
    response.answered_at = now if answered else None
    response.save(update_fields=["text_answer", "answered_at"])
    response.options.update(selected=False)
    if selected:
        response.options.filter(choice_id__in=selected).update(selected=True)
    response.matches.all().delete()
    ResponseMatch.objects.bulk_create(
        ResponseMatch(response=response, pair_id=pair_id, chosen=match)
        for pair_id, match in matched
    )
    return response


def _matches(version: QuestionVersion, matches: Mapping[int, str]) -> list[tuple[int, str]]:
    pairs = list(version.pairs.all())
    prompts = {pair.id for pair in pairs if pair.prompt}
    options = {pair.match for pair in pairs}
    if not set(matches) <= prompts or not set(matches.values()) <= options:
        raise InvalidAnswer
    return sorted(matches.items())


def response_check(*, response: Response, now: datetime | None = None) -> Response:
    """Immediate feedback: grade one saved answer now and lock it."""
    now = now or timezone.now()
    _refuse_if_late(response, now)
    with transaction.atomic():
        if not _lock_open_attempt(response).immediate_feedback:
            raise InvalidAnswer
        response.refresh_from_db()
        if response.is_checked:
            return response
        (response,) = _graded([response])
        response.checked_at = now
        response.save(update_fields=["points_awarded", "correct", "checked_at"])
        return response


@transaction.atomic
def attempt_submit(*, attempt: Attempt, now: datetime | None = None, auto: bool = False) -> Attempt:
    """Grade every slot and close the attempt. Submitting again (a double click,
    a second tab, a retried request) finds it closed and returns it unchanged."""
    now = now or timezone.now()
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.is_submitted:
        return attempt
    responses = _graded(list(attempt.responses.all()))
    Response.objects.bulk_update(responses, ["points_awarded", "correct"])
    attempt.score = attempt.responses.aggregate(total=Sum("points_awarded"))["total"] or 0
    attempt.state = Attempt.State.SUBMITTED
    # An attempt graded after its deadline is closed at the deadline, not later.
    attempt.submitted_at = min(now, attempt.deadline) if attempt.deadline else now
    attempt.auto_submitted = auto
    attempt.save(update_fields=["score", "state", "submitted_at", "auto_submitted"])
    schedules_record(
        student_id=attempt.student_id,
        results=[(r.question_id, r.correct) for r in responses if r.is_answered and r.question_id],
        now=now,
    )
    return attempt


def _graded(responses: list[Response]) -> list[Response]:
    """Set points and correctness on each response, in a fixed number of queries."""
    prefetched = {
        r.pk: r
        for r in Response.objects.filter(pk__in=[r.pk for r in responses]).prefetch_related(
            Prefetch(
                "version",
                queryset=QuestionVersion.objects.prefetch_related(
                    "choices",
                    "accepted_answers",
                    "numerical_answers",
                    Prefetch("pairs", queryset=VersionPair.objects.order_by("position", "id")),
                ),
            ),
            Prefetch("options", queryset=ResponseOption.objects.filter(selected=True)),
            "matches",
        )
    }
    for response in responses:
        full = prefetched[response.pk]
        result: Grade = grade(
            grading_key(full.version, points=response.max_points),
            choice_ids=[o.choice_id for o in full.options.all()],
            text=full.text_answer,
            matches={m.pair_id: m.chosen for m in full.matches.all()},
        )
        response.points_awarded, response.correct = result.points, result.correct
    return responses


def attempt_expire_if_due(*, attempt: Attempt, now: datetime | None = None) -> bool:
    """Grade an attempt whose deadline has passed, with what was saved. True if it was."""
    now = now or timezone.now()
    if attempt.is_submitted or not attempt.deadline or now <= attempt.deadline:
        return False
    attempt_submit(attempt=attempt, now=now, auto=True)
    attempt.refresh_from_db()
    return True


def attempts_close_expired(*, now: datetime | None = None, quiz: Quiz | None = None) -> int:
    """Grade every open attempt past its deadline (the cron command and reports)."""
    now = now or timezone.now()
    expired = Attempt.objects.filter(state="in_progress", deadline__lt=now)
    if quiz is not None:
        expired = expired.filter(quiz=quiz)
    closed = 0
    for attempt in expired:
        closed += attempt_expire_if_due(attempt=attempt, now=now)
    return closed


__all__ = [
    "AttemptClosed",
    "AttemptRefused",
    "DeadlinePassed",
    "InvalidAnswer",
    "attempt_expire_if_due",
    "attempt_start",
    "attempt_submit",
    "attempts_close_expired",
    "response_check",
    "response_save",
    "retry_start",
    "review_start",
]


class RegradeRefused(Exception):
    """The question's options changed in number, so old answers cannot be carried over."""


@transaction.atomic
def question_regrade(*, question: Question) -> int:
    """A teacher's explicit regrade after fixing a key: every submitted answer to
    `question` moves to its current version (options and pairs matched by their
    position) and is graded again; attempt scores follow. Returns how many changed."""
    current = question_versions_current([question])[question.pk]
    new_choices = list(current.choices.order_by("position", "id"))
    new_pairs = list(current.pairs.order_by("position", "id"))
    responses = list(
        Response.objects.filter(question=question, attempt__state="submitted")
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
        response.save(update_fields=["version"])
        (response,) = _graded([response])
        response.save(update_fields=["points_awarded", "correct"])
        changed += (response.points_awarded, response.correct) != before
        attempts.add(response.attempt_id)
    for attempt in Attempt.objects.filter(pk__in=attempts):
        attempt.score = attempt.responses.aggregate(total=Sum("points_awarded"))["total"] or 0
        attempt.save(update_fields=["score"])
    return changed
