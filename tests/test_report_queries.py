"""The quiz statistics page and the teacher home send the same SQL for 3 attempts or 30:
no list of attempt ids in a query, and no more queries as attempts are added."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from questions.services.classrooms import classroom_create, quiz_assign
from questions.services.starting import attempt_start
from tests.factories import QuestionFactory, QuizFactory, TeacherFactory, UserFactory
from tests.test_classrooms import take

pytestmark = pytest.mark.django_db


def sql_sent(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries]


def class_with_attempts(teacher, attempts: int):
    """A class at a quiz of every question type, `attempts` of its students with a
    submitted attempt each, and one more attempt still open."""
    questions = [
        QuestionFactory(),
        QuestionFactory(qtype="multiple", options=[("가", True), ("나", True), ("다", False)]),
        QuestionFactory(qtype="truefalse"),
        QuestionFactory(qtype="short"),
        QuestionFactory(qtype="matching"),
    ]
    quiz = QuizFactory(with_questions=questions)
    classroom = classroom_create(name=f"반 {attempts}", teacher=teacher)
    quiz_assign(classroom=classroom, quiz=quiz)
    add_attempts(classroom, quiz, attempts)
    attempt_start(student=classroom.students.first(), quiz=quiz)
    return classroom, quiz


def add_attempts(classroom, quiz, attempts: int) -> None:
    for number in range(attempts):
        student = UserFactory()
        classroom.students.add(student)
        take(student, quiz, [(number + position) % 3 for position in range(5)])


def assert_same_sql(small: list[str], large: list[str]) -> None:
    assert len(small) == len(large)
    for few, many in zip(small, large, strict=True):
        # Ids of a few more digits are fine; 27 more attempt ids would add 80 characters.
        assert abs(len(few) - len(many)) < 30, many


@pytest.mark.parametrize("which", ["all", "first", "last", "best"])
def test_statistics_sql_does_not_grow_with_attempts(client, which):
    teacher = TeacherFactory()
    client.force_login(teacher)
    sent = []
    for attempts in (3, 30):
        classroom, quiz = class_with_attempts(teacher, attempts)
        address = reverse("questions:quiz_statistics", args=[classroom.pk, quiz.slug])
        sent.append(sql_sent(client, f"{address}?attempts={which}"))
    assert_same_sql(*sent)
    assert len(sent[0]) <= 15


def test_teacher_home_sql_does_not_grow_with_attempts(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    classroom, quiz = class_with_attempts(teacher, 3)
    few = sql_sent(client, reverse("questions:teacher_report"))
    add_attempts(classroom, quiz, 27)
    assert_same_sql(few, sql_sent(client, reverse("questions:teacher_report")))
