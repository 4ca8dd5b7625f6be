from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..models import Attempt, ReviewSchedule
from ..scheduling import Schedule, first_schedule, next_schedule
from ..visibility import attempt_visibility, goes_to_review


def review_results(slots) -> list[tuple[int, bool]]:
    """(question id, answered correctly) for each answered slot of a graded attempt."""
    return [(s.question_id, s.correct) for s in slots if s.is_answered and s.question_id]


def revealed_attempts_review(*, now: datetime | None = None, student=None, quiz=None) -> int:
    """Put into review the answers of submitted attempts whose key has come to
    show since they were submitted (a quiz that shows results once it closes, or
    whose teacher turned 정답 공개 on); returns how many. Each is taken with its
    student locked, as a submit takes it, and only once."""
    now = now or timezone.now()
    pending = Attempt.objects.filter(
        state=Attempt.State.SUBMITTED, review_recorded_at__isnull=True
    ).select_related("quiz")
    if student is not None:
        pending = pending.filter(student=student)
    if quiz is not None:
        pending = pending.filter(quiz=quiz)
    recorded = 0
    for attempt in pending.order_by("submitted_at", "id"):
        if not goes_to_review(attempt_visibility(attempt, now)):
            continue
        with transaction.atomic():
            locked = (
                Attempt.objects.select_related("student")
                .select_for_update(of=("self", "student"))
                .filter(pk=attempt.pk, review_recorded_at__isnull=True)
                .first()
            )
            if locked is None:  # recorded meanwhile by another request or the worker
                continue
            slots = locked.responses.only("question_id", "correct", "answered_at")
            schedules_record(student_id=locked.student_id, results=review_results(slots), now=now)
            locked.review_recorded_at = now
            locked.save(update_fields=["review_recorded_at"])
        recorded += 1
    return recorded


@transaction.atomic
def schedules_record(
    *, student_id: int, results: Iterable[tuple[int, bool]], now: datetime
) -> None:
    """Move each answered question's Leitner schedule forward or back to the start.
    `results` are (question id, answered correctly) pairs. Callers hold the
    student's row locked (see `attempt_submit`), so the rows read here are current;
    one upsert writes the new and the moved schedules."""
    results = list(results)
    if not results:
        return
    rows = {
        s.question_id: s
        for s in ReviewSchedule.objects.filter(
            student_id=student_id, question_id__in=[q for q, _ in results]
        )
    }
    for question_id, correct in results:
        row = rows.get(question_id)
        if row is None:
            plan = first_schedule(correct=correct, now=now)
            row = rows[question_id] = ReviewSchedule(student_id=student_id, question_id=question_id)
        else:
            plan = next_schedule(Schedule(row.box, row.due_at), correct=correct, now=now)
        row.box, row.due_at, row.last_answered_at = plan.box, plan.due_at, now
        if correct:
            row.times_right += 1
        else:
            row.times_wrong += 1
    for row in rows.values():
        row.pk = None  # one insert-or-update statement for old and new rows alike
    ReviewSchedule.objects.bulk_create(
        rows.values(),
        update_conflicts=True,
        unique_fields=["student", "question"],
        update_fields=["box", "due_at", "last_answered_at", "times_right", "times_wrong"],
    )
