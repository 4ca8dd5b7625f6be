from django.conf import settings
from django.db import models
from django.db.models import Q


class Attempt(models.Model):
    """One student's go at a quiz, a practice of missed questions, or a review round.

    Everything the student sees is fixed when the attempt starts: one `Response`
    row per question (its slot, numbered by `position`) pointing at a frozen
    `QuestionVersion`, with the options in the order this student gets them.
    """

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", "진행 중"
        SUBMITTED = "submitted", "제출됨"

    class Kind(models.TextChoices):
        QUIZ = "quiz", "퀴즈"
        RETRY = "retry", "틀린 문제 다시 풀기"
        REVIEW = "review", "복습"

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.QUIZ)
    quiz = models.ForeignKey(
        "questions.Quiz", on_delete=models.PROTECT, null=True, blank=True, related_name="attempts"
    )
    retry_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="retries"
    )
    # A quiz attempt's number among the student's attempts at that quiz (1, 2, …);
    # unique, so two simultaneous starts cannot both take the last one allowed.
    number = models.PositiveIntegerField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.IN_PROGRESS)
    immediate_feedback = models.BooleanField(default=False)
    started_at = models.DateTimeField()
    # The end of the time limit. The quiz's close time is read live (`due_at`), so
    # a teacher who moves it applies to attempts already under way.
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(default=False)  # graded at its deadline
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    # When its answers went into the student's review schedule: at submission,
    # or once the quiz's review options show the key (see `visibility`).
    review_recorded_at = models.DateTimeField(null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = "응시"
        verbose_name_plural = "응시"
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["student", "quiz", "kind", "state"]),
            models.Index(fields=["quiz", "kind", "state"]),
            models.Index(fields=["state", "deadline"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "quiz", "number"],
                condition=Q(kind="quiz"),
                name="attempt_unique_number",
            ),
            models.UniqueConstraint(
                fields=["student", "quiz"],
                condition=Q(kind="quiz", state="in_progress"),
                name="attempt_one_open_per_quiz",
            ),
            models.UniqueConstraint(
                fields=["student"],
                condition=Q(kind="review", state="in_progress"),
                name="attempt_one_open_review",
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.title} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def title(self) -> str:
        if self.kind == self.Kind.REVIEW:
            return "복습"
        if self.kind == self.Kind.RETRY:
            return (
                f"{self.quiz.title} · 틀린 문제 다시 풀기" if self.quiz else "틀린 문제 다시 풀기"
            )
        return self.quiz.title

    @property
    def is_submitted(self):
        return self.state == self.State.SUBMITTED

    @property
    def due_at(self):
        """When answers stop being accepted: the end of the time limit or the
        quiz's close time as it is now, whichever comes first."""
        closes_at = self.quiz.closes_at if self.kind == self.Kind.QUIZ and self.quiz else None
        if self.deadline and closes_at:
            return min(self.deadline, closes_at)
        return self.deadline or closes_at

    def is_due(self, now) -> bool:
        due_at = self.due_at
        return not self.is_submitted and due_at is not None and now > due_at

    @property
    def counts_for_grade(self) -> bool:
        """Practice attempts and review rounds never change a quiz grade."""
        return self.kind == self.Kind.QUIZ

    @property
    def percentage(self):
        if self.score is None or not self.max_score:
            return None
        return self.score * 100 / self.max_score

    @property
    def passed(self):
        pct = self.percentage
        pass_mark = self.quiz.pass_mark if self.quiz else 60
        return pct is not None and pct >= pass_mark

    @property
    def time_taken(self):
        return self.submitted_at - self.started_at if self.submitted_at else None


class Response(models.Model):
    """A student's answer to one slot of an attempt."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(
        "questions.QuestionVersion", on_delete=models.PROTECT, related_name="responses"
    )
    # The live question, for reports and review schedules; None once it is deleted.
    question = models.ForeignKey(
        "questions.Question", on_delete=models.SET_NULL, null=True, related_name="responses"
    )
    position = models.PositiveIntegerField()
    max_points = models.DecimalField(max_digits=6, decimal_places=2)
    text_answer = models.CharField(max_length=500, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    flagged = models.BooleanField(default=False)
    checked_at = models.DateTimeField(null=True, blank=True)  # locked by 확인 (immediate mode)
    points_awarded = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    correct = models.BooleanField(null=True)

    class Meta:
        verbose_name = "답안"
        verbose_name_plural = "답안"
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="response_unique_slot"),
            models.UniqueConstraint(fields=["attempt", "version"], name="response_unique_version"),
        ]
        indexes = [models.Index(fields=["question", "correct"])]

    def __str__(self):
        return f"{self.attempt_id} #{self.position}"

    @property
    def is_answered(self):
        return self.answered_at is not None

    @property
    def is_checked(self):
        return self.checked_at is not None


class ResponseOption(models.Model):
    """An option as this student sees it: its place in their order, and whether chosen."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="options")
    choice = models.ForeignKey(
        "questions.VersionChoice", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    selected = models.BooleanField(default=False)

    class Meta:
        ordering = ["response", "position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "choice"], name="responseoption_unique"),
        ]

    def __str__(self):
        return f"{self.response_id}: {self.choice_id}{' ✓' if self.selected else ''}"


class ResponseMatch(models.Model):
    """The match a student chose for one prompt of a matching question."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="matches")
    pair = models.ForeignKey("questions.VersionPair", on_delete=models.PROTECT, related_name="+")
    chosen = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "pair"], name="responsematch_unique_pair"),
        ]

    def __str__(self):
        return f"{self.pair_id} → {self.chosen}"
