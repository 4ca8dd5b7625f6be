from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..selectors.progress import (
    activity_streak,
    coverage,
    quiz_grade_rows,
    submitted_attempts,
    timeline,
    topic_mastery,
)
from ..selectors.reviews import review_status
from ..services.attempts import AttemptRefused, review_start
from .student import to_first_open_slot


@login_required
def progress(request):
    user = request.user
    return render(
        request,
        "questions/progress.html",
        {
            "attempts": submitted_attempts(user=user)[:50],
            "timeline": timeline(user=user),
            "grades": quiz_grade_rows(user=user),
            "topics": topic_mastery(user=user),
            "coverage": coverage(user=user),
            "streak": activity_streak(user=user),
        },
    )


@login_required
def review(request):
    return render(request, "questions/review.html", {"status": review_status(user=request.user)})


@login_required
@require_POST
def review_round_start(request):
    try:
        attempt = review_start(student=request.user)
    except AttemptRefused as refusal:
        messages.info(request, str(refusal))
        return redirect("questions:review")
    return to_first_open_slot(attempt)
