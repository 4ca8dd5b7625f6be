"""The progress and review pages, and the attempt page's learning features."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from questions.models import Attempt, ReviewSchedule
from questions.services.attempts import attempt_submit
from questions.services.starting import attempt_start
from tests.factories import QuestionFactory, QuizFactory
from tests.helpers import answer, right_ids, slot, wrong_id

pytestmark = pytest.mark.django_db


def question_url(attempt, position):
    return reverse("questions:attempt_question", args=[attempt.pk, position])


def submitted(student, quiz, right: int):
    attempt = attempt_start(student=student, quiz=quiz)
    for position in range(1, attempt.responses.count() + 1):
        answer(slot(attempt, position), right=position <= right)
    return attempt_submit(attempt_id=attempt.pk)


# Progress


def test_progress_shows_chart_grades_mastery_coverage_and_streak(student_client, student):
    quiz = QuizFactory(title="진도 퀴즈", with_questions=4, grading_method="last")
    submitted(student, quiz, right=1)
    submitted(student, quiz, right=3)
    ReviewSchedule.objects.filter(student=student).update(box=5)  # pretend long practice
    page = student_client.get(reverse("questions:progress")).content.decode()

    assert '<title id="timeline-title">응시별 점수 추이</title>' in page
    assert page.count("<circle") == 2 and "25%" in page and "75%" in page
    grade_row = page.split("진도 퀴즈</a></td>")[1].split("</tr>")[0]
    assert "2회" in grade_row and grade_row.count("75%") == 2 and "(마지막 응시)" in grade_row
    assert "연속 학습 <strong>1일</strong>" in page
    assert "답해 본 문제 <strong>100%</strong>" in page  # all 4 questions of the bank
    assert "익힌 문제 <strong>100%</strong>" in page


def test_progress_empty_state_for_a_new_student(student_client):
    QuestionFactory()
    page = student_client.get(reverse("questions:progress")).content.decode()
    assert "아직 제출한 퀴즈가 없습니다" in page
    assert "연속 학습 <strong>0일</strong>" in page
    assert "<svg" not in page


# Review


def test_review_page_counts_due_questions_and_starts_a_round(student_client, student):
    quiz = QuizFactory(with_questions=3)
    submitted(student, quiz, right=1)
    page = student_client.get(reverse("questions:review")).content.decode()
    assert "오늘 복습할 문제 <strong>0</strong>개" in page
    assert "다음 복습" in page and "복습 시작" not in page

    ReviewSchedule.objects.filter(student=student, box=1).update(
        due_at=timezone.now() - timedelta(minutes=1)
    )
    page = student_client.get(reverse("questions:review")).content.decode()
    assert "오늘 복습할 문제 <strong>2</strong>개" in page
    response = student_client.post(reverse("questions:review_start"))
    round_ = Attempt.objects.get(kind="review")
    assert response.url == question_url(round_, 1)
    assert round_.responses.count() == 2
    question = student_client.get(question_url(round_, 1)).content.decode()
    assert "<h1>복습</h1>" in question and ">확인</button>" in question


def test_review_page_for_a_new_student(student_client):
    page = student_client.get(reverse("questions:review")).content.decode()
    assert "아직 복습할 문제가 없습니다" in page
    response = student_client.post(reverse("questions:review_start"), follow=True)
    assert "지금 복습할 문제가 없습니다" in response.content.decode()


# The attempt page


def test_immediate_feedback_shows_the_verdict_and_locks_the_answer(student_client, student):
    quiz = QuizFactory(with_questions=2, feedback_mode="immediate")
    attempt = attempt_start(student=student, quiz=quiz)
    response = slot(attempt, 1)
    student_client.post(question_url(attempt, 1), {"answer": wrong_id(response), "go": "check"})
    page = student_client.get(question_url(attempt, 1)).content.decode()
    assert "✘ 오답" in page and "해설" in page and "<fieldset disabled>" in page
    assert ">확인</button>" not in page
    student_client.post(question_url(attempt, 1), {"answer": right_ids(response)[0], "go": "next"})
    assert not slot(attempt, 1).options.get(choice_id=right_ids(response)[0]).selected


def test_deferred_feedback_never_shows_a_verdict_before_submitting(student_client, student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    student_client.post(
        question_url(attempt, 1), {"answer": wrong_id(slot(attempt, 1)), "go": "check"}
    )
    page = student_client.get(question_url(attempt, 1)).content.decode()
    assert "오답" not in page and "해설" not in page and ">확인</button>" not in page


def test_flagging_shows_in_the_navigator_and_the_summary(student_client, student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    student_client.post(question_url(attempt, 2), {"flagged": "on", "go": "next"})
    page = student_client.get(question_url(attempt, 3)).content.decode()
    assert "2번 문제 (안 답함, 검토 표시)" in page
    summary = student_client.get(reverse("questions:attempt_summary", args=[attempt.pk]))
    assert "검토 표시한 문제" in summary.content.decode()


def test_autosave_saves_without_leaving_the_page(student_client, student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    reply = student_client.post(
        question_url(attempt, 1),
        {"answer": right_ids(slot(attempt, 1))[0], "go": "autosave"},
        HTTP_HX_REQUEST="true",
    )
    assert reply.status_code == 200 and "자동 저장됨" in reply.content.decode()
    assert slot(attempt, 1).is_answered


def test_a_late_answer_is_refused_with_a_message_and_graded(student_client, student):
    quiz = QuizFactory(with_questions=2, time_limit_minutes=5)
    attempt = attempt_start(student=student, quiz=quiz, now=timezone.now() - timedelta(minutes=6))
    page = student_client.get(question_url(attempt, 1))
    assert page.url == reverse("questions:attempt_result", args=[attempt.pk])
    followed = student_client.get(page.url).content.decode()
    assert "제한 시간이 끝나" in followed
    attempt.refresh_from_db()
    assert attempt.auto_submitted


def test_autosave_after_the_deadline_takes_the_page_to_the_result(student_client, student):
    quiz = QuizFactory(with_questions=1, time_limit_minutes=5)
    attempt = attempt_start(student=student, quiz=quiz)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    reply = student_client.post(
        question_url(attempt, 1), {"answer": "", "go": "autosave"}, HTTP_HX_REQUEST="true"
    )
    assert reply["HX-Redirect"] == reverse("questions:attempt_result", args=[attempt.pk])


def test_the_countdown_shows_on_a_timed_attempt(student_client, student):
    quiz = QuizFactory(with_questions=1, time_limit_minutes=15)
    attempt = attempt_start(student=student, quiz=quiz)
    page = student_client.get(question_url(attempt, 1)).content.decode()
    assert 'role="timer"' in page and "남은 시간" in page and "js/countdown.js" in page


def test_refusals_say_why_on_the_quiz_page(student_client, student):
    quiz = QuizFactory(with_questions=1, attempts_allowed=1)
    submitted(student, quiz, right=1)
    response = student_client.post(reverse("questions:quiz_start", args=[quiz.slug]), follow=True)
    assert "응시 가능 횟수 1회를 모두 사용했습니다" in response.content.decode()


# Result and review options


@pytest.mark.parametrize(
    ("options", "hidden"),
    [
        ({"review_marks": False}, ["점</p>", "✔ 정답"]),
        ({"review_answers": False}, ['tag key">정답', "틀린 문제 다시 풀기"]),
        ({"review_explanations": False}, ["해설", "근거 보기"]),
    ],
)
def test_review_options_hide_what_they_should(student_client, student, options, hidden):
    quiz = QuizFactory(with_questions=2, **options)
    attempt = submitted(student, quiz, right=1)
    page = student_client.get(reverse("questions:attempt_result", args=[attempt.pk]))
    text = page.content.decode()
    for fragment in hidden:
        assert fragment not in text


def test_review_can_wait_until_the_quiz_closes(student_client, student):
    closes = timezone.now() + timedelta(days=1)
    quiz = QuizFactory(with_questions=2, review_after_close=True, closes_at=closes)
    attempt = submitted(student, quiz, right=1)
    url = reverse("questions:attempt_result", args=[attempt.pk])
    text = student_client.get(url).content.decode()
    assert "응시 마감 뒤에 공개됩니다" in text and "해설" not in text
    # The practice button is not offered, and posting for it is refused.
    assert "틀린 문제 다시 풀기" not in text
    student_client.post(reverse("questions:attempt_retry", args=[attempt.pk]))
    assert not Attempt.objects.filter(kind="retry").exists()
    quiz.closes_at = timezone.now() - timedelta(minutes=1)
    quiz.save()
    text = student_client.get(url).content.decode()
    assert "해설" in text and "점</p>" in text


def test_result_shows_time_taken_and_offers_practice_of_missed_questions(student_client, student):
    quiz = QuizFactory(with_questions=3)
    attempt = submitted(student, quiz, right=1)
    text = student_client.get(reverse("questions:attempt_result", args=[attempt.pk])).content
    assert "걸린 시간" in text.decode() and "틀린 문제 다시 풀기 (2문제)" in text.decode()
    response = student_client.post(reverse("questions:attempt_retry", args=[attempt.pk]))
    practice = Attempt.objects.get(kind="retry")
    assert response.url == question_url(practice, 1)
    assert practice.responses.count() == 2
