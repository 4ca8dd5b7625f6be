from questions.templatetags.quiz_extras import question_markup


def test_double_asterisks_mark_a_negation_in_bold():
    assert question_markup("다음 중 **아닌** 것은?") == "다음 중 <strong>아닌</strong> 것은?"


def test_teacher_text_is_escaped_before_markup():
    html = question_markup("<script>alert(1)</script> **굵게**\n둘째 줄")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<strong>굵게</strong><br>둘째 줄" in html
