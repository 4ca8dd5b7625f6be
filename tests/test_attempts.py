"""The attempt services: start, save, submit."""

from decimal import Decimal

import pytest

from questions.models import Attempt, Response
from questions.services.attempts import (
    AttemptClosed,
    InvalidAnswer,
    attempt_start,
    attempt_submit,
    response_save,
)
from tests.factories import QuestionFactory, QuizFactory, UserFactory

pytestmark = pytest.mark.django_db


def slot(attempt, position):
    return attempt.responses.select_related("question").get(position=position)


def right_choice(question):
    return question.choices.get(is_correct=True).id


def test_start_fixes_the_active_questions_in_quiz_order(student):
    first, inactive, last = (
        QuestionFactory(),
        QuestionFactory(active=False),
        QuestionFactory(points=2),
    )
    quiz = QuizFactory(with_questions=[first, inactive, last])
    attempt = attempt_start(student=student, quiz=quiz)
    assert list(attempt.responses.values_list("position", "question")) == [
        (1, first.pk),
        (2, last.pk),
    ]
    assert attempt.max_score == Decimal("3")
    assert attempt.state == Attempt.State.IN_PROGRESS


def test_start_resumes_the_open_attempt(student, quiz):
    assert attempt_start(student=student, quiz=quiz) == attempt_start(student=student, quiz=quiz)
    assert Attempt.objects.count() == 1


def test_start_refuses_a_quiz_without_questions(student):
    with pytest.raises(ValueError, match="문제가 없습니다"):
        attempt_start(student=student, quiz=QuizFactory())


def test_save_then_submit_scores_each_slot(student):
    single = QuestionFactory(points=2)
    short = QuestionFactory(qtype="short", options=["경주"])
    multiple = QuestionFactory(
        qtype="multiple", options=[("가", True), ("나", True), ("다", False), ("라", False)]
    )
    attempt = attempt_start(
        student=student, quiz=QuizFactory(with_questions=[single, short, multiple])
    )
    response_save(response=slot(attempt, 1), choice_ids=[right_choice(single)])
    response_save(response=slot(attempt, 2), text="경주에서")
    half = multiple.choices.get(text="가").id
    response_save(response=slot(attempt, 3), choice_ids=[half])

    attempt = attempt_submit(attempt=attempt)
    assert attempt.state == Attempt.State.SUBMITTED and attempt.submitted_at
    rows = list(attempt.responses.values_list("points_awarded", "correct"))
    assert rows == [(Decimal("2.00"), True), (Decimal("1.00"), True), (Decimal("0.50"), False)]
    assert attempt.score == Decimal("3.50")
    assert attempt.max_score == Decimal("4.00")


def test_unanswered_slots_score_zero(student, quiz):
    attempt = attempt_submit(attempt=attempt_start(student=student, quiz=quiz))
    assert attempt.score == 0
    assert not Response.objects.filter(attempt=attempt, correct=True).exists()


def test_an_empty_answer_clears_the_slot(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    response = slot(attempt, 1)
    response_save(response=response, choice_ids=[right_choice(response.question)])
    assert slot(attempt, 1).is_answered
    response_save(response=slot(attempt, 1), choice_ids=[])
    assert not slot(attempt, 1).is_answered


def test_an_option_of_another_question_is_refused(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    other = QuestionFactory()
    with pytest.raises(InvalidAnswer):
        response_save(response=slot(attempt, 1), choice_ids=[right_choice(other)])
    assert not slot(attempt, 1).is_answered


def test_two_options_on_a_single_choice_question_are_refused(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    ids = list(slot(attempt, 1).question.choices.values_list("id", flat=True))
    with pytest.raises(InvalidAnswer):
        response_save(response=slot(attempt, 1), choice_ids=ids[:2])


def test_submitting_twice_grades_once(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    response_save(response=slot(attempt, 1), choice_ids=[right_choice(slot(attempt, 1).question)])
    first = attempt_submit(attempt=attempt)
    again = attempt_submit(attempt=attempt)
    assert (again.score, again.submitted_at) == (first.score, first.submitted_at)


def test_a_submitted_attempt_refuses_answers(student, quiz):
    attempt = attempt_submit(attempt=attempt_start(student=student, quiz=quiz))
    with pytest.raises(AttemptClosed):
        response_save(response=slot(attempt, 1), text="늦은 답")


def test_points_changed_after_the_start_do_not_change_the_attempt(student):
    question = QuestionFactory(points=1)
    attempt = attempt_start(student=student, quiz=QuizFactory(with_questions=[question]))
    question.points = 5
    question.save()
    response_save(response=slot(attempt, 1), choice_ids=[right_choice(question)])
    attempt = attempt_submit(attempt=attempt)
    assert (attempt.score, attempt.max_score) == (Decimal("1.00"), Decimal("1.00"))


def test_new_attempt_after_submitting(quiz):
    student = UserFactory()
    first = attempt_submit(attempt=attempt_start(student=student, quiz=quiz))
    assert attempt_start(student=student, quiz=quiz) != first
