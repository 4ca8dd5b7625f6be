from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse


class Quiz(models.Model):
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

    class Meta:
        verbose_name = "퀴즈"
        verbose_name_plural = "퀴즈"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("questions:quiz_detail", args=[self.slug])


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
