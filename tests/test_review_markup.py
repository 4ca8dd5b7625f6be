"""A graded slot as the result page writes it: every text escaped, and nothing
the quiz's review options hide ever written. Plain objects stand in for the
rows, as the markup reads nothing else."""

from dataclasses import replace
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template.defaultfilters import floatformat

from questions.grading import PairKey
from questions.review_markup import answer_review, points_text, review_item
from questions.visibility import EVERYTHING, Visibility

NOTHING = Visibility(marks=False, answers=False, explanations=False)
HOSTILE = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def rows(*items):
    return SimpleNamespace(all=lambda: list(items))


def version(qtype="single", **fields):
    values = {
        "qtype": qtype,
        "text": "질문",
        "explanation": "해설 본문",
        "source_quote": "인용문",
        "passage": SimpleNamespace(anchor="p-3", heading="1. 개요"),
        "is_typed_answer": qtype in ("short", "numerical"),
        "key_answers": [],
        "pair_keys": [],
    }
    return SimpleNamespace(**{**values, **fields})


def option(text, *, selected=False, correct=False, feedback=""):
    choice = SimpleNamespace(text=text, is_correct=correct, feedback=feedback)
    return SimpleNamespace(choice=choice, selected=selected)


def slot(the_version, *, options=(), matches=(), text_answer="", correct=False, points="0"):
    return SimpleNamespace(
        position=3,
        version=the_version,
        options=rows(*options),
        matches=rows(*matches),
        text_answer=text_answer,
        correct=correct,
        points_awarded=Decimal(points),
        max_points=Decimal("1.00"),
        is_answered=bool(text_answer or matches or any(o.selected for o in options)),
    )


def chosen_wrong():
    return slot(
        version(),
        options=[
            option("가", selected=True, feedback="가는 틀렸습니다"),
            option("나", correct=True),
        ],
    )


def test_a_wrong_choice_shows_the_verdict_the_key_the_feedback_and_why():
    html = answer_review(chosen_wrong(), EVERYTHING, "/document/")
    assert "✘ 오답 · 0 / 1점" in html
    assert '<li class="chosen">가 <span class="tag">내 답</span>' in html
    assert '<li class="key">나 <span class="tag key">정답</span>' in html
    assert "가는 틀렸습니다" in html
    assert "해설 본문" in html and "“인용문”" in html
    assert '<a href="/document/#p-3">근거 보기: 1. 개요</a>' in html


@pytest.mark.parametrize("hidden", ["marks", "answers", "explanations"])
def test_what_the_review_options_hide_is_not_written(hidden):
    html = answer_review(chosen_wrong(), replace(EVERYTHING, **{hidden: False}), "/document/")
    never = {
        "marks": ["오답", "점</p>"],
        "answers": ["정답", 'class="key"', "가는 틀렸습니다"],
        "explanations": ["해설", "인용문", "근거 보기"],
    }[hidden]
    assert not [word for word in never if word in html]
    assert "내 답" in html  # the student's own answer always shows


def test_with_everything_hidden_only_the_students_answers_remain():
    matching = version("matching", pair_keys=[PairKey(1, "서울", "한국"), PairKey(2, "", "미끼")])
    html = answer_review(
        slot(matching, matches=[SimpleNamespace(pair_id=1, chosen="일본")]), NOTHING, "/d/"
    )
    assert "일본" in html and "서울" in html
    assert "한국" not in html and "미끼" not in html and "✘" not in html
    typed = version("short", key_answers=["경주"])
    html = answer_review(slot(typed, text_answer="서울"), NOTHING, "/d/")
    assert "서울" in html and "경주" not in html


def test_every_text_from_teachers_and_students_is_escaped():
    hostile_version = version(
        text=HOSTILE,
        explanation=HOSTILE,
        source_quote=HOSTILE,
        passage=SimpleNamespace(anchor=HOSTILE, heading=HOSTILE),
    )
    chosen = slot(
        hostile_version,
        options=[option(HOSTILE, selected=True, feedback=HOSTILE)],
    )
    matching = version("matching", pair_keys=[PairKey(1, HOSTILE, HOSTILE)])
    typed = version("short", key_answers=[HOSTILE])
    pages = [
        review_item(chosen, EVERYTHING, "/document/"),
        answer_review(
            slot(matching, matches=[SimpleNamespace(pair_id=1, chosen=HOSTILE)]), EVERYTHING, "/"
        ),
        answer_review(slot(typed, text_answer=HOSTILE), EVERYTHING, "/"),
    ]
    for html in pages:
        assert "<script>" not in html
        assert ESCAPED in html


@pytest.mark.parametrize("points", ["0", "1", "1.00", "0.50", "0.33", "12.25", "100"])
def test_points_read_as_the_templates_floatformat_shows_them(points):
    value = Decimal(points).quantize(Decimal("0.01"))
    assert points_text(value) == floatformat(value, "-2")


def test_partial_credit_reads_as_such():
    partial = slot(version(), options=[option("가", selected=True)], points="0.50")
    assert "△ 부분 점수 · 0.50 / 1점" in answer_review(partial, EVERYTHING, "/")
