r"""Moodle's GIFT format, as Moodle's GIFT importer reads it. Pure: standard library only.

Questions are separated by blank lines; a question may run over several lines, and lines starting
with `//` are comments. Read:
- `::title::` before the text, and one answer block `{…}` after it. Text after the block makes a
  missing-word question: `The {=x ~y} is here.` reads as "The _____ is here.".
- `{=right ~wrong ~%-50%wrong}`: single choice. Without `=` (`{~%50%a ~%50%b ~%-100%c}`), with
  several `=`, or with `=` beside a positively weighted `~`: multiple response. An option is worth
  what the file says, as in Moodle: `=` 1, `~` 0, `~%50%` 0.5, so `{=a =b ~c}` gives full marks
  for a or b. Like Moodle, a choice question reads no weight after `=`: `=%50%a` is "%50%a".
- `{T}`, `{TRUE}`, `{F}`, `{FALSE}`, optionally `#shown if wrong#shown if right`: true/false.
- Only `=` options: short answer; `=%50%text` is a partly right answer.
- `{#2025}`, `{#2025:1}` (value:tolerance), `{#2024..2026}` (a range: its midpoint ± half its
  width) and `{# =2025 =%50%2024:1}`: numerical.
- `{=prompt -> match = -> distractor}`: matching; an empty prompt is an extra wrong match.
- `#feedback` after an option; `####explanation` at the end of the block.
- `$CATEGORY: $course$/top/A/B` gives the questions after it their topic, the path's last segment
  (`B`; `//` in a name is a `/`); before any, `default_topic`.
- Escapes `\~ \= \# \{ \} \: \\` and `\n` (a line break). A text may start with Moodle's format
  mark `[html]`, `[moodle]`, `[plain]` or `[markdown]`; HTML is read as text. Files may start
  with a BOM and use CRLF.
Reported as `line N (N행): reason`, N being the line where the question starts (a bad mark's
own line), and never skipped: essays `{}`, descriptions (no answer block), a numerical "any other
answer" `~`, syntax errors, questions without text, explanation or topic, and what
`answerability_errors` rejects.

quizsite's fields travel in comment lines of the question's own block (no blank line between),
as Moodle writes `[id:…]` and `[tag:…]`: `// [id:overview-001]` (key, lowercased),
`// [tag:…]` (one per tag), `// [quote:…]` (source_quote), `// [difficulty:2]`,
`// [points:1.5]` and `// [inactive]`; inside one, write `\]`, `\\` and `\n`. A file from
Moodle lacks most: difficulty 1, points 1, active, an empty source_quote, and without `[id:]`
the key is the title's slug if the title is ASCII, else `gift-` and the first 10 hex digits of
the SHA-1 of the question text.

`dumps` writes all of that back, so `loads(dumps(questions)) == questions`, except that texts
lose surrounding white space and carriage returns, and true/false options read back true
first. It raises FormatError for what GIFT would read back differently: a single-choice
question whose right option is not worth 1, a true/false question not worth 1 and 0, and `->`
in a short answer or a matching prompt.
"""

import hashlib
import re
from decimal import Decimal

from ..grading import MATCHING, MULTIPLE, NUMERICAL, SHORT, SINGLE, TRUE_FALSE
from .bank import (
    KEY_PATTERN,
    AnswerData,
    ChoiceData,
    FormatError,
    NumberData,
    PairData,
    QuestionData,
    check_answerable,
)
from .moodle_xml import _PATH_SEPARATOR, _html_to_text  # Moodle's category paths and HTML

# PHP's trim(), which Moodle applies everywhere; str.strip() would also take U+3000 and the like.
_SPACE = " \t\n\r\0\x0b"
_CATEGORY = "$CATEGORY:"
_BLANK = "_____"
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_FORMAT = re.compile(r"\[(moodle|html|plain|markdown)\]")
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d*)?)%")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_MARK = re.compile(r"\[(id|tag|quote|difficulty|points|inactive)(?::((?:\\.|[^\\\]])*))?\]")
_MARK_FIELDS = {
    "id": "key",
    "quote": "source_quote",
    "difficulty": "difficulty",
    "points": "points",
    "inactive": "active",
}
# Like Moodle, escaped characters become placeholders while the question is parsed and turn back
# into characters afterwards. Unicode noncharacters are reserved for such internal use.
_ESCAPE = re.compile(r"\\([\\~=#{}:n])")
_PLACEHOLDERS = {char: chr(0xFDD0 + i) for i, char in enumerate("\\~=#{}:n")}
_RESTORE = str.maketrans({p: "\n" if c == "n" else c for c, p in _PLACEHOLDERS.items()})
_MARK_ESCAPE = re.compile(r"\\([\\\]n])")
_TEXT_SPECIAL = re.compile(r"[\\~=#{}:]")
_MARK_SPECIAL = re.compile(r"[\\\]]")
_PATH_SPECIAL = re.compile(r"\\")


def loads(text: str, *, default_topic: str = "") -> list[QuestionData]:
    questions, keys, topic = [], set(), default_topic.strip(_SPACE)
    for block in _blocks(text):
        comments = [(number, line) for number, line in block if line.startswith("//")]
        content = [(number, line) for number, line in block if not line.startswith("//")]
        fields = _metadata(comments)
        if content and content[0][1].startswith(_CATEGORY):
            topic = _topic(*content[0])
            content = content[1:]
        if not content:
            if fields:
                reason = (
                    "이 주석의 [id:…] 같은 표시가 붙을 문제가 없습니다 (사이의 빈 줄을 지우세요)."
                )
                raise FormatError(_where(comments[0][0], reason))
            continue
        start = content[0][0]
        try:
            question = _question("\n".join(line for _, line in content), fields, topic)
        except ValueError as error:
            raise FormatError(_where(start, str(error))) from error
        if question.key in keys:
            reason = f"키가 중복되었습니다: {question.key} (// [id:…] 주석으로 키를 정하세요)"
            raise FormatError(_where(start, reason))
        keys.add(question.key)
        questions.append(question)
    return questions


def dumps(questions: list[QuestionData]) -> str:
    parts, topic = [], None
    for question in questions:
        if question.topic != topic:
            path = _escaped(question.topic, _PATH_SPECIAL).replace("/", "//")
            parts.append(f"{_CATEGORY} $course$/top/{path}")
            topic = question.topic
        parts.append(_question_block(question))
    return "\n\n".join(parts) + "\n"


def _where(line: int, reason: str) -> str:
    return f"line {line} ({line}행): {reason}"


# Reading


def _blocks(text: str):
    """Runs of non-blank lines as (line number, line), each line trimmed as Moodle trims it."""
    block = []
    lines = re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))
    for number, line in enumerate(lines, start=1):
        if line := line.strip(_SPACE):
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def _metadata(comments: list[tuple[int, str]]) -> dict:
    """QuestionData fields from the block's `[name:value]` marks."""
    fields, tags = {}, []
    for number, line in comments:
        for mark in _MARK.finditer(line):
            name = mark[1]
            try:
                value = _mark_value(name, mark[2])
            except ValueError as error:
                raise FormatError(_where(number, str(error))) from error
            if name == "tag":
                tags.append(value)
            elif _MARK_FIELDS[name] in fields:
                raise FormatError(_where(number, f"[{name}] 표시가 두 번 있습니다."))
            else:
                fields[_MARK_FIELDS[name]] = value
    if tags:
        fields["tags"] = tuple(tags)
    return fields


def _mark_value(name: str, raw: str | None):
    if name == "inactive":
        return False
    if raw is None:
        raise ValueError(f"[{name}:…]에 값이 없습니다.")
    value = _MARK_ESCAPE.sub(lambda m: "\n" if m[1] == "n" else m[1], raw)
    if name == "id":
        key = value.strip(_SPACE).lower()
        if not KEY_PATTERN.match(key):
            raise ValueError(f"[id:…]는 영문 소문자, 숫자, -, _ 로만 씁니다: {value!r}")
        return key
    if name == "tag":
        if not value.strip(_SPACE):
            raise ValueError("[tag:…]가 비어 있습니다.")
        return value.strip(_SPACE)
    if name == "difficulty":
        if value.strip(_SPACE) not in ("1", "2", "3"):
            raise ValueError(f"난이도는 1, 2, 3 중 하나입니다: {value!r}")
        return int(value)
    if name == "points":
        points = _decimal(value)
        if points <= 0:
            raise ValueError("배점은 0보다 커야 합니다.")
        return points
    return value


def _topic(number: int, line: str) -> str:
    path = _restore(_protect(line.removeprefix(_CATEGORY))).strip(_SPACE)
    name = _PATH_SEPARATOR.split(path)[-1].replace("//", "/").strip(_SPACE)
    if not name:
        raise FormatError(_where(number, f"{_CATEGORY} 뒤에 분류 이름이 없습니다."))
    return name


def _question(source: str, fields: dict, topic: str) -> QuestionData:
    body = _protect(source)
    title = ""
    if body.startswith("::"):
        end = body.find("::", 2)
        if end < 0:
            raise ValueError("제목을 닫는 ::가 없습니다.")
        title = _restore(body[2:end]).strip(_SPACE)
        body = body[end + 2 :].strip(_SPACE)
    before, answer_text, after = _answer_block(body)
    answer_text, explanation = _explanation(answer_text)
    blank = _BLANK if after.strip(_SPACE) else ""
    text, text_format = _formatted(before + blank + after, "moodle")
    text = _as_text(text, text_format)
    data = {"key": _derived_key(title, text), "source_quote": "", **fields}
    question = QuestionData(
        title=title,
        text=text,
        explanation=_rich(explanation, text_format),
        topic=topic,
        **_answers(answer_text, text_format),
        **data,
    )
    _check(question)
    return question


def _protect(text: str) -> str:
    return _ESCAPE.sub(lambda m: _PLACEHOLDERS[m[1]], text)


def _restore(text: str) -> str:
    return text.translate(_RESTORE)


def _answer_block(body: str) -> tuple[str, str, str]:
    """The text before, inside and after the question's one answer block."""
    start, end = body.find("{"), body.find("}")
    if start < 0 and end < 0:
        raise ValueError("답 블록 {…}이 없는 설명(description)은 가져올 수 없습니다.")
    if body.count("{") != 1 or body.count("}") != 1 or end < start:
        raise ValueError(
            "{와 }의 짝이 맞지 않습니다: 답 블록은 하나, 글자 {, }는 \\{, \\}로 씁니다."
        )
    return body[:start], body[start + 1 : end].strip(_SPACE), body[end + 1 :]


def _explanation(answer_text: str) -> tuple[str, str]:
    """The options and the general feedback after the last `####`."""
    if "####" not in answer_text:
        return answer_text, ""
    options, explanation = answer_text.rsplit("####", 1)
    return options.strip(_SPACE), explanation


def _answers(answer_text: str, text_format: str) -> dict:
    """The question's type and options, decided in Moodle's order."""
    if not answer_text:
        raise ValueError("서술형(essay) 문제는 가져올 수 없습니다.")
    if answer_text.startswith("#"):
        return _numerical(answer_text[1:], text_format)
    if "~" in answer_text:
        return _choices(answer_text, text_format)
    if "=" in answer_text and "->" in answer_text:
        return _matching(answer_text, text_format)
    if answer_text.partition("#")[0].strip(_SPACE) in _TRUE_FALSE:
        return _truefalse(answer_text, text_format)
    return _short(answer_text, text_format)


def _choices(answer_text: str, text_format: str) -> dict:
    signs, choices = [], []
    for sign, raw in _options(answer_text, "=~"):
        if sign == "=":
            fraction, raw = Decimal(1), raw.strip(_SPACE)
        else:
            fraction, raw = _weight(raw, Decimal(0), Decimal(-1))
        text, feedback = _comment(raw)
        signs.append(sign)
        choices.append(ChoiceData(_rich(text, text_format), fraction, _rich(feedback, text_format)))
    single = signs.count("=") == 1 and sum(c.fraction > 0 for c in choices) == 1
    return {"type": SINGLE if single else MULTIPLE, "choices": tuple(choices)}


def _truefalse(answer_text: str, text_format: str) -> dict:
    word, _, feedback = answer_text.partition("#")
    wrong, _, right = feedback.partition("#")
    true_is_right = _TRUE_FALSE[word.strip(_SPACE)]
    # The first feedback is shown to a student who answers wrongly, the second to one who is right.
    shown = {True: _rich(right, text_format), False: _rich(wrong, text_format)}
    choices = (
        ChoiceData("true", Decimal(true_is_right), shown[true_is_right]),
        ChoiceData("false", Decimal(not true_is_right), shown[not true_is_right]),
    )
    return {"type": TRUE_FALSE, "choices": choices}


def _short(answer_text: str, text_format: str) -> dict:
    answers = []
    for _sign, raw in _options(answer_text, "="):
        fraction, raw = _weight(raw, Decimal(1), Decimal(0))
        text, feedback = _comment(raw)
        answers.append(
            AnswerData(_formatted(text, text_format)[0], fraction, _rich(feedback, text_format))
        )
    return {"type": SHORT, "answers": tuple(answers)}


def _numerical(answer_text: str, text_format: str) -> dict:
    if "~" in answer_text:
        raise ValueError("수치형 문제의 '그 밖의 답' 피드백(~)은 가져올 수 없습니다.")
    first, *others = answer_text.split("=")
    numbers = []
    # The first answer needs no `=`: {#2025:1}.
    for raw in [first, *others] if first.strip(_SPACE) else others:
        fraction, raw = _weight(raw, Decimal(1), Decimal(0))
        text, feedback = _comment(raw)
        value, tolerance = _value_and_tolerance(_formatted(text, text_format)[0])
        numbers.append(NumberData(value, tolerance, fraction, _rich(feedback, text_format)))
    return {"type": NUMERICAL, "numbers": tuple(numbers)}


def _value_and_tolerance(text: str) -> tuple[Decimal, Decimal]:
    if text.find("..") > 0:
        low, high = (_decimal(part) for part in text.split("..", 1))
        value, tolerance = (low + high) / 2, (high - low) / 2
    elif text.find(":") > 0:
        value, tolerance = (_decimal(part) for part in text.split(":", 1))
    else:
        value, tolerance = _decimal(text), Decimal(0)
    if tolerance < 0:
        raise ValueError(f"허용 오차는 0 이상이어야 합니다: {text!r}")
    return value, tolerance


def _matching(answer_text: str, text_format: str) -> dict:
    pairs = []
    for _sign, raw in _options(answer_text, "="):
        prompt, arrow, match = raw.partition("->")
        if not arrow:
            raise ValueError(f"짝 맞추기 항목에 ->가 없습니다: {_restore(raw).strip(_SPACE)!r}")
        pairs.append(PairData(_rich(prompt, text_format), _restore(match).strip(_SPACE)))
    return {"type": MATCHING, "pairs": tuple(pairs)}


def _options(answer_text: str, signs: str) -> list[tuple[str, str]]:
    """(sign, option) in order. Moodle would take text before the first sign as an option too."""
    lead, *parts = re.split(f"([{signs}])", answer_text)
    if lead.strip(_SPACE):
        expected = " 또는 ".join(signs)
        raise ValueError(f"보기는 {expected} 로 시작해야 합니다: {_restore(lead).strip(_SPACE)!r}")
    return list(zip(parts[::2], parts[1::2], strict=True))


def _weight(raw: str, default: Decimal, lowest: Decimal) -> tuple[Decimal, str]:
    """A leading `%50%` as a fraction (0.5), and the rest of the option."""
    raw = raw.strip(_SPACE)
    weight = _WEIGHT.match(raw)
    if not weight:
        return default, raw
    fraction = Decimal(weight[1]).scaleb(-2)
    if not lowest <= fraction <= 1:
        raise ValueError(f"비율 {weight[0]}는 {lowest:%}에서 100% 사이여야 합니다.")
    return fraction, raw[weight.end() :]


def _comment(raw: str) -> tuple[str, str]:
    """An option and its feedback, after the first `#`."""
    text, _, feedback = raw.partition("#")
    return text, feedback


def _formatted(raw: str, default_format: str) -> tuple[str, str]:
    """A text without its format mark, and its format (by default the question text's)."""
    raw = raw.strip(_SPACE)
    if mark := _FORMAT.match(raw):
        raw, default_format = raw[mark.end() :], mark[1]
    return _restore(raw).strip(_SPACE), default_format


def _as_text(text: str, text_format: str) -> str:
    return _html_to_text(text) if text_format == "html" else text


def _rich(raw: str, default_format: str) -> str:
    """A text Moodle stores with a format: question text, options, feedback."""
    return _as_text(*_formatted(raw, default_format))


def _decimal(text: str) -> Decimal:
    text = text.strip(_SPACE)
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"숫자가 아닙니다: {text!r}")
    return Decimal(text)


def _derived_key(title: str, text: str) -> str:
    """The same key on every import of the same question: the title's slug, else a digest."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") if title.isascii() else ""
    if slug:
        return slug[:80].rstrip("-")  # Question.key holds 80 characters
    return "gift-" + hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:10]


def _check(question: QuestionData) -> None:
    if not question.text:
        raise ValueError("문제 본문이 비어 있습니다.")
    if not question.explanation:
        raise ValueError("해설이 없습니다: 답 블록 끝에 ####해설을 쓰세요.")
    if not question.topic:
        raise ValueError(f"주제가 없습니다: 문제 앞에 '{_CATEGORY} 주제' 줄을 쓰세요.")
    if any(not c.text for c in question.choices) or any(not a.text for a in question.answers):
        raise ValueError("빈 보기나 빈 답이 있습니다.")
    check_answerable(question)


# Writing


def _question_block(question: QuestionData) -> str:
    lines = [f"// [id:{question.key}]"]
    lines += [f"// [tag:{_escaped(tag, _MARK_SPECIAL)}]" for tag in question.tags]
    if question.source_quote:
        lines.append(f"// [quote:{_escaped(question.source_quote, _MARK_SPECIAL)}]")
    if question.difficulty != 1:
        lines.append(f"// [difficulty:{question.difficulty}]")
    if question.points != 1:
        lines.append(f"// [points:{_number(question.points)}]")
    if not question.active:
        lines.append("// [inactive]")
    title = f"::{_escaped(question.title, _TEXT_SPECIAL)}::" if question.title else ""
    opening = "{#" if question.type == NUMERICAL else "{"
    lines.append(title + _rich_out(question.text) + opening)
    lines += ["\t" + option for option in _WRITERS[question.type](question)]
    if question.explanation:
        lines.append("\t####" + _rich_out(question.explanation))
    lines.append("}")
    return "\n".join(lines)


def _choice_lines(question: QuestionData):
    single = question.type == SINGLE
    if single and not any(c.fraction == 1 for c in question.choices):
        raise FormatError(f"{question.key}: GIFT의 단일 선택 문제는 정답(=)이 비율 1이어야 합니다.")
    for choice in question.choices:
        text = _rich_out(choice.text)
        # A multiple-response question has no `=`: that is how GIFT tells the two apart.
        if single and choice.fraction == 1:
            sign = "="
        else:
            sign = "~" + _weight_out(choice.fraction, 0, text)
        yield sign + text + _feedback_out(choice.feedback)


def _truefalse_lines(question: QuestionData):
    if sorted(c.fraction for c in question.choices) != [0, 1]:
        raise FormatError(f"{question.key}: GIFT의 참/거짓 문제는 정답 1, 오답 0만 쓸 수 있습니다.")
    right = next(c for c in question.choices if c.fraction == 1)
    wrong = next(c for c in question.choices if c.fraction == 0)
    line = "TRUE" if right.text == "true" else "FALSE"
    if wrong.feedback or right.feedback:
        line += "#" + _rich_out(wrong.feedback)
    if right.feedback:
        line += "#" + _rich_out(right.feedback)
    yield line


def _short_lines(question: QuestionData):
    for answer in question.answers:
        if "->" in answer.text or "->" in answer.feedback:
            raise FormatError(
                f"{question.key}: 단답형의 답과 피드백에는 ->를 쓸 수 없습니다 "
                "(GIFT가 짝 맞추기로 읽습니다)."
            )
        text = _rich_out(answer.text)  # Moodle reads a format mark before an answer too
        yield "=" + _weight_out(answer.fraction, 1, text) + text + _feedback_out(answer.feedback)


def _number_lines(question: QuestionData):
    for number in question.numbers:
        tolerance = f":{_number(number.tolerance)}" if number.tolerance else ""
        weight = _weight_out(number.fraction, 1, "")
        yield f"={weight}{_number(number.value)}{tolerance}{_feedback_out(number.feedback)}"


def _pair_lines(question: QuestionData):
    for pair in question.pairs:
        if "->" in pair.prompt:
            raise FormatError(f"{question.key}: 짝 맞추기의 질문 항목에는 ->를 쓸 수 없습니다.")
        yield f"={_rich_out(pair.prompt)} -> {_escaped(pair.match, _TEXT_SPECIAL)}"


_WRITERS = {
    SINGLE: _choice_lines,
    MULTIPLE: _choice_lines,
    TRUE_FALSE: _truefalse_lines,
    SHORT: _short_lines,
    NUMERICAL: _number_lines,
    MATCHING: _pair_lines,
}


def _escaped(text: str, special: re.Pattern) -> str:
    """One line: the special characters after a backslash, line breaks as `\\n`."""
    one_line = re.sub(r"\r\n?", "\n", text)
    return special.sub(r"\\\g<0>", one_line).replace("\n", r"\n")


def _rich_out(text: str) -> str:
    """Escaped; Moodle's default format mark goes first where the text would otherwise read
    as a format mark, or, at the start of a line, as a comment."""
    escaped = _escaped(text, _TEXT_SPECIAL)
    return "[moodle]" + escaped if text.startswith(("[", "//")) else escaped


def _feedback_out(feedback: str) -> str:
    return "#" + _rich_out(feedback) if feedback else ""


def _weight_out(fraction: Decimal, default: int, text: str) -> str:
    """`%50%` where the fraction is not the sign's own, or where the text would read as one."""
    if fraction == default and not _WEIGHT.match(text):
        return ""
    return f"%{_number(fraction.scaleb(2))}%"


def _number(value: Decimal) -> str:
    """Plain digits, no exponent or trailing zeros: 100, 0.5, -33.33333."""
    return format(value.normalize(), "f")
