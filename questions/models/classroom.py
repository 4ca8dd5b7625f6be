import secrets

from django.conf import settings
from django.db import models

# No 0/O, 1/I/L: a code is read aloud and typed from a whiteboard.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class Classroom(models.Model):
    name = models.CharField("이름", max_length=200)
    join_code = models.CharField("참여 코드", max_length=16, unique=True, default=new_join_code)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="teaching", verbose_name="교사"
    )
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="classrooms", blank=True, verbose_name="학생"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "학급"
        verbose_name_plural = "학급"
        ordering = ["name", "id"]

    def __str__(self):
        return self.name


class Assignment(models.Model):
    """A quiz given to a classroom, optionally due by a date."""

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    quiz = models.ForeignKey("questions.Quiz", on_delete=models.CASCADE, related_name="assignments")
    due_at = models.DateTimeField("마감", null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "과제"
        verbose_name_plural = "과제"
        ordering = ["classroom", "due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["classroom", "quiz"], name="assignment_unique"),
        ]

    def __str__(self):
        return f"{self.classroom} · {self.quiz}"
