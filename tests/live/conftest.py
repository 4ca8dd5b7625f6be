"""Live tests: a real gunicorn on a real database, and students in threads.

The database is made and loaded once per run: a new database on the PostgreSQL
server when the suite runs on PostgreSQL (never pytest-django's test database),
else a SQLite file in a temporary folder. The tests use no pytest-django
database fixture: they speak HTTP to the server and read the database through
`manage.py shell` afterwards, so that nothing in the test process holds a
transaction the server would wait for.
"""

import os
import uuid

import pytest

from bench.harness import (
    Student,
    django_shell,
    key_traceback_lines,
    prepare_database,
    scratch_database,
    serve,
)


@pytest.fixture(scope="session")
def live_database():
    with scratch_database(os.environ.get("DATABASE_URL")) as url:
        prepare_database(url)
        yield url


@pytest.fixture(scope="session")
def site(live_database):
    """gunicorn with 4 workers under production settings, shared by the tests."""
    with serve(live_database, workers=4) as server:
        yield server


@pytest.fixture
def shell(live_database):
    """Run ORM code on the live database (see `django_shell`)."""
    return lambda code, params=None: django_shell(live_database, code, params)


_QUIZ_COPY = """
from questions.models import Quiz
from questions.services.bank import (
    question_duplicate, questions_add_to_quiz, questions_set_active,
)
source = Quiz.objects.get(slug=params["source"])
questions = [s.question for s in source.slots.select_related("question").order_by("position")]
if params["fresh"]:
    # New questions, as the admin's 복제 action makes them: never frozen yet.
    questions = [question_duplicate(question=q) for q in questions]
    questions_set_active(questions=questions, active=True)
quiz = Quiz(title=params["slug"], slug=params["slug"], published=True)
for name, value in params["fields"].items():
    setattr(quiz, name, quiz._meta.get_field(name).to_python(value))
quiz.full_clean()
quiz.save()
questions_add_to_quiz(questions=questions, quiz=quiz)
result = quiz.slug
"""


@pytest.fixture
def make_quiz(shell):
    """A new published quiz with the questions of `source` (or fresh copies of
    them) and the given settings; its slug."""

    def make(*, source="quick-quiz", fresh=False, **fields):
        slug = f"live-{uuid.uuid4().hex[:10]}"
        values = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in fields.items()}
        params = {"source": source, "slug": slug, "fresh": fresh, "fields": values}
        return shell(_QUIZ_COPY, params)

    return make


@pytest.fixture
def names():
    """`names(n)`: n usernames no other test uses."""
    run = uuid.uuid4().hex[:6]
    return lambda n: [f"live{run}-{i:02d}" for i in range(n)]


@pytest.fixture
def no_server_errors(site):
    """`no_server_errors(students)` fails on any 5xx or dropped connection they
    met, quoting the tracebacks the server logged during this test."""
    mark = len(site.log())

    def check(students: list[Student]) -> None:
        failed = [e for s in students for e in s.log if e.status is None or e.status >= 500]
        if failed:
            lines = [f"{e.status} {e.method} {e.path} ({e.step}): {e.error}" for e in failed]
            tracebacks = list(dict.fromkeys(key_traceback_lines(site.log()[mark:])))
            pytest.fail(
                f"{len(failed)} server errors:\n"
                + "\n".join(sorted(set(lines))[:20])
                + "\n\nserver tracebacks:\n"
                + "\n\n".join(tracebacks[:10])
            )

    return check
