from django import forms
from django.contrib import admin

from .models import AcceptedAnswer, Choice, Document, Passage, Question, Quiz, QuizQuestion, Topic
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


class ChoiceInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if self.instance.qtype == "truefalse":
            for form in self.forms:
                text = (form.cleaned_data or {}).get("text", "")
                canonical = TRUE_FALSE_SPELLINGS.get(text.strip().casefold())
                if canonical:
                    form.cleaned_data["text"] = form.instance.text = canonical
        # The question form has been validated and copied onto self.instance by now.
        self.instance._choice_drafts = [
            ChoiceDraft(
                form.cleaned_data.get("text", ""),
                form.cleaned_data.get("is_correct", False),
                form.cleaned_data.get("fraction"),
            )
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


class AcceptedAnswerInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        answers = [
            form.cleaned_data.get("text", "")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        # Runs after the choice formset: judge the question as a whole here.
        choices = getattr(self.instance, "_choice_drafts", [])
        errors = answerability_errors(self.instance.qtype, choices, answers)
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


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("key", "short_text", "qtype", "topic", "difficulty", "points", "active")
    list_filter = ("qtype", "topic", "difficulty", "active")
    search_fields = ("key", "title", "text", "source_quote")
    list_select_related = ("topic",)
    autocomplete_fields = ("passage",)
    inlines = [ChoiceInline, AcceptedAnswerInline]
    fieldsets = (
        (None, {"fields": ("key", "qtype", "title", "text", "active")}),
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
    list_display = ("title", "slug", "published", "pass_mark")
    list_filter = ("published",)
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [QuizQuestionInline]


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


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "language", "checksum")
