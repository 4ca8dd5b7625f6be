from django.conf import settings
from django.db import models

from ..scheduling import FIRST_BOX, LAST_BOX


class ReviewSchedule(models.Model):
    """When a student should next see a question, by the Leitner box it is in."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_schedules"
    )
    question = models.ForeignKey(
        "questions.Question", on_delete=models.CASCADE, related_name="review_schedules"
    )
    box = models.PositiveSmallIntegerField(default=FIRST_BOX)
    due_at = models.DateTimeField()
    last_answered_at = models.DateTimeField()
    times_right = models.PositiveIntegerField(default=0)
    times_wrong = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "복습 일정"
        verbose_name_plural = "복습 일정"
        constraints = [
            models.UniqueConstraint(fields=["student", "question"], name="review_unique"),
        ]
        indexes = [models.Index(fields=["student", "due_at"])]

    def __str__(self):
        return f"{self.student} · {self.question_id} · box {self.box}"

    @property
    def is_mastered(self) -> bool:
        return self.box >= LAST_BOX
