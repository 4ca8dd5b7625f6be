from django import forms
from django.contrib import admin

from .models import (
    AcceptedAnswer,
    Choice,
    Document,
    MatchPair,
    NumericalAnswer,
    Passage,
    Question,
    Quiz,
    QuizQuestion,
    Tag,
    Topic,
)
from .validation import ChoiceDraft, answerability_errors

# Teachers type 참/거짓 (or O/X); the bank and every import format store true/false.
TRUE_FALSE_SPELLINGS = {
    "true": "true",
    "참": "true",
    "o": "true",
    "맞음": "true",
    "false": "false",
    "거짓": "false",
    "x": "false",
    "틀림": "false",
}


def _kept_rows(formset) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class ChoiceInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.qtype == "truefalse":
            for form in self.forms:
                text = (form.cleaned_data or {}).get("text", "")
                canonical = TRUE_FALSE_SPELLINGS.get(text.strip().casefold())
                if canonical:
                    form.cleaned_data["text"] = form.instance.text = canonical
        # The question form has been validated and copied onto self.instance by now;
        # the last inline judges the question as a whole from what each one left here.
        self.instance._choice_drafts = [
            ChoiceDraft(row.get("text", ""), row.get("is_correct", False), row.get("fraction"))
            for row in _kept_rows(self)
        ]


class AcceptedAnswerInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        self.instance._answer_texts = [row.get("text", "") for row in _kept_rows(self)]


class NumericalAnswerInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        self.instance._number_fractions = [
            row["fraction"] for row in _kept_rows(self) if row.get("fraction") is not None
        ]


class MatchPairInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        instance = self.instance
        errors = answerability_errors(
            instance.qtype,
            getattr(instance, "_choice_drafts", []),
            getattr(instance, "_answer_texts", []),
            getattr(instance, "_number_fractions", []),
            [(row.get("prompt", ""), row.get("match", "")) for row in _kept_rows(self)],
        )
        if errors:
            raise forms.ValidationError(errors)


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceInlineFormSet
    extra = 4
    fields = ("position", "text", "is_correct", "fraction", "feedback")
    verbose_name_plural = "보기 (참/거짓 문제는 '참'과 '거짓' 두 개)"


class AcceptedAnswerInline(admin.TabularInline):
    model = AcceptedAnswer
    formset = AcceptedAnswerInlineFormSet
    extra = 2
    fields = ("text", "fraction", "feedback")


class NumericalAnswerInline(admin.TabularInline):
    model = NumericalAnswer
    formset = NumericalAnswerInlineFormSet
    extra = 1
    fields = ("value", "tolerance", "fraction", "feedback")
    verbose_name_plural = "숫자 답안 (수치형 문제: 값 ± 허용 오차)"


class MatchPairInline(admin.TabularInline):
    model = MatchPair
    formset = MatchPairInlineFormSet
    extra = 3
    fields = ("position", "prompt", "match")
    verbose_name_plural = "짝 (짝 맞추기 문제: 질문 항목을 비우면 오답 짝)"


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("key", "short_text", "qtype", "topic", "difficulty", "points", "active")
    list_filter = ("qtype", "topic", "difficulty", "active")
    search_fields = ("key", "title", "text", "source_quote")
    list_select_related = ("topic",)
    autocomplete_fields = ("passage",)
    filter_horizontal = ("tags",)
    # Keep MatchPairInline last: its formset validates the whole question.
    inlines = [ChoiceInline, AcceptedAnswerInline, NumericalAnswerInline, MatchPairInline]
    fieldsets = (
        (None, {"fields": ("key", "qtype", "title", "text", "tags", "active")}),
        ("근거와 해설", {"fields": ("topic", "passage", "source_quote", "explanation")}),
        ("채점", {"fields": ("difficulty", "points")}),
    )

    @admin.display(description="문제")
    def short_text(self, question):
        return question.text[:60]


class QuizQuestionInline(admin.TabularInline):
    model = QuizQuestion
    extra = 1
    autocomplete_fields = ("question",)
    fields = ("position", "question")
    ordering = ("position",)


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "slug",
        "published",
        "question_source",
        "time_limit_minutes",
        "attempts_allowed",
        "grading_method",
    )
    list_filter = ("published", "question_source", "feedback_mode")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("draw_topics",)
    inlines = [QuizQuestionInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "description", "published", "pass_mark")}),
        (
            "응시 기간과 횟수",
            {
                "fields": (
                    "opens_at",
                    "closes_at",
                    "time_limit_minutes",
                    "attempts_allowed",
                    "grading_method",
                )
            },
        ),
        (
            "문제 구성",
            {
                "fields": (
                    "question_source",
                    "draw_count",
                    "draw_topics",
                    "draw_min_difficulty",
                    "draw_max_difficulty",
                    "shuffle_questions",
                    "shuffle_options",
                ),
                "description": "정해진 목록이면 아래 ‘퀴즈 문항’을, 무작위 추출이면 문제 수와 "
                "주제·난이도를 씁니다. 무작위 추출은 학생이 덜 본 문제를 먼저 고릅니다.",
            },
        ),
        (
            "피드백과 검토",
            {
                "fields": (
                    "feedback_mode",
                    "review_marks",
                    "review_answers",
                    "review_explanations",
                    "review_after_close",
                )
            },
        ),
    )


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    list_display = ("position", "section_heading", "subheading", "anchor")
    list_filter = ("document", "topic")
    search_fields = ("text", "section_heading", "subheading")
    ordering = ("document", "position")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("position", "name", "document")
    ordering = ("document", "position")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "language", "checksum")
