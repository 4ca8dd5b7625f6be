"""The format-neutral shape of a question that every importer produces and every
exporter consumes. Pure: no Django."""

from dataclasses import dataclass, field
from decimal import Decimal


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
