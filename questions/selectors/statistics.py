"""The quiz statistics report: item analysis, distractors and the score histogram.

The database does the selecting and counting; one query fetches every mark of
the chosen attempts and the pure `stats.analyse` does the correlations, so the
page costs the same few queries for 20 attempts or 2,000.
"""

from collections import defaultdict
from statistics import StatisticsError, correlation

from django.db.models import Max

from ..models import Classroom, Quiz, Response, ResponseOption, VersionChoice
from ..stats import analyse, distractor_flags, upper_lower_groups
from .expressions import PERCENTAGE
from .grades import graded_attempts

WHICH_ATTEMPTS = {
    "all": "모든 응시",
    "first": "첫 응시",
    "last": "마지막 응시",
    "best": "최고 점수 응시",
}


def quiz_statistics(*, classroom: Classroom, quiz: Quiz, which: str = "all") -> dict:
    attempts = _chosen_attempts(classroom, quiz, which)
    ids = [a["id"] for a in attempts]
    marks = Response.objects.filter(attempt_id__in=ids).values_list(
        "attempt_id", "version__key", "points_awarded", "max_points"
    )
    keys = _item_keys(quiz, {key for _, key, _, _ in marks})
    column = {key: index for index, key in enumerate(keys)}
    row_of = {attempt_id: index for index, attempt_id in enumerate(ids)}
    scores = [[0.0] * len(keys) for _ in ids]
    max_marks = [0.0] * len(keys)
    for attempt_id, key, points, max_points in marks:
        scores[row_of[attempt_id]][column[key]] = float(points or 0)
        max_marks[column[key]] = max(max_marks[column[key]], float(max_points))
    analysis = analyse(scores, max_marks)
    texts = dict(
        Response.objects.filter(attempt_id__in=ids)
        .values("version__key")
        .annotate(text=Max("version__text"))
        .values_list("version__key", "text")
    )
    totals = [sum(row) for row in scores]
    upper, lower = upper_lower_groups(totals)
    groups = {"upper": {ids[i] for i in upper}, "lower": {ids[i] for i in lower}}
    return {
        "which": which,
        "attempts": attempts,
        "analysis": analysis,
        "items": [
            {"key": key, "text": texts.get(key, ""), "figures": figures}
            for key, figures in zip(keys, analysis.items, strict=True)
        ],
        "distractors": _distractors(ids, totals, groups),
        "histogram": _histogram([float(a["percentage"] or 0) for a in attempts]),
    }


def _chosen_attempts(classroom: Classroom, quiz: Quiz, which: str) -> list[dict]:
    """The class's graded attempts at the quiz: all, or one per student."""
    rows = list(
        graded_attempts()
        .filter(quiz=quiz, student__in=classroom.students.all())
        .annotate(percentage=PERCENTAGE)
        .values("id", "student", "started_at", "percentage")
        .order_by("started_at", "id")
    )
    if which == "all":
        return rows
    chosen = {}
    for row in rows:
        current = chosen.get(row["student"])
        if (
            current is None
            or which == "last"
            or (which == "best" and row["percentage"] > current["percentage"])
        ):
            chosen[row["student"]] = row
    return sorted(chosen.values(), key=lambda r: (r["started_at"], r["id"]))


def _item_keys(quiz: Quiz, seen: set[str]) -> list[str]:
    """The quiz's own order first; questions only in older attempts after, by key."""
    in_quiz = quiz.slots.order_by("position").values_list("question__key", flat=True)
    ordered = [key for key in in_quiz if key in seen]
    return ordered + sorted(seen - set(ordered))


def _distractors(ids: list[int], totals: list[float], groups: dict) -> list[dict]:
    """Per choice question, each option: how many chose it, how many of the upper and
    lower groups did, its correlation with the total, and why it needs a look."""
    total_of = dict(zip(ids, totals, strict=True))
    options = (
        VersionChoice.objects.filter(version__responses__attempt_id__in=ids)
        .values_list("version__key", "text", "is_correct")
        .distinct()
        .order_by("version__key", "text")
    )
    chosen = defaultdict(set)  # (key, text) -> attempt ids
    answered = defaultdict(set)  # key -> attempt ids that had the question
    for attempt_id, key, text in (
        ResponseOption.objects.filter(response__attempt_id__in=ids)
        .values_list("response__attempt_id", "response__version__key", "choice__text")
        .filter(selected=True)
    ):
        chosen[(key, text)].add(attempt_id)
    for attempt_id, key in Response.objects.filter(
        attempt_id__in=ids, version__qtype__in=("single", "multiple", "truefalse")
    ).values_list("attempt_id", "version__key"):
        answered[key].add(attempt_id)

    questions = defaultdict(list)
    for key, text, is_correct in options:
        takers = sorted(answered[key])
        picked = chosen[(key, text)]
        upper = len(picked & groups["upper"])
        lower = len(picked & groups["lower"])
        try:
            r = correlation([float(a in picked) for a in takers], [total_of[a] for a in takers])
        except StatisticsError:  # fewer than two takers, or nobody (or everybody) chose it
            r = None
        questions[key].append(
            {
                "text": text,
                "is_key": is_correct,
                "count": len(picked),
                "share": len(picked) * 100 / len(takers) if takers else 0,
                "upper": upper,
                "lower": lower,
                "correlation": r,
                "flags": distractor_flags(len(picked), len(takers), upper, lower, is_correct),
            }
        )
    return [{"key": key, "options": rows} for key, rows in questions.items()]


def _histogram(percentages: list[float], bins: int = 10) -> list[dict]:
    counts = [0] * bins
    for value in percentages:
        counts[min(int(value // (100 / bins)), bins - 1)] += 1
    width = 100 // bins
    return [
        {"low": i * width, "high": (i + 1) * width, "count": count}
        for i, count in enumerate(counts)
    ]
