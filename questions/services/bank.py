from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Prefetch

from ..document_parser import normalise_whitespace
from ..formats.bank import FormatError, QuestionData
from ..models import (
    AcceptedAnswer,
    Choice,
    Document,
    MatchPair,
    NumericalAnswer,
    Passage,
    Question,
    QuizQuestion,
    Tag,
    Topic,
)


class BankImportError(Exception):
    """Nothing was written; `errors` says which questions and why (in Korean)."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = False


@transaction.atomic
def questions_import(
    *, questions: list[QuestionData], document: Document, dry_run: bool = False
) -> ImportReport:
    """Create or update questions by key, all or nothing.

    Updating keeps each option's row (matched by position), so past responses
    still point at what the student chose, and stored marks are never recomputed.
    """
    passages = list(document.passages.all())
    errors, resolved = [], []
    for number, data in enumerate(questions, start=1):
        passage, error = _passage_for_quote(passages, data.source_quote)
        if error:
            errors.append(f"{number}번째 문제 ({data.key}): {error}")
        resolved.append((data, passage))
    if errors:
        raise BankImportError(errors)

    topics = {t.name: t for t in document.topics.all()}
    existing = {
        q.key: q
        for q in Question.objects.filter(key__in=[d.key for d in questions]).prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "id")),
            Prefetch("accepted_answers", queryset=AcceptedAnswer.objects.order_by("id")),
            Prefetch("numerical_answers", queryset=NumericalAnswer.objects.order_by("id")),
            Prefetch("pairs", queryset=MatchPair.objects.order_by("position", "id")),
            "tags",
        )
    }
    report = ImportReport(dry_run=dry_run)
    for data, passage in resolved:
        topic = topics.get(data.topic) or _topic_create(document, data.topic, topics)
        question = existing.get(data.key)
        if question is None:
            _question_create(data, topic, passage)
            report.created.append(data.key)
        elif _question_update(question, data, topic, passage):
            report.updated.append(data.key)
        else:
            report.unchanged.append(data.key)
    if dry_run:
        transaction.set_rollback(True)
    return report


def _passage_for_quote(passages: list[Passage], quote: str) -> tuple[Passage | None, str]:
    needle = normalise_whitespace(quote)
    if len(needle) < 10:
        return None, "근거 인용은 10자 이상이어야 합니다."
    found = [p for p in passages if needle in normalise_whitespace(p.text)]
    if not found:
        return None, f"근거 인용이 문서의 어느 단락에도 없습니다: {needle[:30]}…"
    if len(found) > 1:
        return None, "근거 인용이 여러 단락에 있습니다. 한 단락에만 있는 문장을 인용하세요."
    return found[0], ""


def _topic_create(document: Document, name: str, topics: dict) -> Topic:
    last = document.topics.aggregate(last=Max("position"))["last"] or 0
    topics[name] = Topic.objects.create(document=document, name=name, position=last + 1)
    return topics[name]


def _question_fields(data: QuestionData, topic: Topic, passage: Passage) -> dict:
    return {
        "qtype": data.type,
        "title": data.title,
        "text": data.text,
        "explanation": data.explanation,
        "difficulty": data.difficulty,
        "points": data.points,
        "topic": topic,
        "passage": passage,
        "source_quote": data.source_quote,
        "active": data.active,
    }


def _question_create(data: QuestionData, topic: Topic, passage: Passage) -> None:
    question = Question.objects.create(key=data.key, **_question_fields(data, topic, passage))
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=i,
            text=c.text,
            is_correct=c.fraction > 0,
            fraction=c.fraction,
            feedback=c.feedback,
        )
        for i, c in enumerate(data.choices)
    )
    AcceptedAnswer.objects.bulk_create(
        AcceptedAnswer(question=question, text=a.text, fraction=a.fraction, feedback=a.feedback)
        for a in data.answers
    )
    NumericalAnswer.objects.bulk_create(
        NumericalAnswer(question=question, **_number_fields(n)) for n in data.numbers
    )
    MatchPair.objects.bulk_create(
        MatchPair(question=question, **_pair_fields(i, p)) for i, p in enumerate(data.pairs)
    )
    _sync_tags(question, data.tags)


def _pair_fields(position: int, pair) -> dict:
    return {"prompt": pair.prompt, "match": pair.match, "position": position}


def _sync_tags(question: Question, names: tuple[str, ...]) -> bool:
    if sorted(tag.name for tag in question.tags.all()) == sorted(set(names)):
        return False
    question.tags.set([Tag.objects.get_or_create(name=name)[0] for name in set(names)])
    return True


def _number_fields(number) -> dict:
    return {
        "value": number.value,
        "tolerance": number.tolerance,
        "fraction": number.fraction,
        "feedback": number.feedback,
    }


def _question_update(question: Question, data: QuestionData, topic, passage) -> bool:
    changed = False
    for name, value in _question_fields(data, topic, passage).items():
        if getattr(question, name) != value:
            setattr(question, name, value)
            changed = True
    if changed:
        question.save()
    changed |= _sync_rows(
        list(question.choices.all()),
        [
            {
                "text": c.text,
                "is_correct": c.fraction > 0,
                "fraction": c.fraction,
                "feedback": c.feedback,
                "position": i,
            }
            for i, c in enumerate(data.choices)
        ],
        lambda values: Choice(question=question, **values),
    )
    changed |= _sync_rows(
        list(question.accepted_answers.all()),
        [{"text": a.text, "fraction": a.fraction, "feedback": a.feedback} for a in data.answers],
        lambda values: AcceptedAnswer(question=question, **values),
    )
    changed |= _sync_rows(
        list(question.numerical_answers.all()),
        [_number_fields(n) for n in data.numbers],
        lambda values: NumericalAnswer(question=question, **values),
    )
    changed |= _sync_rows(
        list(question.pairs.all()),
        [_pair_fields(i, p) for i, p in enumerate(data.pairs)],
        lambda values: MatchPair(question=question, **values),
    )
    changed |= _sync_tags(question, data.tags)
    return changed


def _sync_rows(rows: list, wanted: list[dict], build) -> bool:
    """Make `rows` hold `wanted`, in order, touching only rows that differ."""
    changed = False
    for row, values in zip(rows, wanted, strict=False):
        if any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save()
            changed = True
    for values in wanted[len(rows) :]:
        build(values).save()
        changed = True
    for row in rows[len(wanted) :]:
        row.delete()
        changed = True
    return changed


__all__ = ["BankImportError", "FormatError", "ImportReport", "questions_import"]


@transaction.atomic
def questions_set_active(*, questions, active: bool) -> int:
    return Question.objects.filter(pk__in=[q.pk for q in questions]).update(active=active)


@transaction.atomic
def question_duplicate(*, question: Question) -> Question:
    """A copy under a new key (`<key>-copy`, `-copy-2`, …), inactive until a teacher
    has edited it, with its options, answers, pairs and tags."""
    base = f"{question.key}-copy"
    key, number = base, 2
    while Question.objects.filter(key=key).exists():
        key, number = f"{base}-{number}", number + 1
    original = Question.objects.get(pk=question.pk)
    copy = Question.objects.get(pk=question.pk)
    copy.pk, copy.key, copy.active = None, key, False
    copy.save()
    copy.tags.set(original.tags.all())
    for related in ("choices", "accepted_answers", "numerical_answers", "pairs"):
        for row in getattr(original, related).all():
            row.pk, row.question = None, copy
            row.save()
    return copy


@transaction.atomic
def questions_add_to_quiz(*, questions, quiz) -> int:
    """Append the questions the quiz does not have yet, in key order."""
    have = set(quiz.slots.values_list("question_id", flat=True))
    last = quiz.slots.aggregate(last=Max("position"))["last"] or 0
    new = [q for q in sorted(questions, key=lambda q: q.key) if q.pk not in have]
    QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz=quiz, question=q, position=last + i) for i, q in enumerate(new, start=1)
    )
    return len(new)
