"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest

from tests.factories import QuestionFactory

# Playwright's sync API runs an asyncio event loop in the test thread for the rest of the
# session, and Django refuses ORM calls from a thread with a running loop
# (SynchronousOnlyOperation) - in these tests and in every test that runs after them.
# Nothing here is actually async, so the check is safe to switch off.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's package; `playwright install` needs the internet, which this machine lacks.
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session", autouse=True)
def chromium_available():
    """Skip the browser tests where Chromium is missing, but fail them under CI=true:
    CI must never pass by silently skipping them."""
    if CHROMIUM.exists():
        return CHROMIUM
    reason = f"Chromium not installed at {CHROMIUM}: apt-get install chromium"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, so the browser tests may not be skipped)")
    print(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_available):
    # Depending on chromium_available makes the check run before Playwright launches anything.
    return {
        **browser_type_launch_args,
        "executable_path": str(chromium_available),
        "args": [
            "--no-sandbox",  # tests may run as root, where Chromium's sandbox refuses to start
            "--disable-gpu",
            "--disable-dev-shm-usage",
            # Without these Chromium calls Google's services, and the network here refuses.
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server):
    # Replaces pytest-playwright's own base_url fixture, a method on a plugin object that
    # pytest 9 warns about (PytestRemovedIn10Warning); page.goto("/") opens the live server.
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A browser that prefers English: the site is Korean whatever the browser asks for.
    return {**browser_context_args, "locale": "en-US"}


@pytest.fixture
def three_questions(transactional_db):
    """A single-choice, a multiple-response and a short-answer question, one point each,
    whose right answers the browser tests click and type."""
    single = QuestionFactory(
        qtype="single",
        text="아시아태평양 AI 센터는 어떤 역할을 하나요?",
        explanation="센터는 역내 AI 인재 양성의 허브 역할을 합니다.",
        options=[("인재 양성의 허브", True), ("규제 감독 기관", False), ("경기 심판", False)],
    )
    multiple = QuestionFactory(
        qtype="multiple",
        text="이니셔티브가 강조하는 것을 모두 고르세요.",
        explanation="인재 양성과 역내 협력이 함께 강조됩니다.",
        options=[
            ("인재 양성", True),
            ("역내 협력", True),
            ("무역 장벽", False),
            ("기술 독점", False),
        ],
    )
    short = QuestionFactory(
        qtype="short",
        text="센터는 인재 양성의 무엇 역할을 하나요? (한 단어)",
        explanation="문서는 센터를 인재 양성의 허브라고 부릅니다.",
        options=["허브"],
    )
    return single, multiple, short
