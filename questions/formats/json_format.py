"""quizsite's own bank format (JSON), described in the README. Pure: no Django."""

import json
from decimal import Decimal, InvalidOperation

from ..grading import CHOICE_TYPES, MATCHING, NUMERICAL, SHORT
from .bank import (
    KEY_PATTERN,
    AnswerData,
    ChoiceData,
    FormatError,
    NumberData,
    PairData,
    QuestionData,
    append_unique,
    check_answerable,
)

FORMAT_NAME = "quizsite-questions"
FORMAT_VERSION = 1
SUPPORTED_TYPES = (*sorted(CHOICE_TYPES), SHORT, NUMERICAL, MATCHING)


def loads(text: str) -> list[QuestionData]:
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as error:
        raise FormatError(f"JSON을 읽을 수 없습니다 ({error.lineno}행): {error.msg}") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise FormatError(f'"format": "{FORMAT_NAME}" 인 JSON 파일이 아닙니다.')
    if data.get("version") != FORMAT_VERSION:
        raise FormatError(f"지원하지 않는 버전입니다: {data.get('version')!r}")
    items = data.get("questions")
    if not isinstance(items, list):
        raise FormatError('"questions" 목록이 없습니다.')

    questions = []
    for number, item in enumerate(items, start=1):
        where = f"{number}번째 문제" + (f" ({item.get('key')})" if isinstance(item, dict) else "")
        try:
            question = _question(item)
        except (KeyError, TypeError, ValueError, InvalidOperation) as error:
            raise FormatError(f"{where}: {_reason(error)}") from error
        append_unique(questions, question, where)
    return questions


def dumps(questions: list[QuestionData]) -> str:
    payload = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "questions": [_question_dict(q) for q in questions],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _question(item: dict) -> QuestionData:
    if not isinstance(item, dict):
        raise TypeError("문제는 JSON 객체여야 합니다.")
    key = str(item["key"]).strip()
    if not KEY_PATTERN.match(key):
        raise ValueError(f"키는 영문 소문자, 숫자, -, _ 로만 씁니다: {key!r}")
    qtype = item["type"]
    if qtype not in SUPPORTED_TYPES:
        raise ValueError(f"지원하지 않는 유형입니다: {qtype!r}")
    difficulty = int(item.get("difficulty", 1))
    if difficulty not in (1, 2, 3):
        raise ValueError("난이도는 1, 2, 3 중 하나입니다.")
    points = Decimal(str(item.get("points", 1)))
    if points <= 0:
        raise ValueError("배점은 0보다 커야 합니다.")
    choices = tuple(
        ChoiceData(str(c["text"]), Decimal(str(c["fraction"])), str(c.get("feedback", "")))
        for c in item.get("choices") or ()
    )
    answers = tuple(
        AnswerData(str(a["text"]), Decimal(str(a.get("fraction", 1))), str(a.get("feedback", "")))
        for a in item.get("answers") or ()
    )
    numbers = tuple(
        NumberData(
            Decimal(str(n["value"])),
            Decimal(str(n.get("tolerance", 0))),
            Decimal(str(n.get("fraction", 1))),
            str(n.get("feedback", "")),
        )
        for n in item.get("numbers") or ()
    )
    pairs = tuple(
        PairData(str(p.get("prompt", "")), str(p["match"])) for p in item.get("pairs") or ()
    )
    if any(n.tolerance < 0 for n in numbers):
        raise ValueError("허용 오차는 0 이상이어야 합니다.")
    question = QuestionData(
        key=key,
        type=qtype,
        title=str(item.get("title", "")),
        text=str(item["text"]),
        explanation=str(item["explanation"]),
        topic=str(item["topic"]),
        tags=tuple(str(t) for t in item.get("tags") or ()),
        difficulty=difficulty,
        points=points,
        active=bool(item.get("active", True)),
        source_quote=str(item["source_quote"]),
        choices=choices,
        answers=answers,
        numbers=numbers,
        pairs=pairs,
    )
    check_answerable(question)
    for text_field in ("text", "explanation", "topic", "source_quote"):
        if not str(item.get(text_field, "")).strip():
            raise ValueError(f'"{text_field}" 값이 비어 있습니다.')
    return question


def _question_dict(question: QuestionData) -> dict:
    return {
        "key": question.key,
        "type": question.type,
        "title": question.title,
        "text": question.text,
        "explanation": question.explanation,
        "topic": question.topic,
        "tags": list(question.tags),
        "difficulty": question.difficulty,
        "points": _number(question.points),
        "active": question.active,
        "source_quote": question.source_quote,
        "choices": [
            {"text": c.text, "fraction": _number(c.fraction), "feedback": c.feedback}
            for c in question.choices
        ],
        "answers": [
            {"text": a.text, "fraction": _number(a.fraction), "feedback": a.feedback}
            for a in question.answers
        ],
        "numbers": [
            {
                "value": _number(n.value),
                "tolerance": _number(n.tolerance),
                "fraction": _number(n.fraction),
                "feedback": n.feedback,
            }
            for n in question.numbers
        ],
        "pairs": [{"prompt": p.prompt, "match": p.match} for p in question.pairs],
    }


def _number(value: Decimal) -> int | float:
    """1 stays 1 and 0.5 stays 0.5, so files diff cleanly after a round trip."""
    normalised = value.normalize()
    return int(normalised) if normalised == normalised.to_integral() else float(normalised)


def _reason(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"필수 항목 {error.args[0]!r}이(가) 없습니다."
    if isinstance(error, InvalidOperation):
        return "숫자가 아닌 값이 있습니다."
    return str(error)
