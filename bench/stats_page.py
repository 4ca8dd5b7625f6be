"""How long the quiz statistics page and the teacher home take at 2,000 and 20,000 attempts.

    .venv/bin/python bench/stats_page.py                    # SQLite in a temporary folder
    DATABASE_URL=postgres://... .venv/bin/python bench/stats_page.py
    .venv/bin/python bench/stats_page.py --rounds 3 --sizes 200 2000   # a quick look

Each size gets a database of its own (a temporary SQLite file, or on PostgreSQL a
database created next to the one DATABASE_URL names and dropped afterwards; the
named database itself is never touched). Each holds one 20-question quiz of mixed
types assigned to one class, and that many submitted attempts by the class's
students, four per student, stored as the site stores them: a response per slot
with the points and correctness the site's grader gives, a row per offered option
of a choice question with the ones chosen ticked, the typed text, the chosen
matches. The rows are inserted in bulk rather than made through the services, so
20,000 attempts take a minute or less to build, not an hour.

The pages are rendered through Django's test client in interleaved rounds (small,
large, small, large, ...), each render on a fresh database connection as a
production server without persistent connections would, and the script prints
a Markdown table: the median and the range of the rounds per size, and the ratio
of the medians. Below it: this process's CPU time per render (on a busy machine the
wall-clock time also waits for a CPU; on SQLite it includes the database's work,
on PostgreSQL not the server's), and each page's queries and longest SQL.
"""

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="quizsite-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "quizsite.settings.test"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORKDIR}/bench.sqlite3")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic here
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max, prefetch_related_objects  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from questions.grading import grade  # noqa: E402
from questions.models import (  # noqa: E402
    Attempt,
    Classroom,
    Response,
    ResponseMatch,
    ResponseOption,
)
from questions.services.accounts import teacher_create  # noqa: E402
from questions.services.classrooms import classroom_create, quiz_assign  # noqa: E402
from questions.services.starting import attempt_start  # noqa: E402
from tests.factories import QuestionFactory, QuizFactory, UserFactory  # noqa: E402

ATTEMPTS_PER_STUDENT = 4
CHUNK = 500  # attempts inserted at a time, to keep memory flat
# 20 questions: the types a quiz mixes, some worth 2 points, matching with partial credit.
QUESTION_TYPES = [
    ("single", 1),
    ("single", 1),
    ("multiple", 2),
    ("truefalse", 1),
    ("short", 1),
    ("single", 1),
    ("numerical", 1),
    ("matching", 2),
    ("single", 2),
    ("truefalse", 1),
    ("single", 1),
    ("multiple", 1),
    ("short", 1),
    ("single", 1),
    ("truefalse", 1),
    ("matching", 1),
    ("single", 1),
    ("numerical", 2),
    ("multiple", 1),
    ("single", 1),
]
MULTIPLE_OPTIONS = [("가", True), ("나", True), ("다", False), ("라", False)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()

    base_name = connection.settings_dict["NAME"]
    databases = {}
    try:
        for size in options.sizes:
            started = time.perf_counter()
            databases[size] = database_create(base_name, size)
            urls = build(size, random.Random(size))
            databases[size]["urls"] = urls
            print(f"built {size:,} attempts in {time.perf_counter() - started:.0f} s", flush=True)
        report(databases, options.rounds)
    finally:
        for database in databases.values():
            database_use(database)
            connection.creation.destroy_test_db(base_name, verbosity=0)
        shutil.rmtree(WORKDIR, ignore_errors=True)


def database_create(base_name: str, size: int) -> dict:
    """A fresh, migrated database for one size (the test runner's machinery)."""
    if connection.vendor == "sqlite":
        name = str(WORKDIR / f"bench-{size}.sqlite3")
    else:
        name = f"{base_name}_bench_{size}"
    connection.settings_dict["TEST"] = {**connection.settings_dict.get("TEST", {}), "NAME": name}
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return {"name": connection.settings_dict["NAME"]}


def database_use(database: dict) -> None:
    connection.close()
    connection.settings_dict["NAME"] = database["name"]


def build(size: int, rng: random.Random) -> dict:
    teacher = teacher_create(username="bench-teacher", password="x")
    questions = [
        QuestionFactory(
            qtype=qtype,
            points=Decimal(points),
            options=MULTIPLE_OPTIONS if qtype == "multiple" else None,
        )
        for qtype, points in QUESTION_TYPES
    ]
    quiz = QuizFactory(with_questions=questions)
    classroom = classroom_create(name=f"bench {size}", teacher=teacher)
    quiz_assign(classroom=classroom, quiz=quiz)
    # The site freezes the questions when the first attempt starts; one left open by a
    # student outside the class counts nowhere.
    first = attempt_start(student=UserFactory(username=f"outsider-{size}"), quiz=quiz)
    versions = [response.version for response in first.responses.order_by("position")]
    prefetch_related_objects(versions, "choices", "accepted_answers", "numerical_answers", "pairs")
    answers = {version.pk: answer_patterns(version) for version in versions}
    max_score = sum(version.points for version in versions)

    users = get_user_model()
    password = make_password(None)
    users.objects.bulk_create(
        users(username=f"bench-{size}-{i:05d}", password=password)
        for i in range(size // ATTEMPTS_PER_STUDENT)
    )
    students = list(users.objects.filter(username__startswith=f"bench-{size}-").order_by("pk"))
    Classroom.students.through.objects.bulk_create(
        Classroom.students.through(classroom=classroom, user=student) for student in students
    )
    ability = {student.pk: rng.random() for student in students}
    # Each version's difficulty shifts every student's chance of a right answer.
    easiness = {version.pk: rng.uniform(-0.25, 0.25) for version in versions}

    start = timezone.now() - timedelta(minutes=size)
    # A student's attempts are numbered 1, 2, ... where the model keeps the number.
    numbered = "number" in {field.name for field in Attempt._meta.concrete_fields}
    attempt_rows = Rows(
        Attempt,
        "student quiz kind state started_at submitted_at score max_score"
        + (" number" if numbered else ""),
    )
    response_rows = Rows(
        Response,
        "attempt version question position max_points text_answer answered_at "
        "points_awarded correct",
    )
    option_rows = Rows(ResponseOption, "response choice position selected")
    match_rows = Rows(ResponseMatch, "response pair chosen")
    for i in range(size):
        student = students[i % len(students)]
        # Practice helps: a student's later attempts do a little better.
        skill = ability[student.pk] + 0.05 * (i // len(students))
        submitted_at = start + timedelta(minutes=i, seconds=rng.randint(120, 900))
        picks = [choose(answers[v.pk], skill + easiness[v.pk], rng) for v in versions]
        attempt = attempt_rows.add(
            student.pk,
            quiz.pk,
            Attempt.Kind.QUIZ,
            Attempt.State.SUBMITTED,
            start + timedelta(minutes=i),
            submitted_at,
            sum((pick["grade"].points for pick in picks), Decimal(0)),
            max_score,
            *([i // len(students) + 1] if numbered else []),
        )
        for position, (version, pick) in enumerate(zip(versions, picks, strict=True), start=1):
            response = response_rows.add(
                attempt,
                version.pk,
                version.question_id,
                position,
                version.points,
                pick["text"],
                submitted_at if pick["answered"] else None,
                pick["grade"].points,
                pick["grade"].correct,
            )
            for place, choice_id in enumerate(pick["offered"]):
                option_rows.add(response, choice_id, place, choice_id in pick["choices"])
            for pair_id, chosen in pick["matches"].items():
                match_rows.add(response, pair_id, chosen)
        if (i + 1) % CHUNK == 0 or i + 1 == size:
            for rows in (attempt_rows, response_rows, option_rows, match_rows):
                rows.insert()
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(
            no_style(), [Attempt, Response, ResponseOption, ResponseMatch]
        ):
            cursor.execute(sql)
    if connection.vendor == "postgresql":
        # Autovacuum would gather these statistics within a minute of a real load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "statistics": reverse("questions:quiz_statistics", args=[classroom.pk, quiz.slug]),
        "home": reverse("questions:teacher_report"),
        "teacher": teacher.pk,
    }


class Rows:
    """Rows of one table, inserted as bulk_create would store them (every value goes
    through its field's conversion for this database, and fields left out get their
    defaults), with ids given here: an instance per row would cost most of the build."""

    def __init__(self, model, names: str):
        meta = model._meta
        self.fields = [meta.pk] + [meta.get_field(name) for name in names.split()]
        rest = [f for f in meta.concrete_fields if f not in self.fields]
        self.defaults = [f.get_db_prep_save(f.get_default(), connection) for f in rest]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields + rest)
        marks = ", ".join(["%s"] * (len(self.fields) + len(rest)))
        self.sql = f"INSERT INTO {meta.db_table} ({columns}) VALUES ({marks})"
        self.next_id = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.prepared = [{} for _ in self.fields]  # other values repeat: convert each once
        self.pending = []

    def add(self, *values) -> int:
        pk = self.next_id
        self.next_id += 1
        row = []
        for field, cache, value in zip(self.fields, self.prepared, (pk, *values), strict=True):
            if type(value) is int:  # ids and positions are stored as they are
                row.append(value)
                continue
            if value not in cache:
                cache[value] = field.get_db_prep_save(value, connection)
            row.append(cache[value])
        self.pending.append(row + self.defaults)
        return pk

    def insert(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(self.sql, self.pending)
        self.pending = []


def answer_patterns(version) -> list[dict]:
    """The answers students give to one question, each graded by the site's grader:
    the right one first, then wrong or partly right ones, then no answer."""
    key = version.grading_key()  # the key the site grades with
    choices = list(version.choices.all())
    offered = [c.id for c in choices]
    given = []
    if version.qtype in ("single", "truefalse"):
        given = [{"choices": {c.id}} for c in sorted(choices, key=lambda c: not c.is_correct)]
    elif version.qtype == "multiple":
        right = {c.id for c in choices if c.is_correct}
        wrong = [c.id for c in choices if not c.is_correct]
        given = [
            {"choices": right},
            {"choices": right | {wrong[0]}},
            {"choices": {min(right)}},
            {"choices": {wrong[1]}},
        ]
    elif version.qtype == "short":
        given = [{"text": version.accepted_answers.all()[0].text}, {"text": "모르겠어요"}]
    elif version.qtype == "numerical":
        value = version.numerical_answers.all()[0].value
        given = [{"text": f"{value.normalize():f}"}, {"text": f"{(value - 1).normalize():f}"}]
    elif version.qtype == "matching":
        prompts = [p for p in version.pairs.all() if p.prompt]
        spare = [p.match for p in version.pairs.all() if not p.prompt][0]
        given = [
            {"matches": {p.id: p.match for p in prompts}},
            {"matches": {prompts[0].id: prompts[0].match, prompts[1].id: spare}},
            {"matches": {prompts[0].id: prompts[1].match, prompts[1].id: prompts[0].match}},
        ]
    patterns = []
    for answer in [*given, {}]:
        choices_ = answer.get("choices", set())
        text = answer.get("text", "")
        matches = answer.get("matches", {})
        patterns.append(
            {
                "offered": offered,
                "choices": choices_,
                "text": text,
                "matches": matches,
                "answered": bool(choices_ or text or matches),
                "grade": grade(key, choice_ids=choices_, text=text, matches=matches),
            }
        )
    return patterns


def choose(patterns: list[dict], skill: float, rng: random.Random) -> dict:
    """Right with a chance that grows with skill; otherwise a wrong answer, the first
    distractors more tempting than the last; now and then nothing at all."""
    if rng.random() < 0.03:
        return patterns[-1]
    if rng.random() < 0.2 + 0.7 * min(max(skill, 0), 1):
        return patterns[0]
    wrong = patterns[1:-1]
    return rng.choices(wrong, weights=[2**-i for i in range(len(wrong))])[0]


def report(databases: dict, rounds: int) -> None:
    client = Client()
    sizes = sorted(databases)
    pages = {"statistics": "quiz statistics (all attempts)", "home": "teacher home"}
    queries = {}
    for size in sizes:  # one untimed render each: a check, and the query count
        database_use(databases[size])
        client.force_login(get_user_model().objects.get(pk=databases[size]["urls"]["teacher"]))
        databases[size]["session"] = client.cookies[settings.SESSION_COOKIE_NAME].value
        for page in pages:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(databases[size]["urls"][page]).status_code == 200
            queries[page, size] = (
                len(captured),
                max(len(q["sql"]) for q in captured.captured_queries),
            )
    timings = {(page, size): [] for page in pages for size in sizes}
    cpu = {(page, size): [] for page in pages for size in sizes}
    for number in range(rounds):
        for size in sizes:
            database_use(databases[size])
            client.cookies[settings.SESSION_COOKIE_NAME] = databases[size]["session"]
            for page in pages:
                database_use(databases[size])  # a fresh connection for every render
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(databases[size]["urls"][page])
                timings[page, size].append(time.perf_counter() - started)
                cpu[page, size].append(time.process_time() - cpu_started)
                assert response.status_code == 200
        print(f"round {number + 1}/{rounds} done", file=sys.stderr, flush=True)

    database_use(databases[sizes[0]])
    with connection.cursor() as cursor:
        version = connection.Database.sqlite_version if connection.vendor == "sqlite" else None
        if version is None:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
    print()
    print(
        f"{connection.display_name} {version}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; {rounds} interleaved rounds, median (min–max) in ms"
    )
    print()
    header = [f"{size:,} attempts" for size in sizes]
    print("| page | " + " | ".join(header) + f" | {sizes[-1] // sizes[0]}× the attempts |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    for page, label in pages.items():
        cells = []
        for size in sizes:
            values = [t * 1000 for t in timings[page, size]]
            cells.append(f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})")
        ratio = statistics.median(timings[page, sizes[-1]]) / statistics.median(
            timings[page, sizes[0]]
        )
        print(f"| {label} | " + " | ".join(cells) + f" | {ratio:.1f}× |")
    print()
    # On a busy machine the wall-clock times wait for the CPU; this process's own CPU
    # time does not (it includes SQLite's work, not a PostgreSQL server's).
    cells = [
        f"{label} "
        + " / ".join(f"{statistics.median(cpu[page, size]) * 1000:,.0f}" for size in sizes)
        + " ms"
        for page, label in pages.items()
    ]
    at = " / ".join(f"{size:,}" for size in sizes)
    print(f"CPU time of this process, median at {at} attempts: " + "; ".join(cells))
    for page, label in pages.items():
        counts = ", ".join(
            f"{queries[page, size][0]} queries (longest {queries[page, size][1]:,} characters)"
            for size in sizes
        )
        print(f"{label}: {counts}")


if __name__ == "__main__":
    main()
