"""Quizzes and the document's structure."""

from django.contrib import admin

from ..models import Document, Passage, Quiz, QuizQuestion, Tag, Topic
from ..services.closing import quiz_close_schedule
from . import tolerant


class QuizQuestionInline(tolerant.TabularInline):
    model = QuizQuestion
    extra = 1
    autocomplete_fields = ("question",)
    fields = ("position", "question")
    ordering = ("position",)


@admin.register(Quiz)
class QuizAdmin(tolerant.ModelAdmin):
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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A new or moved close time gets its own run of the worker; one left
        # from an earlier close time is harmless (it grades only what is due).
        if "closes_at" in form.changed_data:
            quiz_close_schedule(quiz=obj)


@admin.register(Passage)
class PassageAdmin(tolerant.ModelAdmin):
    list_display = ("position", "section_heading", "subheading", "anchor")
    list_filter = ("document", "topic")
    search_fields = ("text", "section_heading", "subheading")
    ordering = ("document", "position")


@admin.register(Topic)
class TopicAdmin(tolerant.ModelAdmin):
    list_display = ("position", "name", "document")
    ordering = ("document", "position")


@admin.register(Tag)
class TagAdmin(tolerant.ModelAdmin):
    search_fields = ("name",)


@admin.register(Document)
class DocumentAdmin(tolerant.ModelAdmin):
    list_display = ("title", "slug", "language", "checksum")
