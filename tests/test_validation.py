from questions.validation import ChoiceDraft, answerability_errors


def drafts(*flags):
    return [ChoiceDraft(f"보기 {i}", flag) for i, flag in enumerate(flags)]


def test_a_well_formed_question_of_each_type_passes():
    assert answerability_errors("single", drafts(True, False), []) == []
    assert answerability_errors("multiple", drafts(True, True, False), []) == []
    tf = [ChoiceDraft("true", True), ChoiceDraft("false", False)]
    assert answerability_errors("truefalse", tf, []) == []
    assert answerability_errors("short", [], ["경주"]) == []


def test_single_choice_needs_exactly_one_correct_option():
    assert "정확히 하나" in answerability_errors("single", drafts(True, True), [])[0]
    assert "정확히 하나" in answerability_errors("single", drafts(False, False), [])[0]


def test_multiple_response_needs_a_correct_option():
    assert "하나 이상" in answerability_errors("multiple", drafts(False, False), [])[0]


def test_choice_questions_need_two_options():
    assert "두 개 이상" in answerability_errors("single", drafts(True), [])[0]


def test_short_answer_needs_an_accepted_answer():
    assert "인정 답안" in answerability_errors("short", [], ["  "])[0]


def test_true_false_options_are_true_and_false():
    errors = answerability_errors("truefalse", drafts(True, False), [])
    assert any("'true'" in e for e in errors)


def test_matching_needs_two_distinct_prompts_each_with_a_match():
    assert (
        answerability_errors("matching", [], [], [], [("한국", "제안국"), ("경주", "개최지")]) == []
    )
    assert "두 개 이상" in answerability_errors("matching", [], [], [], [("한국", "제안국")])[0]
    duplicate = [("한국", "제안국"), ("한국", "개최지")]
    assert "중복" in answerability_errors("matching", [], [], [], duplicate)[0]
    missing = [("한국", "제안국"), ("경주", " ")]
    assert "답을 입력" in answerability_errors("matching", [], [], [], missing)[0]


def test_numerical_needs_a_full_mark_value():
    assert answerability_errors("numerical", [], [], [1]) == []
    assert "만점" in answerability_errors("numerical", [], [], [0.5])[0]
