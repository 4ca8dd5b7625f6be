"""How long the quiz statistics page takes with 200 and with 2,000 attempts (SQLite).

    .venv/bin/python bench/stats_page.py

Builds a throwaway SQLite database in a temporary folder: one 20-question quiz
assigned to one classroom, its students' submitted attempts (answers of every
kind stored as the site stores them), then renders the teacher's statistics page
through Django's test client several times and prints the best time and the
ratio between the two sizes, measured in the same run.
"""

import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="quizsite-bench-")
os.environ["DJANGO_SETTINGS_MODULE"] = "quizsite.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR}/bench.sqlite3"

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic here

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from questions.models import Attempt, Response, ResponseOption, VersionChoice  # noqa: E402
from questions.services.accounts import teacher_create  # noqa: E402
from questions.services.classrooms import classroom_create, quiz_assign  # noqa: E402
from questions.services.snapshots import question_versions_current  # noqa: E402
from tests.factories import QuestionFactory, QuizFactory, UserFactory  # noqa: E402

QUESTIONS = 20
ROUNDS = 5


def build(attempts: int, teacher, rng: random.Random):
    questions = QuestionFactory.create_batch(QUESTIONS)
    quiz = QuizFactory(with_questions=questions)
    classroom = classroom_create(name=f"bench {attempts}", teacher=teacher)
    quiz_assign(classroom=classroom, quiz=quiz)
    versions = list(question_versions_current(questions).values())
    choices = {}
    for choice in VersionChoice.objects.filter(version__in=versions):
        choices.setdefault(choice.version_id, []).append(choice)
    students = UserFactory.create_batch(attempts // 4)
    classroom.students.add(*students)
    now = timezone.now()
    rows = Attempt.objects.bulk_create(
        Attempt(
            student=students[i % len(students)],
            quiz=quiz,
            state="submitted",
            started_at=now,
            submitted_at=now,
            score=0,
            max_score=QUESTIONS,
        )
        for i in range(attempts)
    )
    responses, picks = [], []
    for attempt in rows:
        ability = rng.random()
        for position, version in enumerate(versions, start=1):
            right = rng.random() < 0.3 + 0.6 * ability
            responses.append(
                Response(
                    attempt=attempt,
                    version=version,
                    question_id=version.question_id,
                    position=position,
                    max_points=1,
                    answered_at=now,
                    points_awarded=Decimal(int(right)),
                    correct=right,
                )
            )
            options = choices[version.pk]
            picks.append([c.is_correct == right for c in options])
    Response.objects.bulk_create(responses, batch_size=2000)
    ResponseOption.objects.bulk_create(
        (
            ResponseOption(response=response, choice=choice, position=i, selected=selected)
            for response, chosen in zip(responses, picks, strict=True)
            for i, (choice, selected) in enumerate(
                zip(choices[response.version_id], chosen, strict=True)
            )
        ),
        batch_size=5000,
    )
    scores = {}
    for response in responses:
        scores[response.attempt_id] = scores.get(response.attempt_id, 0) + response.correct
    for attempt in rows:
        attempt.score = scores[attempt.pk]
    Attempt.objects.bulk_update(rows, ["score"], batch_size=2000)
    return classroom, quiz


def best_time(client: Client, url: str) -> float:
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
    return min(timings)


def main():
    call_command("migrate", verbosity=0)
    teacher = teacher_create(username="bench-teacher", password="x")
    client = Client()
    client.force_login(teacher)
    rng = random.Random(2025)
    results = {}
    for attempts in (200, 2000):
        classroom, quiz = build(attempts, teacher, rng)
        url = reverse("questions:quiz_statistics", args=[classroom.pk, quiz.slug])
        results[attempts] = best_time(client, url)
        print(f"{attempts:>5} attempts x {QUESTIONS} questions: {results[attempts] * 1000:.0f} ms")
    print(f"ratio 2000/200: {results[2000] / results[200]:.1f}x")


if __name__ == "__main__":
    main()
