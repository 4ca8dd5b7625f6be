"""The admin as a teacher uses it: permissions, authoring questions, building quizzes."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from questions.models import AcceptedAnswer, Choice, Question, QuizQuestion, Response
from questions.services.accounts import TEACHERS_GROUP
from questions.services.attempts import attempt_submit
from questions.services.starting import attempt_start
from tests.factories import (
    PassageFactory,
    QuestionFactory,
    QuizFactory,
    TeacherFactory,
    TopicFactory,
    UserFactory,
)
from tests.helpers import answer, slot

pytestmark = pytest.mark.django_db

ADD_QUESTION = reverse("admin:questions_question_add")
QUESTIONS = reverse("admin:questions_question_changelist")
MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


class _BrowserForm(HTMLParser):
    """The fields a browser would submit from an admin page left untouched.

    Skips the JavaScript templates of inline rows (`__prefix__`) and submit buttons;
    unchecked checkboxes are not sent, as in a browser.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "option" and self._select:
            if "selected" in attrs or self._select not in self.data:
                self.data[self._select] = attrs.get("value") or ""
            return
        if not name or "__prefix__" in name:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind == "submit" or (kind == "checkbox" and "checked" not in attrs):
                return
            self.data[name] = attrs.get("value") or ("on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")


def browser_form(client, url) -> tuple[dict, str]:
    """GET an admin form page: the data a browser would post back, and the page."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    parser = _BrowserForm()
    parser.feed(page)
    return parser.data, page


def inline_prefixes(data) -> set[str]:
    return {name.removesuffix("-TOTAL_FORMS") for name in data if name.endswith("-TOTAL_FORMS")}


def fill_rows(data, prefix, rows):
    """Type `rows` (dicts of field: value) into the inline's rows, adding rows like
    the admin's "add another" link when there are not enough blank ones."""
    first = int(data[f"{prefix}-INITIAL_FORMS"])
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(max(total, first + len(rows)))
    for number, row in enumerate(rows, start=first):
        for field, value in row.items():
            data[f"{prefix}-{number}-{field}"] = value


def question_form(client, passage, *, key, qtype, choices=(), answers=(), numbers=(), **fields):
    """The add-question form as a teacher fills it in. `choices` are (text, is_correct)."""
    data, _ = browser_form(client, ADD_QUESTION)
    data.update(
        key=key,
        qtype=qtype,
        text=f"{key}: 아시아태평양 AI 센터의 역할은 무엇인가요?",
        topic=str(passage.topic_id),
        passage=str(passage.pk),
        source_quote="역내 AI 인재 양성의 허브 역할",
        explanation="센터는 인재 양성의 허브 역할을 합니다.",
        difficulty="2",
        points="1",
    )
    data.update(fields)
    fill_rows(
        data,
        "choices",
        [
            {"position": str(number), "text": text} | ({"is_correct": "on"} if correct else {})
            for number, (text, correct) in enumerate(choices, start=1)
        ],
    )
    fill_rows(data, "accepted_answers", [{"text": text, "fraction": "1"} for text in answers])
    fill_rows(
        data,
        "numerical_answers",
        [{"value": value, "tolerance": "0", "fraction": "1"} for value in numbers],
    )
    return data


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client


@pytest.fixture
def passage():
    return PassageFactory()


# 1. The Teachers group and what its members can open.


def test_teachers_group_has_exactly_the_authoring_permissions():
    group = Group.objects.get(name=TEACHERS_GROUP)
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    authored = [
        "question",
        "choice",
        "acceptedanswer",
        "numericalanswer",
        "matchpair",
        "quiz",
        "quizquestion",
    ]
    expected = {
        f"questions.{action}_{model}"
        for model in authored
        for action in ("add", "change", "delete", "view")
    } | {
        "questions.view_topic",
        "questions.view_passage",
        "questions.view_document",
        "questions.add_tag",
        "questions.change_tag",
        "questions.view_tag",
    }
    assert granted == expected


def test_teacher_account_is_staff_with_the_group_permissions_only():
    teacher = TeacherFactory()
    assert teacher.is_staff and not teacher.is_superuser
    assert teacher.has_perms(["questions.add_question", "questions.change_quiz"])
    assert not teacher.has_perm("questions.change_passage")
    assert not teacher.has_perm("auth.view_user")


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        QUESTIONS,
        ADD_QUESTION,
        reverse("admin:questions_quiz_add"),
    ],
)
def test_teacher_can_open_the_authoring_pages(teacher_client, url):
    assert teacher_client.get(url).status_code == 200


def test_teacher_is_refused_the_user_admin(teacher_client):
    assert teacher_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    index = teacher_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:auth_user_changelist") not in index
    assert QUESTIONS in index


def test_teacher_can_search_passages_for_the_question_form(teacher_client, passage):
    response = teacher_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "questions",
            "model_name": "question",
            "field_name": "passage",
            "term": "허브",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(passage.pk)]


# 2. Adding a question through the admin.


def test_add_question_form_has_choice_and_accepted_answer_inlines(teacher_client):
    data, _ = browser_form(teacher_client, ADD_QUESTION)
    prefixes = {"choices", "accepted_answers", "numerical_answers", "pairs"}
    assert inline_prefixes(data) == prefixes
    for prefix in prefixes:
        for field in MANAGEMENT:
            assert f"{prefix}-{field}" in data
    assert data["choices-TOTAL_FORMS"] == "4"
    assert data["accepted_answers-TOTAL_FORMS"] == "2"


def test_teacher_adds_a_single_choice_question_with_four_options(teacher_client, passage):
    options = [("허브", True), ("감독", False), ("심판", False), ("관객", False)]
    data = question_form(
        teacher_client, passage, key="admin-single", qtype="single", choices=options
    )

    response = teacher_client.post(ADD_QUESTION, data)

    assert response.status_code == 302
    assert response.url == QUESTIONS
    question = Question.objects.get(key="admin-single")
    assert (question.qtype, question.topic, question.passage) == ("single", passage.topic, passage)
    assert question.difficulty == 2
    saved = [(c.text, c.is_correct) for c in question.choices.order_by("position")]
    assert saved == options
    assert not question.accepted_answers.exists()


def test_teacher_adds_a_short_answer_question_with_two_accepted_answers(teacher_client, passage):
    data = question_form(
        teacher_client, passage, key="admin-short", qtype="short", answers=["허브", "거점"]
    )

    response = teacher_client.post(ADD_QUESTION, data)

    assert response.status_code == 302
    assert response.url == QUESTIONS
    question = Question.objects.get(key="admin-short")
    assert question.qtype == "short"
    assert sorted(question.accepted_answers.values_list("text", flat=True)) == ["거점", "허브"]
    assert not question.choices.exists()


def test_teacher_adds_a_numerical_question(teacher_client, passage):
    data = question_form(
        teacher_client, passage, key="admin-year", qtype="numerical", numbers=["2025"]
    )

    assert teacher_client.post(ADD_QUESTION, data).status_code == 302
    question = Question.objects.get(key="admin-year")
    assert [str(n) for n in question.numerical_answers.all()] == ["2025"]


def test_teacher_adds_a_matching_question_with_a_distractor(teacher_client, passage):
    data = question_form(teacher_client, passage, key="admin-match", qtype="matching")
    rows = [("한국", "제안국"), ("경주", "개최지"), ("", "관중")]
    fill_rows(
        data,
        "pairs",
        [{"position": str(i), "prompt": p, "match": m} for i, (p, m) in enumerate(rows)],
    )

    assert teacher_client.post(ADD_QUESTION, data).status_code == 302
    question = Question.objects.get(key="admin-match")
    assert [(p.prompt, p.match) for p in question.pairs.all()] == rows


def test_a_numerical_question_without_a_value_is_refused(teacher_client, passage):
    data = question_form(teacher_client, passage, key="admin-year", qtype="numerical")

    response = teacher_client.post(ADD_QUESTION, data)
    assert response.status_code == 200
    assert "만점(비율 1)인 숫자 답안" in response.content.decode()
    assert not Question.objects.filter(key="admin-year").exists()


def test_true_false_options_may_be_typed_in_korean(teacher_client, passage):
    data = question_form(
        teacher_client,
        passage,
        key="admin-tf",
        qtype="truefalse",
        choices=[("참", False), ("거짓", True)],
    )

    assert teacher_client.post(ADD_QUESTION, data).status_code == 302
    question = Question.objects.get(key="admin-tf")
    saved = [(c.text, c.is_correct) for c in question.choices.order_by("position")]
    assert saved == [("true", False), ("false", True)]


# 3. Questions a student could not answer are refused, with a Korean message.


@pytest.mark.parametrize(
    ("qtype", "choices", "answers", "message"),
    [
        pytest.param(
            "single",
            [("허브", False), ("감독", False), ("심판", False)],
            [],
            "정답 보기가 정확히 하나",
            id="single-without-correct-option",
        ),
        pytest.param(
            "single",
            [("허브", True), ("거점", True), ("심판", False)],
            [],
            "정답 보기가 정확히 하나",
            id="single-with-two-correct-options",
        ),
        pytest.param(
            "multiple",
            [("허브", False), ("감독", False), ("심판", False)],
            [],
            "정답 보기가 하나 이상",
            id="multiple-without-correct-option",
        ),
        pytest.param(
            "short",
            [],
            [],
            "인정 답안이 하나 이상",
            id="short-without-accepted-answer",
        ),
        pytest.param(
            "single",
            [("허브", True)],
            [],
            "보기를 두 개 이상",
            id="choice-question-with-one-option",
        ),
    ],
)
def test_unanswerable_question_is_refused_with_a_korean_message(
    teacher_client, passage, qtype, choices, answers, message
):
    _, blank_page = browser_form(teacher_client, ADD_QUESTION)
    assert message not in blank_page
    data = question_form(
        teacher_client, passage, key="refused", qtype=qtype, choices=choices, answers=answers
    )
    before = Question.objects.count(), Choice.objects.count(), AcceptedAnswer.objects.count()

    response = teacher_client.post(ADD_QUESTION, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    after = Question.objects.count(), Choice.objects.count(), AcceptedAnswer.objects.count()
    assert after == before
    assert not Question.objects.filter(key="refused").exists()


# 4. From the admin to a student's attempt.


def test_question_added_to_published_quiz_in_admin_reaches_a_student(teacher_client, passage):
    existing = QuestionFactory(key="already-there")
    quiz = QuizFactory(published=True, with_questions=[existing])
    options = [("허브", True), ("감독", False)]
    data = question_form(teacher_client, passage, key="admin-new", qtype="single", choices=options)
    assert teacher_client.post(ADD_QUESTION, data).status_code == 302
    new = Question.objects.get(key="admin-new")

    quiz_url = reverse("admin:questions_quiz_change", args=[quiz.pk])
    data, _ = browser_form(teacher_client, quiz_url)
    assert inline_prefixes(data) == {"slots"}
    assert data["slots-INITIAL_FORMS"] == "1"
    assert data["slots-0-question"] == str(existing.pk)
    fill_rows(data, "slots", [{"position": "2", "question": str(new.pk)}])
    response = teacher_client.post(quiz_url, data)

    assert response.status_code == 302
    assert response.url == reverse("admin:questions_quiz_changelist")
    assert list(
        QuizQuestion.objects.filter(quiz=quiz)
        .order_by("position")
        .values_list("question__key", flat=True)
    ) == ["already-there", "admin-new"]

    attempt = attempt_start(student=UserFactory(), quiz=quiz)
    slot = Response.objects.get(attempt=attempt, question=new)
    assert slot.position == 2
    assert slot.max_points == new.points


def test_teacher_sets_every_quiz_setting_in_the_admin(teacher_client):
    quiz = QuizFactory(with_questions=1)
    topic = TopicFactory()
    url = reverse("admin:questions_quiz_change", args=[quiz.pk])
    data, _ = browser_form(teacher_client, url)
    data.update(
        {
            "opens_at_0": "2026-12-01",
            "opens_at_1": "09:00:00",
            "closes_at_0": "2026-12-08",
            "closes_at_1": "18:00:00",
            "time_limit_minutes": "30",
            "attempts_allowed": "2",
            "grading_method": "average",
            "question_source": "random",
            "draw_count": "5",
            "draw_topics": [str(topic.pk)],
            "draw_min_difficulty": "2",
            "draw_max_difficulty": "3",
            "shuffle_questions": "on",
            "shuffle_options": "on",
            "feedback_mode": "immediate",
            "review_after_close": "on",
        }
    )
    for unticked in ("review_marks", "review_answers", "review_explanations"):
        data.pop(unticked, None)

    assert teacher_client.post(url, data).status_code == 302
    quiz.refresh_from_db()
    assert (quiz.time_limit_minutes, quiz.attempts_allowed, quiz.grading_method) == (
        30,
        2,
        "average",
    )
    assert (quiz.question_source, quiz.draw_count, list(quiz.draw_topics.all())) == (
        "random",
        5,
        [topic],
    )
    assert (quiz.draw_min_difficulty, quiz.draw_max_difficulty) == (2, 3)
    assert quiz.shuffle_questions and quiz.shuffle_options and quiz.review_after_close
    assert quiz.feedback_mode == "immediate"
    assert not (quiz.review_marks or quiz.review_answers or quiz.review_explanations)
    assert timezone.localtime(quiz.opens_at).hour == 9  # Asia/Seoul, as typed


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {
                "opens_at_0": "2026-12-08",
                "opens_at_1": "09:00",
                "closes_at_0": "2026-12-01",
                "closes_at_1": "09:00",
            },
            "마감 시각은 시작 시각보다 뒤여야 합니다",
        ),
        ({"question_source": "random", "draw_count": ""}, "추출할 문제 수가 필요합니다"),
        ({"draw_min_difficulty": "3", "draw_max_difficulty": "1"}, "최저 난이도 이상"),
    ],
)
def test_inconsistent_quiz_settings_are_refused(teacher_client, fields, message):
    quiz = QuizFactory()
    url = reverse("admin:questions_quiz_change", args=[quiz.pk])
    data, _ = browser_form(teacher_client, url)
    data.update(fields)
    response = teacher_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()


# 5. Filtering and searching the question list.


@pytest.fixture
def bank():
    other_topic = TopicFactory()
    return {
        "single": QuestionFactory(key="bank-single", difficulty=1),
        "short": QuestionFactory(key="bank-short", qtype="short", difficulty=2),
        "rainbow": QuestionFactory(
            key="bank-rainbow", text="무지개 다리는 몇 색인가요?", difficulty=3
        ),
        "inactive": QuestionFactory(key="bank-inactive", active=False, difficulty=2),
        "other-topic": QuestionFactory(
            key="bank-other-topic", topic=other_topic, passage__topic=other_topic
        ),
    }


def listed_keys(client, query) -> set[str]:
    response = client.get(f"{QUESTIONS}?{query}")
    assert response.status_code == 200
    return set(
        re.findall(r'class="field-key"><a href="[^"]*">([^<]+)</a>', response.content.decode())
    )


def test_changelist_lists_every_question_unfiltered(teacher_client, bank):
    assert listed_keys(teacher_client, "") == {q.key for q in bank.values()}


def test_changelist_filters_by_question_type(teacher_client, bank):
    assert listed_keys(teacher_client, "qtype=short") == {"bank-short"}


def test_changelist_search_finds_a_question_by_its_text(teacher_client, bank):
    assert listed_keys(teacher_client, "q=무지개") == {"bank-rainbow"}


def test_changelist_filters_inactive_questions(teacher_client, bank):
    assert listed_keys(teacher_client, "active__exact=0") == {"bank-inactive"}


def test_changelist_filters_by_topic(teacher_client, bank):
    topic = bank["other-topic"].topic
    assert listed_keys(teacher_client, f"topic__id__exact={topic.pk}") == {"bank-other-topic"}


def test_changelist_filters_by_difficulty(teacher_client, bank):
    assert listed_keys(teacher_client, "difficulty__exact=2") == {"bank-short", "bank-inactive"}


# 6. The question list costs the same number of queries however long it is.


def test_changelist_query_count_does_not_grow_with_the_bank(teacher_client):
    def queries_listing(size):
        QuestionFactory.create_batch(size - Question.objects.count())
        with CaptureQueriesContext(connection) as queries:
            response = teacher_client.get(QUESTIONS)
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == size
        return len(queries)

    teacher_client.get(QUESTIONS)  # warm the per-process caches (content types)
    assert queries_listing(5) == queries_listing(50)


# 7. Authoring helpers: preview, bulk actions, usage columns, the answered warning.


def test_preview_shows_the_question_as_a_student_sees_it(teacher_client):
    question = QuestionFactory(text="미리 볼 **아닌** 문제")
    page = teacher_client.get(
        reverse("admin:questions_question_preview", args=[question.pk])
    ).content.decode()
    assert "미리 볼 <strong>아닌</strong> 문제" in page
    assert page.count('type="radio"') == 4 and "허브" in page
    assert "정답" not in page.split("교사용 미리 보기")[1]  # no key shown, as for students


def test_bulk_actions_activate_deactivate_duplicate_and_add_to_quiz(teacher_client):
    first, second = QuestionFactory(key="bulk-a"), QuestionFactory(key="bulk-b")
    ids = [str(first.pk), str(second.pk)]
    teacher_client.post(QUESTIONS, {"action": "deactivate", "_selected_action": ids})
    assert not Question.objects.filter(pk__in=ids, active=True).exists()
    teacher_client.post(QUESTIONS, {"action": "activate", "_selected_action": ids})
    assert Question.objects.filter(pk__in=ids, active=True).count() == 2

    teacher_client.post(QUESTIONS, {"action": "duplicate", "_selected_action": [ids[0]]})
    copy = Question.objects.get(key="bulk-a-copy")
    assert not copy.active and copy.choices.count() == 4 and copy.text == first.text

    quiz = QuizFactory(with_questions=[first])
    page = teacher_client.post(QUESTIONS, {"action": "add_to_quiz", "_selected_action": ids})
    assert "추가할 퀴즈를 고르세요" in page.content.decode()
    teacher_client.post(
        QUESTIONS,
        {"action": "add_to_quiz", "_selected_action": ids, "quiz": quiz.pk, "apply": "1"},
    )
    assert list(quiz.slots.order_by("position").values_list("question__key", flat=True)) == [
        "bulk-a",
        "bulk-b",
    ]


def test_the_list_shows_how_often_a_question_was_answered_and_its_facility(teacher_client):
    question = QuestionFactory(key="used-one")
    quiz = QuizFactory(with_questions=[question])
    for right in (True, False, True, True):
        attempt = attempt_start(student=UserFactory(), quiz=quiz)
        answer(slot(attempt, 1), right=right)
        attempt_submit(attempt_id=attempt.pk)
    page = teacher_client.get(QUESTIONS).content.decode()
    row = page.split(">used-one</a>")[1].split("</tr>")[0]
    assert '<td class="field-answered">4</td>' in row
    assert '<td class="field-facility">75%</td>' in row


def test_saving_an_answered_question_says_past_results_stay(teacher_client, passage):
    question = QuestionFactory(passage=passage, topic=passage.topic)
    attempt = attempt_start(student=UserFactory(), quiz=QuizFactory(with_questions=[question]))
    answer(slot(attempt, 1), right=True)
    attempt_submit(attempt_id=attempt.pk)
    url = reverse("admin:questions_question_change", args=[question.pk])
    data, _ = browser_form(teacher_client, url)
    data["text"] = "고친 문제"
    response = teacher_client.post(url, data, follow=True)
    assert "이미 1번 답한 문제입니다" in response.content.decode()
    assert attempt.responses.get().version.text != "고친 문제"
    assert attempt.responses.get().points_awarded == 1


def test_the_question_list_filters_by_passage(teacher_client):
    question, other = QuestionFactory(key="by-passage"), QuestionFactory(key="elsewhere")
    page = teacher_client.get(f"{QUESTIONS}?passage__id__exact={question.passage_id}")
    assert "by-passage" in page.content.decode()
    assert other.key not in page.content.decode()


def test_the_regrade_action_applies_a_fixed_key_to_past_answers(teacher_client):
    question = QuestionFactory(key="fix-me")
    attempt = attempt_start(student=UserFactory(), quiz=QuizFactory(with_questions=[question]))
    answer(slot(attempt, 1), right=False)
    attempt = attempt_submit(attempt_id=attempt.pk)
    wrong = slot(attempt, 1).options.get(selected=True).choice.text
    question.choices.update(is_correct=False)
    question.choices.filter(text=wrong).update(is_correct=True)
    response = teacher_client.post(
        QUESTIONS, {"action": "regrade", "_selected_action": [str(question.pk)]}, follow=True
    )
    assert "ix-me: 점수가 바뀐 답 1개" in response.content.decode()  # the admin capitalises
    attempt.refresh_from_db()
    assert attempt.score == 1
