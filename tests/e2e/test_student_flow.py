"""A new student's whole visit, as a browser sees it: sign up, take a quiz, read the result."""

import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.factories import QuizFactory

# serialized_rollback restores what migrations created (the Teachers group) after the
# flush that ends every transactional test, so tests that run later still find it.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Quiz-Walk-2025!"


@pytest.fixture
def three_kinds_quiz(three_questions):
    """Three questions, one of each kind the flow touches; one point each, pass at 60%."""
    single, multiple, short = three_questions
    return QuizFactory(
        title="AI 센터 기초",
        description="센터의 역할을 확인합니다.",
        pass_mark=Decimal("60"),
        with_questions=[single, multiple, short],
    )


def test_new_student_signs_up_takes_a_quiz_and_reads_the_result(
    page: Page, live_server, three_kinds_quiz, tmp_path
):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("퀴즈")

    # Sign up through the form.
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="회원가입").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("회원가입")
    page.get_by_label("사용자 이름").fill("minji")
    page.get_by_label(re.compile(r"^비밀번호\s*:?$")).fill(PASSWORD)
    page.get_by_label("비밀번호 확인").fill(PASSWORD)
    page.get_by_role("button", name="가입하기").click()

    # Signed in and back on the quiz list.
    expect(page.get_by_role("status")).to_contain_text("minji님, 가입을 환영합니다!")
    expect(page.get_by_role("heading", level=1)).to_have_text("퀴즈")
    expect(page.get_by_role("button", name="로그아웃 (minji)")).to_be_visible()
    card = page.locator(".card").filter(has_text="AI 센터 기초")
    expect(card).to_contain_text("문제 3개")
    expect(card).to_contain_text("내 최고 점수 아직 없음")

    # Open the quiz and start it.
    card.get_by_role("link", name="AI 센터 기초").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AI 센터 기초")
    expect(page.get_by_text("문제 3개 · 합격 기준 60%")).to_be_visible()
    page.get_by_role("button", name="퀴즈 시작").click()

    progress = page.locator(".progress-indicator")
    question = page.locator("legend")

    # 1: single choice, answered right.
    expect(progress).to_have_text("1 / 3")
    expect(page).to_have_url(re.compile(r"/attempts/\d+/q/1/$"))
    expect(question).to_have_text("아시아태평양 AI 센터는 어떤 역할을 하나요?")
    expect(page.get_by_role("button", name="이전")).to_have_count(0)
    page.get_by_role("radio", name="인재 양성의 허브").check()
    page.get_by_role("button", name="다음").click()

    # 2: multiple response, both right options ticked.
    expect(progress).to_have_text("2 / 3")
    expect(question).to_have_text("이니셔티브가 강조하는 것을 모두 고르세요.")
    expect(page.get_by_text("해당하는 것을 모두 고르세요")).to_be_visible()
    page.get_by_role("checkbox", name="인재 양성").check()
    page.get_by_role("checkbox", name="역내 협력").check()
    page.get_by_role("button", name="다음").click()

    # 3: short answer, answered wrong; then back to 2 and forward again.
    expect(progress).to_have_text("3 / 3")
    expect(question).to_have_text("센터는 인재 양성의 무엇 역할을 하나요? (한 단어)")
    expect(page.get_by_role("button", name="다음")).to_have_count(0)
    page.get_by_role("textbox", name="답").fill("감독")
    page.get_by_role("button", name="이전").click()

    expect(progress).to_have_text("2 / 3")
    expect(page.get_by_role("checkbox", name="인재 양성")).to_be_checked()
    expect(page.get_by_role("checkbox", name="역내 협력")).to_be_checked()
    expect(page.get_by_role("checkbox", name="무역 장벽")).not_to_be_checked()
    navigator = page.get_by_role("navigation", name="문제 이동")
    for number in (1, 2, 3):
        expect(navigator.get_by_role("button", name=f"{number}번 문제 (답함)")).to_be_visible()
    page.get_by_role("button", name="다음").click()

    expect(progress).to_have_text("3 / 3")
    expect(page.get_by_role("textbox", name="답")).to_have_value("감독")
    page.get_by_role("button", name="제출 확인").click()

    # Review, then submit.
    expect(page.get_by_role("heading", level=1)).to_have_text("제출 확인")
    expect(page.get_by_text("모든 문제에 답했습니다.")).to_be_visible()
    page.get_by_role("button", name="제출하고 채점하기").click()

    # The result: score, percentage, verdict, and each question explained.
    expect(page.get_by_role("heading", level=1)).to_have_text("결과: AI 센터 기초")
    expect(page).to_have_url(re.compile(r"/attempts/\d+/result/$"))
    score = page.get_by_role("region", name="점수")
    expect(score).to_contain_text("2 / 3점")
    expect(score).to_contain_text("67% · 합격")
    expect(score).to_contain_text("합격 기준 60%")

    items = page.locator(".review-item")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text("✔ 정답")
    expect(items.nth(1)).to_contain_text("✔ 정답")
    wrong = items.nth(2)
    expect(wrong).to_contain_text("✘ 오답 · 0 / 1점")
    expect(wrong.locator("dd").first).to_have_text("감독")
    expect(wrong.locator("dd").nth(1)).to_have_text("허브")
    expect(wrong.locator(".explanation")).to_have_text(
        "해설 문서는 센터를 인재 양성의 허브라고 부릅니다."
    )
    expect(items.nth(0).locator(".explanation")).to_be_visible()

    screenshot = tmp_path / "result.png"
    page.screenshot(path=screenshot, full_page=True)
    assert screenshot.stat().st_size > 0


def test_quiz_list_loads_only_from_the_site_without_console_errors(
    page: Page, live_server, three_kinds_quiz
):
    requests, failures, errors = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("requestfailed", lambda request: failures.append(request.url))
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status} {r.url}"))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto("/")
    expect(page.get_by_role("link", name="AI 센터 기초")).to_be_visible()
    page.wait_for_load_state("networkidle")

    host = urlsplit(live_server.url).netloc
    paths = [urlsplit(url).path for url in requests]
    assert any(path.endswith(".css") for path in paths), requests
    assert any("htmx" in path and path.endswith(".js") for path in paths), requests
    assert [url for url in requests if urlsplit(url).netloc != host] == []
    assert failures == []
    assert errors == []
    # Following a (boosted) link raises no errors either.
    page.get_by_role("link", name="AI 센터 기초").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AI 센터 기초")
    assert errors == []
