from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F

from ..grading import AnswerKey, ChoiceKey, NumberKey, PairKey, QuestionKey


class QuestionType(models.TextChoices):
    SINGLE = "single", "단일 선택"
    MULTIPLE = "multiple", "복수 선택"
    TRUE_FALSE = "truefalse", "참/거짓"
    SHORT = "short", "단답형"
    NUMERICAL = "numerical", "수치형"
    MATCHING = "matching", "짝 맞추기"


class Tag(models.Model):
    name = models.CharField("이름", max_length=100, unique=True)

    class Meta:
        verbose_name = "태그"
        verbose_name_plural = "태그"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Question(models.Model):
    key = models.SlugField(
        "키", max_length=80, unique=True, help_text="가져오기/내보내기에서 문제를 식별하는 고정 키"
    )
    qtype = models.CharField("유형", max_length=16, choices=QuestionType.choices)
    title = models.CharField("제목", max_length=200, blank=True)
    text = models.TextField("문제")
    explanation = models.TextField("해설", help_text="정답인 이유와 가장 그럴듯한 오답이 틀린 이유")
    difficulty = models.PositiveSmallIntegerField(
        "난이도",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text="1 기억, 2 이해, 3 추론",
    )
    points = models.DecimalField(
        "배점",
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    topic = models.ForeignKey(
        "questions.Topic", on_delete=models.PROTECT, related_name="questions", verbose_name="주제"
    )
    passage = models.ForeignKey(
        "questions.Passage",
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name="근거 단락",
    )
    source_quote = models.TextField("근거 인용", help_text="근거 단락의 문장을 그대로 인용")
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions", verbose_name="태그")
    active = models.BooleanField("사용", default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The frozen version of the current content, so that starting an attempt need
    # not reload and re-hash every question. Any change to the question or its
    # rows clears it and bumps the revision (see `questions_content_changed`).
    current_version = models.ForeignKey(
        "questions.QuestionVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    content_revision = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "문제"
        verbose_name_plural = "문제"
        ordering = ["key"]
        indexes = [models.Index(fields=["topic", "active"])]

    def __str__(self):
        return f"[{self.key}] {self.text[:40]}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        questions_content_changed([self.pk])
        self.current_version = None

    @property
    def is_typed_answer(self) -> bool:
        """Answered by typing (short answer, numerical) rather than by choosing."""
        return self.qtype in (QuestionType.SHORT, QuestionType.NUMERICAL)


def questions_content_changed(question_ids) -> None:
    """The questions' content changed: the next attempt freezes it anew. The
    revision lets a freeze that read the old content notice and not point at it."""
    Question.objects.filter(pk__in=question_ids).update(
        current_version=None, content_revision=F("content_revision") + 1
    )


class QuestionPart(models.Model):
    """A row of a question's content (an option, an answer, a pair): saving or
    deleting one changes what the next attempt at the question freezes."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        questions_content_changed([self.question_id])

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        questions_content_changed([self.question_id])
        return deleted


class Choice(QuestionPart):
    """An option of a choice question.

    `fraction` is the share of the points the option is worth. Left empty, it is
    derived from `is_correct` (see `grading.choice_fractions`); an import may set it.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField("보기", max_length=500)
    is_correct = models.BooleanField("정답", default=False)
    fraction = models.DecimalField(
        "배점 비율",
        max_digits=7,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-1")), MaxValueValidator(Decimal("1"))],
        help_text="비워 두면 정답 표시에서 계산합니다 (-1 ~ 1)",
    )
    feedback = models.TextField("보기 피드백", blank=True)
    position = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        verbose_name = "보기"
        verbose_name_plural = "보기"
        ordering = ["question", "position", "id"]

    def __str__(self):
        return self.text


class TypedAnswer(QuestionPart):
    """What a typed answer earns when it matches: a share of the points and feedback."""

    fraction = models.DecimalField(
        "배점 비율",
        max_digits=7,
        decimal_places=5,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    feedback = models.TextField("피드백", blank=True)

    class Meta:
        abstract = True


class AcceptedAnswer(TypedAnswer):
    """An answer a short-answer question accepts, matched after normalisation."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="accepted_answers"
    )
    text = models.CharField("인정 답안", max_length=300)

    class Meta:
        verbose_name = "인정 답안"
        verbose_name_plural = "인정 답안"
        ordering = ["question", "-fraction", "id"]

    def __str__(self):
        return self.text


class NumericalAnswer(TypedAnswer):
    """A value a numerical question accepts, give or take `tolerance`."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="numerical_answers"
    )
    value = models.DecimalField("값", max_digits=20, decimal_places=6)
    tolerance = models.DecimalField(
        "허용 오차",
        max_digits=20,
        decimal_places=6,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = "숫자 답안"
        verbose_name_plural = "숫자 답안"
        ordering = ["question", "-fraction", "id"]

    def __str__(self):
        value = f"{self.value.normalize():f}"
        return f"{value} ± {self.tolerance.normalize():f}" if self.tolerance else value


class MatchPair(QuestionPart):
    """A prompt of a matching question and its match. A pair without a prompt
    adds its match to the choices as a distractor."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="pairs")
    prompt = models.CharField("질문 항목", max_length=300, blank=True)
    match = models.CharField("짝", max_length=300)
    position = models.PositiveSmallIntegerField("순서", default=0)

    class Meta:
        verbose_name = "짝"
        verbose_name_plural = "짝"
        ordering = ["question", "position", "id"]

    def __str__(self):
        return f"{self.prompt or '(오답)'} → {self.match}"


def grading_key(question, *, points: Decimal | None = None) -> QuestionKey:
    """The pure grading module's view of a `Question` (uses prefetched rows)."""
    return key_of_rows(
        question.qtype,
        question.points if points is None else points,
        choices=question.choices.all(),
        answers=question.accepted_answers.all(),
        numbers=question.numerical_answers.all(),
        pairs=question.pairs.all(),
    )


def key_of_rows(qtype: str, points: Decimal, *, choices, answers, numbers, pairs) -> QuestionKey:
    """A key from a question's or a version's rows (both name their fields alike)."""
    return QuestionKey(
        qtype=qtype,
        points=points,
        choices=tuple(
            ChoiceKey(id=c.id, is_correct=c.is_correct, fraction=c.fraction) for c in choices
        ),
        answers=tuple(
            AnswerKey(text=a.text, fraction=a.fraction, feedback=a.feedback) for a in answers
        ),
        numbers=tuple(
            NumberKey(
                value=n.value, tolerance=n.tolerance, fraction=n.fraction, feedback=n.feedback
            )
            for n in numbers
        ),
        pairs=tuple(PairKey(id=p.id, prompt=p.prompt, match=p.match) for p in pairs),
    )
