"""What a student's progress page shows, read in three hand-written queries
(see `rows`): the page is the one a class opens after every quiz, and building
its querysets cost more than running them."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import DateField
from django.utils import timezone

from ..charts import whole_percent
from ..grade_methods import GRADING_METHODS, GradedAttempt, quiz_grade
from ..models import Attempt, Question, Quiz, Response, ReviewSchedule, Topic
from ..scheduling import LAST_BOX
from ..visibility import attempt_visibility, quiz_visibility, results_hidden
from .rows import attach, columns, fetch, fields, instance

SHOWN_ATTEMPTS = 50


@dataclass
class AttemptHistory:
    # The latest submitted, newest first, each with `percentage_value` and
    # `results_hidden` (what shows instead of a hidden mark, or "").
    attempts: list[Attempt]
    # Per quiz, by title: as `grades.quiz_grades` gives them, and `results_hidden`.
    grades: list[dict]


def attempt_history(
    *, user, shown: int = SHOWN_ATTEMPTS, now=None, as_teacher: bool = False
) -> AttemptHistory:
    """The student's latest `shown` submitted attempts, and their grade at every
    quiz by its grading method, from one read of every submitted attempt. For
    the student, marks their quiz's review options hide are left out (None);
    a teacher (`as_teacher`) sees them all."""
    now = now or timezone.now()
    attempts, quizzes, per_quiz = [], {}, {}
    for row in fetch(_HISTORY_SQL, [user.pk, Attempt.State.SUBMITTED], _HISTORY):
        values, quiz_values = row[: len(_ATTEMPT)], row[len(_ATTEMPT) :]
        attempt_id, kind, quiz_id, started_at, submitted_at, score, max_score = values[:7]
        percentage = float(score) * 100 / float(max_score) if max_score else None
        if quiz_id and quiz_id not in quizzes:
            quizzes[quiz_id] = instance(Quiz, _QUIZ, quiz_values)
        if len(attempts) < shown:
            attempt = instance(Attempt, _ATTEMPT, values)
            attach(attempt, "quiz", quizzes.get(quiz_id))
            hidden = "" if as_teacher else results_hidden(attempt_visibility(attempt, now))
            attempt.results_hidden = hidden
            attempt.percentage_value = None if hidden else percentage
            attempts.append(attempt)
        if kind == Attempt.Kind.QUIZ:
            graded = GradedAttempt(attempt_id, started_at, submitted_at, percentage)
            per_quiz.setdefault(quiz_id, []).append(graded)
    grades = []
    for quiz_id, graded in per_quiz.items():
        quiz = quizzes[quiz_id]
        hidden = "" if as_teacher else results_hidden(quiz_visibility(quiz, now))
        figures = quiz_grade(graded, quiz.grading_method)
        if hidden:
            figures.update(dict.fromkeys(("grade", *GRADING_METHODS)))
        grades.append(
            {"student": user.pk, "quiz": quiz_id, "quiz__title": quiz.title,
             "quiz__slug": quiz.slug, "quiz__grading_method": quiz.grading_method,
             "results_hidden": hidden, **figures}
        )  # fmt: skip
    grades.sort(key=lambda row: row["quiz__title"])
    return AttemptHistory(attempts=attempts, grades=grades)


_ATTEMPT = ("id", "kind", "quiz", "started_at", "submitted_at", "score", "max_score",
            "student", "state", "number", "deadline", "auto_submitted")  # fmt: skip
_QUIZ = ("id", "title", "slug", "grading_method", "pass_mark", "closes_at", "review_marks",
         "review_answers", "review_explanations", "review_after_close")  # fmt: skip
_HISTORY = [*fields(Attempt, _ATTEMPT), *fields(Quiz, _QUIZ)]
_HISTORY_SQL = (
    f"SELECT {columns('a', Attempt, _ATTEMPT)}, {columns('q', Quiz, _QUIZ)} "
    f"FROM {Attempt._meta.db_table} a LEFT JOIN {Quiz._meta.db_table} q ON q.id = a.quiz_id "
    "WHERE a.student_id = %s AND a.state = %s ORDER BY a.submitted_at DESC, a.id DESC"
)


def topic_mastery(*, user) -> list[dict]:
    """Every topic with its active questions, how many the student has answered
    and how many they have mastered (reached the last review box)."""
    rows = []
    for topic_id, name, total, answered, mastered in fetch(
        _MASTERY_SQL, [LAST_BOX, user.pk], _MASTERY
    ):
        rate = mastered * 100 / total if total else 0
        rows.append(
            {
                "topic": {"id": topic_id, "name": name},
                "total": total,
                "answered": answered,
                "mastered": mastered,
                "rate": rate,
                "percent": whole_percent(rate),
            }
        )
    return rows


_TOPIC, _QUESTION, _SCHEDULE = (m._meta.db_table for m in (Topic, Question, ReviewSchedule))
# Active questions per topic, and the student's schedules for them: answered
# once at least, and mastered (in the last box). Counts come back as integers.
_MASTERY_SQL = (
    "SELECT t.id, t.name, COALESCE(bank.total, 0), COALESCE(mine.answered, 0), "
    "COALESCE(mine.mastered, 0) "
    f"FROM {_TOPIC} t "
    f"LEFT JOIN (SELECT topic_id, COUNT(*) AS total FROM {_QUESTION} WHERE active "
    "GROUP BY topic_id) bank ON bank.topic_id = t.id "
    "LEFT JOIN (SELECT q.topic_id, COUNT(*) AS answered, "
    "SUM(CASE WHEN s.box >= %s THEN 1 ELSE 0 END) AS mastered "
    f"FROM {_SCHEDULE} s JOIN {_QUESTION} q ON q.id = s.question_id "
    "WHERE s.student_id = %s AND q.active GROUP BY q.topic_id) mine ON mine.topic_id = t.id "
    "ORDER BY t.document_id, t.position"
)
_MASTERY = fields(Topic, ("id", "name"))


def coverage(topics: list[dict]) -> dict:
    """Shares of the active bank answered at least once and mastered, from the
    per-topic figures of `topic_mastery` (every question has a topic)."""
    total = sum(row["total"] for row in topics)
    answered = sum(row["answered"] for row in topics)
    mastered = sum(row["mastered"] for row in topics)
    return {
        "total": total,
        "answered": answered,
        "mastered": mastered,
        "answered_rate": answered * 100 / total if total else 0,
        "mastered_rate": mastered * 100 / total if total else 0,
    }


def activity_streak(*, user, today: date | None = None) -> int:
    """Consecutive days with at least one answer, ending today (or yesterday,
    so that a streak is not lost before today's practice). Days are local: an
    answer's moment becomes its date as each database's own TruncDate does."""
    today = today or timezone.localdate()
    current = connections[DEFAULT_DB_ALIAS]
    day_sql, day_params = current.ops.datetime_cast_date_sql(
        "r.answered_at", (), timezone.get_current_timezone_name()
    )
    since = timezone.make_aware(datetime.combine(today - timedelta(days=366), time.min))
    rows = fetch(
        _STREAK_SQL.format(day=day_sql),
        [*day_params, user.pk, current.ops.adapt_datetimefield_value(since)],
        _STREAK,
    )
    days = {day for (day,) in rows}
    day = today if today in days else today - timedelta(days=1)
    streak = 0
    while day in days:
        streak += 1
        day -= timedelta(days=1)
    return streak


_STREAK_SQL = (
    "SELECT DISTINCT {day} "
    f"FROM {Response._meta.db_table} r JOIN {Attempt._meta.db_table} a ON a.id = r.attempt_id "
    "WHERE a.student_id = %s AND r.answered_at >= %s"
)
_STREAK = [DateField()]  # read as dates on either database


def timeline(attempts: list[Attempt], limit: int = 30) -> list[Attempt]:
    """The latest submitted attempts whose marks show (`attempts` newest first),
    oldest first, for the progress chart."""
    shown = [attempt for attempt in attempts if not attempt.results_hidden]
    return list(reversed(shown[:limit]))
