"""Scoring a response against a question's key. Pure: no Django, plain data in and out.

The same functions grade a live submission, a regrade and a report, so the rules
live in one place: single and true/false take the chosen option's fraction;
multiple response sums the chosen fractions, clamped to [0, 1]; short answer
takes the best accepted answer that matches (see `answers.matches`); numerical
takes the best answer whose value ± tolerance holds the typed number; matching
gives each prompt matched right an equal share.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .answers import matches, parse_number

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "truefalse"
SHORT = "short"
NUMERICAL = "numerical"
MATCHING = "matching"
CHOICE_TYPES = frozenset({SINGLE, MULTIPLE, TRUE_FALSE})

ZERO = Decimal(0)
ONE = Decimal(1)
# Imported fractions such as 0.33333 x 3 should still make full marks (Moodle does the same).
_FULL_MARK_TOLERANCE = Decimal("0.0001")


@dataclass(frozen=True)
class ChoiceKey:
    id: int
    is_correct: bool
    fraction: Decimal | None = None  # None: derived from is_correct


@dataclass(frozen=True)
class AnswerKey:
    text: str
    fraction: Decimal = ONE
    feedback: str = ""


@dataclass(frozen=True)
class NumberKey:
    value: Decimal
    tolerance: Decimal = ZERO
    fraction: Decimal = ONE
    feedback: str = ""

    def accepts(self, number: Decimal) -> bool:
        return abs(number - self.value) <= self.tolerance


@dataclass(frozen=True)
class PairKey:
    """A prompt and its match; an empty prompt makes `match` an extra wrong match."""

    id: int
    prompt: str
    match: str


@dataclass(frozen=True)
class QuestionKey:
    qtype: str
    points: Decimal
    choices: Sequence[ChoiceKey] = ()
    answers: Sequence[AnswerKey] = ()
    numbers: Sequence[NumberKey] = ()
    pairs: Sequence[PairKey] = ()


@dataclass(frozen=True)
class Grade:
    points: Decimal
    fraction: Decimal
    correct: bool
    matched_answer: AnswerKey | NumberKey | None = None


def choice_fractions(qtype: str, choices: Sequence[ChoiceKey]) -> dict[int, Decimal]:
    """Each option's worth. An explicit fraction wins; otherwise it is derived:
    single and true/false give the correct option 1; multiple response shares +1
    among the correct options and -1 among the wrong ones, so ticking everything
    scores 0 and ticking exactly the correct ones scores full marks."""
    correct = [c for c in choices if c.is_correct]
    wrong = [c for c in choices if not c.is_correct]
    fractions = {}
    for choice in choices:
        if choice.fraction is not None:
            fractions[choice.id] = Decimal(choice.fraction)
        elif qtype != MULTIPLE:
            fractions[choice.id] = ONE if choice.is_correct else ZERO
        elif choice.is_correct:
            fractions[choice.id] = ONE / len(correct)
        else:
            fractions[choice.id] = -ONE / len(wrong)
    return fractions


def grade(
    key: QuestionKey,
    *,
    choice_ids: Collection[int] = (),
    text: str = "",
    matches: Mapping[int, str] | None = None,
) -> Grade:
    """`matches` maps a matching question's prompt (its pair id) to the chosen match."""
    if key.qtype in CHOICE_TYPES:
        return _grade_choices(key, set(choice_ids))
    if key.qtype == SHORT:
        return _grade_short(key, text)
    if key.qtype == NUMERICAL:
        return _grade_numerical(key, text)
    if key.qtype == MATCHING:
        return _grade_matching(key, matches or {})
    raise ValueError(f"unknown question type: {key.qtype!r}")


def _grade_choices(key: QuestionKey, chosen: set[int]) -> Grade:
    fractions = choice_fractions(key.qtype, key.choices)
    if key.qtype != MULTIPLE and len(chosen) > 1:
        return _make_grade(key, ZERO)  # a single-answer question with two ticks earns nothing
    total = sum((fractions[c] for c in chosen if c in fractions), ZERO)
    return _make_grade(key, total)


def _grade_short(key: QuestionKey, text: str) -> Grade:
    best = None
    for answer in key.answers:
        if matches(text, answer.text) and (best is None or answer.fraction > best.fraction):
            best = answer
    return _make_grade(key, best.fraction if best else ZERO, matched_answer=best)


def _grade_numerical(key: QuestionKey, text: str) -> Grade:
    number = parse_number(text)
    best = None
    if number is not None:
        for answer in key.numbers:
            if answer.accepts(number) and (best is None or answer.fraction > best.fraction):
                best = answer
    return _make_grade(key, best.fraction if best else ZERO, matched_answer=best)


def _grade_matching(key: QuestionKey, chosen: Mapping[int, str]) -> Grade:
    """Partial credit: each prompt matched right earns an equal share."""
    prompts = [pair for pair in key.pairs if pair.prompt]
    if not prompts:
        return _make_grade(key, ZERO)
    right = sum(1 for pair in prompts if chosen.get(pair.id) == pair.match)
    return _make_grade(key, Decimal(right) / len(prompts))


def key_as_data(key: QuestionKey) -> dict:
    """A key as JSON-ready data (decimals as strings), to freeze with a question version."""
    return {
        "choices": [[c.id, c.is_correct, _text(c.fraction)] for c in key.choices],
        "answers": [[a.text, str(a.fraction), a.feedback] for a in key.answers],
        "numbers": [
            [str(n.value), str(n.tolerance), str(n.fraction), n.feedback] for n in key.numbers
        ],
        "pairs": [[p.id, p.prompt, p.match] for p in key.pairs],
    }


def key_from_data(qtype: str, points: Decimal, data: Mapping) -> QuestionKey:
    """The key that `key_as_data` wrote, for a question of `qtype` worth `points`."""
    return QuestionKey(
        qtype=qtype,
        points=points,
        choices=tuple(
            ChoiceKey(id=id_, is_correct=right, fraction=_decimal(fraction))
            for id_, right, fraction in data["choices"]
        ),
        answers=tuple(
            AnswerKey(text=text, fraction=Decimal(fraction), feedback=feedback)
            for text, fraction, feedback in data["answers"]
        ),
        numbers=tuple(
            NumberKey(Decimal(value), Decimal(tolerance), Decimal(fraction), feedback)
            for value, tolerance, fraction, feedback in data["numbers"]
        ),
        pairs=tuple(
            PairKey(id=id_, prompt=prompt, match=match) for id_, prompt, match in data["pairs"]
        ),
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def match_options(pairs: Sequence[PairKey]) -> list[str]:
    """The distinct matches a student chooses from, distractors included."""
    return sorted({pair.match for pair in pairs})


def _make_grade(key: QuestionKey, fraction: Decimal, matched_answer=None) -> Grade:
    fraction = min(max(fraction, ZERO), ONE)
    if ONE - _FULL_MARK_TOLERANCE < fraction < ONE:
        fraction = ONE
    points = (key.points * fraction).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Grade(
        points=points, fraction=fraction, correct=fraction == ONE, matched_answer=matched_answer
    )
