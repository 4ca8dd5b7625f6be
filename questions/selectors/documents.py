from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from ..models import Document, Passage, Question


def document_for_reading(*, slug: str | None, with_questions: bool) -> Document:
    """A document with its passages in order; for teachers, each passage also
    carries the questions that cite it (`passage.cited_by`). Two or three queries."""
    passages: QuerySet[Passage] = Passage.objects.order_by("position")
    if with_questions:
        passages = passages.prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("key").only("id", "key", "text", "passage_id"),
                to_attr="cited_by",
            )
        )
    documents = Document.objects.prefetch_related(Prefetch("passages", queryset=passages))
    if slug:
        return get_object_or_404(documents, slug=slug)
    return get_object_or_404(documents.order_by("id")[:1])
