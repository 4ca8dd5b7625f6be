"""The attempt services: start, save, check, submit, deadlines, limits, snapshots."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from questions.models import Attempt, Question, Quiz, ReviewSchedule
from questions.services.attempts import (
    AttemptClosed,
    AttemptRefused,
    DeadlinePassed,
    InvalidAnswer,
    attempt_submit,
    attempts_close_expired,
    response_check,
    response_save,
)
from questions.services.regrade import RegradeRefused, question_regrade
from questions.services.starting import attempt_start, retry_start, review_start
from tests.factories import QuestionFactory, QuizFactory, TopicFactory, UserFactory
from tests.helpers import answer, at, right_ids, slot, wrong_id

pytestmark = pytest.mark.django_db
NOW = timezone.now()


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
    with pytest.raises(AttemptRefused, match="문제가 없습니다"):
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
    answer(slot(attempt, 1), right=True)
    response_save(**at(slot(attempt, 2)), text="경주에서")
    half = slot(attempt, 3).options.get(choice__text="가").choice_id
    response_save(**at(slot(attempt, 3)), choice_ids=[half])

    attempt = attempt_submit(attempt_id=attempt.pk)
    assert attempt.state == Attempt.State.SUBMITTED and attempt.submitted_at
    rows = list(attempt.responses.values_list("points_awarded", "correct"))
    assert rows == [(Decimal("2.00"), True), (Decimal("1.00"), True), (Decimal("0.50"), False)]
    assert (attempt.score, attempt.max_score) == (Decimal("3.50"), Decimal("4.00"))


def test_an_empty_answer_clears_the_slot(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    answer(slot(attempt, 1), right=True)
    assert slot(attempt, 1).is_answered
    response_save(**at(slot(attempt, 1)), choice_ids=[])
    assert not slot(attempt, 1).is_answered
    assert not slot(attempt, 1).options.filter(selected=True).exists()


def test_an_option_of_another_question_is_refused(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    with pytest.raises(InvalidAnswer):
        response_save(**at(slot(attempt, 1)), choice_ids=right_ids(slot(attempt, 2)))
    assert not slot(attempt, 1).is_answered


def test_two_options_on_a_single_choice_question_are_refused(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    ids = list(slot(attempt, 1).options.values_list("choice_id", flat=True))
    with pytest.raises(InvalidAnswer):
        response_save(**at(slot(attempt, 1)), choice_ids=ids[:2])


def test_submitting_twice_grades_once(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    answer(slot(attempt, 1), right=True)
    first = attempt_submit(attempt_id=attempt.pk)
    again = attempt_submit(attempt_id=attempt.pk, now=timezone.now() + timedelta(minutes=5))
    assert (again.score, again.submitted_at) == (first.score, first.submitted_at)
    assert ReviewSchedule.objects.get(student=student).times_right == 1


def test_a_submitted_attempt_refuses_answers(student, quiz):
    attempt = attempt_submit(attempt_id=(attempt_start(student=student, quiz=quiz)).pk)
    with pytest.raises(AttemptClosed):
        response_save(**at(slot(attempt, 1)), text="늦은 답")


def test_two_tabs_saving_different_questions_keep_both(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    tab_one, tab_two = slot(attempt, 1), slot(attempt, 2)  # loaded before either saves
    answer(tab_one, right=True)
    answer(tab_two, right=False)
    assert [r.is_answered for r in attempt.responses.order_by("position")][:2] == [True, True]
    assert attempt_submit(attempt_id=attempt.pk).score == Decimal("1.00")


# Frozen questions


def test_editing_or_deleting_a_question_changes_neither_display_nor_score(student):
    question = QuestionFactory(text="원래 문제", points=1)
    attempt = attempt_start(student=student, quiz=QuizFactory(with_questions=[question]))
    right = question.choices.get(is_correct=True)
    wrong = question.choices.filter(is_correct=False).first()
    answer(slot(attempt, 1), right=True)

    # The teacher "fixes" the key, rewords the question and raises its points...
    right.is_correct, wrong.is_correct = False, True
    right.save(), wrong.save()
    question.text, question.points, question.active = "바뀐 문제", 5, False
    question.save()
    attempt = attempt_submit(attempt_id=attempt.pk)
    assert (attempt.score, attempt.max_score) == (Decimal("1.00"), Decimal("1.00"))
    assert slot(attempt, 1).version.text == "원래 문제"

    # ...and finally deletes it: the attempt still shows and keeps its score.
    question.delete()
    response = slot(attempt, 1)
    assert response.question is None and response.version.text == "원래 문제"
    assert response.options.get(selected=True).choice.text == right.text


def test_the_same_content_shares_one_version_and_an_edit_makes_a_new_one(student):
    question = QuestionFactory()
    quiz = QuizFactory(with_questions=[question])
    first = attempt_submit(attempt_id=(attempt_start(student=student, quiz=quiz)).pk)
    second = attempt_submit(attempt_id=(attempt_start(student=student, quiz=quiz)).pk)
    assert slot(first, 1).version_id == slot(second, 1).version_id
    question.text = "고친 문제"
    question.save()
    third = attempt_start(student=student, quiz=quiz)
    assert slot(third, 1).version_id != slot(first, 1).version_id
    assert question.versions.count() == 2


@pytest.mark.parametrize(
    "qtype, rows",
    [
        ("single", "choices"),
        ("short", "accepted_answers"),
        ("numerical", "numerical_answers"),
        ("matching", "pairs"),
    ],
)
def test_editing_or_deleting_an_option_answer_or_pair_freezes_a_new_version(student, qtype, rows):
    """A question remembers its frozen version to start attempts fast; any change to
    one of its rows must make the next attempt freeze (and show) the new content."""
    question = QuestionFactory(qtype=qtype)
    quiz = QuizFactory(with_questions=[question])
    before = slot(attempt_submit(attempt_id=attempt_start(student=student, quiz=quiz).pk), 1)
    row = getattr(question, rows).order_by("id").last()
    if rows == "pairs":
        row.match = "새 짝"
    else:
        row.feedback = "새 피드백"
    row.save()
    edited = slot(attempt_submit(attempt_id=attempt_start(student=student, quiz=quiz).pk), 1)
    assert edited.version_id != before.version_id
    getattr(question, rows).order_by("id").first().delete()
    deleted = slot(attempt_start(student=student, quiz=quiz), 1)
    assert deleted.version_id not in (before.version_id, edited.version_id)
    assert getattr(deleted.version, rows).count() == getattr(question, rows).count()


# Quiz settings


def test_attempts_allowed(student):
    quiz = QuizFactory(with_questions=1, attempts_allowed=2)
    for _ in range(2):
        attempt_submit(attempt_id=(attempt_start(student=student, quiz=quiz)).pk)
    with pytest.raises(AttemptRefused, match="2회를 모두 사용"):
        attempt_start(student=student, quiz=quiz)
    # Practice never uses up attempts.
    attempt_start(student=UserFactory(), quiz=quiz)


def test_the_availability_window(student):
    quiz = QuizFactory(
        with_questions=1, opens_at=NOW + timedelta(days=1), closes_at=NOW + timedelta(days=2)
    )
    with pytest.raises(AttemptRefused, match="에 열립니다"):
        attempt_start(student=student, quiz=quiz, now=NOW)
    attempt_start(student=student, quiz=quiz, now=NOW + timedelta(days=1, hours=1))
    with pytest.raises(AttemptRefused, match="마감되었습니다"):
        attempt_start(student=UserFactory(), quiz=quiz, now=NOW + timedelta(days=3))


def test_the_deadline_is_the_time_limit_capped_by_the_close(student):
    quiz = QuizFactory(with_questions=1, time_limit_minutes=30)
    assert attempt_start(student=student, quiz=quiz, now=NOW).due_at == NOW + timedelta(minutes=30)
    quiz.closes_at = NOW + timedelta(minutes=10)
    quiz.save()
    late = attempt_start(student=UserFactory(), quiz=quiz, now=NOW)
    assert late.due_at == NOW + timedelta(minutes=10)


def test_moving_the_close_applies_to_attempts_under_way(student):
    quiz = QuizFactory(with_questions=2, closes_at=NOW + timedelta(hours=1))
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    answer(slot(attempt, 1), right=True, now=NOW + timedelta(minutes=1))
    # The teacher moves the close to an hour ago while the student is answering.
    Quiz.objects.filter(pk=quiz.pk).update(closes_at=NOW - timedelta(hours=1))
    with pytest.raises(DeadlinePassed):
        answer(slot(attempt, 2), right=True, now=NOW + timedelta(minutes=2))
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.auto_submitted
    assert attempt.score == Decimal("1.00")  # the answer saved before the change counts
    assert not slot(attempt, 2).is_answered
    # Moved later instead, the close gives an attempt under way more time.
    quiz = QuizFactory(with_questions=1, closes_at=NOW + timedelta(minutes=5))
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    Quiz.objects.filter(pk=quiz.pk).update(closes_at=NOW + timedelta(hours=1))
    answer(slot(attempt, 1), right=True, now=NOW + timedelta(minutes=30))
    assert slot(attempt, 1).is_answered


def test_a_submit_after_the_close_was_moved_is_stamped_at_the_close(student):
    quiz = QuizFactory(with_questions=1)
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    Quiz.objects.filter(pk=quiz.pk).update(closes_at=NOW + timedelta(minutes=3))
    attempt = attempt_submit(attempt_id=attempt.pk, now=NOW + timedelta(minutes=10))
    assert attempt.submitted_at == NOW + timedelta(minutes=3)


def test_an_answer_after_the_deadline_is_refused_and_the_attempt_graded(student):
    quiz = QuizFactory(with_questions=2, time_limit_minutes=10)
    attempt = attempt_start(student=student, quiz=quiz, now=NOW)
    answer(slot(attempt, 1), right=True, now=NOW + timedelta(minutes=5))
    with pytest.raises(DeadlinePassed):
        answer(slot(attempt, 2), right=True, now=NOW + timedelta(minutes=11))
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.auto_submitted
    assert attempt.score == Decimal("1.00")  # what was saved in time, nothing lost
    assert attempt.submitted_at == NOW + timedelta(minutes=10)
    assert not slot(attempt, 2).is_answered


def test_expired_attempts_are_graded_by_the_command_and_on_the_next_visit(student):
    quiz = QuizFactory(with_questions=1, time_limit_minutes=1)
    attempt = attempt_start(student=student, quiz=quiz, now=NOW - timedelta(minutes=5))
    answer(slot(attempt, 1), right=True, now=NOW - timedelta(minutes=4, seconds=30))
    other = attempt_start(student=UserFactory(), quiz=quiz, now=NOW)
    call_command("close_expired_attempts")
    attempt.refresh_from_db()
    other.refresh_from_db()
    assert attempt.is_submitted and attempt.score == Decimal("1.00")
    assert not other.is_submitted  # still within its time
    assert attempts_close_expired(now=NOW + timedelta(minutes=2)) == 1
    # Starting again after an expired open attempt grades it and starts fresh.
    third = attempt_start(student=other.student, quiz=quiz, now=NOW + timedelta(minutes=3))
    assert third != other


def test_shuffled_questions_and_options_are_frozen_per_attempt(student):
    questions = QuestionFactory.create_batch(6)
    quiz = QuizFactory(with_questions=questions, shuffle_questions=True, shuffle_options=True)
    attempt = attempt_start(student=student, quiz=quiz, rng=random.Random(3))
    order = list(attempt.responses.values_list("question", flat=True))
    assert sorted(order) == sorted(q.pk for q in questions)
    assert order != [q.pk for q in questions]  # this seed does change the order
    options = [
        list(r.options.values_list("choice__text", flat=True)) for r in attempt.responses.all()
    ]
    assert any(texts != ["허브", "감독", "심판", "관객"] for texts in options)
    # Resuming shows the same order.
    again = attempt_start(student=student, quiz=quiz)
    assert list(again.responses.values_list("question", flat=True)) == order


def test_a_random_draw_takes_n_from_the_chosen_topics_and_levels_least_seen_first(student):
    topic = TopicFactory()
    pool = QuestionFactory.create_batch(4, topic=topic, difficulty=2)
    QuestionFactory(topic=topic, difficulty=3)  # outside the difficulty range
    QuestionFactory(difficulty=2)  # outside the topics
    quiz = QuizFactory(
        question_source="random", draw_count=2, draw_min_difficulty=1, draw_max_difficulty=2
    )
    quiz.draw_topics.add(topic)
    first = attempt_start(student=student, quiz=quiz)
    seen = set(first.responses.values_list("question", flat=True))
    assert len(seen) == 2 and seen <= {q.pk for q in pool}
    attempt_submit(attempt_id=first.pk)
    second = attempt_start(student=student, quiz=quiz)
    assert set(second.responses.values_list("question", flat=True)).isdisjoint(seen)


def test_immediate_feedback_checks_one_answer_and_locks_it(student):
    quiz = QuizFactory(with_questions=2, feedback_mode="immediate")
    attempt = attempt_start(student=student, quiz=quiz)
    answer(slot(attempt, 1), right=False)
    checked = response_check(**at(slot(attempt, 1)))
    assert (checked.correct, checked.points_awarded) == (False, Decimal("0.00"))
    before = list(slot(attempt, 1).options.values_list("selected", flat=True))
    answer(slot(attempt, 1), right=True)  # a later, right answer is not taken
    assert list(slot(attempt, 1).options.values_list("selected", flat=True)) == before
    response_save(**at(slot(attempt, 1)), flagged=True)  # but the flag may change
    assert slot(attempt, 1).flagged
    assert attempt_submit(attempt_id=attempt.pk).score == 0


def test_check_is_refused_in_deferred_mode(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    with pytest.raises(InvalidAnswer):
        response_check(**at(slot(attempt, 1)))


# Practice and review


def test_retry_practices_the_missed_questions_without_changing_the_grade(student):
    quiz = QuizFactory(with_questions=3)
    attempt = attempt_start(student=student, quiz=quiz)
    answer(slot(attempt, 1), right=True)
    answer(slot(attempt, 2), right=False)
    attempt = attempt_submit(attempt_id=attempt.pk)
    practice = retry_start(attempt=attempt)
    assert practice.kind == Attempt.Kind.RETRY and not practice.counts_for_grade
    assert list(practice.responses.values_list("version", flat=True)) == [
        slot(attempt, 2).version_id,
        slot(attempt, 3).version_id,
    ]
    assert practice.immediate_feedback


def test_answers_schedule_reviews_and_a_review_round_takes_the_due_ones(student):
    questions = QuestionFactory.create_batch(3)
    attempt = attempt_start(student=student, quiz=QuizFactory(with_questions=questions))
    answer(slot(attempt, 1), right=True)
    answer(slot(attempt, 2), right=False)  # the third stays unanswered: no schedule
    attempt_submit(attempt_id=attempt.pk, now=NOW)
    boxes = dict(ReviewSchedule.objects.values_list("question", "box"))
    assert boxes == {questions[0].pk: 2, questions[1].pk: 1}

    with pytest.raises(AttemptRefused):
        review_start(student=student, now=NOW)
    review = review_start(student=student, now=NOW + timedelta(days=1, minutes=1))
    assert list(review.responses.values_list("question", flat=True)) == [questions[1].pk]
    assert review.kind == Attempt.Kind.REVIEW and review.immediate_feedback
    answer(slot(review, 1), right=True)
    attempt_submit(attempt_id=review.pk, now=NOW + timedelta(days=1, minutes=2))
    assert ReviewSchedule.objects.get(question=questions[1]).box == 2


def test_a_deleted_question_leaves_the_schedule(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    answer(slot(attempt, 1), right=True)
    attempt_submit(attempt_id=attempt.pk)
    Question.objects.get(pk=slot(attempt, 1).question_id).delete()
    assert not ReviewSchedule.objects.exists()


def test_wrong_id_helper_picks_a_wrong_option(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    assert wrong_id(slot(attempt, 1)) not in right_ids(slot(attempt, 1))


def test_a_review_round_offers_no_retry(student, quiz):
    attempt = attempt_start(student=student, quiz=quiz)
    answer(slot(attempt, 1), right=False)
    attempt_submit(attempt_id=attempt.pk, now=NOW)
    review = review_start(student=student, now=NOW + timedelta(days=2))
    answer(slot(review, 1), right=False)
    review = attempt_submit(attempt_id=review.pk, now=NOW + timedelta(days=2))
    with pytest.raises(AttemptRefused, match="내일 다시 복습"):
        retry_start(attempt=review)


def test_a_teacher_regrades_after_fixing_a_key_explicitly(student):
    question = QuestionFactory()
    quiz = QuizFactory(with_questions=[question, QuestionFactory()])
    attempt = attempt_start(student=student, quiz=quiz)
    chosen = slot(attempt, 1).options.get(choice__text="감독").choice_id
    response_save(**at(slot(attempt, 1)), choice_ids=[chosen])
    answer(slot(attempt, 2), right=True)
    attempt = attempt_submit(attempt_id=attempt.pk)
    assert attempt.score == 1

    # The key was wrong: 감독, not 허브. Fixing it changes nothing by itself…
    question.choices.filter(text="허브").update(is_correct=False)
    question.choices.filter(text="감독").update(is_correct=True)
    attempt.refresh_from_db()
    assert attempt.score == 1
    # …until the teacher regrades.
    assert question_regrade(question=question) == 1
    attempt.refresh_from_db()
    assert attempt.score == 2
    regraded = slot(attempt, 1)
    assert regraded.correct and regraded.options.get(selected=True).choice.text == "감독"
    assert question_regrade(question=question) == 0  # nothing left to change


def test_regrading_refuses_when_the_options_changed_in_number(student):
    question = QuestionFactory()
    attempt = attempt_start(student=student, quiz=QuizFactory(with_questions=[question]))
    answer(slot(attempt, 1), right=True)
    attempt_submit(attempt_id=attempt.pk)
    question.choices.last().delete()
    with pytest.raises(RegradeRefused):
        question_regrade(question=question)
    assert attempt.responses.get().correct
