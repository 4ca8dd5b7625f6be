"""A classroom PC shared by students: pages of a signed-in student are never
kept by the browser, and 로그아웃 says it happened."""

import pytest
from django.urls import reverse

from questions.services.attempts import attempt_submit
from questions.services.starting import attempt_start
from questions.views.student import SIGNED_OUT
from tests.factories import QuizFactory

pytestmark = pytest.mark.django_db


def test_a_signed_in_students_pages_are_never_stored(student_client, student):
    attempt = attempt_submit(
        attempt_id=attempt_start(student=student, quiz=QuizFactory(with_questions=1)).pk
    )
    for url in (
        reverse("questions:attempt_result", args=[attempt.pk]),
        reverse("questions:progress"),
        "/",
    ):
        cache = student_client.get(url)["Cache-Control"]
        assert "no-store" in cache and "private" in cache, url


def test_public_pages_for_visitors_may_be_cached(client):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_logging_out_says_so(student_client):
    page = student_client.post(reverse("logout"), follow=True).content.decode()
    assert SIGNED_OUT in page and "로그인" in page
    assert student_client.get(reverse("questions:progress")).status_code == 302
