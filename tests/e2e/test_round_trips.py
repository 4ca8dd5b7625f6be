"""Answering takes one round trip with htmx, the back button still works, and a
browser without JavaScript takes the same quiz through plain forms and redirects."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from questions.models import Attempt
from tests.factories import QuizFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Round-Trip-2025!"


@pytest.fixture
def quiz(three_questions):
    return QuizFactory(title="왕복 퀴즈", with_questions=list(three_questions))


def log_in(page: Page, username: str) -> None:
    UserFactory(username=username, password=PASSWORD)
    page.goto("/accounts/login/")
    page.get_by_label("사용자 이름").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("button", name=f"로그아웃 ({username})")).to_be_visible()


def test_each_answer_and_the_next_question_come_in_one_request(page: Page, live_server, quiz):
    log_in(page, "dahye")
    page.goto(f"/quizzes/{quiz.slug}/")
    page.get_by_role("button", name="퀴즈 시작").click()
    progress = page.locator(".progress-indicator")
    expect(progress).to_have_text("1 / 3")
    first_url = page.url

    page.get_by_role("radio", name="인재 양성의 허브").check()
    requests = []
    page.on("request", lambda request: requests.append(request))
    page.get_by_role("button", name="다음").click()
    expect(progress).to_have_text("2 / 3")
    expect(page).to_have_url(re.compile(r"/q/2/$"))
    # One POST brought the next question: no redirect, no second GET (an autosave
    # of the choice, which htmx sends on change, may come before it).
    pages = [
        r for r in requests if "/attempts/" in r.url and "go=autosave" not in (r.post_data or "")
    ]
    assert [(r.method, "go=next" in r.post_data) for r in pages] == [("POST", True)]

    # Back goes to question 1 with its answer kept; forward returns to 2.
    page.go_back()
    expect(page).to_have_url(first_url)
    expect(progress).to_have_text("1 / 3")
    expect(page.get_by_role("radio", name="인재 양성의 허브")).to_be_checked()
    page.go_forward()
    expect(progress).to_have_text("2 / 3")

    # A reload of the pushed address shows question 2 as the server has it.
    page.get_by_role("checkbox", name="인재 양성").check()
    page.get_by_role("button", name="다음").click()
    expect(progress).to_have_text("3 / 3")
    page.reload()
    expect(progress).to_have_text("3 / 3")
    page.get_by_role("button", name="이전").click()
    expect(page.get_by_role("checkbox", name="인재 양성")).to_be_checked()
    expect(page.get_by_role("checkbox", name="역내 협력")).not_to_be_checked()


def test_without_javascript_the_quiz_works_through_redirects(
    browser: Browser, live_server, quiz, browser_context_args
):
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/")
    log_in_url = live_server.url + "/accounts/login/"
    UserFactory(username="nojs", password=PASSWORD)
    page.goto(log_in_url)
    page.get_by_label("사용자 이름").fill("nojs")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.goto(f"{live_server.url}/quizzes/{quiz.slug}/")
    page.get_by_role("button", name="퀴즈 시작").click()
    progress = page.locator(".progress-indicator")
    expect(progress).to_have_text("1 / 3")
    page.get_by_role("radio", name="인재 양성의 허브").check()
    page.get_by_role("button", name="다음").click()
    expect(progress).to_have_text("2 / 3")
    expect(page).to_have_url(re.compile(r"/q/2/$"))
    page.get_by_role("checkbox", name="인재 양성").check()
    page.get_by_role("checkbox", name="역내 협력").check()
    page.get_by_role("button", name="다음").click()
    page.get_by_role("textbox", name="답").fill("허브")
    page.get_by_role("button", name="제출 확인").click()
    expect(page.get_by_text("모든 문제에 답했습니다.")).to_be_visible()
    page.get_by_role("button", name="제출하고 채점하기").click()
    expect(page.get_by_role("region", name="점수")).to_contain_text("3 / 3점")
    attempt = Attempt.objects.get(student__username="nojs")
    assert attempt.is_submitted and attempt.score == 3
    context.close()
