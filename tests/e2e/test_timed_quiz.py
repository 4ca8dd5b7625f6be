"""A timed quiz with immediate feedback, as a returning student sees it: the countdown,
확인 locking an answer, a review flag, htmx autosave surviving a reload, the result,
then the next day's Leitner review round and the progress page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from questions.models import ReviewSchedule
from questions.services.attempts import attempt_submit
from questions.services.starting import attempt_start
from tests.factories import QuizFactory, UserFactory
from tests.helpers import answer, slot

# serialized_rollback restores what migrations created (the Teachers group) after the
# flush that ends every transactional test, so tests that run later still find it.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pass-Word-123"  # UserFactory's


@pytest.fixture
def timed_quiz(three_questions):
    """20 minutes, feedback after each 확인; one point a question, pass at 60%."""
    single, multiple, short = three_questions
    return QuizFactory(
        title="시간 제한 퀴즈",
        with_questions=[single, multiple, short],
        time_limit_minutes=20,
        feedback_mode="immediate",
    )


def log_in(page: Page, user):
    """Through the login form; it leads to the quiz list."""
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("로그인")
    page.get_by_label("사용자 이름").fill(user.username)
    page.get_by_label(re.compile(r"^비밀번호\s*:?$")).fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    expect(page.get_by_role("button", name=f"로그아웃 ({user.username})")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("퀴즈")


def test_student_takes_a_timed_quiz_then_reviews_the_missed_question(
    page: Page, live_server, timed_quiz
):
    student = UserFactory()
    single = timed_quiz.questions.get(qtype="single")
    log_in(page, student)

    # Open the quiz and start it.
    page.get_by_role("link", name="시간 제한 퀴즈").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("시간 제한 퀴즈")
    expect(page.get_by_text("제한 시간: 20분")).to_be_visible()
    page.get_by_role("button", name="퀴즈 시작").click()

    progress = page.locator(".progress-indicator")
    question = page.locator("legend")
    navigator = page.get_by_role("navigation", name="문제 이동")
    status = page.locator("#save-status")

    # The countdown: 20 minutes from the start, ticking in minutes and seconds.
    expect(progress).to_have_text("1 / 3")
    expect(page).to_have_url(re.compile(r"/attempts/\d+/q/1/$"))
    timer = page.get_by_role("timer")
    expect(timer).to_contain_text("남은 시간")
    expect(timer.locator("[data-remaining]")).to_have_text(re.compile(r"^(19|20)분 \d{2}초$"))

    # 1: single choice, answered wrong and checked with 확인.
    expect(question).to_have_text("아시아태평양 AI 센터는 어떤 역할을 하나요?")
    page.get_by_role("radio", name="규제 감독 기관").check()
    page.get_by_role("button", name="확인", exact=True).click()

    feedback = page.locator("section.checked")
    expect(feedback.locator(".verdict")).to_contain_text("✘ 오답 · 0 / 1점")
    expect(feedback.locator(".explanation")).to_have_text(
        "해설 센터는 역내 AI 인재 양성의 허브 역할을 합니다."
    )
    key = feedback.locator("li.key")
    expect(key).to_have_count(1)
    expect(key).to_contain_text("인재 양성의 허브")
    expect(key.locator(".tag.key")).to_have_text("정답")
    expect(feedback.locator("li.chosen")).to_contain_text("규제 감독 기관")
    # Locked: every option disabled, the chosen one still chosen, and no 확인 any more.
    for name in ("인재 양성의 허브", "규제 감독 기관", "경기 심판"):
        expect(page.get_by_role("radio", name=name)).to_be_disabled()
    expect(page.get_by_role("radio", name="규제 감독 기관")).to_be_checked()
    expect(page.get_by_role("button", name="확인", exact=True)).to_have_count(0)
    expect(progress).to_have_text("1 / 3")
    page.get_by_role("button", name="다음").click()

    # 2: multiple response, answered right and flagged for review.
    expect(progress).to_have_text("2 / 3")
    expect(question).to_have_text("이니셔티브가 강조하는 것을 모두 고르세요.")
    page.get_by_role("checkbox", name="인재 양성").check()
    page.get_by_role("checkbox", name="역내 협력").check()
    page.get_by_role("checkbox", name="나중에 다시 보기 (검토 표시)").check()
    page.get_by_role("button", name="다음").click()

    # 3: the navigator shows 2 flagged.
    expect(progress).to_have_text("3 / 3")
    expect(question).to_have_text("센터는 인재 양성의 무엇 역할을 하나요? (한 단어)")
    second = navigator.get_by_role("button", name=re.compile(r"^2번 문제"))
    expect(second).to_have_attribute("aria-label", re.compile("검토 표시"))
    expect(second).to_have_class(re.compile(r"\bflagged\b"))
    expect(second).to_contain_text("⚑")
    first = navigator.get_by_role("button", name=re.compile(r"^1번 문제"))
    expect(first).not_to_have_attribute("aria-label", re.compile("검토 표시"))

    # Autosave: type and press nothing; htmx saves it after a 2 s pause in typing.
    answer = page.get_by_role("textbox", name="답")
    expect(status).not_to_contain_text("자동 저장됨")
    answer.fill("허브")
    expect(status).to_contain_text("자동 저장됨", timeout=10_000)
    page.reload()
    expect(progress).to_have_text("3 / 3")
    expect(page.get_by_role("textbox", name="답")).to_have_value("허브")
    expect(status).to_have_text("저장된 답이 있습니다.")
    expect(navigator.get_by_role("button", name="3번 문제 (답함)")).to_be_visible()

    # Review before submitting: everything answered, 2 flagged.
    page.get_by_role("button", name="제출 확인").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("제출 확인")
    expect(page.get_by_text("모든 문제에 답했습니다.")).to_be_visible()
    flagged = page.get_by_text("검토 표시한 문제")
    expect(flagged).to_contain_text("2번 ⚑")
    expect(flagged.get_by_role("link")).to_have_count(1)
    expect(page.get_by_role("timer")).to_contain_text("남은 시간")
    page.get_by_role("button", name="제출하고 채점하기").click()

    # The result.
    expect(page.get_by_role("heading", level=1)).to_have_text("결과: 시간 제한 퀴즈")
    expect(page).to_have_url(re.compile(r"/attempts/\d+/result/$"))
    score = page.get_by_role("region", name="점수")
    expect(score).to_contain_text("2 / 3점")
    expect(score).to_contain_text("67% · 합격")
    expect(score.locator(".meta")).to_contain_text(re.compile(r"걸린 시간 (\d+분 )?\d+초"))
    expect(score).not_to_contain_text("자동으로 제출됨")
    items = page.locator(".review-item")
    expect(items).to_have_count(3)
    expect(items.nth(0)).to_contain_text("✘ 오답 · 0 / 1점")
    expect(items.nth(0).locator(".explanation")).to_be_visible()
    expect(items.nth(1)).to_contain_text("✔ 정답 · 1 / 1점")
    expect(items.nth(2)).to_contain_text("✔ 정답 · 1 / 1점")
    expect(items.nth(2).locator("dd").first).to_have_text("허브")
    expect(page.get_by_role("button", name="틀린 문제 다시 풀기 (1문제)")).to_be_visible()

    # Leitner: the missed question is due again in a day (box 1), the others in two.
    schedules = {s.question_id: s for s in ReviewSchedule.objects.filter(student=student)}
    assert len(schedules) == 3
    missed = schedules.pop(single.pk)
    assert (missed.box, missed.due_at - missed.last_answered_at) == (1, timedelta(days=1))
    assert {(s.box, s.due_at - s.last_answered_at) for s in schedules.values()} == {
        (2, timedelta(days=2))
    }

    # A day later: the missed question is due.
    ReviewSchedule.objects.filter(pk=missed.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="복습").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("복습")
    expect(page.get_by_text("오늘 복습할 문제")).to_have_text("오늘 복습할 문제 1개")
    page.get_by_role("button", name="복습 시작").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("복습")
    expect(progress).to_have_text("1 / 1")
    expect(page.get_by_role("timer")).to_have_count(0)  # a review round has no time limit
    expect(question).to_have_text("아시아태평양 AI 센터는 어떤 역할을 하나요?")
    page.get_by_role("radio", name="인재 양성의 허브").check()
    page.get_by_role("button", name="확인", exact=True).click()
    expect(page.locator("section.checked .verdict")).to_contain_text("✔ 정답 · 1 / 1점")
    expect(page.get_by_role("radio", name="인재 양성의 허브")).to_be_disabled()
    page.get_by_role("button", name="제출 확인").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("제출 확인")
    page.get_by_role("button", name="제출하고 채점하기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("결과: 복습")
    expect(page).to_have_title(re.compile(r"복습"))
    score = page.get_by_role("region", name="점수")
    expect(score).to_contain_text("1 / 1점")
    expect(score).to_contain_text("연습: 퀴즈 성적에 반영되지 않습니다")
    expect(page.get_by_role("button", name=re.compile("틀린 문제 다시 풀기"))).to_have_count(0)
    missed.refresh_from_db()
    assert missed.box == 2  # answered right when due: one box forward

    # Progress: both attempts on the chart, and one day of study in a row.
    page.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="내 학습").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("내 학습")
    chart = page.locator('svg[role="img"]')
    expect(chart).to_have_count(1)
    expect(chart.locator("> title")).to_have_text("응시별 점수 추이")
    expect(page.get_by_role("img", name="응시별 점수 추이")).to_be_visible()
    expect(chart.locator("circle")).to_have_count(2)
    expect(chart.locator("desc")).to_contain_text("최근 2번의 응시 점수")
    # The quiz's figure (2 of 3) is checked in the test below.
    expect(chart.locator("desc")).to_contain_text("시간 제한 퀴즈")
    expect(chart.locator("desc")).to_contain_text("복습 100%")
    expect(page.get_by_role("list", name="요약").get_by_role("listitem").first).to_have_text(
        re.compile(r"^연속 학습\s+1일$")
    )


def test_progress_and_quiz_list_show_the_same_percentage_as_the_result(
    page: Page, live_server, timed_quiz
):
    """2 of 3 points is 67% wherever the student reads it."""
    student = UserFactory()
    attempt = attempt_start(student=student, quiz=timed_quiz)
    for position, right in ((1, False), (2, True), (3, True)):
        answer(slot(attempt, position), right=right)
    attempt_submit(attempt_id=attempt.pk)
    log_in(page, student)

    page.goto(f"/attempts/{attempt.pk}/result/")
    expect(page.get_by_role("region", name="점수")).to_contain_text("2 / 3점")
    expect(page.get_by_role("region", name="점수")).to_contain_text("67% · 합격")

    page.goto("/progress/")
    expect(page.locator('svg[role="img"] desc')).to_contain_text("시간 제한 퀴즈 67%")
    history = page.get_by_role("row").filter(has_text="시간 제한 퀴즈").filter(has_text="결과 보기")
    expect(history).to_contain_text("67%")

    page.goto("/")
    card = page.locator(".card").filter(has_text="시간 제한 퀴즈")
    expect(card).to_contain_text(re.compile(r"내 최고 점수\s*67%"))
