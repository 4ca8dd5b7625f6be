import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from ..models import Question, Quiz, QuizQuestion


@dataclass(frozen=True)
class QuizSpec:
    slug: str
    title: str
    question_keys: tuple[str, ...]
    description: str = ""
    published: bool = True
    pass_mark: Decimal = Decimal(60)


def quiz_specs_from_json(text: str) -> list[QuizSpec]:
    return [
        QuizSpec(
            slug=item["slug"],
            title=item["title"],
            description=item.get("description", ""),
            published=bool(item.get("published", True)),
            pass_mark=Decimal(str(item.get("pass_mark", 60))),
            question_keys=tuple(item["questions"]),
        )
        for item in json.loads(text)
    ]


@transaction.atomic
def quizzes_load(*, specs: list[QuizSpec]) -> dict[str, str]:
    """Create or update quizzes by slug; returns each slug's outcome
    ("created", "updated" or "unchanged") so a second load reports no change."""
    keys = {key for spec in specs for key in spec.question_keys}
    questions = {q.key: q for q in Question.objects.filter(key__in=keys)}
    missing = sorted(keys - questions.keys())
    if missing:
        raise ValueError(f"퀴즈에 없는 문제 키가 있습니다: {', '.join(missing)}")

    outcomes = {}
    for spec in specs:
        fields = {
            "title": spec.title,
            "description": spec.description,
            "published": spec.published,
            "pass_mark": spec.pass_mark,
        }
        quiz = Quiz.objects.filter(slug=spec.slug).first()
        if quiz is None:
            quiz = Quiz.objects.create(slug=spec.slug, **fields)
            outcome = "created"
        else:
            outcome = "unchanged"
            if any(getattr(quiz, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(quiz, k, v)
                quiz.save()
                outcome = "updated"
        current = list(quiz.slots.order_by("position").values_list("question__key", flat=True))
        if current != list(spec.question_keys):
            quiz.slots.all().delete()
            QuizQuestion.objects.bulk_create(
                QuizQuestion(quiz=quiz, question=questions[key], position=i)
                for i, key in enumerate(spec.question_keys, start=1)
            )
            outcome = "created" if outcome == "created" else "updated"
        outcomes[spec.slug] = outcome
    return outcomes
