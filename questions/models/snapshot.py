"""Frozen copies of questions, so that an attempt shows and scores what the student saw.

A `QuestionVersion` is made the first time an attempt uses a question's current
content (keyed by a hash of it) and never changes after. Its rows carry the same
related names as a question's (`choices`, `accepted_answers`, `numerical_answers`,
`pairs`). Editing, deactivating or deleting the question later leaves every
version, and so every attempt, as it was.

Because a version never changes, it also keeps its grading key as data
(`grading_data`): grading a submission or showing a typed answer's key then
reads one column instead of four tables. The rows stay the record reports query.
"""

from django.db import models

from ..grading import QuestionKey, key_from_data


class QuestionVersion(models.Model):
    question = models.ForeignKey(
        "questions.Question", on_delete=models.SET_NULL, null=True, related_name="versions"
    )
    content_hash = models.CharField(max_length=64)
    key = models.CharField(max_length=80)
    qtype = models.CharField(max_length=16)
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    explanation = models.TextField()
    difficulty = models.PositiveSmallIntegerField()
    points = models.DecimalField(max_digits=6, decimal_places=2)
    topic = models.ForeignKey(
        "questions.Topic", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    passage = models.ForeignKey(
        "questions.Passage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source_quote = models.TextField()
    grading_data = models.JSONField()  # `grading.key_as_data` of the frozen key
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "문제 버전"
        verbose_name_plural = "문제 버전"
        constraints = [
            models.UniqueConstraint(
                fields=["question", "content_hash"], name="questionversion_unique_content"
            ),
        ]

    def __str__(self):
        return f"{self.key} @ {self.content_hash[:8]}"

    @property
    def is_typed_answer(self) -> bool:
        return self.qtype in ("short", "numerical")

    def grading_key(self, *, points=None) -> QuestionKey:
        return key_from_data(
            self.qtype, self.points if points is None else points, self.grading_data
        )

    @property
    def pair_keys(self):
        """A matching question's prompts and matches, in the frozen order."""
        return self.grading_key().pairs

    @property
    def key_answers(self) -> list[str]:
        """A typed answer's accepted answers or values, as the result page lists them."""
        key = self.grading_key()
        return [answer.text for answer in key.answers] + [
            _number_text(n.value, n.tolerance) for n in key.numbers
        ]


def _number_text(value, tolerance) -> str:
    shown = f"{value.normalize():f}"
    return f"{shown} ± {tolerance.normalize():f}" if tolerance else shown


class VersionChoice(models.Model):
    version = models.ForeignKey(QuestionVersion, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=500)
    is_correct = models.BooleanField()
    fraction = models.DecimalField(max_digits=7, decimal_places=5)  # as graded, never derived
    feedback = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["version", "position", "id"]

    def __str__(self):
        return self.text


class VersionAnswer(models.Model):
    version = models.ForeignKey(
        QuestionVersion, on_delete=models.CASCADE, related_name="accepted_answers"
    )
    text = models.CharField(max_length=300)
    fraction = models.DecimalField(max_digits=7, decimal_places=5)
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "-fraction", "id"]

    def __str__(self):
        return self.text


class VersionNumber(models.Model):
    version = models.ForeignKey(
        QuestionVersion, on_delete=models.CASCADE, related_name="numerical_answers"
    )
    value = models.DecimalField(max_digits=20, decimal_places=6)
    tolerance = models.DecimalField(max_digits=20, decimal_places=6)
    fraction = models.DecimalField(max_digits=7, decimal_places=5)
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "-fraction", "id"]

    def __str__(self):
        return _number_text(self.value, self.tolerance)


class VersionPair(models.Model):
    version = models.ForeignKey(QuestionVersion, on_delete=models.CASCADE, related_name="pairs")
    prompt = models.CharField(max_length=300, blank=True)
    match = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["version", "position", "id"]

    def __str__(self):
        return f"{self.prompt} → {self.match}"
