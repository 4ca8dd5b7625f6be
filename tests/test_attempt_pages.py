"""The attempt pages' hand-written reads give what the ORM would: the same
field values, options in the same order, the same matches, on either database."""

import pytest
from django.db.models import signals

from questions.models import (
    Attempt,
    Passage,
    QuestionVersion,
    Quiz,
    Response,
    ResponseMatch,
    ResponseOption,
    VersionChoice,
)
from questions.selectors.attempt_pages import question_page, result_page
from questions.services.attempts import attempt_submit
from questions.services.starting import attempt_start
from tests.factories import QuizFactory, UserFactory
from tests.helpers import answer
from tests.test_query_counts import questions_of_every_type

pytestmark = pytest.mark.django_db

READ = [Attempt, Quiz, Response, QuestionVersion, Passage, ResponseOption, VersionChoice,
        ResponseMatch]  # fmt: skip


def test_the_models_read_by_hand_run_nothing_when_instantiated():
    """The rows become instances without `__init__`; no receiver may miss them."""
    for model in READ:
        assert not signals.pre_init.has_listeners(model), model
        assert not signals.post_init.has_listeners(model), model


def loaded(instance, model) -> dict:
    """The field values an instance holds (deferred ones left out)."""
    return {
        f.attname: getattr(instance, f.attname)
        for f in model._meta.concrete_fields
        if f.attname in instance.__dict__
    }


def same_as_the_orm(slot: Response) -> None:
    orm = Response.objects.select_related("attempt__quiz", "version__passage").get(pk=slot.pk)
    for mine, theirs, model in [
        (slot, orm, Response),
        (slot.attempt, orm.attempt, Attempt),
        (slot.attempt.quiz, orm.attempt.quiz, Quiz),
        (slot.version, orm.version, QuestionVersion),
    ]:
        values = loaded(mine, model)
        assert values and values == {k: getattr(theirs, k) for k in values}, model
    if slot.version.passage_id:
        assert loaded(slot.version.passage, Passage) == {
            k: getattr(orm.version.passage, k) for k in loaded(slot.version.passage, Passage)
        }
    options = orm.options.select_related("choice").order_by("position")
    assert [(o.pk, o.selected, o.choice.text, o.choice.is_correct) for o in options] == [
        (o.pk, o.selected, o.choice.text, o.choice.is_correct) for o in slot.options.all()
    ]
    assert {(m.pair_id, m.chosen) for m in orm.matches.all()} == {
        (m.pair_id, m.chosen) for m in slot.matches.all()
    }


def test_the_result_page_reads_every_slot_as_the_orm_does():
    student = UserFactory()
    attempt = attempt_start(
        student=student, quiz=QuizFactory(with_questions=questions_of_every_type(2))
    )
    for response in attempt.responses.select_related("version"):
        answer(response, right=response.position % 2 == 0)
    attempt_submit(attempt_id=attempt.pk)
    page = result_page(student_id=student.pk, attempt_id=attempt.pk)
    assert [s.position for s in page.slots] == list(range(1, 11))
    assert page.attempt.is_submitted and page.attempt.score is not None
    for slot in page.slots:
        same_as_the_orm(slot)
    assert result_page(student_id=UserFactory().pk, attempt_id=attempt.pk) is None


def test_the_question_page_reads_its_slot_as_the_orm_does():
    student = UserFactory()
    attempt = attempt_start(
        student=student, quiz=QuizFactory(with_questions=questions_of_every_type(1))
    )
    for response in attempt.responses.select_related("version"):
        answer(response, right=True)
    for position in range(1, 6):
        page = question_page(student_id=student.pk, attempt_id=attempt.pk, position=position)
        assert page.slot.position == position
        same_as_the_orm(page.slot)
        assert [row["position"] for row in page.navigator] == [1, 2, 3, 4, 5]
