"""Classrooms, their reports for teachers, and who may see them."""

import csv
import io
import math
import random
import statistics
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from questions.grading import CHOICE_TYPES
from questions.models import (
    Classroom,
    Passage,
    QuestionVersion,
    Response,
    ResponseOption,
    Topic,
    VersionChoice,
)
from questions.selectors.expressions import PERCENTAGE
from questions.selectors.grades import graded_attempts
from questions.selectors.statistics import quiz_statistics
from questions.services.attempts import attempt_submit
from questions.services.classrooms import (
    JoinRefused,
    classroom_create,
    classroom_join,
    quiz_assign,
)
from questions.services.documents import document_ingest
from questions.services.starting import attempt_start
from questions.stats import analyse, upper_lower_groups
from tests.factories import QuestionFactory, QuizFactory, TeacherFactory, UserFactory
from tests.helpers import answer, slot

pytestmark = pytest.mark.django_db
NOW = timezone.now()

# Example A of shared/oracles/item-analysis.md: five attempts at three right/wrong items.
EXAMPLE_A = [[1, 1, 1], [1, 1, 0], [1, 0, 1], [0, 1, 0], [0, 0, 0]]


def take(student, quiz, pattern, *, at=NOW):
    attempt = attempt_start(student=student, quiz=quiz, now=at)
    for position, right in enumerate(pattern, start=1):
        if right is not None:  # None leaves the question unanswered
            answer(slot(attempt, position), right=bool(right), now=at)
    return attempt_submit(attempt_id=attempt.pk, now=at + timedelta(minutes=5))


@pytest.fixture
def classroom(teacher):
    return classroom_create(name="3학년 2반", teacher=teacher)


@pytest.fixture
def example_class(classroom):
    """Example A taken by five students of the class, plus an outsider's attempt."""
    quiz = QuizFactory(title="예시 퀴즈", with_questions=3)
    quiz_assign(classroom=classroom, quiz=quiz)
    students = [UserFactory(username=f"s{i}") for i in range(5)]
    for student, pattern in zip(students, EXAMPLE_A, strict=True):
        classroom.students.add(student)
        take(student, quiz, pattern)
    take(UserFactory(username="outsider"), quiz, [0, 0, 0])
    return classroom, quiz, students


def url(name, classroom, *args):
    return reverse(f"questions:{name}", args=[classroom.pk, *args])


# Joining


def test_a_student_joins_with_the_code_typed_loosely(classroom, student):
    code = classroom.join_code
    loose = f" {code[:4].lower()}-{code[4:].lower()} "
    assert classroom_join(student=student, code=loose) == classroom
    assert list(classroom.students.all()) == [student]


def test_a_wrong_code_is_refused_in_korean(student, client):
    with pytest.raises(JoinRefused, match="참여 코드가 맞지 않습니다"):
        classroom_join(student=student, code="NOPE1234")
    client.force_login(student)
    page = client.post(reverse("questions:join"), {"code": "NOPE1234"}).content.decode()
    assert "참여 코드가 맞지 않습니다" in page


def test_regenerating_the_code_stops_the_old_one(classroom, student, client, teacher):
    old = classroom.join_code
    client.force_login(teacher)
    client.post(url("class_code", classroom))
    classroom.refresh_from_db()
    assert classroom.join_code != old
    with pytest.raises(JoinRefused):
        classroom_join(student=student, code=old)
    classroom_join(student=student, code=classroom.join_code)


def test_a_teacher_creates_a_class_and_assigns_a_quiz_from_the_site(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("questions:teacher_report"), {"name": "새 학급"})
    classroom = Classroom.objects.get(name="새 학급")
    assert response.url == url("class_overview", classroom)
    quiz = QuizFactory(with_questions=1)
    client.post(url("class_assign", classroom), {"quiz": quiz.pk, "due_at": "2026-12-24T18:00"})
    assignment = classroom.assignments.get()
    assert assignment.quiz == quiz
    assert timezone.localtime(assignment.due_at).hour == 18


# Who sees what


REPORTS = [
    ("class_overview", ()),
    ("quiz_statistics", ("slug",)),
    ("student_report", ("student",)),
    ("heatmap", ()),
]


def report_urls(classroom, quiz, students):
    values = {"slug": quiz.slug, "student": students[0].pk}
    for name, params in REPORTS:
        address = url(name, classroom, *[values[p] for p in params])
        yield address
        yield address + "?format=csv"


def test_every_report_and_export_is_scoped_to_the_classes_teachers(client, example_class):
    classroom, quiz, students = example_class
    client.force_login(TeacherFactory(username="other-teacher"))
    for address in report_urls(classroom, quiz, students):
        assert client.get(address).status_code == 404, address
    client.force_login(students[0])
    for address in report_urls(classroom, quiz, students):
        assert client.get(address).status_code == 403, address
    client.force_login(classroom.teachers.get())
    for address in report_urls(classroom, quiz, students):
        assert client.get(address).status_code == 200, address
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    for address in report_urls(classroom, quiz, students):
        assert client.get(address).status_code == 200, address


def test_a_student_outside_the_class_or_an_unassigned_quiz_is_404(client, example_class, teacher):
    classroom, quiz, _ = example_class
    client.force_login(teacher)
    outsider = UserFactory(username="not-in-class")
    assert client.get(url("student_report", classroom, outsider.pk)).status_code == 404
    other = QuizFactory(with_questions=1)
    assert client.get(url("quiz_statistics", classroom, other.slug)).status_code == 404


def test_teachers_list_only_their_own_classes(client, classroom, teacher):
    classroom_create(name="남의 학급", teacher=TeacherFactory(username="someone"))
    client.force_login(teacher)
    page = client.get(reverse("questions:teacher_report")).content.decode()
    assert "3학년 2반" in page and "남의 학급" not in page


# The reports' content


def test_class_overview_grades_late_missing_completion_and_mean(client, teacher, classroom):
    on_time, late, absent = (UserFactory(username=n) for n in ("ontime", "late", "absent"))
    classroom.students.add(on_time, late, absent)
    quiz = QuizFactory(title="마감 퀴즈", with_questions=2, grading_method="highest")
    quiz_assign(classroom=classroom, quiz=quiz, due_at=NOW)
    take(on_time, quiz, [1, 0], at=NOW - timedelta(hours=2))
    take(on_time, quiz, [1, 1], at=NOW - timedelta(hours=1))
    take(late, quiz, [0, 0], at=NOW + timedelta(hours=1))
    client.force_login(teacher)
    page = client.get(url("class_overview", classroom)).content.decode()
    rows = {
        name: page.split(f">{name}</a></th>")[1].split("</tr>")[0]
        for name in ("ontime", "late", "absent")
    }
    assert "100%" in rows["ontime"] and "늦음" not in rows["ontime"]
    assert "0%" in rows["late"] and "늦음" in rows["late"]
    assert "미제출" in rows["absent"]
    assert "2명 (67%)" in page and "50.0%" in page

    export = client.get(url("class_overview", classroom) + "?format=csv")
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    body = export.content.decode("utf-8")
    assert body.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert table[0] == ["학생", "마감 퀴즈"]
    assert ["absent", "미제출"] in table and ["late", "0% (늦음)"] in table
    assert table[-1] == ["평균", "50.0%"]


def test_quiz_statistics_follow_the_oracle_and_flag_questions(client, teacher, example_class):
    classroom, quiz, _ = example_class
    client.force_login(teacher)
    page = client.get(url("quiz_statistics", classroom, quiz.slug)).content.decode()
    assert "응시 수 <strong>5</strong>" in page  # the outsider is not in the class
    assert (
        "평균 <strong>1.60</strong>" in page and "신뢰도 (Cronbach α) <strong>0.46</strong>" in page
    )
    assert "60.0%" in page and "64.5%" in page  # item 1: facility, discrimination index
    assert '<title id="histogram-title">점수 분포</title>' in page
    assert "변별 효율이 15% 미만" in page  # item 2's efficiency is 0

    export = client.get(url("quiz_statistics", classroom, quiz.slug) + "?format=csv")
    table = list(csv.reader(io.StringIO(export.content.decode("utf-8").lstrip("\ufeff"))))
    assert table[1][2:5] == ["0.6000", "0.5477", "0.6455"]  # facility, sd, discrimination
    assert table[2][5] == "0.0000"  # item 2: discriminative efficiency


def test_which_attempts_count_is_selectable(client, teacher, classroom):
    student = UserFactory(username="twice")
    classroom.students.add(student)
    quiz = QuizFactory(with_questions=2)
    quiz_assign(classroom=classroom, quiz=quiz)
    take(student, quiz, [0, 0], at=NOW - timedelta(hours=1))
    take(student, quiz, [1, 1], at=NOW)
    client.force_login(teacher)
    base = url("quiz_statistics", classroom, quiz.slug)
    for which, n, mean in (
        ("all", 2, "1.00"),
        ("first", 1, "0.00"),
        ("last", 1, "2.00"),
        ("best", 1, "2.00"),
    ):
        page = client.get(f"{base}?attempts={which}").content.decode()
        assert f"응시 수 <strong>{n}</strong>" in page, which
        assert f"평균 <strong>{mean}</strong>" in page, which


def test_distractor_counts_with_upper_and_lower_groups(client, teacher, example_class):
    classroom, quiz, _ = example_class
    client.force_login(teacher)
    page = client.get(url("quiz_statistics", classroom, quiz.slug)).content.decode()
    key = quiz.slots.get(position=1).question.key
    table = page.split(f"<h3><code>{key}</code></h3>")[1].split("</table>")[0]
    # Item 1: three right (s0, s1, s2); the top attempt (s0) is in the upper group,
    # the bottom one (s4) in the lower group and chose the first wrong option.
    right_row = table.split("허브")[1].split("</tr>")[0]
    assert "<td>3 (60%)</td><td>1</td><td>0</td>" in right_row
    wrong_row = table.split("감독")[1].split("</tr>")[0]
    assert "<td>2 (40%)</td><td>0</td><td>1</td>" in wrong_row
    nobody = table.split("관객")[1].split("</tr>")[0]
    assert "거의 아무도 고르지 않는 오답" in nobody


def reference_statistics(classroom, quiz, which):
    """The statistics as first written, plainly and slowly: the attempts chosen in Python,
    every mark read as a Decimal, each option's correlation over every taker. The
    report must give the same figures whatever it does in the database."""
    rows = list(
        graded_attempts()
        .filter(quiz=quiz, student__in=classroom.students.all())
        .annotate(percentage=PERCENTAGE)
        .values("id", "student", "started_at", "percentage")
        .order_by("started_at", "id")
    )
    if which != "all":
        chosen = {}
        for row in rows:
            current = chosen.get(row["student"])
            if (
                current is None
                or which == "last"
                or (which == "best" and row["percentage"] > current["percentage"])
            ):
                chosen[row["student"]] = row
        rows = sorted(chosen.values(), key=lambda r: (r["started_at"], r["id"]))
    ids = [row["id"] for row in rows]
    marks = list(
        Response.objects.filter(attempt_id__in=ids).values_list(
            "attempt_id", "version__key", "points_awarded", "max_points"
        )
    )
    seen = {key for _, key, _, _ in marks}
    in_quiz = [s.question.key for s in quiz.slots.order_by("position") if s.question.key in seen]
    keys = in_quiz + sorted(seen - set(in_quiz))
    scores = [[0.0] * len(keys) for _ in ids]
    max_marks = [0.0] * len(keys)
    for attempt_id, key, points, max_points in marks:
        scores[ids.index(attempt_id)][keys.index(key)] = float(points or 0)
        max_marks[keys.index(key)] = max(max_marks[keys.index(key)], float(max_points))
    totals = [math.fsum(row) for row in scores]
    upper, lower = ({ids[i] for i in group} for group in upper_lower_groups(totals))
    total_of = dict(zip(ids, totals, strict=True))
    distractors = {}
    for choice in (
        VersionChoice.objects.filter(version__responses__attempt_id__in=ids)
        .distinct()
        .order_by("version__key", "text", "is_correct")
    ):
        key = choice.version.key
        takers = sorted(
            Response.objects.filter(
                attempt_id__in=ids, version__key=key, version__qtype__in=CHOICE_TYPES
            ).values_list("attempt_id", flat=True)
        )
        picked = set(
            ResponseOption.objects.filter(
                response__attempt_id__in=ids,
                response__version__key=key,
                choice__text=choice.text,
                selected=True,
            ).values_list("response__attempt_id", flat=True)
        )
        try:
            r = statistics.correlation(
                [float(a in picked) for a in takers], [total_of[a] for a in takers]
            )
        except statistics.StatisticsError:
            r = None
        option = {
            "text": choice.text,
            "is_key": choice.is_correct,
            "count": len(picked),
            "share": len(picked) * 100 / len(takers) if takers else 0,
            "upper": len(picked & upper),
            "lower": len(picked & lower),
            "correlation": r,
        }
        options = distractors.setdefault(key, [])
        if option not in options:
            options.append(option)
    return {
        "analysis": analyse(scores, max_marks),
        "keys": keys,
        "texts": {
            key: max(
                v.text
                for v in QuestionVersion.objects.filter(key=key, responses__attempt_id__in=ids)
            )
            for key in keys
        },
        "distractors": distractors,
        "percentages": [float(row["percentage"]) for row in rows],
    }


def assert_same_statistics(classroom, quiz, which):
    report = quiz_statistics(classroom=classroom, quiz=quiz, which=which)
    expected = reference_statistics(classroom, quiz, which)
    assert report["analysis"] == expected["analysis"], which
    assert [item["key"] for item in report["items"]] == expected["keys"]
    assert {item["key"]: item["text"] for item in report["items"]} == expected["texts"]
    got = {
        question["key"]: [
            {
                **{
                    name: option[name]
                    for name in ("text", "is_key", "count", "share", "upper", "lower")
                },
                "correlation": option["correlation"],
            }
            for option in question["options"]
        ]
        for question in report["distractors"]
    }
    assert list(got) == list(expected["distractors"]), which
    for key, options in expected["distractors"].items():
        for mine, theirs in zip(got[key], options, strict=True):
            r = theirs.pop("correlation")
            assert mine.pop("correlation") == (None if r is None else pytest.approx(r, abs=1e-12))
            assert mine == theirs, (which, key)
    histogram = [0] * 10
    for value in expected["percentages"]:
        histogram[min(int(value // 10), 9)] += 1
    assert [bar["count"] for bar in report["histogram"]] == histogram


@pytest.mark.parametrize("which", ["all", "first", "last", "best"])
def test_statistics_match_the_plain_computation(classroom, which):
    """Several attempts per student (ties for the best among them), unanswered questions,
    fractional marks, a question edited between attempts (two versions, one item), an
    attempt outside the class and one still open."""
    rng = random.Random(3)
    questions = [
        QuestionFactory(key="mix-single"),
        QuestionFactory(
            key="mix-multiple",
            qtype="multiple",
            points=Decimal("2"),
            options=[("가", True), ("나", True), ("다", False), ("라", False)],
        ),
        QuestionFactory(key="mix-truefalse", qtype="truefalse", points=Decimal("0.5")),
        QuestionFactory(key="mix-matching", qtype="matching", points=Decimal("1.5")),
        QuestionFactory(key="mix-short", qtype="short"),
    ]
    quiz = QuizFactory(with_questions=questions)
    quiz_assign(classroom=classroom, quiz=quiz)
    students = [UserFactory(username=f"mix{i}") for i in range(7)]
    classroom.students.add(*students)
    for hour in range(3):
        if hour == 2:
            questions[0].text = "고친 문제"
            questions[0].points = Decimal("2")
            questions[0].save()
        for number, student in enumerate(students[: 7 - hour]):
            pattern = [rng.choice([0, 1, 1, None]) for _ in questions]
            if number == 0:  # two different attempts tie for the best: 2 of 6 points each
                pattern = [[1, 0, 0, 0, 1], [0, 1, 0, 0, 0], [0, 0, 0, 0, 0]][hour]
            take(student, quiz, pattern, at=NOW + timedelta(hours=hour, minutes=number))
    take(UserFactory(username="mix-outsider"), quiz, [1] * 5)
    attempt_start(student=students[1], quiz=quiz, now=NOW + timedelta(hours=5))
    assert QuestionVersion.objects.filter(key="mix-single").count() == 2
    assert_same_statistics(classroom, quiz, which)


def test_statistics_of_a_random_draw_match_the_plain_computation(classroom):
    """A question an attempt did not draw counts 0 and is not among its distractor takers."""
    for i in range(4):
        QuestionFactory(key=f"draw-{i}")
    quiz = QuizFactory(question_source="random", draw_count=2)
    quiz_assign(classroom=classroom, quiz=quiz)
    rng = random.Random(5)
    for i in range(8):
        student = UserFactory(username=f"draw{i}")
        classroom.students.add(student)
        take(
            student,
            quiz,
            [rng.choice([0, 1]), rng.choice([0, 1, None])],
            at=NOW + timedelta(minutes=i),
        )
    assert_same_statistics(classroom, quiz, "all")


def test_student_report_lists_grades_mastery_and_what_they_keep_missing(client, teacher, classroom):
    student = UserFactory(username="kim")
    classroom.students.add(student)
    hard = QuestionFactory(key="hard-one", text="자꾸 틀리는 문제")
    quiz = QuizFactory(title="반복 퀴즈", with_questions=[hard, QuestionFactory()])
    for _ in range(2):
        take(student, quiz, [0, 1])
    client.force_login(teacher)
    page = client.get(url("student_report", classroom, student.pk)).content.decode()
    assert "반복 퀴즈" in page and "50%" in page
    assert "hard-one" in page and "2 / 2" in page
    assert "주제별 익힘 정도" in page


def test_the_heatmap_shades_passages_by_the_class_correct_rate(client, teacher, classroom):
    source = (
        "첫 문단입니다. 충분히 길게 씁니다. 정말 충분히 길게 씁니다. 충분히 길게 씁니다. "
        "아주 길게 씁니다 정말로 길게 길게 길게 길게 길게 길게 길게 길게 길게 길게.\n"
        "절 제목\n\n둘째 문단은 학생들이 잘 모르는 부분입니다. 충분히 길게 씁니다. 정말 충분히 "
        "길게 씁니다 정말로 길게 길게 길게 길게 길게 길게 길게 길게 길게 길게 길게.\n"
    )
    document = document_ingest(text=source, slug="heat", title="열지도").document
    first, second = Passage.objects.filter(document=document).order_by("position")
    topic = Topic.objects.get(document=document)
    good = QuestionFactory(passage=first, topic=topic)
    poor = QuestionFactory(passage=second, topic=topic)
    student = UserFactory(username="lee")
    classroom.students.add(student)
    take(student, QuizFactory(with_questions=[good, poor]), [1, 0])
    client.force_login(teacher)
    page = client.get(url("heatmap", classroom)).content.decode()
    assert f'id="{first.anchor}" class="passage heat high"' in page
    assert f'id="{second.anchor}" class="passage heat low"' in page
    assert f"?passage__id__exact={second.pk}" in page
