"""The question page, read in two hand-written queries.

Every student of a class loads this page once per question, so it is the site's
hottest read. Building its querysets cost several times more than running them
(selecting related rows, compiling SQL, checking deferred fields), so the page
reads with plain SQL instead. Values still pass through Django's own converters,
and the rows become the same model instances the ORM would make, so templates,
forms and model properties work on them unchanged and both databases agree.
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Model
from django.db.models.expressions import Col

from ..grading import CHOICE_TYPES, MATCHING
from ..models import (
    Attempt,
    Passage,
    QuestionVersion,
    Quiz,
    Response,
    ResponseMatch,
    ResponseOption,
    VersionChoice,
)

# The largest id or position either database stores (a signed 64-bit integer).
_LARGEST_ID = 2**63 - 1


@dataclass
class QuestionPage:
    """One slot of an attempt with everything its page shows (`slot.attempt`,
    `slot.version` and its passage, options in this student's order or chosen
    matches), and the navigator's row for every slot."""

    slot: Response | None  # None: the attempt has no slot at that position
    attempt: Attempt
    navigator: list[dict]


def question_page(*, student_id: int, attempt_id: int, position: int) -> QuestionPage | None:
    """The page of slot `position` of the student's attempt; None if the attempt
    is not theirs (or does not exist)."""
    if not 0 < attempt_id <= _LARGEST_ID:
        return None  # no such row; SQLite would refuse the number outright
    position = position if 0 < position <= _LARGEST_ID else 0  # past the end
    rows = _fetch(_SLOTS_SQL, [position, attempt_id, student_id], _SLOTS)
    if not rows:
        return None
    attempt = _instance(Attempt, _ATTEMPT, rows[0][:_AT_QUIZ])
    attempt.quiz = _instance(Quiz, _QUIZ, rows[0][_AT_QUIZ:_AT_SLOT])
    navigator, slot = [], None
    for row in rows:
        values = row[_AT_SLOT:_AT_VERSION]
        at, answered_at, flagged = values[1], values[5], values[6]
        navigator.append({"position": at, "answered": answered_at is not None, "flagged": flagged})
        if at == position:
            slot = _instance(Response, _SLOT, values)
            slot.attempt = attempt
            slot.version = _instance(QuestionVersion, _VERSION, row[_AT_VERSION:_AT_PASSAGE])
            slot.version.passage = (
                _instance(Passage, _PASSAGE, row[_AT_PASSAGE:]) if slot.version.passage_id else None
            )
    if slot is not None:
        _load_answer(slot)
    return QuestionPage(slot=slot, attempt=attempt, navigator=navigator)


def _load_answer(slot: Response) -> None:
    """The slot's options in this student's order, or its chosen matches."""
    version = slot.version
    if version.qtype in CHOICE_TYPES:
        options = []
        for row in _fetch(_OPTIONS_SQL, [slot.pk], _OPTIONS_COLUMNS):
            option = _instance(ResponseOption, _OPTION, row[: len(_OPTION)])
            option.choice = _instance(VersionChoice, _CHOICE, row[len(_OPTION) :])
            options.append(option)
        slot._prefetched_objects_cache = {"options": options}
    elif version.qtype == MATCHING:
        matches = [
            _instance(ResponseMatch, _MATCH, row)
            for row in _fetch(_MATCHES_SQL, [slot.pk], _MATCH_COLUMNS)
        ]
        slot._prefetched_objects_cache = {"matches": matches}


# The columns read, as (model, field names); the SQL below names them alike.
_ATTEMPT = (
    "id",
    "student",
    "kind",
    "quiz",
    "state",
    "immediate_feedback",
    "started_at",
    "deadline",
)
_QUIZ = ("id", "title", "closes_at")
_SLOT = (
    "id",
    "position",
    "version",
    "max_points",
    "text_answer",
    "answered_at",
    "flagged",
    "checked_at",
    "points_awarded",
    "correct",
)
_VERSION = (
    "id",
    "qtype",
    "title",
    "text",
    "explanation",
    "source_quote",
    "points",
    "grading_data",
    "passage",
)
_PASSAGE = ("id", "anchor", "section_heading", "subheading")
_OPTION = ("id", "response", "choice", "position", "selected")
_CHOICE = ("id", "text", "is_correct", "feedback")
_MATCH = ("id", "response", "pair", "chosen")


def _fields(model: type[Model], names: Sequence[str]) -> list:
    return [model._meta.get_field(name) for name in names]


def _columns(alias: str, model: type[Model], names: Sequence[str]) -> str:
    return ", ".join(f"{alias}.{field.column}" for field in _fields(model, names))


_SLOTS = [
    *_fields(Attempt, _ATTEMPT),
    *_fields(Quiz, _QUIZ),
    *_fields(Response, _SLOT),
    *_fields(QuestionVersion, _VERSION),
    *_fields(Passage, _PASSAGE),
]
_AT_QUIZ = len(_ATTEMPT)
_AT_SLOT = _AT_QUIZ + len(_QUIZ)
_AT_VERSION = _AT_SLOT + len(_SLOT)
_AT_PASSAGE = _AT_VERSION + len(_VERSION)
# Every slot for the navigator; the question itself only on the slot shown.
_SLOTS_SQL = (
    f"SELECT {_columns('a', Attempt, _ATTEMPT)}, {_columns('q', Quiz, _QUIZ)}, "
    f"{_columns('r', Response, _SLOT)}, {_columns('v', QuestionVersion, _VERSION)}, "
    f"{_columns('p', Passage, _PASSAGE)} "
    f"FROM {Attempt._meta.db_table} a "
    f"LEFT JOIN {Quiz._meta.db_table} q ON q.id = a.quiz_id "
    f"JOIN {Response._meta.db_table} r ON r.attempt_id = a.id "
    f"LEFT JOIN {QuestionVersion._meta.db_table} v ON v.id = r.version_id AND r.position = %s "
    f"LEFT JOIN {Passage._meta.db_table} p ON p.id = v.passage_id "
    "WHERE a.id = %s AND a.student_id = %s ORDER BY r.position"
)
_OPTIONS_COLUMNS = [*_fields(ResponseOption, _OPTION), *_fields(VersionChoice, _CHOICE)]
_OPTIONS_SQL = (
    f"SELECT {_columns('o', ResponseOption, _OPTION)}, {_columns('c', VersionChoice, _CHOICE)} "
    f"FROM {ResponseOption._meta.db_table} o "
    f"JOIN {VersionChoice._meta.db_table} c ON c.id = o.choice_id "
    "WHERE o.response_id = %s ORDER BY o.position"
)
_MATCH_COLUMNS = _fields(ResponseMatch, _MATCH)
_MATCHES_SQL = (
    f"SELECT {_columns('m', ResponseMatch, _MATCH)} FROM {ResponseMatch._meta.db_table} m "
    "WHERE m.response_id = %s"
)


def _fetch(sql: str, params: list, fields: Sequence) -> list[list]:
    """Rows of `sql`, each value converted as the ORM converts that field's."""
    converters = []
    for index, field in enumerate(fields):
        column = Col("", field)
        found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if found:
            converters.append((index, column, found))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [list(row) for row in cursor.fetchall()]
    for row in rows:
        for index, column, found in converters:
            for convert in found:
                row[index] = convert(row[index], column, connection)
    return rows


def _instance(model: type[Model], names: Sequence[str], values: Sequence) -> Model:
    """A model instance as a queryset builds one (its other fields deferred)."""
    attnames, order = _shape(model, tuple(names))
    return model.from_db(connection.alias, attnames, [values[i] for i in order])


@functools.cache
def _shape(model: type[Model], names: tuple[str, ...]) -> tuple[list[str], list[int]]:
    """`from_db` takes values in the model's field order: which, and where from."""
    given = {model._meta.get_field(name).attname: index for index, name in enumerate(names)}
    attnames = [f.attname for f in model._meta.concrete_fields if f.attname in given]
    return attnames, [given[attname] for attname in attnames]
