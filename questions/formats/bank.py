"""The format-neutral shape of a question that every importer produces and every
exporter consumes. Pure: no Django."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..validation import ChoiceDraft, answerability_errors

# Question keys, in every format: lowercase letters, digits, - and _.
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class FormatError(ValueError):
    """A file that cannot be read as questions; the message names where and why."""


@dataclass(frozen=True)
class ChoiceData:
    text: str
    fraction: Decimal
    feedback: str = ""


@dataclass(frozen=True)
class AnswerData:
    text: str
    fraction: Decimal = Decimal(1)
    feedback: str = ""


@dataclass(frozen=True)
class NumberData:
    value: Decimal
    tolerance: Decimal = Decimal(0)
    fraction: Decimal = Decimal(1)
    feedback: str = ""


@dataclass(frozen=True)
class PairData:
    prompt: str  # empty: `match` is an extra wrong match
    match: str


@dataclass(frozen=True)
class QuestionData:
    key: str
    type: str
    text: str
    explanation: str
    topic: str
    source_quote: str
    title: str = ""
    tags: tuple[str, ...] = ()
    difficulty: int = 1
    points: Decimal = Decimal(1)
    active: bool = True
    choices: tuple[ChoiceData, ...] = field(default_factory=tuple)
    answers: tuple[AnswerData, ...] = field(default_factory=tuple)
    numbers: tuple[NumberData, ...] = field(default_factory=tuple)
    pairs: tuple[PairData, ...] = field(default_factory=tuple)


def check_answerable(question: QuestionData) -> None:
    """Raise ValueError (in Korean) if no student could earn full marks on `question`."""
    errors = answerability_errors(
        question.type,
        [ChoiceDraft(c.text, c.fraction > 0, c.fraction) for c in question.choices],
        [a.text for a in question.answers],
        [n.fraction for n in question.numbers],
        [(p.prompt, p.match) for p in question.pairs],
    )
    if errors:
        raise ValueError(" ".join(errors))


def append_unique(questions: list[QuestionData], question: QuestionData, where: str) -> None:
    """Add a parsed question; a key already in the file is an error naming `where`."""
    if any(earlier.key == question.key for earlier in questions):
        raise FormatError(f"{where}: 키가 중복되었습니다: {question.key}")
    questions.append(question)
