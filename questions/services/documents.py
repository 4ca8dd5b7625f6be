from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from ..document_parser import checksum, clean_text, parse_document
from ..models import Document, Passage, Topic


@dataclass(frozen=True)
class IngestResult:
    document: Document
    changed: bool
    passages: int


@transaction.atomic
def document_ingest(*, text: str, slug: str, title: str, language: str = "ko") -> IngestResult:
    """Store a document and its passages; the same text again changes nothing."""
    text = clean_text(text)
    digest = checksum(text)
    document = Document.objects.filter(slug=slug).first()
    if document and document.checksum == digest and document.title == title:
        return IngestResult(document, changed=False, passages=document.passages.count())

    parsed = parse_document(text)
    if document is None:
        document = Document(slug=slug)
    document.title, document.language, document.text, document.checksum = (
        title,
        language,
        text,
        digest,
    )
    document.save()

    topics = {}
    for position, name in enumerate(parsed.sections, start=1):
        topics[name], _ = Topic.objects.update_or_create(
            document=document, name=name, defaults={"position": position}
        )
    first_topic = topics[parsed.sections[0]] if parsed.sections else None

    # Move existing rows out of the way so a reordered document cannot collide
    # with the unique (document, position) constraint while we update.
    document.passages.update(position=F("position") + 100_000)
    for passage in parsed.passages:
        Passage.objects.update_or_create(
            document=document,
            anchor=passage.anchor,
            defaults={
                "position": passage.position,
                "section_heading": passage.section_heading,
                "subheading": passage.subheading,
                "text": passage.text,
                # The opening paragraph precedes every section; it introduces the first.
                "topic": topics.get(passage.section_heading, first_topic),
            },
        )
    # Passages that questions cite are protected; anything else left over is gone.
    document.passages.filter(position__gt=100_000).delete()
    return IngestResult(document, changed=True, passages=len(parsed.passages))
