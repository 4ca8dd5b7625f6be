from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from ..permissions import is_teacher
from ..selectors.reports import quiz_report
from ..services.attempts import attempts_close_expired


@login_required
def teacher_report(request):
    if not is_teacher(request.user):
        raise PermissionDenied
    attempts_close_expired()  # overdue attempts count with what they saved
    return render(request, "questions/teacher_report.html", {"quizzes": quiz_report()})
