"""Authoring questions: options, answers and pairs inline, validated as a whole."""

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, IntegerField, Q
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html

from ..forms import AnswerForm
from ..models import AcceptedAnswer, Choice, MatchPair, NumericalAnswer, Question, Quiz
from ..services.bank import question_duplicate, questions_add_to_quiz, questions_set_active
from ..services.regrade import RegradeRefused, question_regrade
from ..validation import ChoiceDraft, answerability_errors
from . import tolerant
from .transfer import export_view, import_view

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


class ChoiceInline(tolerant.TabularInline):
    model = Choice
    formset = ChoiceInlineFormSet
    extra = 4
    fields = ("position", "text", "is_correct", "fraction", "feedback")
    verbose_name_plural = "보기 (참/거짓 문제는 '참'과 '거짓' 두 개)"


class AcceptedAnswerInline(tolerant.TabularInline):
    model = AcceptedAnswer
    formset = AcceptedAnswerInlineFormSet
    extra = 2
    fields = ("text", "fraction", "feedback")


class NumericalAnswerInline(tolerant.TabularInline):
    model = NumericalAnswer
    formset = NumericalAnswerInlineFormSet
    extra = 1
    fields = ("value", "tolerance", "fraction", "feedback")
    verbose_name_plural = "숫자 답안 (수치형 문제: 값 ± 허용 오차)"


class MatchPairInline(tolerant.TabularInline):
    model = MatchPair
    formset = MatchPairInlineFormSet
    extra = 3
    fields = ("position", "prompt", "match")
    verbose_name_plural = "짝 (짝 맞추기 문제: 질문 항목을 비우면 오답 짝)"


class AddToQuizForm(forms.Form):
    quiz = forms.ModelChoiceField(label="퀴즈", queryset=Quiz.objects.all())


@admin.register(Question)
class QuestionAdmin(tolerant.ModelAdmin):
    list_display = (
        "key",
        "short_text",
        "qtype",
        "topic",
        "difficulty",
        "points",
        "active",
        "answered",
        "facility",
    )
    list_filter = ("qtype", "topic", "difficulty", "active", "passage")
    search_fields = ("key", "title", "text", "source_quote")
    list_select_related = ("topic",)
    autocomplete_fields = ("passage",)
    filter_horizontal = ("tags",)
    # Keep MatchPairInline last: its formset validates the whole question.
    inlines = [ChoiceInline, AcceptedAnswerInline, NumericalAnswerInline, MatchPairInline]
    readonly_fields = ("preview_link",)
    actions = ["activate", "deactivate", "duplicate", "add_to_quiz", "regrade"]
    fieldsets = (
        (None, {"fields": ("key", "qtype", "title", "text", "tags", "active", "preview_link")}),
        ("근거와 해설", {"fields": ("topic", "passage", "source_quote", "explanation")}),
        ("채점", {"fields": ("difficulty", "points")}),
    )

    def get_queryset(self, request):
        # Answer counts and facility for the list, aggregated in the same query.
        submitted = Q(responses__attempt__state="submitted")
        return (
            super()
            .get_queryset(request)
            .annotate(
                answered_count=Count("responses", filter=submitted),
                facility_value=Avg(Cast("responses__correct", IntegerField()), filter=submitted),
            )
        )

    @admin.display(description="문제")
    def short_text(self, question):
        return question.text[:60]

    @admin.display(description="답한 수", ordering="answered_count")
    def answered(self, question):
        return question.answered_count

    @admin.display(description="정답률", ordering="facility_value")
    def facility(self, question):
        value = question.facility_value
        return "—" if value is None else f"{value * 100:.0f}%"

    @admin.display(description="미리 보기")
    def preview_link(self, question):
        if not question.pk:
            return "저장한 뒤에 볼 수 있습니다."
        url = reverse("admin:questions_question_preview", args=[question.pk])
        return format_html('<a href="{}" target="_blank">학생 화면으로 보기</a>', url)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", view(self.preview_view), name="questions_question_preview"),
            path("import/", view(partial(import_view, self)), name="questions_question_import"),
            path("export/", view(partial(export_view, self)), name="questions_question_export"),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        question = get_object_or_404(Question.objects.prefetch_related("choices", "pairs"), pk=pk)
        if not self.has_view_permission(request, question):
            raise PermissionDenied
        return render(
            request,
            "questions/question_preview.html",
            {"version": question, "form": AnswerForm.for_preview(question)},
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        answered = obj.responses.filter(attempt__state="submitted").count() if change else 0
        if answered:
            messages.info(
                request,
                f"이미 {answered}번 답한 문제입니다. 지난 응시의 화면과 점수는 그대로이고, "
                "고친 내용은 새로 시작하는 응시부터 적용됩니다.",
            )

    @admin.action(description="선택한 문제의 지난 응시를 지금 정답으로 다시 채점하기")
    def regrade(self, request, queryset):
        for question in queryset:
            try:
                changed = question_regrade(question=question)
            except RegradeRefused as refusal:
                self.message_user(request, str(refusal), level=messages.ERROR)
            else:
                self.message_user(request, f"{question.key}: 점수가 바뀐 답 {changed}개")

    @admin.action(description="선택한 문제 사용하기")
    def activate(self, request, queryset):
        count = questions_set_active(questions=queryset, active=True)
        self.message_user(request, f"{count}개 문제를 사용합니다.")

    @admin.action(description="선택한 문제 사용 안 하기")
    def deactivate(self, request, queryset):
        count = questions_set_active(questions=queryset, active=False)
        self.message_user(request, f"{count}개 문제를 더 이상 쓰지 않습니다.")

    @admin.action(description="선택한 문제 복제하기 (사용 안 함 상태로)")
    def duplicate(self, request, queryset):
        copies = [question_duplicate(question=q) for q in queryset]
        self.message_user(request, f"복제했습니다: {', '.join(c.key for c in copies)}")

    @admin.action(description="선택한 문제를 퀴즈에 추가하기")
    def add_to_quiz(self, request, queryset):
        form = AddToQuizForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            added = questions_add_to_quiz(questions=queryset, quiz=form.cleaned_data["quiz"])
            self.message_user(
                request, f"‘{form.cleaned_data['quiz']}’에 {added}개 문제를 더했습니다."
            )
            return None
        return render(
            request,
            "admin/questions/add_to_quiz.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "questions": queryset,
                "title": "퀴즈에 추가하기",
                "opts": self.model._meta,
            },
        )
