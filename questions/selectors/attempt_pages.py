"""The pages of an attempt a whole class loads at once, each read in two or
three hand-written queries (see `rows`): a question with the navigator, and the
result with every slot reviewed."""

from dataclasses import dataclass

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
from .rows import LARGEST_ID, all_fields, attach, columns, fetch, fields, instance


@dataclass
class QuestionPage:
    """One slot of an attempt with everything its page shows (`slot.attempt`,
    `slot.version` and its passage, options in this student's order or chosen
    matches), and the navigator's row for every slot."""

    slot: Response | None  # None: the attempt has no slot at that position
    attempt: Attempt
    navigator: list[dict]


@dataclass
class ResultPage:
    """A submitted attempt's every slot, each with its version, passage, options
    in this student's order and chosen matches."""

    attempt: Attempt
    slots: list[Response]


def question_page(*, student_id: int, attempt_id: int, position: int) -> QuestionPage | None:
    """The page of slot `position` of the student's attempt; None if the attempt
    is not theirs (or does not exist)."""
    if not 0 < attempt_id <= LARGEST_ID:
        return None  # no such row; SQLite would refuse the number outright
    position = position if 0 < position <= LARGEST_ID else 0  # past the end
    rows = fetch(_ONE_VERSION_SQL, [position, attempt_id, student_id], _SLOTS, repeated=_AT_SLOT)
    if not rows:
        return None
    attempt = _attempt(rows[0])
    navigator, slot = [], None
    for row in rows:
        values = row[_AT_SLOT:_AT_VERSION]
        at, answered_at, flagged = values[1], values[5], values[6]
        navigator.append({"position": at, "answered": answered_at is not None, "flagged": flagged})
        if at == position:
            slot = _slot(row, attempt)
    if slot is not None:
        _load_answers(attempt, [slot], position=position)
    return QuestionPage(slot=slot, attempt=attempt, navigator=navigator)


def result_page(*, student_id: int, attempt_id: int) -> ResultPage | None:
    """Every slot of the student's attempt for its result; None if the attempt is
    not theirs (or does not exist)."""
    if not 0 < attempt_id <= LARGEST_ID:
        return None
    rows = fetch(_ALL_VERSIONS_SQL, [attempt_id, student_id], _SLOTS, repeated=_AT_SLOT)
    if not rows:
        return None
    attempt = _attempt(rows[0])
    slots = [_slot(row, attempt) for row in rows]
    _load_answers(attempt, slots)
    return ResultPage(attempt=attempt, slots=slots)


def _attempt(row: list) -> Attempt:
    attempt = instance(Attempt, _ATTEMPT, row[:_AT_QUIZ])
    attach(
        attempt, "quiz", instance(Quiz, _QUIZ, row[_AT_QUIZ:_AT_SLOT]) if attempt.quiz_id else None
    )
    return attempt


def _slot(row: list, attempt: Attempt) -> Response:
    slot = instance(Response, _SLOT, row[_AT_SLOT:_AT_VERSION])
    attach(slot, "attempt", attempt)
    version = instance(QuestionVersion, _VERSION, row[_AT_VERSION:_AT_PASSAGE])
    attach(slot, "version", version)
    passage = instance(Passage, _PASSAGE, row[_AT_PASSAGE:]) if version.passage_id else None
    attach(version, "passage", passage)
    return slot


def _load_answers(attempt: Attempt, slots: list[Response], position: int | None = None) -> None:
    """The slots' options in this student's order and their chosen matches, as
    prefetched rows; one query per kind the slots need (of one slot, if
    `position` is given)."""
    by_id = {slot.pk: slot for slot in slots}
    for slot in slots:
        slot._prefetched_objects_cache = {"options": [], "matches": []}
    where = [attempt.pk] if position is None else [attempt.pk, position]
    qtypes = {slot.version.qtype for slot in slots}
    if qtypes & set(CHOICE_TYPES):
        sql = _OPTIONS_SQL + (" AND r.position = %s" if position else "") + _OPTIONS_ORDER
        for row in fetch(sql, where, _OPTIONS_COLUMNS):
            option = instance(ResponseOption, _OPTION, row[: len(_OPTION)])
            attach(option, "choice", instance(VersionChoice, _CHOICE, row[len(_OPTION) :]))
            by_id[option.response_id]._prefetched_objects_cache["options"].append(option)
    if MATCHING in qtypes:
        sql = _MATCHES_SQL + (" AND r.position = %s" if position else "")
        for row in fetch(sql, where, _MATCH_COLUMNS):
            match = instance(ResponseMatch, _MATCH, row)
            by_id[match.response_id]._prefetched_objects_cache["matches"].append(match)


# The columns read, as (model, field names); the SQL below names them alike.
_ATTEMPT = all_fields(Attempt)
_QUIZ = all_fields(Quiz)
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

_SLOTS = [
    *fields(Attempt, _ATTEMPT),
    *fields(Quiz, _QUIZ),
    *fields(Response, _SLOT),
    *fields(QuestionVersion, _VERSION),
    *fields(Passage, _PASSAGE),
]
_AT_QUIZ = len(_ATTEMPT)
_AT_SLOT = _AT_QUIZ + len(_QUIZ)
_AT_VERSION = _AT_SLOT + len(_SLOT)
_AT_PASSAGE = _AT_VERSION + len(_VERSION)


def _slots_sql(version_join: str) -> str:
    """Every slot of an attempt, in order, with its version where `version_join` holds."""
    return (
        f"SELECT {columns('a', Attempt, _ATTEMPT)}, {columns('q', Quiz, _QUIZ)}, "
        f"{columns('r', Response, _SLOT)}, {columns('v', QuestionVersion, _VERSION)}, "
        f"{columns('p', Passage, _PASSAGE)} "
        f"FROM {Attempt._meta.db_table} a "
        f"LEFT JOIN {Quiz._meta.db_table} q ON q.id = a.quiz_id "
        f"JOIN {Response._meta.db_table} r ON r.attempt_id = a.id "
        f"LEFT JOIN {QuestionVersion._meta.db_table} v ON {version_join} "
        f"LEFT JOIN {Passage._meta.db_table} p ON p.id = v.passage_id "
        "WHERE a.id = %s AND a.student_id = %s ORDER BY r.position"
    )


# The navigator needs every slot; the question itself only the slot shown.
_ONE_VERSION_SQL = _slots_sql("v.id = r.version_id AND r.position = %s")
_ALL_VERSIONS_SQL = _slots_sql("v.id = r.version_id")
_OPTIONS_COLUMNS = [*fields(ResponseOption, _OPTION), *fields(VersionChoice, _CHOICE)]
_OPTIONS_SQL = (
    f"SELECT {columns('o', ResponseOption, _OPTION)}, {columns('c', VersionChoice, _CHOICE)} "
    f"FROM {ResponseOption._meta.db_table} o "
    f"JOIN {VersionChoice._meta.db_table} c ON c.id = o.choice_id "
    f"JOIN {Response._meta.db_table} r ON r.id = o.response_id "
    "WHERE r.attempt_id = %s"
)
_OPTIONS_ORDER = " ORDER BY r.position, o.position"
_MATCH_COLUMNS = fields(ResponseMatch, _MATCH)
_MATCHES_SQL = (
    f"SELECT {columns('m', ResponseMatch, _MATCH)} FROM {ResponseMatch._meta.db_table} m "
    f"JOIN {Response._meta.db_table} r ON r.id = m.response_id "
    "WHERE r.attempt_id = %s"
)
