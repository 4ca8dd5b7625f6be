"""Moodle XML, as Moodle's "Moodle XML format" import and export write it. Pure: standard library.

Read: `multichoice` (`<single>true` is single, `false` multiple), `truefalse`, `shortanswer`,
`numerical` and `matching`; any other type (essay, description, cloze, calculated, ddwtos, …) is
reported with its type. A `<question type="category">` gives the questions after it their topic:
the last segment of its path (`$course$/top/A/B` → `B`).

Fields: name → title, questiontext → text, generalfeedback → explanation, defaultgrade → points,
an answer's fraction (a percentage) → fraction and its feedback → feedback, tags → tags,
hidden → not active, idnumber → key (lowercased; without one, `moodle-` and the first 10 hex
digits of the SHA-1 of name + text). Moodle requires a name, so an untitled question is exported
under its key, and a name equal to the key reads back as no title. HTML is read as text
(tags dropped, entities decoded, `<br>` and paragraphs become line breaks) and written back
escaped, with `<br>` for line breaks and `&nbsp;` where spaces would collapse.

quizsite's fields that Moodle lacks travel in an element Moodle's importer ignores:
`<quizsite><source_quote>…</source_quote><difficulty>2</difficulty></quizsite>`. A file from
Moodle has none, so its questions get difficulty 1 and an empty source_quote. What quizsite has
no use for (penalty, shuffling, units, hints, combined feedback, embedded files) is not read.
"""

import hashlib
import html
import re
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from xml.parsers.expat import ErrorString

from ..grading import MATCHING, MULTIPLE, NUMERICAL, SHORT, SINGLE, TRUE_FALSE
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

_EXPORT_TYPES = {
    SINGLE: "multichoice",
    MULTIPLE: "multichoice",
    TRUE_FALSE: "truefalse",
    SHORT: "shortanswer",
    NUMERICAL: "numerical",
    MATCHING: "matching",
}
# Moodle splits a category path on "/" and writes a "/" inside a name as "//".
_PATH_SEPARATOR = re.compile(r"(?<!/)/(?!/)")
_BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "tr", "table", "blockquote", "pre", "h1", "h2", "h3", "h4"}
)


def loads(text: str) -> list[QuestionData]:
    try:
        root = ET.fromstring(text.lstrip("\ufeff"))
    except ET.ParseError as error:
        line, _column = error.position
        reason = ErrorString(error.code)
        raise FormatError(f"XML을 읽을 수 없습니다 (line {line}): {reason}") from error
    if root.tag != "quiz":
        raise FormatError("<quiz> 요소로 시작하는 Moodle XML 파일이 아닙니다.")

    questions, topic = [], ""
    for element in root.iterfind("question"):
        kind = element.get("type", "")
        if kind == "category":
            topic = _topic(element)
            continue
        where = f"{len(questions) + 1}번째 문제 ({_label(element)})"
        try:
            question = _question(element, kind, topic)
        except ValueError as error:
            raise FormatError(f"{where}: {error}") from error
        append_unique(questions, question, where)
    return questions


def dumps(questions: list[QuestionData]) -> str:
    root = ET.Element("quiz")
    topic = None
    for question in questions:
        if question.topic != topic:
            root.append(_category(question.topic))
            topic = question.topic
        root.append(_question_element(question))
    ET.indent(root)
    # <text></text> rather than <text />, as Moodle writes it.
    body = ET.tostring(root, "unicode", short_empty_elements=False)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


# Reading


def _topic(element: ET.Element) -> str:
    path = element.findtext("category/text", "").strip()
    return _PATH_SEPARATOR.split(path)[-1].replace("//", "/").strip()


def _label(element: ET.Element) -> str:
    return (
        element.findtext("idnumber", "").strip()
        or element.findtext("name/text", "").strip()
        or "이름 없음"
    )


def _question(element: ET.Element, kind: str, topic: str) -> QuestionData:
    reader = _READERS.get(kind)
    if reader is None:
        raise ValueError(f"지원하지 않는 Moodle 문제 유형입니다: {kind!r}")
    if not topic:
        raise ValueError('문제 앞에 주제를 정할 분류(<question type="category">)가 없습니다.')
    name = _plain(element.find("name"))
    text = _rich(element.find("questiontext"))
    key = _key(element.findtext("idnumber", ""), name, text)
    question = QuestionData(
        key=key,
        title="" if name == key else name,
        text=text,
        explanation=_rich(element.find("generalfeedback")),
        topic=topic,
        source_quote=element.findtext("quizsite/source_quote", "").strip(),
        tags=tuple(t for t in (_plain(tag) for tag in element.iterfind("tags/tag")) if t),
        difficulty=_difficulty(element.findtext("quizsite/difficulty", "1")),
        points=_points(element.findtext("defaultgrade", "1")),
        active=element.findtext("hidden", "0").strip() != "1",
        **reader(element),
    )
    _check(question)
    return question


def _multichoice(element: ET.Element) -> dict:
    # As in Moodle: a missing <single> means true; "false", "0" or an empty value mean false.
    single = element.findtext("single", "true").strip() not in ("false", "0", "")
    choices = tuple(
        ChoiceData(_rich(answer), _fraction(answer), _rich(answer.find("feedback")))
        for answer in element.iterfind("answer")
    )
    return {"type": SINGLE if single else MULTIPLE, "choices": choices}


def _truefalse(element: ET.Element) -> dict:
    choices = tuple(
        ChoiceData(_plain(answer).lower(), _fraction(answer), _rich(answer.find("feedback")))
        for answer in element.iterfind("answer")
    )
    return {"type": TRUE_FALSE, "choices": choices}


def _shortanswer(element: ET.Element) -> dict:
    answers = tuple(
        AnswerData(_plain(answer), _fraction(answer), _rich(answer.find("feedback")))
        for answer in element.iterfind("answer")
    )
    return {"type": SHORT, "answers": answers}


def _numerical(element: ET.Element) -> dict:
    numbers = tuple(
        NumberData(
            _decimal(_plain(answer), "숫자 답안"),
            _tolerance(answer.findtext("tolerance", "0")),
            _fraction(answer),
            _rich(answer.find("feedback")),
        )
        for answer in element.iterfind("answer")
    )
    return {"type": NUMERICAL, "numbers": numbers}


def _matching(element: ET.Element) -> dict:
    pairs = tuple(
        PairData(_rich(sub), _plain(sub.find("answer"))) for sub in element.iterfind("subquestion")
    )
    return {"type": MATCHING, "pairs": pairs}


_READERS = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
    "matching": _matching,
    "match": _matching,  # the name Moodle uses inside, accepted by its importer too
}


def _plain(element: ET.Element | None) -> str:
    return "" if element is None else element.findtext("text", "").strip()


def _rich(element: ET.Element | None) -> str:
    """A text Moodle may hold as HTML: html is the default, as in Moodle's importer."""
    if element is None:
        return ""
    if element.get("format", "html") != "html":
        return _plain(element)
    return _html_to_text(element.findtext("text", ""))


def _key(idnumber: str, name: str, text: str) -> str:
    key = idnumber.strip().lower()
    if not key:
        digest = hashlib.sha1((name + text).encode(), usedforsecurity=False).hexdigest()
        return f"moodle-{digest[:10]}"
    if not KEY_PATTERN.match(key):
        raise ValueError(f"idnumber는 영문 소문자, 숫자, -, _ 로만 씁니다: {idnumber.strip()!r}")
    return key


def _decimal(value: str, what: str) -> Decimal:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValueError(f"{what}이(가) 숫자가 아닙니다: {value.strip()!r}")
    return number


def _fraction(answer: ET.Element) -> Decimal:
    percent = _decimal(answer.get("fraction", "0"), "비율(fraction)")
    if not -100 <= percent <= 100:
        raise ValueError(f"비율(fraction)은 -100에서 100 사이여야 합니다: {percent}")
    return percent.scaleb(-2)  # an exact shift: 33.33333 stays 0.3333333


def _tolerance(value: str) -> Decimal:
    tolerance = _decimal(value, "허용 오차(tolerance)")
    if tolerance < 0:
        raise ValueError("허용 오차(tolerance)는 0 이상이어야 합니다.")
    return tolerance


def _points(value: str) -> Decimal:
    points = _decimal(value, "배점(defaultgrade)")
    if points <= 0:
        raise ValueError("배점(defaultgrade)은 0보다 커야 합니다.")
    return points


def _difficulty(value: str) -> int:
    if value.strip() not in ("1", "2", "3"):
        raise ValueError(f"난이도는 1, 2, 3 중 하나입니다: {value.strip()!r}")
    return int(value)


def _check(question: QuestionData) -> None:
    if not question.text.strip():
        raise ValueError("문제 본문(questiontext)이 비어 있습니다.")
    if not question.explanation.strip():
        raise ValueError("해설(generalfeedback)이 비어 있습니다.")
    check_answerable(question)


class _HtmlText(HTMLParser):
    """Collects an HTML fragment's text; paragraph-like blocks start on a new line."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.line_has_text = False
        self.block_ended = False

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self._break_after_block()
            self.parts.append("\n")
            self.line_has_text = False
        elif tag in _BLOCK_TAGS:
            self.block_ended = True

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self.block_ended = True

    def handle_data(self, data):
        if data.strip(" \t\r\n\f"):
            self._break_after_block()
            self.line_has_text = True
        # HTML collapses ordinary white space but keeps &nbsp; (U+00A0).
        self.parts.append(re.sub(r"[ \t\r\n\f]+", " ", data))

    def _break_after_block(self):
        """A block's line break waits for what follows, so empty blocks add no blank lines."""
        if self.block_ended and self.line_has_text:
            self.parts.append("\n")
            self.line_has_text = False
        self.block_ended = False


def _html_to_text(fragment: str) -> str:
    parser = _HtmlText()
    parser.feed(fragment)
    parser.close()
    text = re.sub(r" *\n *", "\n", re.sub(r" {2,}", " ", "".join(parser.parts)))
    return text.replace("\xa0", " ").strip()


# Writing


def _category(topic: str) -> ET.Element:
    element = ET.Element("question", type="category")
    _add_text(element, "category", "$course$/top/" + topic.replace("/", "//"))
    return element


def _question_element(question: QuestionData) -> ET.Element:
    element = ET.Element("question", type=_EXPORT_TYPES[question.type])
    _add_text(element, "name", question.title or question.key)
    _add_text(element, "questiontext", _text_to_html(question.text), format="html")
    _add_text(element, "generalfeedback", _text_to_html(question.explanation), format="html")
    ET.SubElement(element, "defaultgrade").text = _number(question.points)
    ET.SubElement(element, "hidden").text = "0" if question.active else "1"
    ET.SubElement(element, "idnumber").text = question.key
    if question.type in (SINGLE, MULTIPLE):
        ET.SubElement(element, "single").text = "true" if question.type == SINGLE else "false"
    for choice in question.choices:
        plain = question.type == TRUE_FALSE  # Moodle writes "true"/"false" as plain text
        text = choice.text if plain else _text_to_html(choice.text)
        _add_answer(element, text, choice.fraction, choice.feedback, html_text=not plain)
    for answer in question.answers:
        _add_answer(element, answer.text, answer.fraction, answer.feedback)
    for number in question.numbers:
        answer = _add_answer(element, _number(number.value), number.fraction, number.feedback)
        ET.SubElement(answer, "tolerance").text = _number(number.tolerance)
    for pair in question.pairs:
        sub = _add_text(element, "subquestion", _text_to_html(pair.prompt), format="html")
        _add_text(sub, "answer", pair.match)
    if question.tags:
        tags = ET.SubElement(element, "tags")
        for tag in question.tags:
            _add_text(tags, "tag", tag)
    extra = ET.SubElement(element, "quizsite")
    ET.SubElement(extra, "source_quote").text = question.source_quote
    ET.SubElement(extra, "difficulty").text = str(question.difficulty)
    return element


def _add_text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    ET.SubElement(element, "text").text = text
    return element


def _add_answer(
    parent: ET.Element, text: str, fraction: Decimal, feedback: str, *, html_text: bool = False
) -> ET.Element:
    answer = _add_text(
        parent,
        "answer",
        text,
        fraction=_number(fraction.scaleb(2)),
        format="html" if html_text else "moodle_auto_format",
    )
    _add_text(answer, "feedback", _text_to_html(feedback), format="html")
    return answer


def _text_to_html(text: str) -> str:
    escaped = html.escape(text, quote=False)
    # &nbsp; for spaces HTML would collapse: in a run, or at a line break.
    escaped = re.sub(r" (?=[ \n])|(?<=\n) ", "&nbsp;", escaped)
    return escaped.replace("\n", "<br>")


def _number(value: Decimal) -> str:
    """Plain digits, no exponent or trailing zeros: 100, 0.5, -33.33333."""
    return format(value.normalize(), "f")
