"""Where the question page's time goes, measured in one process (no HTTP).

    .venv/bin/python bench/page_parts.py

Builds a fresh SQLite database as `make setup` does, signs one student into an
open 20-question exam, and times, best of 15 runs of 100 each: a whole request
through Django's test client for the bare view of `bench/urls.py` and for the
question page, then the question page's own parts: its two queries, its answer
form, its template, and the base layout alone (the 404 page). The best run is
the least disturbed one; figures are microseconds per call.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import django_env, prepare_database, scratch_database


def best(call, runs: int = 15, calls: int = 100) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        for _ in range(calls):
            call()
        timings.append((time.perf_counter() - started) / calls * 1e6)
    return min(timings)


def main() -> None:
    with scratch_database() as database_url:
        prepare_database(database_url)
        os.environ.update(django_env(database_url, "bench.settings"))
        import django

        django.setup()
        measure()


def measure() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.template.loader import render_to_string
    from django.test import Client, RequestFactory

    from questions.forms import AnswerForm
    from questions.models import Quiz
    from questions.selectors.attempt_pages import question_page
    from questions.services.starting import attempt_start
    from questions.visibility import EVERYTHING

    student = get_user_model().objects.create_user("parts", password="x")
    attempt = attempt_start(student=student, quiz=Quiz.objects.get(slug="comprehensive-exam"))
    client = Client(HTTP_HOST="localhost")
    client.force_login(student)
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    request.user, request.session = student, SessionStore()
    request._messages = FallbackStorage(request)
    page = question_page(student_id=student.pk, attempt_id=attempt.pk, position=2)
    context = {
        "attempt": page.attempt, "response": page.slot, "version": page.slot.version,
        "form": AnswerForm.for_response(page.slot), "navigator": page.navigator,
        "total": len(page.navigator), "visible": EVERYTHING,
    }  # fmt: skip
    url = f"/attempts/{attempt.pk}/q/2/"
    rows = [
        ("request: bare view", lambda: client.get("/bench/bare/")),
        ("request: question page", lambda: client.get(url)),
        ("question page: its two queries",
         lambda: question_page(student_id=student.pk, attempt_id=attempt.pk, position=2)),
        ("question page: answer form", lambda: AnswerForm.for_response(page.slot)),
        ("question page: template",
         lambda: render_to_string("questions/attempt_question.html", context, request)),
        ("base layout alone (404 page)", lambda: render_to_string("404.html", {}, request)),
    ]  # fmt: skip
    print("| part | µs per call (best of 15 × 100) |\n|---|---:|")
    for name, call in rows:
        call()
        print(f"| {name} | {best(call):,.0f} |")


if __name__ == "__main__":
    main()
