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
    `results` are (question id, answered correctly) pairs."""
    results = list(results)
    if not results:
        return
    existing = {
        s.question_id: s
        for s in ReviewSchedule.objects.select_for_update().filter(
            student_id=student_id, question_id__in=[q for q, _ in results]
        )
    }
    created, updated = [], []
    for question_id, correct in results:
        row = existing.get(question_id)
        if row is None:
            plan = first_schedule(correct=correct, now=now)
            row = ReviewSchedule(
                student_id=student_id,
                question_id=question_id,
                box=plan.box,
                due_at=plan.due_at,
                last_answered_at=now,
            )
            existing[question_id] = row
            created.append(row)
        else:
            plan = next_schedule(Schedule(row.box, row.due_at), correct=correct, now=now)
            row.box, row.due_at, row.last_answered_at = plan.box, plan.due_at, now
            if row not in updated:
                updated.append(row)
        if correct:
            row.times_right += 1
        else:
            row.times_wrong += 1
    ReviewSchedule.objects.bulk_create(created)
    ReviewSchedule.objects.bulk_update(
        updated, ["box", "due_at", "last_answered_at", "times_right", "times_wrong"]
    )
