"""Freezing questions into `QuestionVersion`s as attempts start."""

import hashlib
import json
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Prefetch

from ..grading import choice_fractions, key_as_data
from ..models import (
    AcceptedAnswer,
    Choice,
    MatchPair,
    NumericalAnswer,
    Question,
    QuestionVersion,
    VersionAnswer,
    VersionChoice,
    VersionNumber,
    VersionPair,
)
from ..models.bank import grading_key, key_of_rows


def question_versions_current(question_ids: Iterable[int]) -> dict[int, QuestionVersion]:
    """The version of each question's current content, made if it is new, and
    remembered on the question (`current_version`) for the next attempt.

    A fixed number of queries whatever the number of questions: the questions'
    rows, the versions that already exist, and bulk inserts for the new ones.
    Two first attempts freezing the same question at once both end up with the
    one version that won the database's uniqueness check.
    """
    ids = list(question_ids)
    for _ in range(3):
        try:
            with transaction.atomic():
                return _versions_current(ids)
        except IntegrityError:
            continue  # another attempt froze the same content first: read theirs
    return _versions_current(ids)


def _versions_current(ids: list[int]) -> dict[int, QuestionVersion]:
    live = list(
        Question.objects.filter(pk__in=ids).prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "id")),
            Prefetch("accepted_answers", queryset=AcceptedAnswer.objects.order_by("id")),
            Prefetch("numerical_answers", queryset=NumericalAnswer.objects.order_by("id")),
            Prefetch("pairs", queryset=MatchPair.objects.order_by("position", "id")),
        )
    )
    contents = {q.pk: _content(q) for q in live}
    hashes = {pk: _hash(content) for pk, content in contents.items()}
    existing = {
        (v.question_id, v.content_hash): v
        for v in QuestionVersion.objects.filter(
            question_id__in=ids, content_hash__in=set(hashes.values())
        )
    }
    versions, new = {}, []
    for question in live:
        found = existing.get((question.pk, hashes[question.pk]))
        if found:
            versions[question.pk] = found
        else:
            version = _version(question, hashes[question.pk])
            versions[question.pk] = version
            new.append((version, contents[question.pk]))
    if new:
        _create_versions(new)
    for question in live:
        if question.current_version_id != versions[question.pk].pk:
            # Only if nobody edited the question since its content was read above.
            Question.objects.filter(
                pk=question.pk, content_revision=question.content_revision
            ).update(current_version=versions[question.pk])
    return versions


def _content(question: Question) -> dict:
    fractions = choice_fractions(question.qtype, grading_key(question).choices)
    return {
        "key": question.key,
        "qtype": question.qtype,
        "title": question.title,
        "text": question.text,
        "explanation": question.explanation,
        "difficulty": question.difficulty,
        "points": str(question.points),
        "topic": question.topic_id,
        "passage": question.passage_id,
        "source_quote": question.source_quote,
        "choices": [
            [c.text, c.is_correct, str(fractions[c.id].normalize()), c.feedback]
            for c in question.choices.all()
        ],
        "answers": [
            [a.text, str(a.fraction.normalize()), a.feedback]
            for a in question.accepted_answers.all()
        ],
        "numbers": [
            [
                str(n.value.normalize()),
                str(n.tolerance.normalize()),
                str(n.fraction.normalize()),
                n.feedback,
            ]
            for n in question.numerical_answers.all()
        ],
        "pairs": [[p.prompt, p.match] for p in question.pairs.all()],
    }


def _hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


def _version(question: Question, content_hash: str) -> QuestionVersion:
    return QuestionVersion(
        question=question,
        content_hash=content_hash,
        key=question.key,
        qtype=question.qtype,
        title=question.title,
        text=question.text,
        explanation=question.explanation,
        difficulty=question.difficulty,
        points=question.points,
        topic_id=question.topic_id,
        passage_id=question.passage_id,
        source_quote=question.source_quote,
        grading_data={},  # written once its rows have ids
    )


def _create_versions(new: list[tuple[QuestionVersion, dict]]) -> None:
    QuestionVersion.objects.bulk_create([version for version, _ in new])
    choices, answers, numbers, pairs = [], [], [], []
    for version, content in new:
        for position, (text, is_correct, fraction, feedback) in enumerate(content["choices"]):
            choices.append(
                VersionChoice(
                    version=version,
                    text=text,
                    is_correct=is_correct,
                    fraction=fraction,
                    feedback=feedback,
                    position=position,
                )
            )
        for text, fraction, feedback in content["answers"]:
            answers.append(
                VersionAnswer(version=version, text=text, fraction=fraction, feedback=feedback)
            )
        for value, tolerance, fraction, feedback in content["numbers"]:
            numbers.append(
                VersionNumber(
                    version=version,
                    value=value,
                    tolerance=tolerance,
                    fraction=fraction,
                    feedback=feedback,
                )
            )
        for position, (prompt, match) in enumerate(content["pairs"]):
            pairs.append(
                VersionPair(version=version, prompt=prompt, match=match, position=position)
            )
    VersionChoice.objects.bulk_create(choices)
    VersionAnswer.objects.bulk_create(answers)
    VersionNumber.objects.bulk_create(numbers)
    VersionPair.objects.bulk_create(pairs)
    made = {
        version.pk: {"choices": [], "answers": [], "numbers": [], "pairs": []} for version, _ in new
    }
    for name, rows in (
        ("choices", choices),
        ("answers", answers),
        ("numbers", numbers),
        ("pairs", pairs),
    ):
        for row in rows:
            made[row.version_id][name].append(row)
    for version, _ in new:
        key = key_of_rows(version.qtype, version.points, **made[version.pk])
        version.grading_data = key_as_data(key)
    QuestionVersion.objects.bulk_update([version for version, _ in new], ["grading_data"])
