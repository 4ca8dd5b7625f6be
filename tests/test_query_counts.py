"""Every page answers in a number of queries that does not grow with the data,
within the budget exam day needs (a class answering at once on one database).

Counted: the statements a request sends to the database, transaction control
(BEGIN, SAVEPOINT, RELEASE) aside: the test's own transaction turns each of the
site's transactions into a savepoint, which production does not pay for.
"""

import itertools
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from questions.models import Attempt, Question, Response
from questions.services.attempts import attempt_submit
from questions.services.classrooms import classroom_create, quiz_assign
from questions.services.documents import document_ingest
from questions.services.snapshots import question_versions_current
from questions.services.starting import attempt_start
from tests.factories import QuestionFactory, QuizFactory, TeacherFactory, UserFactory
from tests.helpers import answer, right_ids

pytestmark = pytest.mark.django_db

# The budget per request, session and user included.
BUDGET = {
    "quiz list": 4,
    "start": 8,
    "question page": 5,
    "answer save": 6,
    "submit": 10,
    "result": 8,
    "progress": 8,
}
TYPES = ["single", "multiple", "short", "matching", "numerical"]
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN")


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        reply = call()
    assert reply.status_code in (200, 302), reply
    return sum(1 for q in captured if not q["sql"].startswith(TRANSACTION_CONTROL))


def count_queries(client, url) -> int:
    return queries(lambda: client.get(url))


def questions_of_every_type(per_type: int) -> list:
    made = []
    for i in range(per_type):
        made += [
            QuestionFactory(),
            QuestionFactory(qtype="multiple", options=[("가", True), ("나", True), ("다", False)]),
            QuestionFactory(qtype="short", options=["경주", f"답{i}"]),
            QuestionFactory(qtype="matching"),
            QuestionFactory(qtype="numerical"),
        ]
    return made


def others_attempts(quiz, count: int) -> None:
    """`count` submitted attempts by other students, written in bulk as the site
    would store them (slots graded, half right)."""
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"other-{quiz.pk}-{n}") for n in range(max(count // 20, 1))
    )
    template = list(attempt_start(student=users[0], quiz=quiz).responses.all())
    Attempt.objects.filter(student=users[0]).delete()
    now = timezone.now()
    attempts = Attempt.objects.bulk_create(
        Attempt(
            student=user,
            quiz=quiz,
            number=number,
            state=Attempt.State.SUBMITTED,
            started_at=now,
            submitted_at=now,
            score=Decimal(len(template) // 2),
            max_score=Decimal(len(template)),
        )
        for user, number in itertools.islice(
            ((user, number) for number in itertools.count(1) for user in users), count
        )
    )
    Response.objects.bulk_create(
        Response(
            attempt=attempt,
            version_id=slot.version_id,
            question_id=slot.question_id,
            position=slot.position,
            max_points=slot.max_points,
            text_answer="답",
            answered_at=now,
            points_awarded=slot.max_points * (slot.position % 2),
            correct=bool(slot.position % 2),
        )
        for attempt in attempts
        for slot in template
    )


def build(questions: int, attempts: int, student):
    """A quiz of `questions` questions (every type, interleaved), `attempts`
    submitted attempts on the site, and the student's own: one submitted and one
    open attempt at the quiz."""
    bank = questions_of_every_type(questions // len(TYPES))
    quiz = QuizFactory(with_questions=bank)
    others_attempts(QuizFactory(with_questions=bank[: len(TYPES)]), attempts)
    done = attempt_start(student=student, quiz=quiz)
    for response in done.responses.select_related("version")[: len(TYPES) * 2]:
        answer(response, right=response.position % 2 == 0)
    attempt_submit(attempt_id=done.pk)
    if connection.vendor == "postgresql":
        # As autovacuum would have by then: without statistics on the rows just
        # written, PostgreSQL plans the larger data as if the tables were empty.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return quiz, done, attempt_start(student=student, quiz=quiz)


def posted(slot) -> dict:
    """A valid answer to `slot` as its form posts it."""
    qtype = slot.version.qtype
    if qtype in ("short", "numerical"):
        return {"answer": "2025"}
    if qtype == "matching":
        return {f"match_{pair.id}": pair.match for pair in slot.version.pair_keys if pair.prompt}
    return {"answer": [str(i) for i in right_ids(slot)]}


def measure_exam_day(client, quiz, done, open_attempt) -> dict[str, int]:
    counts = {"quiz list": count_queries(client, reverse("questions:quiz_list"))}
    newcomer = UserFactory()
    client.force_login(newcomer)
    counts["start"] = queries(
        lambda: client.post(reverse("questions:quiz_start", args=[quiz.slug]))
    )
    client.force_login(open_attempt.student)
    slots = {s.version.qtype: s for s in open_attempt.responses.select_related("version")[:5]}
    for qtype, slot in slots.items():
        url = reverse("questions:attempt_question", args=[open_attempt.pk, slot.position])
        counts[f"question page ({qtype})"] = count_queries(client, url)
        data = {**posted(slot), "go": "next"}
        counts[f"answer save ({qtype})"] = queries(
            lambda url=url, data=data: client.post(url, data)
        )
        # To another question in the same round trip (the first: every size has it).
        data = {**data, "go": "1"}
        counts[f"answer save and next page, one round trip ({qtype})"] = queries(
            lambda url=url, data=data: client.post(url, data, headers={"HX-Request": "true"})
        )
    counts["submit"] = queries(
        lambda: client.post(reverse("questions:attempt_summary", args=[open_attempt.pk]))
    )
    counts["result"] = count_queries(client, reverse("questions:attempt_result", args=[done.pk]))
    counts["progress"] = count_queries(client, reverse("questions:progress"))
    return counts


def test_exam_day_pages_keep_their_query_budget_as_questions_and_attempts_grow(client):
    counts = {}
    for questions, attempts in ((5, 10), (500, 10_000)):
        student = UserFactory()
        client.force_login(student)
        for name, count in measure_exam_day(client, *build(questions, attempts, student)).items():
            counts.setdefault(name, []).append(count)
    for name, (small, large) in counts.items():
        assert small == large, f"{name}: {small} queries at 5 questions, {large} at 500"
        budget = BUDGET.get(name.split(" (")[0])
        if name.startswith("answer save and next page"):
            # Two requests' work in one: the save, then the page, whose session and
            # user are already read.
            budget = BUDGET["answer save"] + BUDGET["question page"] - 2
        assert small <= budget, f"{name}: {small} queries, budget {budget}"


def test_reading_a_page_writes_nothing_not_even_the_session(client):
    """A class reloading pages must not queue for SQLite's one writer."""
    student = UserFactory()
    client.force_login(student)
    quiz, done, open_attempt = build(5, 10, student)
    urls = [
        reverse("questions:quiz_list"),
        reverse("questions:attempt_question", args=[open_attempt.pk, 2]),
        reverse("questions:attempt_summary", args=[open_attempt.pk]),
        reverse("questions:attempt_result", args=[done.pk]),
        reverse("questions:progress"),
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        writes = [q["sql"] for q in captured if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
        assert writes == [], url


def test_a_shuffled_random_draw_start_does_not_grow_with_the_bank(client):
    counts = []
    for per_type in (1, 20):
        # Choice questions only: the draw is random, and a draw of typed answers
        # alone would skip the options' insert.
        QuestionFactory.create_batch(per_type * len(TYPES))
        quiz = QuizFactory(
            question_source="random", draw_count=5, shuffle_questions=True, shuffle_options=True
        )
        # Exam day comes after the questions were first frozen (by any earlier attempt).
        question_versions_current(Question.objects.values_list("pk", flat=True))
        client.force_login(UserFactory())
        counts.append(
            queries(
                lambda quiz=quiz: client.post(reverse("questions:quiz_start", args=[quiz.slug]))
            )
        )
    assert counts[0] == counts[1]
    assert counts[0] <= BUDGET["start"] + 3  # the draw: its pool, the topics, what was seen


PAGES = {
    "quiz detail": lambda quiz, attempt: reverse("questions:quiz_detail", args=[quiz.slug]),
    "submit summary": lambda quiz, attempt: reverse("questions:attempt_summary", args=[attempt.pk]),
    "document": lambda quiz, attempt: reverse("questions:document"),
    "review": lambda quiz, attempt: reverse("questions:review"),
    "join a class": lambda quiz, attempt: reverse("questions:join"),
}


def test_other_student_pages_do_not_grow_with_questions_and_attempts(client, source_text):
    document_ingest(text=source_text, slug="source", title="APEC")
    counts = {}
    for questions, attempts in ((5, 10), (50, 200)):
        student = UserFactory()
        quiz, _, open_attempt = build(questions, attempts, student)
        client.force_login(student)
        for name, url in PAGES.items():
            counts.setdefault(name, []).append(count_queries(client, url(quiz, open_attempt)))
    for name, (small, large) in counts.items():
        assert small == large, f"{name}: {small} queries with 5 questions, {large} with 50"
        assert small <= 12, f"{name}: {small} queries"


def test_teacher_pages_do_not_grow_with_questions_and_attempts(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    counts = []
    for questions, attempts in ((5, 10), (50, 200)):
        build(questions, attempts, UserFactory())
        counts.append(
            [
                count_queries(client, reverse("questions:teacher_report")),
                count_queries(client, reverse("questions:document")),
            ]
        )
    assert counts[0] == counts[1]
    assert max(counts[0]) <= 8


def test_public_pages_do_not_grow_with_quizzes(client):
    counts = []
    for size in (5, 50):
        for _ in range(size):
            QuizFactory(with_questions=1)
        counts.append(
            [
                count_queries(client, reverse(name))
                for name in ("questions:quiz_list", "login", "questions:signup")
            ]
        )
    assert counts[0] == counts[1]
    assert max(counts[0]) <= 3


def test_classroom_reports_do_not_grow_with_students_attempts_or_questions(client):
    teacher = TeacherFactory()
    client.force_login(teacher)
    counts = []
    for questions, attempts in ((5, 10), (50, 200)):
        classroom = classroom_create(name=f"반 {questions}", teacher=teacher)
        student = UserFactory()
        quiz, _, _ = build(questions, attempts, student)
        classroom.students.add(student, *quiz.attempts.values_list("student", flat=True))
        quiz_assign(classroom=classroom, quiz=quiz)
        for extra in QuizFactory.create_batch(3, with_questions=1):
            quiz_assign(classroom=classroom, quiz=extra)
        counts.append(
            [
                count_queries(client, reverse(name, args=args))
                for name, args in (
                    ("questions:class_overview", [classroom.pk]),
                    ("questions:quiz_statistics", [classroom.pk, quiz.slug]),
                    ("questions:student_report", [classroom.pk, student.pk]),
                    ("questions:heatmap", [classroom.pk]),
                )
            ]
        )
    assert counts[0] == counts[1]
    assert max(counts[0]) <= 15
