from django.shortcuts import get_object_or_404, render

from ..models import Document


def document_detail(request, slug=None):
    documents = Document.objects.prefetch_related("passages")
    document = get_object_or_404(documents, slug=slug) if slug else get_object_or_404(documents[:1])
    return render(request, "questions/document.html", {"document": document})
