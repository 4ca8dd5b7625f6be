"""With 보기 순서 섞기, every page shows a student's options in the order frozen for them."""

import random
import re

import pytest
from django.urls import reverse

from questions.services.attempts import attempt_submit, response_save
from questions.services.starting import attempt_start
from tests.factories import QuestionFactory, QuizFactory
from tests.helpers import at, right_ids, slot

pytestmark = pytest.mark.django_db

# The question's own order; seed 4 freezes it as 스포츠, 반도체, 관광객, 인재: no option keeps its
# place, and the frozen order is neither this one reversed nor alphabetical.
OPTIONS = [
    ("반도체 수출 규제", False),
    ("인재 양성 거점", True),
    ("스포츠 경기 심판", False),
    ("관광객 유치 홍보", False),
]
TEXTS = [text for text, _ in OPTIONS]


def shuffled_attempt(student, qtype, **quiz_settings):
    question = QuestionFactory(qtype=qtype, options=OPTIONS)
    quiz = QuizFactory(with_questions=[question], shuffle_options=True, **quiz_settings)
    attempt = attempt_start(student=student, quiz=quiz, rng=random.Random(4))
    order = list(
        slot(attempt, 1).options.order_by("position").values_list("choice__text", flat=True)
    )
    assert order not in (TEXTS, TEXTS[::-1], sorted(TEXTS))  # the seed really reorders
    return attempt, order


def options_shown(page: str) -> list[str]:
    """The option texts in page order; an option followed by its own feedback counts once."""
    hits = sorted((m.start(), text) for text in TEXTS for m in re.finditer(re.escape(text), page))
    seen = [text for _, text in hits]
    return [text for i, text in enumerate(seen) if i == 0 or text != seen[i - 1]]


def assert_every_option_list_in(order, page):
    shown = options_shown(page)
    assert shown and shown == order * (len(shown) // len(order))


@pytest.mark.parametrize("qtype", ["single", "multiple"])
def test_question_page_shows_the_options_in_the_students_frozen_order(
    student_client, student, qtype
):
    attempt, order = shuffled_attempt(student, qtype)
    url = reverse("questions:attempt_question", args=[attempt.pk, 1])
    assert_every_option_list_in(order, student_client.get(url).content.decode())


@pytest.mark.parametrize("qtype", ["single", "multiple"])
def test_result_page_shows_the_options_in_the_students_frozen_order(student_client, student, qtype):
    attempt, order = shuffled_attempt(student, qtype)
    response_save(**at(slot(attempt, 1)), choice_ids=right_ids(slot(attempt, 1)))
    attempt_submit(attempt_id=attempt.pk)
    page = student_client.get(reverse("questions:attempt_result", args=[attempt.pk]))
    assert_every_option_list_in(order, page.content.decode())


@pytest.mark.parametrize("qtype", ["single", "multiple"])
def test_checked_answer_shows_the_options_in_the_students_frozen_order(
    student_client, student, qtype
):
    attempt, order = shuffled_attempt(student, qtype, feedback_mode="immediate")
    url = reverse("questions:attempt_question", args=[attempt.pk, 1])
    answer = right_ids(slot(attempt, 1))
    checked = student_client.post(url, {"answer": answer, "go": "check"}, follow=True)
    assert slot(attempt, 1).is_checked
    assert_every_option_list_in(order, checked.content.decode())
