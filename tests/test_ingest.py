import pytest
from django.core.management import call_command

from questions.models import Document, Passage, Topic
from questions.services.documents import document_ingest


@pytest.mark.django_db
def test_ingest_command_loads_27_passages_and_9_topics(settings, capsys):
    call_command("ingest_document", str(settings.QUIZSITE_DOCUMENT_PATH))
    document = Document.objects.get(slug="apec-ai-initiative")
    assert document.passages.count() == 27
    assert list(document.topics.values_list("name", flat=True))[:2] == [
        "APEC AI 이니셔티브 개요",
        "APEC AI 이니셔티브 제안 배경",
    ]
    assert document.topics.count() == 9
    # Every passage belongs to a topic; the opening one to the first section.
    assert not document.passages.filter(topic__isnull=True).exists()
    assert document.passages.get(position=1).topic.name == "APEC AI 이니셔티브 개요"
    assert "27 passages" in capsys.readouterr().out


@pytest.mark.django_db
def test_ingesting_the_same_text_again_changes_nothing(source_text):
    first = document_ingest(text=source_text, slug="apec", title="APEC")
    rows = list(Passage.objects.values_list("id", "anchor", "position", "text"))
    second = document_ingest(text=source_text, slug="apec", title="APEC")
    assert (first.changed, second.changed) == (True, False)
    assert list(Passage.objects.values_list("id", "anchor", "position", "text")) == rows
    assert Topic.objects.count() == 9
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_an_edited_paragraph_updates_its_passage_in_place(source_text):
    document_ingest(text=source_text, slug="apec", title="APEC")
    conclusion = Passage.objects.get(section_heading="결론")
    edited = source_text.replace("공동 번영과 지속 가능한 발전을", "공동 번영을")
    document_ingest(text=edited, slug="apec", title="APEC")
    conclusion.refresh_from_db()
    assert "공동 번영을 이끌어갈" in conclusion.text
    assert Passage.objects.count() == 27
