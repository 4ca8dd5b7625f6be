"""Leitner scheduling rules (pure, no database)."""

from datetime import UTC, datetime, timedelta

from questions.scheduling import (
    INTERVAL_DAYS,
    LAST_BOX,
    Schedule,
    first_schedule,
    is_mastered,
    next_schedule,
)

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def test_intervals_double_from_one_to_sixteen_days():
    assert [INTERVAL_DAYS[box] for box in range(1, LAST_BOX + 1)] == [1, 2, 4, 8, 16]


def test_a_first_answer_starts_in_box_one_or_two():
    assert first_schedule(correct=False, now=NOW) == Schedule(1, NOW + timedelta(days=1))
    assert first_schedule(correct=True, now=NOW) == Schedule(2, NOW + timedelta(days=2))


def test_a_right_answer_to_a_due_question_moves_it_forward():
    due = Schedule(3, NOW - timedelta(hours=1))
    assert next_schedule(due, correct=True, now=NOW) == Schedule(4, NOW + timedelta(days=8))


def test_a_wrong_answer_goes_back_to_the_start_even_before_it_is_due():
    early = Schedule(4, NOW + timedelta(days=3))
    assert next_schedule(early, correct=False, now=NOW) == Schedule(1, NOW + timedelta(days=1))


def test_a_right_answer_before_the_due_date_changes_nothing():
    early = Schedule(2, NOW + timedelta(days=1))
    assert next_schedule(early, correct=True, now=NOW) == early


def test_the_last_box_is_mastered_and_stays_there():
    last = Schedule(LAST_BOX, NOW)
    assert next_schedule(last, correct=True, now=NOW).box == LAST_BOX
    assert is_mastered(LAST_BOX) and not is_mastered(LAST_BOX - 1)


def test_four_right_answers_each_on_its_due_day_master_a_question():
    schedule, now = first_schedule(correct=True, now=NOW), NOW
    for _ in range(3):
        now = schedule.due_at
        schedule = next_schedule(schedule, correct=True, now=now)
    assert is_mastered(schedule.box)
