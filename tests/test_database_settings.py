"""The embedded database holds a classroom: SQLite runs in WAL mode with writers
queueing, and production says on start-up which database it uses."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_prod(code: str, **env) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "quizsite.settings.prod",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        **env,
    }
    if "DATABASE_URL" not in env:
        environment.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_production_says_on_start_up_which_database_it_uses():
    sqlite = run_prod("import quizsite.wsgi")
    assert "database SQLite at" in sqlite.stderr
    assert "set DATABASE_URL for PostgreSQL" in sqlite.stderr
    postgres = run_prod("import quizsite.wsgi", DATABASE_URL="postgres://u:p@db.example:5432/quiz")
    assert "database postgresql quiz on db.example" in postgres.stderr


def test_a_sqlite_file_runs_in_wal_mode_and_writers_wait_for_the_lock(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])\n"
        "    c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0])\n"
        "print(connection.transaction_mode)\n"
    )
    shown = run_prod(code, DATABASE_URL=f"sqlite:///{tmp_path / 'class.sqlite3'}")
    assert shown.stdout.split() == ["wal", "20000", "IMMEDIATE"]


def test_production_renders_from_cached_templates():
    code = (
        "import django; django.setup()\n"
        "from django.template import engines\n"
        "print(type(engines['django'].engine.template_loaders[0]).__module__)\n"
    )
    shown = run_prod(code)
    assert shown.stdout.strip() == "django.template.loaders.cached"
