"""What a student may see of their own results: the one rule every page, chart,
count and review schedule goes by. Plain Python, unit-tested without a database.

A quiz attempt shows what the quiz's review options allow (점수, 정답, 해설), and
with 마감 후에만 공개 nothing until the quiz closes. Practice attempts and review
rounds show everything: a practice retry is only offered once answers show, and
a review round only holds questions whose answers the student has seen.
"""

from dataclasses import dataclass
from datetime import datetime

QUIZ = "quiz"  # Attempt.Kind.QUIZ, named here to keep this module free of Django


@dataclass(frozen=True)
class Visibility:
    marks: bool  # the score, the percentage, right or wrong
    answers: bool  # the key
    explanations: bool  # the explanation and the passage it cites
    waiting: bool = False  # nothing shows until the quiz closes


EVERYTHING = Visibility(marks=True, answers=True, explanations=True)


def quiz_visibility(quiz, now: datetime) -> Visibility:
    """What a quiz's review options show of its attempts at `now`. `quiz` has
    `review_marks`, `review_answers`, `review_explanations`, `review_after_close`
    and `closes_at`. A quiz that shows results only after it closes, but has no
    close time, shows nothing until one is set."""
    if quiz.review_after_close and (quiz.closes_at is None or now < quiz.closes_at):
        return Visibility(False, False, False, waiting=True)
    return Visibility(quiz.review_marks, quiz.review_answers, quiz.review_explanations)


def attempt_visibility(attempt, now: datetime) -> Visibility:
    """What the student may see of `attempt` (its `kind` and `quiz`) at `now`."""
    if attempt.kind != QUIZ or attempt.quiz is None:
        return EVERYTHING
    return quiz_visibility(attempt.quiz, now)


def goes_to_review(visibility: Visibility) -> bool:
    """Whether an attempt's answers may move the student's review schedule: a
    review round shows each question's key, and box counts tell right from
    wrong, so only once the attempt's key shows."""
    return visibility.answers


WAITING = "마감 후 공개"
WITHHELD = "비공개"


def results_hidden(visibility: Visibility) -> str:
    """What a page shows in place of a hidden mark ("" when marks show)."""
    if visibility.marks:
        return ""
    return WAITING if visibility.waiting else WITHHELD
