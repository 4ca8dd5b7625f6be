from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..forms import FOREIGN_OPTION, AnswerForm, SignupForm
from ..selectors.attempts import (
    attempt_navigator,
    attempt_of_student,
    attempt_review,
    attempt_slot,
    open_attempt,
    review_visibility,
)
from ..selectors.grades import quiz_attempts_summary
from ..selectors.quizzes import published_quizzes, quiz_list
from ..services.accounts import student_create
from ..services.attempts import (
    AttemptClosed,
    AttemptRefused,
    DeadlinePassed,
    InvalidAnswer,
    attempt_expire_if_due,
    attempt_start,
    attempt_submit,
    response_check,
    response_save,
    retry_start,
)

TIME_UP = "제한 시간이 끝나 저장된 답으로 채점했습니다."


def quizzes(request):
    return render(request, "questions/quiz_list.html", {"quizzes": quiz_list(user=request.user)})


def quiz_detail(request, slug):
    quiz = get_object_or_404(published_quizzes(), slug=slug)
    context = {"quiz": quiz, "open_attempt": None, "summary": None}
    if request.user.is_authenticated:
        context["open_attempt"] = open_attempt(user=request.user, quiz=quiz)
        context["summary"] = quiz_attempts_summary(user=request.user, quiz=quiz)
    return render(request, "questions/quiz_detail.html", context)


@login_required
@require_POST
def quiz_start(request, slug):
    quiz = get_object_or_404(published_quizzes(), slug=slug)
    try:
        attempt = attempt_start(student=request.user, quiz=quiz)
    except AttemptRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(quiz)
    return to_first_open_slot(attempt)


def to_first_open_slot(attempt):
    first_open = attempt.responses.filter(answered_at__isnull=True).order_by("position").first()
    return redirect(
        "questions:attempt_question", attempt.pk, first_open.position if first_open else 1
    )


@login_required
def attempt_question(request, pk, position):
    attempt = attempt_of_student(user=request.user, pk=pk)
    if attempt_expire_if_due(attempt=attempt):
        messages.info(request, TIME_UP)
    if attempt.is_submitted:
        return _to_result(request, attempt)
    response = attempt_slot(attempt=attempt, position=position)
    form = AnswerForm.for_response(response, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        go = request.POST.get("go", "")
        if go == "autosave":
            return _autosave(request, response, form)
        if not form.is_valid():
            return _render_question(request, attempt, response, form, status=400)
        try:
            response_save(response=response, **form.answer_kwargs())
            if go == "check":
                response_check(response=response)
        except AttemptClosed:
            messages.error(request, "이미 제출한 응시입니다. 답을 바꿀 수 없습니다.")
            return redirect("questions:attempt_result", attempt.pk)
        except DeadlinePassed:
            messages.error(request, TIME_UP)
            return redirect("questions:attempt_result", attempt.pk)
        except InvalidAnswer:
            messages.error(request, FOREIGN_OPTION)
            go = ""
        return redirect(_destination(go, attempt, position, attempt.responses.count()))
    return _render_question(request, attempt, response, form)


def _render_question(request, attempt, response, form, status=200):
    navigator = attempt_navigator(attempt=attempt)
    return render(
        request,
        "questions/attempt_question.html",
        {
            "attempt": attempt,
            "response": response,
            "version": response.version,
            "form": form,
            "navigator": navigator,
            "total": len(navigator),
            "visible": {"marks": True, "answers": True, "explanations": True},
        },
        status=status,
    )


def _autosave(request, response, form):
    """htmx saves the answer while the student works; it answers with a status line."""
    status = {"saved_at": timezone.now()}
    try:
        if form.is_valid():
            response_save(response=response, **form.answer_kwargs())
        else:
            status = {"invalid": True}
    except (AttemptClosed, DeadlinePassed):
        return _to_result(request, response.attempt)
    except InvalidAnswer:
        status = {"invalid": True}
    return render(request, "questions/partials/_save_status.html", status)


def _to_result(request, attempt):
    """To the result page; an htmx autosave is told to move the whole page there."""
    url = reverse("questions:attempt_result", args=[attempt.pk])
    if request.htmx:
        reply = render(request, "questions/partials/_save_status.html", {"closed": True})
        reply["HX-Redirect"] = url
        return reply
    return redirect(url)


def _destination(go: str, attempt, position: int, total: int) -> str:
    """Where the buttons under a question lead once its answer is saved."""
    if go == "summary":
        return reverse("questions:attempt_summary", args=[attempt.pk])
    targets = {"prev": position - 1, "next": position + 1}
    target = targets.get(go, int(go) if go.isdigit() else position)
    return reverse("questions:attempt_question", args=[attempt.pk, min(max(target, 1), total)])


@login_required
def attempt_summary(request, pk):
    attempt = attempt_of_student(user=request.user, pk=pk)
    if request.method == "POST":
        attempt_submit(attempt=attempt)
        return redirect("questions:attempt_result", attempt.pk)
    if attempt_expire_if_due(attempt=attempt):
        messages.info(request, TIME_UP)
    if attempt.is_submitted:
        return redirect("questions:attempt_result", attempt.pk)
    navigator = attempt_navigator(attempt=attempt)
    return render(
        request,
        "questions/attempt_summary.html",
        {
            "attempt": attempt,
            "navigator": navigator,
            "unanswered": [s["position"] for s in navigator if not s["answered"]],
            "flagged": [s["position"] for s in navigator if s["flagged"]],
        },
    )


@login_required
def attempt_result(request, pk):
    attempt = attempt_of_student(user=request.user, pk=pk)
    attempt_expire_if_due(attempt=attempt)
    if not attempt.is_submitted:
        return redirect("questions:attempt_summary", attempt.pk)
    responses = list(attempt_review(attempt=attempt))
    return render(
        request,
        "questions/attempt_result.html",
        {
            "attempt": attempt,
            "responses": responses,
            "visible": review_visibility(attempt),
            "missed": sum(1 for r in responses if not r.correct),
        },
    )


@login_required
@require_POST
def attempt_retry(request, pk):
    attempt = attempt_of_student(user=request.user, pk=pk)
    if not review_visibility(attempt)["answers"]:
        # Practice gives immediate feedback, which would reveal answers still hidden.
        messages.info(request, "정답이 공개된 뒤에 틀린 문제를 다시 풀 수 있습니다.")
        return redirect("questions:attempt_result", attempt.pk)
    try:
        practice = retry_start(attempt=attempt)
    except AttemptRefused as refusal:
        messages.info(request, str(refusal))
        return redirect("questions:attempt_result", attempt.pk)
    return to_first_open_slot(practice)


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
