from django.db.models import Prefetch, QuerySet

from ..formats.bank import AnswerData, ChoiceData, NumberData, PairData, QuestionData
from ..grading import choice_fractions
from ..models import AcceptedAnswer, Choice, MatchPair, NumericalAnswer, Question, Tag
from ..models.bank import grading_key


def questions_for_export(questions: QuerySet[Question] | None = None) -> list[QuestionData]:
    """Questions as format-neutral data, in key order, in six queries.

    Fractions are written out as they are graded, so a file exported here and
    imported elsewhere scores the same even where a teacher only ticked options.
    """
    questions = (questions if questions is not None else Question.objects.all()).order_by("key")
    questions = questions.select_related("topic").prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("position", "id")),
        Prefetch("accepted_answers", queryset=AcceptedAnswer.objects.order_by("id")),
        Prefetch("numerical_answers", queryset=NumericalAnswer.objects.order_by("id")),
        Prefetch("pairs", queryset=MatchPair.objects.order_by("position", "id")),
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
    )
    return [_question_data(question) for question in questions]


def _question_data(question: Question) -> QuestionData:
    fractions = choice_fractions(question.qtype, grading_key(question).choices)
    return QuestionData(
        key=question.key,
        type=question.qtype,
        title=question.title,
        text=question.text,
        explanation=question.explanation,
        topic=question.topic.name,
        source_quote=question.source_quote,
        tags=tuple(tag.name for tag in question.tags.all()),
        difficulty=question.difficulty,
        points=question.points,
        active=question.active,
        choices=tuple(
            ChoiceData(c.text, fractions[c.id], c.feedback) for c in question.choices.all()
        ),
        answers=tuple(
            AnswerData(a.text, a.fraction, a.feedback) for a in question.accepted_answers.all()
        ),
        numbers=tuple(
            NumberData(n.value, n.tolerance, n.fraction, n.feedback)
            for n in question.numerical_answers.all()
        ),
        pairs=tuple(PairData(p.prompt, p.match) for p in question.pairs.all()),
    )
