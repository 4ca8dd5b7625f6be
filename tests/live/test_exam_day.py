"""Exam day on real parts: gunicorn with 4 workers under production
settings on a real database, students clicking at the same instant from
threads, and the database read afterwards. Half the students run htmx, half
browse without JavaScript, so both ways an answer is saved are covered."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from bench.harness import (
    Student,
    lost_answers,
    quiz_update,
    simultaneously,
    student_records,
)

pytestmark = pytest.mark.live


def together(students: list[Student], action, stuck: dict[str, BaseException]) -> None:
    """Every student not stuck yet does `action` at the same instant; who gets
    stuck (a 5xx, a dropped connection, an unexpected page) is noted in `stuck`."""
    going = [s for s in students if s.username not in stuck]
    outcomes = simultaneously([lambda s=s: action(s) for s in going])
    for student, outcome in zip(going, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            stuck[student.username] = outcome


def students_named(site, names: list[str]) -> list[Student]:
    """A browser for each name, every other one running htmx."""
    students = [Student(site.url, htmx=i % 2 == 0) for i in range(len(names))]
    for student, name in zip(students, names, strict=True):
        student.username = name
    return students


def signed_up(site, names: list[str]) -> list[Student]:
    students = students_named(site, names)
    stuck: dict[str, BaseException] = {}
    together(students, lambda s: s.signup(s.username), stuck)
    assert not stuck, stuck
    return students


def test_a_class_sits_a_quiz_at_the_same_moment(
    site, live_database, make_quiz, names, no_server_errors
):
    slug = make_quiz(attempts_allowed=1, time_limit_minutes=30)
    students = students_named(site, names(40))
    stuck: dict[str, BaseException] = {}

    together(students, lambda s: s.signup(s.username), stuck)
    together(students, lambda s: s.start(slug), stuck)
    together(students, lambda s: s.answer_all(), stuck)
    together(students, lambda s: s.submit(), stuck)

    no_server_errors(students)
    assert not stuck, stuck
    records = student_records(live_database, slug, [s.username for s in students])
    for name, record in records.items():
        assert len(record.attempts) == 1, (name, record)
        assert record.attempts[0].graded, (name, record)
    saves = [save for s in students for save in s.saves]
    assert [save for save in saves if not save.acknowledged] == []
    assert lost_answers(live_database, saves) == []


def test_five_start_clicks_at_once_open_one_attempt(
    site, live_database, make_quiz, names, no_server_errors
):
    slug = make_quiz(attempts_allowed=1)
    (student,) = signed_up(site, names(1))

    try:
        pages = student.start(slug, clicks=5)
    finally:
        no_server_errors([student])  # first: a 500 explains more than what followed it
    attempts = student_records(live_database, slug, [student.username])[student.username].attempts
    assert len(attempts) == 1, attempts
    # Every click, the first or a repeat, leads to the one attempt.
    assert [(p.kind, p.attempt_id) for p in pages] == [("question", attempts[0].pk)] * 5


def test_start_clicks_after_the_only_attempt_say_it_is_used_up(
    site, live_database, make_quiz, names, no_server_errors
):
    slug = make_quiz(attempts_allowed=1)
    (student,) = signed_up(site, names(1))
    student.start(slug)
    student.answer_all()
    assert student.submit()[-1].kind == "result"

    try:
        pages = student.start(slug, clicks=3)
    finally:
        no_server_errors([student])
    attempts = student_records(live_database, slug, [student.username])[student.username].attempts
    assert len(attempts) == 1, attempts
    for page in pages:
        assert page.kind == "other", page  # back on the quiz's page, not in a new attempt
        assert any(re.search(r"\b1\s*(회|번)", m) for m in page.messages), page.messages


def test_first_starts_of_a_never_frozen_quiz_at_once(
    site, live_database, make_quiz, names, no_server_errors
):
    slug = make_quiz(fresh=True)
    students = signed_up(site, names(8))
    stuck: dict[str, BaseException] = {}

    together(students, lambda s: s.start(slug), stuck)

    no_server_errors(students)
    assert not stuck, stuck
    assert all(s.page.kind == "question" for s in students)
    records = student_records(live_database, slug, [s.username for s in students])
    assert sorted(len(r.attempts) for r in records.values()) == [1] * 8


_REVIEW_ROWS = """
from questions.models import Response, ReviewSchedule
name = params["username"]
result = {
    "rows": list(
        ReviewSchedule.objects.filter(student__username=name)
        .order_by("question_id")
        .values_list("question_id", "times_right", "times_wrong")
    ),
    "answered": sorted(set(
        Response.objects.filter(attempt__student__username=name, answered_at__isnull=False)
        .values_list("question_id", flat=True)
    )),
}
"""


def test_attempts_sharing_questions_submitted_at_once(
    site, live_database, make_quiz, names, shell, no_server_errors
):
    quizzes = [make_quiz() for _ in range(4)]  # four quizzes of the same ten questions
    # Two submits collide only within a few milliseconds: four students, one after
    # another, each submitting four attempts at once, make that all but certain.
    students = students_named(site, names(4))
    for student in students:
        student.signup(student.username)
        tabs = [student.fork() for _ in quizzes]
        for tab, slug in zip(tabs, quizzes, strict=True):
            tab.start(slug)
            for _ in range(3):
                tab.answer()
        try:
            outcomes = simultaneously([tab.submit for tab in tabs])
        finally:
            no_server_errors([student])  # the tabs share its log
        assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes

    usernames = [s.username for s in students]
    for slug in quizzes:
        for name, record in student_records(live_database, slug, usernames).items():
            (attempt,) = record.attempts
            assert attempt.graded, (name, slug, attempt)
    for name in usernames:
        reviews = shell(_REVIEW_ROWS, {"username": name})
        # One schedule row per question, which each of the four attempts moved on once.
        assert [q for q, _, _ in reviews["rows"]] == reviews["answered"], name
        assert {right + wrong for _, right, wrong in reviews["rows"]} == {len(quizzes)}, name


def test_moving_the_close_earlier_stops_answers_mid_attempt(
    site, live_database, make_quiz, names, no_server_errors
):
    now = datetime.now(UTC)
    slug = make_quiz(time_limit_minutes=60, closes_at=now + timedelta(days=1))
    students = signed_up(site, names(2))  # one with htmx, one without JavaScript
    for student in students:
        student.start(slug)
        for _ in range(3):
            assert student.answer().acknowledged

    # The teacher moves 응시 마감 to an hour ago in the admin.
    quiz_update(live_database, slug, closes_at=now - timedelta(hours=1))
    try:
        refused = [student.answer() for student in students]
    finally:
        no_server_errors(students)
    for student, save in zip(students, refused, strict=True):
        assert not save.acknowledged, save
        assert student.page.kind == "result", student.page
        assert any("마감" in m for m in student.page.messages), student.page.messages
    records = student_records(live_database, slug, [s.username for s in students])
    for name, record in records.items():
        (attempt,) = record.attempts
        assert attempt.graded, (name, attempt)
        assert attempt.answered == 3, (name, attempt)  # what was saved before, and only that
    assert lost_answers(live_database, [save for s in students for save in s.saves]) == []
