from collections import defaultdict

from django.db.models import Avg, Count, Q

from ..models import QuestionVersion, Quiz, Response
from .expressions import correct_count, percentage

# Practice attempts and review rounds are not quiz results.
GRADED = Q(attempts__state="submitted", attempts__kind="quiz")


def quiz_report() -> list[Quiz]:
    """Each quiz with its submitted-attempt count and mean percentage, and
    `question_rows`: each question's answer count and correct rate. Three queries."""
    quizzes = list(
        Quiz.objects.annotate(
            attempt_count=Count("attempts", filter=GRADED),
            mean_percentage=Avg(percentage("attempts__"), filter=GRADED),
        ).order_by("title")
    )
    # Counted per version id: each answer is read with its attempt (state, kind, quiz) and
    # nothing else; the versions' keys and texts are read once each, below.
    tallies = list(
        Response.objects.filter(attempt__state="submitted", attempt__kind="quiz")
        .values_list("attempt__quiz", "version_id")
        .annotate(answered=Count("id"), correct=correct_count())
        .order_by()
    )
    # A question's versions (edited between attempts) add up to one row; rows in order
    # of key, as the database sorts them.
    versions = list(
        QuestionVersion.objects.filter(pk__in={version_id for _, version_id, _, _ in tallies})
        .order_by("key", "id")
        .values_list("id", "key", "text")
    )
    place = {key: index for index, (_, key, _) in enumerate(versions)}
    of_version = {pk: (key, text) for pk, key, text in versions}
    rows = defaultdict(dict)  # quiz -> key -> row
    for quiz_id, version_id, answered, correct in tallies:
        key, text = of_version[version_id]
        row = rows[quiz_id].setdefault(
            key, {"version__key": key, "text": text, "answered": 0, "correct": 0}
        )
        row["text"] = max(row["text"], text)
        row["answered"] += answered
        row["correct"] += correct or 0
    for quiz in quizzes:
        quiz.question_rows = sorted(rows[quiz.pk].values(), key=lambda r: place[r["version__key"]])
        for row in quiz.question_rows:
            row["rate"] = row["correct"] * 100 / row["answered"] if row["answered"] else None
    return quizzes
