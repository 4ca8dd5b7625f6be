"""A classroom PC shared by students: after 로그아웃, Back shows nobody's results,
whether the browser runs the site's script (htmx) or not."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect

from questions.services.attempts import attempt_submit
from questions.services.starting import attempt_start
from tests.e2e.test_round_trips import log_in
from tests.factories import QuizFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def result_then_log_out_then_back(page: Page, username: str, questions) -> None:
    log_in(page, username)
    student = get_user_model().objects.get(username=username)
    quiz = QuizFactory(title="공용 PC 퀴즈", with_questions=list(questions))
    attempt = attempt_submit(attempt_id=attempt_start(student=student, quiz=quiz).pk)
    page.goto(f"/attempts/{attempt.pk}/result/")
    expect(page.get_by_role("heading", level=1)).to_have_text("결과: 공용 PC 퀴즈")
    page.get_by_role("button", name=f"로그아웃 ({username})").click()
    expect(page.get_by_role("status")).to_contain_text("로그아웃했습니다")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("로그인")
    expect(page.get_by_text("공용 PC 퀴즈")).to_have_count(0)
    expect(page.get_by_text(username)).to_have_count(0)


def test_back_after_logging_out_shows_the_login_page(page: Page, live_server, three_questions):
    result_then_log_out_then_back(page, "jiwoo", three_questions)


def test_without_javascript_too(
    browser: Browser, live_server, three_questions, browser_context_args
):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    result_then_log_out_then_back(context.new_page(), "seoyeon", three_questions)
    context.close()
