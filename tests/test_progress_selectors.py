"""What the progress page and a teacher's student report read: the attempt
history with grades, and mastery per topic, on either database."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from questions.models import Response, ReviewSchedule
from questions.scheduling import LAST_BOX
from questions.selectors.progress import activity_streak, attempt_history, topic_mastery
from questions.services.attempts import attempt_submit
from questions.services.starting import attempt_start, retry_start
from tests.factories import QuestionFactory, QuizFactory, TopicFactory, UserFactory
from tests.helpers import answer, slot

pytestmark = pytest.mark.django_db


def submitted(student, quiz, right: int):
    attempt = attempt_start(student=student, quiz=quiz)
    for position in range(1, right + 1):
        answer(slot(attempt, position), right=True)
    return attempt_submit(attempt_id=attempt.pk)


def test_the_history_lists_the_latest_attempts_and_grades_only_quiz_attempts():
    student, other = UserFactory(), UserFactory()
    first = QuizFactory(title="나 퀴즈", with_questions=4, grading_method="first")
    best = QuizFactory(title="가 퀴즈", with_questions=2)
    a = submitted(student, first, right=1)
    submitted(student, first, right=4)
    submitted(student, best, right=2)
    practice = retry_start(attempt=a)
    attempt_submit(attempt_id=practice.pk)  # every answer blank: 0%
    submitted(other, best, right=0)

    history = attempt_history(user=student)
    assert [x.pk for x in history.attempts][0] == practice.pk  # newest first
    assert len(history.attempts) == 4
    assert [x.percentage_value for x in history.attempts[1:]] == [100.0, 100.0, 25.0]
    assert [(g["quiz__title"], g["attempts"], g["grade"]) for g in history.grades] == [
        ("가 퀴즈", 1, Decimal("100.00")),
        ("나 퀴즈", 2, Decimal("25.00")),  # the first attempt's, by the quiz's method
    ]
    assert [x.pk for x in attempt_history(user=student, shown=2).attempts] == [
        x.pk for x in history.attempts[:2]
    ]


def test_mastery_counts_the_students_own_schedules_of_active_questions_per_topic():
    first, second = TopicFactory(name="첫 주제"), TopicFactory(name="둘째 주제")
    questions = [QuestionFactory(passage__topic=first) for _ in range(3)]
    QuestionFactory(passage__topic=first, active=False)
    QuestionFactory(passage__topic=second)
    student, other = UserFactory(), UserFactory()
    submitted(student, QuizFactory(with_questions=questions[:2]), right=2)
    submitted(other, QuizFactory(with_questions=questions), right=3)
    ReviewSchedule.objects.filter(student=student, question=questions[0]).update(box=LAST_BOX)

    rows = {row["topic"]["name"]: row for row in topic_mastery(user=student)}
    assert {k: (r["total"], r["answered"], r["mastered"]) for k, r in rows.items()} == {
        "첫 주제": (3, 2, 1),
        "둘째 주제": (1, 0, 0),
    }
    assert rows["첫 주제"]["percent"] == 33


def test_a_streak_counts_local_days_with_an_answer_up_to_today_or_yesterday():
    student = UserFactory()
    attempt = attempt_start(student=student, quiz=QuizFactory(with_questions=4))
    utc = ZoneInfo("UTC")
    # Seoul is UTC+9: 15:30 UTC is 00:30 the next day there.
    moments = [
        datetime(2026, 5, 1, 15, 30, tzinfo=utc),  # 5월 2일
        datetime(2026, 5, 2, 14, 0, tzinfo=utc),  # 5월 2일 23:00
        datetime(2026, 5, 3, 0, 10, tzinfo=utc),  # 5월 3일
        datetime(2026, 4, 29, 3, 0, tzinfo=utc),  # 4월 29일: a gap on the 30th and the 1st
    ]
    for position, moment in enumerate(moments, start=1):
        Response.objects.filter(attempt=attempt, position=position).update(answered_at=moment)
    assert activity_streak(user=student, today=date(2026, 5, 3)) == 2
    assert activity_streak(user=student, today=date(2026, 5, 4)) == 2  # not lost yet
    assert activity_streak(user=student, today=date(2026, 5, 5)) == 0
    assert activity_streak(user=UserFactory(), today=date(2026, 5, 3)) == 0
    year_on = date(2026, 5, 3) + timedelta(days=400)
    assert activity_streak(user=student, today=year_on) == 0
