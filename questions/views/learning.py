from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..selectors.progress import activity_streak, attempt_history, coverage, timeline, topic_mastery
from ..selectors.reviews import review_status
from ..services.attempts import AttemptRefused
from ..services.classrooms import JoinRefused, classroom_join
from ..services.reviews import revealed_attempts_review
from ..services.starting import review_start
from .student import to_first_open_slot


@login_required
def progress(request):
    user = request.user
    history = attempt_history(user=user)
    topics = topic_mastery(user=user)
    return render(
        request,
        "questions/progress.html",
        {
            "attempts": history.attempts,
            "timeline": timeline(history.attempts),
            "grades": history.grades,
            "topics": topics,
            "coverage": coverage(topics),
            "streak": activity_streak(user=user),
        },
    )


@login_required
def review(request):
    # Answers whose key has come to show since (a quiz that has closed) join first.
    revealed_attempts_review(student=request.user)
    return render(request, "questions/review.html", {"status": review_status(user=request.user)})


@login_required
@require_POST
def review_round_start(request):
    revealed_attempts_review(student=request.user)
    try:
        attempt = review_start(student=request.user)
    except AttemptRefused as refusal:
        messages.info(request, str(refusal))
        return redirect("questions:review")
    return to_first_open_slot(attempt)


class JoinForm(forms.Form):
    code = forms.CharField(label="참여 코드", max_length=16)


@login_required
def classroom_join_page(request):
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            classroom = classroom_join(student=request.user, code=form.cleaned_data["code"])
        except JoinRefused as refusal:
            form.add_error("code", str(refusal))
        else:
            messages.success(request, f"‘{classroom.name}’ 학급에 참여했습니다.")
            return redirect("questions:quiz_list")
    return render(
        request,
        "questions/join.html",
        {"form": form, "classrooms": request.user.classrooms.order_by("name")},
    )
