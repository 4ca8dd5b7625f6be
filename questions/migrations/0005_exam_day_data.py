"""Fill in the grading keys of existing versions and number existing attempts."""

from django.db import migrations
from django.utils import timezone

from questions.grading import (
    AnswerKey,
    ChoiceKey,
    NumberKey,
    PairKey,
    QuestionKey,
    grade,
    key_as_data,
)


def _key(version, points) -> QuestionKey:
    return QuestionKey(
        qtype=version.qtype,
        points=points,
        choices=tuple(
            ChoiceKey(c.id, c.is_correct, c.fraction)
            for c in version.choices.order_by("position", "id")
        ),
        answers=tuple(
            AnswerKey(a.text, a.fraction, a.feedback)
            for a in version.accepted_answers.order_by("-fraction", "id")
        ),
        numbers=tuple(
            NumberKey(n.value, n.tolerance, n.fraction, n.feedback)
            for n in version.numerical_answers.order_by("-fraction", "id")
        ),
        pairs=tuple(
            PairKey(p.id, p.prompt, p.match) for p in version.pairs.order_by("position", "id")
        ),
    )


def keep_grading_keys(apps, schema_editor):
    QuestionVersion = apps.get_model("questions", "QuestionVersion")
    for version in QuestionVersion.objects.all():
        version.grading_data = key_as_data(_key(version, version.points))
        version.save(update_fields=["grading_data"])


def number_attempts(apps, schema_editor):
    """Number quiz attempts in the order they started. Where an old race left a
    student two open attempts at one quiz, all but the newest are graded with
    what they saved and closed, as a deadline would have."""
    Attempt = apps.get_model("questions", "Attempt")
    numbers, open_kept = {}, set()
    for attempt in Attempt.objects.filter(kind="quiz").order_by("-started_at", "-id"):
        pair = (attempt.student_id, attempt.quiz_id)
        if attempt.state == "in_progress":
            if pair in open_kept:
                _close(attempt)
            open_kept.add(pair)
    for attempt in Attempt.objects.filter(kind="quiz").order_by("started_at", "id"):
        pair = (attempt.student_id, attempt.quiz_id)
        numbers[pair] = numbers.get(pair, 0) + 1
        attempt.number = numbers[pair]
        attempt.save(update_fields=["number"])
    reviews = set()
    for attempt in Attempt.objects.filter(kind="review", state="in_progress").order_by(
        "-started_at", "-id"
    ):
        if attempt.student_id in reviews:
            _close(attempt)
        reviews.add(attempt.student_id)


def _close(attempt) -> None:
    score = 0
    for response in attempt.responses.all():
        result = grade(
            _key(response.version, response.max_points),
            choice_ids=[o.choice_id for o in response.options.filter(selected=True)],
            text=response.text_answer,
            matches={m.pair_id: m.chosen for m in response.matches.all()},
        )
        response.points_awarded, response.correct = result.points, result.correct
        response.save(update_fields=["points_awarded", "correct"])
        score += result.points
    attempt.score, attempt.state, attempt.auto_submitted = score, "submitted", True
    attempt.submitted_at = min(filter(None, [attempt.deadline, timezone.now()]))
    attempt.save(update_fields=["score", "state", "auto_submitted", "submitted_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0004_exam_day"),
    ]

    operations = [
        migrations.RunPython(keep_grading_keys, migrations.RunPython.noop),
        migrations.RunPython(number_attempts, migrations.RunPython.noop),
    ]
