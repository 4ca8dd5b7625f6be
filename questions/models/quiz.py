from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse


class Quiz(models.Model):
    """A quiz and its rules, as in Moodle's quiz settings."""

    class GradingMethod(models.TextChoices):
        HIGHEST = "highest", "최고 점수"
        AVERAGE = "average", "평균 점수"
        FIRST = "first", "첫 응시"
        LAST = "last", "마지막 응시"

    class QuestionSource(models.TextChoices):
        FIXED = "fixed", "정해진 문제 목록"
        RANDOM = "random", "주제와 난이도에서 무작위 추출"

    class FeedbackMode(models.TextChoices):
        DEFERRED = "deferred", "제출 후 한꺼번에"
        IMMEDIATE = "immediate", "문제마다 바로 (확인 버튼)"

    title = models.CharField("제목", max_length=200)
    slug = models.SlugField(unique=True)
    description = models.TextField("설명", blank=True)
    published = models.BooleanField("공개", default=False, db_index=True)
    pass_mark = models.DecimalField(
        "합격 기준(%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    questions = models.ManyToManyField(
        "questions.Question", through="QuizQuestion", related_name="quizzes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Timing and attempts
    opens_at = models.DateTimeField("응시 시작", null=True, blank=True)
    closes_at = models.DateTimeField("응시 마감", null=True, blank=True)
    time_limit_minutes = models.PositiveIntegerField(
        "제한 시간(분)", null=True, blank=True, help_text="비워 두면 제한 없음"
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        "응시 가능 횟수",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="비워 두면 무제한",
    )
    grading_method = models.CharField(
        "퀴즈 성적 산정",
        max_length=10,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
    )

    # Which questions, in which order
    question_source = models.CharField(
        "문제 구성", max_length=10, choices=QuestionSource.choices, default=QuestionSource.FIXED
    )
    draw_count = models.PositiveSmallIntegerField(
        "추출할 문제 수", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    draw_topics = models.ManyToManyField(
        "questions.Topic",
        blank=True,
        related_name="+",
        verbose_name="추출할 주제",
        help_text="비워 두면 모든 주제",
    )
    draw_min_difficulty = models.PositiveSmallIntegerField(
        "최저 난이도", default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    draw_max_difficulty = models.PositiveSmallIntegerField(
        "최고 난이도", default=3, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    shuffle_questions = models.BooleanField("문제 순서 섞기", default=False)
    shuffle_options = models.BooleanField("보기 순서 섞기", default=False)

    # Feedback and review
    feedback_mode = models.CharField(
        "피드백", max_length=10, choices=FeedbackMode.choices, default=FeedbackMode.DEFERRED
    )
    review_marks = models.BooleanField("제출 후 점수 공개", default=True)
    review_answers = models.BooleanField("제출 후 정답 공개", default=True)
    review_explanations = models.BooleanField("제출 후 해설 공개", default=True)
    review_after_close = models.BooleanField(
        "마감 후에만 공개", default=False, help_text="켜면 위 항목을 응시 마감 뒤에 보여 줍니다"
    )

    class Meta:
        verbose_name = "퀴즈"
        verbose_name_plural = "퀴즈"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("questions:quiz_detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "마감 시각은 시작 시각보다 뒤여야 합니다."
        if self.question_source == self.QuestionSource.RANDOM and not self.draw_count:
            errors["draw_count"] = "무작위 추출에는 추출할 문제 수가 필요합니다."
        if self.draw_min_difficulty > self.draw_max_difficulty:
            errors["draw_max_difficulty"] = "최고 난이도는 최저 난이도 이상이어야 합니다."
        if errors:
            raise ValidationError(errors)


class QuizQuestion(models.Model):
    """A question's place in a quiz."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    question = models.ForeignKey(
        "questions.Question", on_delete=models.CASCADE, related_name="quiz_slots"
    )
    position = models.PositiveIntegerField("순서", default=0)

    class Meta:
        verbose_name = "퀴즈 문항"
        verbose_name_plural = "퀴즈 문항"
        ordering = ["quiz", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "question"], name="quizquestion_unique"),
        ]

    def __str__(self):
        return f"{self.quiz} #{self.position}"
