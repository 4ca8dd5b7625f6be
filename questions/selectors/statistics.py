"""The quiz statistics report: item analysis, distractors and the score histogram.

The database picks the attempts (all, or each student's first, last or best), and
every other query takes that choice as a subquery, so the SQL is the same for 20
attempts or 20,000 (no list of attempt ids). The marks come back as plain floats,
one row per answer, and the chosen options as pairs of ids; one pass over each
builds the columns of marks and the sets of choosers, from which the pure `stats`
module works out the item analysis and each option's correlation with the total.
"""

from collections import defaultdict

from django.db.models import F, FloatField, Max, QuerySet, Window
from django.db.models.functions import Cast, RowNumber

from ..grading import CHOICE_TYPES
from ..models import Classroom, QuestionVersion, Quiz, Response, ResponseOption, VersionChoice
from ..stats import analyse, attempt_totals, distractor_analysis, upper_lower_groups
from .expressions import PERCENTAGE
from .grades import graded_attempts

WHICH_ATTEMPTS = {
    "all": "모든 응시",
    "first": "첫 응시",
    "last": "마지막 응시",
    "best": "최고 점수 응시",
}
# Each student's attempt that counts, first in this order; ties go to the earlier attempt.
_ONE_PER_STUDENT = {
    "first": (F("started_at").asc(), F("id").asc()),
    "last": (F("started_at").desc(), F("id").desc()),
    "best": (F("percentage").desc(nulls_last=True), F("started_at").asc(), F("id").asc()),
}


def quiz_statistics(*, classroom: Classroom, quiz: Quiz, which: str = "all") -> dict:
    chosen = _chosen_attempts(classroom, quiz, which)
    attempts = list(chosen.values_list("id", "percentage"))
    row_of = {attempt_id: row for row, (attempt_id, _) in enumerate(attempts)}
    marks = _marks(chosen, row_of)
    versions = {
        pk: (key, qtype)
        for pk, key, qtype in QuestionVersion.objects.filter(pk__in=list(marks)).values_list(
            "id", "key", "qtype"
        )
    }
    keys = _item_keys(quiz, {key for key, _ in versions.values()})
    columns, max_marks, takers = _item_columns(keys, marks, versions, len(attempts))
    scores = list(zip(*columns, strict=True)) if keys else [() for _ in attempts]
    totals = attempt_totals(scores)
    analysis = analyse(scores, max_marks, totals=totals)
    upper, lower = (set(group) for group in upper_lower_groups(totals))
    texts = dict(
        QuestionVersion.objects.filter(pk__in=list(versions))
        .values("key")
        .annotate(text=Max("text"))
        .values_list("key", "text")
        .order_by()
    )
    distractors = []
    for key, options in _options(chosen, row_of, versions).items():
        figures = distractor_analysis(
            totals, upper, lower, takers[key], [(rows, is_key) for _, is_key, rows in options]
        )
        distractors.append(
            {
                "key": key,
                "options": [
                    {"text": text, "is_key": is_key, **vars(option)}
                    for (text, is_key, _), option in zip(options, figures, strict=True)
                ],
            }
        )
    return {
        "which": which,
        "analysis": analysis,
        "items": [
            {"key": key, "text": texts.get(key, ""), "figures": figures}
            for key, figures in zip(keys, analysis.items, strict=True)
        ],
        "distractors": distractors,
        "histogram": _histogram([percentage or 0.0 for _, percentage in attempts]),
    }


class _Float(Cast):
    """A decimal column as a float, taken as the driver returns it (a float already):
    no conversion per value in Python, which counts at hundreds of thousands of marks."""

    def __init__(self, expression):
        super().__init__(expression, FloatField())

    @property
    def convert_value(self):
        return self._convert_value_noop


def _chosen_attempts(classroom: Classroom, quiz: Quiz, which: str) -> QuerySet:
    """The class's graded attempts at the quiz, all or one per student, in the order
    they started, each with its percentage. A queryset, for use as a subquery."""
    attempts = (
        graded_attempts()
        .filter(quiz=quiz, student__in=classroom.students.all())
        .annotate(percentage=PERCENTAGE)
    )
    if which in _ONE_PER_STUDENT:
        attempts = attempts.annotate(
            place=Window(RowNumber(), partition_by=F("student"), order_by=_ONE_PER_STUDENT[which])
        ).filter(place=1)
    return attempts.order_by("started_at", "id")


def _marks(chosen: QuerySet, row_of: dict[int, int]) -> dict[int, tuple[list, float]]:
    """Per question version the chosen attempts had: each attempt's points by row (None
    where it did not have the version), and the largest mark it was out of. One pass
    over the answers' own columns, taken as floats."""
    marks = {}
    for attempt_id, version_id, points, max_points in (
        Response.objects.filter(attempt__in=chosen.values("id"))
        .values_list("attempt_id", "version_id", _Float("points_awarded"), _Float("max_points"))
        .order_by()
    ):
        if version_id not in marks:
            marks[version_id] = ([None] * len(row_of), max_points)
        column, max_mark = marks[version_id]
        column[row_of[attempt_id]] = points or 0.0
        if max_points > max_mark:
            marks[version_id] = (column, max_points)
    return marks


def _item_columns(keys: list[str], marks: dict, versions: dict, attempts: int) -> tuple:
    """One column of marks per question (its versions merged: an attempt has one version
    of a question at most), its maximum mark, and for a choice question the rows of the
    attempts that had it."""
    columns = dict.fromkeys(keys)
    max_marks = dict.fromkeys(keys, 0.0)
    takers = defaultdict(set)
    for pk, (column, max_mark) in marks.items():
        key, qtype = versions[pk]
        max_marks[key] = max(max_marks[key], max_mark)
        complete = None not in column  # usually every attempt had the version
        if qtype in CHOICE_TYPES:
            takers[key].update(
                range(attempts) if complete else (r for r, p in enumerate(column) if p is not None)
            )
        if columns[key] is None:
            columns[key] = column if complete else [0.0 if p is None else p for p in column]
        else:
            merged = columns[key]
            for row, points in enumerate(column):
                if points is not None:
                    merged[row] = points
    return [columns[key] or [0.0] * attempts for key in keys], list(max_marks.values()), takers


def _item_keys(quiz: Quiz, seen: set[str]) -> list[str]:
    """The quiz's own order first; questions only in older attempts after, by key."""
    in_quiz = quiz.slots.order_by("position").values_list("question__key", flat=True)
    ordered = [key for key in in_quiz if key in seen]
    return ordered + sorted(seen - set(ordered))


def _options(chosen: QuerySet, row_of: dict[int, int], versions: dict) -> dict:
    """Per choice question (by key), its options in order of text, the same text in two
    versions counted as one: (text, is key, rows of the attempts that chose it)."""
    option_of, options = {}, {}
    for pk, key, text, is_correct in (
        VersionChoice.objects.filter(
            version_id__in=[pk for pk, (_, qtype) in versions.items() if qtype in CHOICE_TYPES]
        )
        .values_list("id", "version__key", "text", "is_correct")
        .order_by("version__key", "text", "is_correct")
    ):
        options.setdefault((key, text, is_correct), None)
        option_of[pk] = (key, text)
    rows_of = defaultdict(set)  # (key, text) -> rows, whichever version's option it was
    for attempt_id, choice_id in (
        ResponseOption.objects.filter(selected=True, response__attempt__in=chosen.values("id"))
        .values_list("response__attempt_id", "choice_id")
        .order_by()
    ):
        rows_of[option_of[choice_id]].add(row_of[attempt_id])
    by_question = defaultdict(list)
    for key, text, is_correct in options:
        by_question[key].append((text, is_correct, rows_of[key, text]))
    return by_question


def _histogram(percentages: list[float], bins: int = 10) -> list[dict]:
    counts = [0] * bins
    for value in percentages:
        counts[min(int(value // (100 / bins)), bins - 1)] += 1
    width = 100 // bins
    return [
        {"low": i * width, "high": (i + 1) * width, "count": count}
        for i, count in enumerate(counts)
    ]
