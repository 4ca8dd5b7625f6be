from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..forms import FOREIGN_OPTION, AnswerForm, SignupForm
from ..selectors.attempts import (
    attempt_navigator,
    attempt_of_student,
    attempt_review,
    attempt_slot,
    open_attempt,
)
from ..selectors.progress import best_per_quiz, submitted_attempts, topic_correct_rates
from ..selectors.quizzes import published_quizzes, quiz_list
from ..services.accounts import student_create
from ..services.attempts import (
    AttemptClosed,
    InvalidAnswer,
    attempt_start,
    attempt_submit,
    response_save,
)


def quizzes(request):
    return render(request, "questions/quiz_list.html", {"quizzes": quiz_list(user=request.user)})


def quiz_detail(request, slug):
    quiz = get_object_or_404(published_quizzes(), slug=slug)
    return render(
        request,
        "questions/quiz_detail.html",
        {"quiz": quiz, "open_attempt": open_attempt(user=request.user, quiz=quiz)},
    )


@login_required
@require_POST
def quiz_start(request, slug):
    quiz = get_object_or_404(published_quizzes(), slug=slug)
    try:
        attempt = attempt_start(student=request.user, quiz=quiz)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect(quiz)
    first_open = attempt.responses.filter(answered_at__isnull=True).order_by("position").first()
    return redirect(
        "questions:attempt_question", attempt.pk, first_open.position if first_open else 1
    )


@login_required
def attempt_question(request, pk, position):
    attempt = attempt_of_student(user=request.user, pk=pk)
    if attempt.is_submitted:
        return redirect("questions:attempt_result", attempt.pk)
    response = attempt_slot(attempt=attempt, position=position)
    navigator = attempt_navigator(attempt=attempt)
    form = AnswerForm.for_response(response, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            response_save(response=response, **form.answer_kwargs())
        except AttemptClosed:
            messages.error(request, "이미 제출한 응시입니다. 답을 바꿀 수 없습니다.")
            return redirect("questions:attempt_result", attempt.pk)
        except InvalidAnswer:
            messages.error(request, FOREIGN_OPTION)
            return redirect("questions:attempt_question", attempt.pk, position)
        return redirect(_destination(request.POST.get("go"), attempt, position, len(navigator)))
    return render(
        request,
        "questions/attempt_question.html",
        {
            "attempt": attempt,
            "response": response,
            "question": response.question,
            "form": form,
            "navigator": navigator,
            "total": len(navigator),
        },
    )


def _destination(go: str | None, attempt, position: int, total: int):
    """Where the buttons under a question lead once its answer is saved."""
    if go == "summary":
        return reverse("questions:attempt_summary", args=[attempt.pk])
    if go == "prev":
        target = position - 1
    elif go == "next":
        target = position + 1
    elif go and go.isdigit():
        target = int(go)
    else:
        target = position
    target = min(max(target, 1), total)
    return reverse("questions:attempt_question", args=[attempt.pk, target])


@login_required
def attempt_summary(request, pk):
    attempt = attempt_of_student(user=request.user, pk=pk)
    if request.method == "POST":
        attempt_submit(attempt=attempt)
        return redirect("questions:attempt_result", attempt.pk)
    if attempt.is_submitted:
        return redirect("questions:attempt_result", attempt.pk)
    navigator = attempt_navigator(attempt=attempt)
    unanswered = [slot["position"] for slot in navigator if not slot["answered"]]
    return render(
        request,
        "questions/attempt_summary.html",
        {"attempt": attempt, "navigator": navigator, "unanswered": unanswered},
    )


@login_required
def attempt_result(request, pk):
    attempt = attempt_of_student(user=request.user, pk=pk)
    if not attempt.is_submitted:
        return redirect("questions:attempt_summary", attempt.pk)
    return render(
        request,
        "questions/attempt_result.html",
        {"attempt": attempt, "responses": attempt_review(attempt=attempt)},
    )


@login_required
def progress(request):
    return render(
        request,
        "questions/progress.html",
        {
            "attempts": submitted_attempts(user=request.user),
            "best": best_per_quiz(user=request.user),
            "topics": topic_correct_rates(user=request.user),
        },
    )


def signup(request):
    if request.user.is_authenticated:
        return redirect("questions:quiz_list")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = student_create(
            username=form.cleaned_data["username"], password=form.cleaned_data["password1"]
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"{user.username}님, 가입을 환영합니다!")
        return redirect("questions:quiz_list")
    return render(request, "registration/signup.html", {"form": form})
