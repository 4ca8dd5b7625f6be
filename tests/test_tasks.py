"""Background tasks: closing attempts at their deadline and quizzes at their close,
enqueued on commit in the database backend and run by the real worker."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from questions.models import Attempt
from questions.services.closing import (
    attempt_close_schedule,
    attempt_close_when_due,
    quiz_close_due_attempts,
    quiz_close_schedule,
)
from questions.services.starting import attempt_start
from tests.factories import QuizFactory, UserFactory
from tests.helpers import answer, slot
from tests.test_admin import browser_form

pytestmark = pytest.mark.django_db
CLOSE_ATTEMPT = "questions.services.closing.attempt_close_when_due"
CLOSE_QUIZ = "questions.services.closing.quiz_close_due_attempts"


# The worker reconnects between tasks, as in production, which would drop a test's
# open transaction: tests that run it commit their data instead (and ask for the
# migrations' rows to be put back after the flush that follows).
with_worker = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker():
    """What `make run` and production run, once: every task that is due, then exit."""
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


def queue_cleared():
    """Drop what the set-up enqueued (starting an attempt schedules its close), so
    that the test sees only the task it enqueues itself."""
    DBTaskResult.objects.all().delete()


def enqueued(task, *args, run_after=None) -> DBTaskResult:
    result = (task.using(run_after=run_after) if run_after else task).enqueue(*args)
    return DBTaskResult.objects.get(id=result.id)


def finished(row: DBTaskResult):
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    return row.return_value


def timed_attempt(quiz, *, started_ago: timedelta) -> Attempt:
    return attempt_start(student=UserFactory(), quiz=quiz, now=timezone.now() - started_ago)


def test_a_close_is_enqueued_on_commit_to_run_at_the_deadline(
    student, django_capture_on_commit_callbacks
):
    quiz = QuizFactory(with_questions=1, time_limit_minutes=30)
    attempt = attempt_start(student=student, quiz=quiz)
    with django_capture_on_commit_callbacks() as callbacks:
        attempt_close_schedule(attempt=attempt)
    assert not DBTaskResult.objects.exists()  # nothing before the start commits
    for callback in callbacks:
        callback()
    row = DBTaskResult.objects.get()
    assert (row.task_path, row.args_kwargs) == (
        CLOSE_ATTEMPT,
        {"args": [attempt.pk], "kwargs": {}},
    )
    assert row.run_after == attempt.deadline
    assert (row.status, row.queue_name) == (TaskResultStatus.READY, "default")


def test_starting_a_timed_attempt_enqueues_its_close(student, django_capture_on_commit_callbacks):
    quiz = QuizFactory(with_questions=1, time_limit_minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = attempt_start(student=student, quiz=quiz)
    row = DBTaskResult.objects.get(task_path=CLOSE_ATTEMPT)
    assert row.args_kwargs["args"] == [attempt.pk]
    assert row.run_after == attempt.deadline


def test_an_attempt_is_closed_with_its_quiz_when_the_quiz_closes_first(
    student, django_capture_on_commit_callbacks
):
    closes_at = timezone.now() + timedelta(hours=2)
    quiz = QuizFactory(with_questions=1, closes_at=closes_at, time_limit_minutes=300)
    attempt = attempt_start(student=student, quiz=quiz)
    with django_capture_on_commit_callbacks(execute=True):
        attempt_close_schedule(attempt=attempt)
    assert DBTaskResult.objects.get().run_after == closes_at  # before the time limit ends


def test_a_start_that_rolls_back_or_is_never_due_enqueues_nothing(
    student, django_capture_on_commit_callbacks
):
    timed = QuizFactory(with_questions=1, time_limit_minutes=30)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            attempt_close_schedule(attempt=attempt_start(student=student, quiz=timed))
            raise RuntimeError("the start fails after scheduling")
        open_ended = attempt_start(student=UserFactory(), quiz=QuizFactory(with_questions=1))
        attempt_close_schedule(attempt=open_ended)
    assert open_ended.due_at is None
    assert callbacks == []
    assert not DBTaskResult.objects.exists()


@with_worker
def test_the_worker_grades_a_due_attempt_with_what_it_saved():
    quiz = QuizFactory(with_questions=2, time_limit_minutes=10)
    attempt = timed_attempt(quiz, started_ago=timedelta(minutes=15))
    answer(slot(attempt, 1), right=True, now=attempt.started_at + timedelta(minutes=1))
    queue_cleared()
    row = enqueued(attempt_close_when_due, attempt.pk, run_after=attempt.deadline)

    run_worker()

    assert finished(row) is True
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.auto_submitted
    assert attempt.score == Decimal("1.00")
    assert attempt.submitted_at == attempt.deadline


@with_worker
def test_the_worker_leaves_a_close_that_is_not_due_in_the_queue(student):
    quiz = QuizFactory(with_questions=1, time_limit_minutes=30)
    attempt = attempt_start(student=student, quiz=quiz)
    queue_cleared()
    row = enqueued(attempt_close_when_due, attempt.pk, run_after=attempt.deadline)

    run_worker()

    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    attempt.refresh_from_db()
    assert not attempt.is_submitted


@with_worker
def test_an_early_or_repeated_run_changes_nothing(student):
    quiz = QuizFactory(with_questions=1, time_limit_minutes=30)
    early = attempt_start(student=student, quiz=quiz)
    submitted = timed_attempt(quiz, started_ago=timedelta(hours=1))
    queue_cleared()
    row = enqueued(attempt_close_when_due, early.pk)  # due now: a worker whose clock runs fast
    assert attempt_close_when_due.call(submitted.pk) is True
    graded_at = Attempt.objects.get(pk=submitted.pk).submitted_at
    again = enqueued(attempt_close_when_due, submitted.pk)

    run_worker()

    assert finished(row) is False
    early.refresh_from_db()
    assert not early.is_submitted
    assert finished(again) is False
    assert Attempt.objects.get(pk=submitted.pk).submitted_at == graded_at
    assert attempt_close_when_due.call(10**9) is False  # deleted since: nothing to do


@with_worker
def test_the_quiz_task_closes_every_due_attempt_of_that_quiz_only():
    quiz = QuizFactory(with_questions=1, time_limit_minutes=10)
    due = [timed_attempt(quiz, started_ago=timedelta(minutes=m)) for m in (20, 15)]
    running = timed_attempt(quiz, started_ago=timedelta(minutes=5))
    other_quiz = timed_attempt(
        QuizFactory(with_questions=1, time_limit_minutes=10), started_ago=timedelta(minutes=20)
    )
    queue_cleared()
    row = enqueued(quiz_close_due_attempts, quiz.pk)

    run_worker()

    assert finished(row) == 2
    states = dict(Attempt.objects.values_list("pk", "state"))
    assert [states[a.pk] for a in due] == [Attempt.State.SUBMITTED] * 2
    assert states[running.pk] == states[other_quiz.pk] == Attempt.State.IN_PROGRESS
    assert quiz_close_due_attempts.call(10**9) == 0  # deleted quiz: not every quiz


def test_a_quiz_close_is_enqueued_at_its_close_time(django_capture_on_commit_callbacks):
    closes_at = timezone.now() + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        quiz_close_schedule(quiz=QuizFactory())  # no close time: nothing to do
        quiz = QuizFactory(closes_at=closes_at)
        quiz_close_schedule(quiz=quiz)
    row = DBTaskResult.objects.get()
    assert (row.task_path, row.args_kwargs["args"], row.run_after) == (
        CLOSE_QUIZ,
        [quiz.pk],
        closes_at,
    )


def test_saving_a_new_close_time_in_the_admin_schedules_the_quiz_close(
    client, teacher, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    quiz = QuizFactory(with_questions=1)
    url = reverse("admin:questions_quiz_change", args=[quiz.pk])
    data, _ = browser_form(client, url)
    data.update(closes_at_0="2031-12-08", closes_at_1="18:00:00")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    quiz.refresh_from_db()
    row = DBTaskResult.objects.get()
    assert (row.task_path, row.args_kwargs["args"]) == (CLOSE_QUIZ, [quiz.pk])
    assert row.run_after == quiz.closes_at
    assert timezone.localtime(row.run_after).hour == 18  # as typed, Asia/Seoul

    data, _ = browser_form(client, url)
    data.update(title="새 제목")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302  # close time untouched
    assert DBTaskResult.objects.count() == 1


@with_worker
def test_moving_the_close_earlier_in_the_admin_grades_the_attempts_under_way(client):
    quiz = QuizFactory(with_questions=1)  # no time limit: only the close time ends it
    under_way = [attempt_start(student=UserFactory(), quiz=quiz) for _ in range(2)]
    # A superuser, not the `teacher` fixture: once the browser tests have run, the test
    # thread has a new connection that no longer restores what migrations made (the
    # Teachers group) after a flush.
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:questions_quiz_change", args=[quiz.pk])
    data, _ = browser_form(client, url)
    an_hour_ago = timezone.localtime() - timedelta(hours=1)
    data.update(closes_at_0=f"{an_hour_ago:%Y-%m-%d}", closes_at_1=f"{an_hour_ago:%H:%M:%S}")
    assert client.post(url, data).status_code == 302

    run_worker()

    assert finished(DBTaskResult.objects.get(task_path=CLOSE_QUIZ)) == 2
    for attempt in under_way:
        attempt.refresh_from_db()
        assert attempt.is_submitted and attempt.auto_submitted
