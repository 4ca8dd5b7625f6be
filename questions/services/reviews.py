from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from ..models import ReviewSchedule
from ..scheduling import Schedule, first_schedule, next_schedule


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
