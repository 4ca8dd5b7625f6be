"""Moving questions in and out: the commands and the admin, in every format."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from questions.formats import FORMAT_MODULES, format_module, json_format
from questions.models import Question
from questions.selectors.bank import questions_for_export
from questions.services.bank import questions_import
from questions.services.documents import document_ingest
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(source_text):
    return document_ingest(text=source_text, slug="apec-ai-initiative", title="APEC").document


@pytest.fixture
def bank(document):
    text = settings.QUIZSITE_BANK_PATH.read_text(encoding="utf-8")
    questions_import(questions=json_format.loads(text), document=document)
    return document


@pytest.mark.parametrize("name", sorted(FORMAT_MODULES))
def test_the_whole_bank_survives_export_and_import_in_every_format(bank, name, tmp_path):
    before = questions_for_export()
    path = tmp_path / f"bank.{name}"
    call_command("export_questions", "--format", name, "-o", str(path))
    Question.objects.all().delete()
    call_command("import_questions", str(path), "--format", name)
    assert questions_for_export() == before


@pytest.mark.parametrize("name", sorted(FORMAT_MODULES))
def test_a_bad_file_writes_nothing_and_says_why(bank, name, tmp_path):
    good = format_module(name).dumps(questions_for_export()[:2])
    Question.objects.all().delete()
    path = tmp_path / f"bad.{name}"
    # The same questions, but their quotes are no longer in the document.
    path.write_text(good.replace("APEC", "ZZZZ"), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_questions", str(path), "--format", name)
    assert not Question.objects.exists()


def test_a_csv_error_names_its_line_and_nothing_is_written(bank, tmp_path):
    rows = format_module("csv").dumps(questions_for_export()[:3]).splitlines()
    rows[3] = rows[3].replace(",single,", ",essay,", 1).replace(",truefalse,", ",essay,", 1)
    rows[3] = rows[3].replace(",multiple,", ",essay,", 1).replace(",short,", ",essay,", 1)
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    Question.objects.all().delete()
    with pytest.raises(CommandError, match="line 4"):
        call_command("import_questions", str(path), "--format", "csv")
    assert not Question.objects.exists()


def test_a_moodle_file_without_quotes_is_refused_with_the_reason(document, tmp_path):
    path = tmp_path / "moodle.xml"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/결론</text></category></question>
  <question type="truefalse">
    <name><text>결론</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>이니셔티브는 공동 번영을 기대한다.</p>]]></text>
    </questiontext>
    <generalfeedback format="html"><text>결론 단락에 나옵니다.</text></generalfeedback>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>""",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="근거 인용"):
        call_command("import_questions", str(path), "--format", "moodle-xml")
    assert not Question.objects.exists()


# The admin


@pytest.fixture
def teacher_client(client):
    client.force_login(TeacherFactory())
    return client


IMPORT = reverse("admin:questions_question_import")


def upload(client, text, name="csv", document=None, **extra):
    data = {
        "file": SimpleUploadedFile(f"q.{name}", text.encode("utf-8")),
        "format": name,
        "document": document.pk,
    }
    return client.post(IMPORT, data, **extra)


def test_admin_import_previews_then_writes_on_confirm(teacher_client, bank):
    text = format_module("csv").dumps(questions_for_export()[:3])
    Question.objects.all().delete()
    preview = upload(teacher_client, text, document=bank)
    page = preview.content.decode()
    assert "새 문제 <strong>3</strong>개" in page and "가져오기 확인" in page
    assert not Question.objects.exists()  # nothing until confirmed
    response = teacher_client.post(IMPORT, {"confirm": "1"})
    assert response.url == reverse("admin:questions_question_changelist")
    assert Question.objects.count() == 3


def test_admin_import_shows_errors_and_offers_no_confirm(teacher_client, bank):
    text = format_module("json").dumps(questions_for_export()[:2]).replace("APEC", "ZZZZ")
    Question.objects.all().delete()
    page = upload(teacher_client, text, name="json", document=bank).content.decode()
    assert "아무것도 저장하지 않았습니다" in page and "가져오기 확인" not in page
    teacher_client.post(IMPORT, {"confirm": "1"})
    assert not Question.objects.exists()


@pytest.mark.parametrize("name", sorted(FORMAT_MODULES))
def test_admin_export_downloads_every_format(teacher_client, bank, name):
    response = teacher_client.get(reverse("admin:questions_question_export") + f"?format={name}")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert len(format_module(name).loads(text)) == Question.objects.count()


def test_a_student_cannot_use_the_admin_import(client, student, bank):
    client.force_login(student)
    assert client.get(IMPORT).status_code == 302  # to the admin login


def test_a_question_gift_cannot_express_is_reported_not_a_crash(teacher_client, bank, tmp_path):
    question = Question.objects.filter(qtype="single").first()
    right = question.choices.get(is_correct=True)
    right.fraction = Decimal("0.5")  # GIFT has no way to say "the one right option is half"
    right.save()
    response = teacher_client.get(reverse("admin:questions_question_export") + "?format=gift")
    assert response.status_code == 302
    follow = teacher_client.get(response.url).content.decode()
    assert f"형식으로 내보낼 수 없습니다: {question.key}" in follow
    with pytest.raises(CommandError, match="내보낼 수 없습니다"):
        call_command("export_questions", "--format", "gift", "-o", str(tmp_path / "x.gift"))
