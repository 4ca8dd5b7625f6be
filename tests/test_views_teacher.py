import pytest
from django.urls import reverse

from questions.services.attempts import attempt_submit
from questions.services.starting import attempt_start
from tests.factories import QuestionFactory, QuizFactory, UserFactory
from tests.helpers import answer

pytestmark = pytest.mark.django_db
REPORT = reverse("questions:teacher_report")


def take(quiz, *, right: int):
    """A new student submits `quiz`, answering the first `right` questions correctly."""
    attempt = attempt_start(student=UserFactory(), quiz=quiz)
    for response in attempt.responses.select_related("version").order_by("position")[:right]:
        answer(response, right=True)
    return attempt_submit(attempt_id=attempt.pk)


def test_report_shows_attempts_mean_and_correct_rate_per_question(client, teacher):
    q1, q2 = QuestionFactory(key="rate-q1"), QuestionFactory(key="rate-q2")
    quiz = QuizFactory(title="보고서 퀴즈", with_questions=[q1, q2])
    take(quiz, right=2)  # 100%
    take(quiz, right=1)  # 50%
    take(quiz, right=0)  # 0%
    attempt_start(student=UserFactory(), quiz=quiz)  # in progress: not counted

    client.force_login(teacher)
    page = client.get(REPORT).content.decode()
    assert "보고서 퀴즈" in page
    assert "제출된 응시 <strong>3</strong>회" in page
    assert "<strong>50.0%</strong>" in page
    rows = page.split("rate-q1")[1]
    assert "67%" in rows.split("rate-q2")[0]  # q1: right in 2 of 3
    assert "33%" in page.split("rate-q2")[1]  # q2: right in 1 of 3


def test_report_counts_each_question_once_across_its_versions_and_quizzes(client, teacher):
    edited = QuestionFactory(key="rate-edited", text="처음 문제")
    quiz = QuizFactory(title="고친 퀴즈", with_questions=[edited])
    other = QuizFactory(title="다른 퀴즈", with_questions=[edited])
    take(quiz, right=1)
    edited.text = "고친 문제"
    edited.save()
    take(quiz, right=0)
    take(quiz, right=1)
    take(other, right=0)

    client.force_login(teacher)
    page = client.get(REPORT).content.decode()
    first, second = page.split("고친 퀴즈")[1].split("다른 퀴즈")
    # Both versions in one row: answered 3 times, right twice.
    assert first.count("rate-edited") == 1
    assert "</td><td>3</td>" in first and "67%" in first
    assert second.count("rate-edited") == 1
    assert "</td><td>1</td>" in second and "0%" in second


def test_report_is_for_teachers_only(client, student):
    assert client.get(REPORT).status_code == 302  # anonymous: log in first
    client.force_login(student)
    assert client.get(REPORT).status_code == 403


def test_a_superuser_sees_the_report(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(REPORT).status_code == 200


def test_teachers_see_the_report_link_and_students_do_not(client, teacher, student):
    client.force_login(teacher)
    assert "교사 보고서" in client.get(reverse("questions:quiz_list")).content.decode()
    client.force_login(student)
    assert "교사 보고서" not in client.get(reverse("questions:quiz_list")).content.decode()
