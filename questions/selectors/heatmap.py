from django.db.models import Count

from ..models import Classroom, Document, Response
from .expressions import correct_count


def document_heatmap(*, classroom: Classroom, document: Document | None = None) -> dict:
    """The document's passages, each with the class's answers to the questions that
    cite it and their correct rate. Three queries."""
    document = document or Document.objects.order_by("id").first()
    if document is None:
        return {"document": None, "passages": []}
    figures = {
        row["version__passage"]: row
        for row in Response.objects.filter(
            attempt__student__in=classroom.students.all(),
            attempt__state="submitted",
            version__passage__document=document,
        )
        .values("version__passage")
        .annotate(
            answered=Count("id"),
            correct=correct_count(),
            questions=Count("question", distinct=True),
        )
    }
    passages = []
    for passage in document.passages.order_by("position"):
        row = figures.get(passage.pk, {})
        answered = row.get("answered", 0)
        rate = (row.get("correct") or 0) * 100 / answered if answered else None
        passages.append(
            {"passage": passage, "answered": answered, "rate": rate, "shade": _shade(rate)}
        )
    return {"document": document, "passages": passages}


def _shade(rate: float | None) -> str:
    """Red for what the class has not understood, through yellow to green."""
    if rate is None:
        return "none"
    if rate < 50:
        return "low"
    if rate < 80:
        return "mid"
    return "high"
