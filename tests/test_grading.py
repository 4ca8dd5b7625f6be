"""The scoring rules, on plain data (no database)."""

from decimal import Decimal

import pytest

from questions.grading import (
    AnswerKey,
    ChoiceKey,
    NumberKey,
    PairKey,
    QuestionKey,
    choice_fractions,
    grade,
    match_options,
)

D = Decimal


def single(points="1"):
    return QuestionKey(
        "single", D(points), choices=(ChoiceKey(1, True), ChoiceKey(2, False), ChoiceKey(3, False))
    )


def multiple(*choices):
    return QuestionKey("multiple", D("2"), choices=choices)


def test_single_choice_scores_the_chosen_fraction_times_points():
    assert grade(single("2"), choice_ids=[1]).points == D("2.00")
    assert grade(single("2"), choice_ids=[1]).correct is True
    assert grade(single("2"), choice_ids=[2]).points == D("0.00")
    assert grade(single("2"), choice_ids=[]).correct is False


def test_single_choice_with_two_ticks_earns_nothing():
    assert grade(single(), choice_ids=[1, 2]).points == 0


def test_true_false():
    key = QuestionKey("truefalse", D(1), choices=(ChoiceKey(7, False), ChoiceKey(8, True)))
    assert grade(key, choice_ids=[8]).correct
    assert not grade(key, choice_ids=[7]).correct


def test_multiple_default_fractions_share_plus_and_minus_one():
    choices = (ChoiceKey(1, True), ChoiceKey(2, True), ChoiceKey(3, False), ChoiceKey(4, False))
    assert choice_fractions("multiple", choices) == {
        1: D("0.5"),
        2: D("0.5"),
        3: D("-0.5"),
        4: D("-0.5"),
    }


@pytest.mark.parametrize(
    ("chosen", "points", "correct"),
    [
        ([1, 2], D("2.00"), True),  # exactly the correct ones: full points
        ([1, 2, 3, 4], D("0.00"), False),  # everything: zero
        ([1], D("1.00"), False),  # half the correct ones: half
        ([1, 3], D("0.00"), False),  # one right, one wrong cancel out
        ([3], D("0.00"), False),  # negative totals clamp to zero
        ([], D("0.00"), False),
    ],
)
def test_multiple_response_sums_and_clamps(chosen, points, correct):
    key = multiple(ChoiceKey(1, True), ChoiceKey(2, True), ChoiceKey(3, False), ChoiceKey(4, False))
    result = grade(key, choice_ids=chosen)
    assert (result.points, result.correct) == (points, correct)


def test_multiple_with_three_correct_thirds_still_make_full_marks():
    key = multiple(ChoiceKey(1, True), ChoiceKey(2, True), ChoiceKey(3, True), ChoiceKey(4, False))
    assert grade(key, choice_ids=[1, 2, 3]).correct
    assert grade(key, choice_ids=[1, 2, 3]).points == D("2.00")


def test_explicit_fractions_override_the_defaults():
    key = multiple(
        ChoiceKey(1, True, D("0.33333")),
        ChoiceKey(2, True, D("0.33333")),
        ChoiceKey(3, True, D("0.33333")),
        ChoiceKey(4, False, D("-1")),
    )
    assert grade(key, choice_ids=[1, 2, 3]).correct  # 0.99999 counts as full marks
    assert grade(key, choice_ids=[1, 4]).points == D("0.00")
    assert grade(key, choice_ids=[1]).points == D("0.67")


def test_unknown_choice_ids_earn_nothing():
    assert grade(single(), choice_ids=[99]).points == 0


def test_short_answer_takes_the_best_matching_answer():
    key = QuestionKey(
        "short",
        D("4"),
        answers=(AnswerKey("아시아태평양 AI 센터"), AnswerKey("AI 센터", D("0.5"))),
    )
    full = grade(key, text="아시아태평양AI센터입니다")
    assert (full.points, full.correct, full.matched_answer.text) == (
        D("4.00"),
        True,
        "아시아태평양 AI 센터",
    )
    half = grade(key, text="AI센터")
    assert (half.points, half.correct) == (D("2.00"), False)
    assert grade(key, text="센터").points == 0
    assert grade(key, text="").matched_answer is None


def test_unknown_type_is_an_error():
    with pytest.raises(ValueError, match="essay"):
        grade(QuestionKey("essay", D(1)))


def numerical(*numbers):
    return QuestionKey("numerical", D("1"), numbers=numbers)


@pytest.mark.parametrize("typed", ["2025", "2025년", "2,025", "２０２５", " 2025 ", "2025.0"])
def test_numerical_accepts_the_ways_people_write_a_number(typed):
    assert grade(numerical(NumberKey(D("2025"))), text=typed).correct


@pytest.mark.parametrize(
    "typed", ["2024", "20250", "", "이천이십오", "2025년도 아니고 2024년", "60%"]
)
def test_numerical_refuses_other_numbers_and_non_numbers(typed):
    assert grade(numerical(NumberKey(D("2025"))), text=typed).points == 0


def test_numerical_tolerance_and_partial_credit():
    key = numerical(NumberKey(D("2025"), D("1")), NumberKey(D("2030"), D("0"), D("0.5")))
    assert grade(key, text="2026").correct
    assert not grade(key, text="2027").correct
    assert grade(key, text="2030").points == D("0.50")
    assert grade(key, text="2030").matched_answer.value == D("2030")


def matching():
    pairs = (PairKey(1, "한국", "제안국"), PairKey(2, "경주", "개최지"), PairKey(3, "", "관중"))
    return QuestionKey("matching", D("2"), pairs=pairs)


def test_matching_gives_each_right_pair_an_equal_share():
    assert grade(matching(), matches={1: "제안국", 2: "개최지"}).correct
    assert grade(matching(), matches={1: "제안국", 2: "관중"}).points == D("1.00")
    assert grade(matching(), matches={1: "개최지", 2: "제안국"}).points == 0
    assert grade(matching(), matches={}).points == 0


def test_matching_options_include_the_distractors_once():
    assert match_options(matching().pairs) == ["개최지", "관중", "제안국"]


def test_options_worth_more_than_full_marks_together_earn_exactly_the_points():
    # An import may give each of three correct options 50% (GIFT `~%50%`); all three is 150%.
    key = multiple(
        ChoiceKey(1, True, D("0.5")),
        ChoiceKey(2, True, D("0.5")),
        ChoiceKey(3, True, D("0.5")),
        ChoiceKey(4, False, D("-1")),
    )
    result = grade(key, choice_ids=[1, 2, 3])
    assert (result.points, result.fraction, result.correct) == (D("2.00"), D(1), True)


@pytest.mark.parametrize("listed", ["partial first", "full first"])
def test_short_answer_matching_two_accepted_answers_takes_the_better_one(listed):
    # 제주도 matches 제주 (도 is a particle) and 제주도 itself.
    partial = AnswerKey("제주", D("0.5"), "도 이름까지 쓰면 만점입니다.")
    full = AnswerKey("제주도", D("1"), "정확합니다.")
    answers = (partial, full) if listed == "partial first" else (full, partial)
    result = grade(QuestionKey("short", D("4"), answers=answers), text="제주도")
    assert (result.points, result.correct) == (D("4.00"), True)
    assert result.matched_answer.feedback == "정확합니다."


@pytest.mark.parametrize("listed", ["partial first", "full first"])
def test_numerical_within_two_tolerances_takes_the_better_answer(listed):
    near = NumberKey(D("2025"), D("1"), D("0.5"), "한 해 안쪽이면 절반입니다.")
    exact = NumberKey(D("2025"), D("0"), D("1"), "정확합니다.")
    numbers = (near, exact) if listed == "partial first" else (exact, near)
    result = grade(QuestionKey("numerical", D("2"), numbers=numbers), text="2025년")
    assert (result.points, result.correct) == (D("2.00"), True)
    assert result.matched_answer.feedback == "정확합니다."
