"""Every page answers in a number of queries that does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questions.services.attempts import attempt_start, attempt_submit
from questions.services.classrooms import classroom_create, quiz_assign
from questions.services.documents import document_ingest
from tests.factories import QuestionFactory, QuizFactory, TeacherFactory, UserFactory
from tests.helpers import answer

pytestmark = pytest.mark.django_db


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def build(size: int, student):
    """`size` questions of each type in a quiz, `size` extra quizzes, and `size // 5`
    submitted attempts by other students, plus the student's own submitted attempt
    and an open one."""
    questions = []
    for i in range(size):
        questions += [
            QuestionFactory(),
            QuestionFactory(qtype="multiple", options=[("가", True), ("나", True), ("다", False)]),
            QuestionFactory(qtype="short", options=["경주", f"답{i}"]),
            QuestionFactory(qtype="matching"),
            QuestionFactory(qtype="numerical"),
        ]
    quiz = QuizFactory(slug=f"big-{size}", with_questions=questions)
    for _ in range(size):
        QuizFactory(with_questions=[questions[0]])
    for taker in [student] + [UserFactory() for _ in range(size // 5)]:
        attempt = attempt_start(student=taker, quiz=quiz)
        for number, response in enumerate(attempt.responses.select_related("version")):
            answer(response, right=number % 2 == 0)
        attempt_submit(attempt=attempt)
    in_progress = attempt_start(student=student, quiz=quiz)
    return quiz, in_progress


PAGES = {
    "quiz list": lambda quiz, attempt: reverse("questions:quiz_list"),
    "quiz detail": lambda quiz, attempt: reverse("questions:quiz_detail", args=[quiz.slug]),
    "question (choice)": lambda quiz, attempt: reverse(
        "questions:attempt_question", args=[attempt.pk, 2]
    ),
    "question (short)": lambda quiz, attempt: reverse(
        "questions:attempt_question", args=[attempt.pk, 3]
    ),
    "question (matching)": lambda quiz, attempt: reverse(
        "questions:attempt_question", args=[attempt.pk, 4]
    ),
    "submit summary": lambda quiz, attempt: reverse("questions:attempt_summary", args=[attempt.pk]),
    "result": lambda quiz, attempt: reverse(
        "questions:attempt_result", args=[attempt.student.attempts.last().pk]
    ),
    "progress": lambda quiz, attempt: reverse("questions:progress"),
    "document": lambda quiz, attempt: reverse("questions:document"),
    "review": lambda quiz, attempt: reverse("questions:review"),
    "join a class": lambda quiz, attempt: reverse("questions:join"),
}


def test_student_pages_do_not_grow_with_questions_and_attempts(client, source_text):
    document_ingest(text=source_text, slug="source", title="APEC")
    counts = {}
    for size in (5, 50):
        student = UserFactory()
        quiz, attempt = build(size, student)
        client.force_login(student)
        for name, url in PAGES.items():
            counts.setdefault(name, []).append(count_queries(client, url(quiz, attempt)))
    for name, (small, large) in counts.items():
        assert small == large, f"{name}: {small} queries with 5 questions, {large} with 50"
        assert small <= 12, f"{name}: {small} queries"


def test_teacher_pages_do_not_grow_with_questions_and_attempts(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    counts = []
    for size in (5, 50):
        build(size, UserFactory())
        counts.append(
            [
                count_queries(client, reverse("questions:teacher_report")),
                count_queries(client, reverse("questions:document")),
            ]
        )
    assert counts[0] == counts[1]
    assert max(counts[0]) <= 8


def test_public_pages_do_not_grow_with_quizzes(client):
    counts = []
    for size in (5, 50):
        for _ in range(size):
            QuizFactory(with_questions=1)
        counts.append(
            [
                count_queries(client, reverse(name))
                for name in ("questions:quiz_list", "login", "questions:signup")
            ]
        )
    assert counts[0] == counts[1]
    assert max(counts[0]) <= 3


def test_classroom_reports_do_not_grow_with_students_attempts_or_questions(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    counts = []
    for size in (5, 50):
        classroom = classroom_create(name=f"반 {size}", teacher=teacher)
        student = UserFactory()
        quiz, _ = build(size, student)
        classroom.students.add(student, *quiz.attempts.values_list("student", flat=True))
        quiz_assign(classroom=classroom, quiz=quiz)
        for extra in QuizFactory.create_batch(3, with_questions=1):
            quiz_assign(classroom=classroom, quiz=extra)
        counts.append(
            [
                count_queries(client, reverse(name, args=args))
                for name, args in (
                    ("questions:class_overview", [classroom.pk]),
                    ("questions:quiz_statistics", [classroom.pk, quiz.slug]),
                    ("questions:student_report", [classroom.pk, student.pk]),
                    ("questions:heatmap", [classroom.pk]),
                )
            ]
        )
    assert counts[0] == counts[1]
    assert max(counts[0]) <= 15
