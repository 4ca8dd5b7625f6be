"""A quiz whose review options hide results hides them everywhere a student
looks: the quiz list, the quiz page, 내 학습 (chart and tables) and 복습 (box
counts and review rounds, which would show keys). Once the quiz closes, what its
options show appears everywhere at once, and its answers join review."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from questions.models import ReviewSchedule
from questions.selectors.student_report import student_report
from questions.services.closing import quiz_close_due_attempts
from questions.services.starting import review_start
from tests.factories import QuizFactory
from tests.test_views_learning import submitted

pytestmark = pytest.mark.django_db

HIDE_ALL = {"review_marks": False, "review_answers": False, "review_explanations": False}


def pages(client, quiz) -> dict[str, str]:
    urls = {
        "quiz list": reverse("questions:quiz_list"),
        "quiz page": quiz.get_absolute_url(),
        "progress": reverse("questions:progress"),
        "review": reverse("questions:review"),
    }
    return {name: client.get(url).content.decode() for name, url in urls.items()}


def test_a_quiz_that_hides_everything_until_it_closes_shows_no_mark_anywhere(
    student_client, student
):
    quiz = QuizFactory(
        title="비공개 퀴즈", with_questions=4, review_after_close=True,
        closes_at=timezone.now() + timedelta(days=1), **HIDE_ALL,
    )  # fmt: skip
    submitted(student, quiz, right=3)  # 75%
    for name, page in pages(student_client, quiz).items():
        assert "75%" not in page, name
        assert "<circle" not in page, name  # no point on the progress chart
    shown = pages(student_client, quiz)
    assert "마감 후 공개" in shown["quiz list"] and "마감 후 공개" in shown["quiz page"]
    assert shown["progress"].count("마감 후 공개") == 2  # the grade and the attempt
    # 복습 neither counts the answers by box nor offers their questions with keys.
    assert not ReviewSchedule.objects.filter(student=student).exists()
    assert (
        "복습할 문제가 없습니다"
        in student_client.post(reverse("questions:review_start"), follow=True).content.decode()
    )


def test_at_the_close_what_the_options_show_appears_and_the_answers_join_review(
    student_client, student
):
    quiz = QuizFactory(
        title="마감 후 퀴즈", with_questions=4, review_after_close=True,
        closes_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    submitted(student, quiz, right=3)
    assert "75%" not in pages(student_client, quiz)["progress"]
    quiz.closes_at = timezone.now() - timedelta(minutes=1)
    quiz.save()
    # The worker's task at the close puts the answers into review.
    quiz_close_due_attempts.call(quiz.pk)
    assert ReviewSchedule.objects.filter(student=student).count() == 4
    shown = pages(student_client, quiz)
    assert "75%" in shown["quiz list"] and "75%" in shown["quiz page"]
    assert "75%" in shown["progress"] and "<circle" in shown["progress"]
    assert review_start(student=student, now=timezone.now() + timedelta(days=30))


def test_without_the_worker_the_review_page_puts_revealed_answers_into_review(
    student_client, student
):
    quiz = QuizFactory(with_questions=2, review_answers=False)
    submitted(student, quiz, right=1)
    assert "50%" in pages(student_client, quiz)["progress"]  # marks show, keys do not
    assert not ReviewSchedule.objects.filter(student=student).exists()
    quiz.review_answers = True  # the teacher shows the key after all
    quiz.save()
    student_client.get(reverse("questions:review"))
    assert ReviewSchedule.objects.filter(student=student).count() == 2
    student_client.get(reverse("questions:review"))  # only once
    assert sum(s.times_right + s.times_wrong for s in ReviewSchedule.objects.all()) == 2


def test_marks_hidden_for_good_say_so_and_teachers_still_see_them(client, student, teacher):
    quiz = QuizFactory(with_questions=4, review_marks=False)
    submitted(student, quiz, right=3)
    client.force_login(student)
    shown = pages(client, quiz)
    assert "비공개" in shown["quiz list"] and "75%" not in shown["progress"]
    report = student_report(student=student)
    assert report["grades"][0]["grade"] == 75 and report["attempts"][0].percentage_value == 75
