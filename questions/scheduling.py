"""Leitner review scheduling. Pure: no Django.

Five boxes, reviewed after 1, 2, 4, 8 and 16 days. A question a student answers
for the first time starts in box 1, or box 2 when the answer was right. A right
answer to a due question moves it one box forward; a wrong answer, due or not,
sends it back to box 1. A right answer before the question is due changes nothing,
so taking the same quiz four times in an afternoon does not "master" it. A
question in the last box is mastered.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

INTERVAL_DAYS = {1: 1, 2: 2, 3: 4, 4: 8, 5: 16}
FIRST_BOX = 1
LAST_BOX = max(INTERVAL_DAYS)


@dataclass(frozen=True)
class Schedule:
    box: int
    due_at: datetime


def first_schedule(*, correct: bool, now: datetime) -> Schedule:
    box = FIRST_BOX + 1 if correct else FIRST_BOX
    return Schedule(box, now + timedelta(days=INTERVAL_DAYS[box]))


def next_schedule(current: Schedule, *, correct: bool, now: datetime) -> Schedule:
    if not correct:
        return Schedule(FIRST_BOX, now + timedelta(days=INTERVAL_DAYS[FIRST_BOX]))
    if current.due_at > now:
        return current
    box = min(current.box + 1, LAST_BOX)
    return Schedule(box, now + timedelta(days=INTERVAL_DAYS[box]))


def is_mastered(box: int) -> bool:
    return box >= LAST_BOX
