from questions.templatetags.quiz_extras import question_markup


def test_double_asterisks_mark_a_negation_in_bold():
    assert question_markup("다음 중 **아닌** 것은?") == "다음 중 <strong>아닌</strong> 것은?"


def test_teacher_text_is_escaped_before_markup():
    html = question_markup("<script>alert(1)</script> **굵게**\n둘째 줄")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<strong>굵게</strong><br>둘째 줄" in html


def test_answer_fields_escape_option_texts_prompts_and_saved_answers():
    from types import SimpleNamespace

    from questions.forms import AnswerForm
    from questions.grading import PairKey
    from questions.templatetags.quiz_extras import answer_input

    hostile = '<img src=x onerror="alert(1)">'
    choice = AnswerForm(
        version=SimpleNamespace(qtype="single", pk=1),
        choices=[SimpleNamespace(id=7, text=hostile)],
        initial={"answer": "7"},
    )
    matching = AnswerForm(
        version=SimpleNamespace(qtype="matching", pk=2), pairs=[PairKey(1, "서울", hostile)]
    )
    typed = AnswerForm(version=SimpleNamespace(qtype="short", pk=3), initial={"answer": hostile})
    fields = [choice["answer"], *matching.match_fields, typed["answer"]]
    for html in map(answer_input, fields):
        assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert 'value="7" id="id_answer_0" checked>' in answer_input(choice["answer"])
