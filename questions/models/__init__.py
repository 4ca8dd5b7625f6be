"""Models split by domain and re-exported, so `from questions.models import Quiz` works."""

from .attempt import Attempt, Response, ResponseMatch, ResponseOption
from .bank import (
    AcceptedAnswer,
    Choice,
    MatchPair,
    NumericalAnswer,
    Question,
    QuestionType,
    Tag,
)
from .classroom import Assignment, Classroom
from .document import Document, Passage, Topic
from .quiz import Quiz, QuizQuestion
from .review import ReviewSchedule
from .snapshot import (
    QuestionVersion,
    VersionAnswer,
    VersionChoice,
    VersionNumber,
    VersionPair,
)

__all__ = [
    "Assignment",
    "Classroom",
    "AcceptedAnswer",
    "Attempt",
    "Choice",
    "Document",
    "MatchPair",
    "NumericalAnswer",
    "Passage",
    "Question",
    "QuestionType",
    "Quiz",
    "QuizQuestion",
    "Response",
    "ResponseMatch",
    "ResponseOption",
    "ReviewSchedule",
    "QuestionVersion",
    "VersionAnswer",
    "VersionChoice",
    "VersionNumber",
    "VersionPair",
    "Tag",
    "Topic",
]
