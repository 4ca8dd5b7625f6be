import functools

from django.urls import get_script_prefix, reverse

from .permissions import is_teacher

_SITE_PAGES = {
    "quiz_list": "questions:quiz_list",
    "document": "questions:document",
    "progress": "questions:progress",
    "review": "questions:review",
    "join": "questions:join",
    "teacher_report": "questions:teacher_report",
    "admin": "admin:index",
    "login": "login",
    "logout": "logout",
    "signup": "questions:signup",
}


def roles(request):
    return {"is_teacher": is_teacher(request.user), "site_urls": _site_urls(get_script_prefix())}


@functools.cache
def _site_urls(prefix: str) -> dict[str, str]:
    """The header's links, reversed once per process (and URL prefix): every page
    shows them, and reversing them on each request was a measurable share of it."""
    return {name: reverse(pattern) for name, pattern in _SITE_PAGES.items()}
