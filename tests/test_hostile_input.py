"""Input no form of the site would send gets a page or a message, never a
server error. In the admin: ids that are not numbers or too large for the
database, and search terms too long for SQLite or carrying NUL characters. On an
answer POST: any `go`."""

import pytest
from django.urls import reverse

from questions.admin.tolerant import SEARCH_CUT
from questions.services.starting import attempt_start
from tests.factories import QuestionFactory, QuizFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("bad", ["abc", "9" * 30, "-1", "①"])
def test_a_bad_id_in_an_autocomplete_field_is_refused_with_the_form(admin_client, bad):
    question = QuestionFactory()
    url = reverse("admin:questions_question_change", args=[question.pk])
    reply = admin_client.post(url, {"key": question.key, "passage": bad, "tags": [bad]})
    assert reply.status_code == 200
    assert "errornote" in reply.content.decode()
    quiz = QuizFactory(with_questions=[question])
    url = reverse("admin:questions_quiz_change", args=[quiz.pk])
    reply = admin_client.post(
        url,
        {"title": quiz.title, "slug": quiz.slug, "slots-TOTAL_FORMS": "1",
         "slots-INITIAL_FORMS": "0", "slots-0-position": "1", "slots-0-question": bad},
    )  # fmt: skip
    assert reply.status_code == 200


@pytest.mark.parametrize("term", ["가" * 100_000, "x" * 60_000, "a\x00b", "가\x00" * 30_000])
@pytest.mark.parametrize("model", ["question", "quiz", "passage", "topic", "tag"])
def test_a_search_too_long_or_with_nul_answers_the_list(admin_client, model, term):
    QuestionFactory()
    reply = admin_client.get(reverse(f"admin:questions_{model}_changelist"), {"q": term})
    assert reply.status_code == 200
    if len(term) > 1000 and "\x00" not in term:  # Django refuses NUL searches itself
        assert SEARCH_CUT in reply.content.decode()


@pytest.mark.parametrize("go", ["²", "①", "9" * 5000, "-1", "1e3", "next\x00"])
def test_any_go_on_an_answer_post_answers_a_page(client, go):
    student = UserFactory()
    client.force_login(student)
    attempt = attempt_start(student=student, quiz=QuizFactory(with_questions=2))
    url = reverse("questions:attempt_question", args=[attempt.pk, 1])
    reply = client.post(url, {"go": go})
    assert reply.status_code in (200, 302)
    assert client.get(reply.url if reply.status_code == 302 else url).status_code in (200, 302)
