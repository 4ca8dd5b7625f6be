r"""quizsite's spreadsheet format (CSV): one row per question. Pure: standard library only.

The first row names the columns, in any order: key, type, topic, title, text, explanation,
difficulty, points, active, source_quote, tags, choices, answers, numbers, pairs. Files are read
as UTF-8 with or without a BOM; the export starts with a BOM (so Excel shows Korean) and ends
lines with CRLF. Blank rows are skipped. Empty difficulty (1-3), points and active cells mean 1;
active is 1 or 0 (true/false and yes/no are read too).

Cells holding several items (tags, choices, answers, numbers, pairs) separate them with `|`.
Spaces around every separator are ignored, and no item may be empty.
- choices: `*text` is worth 1 (correct), `text` 0, and `{0.5}text` the fraction in braces
  (negative allowed, from -1 to 1).
- answers: `text` is worth 1, `{0.5}text` the fraction in braces.
- numbers: `value` or `value±tolerance` (`+-` reads as `±`), worth 1 unless `{fraction}` leads.
- choices, answers and numbers take feedback after `##`: `*서울 ## 수도입니다 | 부산 | {-0.5}대구`.
- pairs: `prompt -> match`; `-> match`, without a prompt, is an extra wrong match.
- A backslash makes the next character literal if it is one of `\ | # * { >`: write `\|`, `\\`,
  `\##`, `-\>`, and `\*` or `\{` at an item's start. Other backslashes stay as they are.
The export writes `\\` for every backslash and the other escapes only where they are needed.
"""

import csv
import io
import re
from decimal import Decimal, InvalidOperation

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
from .json_format import SUPPORTED_TYPES
from .spreadsheet import csv_text, unguarded

COLUMNS = (
    "key",
    "type",
    "topic",
    "title",
    "text",
    "explanation",
    "difficulty",
    "points",
    "active",
    "source_quote",
    "tags",
    "choices",
    "answers",
    "numbers",
    "pairs",
)
_ACTIVE = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False, "": True}
# While a cell is split, each escaped special character stands in as a Unicode noncharacter,
# which no text contains, so no separator can match it; _literal turns it back.
_SPECIALS = "\\|#*{>"
_HIDDEN = {char: chr(0xFDD0 + i) for i, char in enumerate(_SPECIALS)}
_SHOWN = {ord(hidden): char for char, hidden in _HIDDEN.items()}
_ESCAPED = re.compile(r"\\([\\|#*{>])")
_FRACTION_PREFIX = re.compile(r"\{([^}]*)\}(.*)", re.DOTALL)
_PLUS_MINUS = re.compile(r"±|\+-")


def loads(text: str) -> list[QuestionData]:
    rows = _rows(text.lstrip("\ufeff"))
    first = next(rows, None)
    if first is None:
        raise FormatError("CSV 파일이 비어 있습니다.")
    header = [name.strip() for name in first[1]]
    _check_header(header)

    questions = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        where = f"line {line} ({line}행)"
        if len(row) != len(header):
            raise FormatError(f"{where}: 열이 {len(header)}개여야 하는데 {len(row)}개입니다.")
        try:
            question = _question(dict(zip(header, row, strict=True)))
        except ValueError as error:
            raise FormatError(f"{where}: {error}") from error
        append_unique(questions, question, where)
    return questions


def dumps(questions: list[QuestionData]) -> str:
    return csv_text([COLUMNS, *(_row(question) for question in questions)])


# Reading


def _rows(text: str):
    """(line number, cells) for each record; a quoted cell may span several lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        for row in reader:
            yield line, [unguarded(cell) for cell in row]
            line = reader.line_num + 1
    except csv.Error as error:
        raise FormatError(f"line {line} ({line}행): CSV를 읽을 수 없습니다: {error}") from error


def _check_header(header: list[str]) -> None:
    where = "line 1 (1행)"
    if not set(header) & set(COLUMNS):
        raise FormatError(f"{where}: 첫 행에는 열 이름을 씁니다: {', '.join(COLUMNS)}")
    problems = []
    if unknown := [name for name in header if name not in COLUMNS]:
        problems.append(f"알 수 없는 열: {', '.join(unknown)}")
    if missing := [name for name in COLUMNS if name not in header]:
        problems.append(f"없는 열: {', '.join(missing)}")
    if repeated := sorted({name for name in header if header.count(name) > 1}):
        problems.append(f"중복된 열: {', '.join(repeated)}")
    if problems:
        raise FormatError(f"{where}: {'; '.join(problems)}")


def _question(cells: dict[str, str]) -> QuestionData:
    key = cells["key"].strip()
    if not KEY_PATTERN.match(key):
        raise ValueError(f"키는 영문 소문자, 숫자, -, _ 로만 씁니다: {key!r}")
    qtype = cells["type"].strip()
    if qtype not in SUPPORTED_TYPES:
        raise ValueError(f"지원하지 않는 유형입니다: {qtype!r}")
    question = QuestionData(
        key=key,
        type=qtype,
        title=cells["title"],
        text=cells["text"],
        explanation=cells["explanation"],
        topic=cells["topic"],
        source_quote=cells["source_quote"],
        tags=tuple(_literal(item) for item in _items(cells["tags"], "tags")),
        difficulty=_difficulty(cells["difficulty"]),
        points=_points(cells["points"]),
        active=_active(cells["active"]),
        choices=tuple(_choice(item) for item in _items(cells["choices"], "choices")),
        answers=tuple(_answer(item) for item in _items(cells["answers"], "answers")),
        numbers=tuple(_number_item(item) for item in _items(cells["numbers"], "numbers")),
        pairs=tuple(_pair(item) for item in _items(cells["pairs"], "pairs")),
    )
    _check(question)
    return question


def _items(cell: str, column: str) -> list[str]:
    """The cell's items, escapes still hidden; an empty cell has none."""
    if not cell.strip():
        return []
    items = [item.strip() for item in _ESCAPED.sub(lambda m: _HIDDEN[m[1]], cell).split("|")]
    if not all(items):
        raise ValueError(f"{column} 칸에 빈 항목이 있습니다 ('|' 앞뒤를 확인하세요).")
    return items


def _literal(part: str) -> str:
    return part.translate(_SHOWN)


def _with_feedback(item: str) -> tuple[str, str]:
    body, _, feedback = item.partition("##")
    return body.strip(), _literal(feedback.strip())


def _with_fraction(body: str, default: Decimal) -> tuple[Decimal, str]:
    if not body.startswith("{"):
        return default, body
    match = _FRACTION_PREFIX.fullmatch(body)
    if match is None:
        raise ValueError(f"비율 '{{...}}'이 닫히지 않았습니다: {_literal(body)!r}")
    return _fraction(match[1]), match[2].strip()


def _choice(item: str) -> ChoiceData:
    body, feedback = _with_feedback(item)
    if body.startswith("*"):
        fraction, body = Decimal(1), body[1:].strip()
    else:
        fraction, body = _with_fraction(body, Decimal(0))
    return ChoiceData(_required(body, "보기"), fraction, feedback)


def _answer(item: str) -> AnswerData:
    body, feedback = _with_feedback(item)
    fraction, body = _with_fraction(body, Decimal(1))
    return AnswerData(_required(body, "인정 답안"), fraction, feedback)


def _number_item(item: str) -> NumberData:
    body, feedback = _with_feedback(item)
    fraction, body = _with_fraction(body, Decimal(1))
    value, *tolerance = _PLUS_MINUS.split(_literal(body), maxsplit=1)
    tolerance = _tolerance(tolerance[0]) if tolerance else Decimal(0)
    return NumberData(_decimal(value, "숫자 답안"), tolerance, fraction, feedback)


def _pair(item: str) -> PairData:
    prompt, arrow, match = item.partition("->")
    if not arrow:
        raise ValueError(f"짝 항목은 '질문 -> 답' 으로 씁니다: {_literal(item)!r}")
    return PairData(_literal(prompt.strip()), _literal(match.strip()))


def _required(body: str, what: str) -> str:
    if not body:
        raise ValueError(f"내용이 빈 {what}이(가) 있습니다.")
    return _literal(body)


def _decimal(value: str, what: str) -> Decimal:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValueError(f"{what}이(가) 숫자가 아닙니다: {value.strip()!r}")
    return number


def _fraction(value: str) -> Decimal:
    fraction = _decimal(_literal(value), "비율")
    if not -1 <= fraction <= 1:
        raise ValueError(f"비율은 -1에서 1 사이여야 합니다: {fraction}")
    return fraction


def _tolerance(value: str) -> Decimal:
    tolerance = _decimal(value, "허용 오차")
    if tolerance < 0:
        raise ValueError("허용 오차는 0 이상이어야 합니다.")
    return tolerance


def _points(cell: str) -> Decimal:
    points = _decimal(cell, "배점") if cell.strip() else Decimal(1)
    if points <= 0:
        raise ValueError("배점은 0보다 커야 합니다.")
    return points


def _difficulty(cell: str) -> int:
    value = cell.strip() or "1"
    if value not in ("1", "2", "3"):
        raise ValueError(f"난이도는 1, 2, 3 중 하나입니다: {value!r}")
    return int(value)


def _active(cell: str) -> bool:
    value = cell.strip().lower()
    if value not in _ACTIVE:
        raise ValueError(f"active는 1 또는 0 입니다: {cell.strip()!r}")
    return _ACTIVE[value]


def _check(question: QuestionData) -> None:
    for column in ("text", "explanation", "topic"):
        if not getattr(question, column).strip():
            raise ValueError(f"{column} 칸이 비어 있습니다.")
    check_answerable(question)


# Writing


def _row(question: QuestionData) -> list[str]:
    return [
        question.key,
        question.type,
        question.topic,
        question.title,
        question.text,
        question.explanation,
        str(question.difficulty),
        _number(question.points),
        "1" if question.active else "0",
        question.source_quote,
        _join(_escape(tag) for tag in question.tags),
        _join(_choice_cell(c) for c in question.choices),
        _join(_answer_cell(a) for a in question.answers),
        _join(_number_cell(n) for n in question.numbers),
        _join(f"{_escape(p.prompt)} -> {_escape(p.match)}".lstrip() for p in question.pairs),
    ]


def _choice_cell(choice: ChoiceData) -> str:
    if choice.fraction == 1:
        prefix = "*"
    elif choice.fraction == 0:
        prefix = ""
    else:
        prefix = f"{{{_number(choice.fraction)}}}"
    return _feedback_cell(prefix + _escape(choice.text), choice.feedback)


def _answer_cell(answer: AnswerData) -> str:
    return _feedback_cell(_fraction_prefix(answer.fraction) + _escape(answer.text), answer.feedback)


def _number_cell(number: NumberData) -> str:
    body = _fraction_prefix(number.fraction) + _number(number.value)
    if number.tolerance:
        body += "±" + _number(number.tolerance)
    return _feedback_cell(body, number.feedback)


def _fraction_prefix(fraction: Decimal) -> str:
    return "" if fraction == 1 else f"{{{_number(fraction)}}}"


def _feedback_cell(body: str, feedback: str) -> str:
    return f"{body} ## {_escape(feedback)}" if feedback else body


def _escape(text: str) -> str:
    """Backslashes only where a character would otherwise act as a separator or prefix."""
    escaped = re.sub(r"[\\|]|#(?=#)|(?<=-)>", lambda m: "\\" + m[0], text)
    return "\\" + escaped if escaped[:1] in ("*", "{") else escaped


def _join(items) -> str:
    return " | ".join(items)


def _number(value: Decimal) -> str:
    """Plain digits, no exponent or trailing zeros: 2025, 0.5, -0.3333333."""
    return format(value.normalize(), "f")
