"""Generated input (hypothesis) against every student form and every importer:
whatever arrives, the answer is a page, a redirect or a clear refusal, never a
server error, and an importer only ever refuses with a FormatError."""

import contextlib

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questions.formats import FORMAT_MODULES, format_module
from questions.formats.bank import FormatError
from questions.services.starting import attempt_start
from tests.factories import QuestionFactory, QuizFactory, UserFactory

# The database persists across one test's examples; each example still needs
# nothing but a page back.
VIEWS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FORMATS = settings(max_examples=150, deadline=None)

# What a hostile browser sends: any text (NUL, other scripts' digits, surrogates
# left out as HTTP cannot carry them), huge numbers, and the ids of real rows.
values = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.sampled_from(["", "0", "-1", "²", "①", "1e3", "9" * 5000, "next", "summary", "check"]),
)


@pytest.fixture
def attempt(client, db):
    student = UserFactory()
    client.force_login(student)
    questions = [
        QuestionFactory(),
        QuestionFactory(qtype="multiple", options=[("가", True), ("나", True), ("다", False)]),
        QuestionFactory(qtype="short", options=["경주"]),
        QuestionFactory(qtype="matching"),
        QuestionFactory(qtype="numerical"),
    ]
    return attempt_start(student=student, quiz=QuizFactory(with_questions=questions))


@VIEWS
@given(
    position=st.integers(min_value=1, max_value=5),
    answer=st.lists(values, max_size=4),
    go=values,
    flagged=values,
    match=st.dictionaries(st.text(max_size=12), values, max_size=3),
    htmx=st.booleans(),
)
def test_any_answer_post_gets_a_page(client, attempt, position, answer, go, flagged, match, htmx):
    data = {"answer": answer, "go": go, "flagged": flagged}
    data |= {f"match_{key}": value for key, value in match.items()}
    url = reverse("questions:attempt_question", args=[attempt.pk, position])
    headers = {"HX-Request": "true"} if htmx else {}
    assert client.post(url, data, headers=headers).status_code in (200, 302)


@VIEWS
@given(username=values, password1=values, password2=values)
def test_any_sign_up_gets_a_page(client, db, username, password1, password2):
    data = {"username": username, "password1": password1, "password2": password2}
    assert client.post(reverse("questions:signup"), data).status_code in (200, 302)
    client.logout()


@VIEWS
@given(username=values, password=values)
def test_any_log_in_gets_a_page(client, db, username, password):
    data = {"username": username, "password": password}
    assert client.post(reverse("login"), data).status_code in (200, 302)
    client.logout()


@VIEWS
@given(code=values)
def test_any_class_code_gets_a_page(client, attempt, code):
    assert client.post(reverse("questions:join"), {"code": code}).status_code in (200, 302)


@pytest.mark.parametrize("name", sorted(FORMAT_MODULES))
def test_an_importer_refuses_any_text_it_cannot_read_with_a_format_error(name):
    loads = format_module(name).loads

    @FORMATS
    @given(text=st.text(max_size=500))
    def check(text):
        with contextlib.suppress(FormatError):
            loads(text)

    check()
