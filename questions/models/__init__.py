"""Models split by domain and re-exported, so `from questions.models import Quiz` works."""

from .attempt import Attempt, Response
from .bank import AcceptedAnswer, Choice, NumericalAnswer, Question, QuestionType, Tag
from .document import Document, Passage, Topic
from .quiz import Quiz, QuizQuestion

__all__ = [
    "AcceptedAnswer",
    "Attempt",
    "Choice",
    "Document",
    "NumericalAnswer",
    "Passage",
    "Question",
    "QuestionType",
    "Quiz",
    "QuizQuestion",
    "Response",
    "Tag",
    "Topic",
]
