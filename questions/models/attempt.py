from django.conf import settings
from django.db import models


class Attempt(models.Model):
    """One student's go at a quiz.

    The questions and their order are fixed when the attempt starts: one
    `Response` row per question, created up front, numbered by `position`.
    """

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", "진행 중"
        SUBMITTED = "submitted", "제출됨"

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    quiz = models.ForeignKey("questions.Quiz", on_delete=models.PROTECT, related_name="attempts")
    state = models.CharField(max_length=16, choices=State.choices, default=State.IN_PROGRESS)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = "응시"
        verbose_name_plural = "응시"
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["student", "quiz", "state"]),
            models.Index(fields=["quiz", "state"]),
        ]

    def __str__(self):
        return f"{self.student} · {self.quiz} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_submitted(self):
        return self.state == self.State.SUBMITTED

    @property
    def percentage(self):
        if self.score is None or not self.max_score:
            return None
        return self.score * 100 / self.max_score

    @property
    def passed(self):
        pct = self.percentage
        return pct is not None and pct >= self.quiz.pass_mark


class Response(models.Model):
    """A student's answer to one question of an attempt (its slot)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(
        "questions.Question", on_delete=models.PROTECT, related_name="responses"
    )
    position = models.PositiveIntegerField()
    max_points = models.DecimalField(max_digits=6, decimal_places=2)
    chosen_choices = models.ManyToManyField("questions.Choice", blank=True, related_name="+")
    text_answer = models.CharField(max_length=500, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    points_awarded = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    correct = models.BooleanField(null=True)

    class Meta:
        verbose_name = "답안"
        verbose_name_plural = "답안"
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="response_unique_slot"),
            models.UniqueConstraint(
                fields=["attempt", "question"], name="response_unique_question"
            ),
        ]
        indexes = [models.Index(fields=["question", "correct"])]

    def __str__(self):
        return f"{self.attempt_id} #{self.position}"

    @property
    def is_answered(self):
        return self.answered_at is not None


class ResponseMatch(models.Model):
    """The match a student chose for one prompt of a matching question."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="matches")
    pair = models.ForeignKey("questions.MatchPair", on_delete=models.CASCADE, related_name="+")
    chosen = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "pair"], name="responsematch_unique_pair"),
        ]

    def __str__(self):
        return f"{self.pair_id} → {self.chosen}"
