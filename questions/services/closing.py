"""Closing attempts on time: tasks the worker (`manage.py db_worker`) runs at a
deadline, and the services that schedule them.

A convenience, not a guarantee: an open attempt past its deadline is still
graded on the student's next visit and by reports, so a worker that is down or
late changes what students see only in timing.
"""

from functools import partial

from django.db import transaction
from django_tasks import task

from ..models import Attempt, Quiz
from .attempts import attempt_expire_if_due, attempts_close_expired
from .reviews import revealed_attempts_review


@task()
def attempt_close_when_due(attempt_id: int) -> bool:
    """Grade the attempt with what it saved once it is due; True if it did. Early,
    already submitted or deleted: nothing happens."""
    attempt = Attempt.objects.select_related("quiz").filter(pk=attempt_id).first()
    return attempt is not None and attempt_expire_if_due(attempt=attempt)


@task()
def quiz_close_due_attempts(quiz_id: int) -> int:
    """Grade every open attempt at the quiz that is due; returns how many. This is
    what applies a close time moved earlier to the attempts under way. A quiz that
    shows results once it closes then puts its attempts' answers into review."""
    quiz = Quiz.objects.filter(pk=quiz_id).first()
    if quiz is None:  # deleted since; never fall through to every quiz's attempts
        return 0
    closed = attempts_close_expired(quiz=quiz)
    revealed_attempts_review(quiz=quiz)
    return closed


def attempt_close_schedule(*, attempt: Attempt) -> None:
    """Have the worker grade the attempt when it falls due (its time limit or its
    quiz's close time, whichever comes first). Enqueued when the current transaction
    commits, so a start that rolls back leaves no task behind; a failed enqueue is
    logged, not raised, since the next visit grades the attempt anyway."""
    due_at = attempt.due_at
    if due_at is None:
        return
    close = attempt_close_when_due.using(run_after=due_at)
    transaction.on_commit(partial(close.enqueue, attempt.pk), robust=True)


def quiz_close_schedule(*, quiz: Quiz) -> None:
    """Have the worker grade the quiz's overdue attempts at its close time (on commit,
    like `attempt_close_schedule`). An earlier schedule left in the queue finds
    nothing or only what is due by then: the tasks are idempotent."""
    if quiz.closes_at is None:
        return
    close = quiz_close_due_attempts.using(run_after=quiz.closes_at)
    transaction.on_commit(partial(close.enqueue, quiz.pk), robust=True)
