"""The shipped bank and the JSON import that loads it."""

import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from questions.document_parser import normalise_whitespace
from questions.formats import json_format
from questions.formats.bank import FormatError
from questions.grading import grade
from questions.models import Choice, Question, Quiz, Topic
from questions.models.bank import grading_key
from questions.selectors.bank import questions_for_export
from questions.services.attempts import attempt_submit, response_save
from questions.services.bank import BankImportError, questions_import
from questions.services.documents import document_ingest
from questions.services.quizzes import quiz_specs_from_json, quizzes_load
from questions.services.starting import attempt_start
from tests.factories import QuestionFactory
from tests.helpers import at, right_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(source_text):
    return document_ingest(text=source_text, slug="apec-ai-initiative", title="APEC").document


@pytest.fixture
def bank_text():
    return settings.QUIZSITE_BANK_PATH.read_text(encoding="utf-8")


@pytest.fixture
def loaded(document, bank_text):
    questions_import(questions=json_format.loads(bank_text), document=document)
    quizzes_load(specs=quiz_specs_from_json(settings.QUIZSITE_QUIZZES_PATH.read_text("utf-8")))
    return document


def test_the_bank_covers_every_type_and_section(loaded):
    active = Question.objects.filter(active=True)
    assert active.count() >= 70
    assert set(active.values_list("topic__name", flat=True)) == set(
        Topic.objects.values_list("name", flat=True)
    )
    assert Topic.objects.count() == 9
    assert not active.filter(explanation="").exists()


def test_every_passage_is_the_source_of_at_least_two_questions(loaded):
    thin = loaded.passages.annotate(n=Count("questions", filter=Q(questions__active=True))).filter(
        n__lt=2
    )
    assert list(thin.values_list("position", "n")) == []


def test_the_mix_of_types_and_difficulties(loaded):
    active = Question.objects.filter(active=True)
    by_type = dict(active.values_list("qtype").annotate(n=Count("id")))
    assert by_type["single"] >= 30
    assert by_type["multiple"] >= 10
    assert by_type["truefalse"] >= 12
    assert by_type["short"] >= 10
    assert by_type["numerical"] >= 2  # the year of the summit, 제2 반도체 붐
    by_level = dict(active.values_list("difficulty").annotate(n=Count("id")))
    assert by_level[2] >= 15
    assert by_level[3] >= 8


def test_true_false_statements_are_about_half_false(loaded):
    keys = Choice.objects.filter(
        question__qtype="truefalse", question__active=True, is_correct=True
    )
    false_count = keys.filter(text="false").count()
    assert abs(false_count - keys.filter(text="true").count()) <= 2
    assert false_count >= 5


def test_negative_stems_mark_the_negation(loaded):
    for question in Question.objects.filter(active=True):
        for negation in ("아닌 것", "않는 것", "않은 것", "없는 것"):
            if negation in question.text:
                assert f"**{negation.split()[0]}**" in question.text, question.key


def test_the_shipped_quizzes(loaded):
    quizzes = {q.slug: q for q in Quiz.objects.annotate(n=Count("slots"))}
    assert all(q.published for q in quizzes.values())
    sections = [slug for slug in quizzes if slug.startswith("section-")]
    assert len(sections) == 8
    assert quizzes["faq"].n >= 5
    assert quizzes["comprehensive-exam"].n == 20
    assert quizzes["quick-quiz"].n == 10
    comprehensive_topics = Question.objects.filter(quizzes__slug="comprehensive-exam")
    assert comprehensive_topics.values("topic").distinct().count() == 9


def test_every_quote_is_an_exact_substring_of_its_passage(loaded):
    for question in Question.objects.select_related("passage"):
        quote = normalise_whitespace(question.source_quote)
        assert len(quote) >= 10, question.key
        assert quote in normalise_whitespace(question.passage.text), question.key


def test_every_question_gives_full_marks_to_its_key_and_none_to_a_wrong_answer(loaded):
    for question in Question.objects.prefetch_related("choices", "accepted_answers"):
        key = grading_key(question)
        if question.qtype == "short":
            best = question.accepted_answers.order_by("-fraction").first().text
            assert grade(key, text=best).correct, question.key
            assert grade(key, text="전혀 관계없는 답").points == 0, question.key
        elif question.qtype == "numerical":
            value = question.numerical_answers.order_by("-fraction").first().value
            assert grade(key, text=f"{value.normalize():f}").correct, question.key
            assert grade(key, text="987654").points == 0, question.key
        else:
            right = [c.id for c in question.choices.all() if c.is_correct]
            wrong = [c.id for c in question.choices.all() if not c.is_correct]
            assert grade(key, choice_ids=right).correct, question.key
            assert grade(key, choice_ids=wrong[:1]).points == 0, question.key


def test_at_least_two_published_quizzes_are_ready_to_take(loaded, student):
    quizzes = Quiz.objects.filter(published=True)
    assert quizzes.count() >= 2
    for quiz in quizzes:
        attempt = attempt_start(student=student, quiz=quiz)
        assert attempt.responses.count() == quiz.slots.count() > 0


def test_loading_the_bank_twice_changes_nothing(loaded, bank_text):
    before = list(Question.objects.values_list("key", "updated_at").order_by("key"))
    choices = list(Choice.objects.values_list("id", "text").order_by("id"))
    report = questions_import(questions=json_format.loads(bank_text), document=loaded)
    assert (report.created, report.updated) == ([], [])
    assert len(report.unchanged) == len(before)
    assert list(Question.objects.values_list("key", "updated_at").order_by("key")) == before
    assert list(Choice.objects.values_list("id", "text").order_by("id")) == choices
    outcomes = quizzes_load(
        specs=quiz_specs_from_json(settings.QUIZSITE_QUIZZES_PATH.read_text("utf-8"))
    )
    assert set(outcomes.values()) == {"unchanged"}


def test_setup_commands_are_idempotent(settings, capsys):
    for _ in range(2):
        call_command("ingest_document", str(settings.QUIZSITE_DOCUMENT_PATH))
        call_command("import_questions", str(settings.QUIZSITE_BANK_PATH), "--format", "json")
        call_command("load_quizzes", str(settings.QUIZSITE_QUIZZES_PATH))
    out = capsys.readouterr().out
    assert out.count("created 0, updated 0") == 1
    assert "(unchanged)" in out
    assert Question.objects.count() == len(
        json.loads(settings.QUIZSITE_BANK_PATH.read_text())["questions"]
    )


def question_dict(**overrides):
    item = {
        "key": "new-001",
        "type": "single",
        "text": "APEC AI 이니셔티브를 제안한 나라는?",
        "explanation": "한국이 주도적으로 제안했습니다.",
        "topic": "결론",
        "source_quote": "APEC AI 이니셔티브를 주도적으로 제안했으며",
        "choices": [
            {"text": "한국", "fraction": 1, "feedback": ""},
            {"text": "일본", "fraction": 0, "feedback": ""},
        ],
    }
    item.update(overrides)
    return item


def bank(*items):
    return json.dumps({"format": "quizsite-questions", "version": 1, "questions": list(items)})


def test_the_passage_is_the_one_containing_the_quote(document):
    questions_import(questions=json_format.loads(bank(question_dict())), document=document)
    question = Question.objects.get(key="new-001")
    assert question.passage.subheading == "APEC AI 이니셔티브에 대한 한국의 기여는 무엇인가요?"


def test_an_invalid_question_fails_the_whole_import_and_writes_nothing(document):
    good = question_dict()
    bad = question_dict(key="new-002", source_quote="문서에 전혀 없는 문장입니다 정말로")
    with pytest.raises(BankImportError) as error:
        questions_import(questions=json_format.loads(bank(good, bad)), document=document)
    assert "2번째 문제 (new-002)" in error.value.errors[0]
    assert "어느 단락에도 없습니다" in error.value.errors[0]
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (question_dict(type="essay"), "지원하지 않는 유형"),
        (question_dict(choices=[{"text": "한국", "fraction": 0}]), "두 개 이상"),
        (question_dict(type="short", choices=[], answers=[]), "인정 답안"),
        (question_dict(key="Bad Key"), "키는"),
        (question_dict(difficulty=5), "난이도"),
        ({"key": "x"}, "필수 항목"),
    ],
)
def test_format_errors_name_the_question_and_the_reason(item, message):
    with pytest.raises(FormatError, match=message) as error:
        json_format.loads(bank(item))
    assert "1번째 문제" in str(error.value)


def test_duplicate_keys_are_refused():
    with pytest.raises(FormatError, match="중복"):
        json_format.loads(bank(question_dict(), question_dict()))


def test_dry_run_reports_and_writes_nothing(document, capsys, tmp_path):
    path = tmp_path / "bank.json"
    path.write_text(bank(question_dict()), encoding="utf-8")
    call_command("import_questions", str(path), "--dry-run")
    assert "would be created 1" in capsys.readouterr().out
    assert not Question.objects.exists()


def test_the_command_reports_errors_in_korean_and_writes_nothing(document, tmp_path):
    path = tmp_path / "bank.json"
    path.write_text(bank(question_dict(source_quote="없는 인용문 열 글자 이상")), encoding="utf-8")
    with pytest.raises(CommandError, match="아무것도 저장하지 않았습니다"):
        call_command("import_questions", str(path))
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON을 읽을 수 없습니다"):
        call_command("import_questions", str(path))
    assert not Question.objects.exists()


def test_updating_a_question_keeps_option_rows_and_past_marks(document, student):
    questions_import(questions=json_format.loads(bank(question_dict())), document=document)
    question = Question.objects.get(key="new-001")
    quiz = Quiz.objects.create(title="t", slug="t", published=True)
    quiz.slots.create(question=question, position=1)
    attempt = attempt_start(student=student, quiz=quiz)
    korea = question.choices.get(text="한국")
    response = attempt.responses.get()
    response_save(**at(response), choice_ids=right_ids(response))
    attempt_submit(attempt_id=attempt.pk)

    # The key is "fixed" to the other option: past marks and answers stay as they were.
    flipped = question_dict(
        text="바뀐 문제",
        choices=[{"text": "한국", "fraction": 0}, {"text": "일본", "fraction": 1}],
    )
    report = questions_import(questions=json_format.loads(bank(flipped)), document=document)
    assert report.updated == ["new-001"]
    assert question.choices.get(text="한국").id == korea.id
    assert attempt.responses.get().points_awarded == Decimal("1.00")
    shown = attempt.responses.get().options.get(selected=True).choice
    assert (shown.text, shown.is_correct) == ("한국", True)  # as the student saw it


def test_a_numerical_question_imports_and_scores(document, student):
    year = question_dict(
        key="year-001",
        type="numerical",
        choices=[],
        numbers=[{"value": 2025, "tolerance": 0, "fraction": 1, "feedback": "맞아요"}],
    )
    questions_import(questions=json_format.loads(bank(year)), document=document)
    question = Question.objects.get(key="year-001")
    quiz = Quiz.objects.create(title="t", slug="t", published=True)
    quiz.slots.create(question=question, position=1)
    attempt = attempt_start(student=student, quiz=quiz)
    response_save(**at(attempt.responses.get()), text="2025년")
    assert attempt_submit(attempt_id=attempt.pk).score == Decimal("1.00")
    exported = json.loads(json_format.dumps(json_format.loads(bank(year))))
    assert exported["questions"][0]["numbers"] == [
        {"value": 2025, "tolerance": 0, "fraction": 1, "feedback": "맞아요"}
    ]


def test_json_round_trip_is_stable(bank_text):
    questions = json_format.loads(bank_text)
    assert json_format.loads(json_format.dumps(questions)) == questions


def test_export_import_export_gives_identical_json(loaded, tmp_path, capsys):
    call_command("export_questions", "--format", "json")
    first = capsys.readouterr().out
    assert json.loads(first)["format"] == "quizsite-questions"

    # Into an empty bank: the same document, no questions.
    Quiz.objects.all().delete()
    Question.objects.all().delete()
    path = tmp_path / "export.json"
    path.write_text(first, encoding="utf-8")
    call_command("import_questions", str(path))
    capsys.readouterr()
    call_command("export_questions", "-o", str(path))
    assert path.read_text(encoding="utf-8") == first


def test_export_writes_derived_fractions_and_tags():
    question = QuestionFactory(
        qtype="multiple",
        options=[("가", True), ("나", True), ("다", False)],
    )
    question.tags.create(name="경주")
    (data,) = questions_for_export()
    assert [c.fraction for c in data.choices] == [Decimal("0.5"), Decimal("0.5"), Decimal("-1")]
    assert data.tags == ("경주",)


def test_a_matching_question_imports_and_round_trips(document):
    pairs = [
        {"prompt": "한국", "match": "제안국"},
        {"prompt": "경주", "match": "개최지"},
        {"prompt": "", "match": "관중"},
    ]
    item = question_dict(key="match-001", type="matching", choices=[], pairs=pairs)
    questions_import(questions=json_format.loads(bank(item)), document=document)
    question = Question.objects.get(key="match-001")
    assert [(p.prompt, p.match) for p in question.pairs.all()] == [
        ("한국", "제안국"),
        ("경주", "개최지"),
        ("", "관중"),
    ]
    (exported,) = questions_for_export(Question.objects.filter(key="match-001"))
    assert json.loads(json_format.dumps([exported]))["questions"][0]["pairs"] == pairs
