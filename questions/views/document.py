from django.shortcuts import render

from ..permissions import is_teacher
from ..selectors.documents import document_for_reading


def document_detail(request, slug=None):
    teacher = is_teacher(request.user)
    document = document_for_reading(slug=slug, with_questions=teacher)
    return render(request, "questions/document.html", {"document": document, "teacher": teacher})
