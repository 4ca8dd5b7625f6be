"""Student pages: status, permissions and what a student sees."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from questions.models import Attempt, Quiz
from questions.services.attempts import attempt_submit, response_save
from questions.services.starting import attempt_start
from tests.factories import QuestionFactory, QuizFactory, UserFactory
from tests.helpers import answer, at, right_ids, slot, wrong_id

pytestmark = pytest.mark.django_db


def question_url(attempt, position):
    return reverse("questions:attempt_question", args=[attempt.pk, position])


def test_quiz_list_shows_counts_and_the_best_score(student_client, student):
    quiz = QuizFactory(title="경주 퀴즈", with_questions=4)
    QuizFactory(title="비공개 퀴즈", published=False, with_questions=1)
    attempt = attempt_start(student=student, quiz=quiz)
    first = slot(attempt, 1)
    answer(first, right=True)
    attempt_submit(attempt_id=attempt.pk)

    page = student_client.get(reverse("questions:quiz_list")).content.decode()
    assert "경주 퀴즈" in page and "비공개 퀴즈" not in page
    assert "문제 <strong>4</strong>개" in page
    assert "<strong>25%</strong>" in page


def test_quiz_list_is_public_and_asks_nothing_of_visitors(client, quiz):
    response = client.get(reverse("questions:quiz_list"))
    assert response.status_code == 200
    assert "내 최고 점수" not in response.content.decode()


def test_anonymous_users_are_sent_to_log_in(client, quiz):
    for url in (reverse("questions:progress"), question_url(Attempt(pk=1), 1)):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(reverse("questions:quiz_start", args=[quiz.slug]))
    assert response.url.startswith(reverse("login"))


def test_unpublished_quiz_is_404(student_client):
    hidden = QuizFactory(published=False, with_questions=1)
    assert (
        student_client.get(reverse("questions:quiz_detail", args=[hidden.slug])).status_code == 404
    )


def test_taking_a_quiz_page_by_page(student_client, student):
    quiz = QuizFactory(with_questions=3)
    response = student_client.post(reverse("questions:quiz_start", args=[quiz.slug]))
    attempt = Attempt.objects.get(student=student)
    assert response.url == question_url(attempt, 1)

    page = student_client.get(question_url(attempt, 1)).content.decode()
    assert "1 / 3" in page
    (right,) = right_ids(slot(attempt, 1))
    response = student_client.post(question_url(attempt, 1), {"answer": right, "go": "next"})
    assert response.url == question_url(attempt, 2)
    # The saved answer is shown when the student comes back.
    page = student_client.get(question_url(attempt, 1)).content.decode()
    assert f'value="{right}"' in page and "checked" in page

    response = student_client.post(question_url(attempt, 2), {"go": "summary"})
    summary = student_client.get(response.url).content.decode()
    assert "아직 답하지 않은 문제가 <strong>2</strong>개" in summary
    assert "2번" in summary and "3번" in summary

    response = student_client.post(reverse("questions:attempt_summary", args=[attempt.pk]))
    assert response.url == reverse("questions:attempt_result", args=[attempt.pk])
    result = student_client.get(response.url).content.decode()
    assert "1 / 3점" in result and "33%" in result and "불합격" in result


HTMX = {"HX-Request": "true", "HX-Boosted": "true"}


def test_with_htmx_an_answer_and_the_next_page_take_one_round_trip(student_client, student):
    quiz = QuizFactory(with_questions=3)
    attempt = attempt_start(student=student, quiz=quiz)
    (right,) = right_ids(slot(attempt, 1))
    reply = student_client.post(
        question_url(attempt, 1), {"answer": right, "go": "next", "flagged": "on"}, headers=HTMX
    )
    # The next question itself, its address pushed to the browser's history.
    assert reply.status_code == 200
    assert reply["HX-Push-Url"] == question_url(attempt, 2)
    page = reply.content.decode()
    assert "2 / 3" in page
    # Its form and its autosave post to question 2, not to the address the
    # request went to: a stale address would save question 2's answer on 1.
    assert f'action="{question_url(attempt, 2)}"' in page
    assert f'hx-post="{question_url(attempt, 2)}"' in page
    assert f'action="{question_url(attempt, 1)}"' not in page
    first = slot(attempt, 1)
    assert first.is_answered and first.flagged
    # The last button leads to the summary, and submitting to the result, in place.
    reply = student_client.post(question_url(attempt, 3), {"go": "summary"}, headers=HTMX)
    assert reply["HX-Push-Url"] == reverse("questions:attempt_summary", args=[attempt.pk])
    assert "아직 답하지 않은 문제가 <strong>2</strong>개" in reply.content.decode()
    summary_form = f'action="{reverse("questions:attempt_summary", args=[attempt.pk])}"'
    assert summary_form in reply.content.decode()
    reply = student_client.post(
        reverse("questions:attempt_summary", args=[attempt.pk]), headers=HTMX
    )
    assert reply["HX-Push-Url"] == reverse("questions:attempt_result", args=[attempt.pk])
    assert "1 / 3점" in reply.content.decode()


def test_a_question_number_past_the_end_leads_to_the_summary(student_client, student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    summary = reverse("questions:attempt_summary", args=[attempt.pk])
    assert student_client.get(question_url(attempt, 99)).url == summary
    reply = student_client.post(question_url(attempt, 3), {"go": "next"}, headers=HTMX)
    assert reply["HX-Push-Url"] == summary
    assert student_client.post(question_url(attempt, 3), {"go": "99"}).url == question_url(
        attempt, 99
    )
    other = attempt_start(student=UserFactory(), quiz=quiz)
    assert student_client.get(question_url(other, 99)).status_code == 404


def test_numbers_too_large_for_the_database_answer_404_or_the_summary(
    student_client, student, quiz
):
    attempt = attempt_start(student=student, quiz=quiz)
    huge = 10**20  # the URL takes any digits; no database column holds this
    summary = reverse("questions:attempt_summary", args=[attempt.pk])
    assert student_client.get(question_url(attempt, huge)).url == summary
    for url in (
        f"/attempts/{huge}/q/1/",
        f"/attempts/{huge}/result/",
        f"/attempts/{huge}/submit/",
    ):
        assert student_client.get(url).status_code == 404, url
    assert student_client.post(f"/attempts/{huge}/submit/").status_code == 404
    assert student_client.post(question_url(attempt, huge), {"go": "next"}).status_code == 404
    reply = student_client.post(question_url(attempt, 1), {"go": str(huge)}, headers=HTMX)
    assert reply["HX-Push-Url"] == summary
    for forged in (str(huge), "²", "가"):  # no option's id: refused, nothing saved
        reply = student_client.post(question_url(attempt, 1), {"answer": forged, "go": "next"})
        assert reply.url == question_url(attempt, 1)
        assert not slot(attempt, 1).is_answered


def test_an_answer_after_the_quiz_was_closed_says_so_and_shows_the_result(student_client, student):
    quiz = QuizFactory(with_questions=2)
    attempt = attempt_start(student=student, quiz=quiz)
    answer(slot(attempt, 1), right=True)
    Quiz.objects.filter(pk=quiz.pk).update(closes_at=timezone.now() - timedelta(hours=1))
    (right,) = right_ids(slot(attempt, 2))
    reply = student_client.post(
        question_url(attempt, 2), {"answer": right, "go": "next"}, follow=True
    )
    assert reply.redirect_chain[-1][0] == reverse("questions:attempt_result", args=[attempt.pk])
    page = reply.content.decode()
    assert "마감되었습니다. 마감 전에 저장된 답으로 채점했습니다." in page
    assert "1 / 2점" in page
    assert not slot(attempt, 2).is_answered


def test_a_full_quiz_says_how_many_attempts_were_used(student_client, student):
    quiz = QuizFactory(with_questions=1, attempts_allowed=1)
    attempt_submit(attempt_id=attempt_start(student=student, quiz=quiz).pk)
    reply = student_client.post(reverse("questions:quiz_start", args=[quiz.slug]), follow=True)
    assert "응시 가능 횟수 1회를 모두 사용했습니다 (지금까지 1회 응시)." in reply.content.decode()
    assert Attempt.objects.filter(student=student).count() == 1


def test_resume_goes_to_the_first_unanswered_question(student_client, student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    first = slot(attempt, 1)
    answer(first, right=False)
    response = student_client.post(reverse("questions:quiz_start", args=[quiz.slug]))
    assert response.url == question_url(attempt, 2)
    detail = student_client.get(reverse("questions:quiz_detail", args=[quiz.slug]))
    assert "이어서 풀기" in detail.content.decode()


def test_correct_answers_never_reach_the_page_before_submitting(student_client, student):
    choice_q = QuestionFactory(explanation="비밀 해설 문장", source_quote="비밀 근거 인용문입니다")
    short_q = QuestionFactory(qtype="short", options=["비밀정답"])
    quiz = QuizFactory(with_questions=[choice_q, short_q])
    attempt = attempt_start(student=student, quiz=quiz)
    pages = "".join(
        student_client.get(url).content.decode()
        for url in (
            question_url(attempt, 1),
            question_url(attempt, 2),
            reverse("questions:attempt_summary", args=[attempt.pk]),
        )
    )
    for secret in (
        "비밀 해설 문장",
        "비밀정답",
        "비밀 근거 인용문",
        "피드백",
        "is_correct",
        "정답",
    ):
        assert secret not in pages
    # The result page is not available before submitting either.
    result = student_client.get(reverse("questions:attempt_result", args=[attempt.pk]))
    assert result.status_code == 302


def test_result_explains_each_question_and_links_its_passage(student_client, student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    first = slot(attempt, 1)
    wrong = first.options.get(choice_id=wrong_id(first)).choice
    response_save(**at(first), choice_ids=[wrong.id])
    attempt_submit(attempt_id=attempt.pk)
    page = student_client.get(
        reverse("questions:attempt_result", args=[attempt.pk])
    ).content.decode()
    question = first.question
    assert question.explanation in page
    assert question.source_quote in page
    assert f"#{question.passage.anchor}" in page
    assert "내 답" in page and "정답" in page
    assert wrong.feedback in page  # the feedback of the option they chose


def test_another_students_attempt_is_404(client, student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    client.force_login(UserFactory())
    for url in (
        question_url(attempt, 1),
        reverse("questions:attempt_summary", args=[attempt.pk]),
        reverse("questions:attempt_result", args=[attempt.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(question_url(attempt, 1), {"answer": "x", "go": "next"}).status_code == 404
    assert client.post(reverse("questions:attempt_summary", args=[attempt.pk])).status_code == 404
    attempt.refresh_from_db()
    assert not attempt.is_submitted


def test_a_forged_option_is_refused_with_a_message(student_client, student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    other = right_ids(slot(attempt, 2))[0]
    response = student_client.post(
        question_url(attempt, 1), {"answer": other, "go": "next"}, follow=True
    )
    assert "이 문제의 보기가 아닌 답이 전송되었습니다" in response.content.decode()
    assert not attempt.responses.get(position=1).is_answered


def test_answering_a_submitted_attempt_goes_to_the_result(student_client, student, quiz):
    attempt = attempt_submit(attempt_id=(attempt_start(student=student, quiz=quiz)).pk)
    response = student_client.post(question_url(attempt, 1), {"go": "next"})
    assert response.url == reverse("questions:attempt_result", args=[attempt.pk])


def test_progress_shows_history_best_scores_and_topic_rates(student_client, student):
    quiz = QuizFactory(title="진도 퀴즈", with_questions=2)
    for _ in range(2):
        attempt = attempt_start(student=student, quiz=quiz)
        first = slot(attempt, 1)
        answer(first, right=True)
        attempt_submit(attempt_id=attempt.pk)
    page = student_client.get(reverse("questions:progress")).content.decode()
    assert "진도 퀴즈" in page and "2회" in page and "50%" in page
    assert "2 / 2" in page or "1 / 1" in page  # per-topic correct / answered


def test_progress_for_a_new_student_has_a_helpful_empty_state(student_client):
    page = student_client.get(reverse("questions:progress")).content.decode()
    assert "아직 제출한 퀴즈가 없습니다" in page


def test_signup_logs_the_new_student_in(client, db):
    response = client.post(
        reverse("questions:signup"),
        {"username": "newbie", "password1": "Hangul-pass-2025", "password2": "Hangul-pass-2025"},
    )
    assert response.status_code == 302
    page = client.get(reverse("questions:quiz_list")).content.decode()
    assert "로그아웃 (newbie)" in page


def test_signup_errors_are_shown_in_korean(client, db):
    UserFactory(username="taken")
    response = client.post(
        reverse("questions:signup"), {"username": "taken", "password1": "a", "password2": "b"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "입력한 내용을 확인해 주세요" in page
    assert "이미 존재합니다" in page  # Django's Korean message for a taken username


def test_login_and_logout(client, db):
    UserFactory(username="kim")
    response = client.post(reverse("login"), {"username": "kim", "password": "pass-Word-123"})
    assert response.status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    page = client.post(reverse("login"), {"username": "kim", "password": "wrong"}).content.decode()
    assert "아이디 또는 비밀번호가 올바르지 않습니다" in page


def test_document_page_renders_every_passage_with_its_anchor(client, settings, source_text):
    from questions.services.documents import document_ingest

    document = document_ingest(text=source_text, slug="apec", title="APEC AI").document
    page = client.get(reverse("questions:document")).content.decode()
    for passage in document.passages.all():
        assert f'id="{passage.anchor}"' in page
    assert "<h2>결론</h2>" in page
    assert "<h3>APEC AI 이니셔티브의 주요 목표는 무엇인가요?</h3>" in page


def test_a_numerical_question_takes_a_typed_number(student_client, student):
    quiz = QuizFactory(with_questions=[QuestionFactory(qtype="numerical", options=[1987])])
    attempt = attempt_start(student=student, quiz=quiz)
    page = student_client.get(question_url(attempt, 1)).content.decode()
    assert 'inputmode="decimal"' in page and "1987" not in page
    student_client.post(question_url(attempt, 1), {"answer": "１９８７년", "go": "summary"})
    student_client.post(reverse("questions:attempt_summary", args=[attempt.pk]))
    result = student_client.get(reverse("questions:attempt_result", args=[attempt.pk]))
    assert "1 / 1점" in result.content.decode() and "정답</dt><dd>1987" in result.content.decode()


def test_teachers_see_which_questions_cite_each_passage_and_students_do_not(
    client, teacher, student
):
    question = QuestionFactory(key="cites-this", text="센터가 맡는 역할은 무엇인가요?")
    anchor = question.passage.anchor
    client.force_login(teacher)
    page = client.get(reverse("questions:document")).content.decode()
    section = page.split(f'id="{anchor}"')[1]
    assert "이 단락을 근거로 한 문제 1개" in section and "cites-this" in section
    client.force_login(student)
    page = client.get(reverse("questions:document")).content.decode()
    assert "cites-this" not in page and "근거로 한 문제" not in page


def test_pages_are_korean_whatever_language_the_browser_prefers(client, db):
    page = client.get(reverse("questions:signup"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "비밀번호" in page.content.decode() and "Password" not in page.content.decode()


def test_a_matching_question_offers_a_select_per_prompt_and_scores_each_pair(
    student_client, student
):
    question = QuestionFactory(qtype="matching", points=2)
    attempt = attempt_start(student=student, quiz=QuizFactory(with_questions=[question]))
    page = student_client.get(question_url(attempt, 1)).content.decode()
    assert page.count("<select") == 2  # one per prompt; the distractor has none
    assert "관중" in page  # but its match is offered in every select
    korea, gyeongju = slot(attempt, 1).version.pairs.filter(prompt__gt="").order_by("position")
    student_client.post(
        question_url(attempt, 1),
        {f"match_{korea.id}": "제안국", f"match_{gyeongju.id}": "관중", "go": "summary"},
    )
    saved = student_client.get(question_url(attempt, 1)).content.decode()
    assert '<option value="제안국" selected>' in saved
    student_client.post(reverse("questions:attempt_summary", args=[attempt.pk]))
    result = student_client.get(reverse("questions:attempt_result", args=[attempt.pk]))
    assert "1 / 2점" in result.content.decode()
    assert "△ 부분 점수" in result.content.decode()


def test_a_match_that_is_not_offered_is_refused(student_client, student):
    question = QuestionFactory(qtype="matching")
    attempt = attempt_start(student=student, quiz=QuizFactory(with_questions=[question]))
    korea = slot(attempt, 1).version.pairs.get(prompt="한국")
    response = student_client.post(
        question_url(attempt, 1), {f"match_{korea.id}": "엉뚱한 답", "go": "next"}, follow=True
    )
    assert response.redirect_chain == [(question_url(attempt, 1), 302)]  # the same question
    assert "이 문제의 보기가 아닌 답" in response.content.decode()
    assert not attempt.responses.get().is_answered


def test_a_random_draw_quiz_lists_the_number_it_draws(client, db):
    QuizFactory(title="무작위 퀴즈", question_source="random", draw_count=7)
    page = client.get(reverse("questions:quiz_list")).content.decode()
    assert "문제 <strong>7</strong>개" in page
