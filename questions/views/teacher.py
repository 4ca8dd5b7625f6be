from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..models import Quiz
from ..permissions import is_teacher
from ..reports_csv import csv_response, wants_csv
from ..selectors.classrooms import (
    class_overview,
    class_student,
    classroom_for_teacher,
    classroom_quizzes,
    teacher_classrooms,
)
from ..selectors.heatmap import document_heatmap
from ..selectors.reports import quiz_report
from ..selectors.statistics import WHICH_ATTEMPTS, quiz_statistics
from ..selectors.student_report import student_report
from ..services.attempts import attempts_close_expired
from ..services.classrooms import classroom_create, join_code_regenerate, quiz_assign


def teacher_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_teacher(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


class ClassroomForm(forms.Form):
    name = forms.CharField(label="학급 이름", max_length=200)


class AssignForm(forms.Form):
    quiz = forms.ModelChoiceField(
        label="퀴즈", queryset=Quiz.objects.filter(published=True), empty_label="— 고르세요 —"
    )
    due_at = forms.DateTimeField(
        label="마감 (선택)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


@teacher_required
def teacher_home(request):
    form = ClassroomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        classroom = classroom_create(name=form.cleaned_data["name"], teacher=request.user)
        messages.success(
            request, f"‘{classroom.name}’ 학급을 만들었습니다. 참여 코드: {classroom.join_code}"
        )
        return redirect("questions:class_overview", classroom.pk)
    attempts_close_expired()  # overdue attempts count with what they saved
    return render(
        request,
        "questions/teacher/home.html",
        {
            "classrooms": teacher_classrooms(user=request.user),
            "form": form,
            "quizzes": quiz_report(),
        },
    )


@teacher_required
def class_overview_page(request, pk):
    classroom = classroom_for_teacher(user=request.user, pk=pk)
    attempts_close_expired()
    overview = class_overview(classroom=classroom)
    if wants_csv(request):
        header = ["학생"] + [c["assignment"].quiz.title for c in overview["columns"]]
        rows = [
            [row["student"].username] + [_cell_text(cell) for cell in row["cells"]]
            for row in overview["grid"]
        ]
        rows.append(["평균"] + [_mean_text(c["mean"]) for c in overview["columns"]])
        return csv_response(f"class-{classroom.pk}-overview.csv", header, rows)
    return render(
        request,
        "questions/teacher/class_overview.html",
        {"classroom": classroom, "overview": overview, "assign_form": AssignForm()},
    )


def _cell_text(cell) -> str:
    if cell["grade"] is None:
        return "미제출" if cell["missing"] else ""
    return f"{cell['grade']:.0f}%" + (" (늦음)" if cell["late"] else "")


def _mean_text(mean) -> str:
    return "" if mean is None else f"{mean:.1f}%"


@teacher_required
@require_POST
def class_code_regenerate(request, pk):
    classroom = join_code_regenerate(classroom=classroom_for_teacher(user=request.user, pk=pk))
    messages.success(
        request, f"새 참여 코드: {classroom.join_code} (이전 코드는 더 이상 쓸 수 없습니다)"
    )
    return redirect("questions:class_overview", classroom.pk)


@teacher_required
@require_POST
def class_assign(request, pk):
    classroom = classroom_for_teacher(user=request.user, pk=pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        quiz_assign(classroom=classroom, **form.cleaned_data)
        messages.success(request, f"‘{form.cleaned_data['quiz'].title}’ 퀴즈를 배정했습니다.")
    else:
        messages.error(request, "배정할 퀴즈와 마감 시각을 확인하세요.")
    return redirect("questions:class_overview", classroom.pk)


@teacher_required
def student_report_page(request, pk, student_id):
    classroom = classroom_for_teacher(user=request.user, pk=pk)
    student = class_student(classroom=classroom, student_id=student_id)
    report = student_report(student=student)
    if wants_csv(request):
        rows = [
            [a.submitted_at.isoformat(), a.title, f"{a.percentage_value:.1f}"]
            for a in report["attempts"]
        ]
        return csv_response(
            f"class-{classroom.pk}-student-{student.pk}.csv", ["제출", "응시", "점수(%)"], rows
        )
    return render(
        request,
        "questions/teacher/student_report.html",
        {"classroom": classroom, "student": student, "report": report},
    )


@teacher_required
def document_heatmap_page(request, pk):
    classroom = classroom_for_teacher(user=request.user, pk=pk)
    heatmap = document_heatmap(classroom=classroom)
    if wants_csv(request):
        rows = [
            [
                p["passage"].position,
                p["passage"].heading,
                p["answered"],
                "" if p["rate"] is None else f"{p['rate']:.1f}",
            ]
            for p in heatmap["passages"]
        ]
        return csv_response(
            f"class-{classroom.pk}-document.csv", ["단락", "제목", "답한 수", "정답률(%)"], rows
        )
    return render(
        request, "questions/teacher/heatmap.html", {"classroom": classroom, "heatmap": heatmap}
    )


@teacher_required
def quiz_statistics_page(request, pk, slug):
    classroom = classroom_for_teacher(user=request.user, pk=pk)
    quiz = get_object_or_404(classroom_quizzes(classroom=classroom), slug=slug)
    which = request.GET.get("attempts", "all")
    if which not in WHICH_ATTEMPTS:
        which = "all"
    attempts_close_expired(quiz=quiz)
    report = quiz_statistics(classroom=classroom, quiz=quiz, which=which)
    if wants_csv(request):
        names = [
            "facility",
            "sd",
            "discrimination_index",
            "discriminative_efficiency",
            "upper_lower_index",
            "intended_weight",
            "effective_weight",
        ]
        rows = [
            [item["key"], item["text"]]
            + [_figure(getattr(item["figures"], name)) for name in names]
            + [" ".join(item["figures"].flags)]
            for item in report["items"]
        ]
        return csv_response(
            f"class-{classroom.pk}-{quiz.slug}-statistics.csv",
            ["문제", "내용", *names, "확인할 점"],
            rows,
        )
    return render(
        request,
        "questions/teacher/quiz_statistics.html",
        {"classroom": classroom, "quiz": quiz, "report": report, "which_options": WHICH_ATTEMPTS},
    )


def _figure(value) -> str:
    return "" if value is None else f"{value:.4f}"
