"""Production settings plus one bare view, the yardstick `bench/pages.py` holds
the site's pages against. Used only by the benchmarks."""

from quizsite.settings.prod import *  # noqa: F403
from quizsite.settings.prod import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
