import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings.prod")
application = get_wsgi_application()


def _announce_database() -> None:
    """Say which database serves the site, so that a forgotten DATABASE_URL
    shows in the server's log on start-up instead of on exam day."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if "sqlite" in database["ENGINE"]:
        print(
            f"quizsite: database SQLite at {database['NAME']} (WAL, writers queue up to "
            f"{database['OPTIONS'].get('timeout')} s); set DATABASE_URL for PostgreSQL",
            file=sys.stderr,
            flush=True,
        )
    else:
        print(
            f"quizsite: database {database['ENGINE'].rsplit('.', 1)[-1]} "
            f"{database.get('NAME')} on {database.get('HOST') or 'local socket'}",
            file=sys.stderr,
            flush=True,
        )


_announce_database()
