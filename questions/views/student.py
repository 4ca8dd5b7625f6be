from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from ..forms import FOREIGN_OPTION, AnswerForm, SignupForm, posted_answer
from ..models import Quiz
from ..selectors.attempt_pages import QuestionPage, ResultPage, question_page, result_page
from ..selectors.attempts import (
    attempt_navigator,
    attempt_of_student,
    first_open_position,
    open_attempt,
)
from ..selectors.grades import quiz_attempts_summary
from ..selectors.quizzes import published_quizzes, quiz_list
from ..selectors.rows import LARGEST_ID
from ..services.accounts import student_create
from ..services.attempts import (
    AttemptClosed,
    AttemptRefused,
    DeadlinePassed,
    InvalidAnswer,
    attempt_expire_if_due,
    attempt_submit,
    response_check,
    response_save,
)
from ..services.starting import attempt_open_or_start, retry_start
from ..visibility import EVERYTHING, attempt_visibility

ALREADY_SUBMITTED = "이미 제출한 응시입니다. 답을 바꿀 수 없습니다."


def time_up(attempt) -> str:
    """Why an attempt was graded without its student: the time limit or the close."""
    closes_at = attempt.quiz.closes_at if attempt.quiz else None
    if closes_at and (attempt.deadline is None or closes_at < attempt.deadline):
        when = date_format(timezone.localtime(closes_at), "n월 j일 H:i")
        return f"이 퀴즈는 {when}에 마감되었습니다. 마감 전에 저장된 답으로 채점했습니다."
    return "제한 시간이 끝나 저장된 답으로 채점했습니다."


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
    quiz = get_object_or_404(Quiz.objects.filter(published=True), slug=slug)
    try:
        attempt, new = attempt_open_or_start(student=request.user, quiz=quiz)
    except AttemptRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(quiz)
    position = 1 if new else first_open_position(attempt=attempt)
    return redirect("questions:attempt_question", attempt.pk, position)


def to_first_open_slot(attempt):
    return redirect("questions:attempt_question", attempt.pk, first_open_position(attempt=attempt))


@login_required
def attempt_question(request, pk, position):
    if request.method == "POST":
        return _answer(request, pk, position)
    page = _question_page(request, pk, position)
    if attempt_expire_if_due(attempt=page.attempt):
        messages.info(request, time_up(page.attempt))
    if page.attempt.is_submitted:
        return _to_result(request, page.attempt)
    if page.slot is None:
        return redirect("questions:attempt_summary", pk)  # past the last question
    return _render_question(request, page)


def _question_page(request, pk: int, position: int) -> QuestionPage:
    page = question_page(student_id=request.user.pk, attempt_id=pk, position=position)
    if page is None:
        raise Http404("그런 응시가 없습니다.")
    return page


def _answer(request, pk, position):
    """Save the answer, then go where the button said. With htmx (a boosted form),
    the next page comes back in the same round trip, its address pushed to the
    browser's history; without JavaScript, the browser is redirected there."""
    go = request.POST.get("go", "")
    answer = posted_answer(request.POST)
    try:
        slot = response_save(attempt_id=pk, position=position, student=request.user, **answer)
        if go == "check":
            slot = response_check(attempt_id=pk, position=position, student=request.user)
    except AttemptClosed:
        messages.error(request, ALREADY_SUBMITTED)
        return _to_result(request, attempt_of_student(user=request.user, pk=pk))
    except DeadlinePassed as passed:
        messages.error(request, time_up(passed.attempt))
        return _to_result(request, passed.attempt)
    except InvalidAnswer as invalid:
        if go == "autosave":
            return render(request, "questions/partials/_save_status.html", {"invalid": True})
        messages.error(request, str(invalid) or FOREIGN_OPTION)
        go = ""
    if go == "autosave":
        context = {"saved_at": timezone.now()}
        return render(request, "questions/partials/_save_status.html", context)
    if go == "summary":
        url = reverse("questions:attempt_summary", args=[pk])
        if request.htmx:
            return _pushed(_render_summary(request, slot.attempt), url)
        return redirect(url)
    target = _target(go, position)
    url = reverse("questions:attempt_question", args=[pk, target])
    if request.htmx:
        page = _question_page(request, pk, target)
        if page.slot is None:  # past the last question: the summary
            url = reverse("questions:attempt_summary", args=[pk])
            return _pushed(_render_summary(request, page.attempt, page.navigator), url)
        return _pushed(_render_question(request, page), url)
    return redirect(url)


def _target(go: str, position: int) -> int:
    """The slot a navigation button leads to (a slot number, or prev/next)."""
    targets = {"prev": position - 1, "next": position + 1}
    if go in targets:
        return max(targets[go], 1)
    if go.isascii() and go.isdigit():
        # Past any attempt's last slot, however many digits: the summary.
        return max(int(go), 1) if len(go) <= 18 else LARGEST_ID
    return position


def _pushed(reply, url: str):
    """A page answered in place of a redirect: htmx shows it and puts `url` in history."""
    reply["HX-Push-Url"] = url
    return reply


def _render_question(request, page: QuestionPage):
    slot = page.slot
    return render(
        request,
        "questions/attempt_question.html",
        {
            "attempt": page.attempt,
            "response": slot,
            "version": slot.version,
            "form": AnswerForm.for_response(slot),
            "navigator": page.navigator,
            "total": len(page.navigator),
            "visible": EVERYTHING,  # a checked answer: the quiz gives feedback at once
        },
    )


def _to_result(request, attempt):
    """To the result page; an htmx autosave is told to move the whole page there."""
    url = reverse("questions:attempt_result", args=[attempt.pk])
    if request.htmx and request.POST.get("go") == "autosave":
        reply = render(request, "questions/partials/_save_status.html", {"closed": True})
        reply["HX-Redirect"] = url
        return reply
    return redirect(url)


@login_required
def attempt_summary(request, pk):
    if request.method == "POST":
        attempt = attempt_submit(attempt_id=pk, student=request.user)
        url = reverse("questions:attempt_result", args=[attempt.pk])
        if request.htmx:
            return _pushed(_render_result(request, _result_page(request, pk)), url)
        return redirect(url)
    attempt = attempt_of_student(user=request.user, pk=pk)
    if attempt_expire_if_due(attempt=attempt):
        messages.info(request, time_up(attempt))
    if attempt.is_submitted:
        return redirect("questions:attempt_result", attempt.pk)
    return _render_summary(request, attempt)


def _render_summary(request, attempt, navigator=None):
    navigator = navigator or attempt_navigator(attempt=attempt)
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
    page = _result_page(request, pk)
    if attempt_expire_if_due(attempt=page.attempt):
        page = _result_page(request, pk)  # graded just now
    if not page.attempt.is_submitted:
        return redirect("questions:attempt_summary", pk)
    return _render_result(request, page)


def _result_page(request, pk: int) -> ResultPage:
    page = result_page(student_id=request.user.pk, attempt_id=pk)
    if page is None:
        raise Http404("그런 응시가 없습니다.")
    return page


def _render_result(request, page: ResultPage):
    attempt = page.attempt
    return render(
        request,
        "questions/attempt_result.html",
        {
            "attempt": attempt,
            "responses": page.slots,
            "visible": attempt_visibility(attempt, timezone.now()),
            "missed": sum(1 for slot in page.slots if not slot.correct),
        },
    )


@login_required
@require_POST
def attempt_retry(request, pk):
    attempt = attempt_of_student(user=request.user, pk=pk)
    if not attempt_visibility(attempt, timezone.now()).answers:
        # Practice gives immediate feedback, which would reveal answers still hidden.
        messages.info(request, "정답이 공개된 뒤에 틀린 문제를 다시 풀 수 있습니다.")
        return redirect("questions:attempt_result", attempt.pk)
    try:
        practice = retry_start(attempt=attempt)
    except AttemptRefused as refusal:
        messages.info(request, str(refusal))
        return redirect("questions:attempt_result", attempt.pk)
    return redirect("questions:attempt_question", practice.pk, 1)


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


class SignedOut(LogoutView):
    """Django's logout, and a word that it happened: on a shared classroom PC the
    next student should see that the last one is signed out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, SIGNED_OUT)
        return response


SIGNED_OUT = "로그아웃했습니다. 함께 쓰는 컴퓨터라면 브라우저 창도 닫아 주세요."
