"""GIFT import and export: pure, no database."""

import hashlib
from decimal import Decimal

import pytest

from questions.formats.bank import (
    AnswerData,
    ChoiceData,
    FormatError,
    NumberData,
    PairData,
    QuestionData,
)
from questions.formats.gift import dumps, loads


def gift_key(text: str) -> str:
    return "gift-" + hashlib.sha1(text.encode()).hexdigest()[:10]


def only(source: str, **kwargs) -> QuestionData:
    (question,) = loads(source, **kwargs)
    return question


def question(**fields) -> QuestionData:
    defaults = {
        "key": "q-001",
        "type": "single",
        "text": "문제",
        "explanation": "해설",
        "topic": "주제",
        "source_quote": "",
    }
    return QuestionData(**(defaults | fields))


# Reading: one test per construct


def test_single_choice_with_title_id_tags_feedback_and_explanation():
    source = """\
$CATEGORY: $course$/top/Default for APEC/APEC AI 이니셔티브 개요

// [id:overview-001]
// [tag:연도]
// [tag:정상회의]
::채택 연도::APEC AI 이니셔티브는 몇 년에 채택되었나요?{
    =2025년#맞습니다. 경주 정상회의에서 채택되었습니다.
    ~2024년#한 해 전입니다.
    ~%-50%2023년
    ####2025년 경주 APEC 정상회의에서 채택되었습니다.
}
"""
    assert only(source) == QuestionData(
        key="overview-001",
        type="single",
        title="채택 연도",
        text="APEC AI 이니셔티브는 몇 년에 채택되었나요?",
        explanation="2025년 경주 APEC 정상회의에서 채택되었습니다.",
        topic="APEC AI 이니셔티브 개요",
        tags=("연도", "정상회의"),
        source_quote="",
        choices=(
            ChoiceData("2025년", Decimal(1), "맞습니다. 경주 정상회의에서 채택되었습니다."),
            ChoiceData("2024년", Decimal(0), "한 해 전입니다."),
            ChoiceData("2023년", Decimal("-0.5")),
        ),
    )


def test_comment_lines_and_blank_lines_separate_questions():
    source = """\
// 파일 머리 주석은 무시합니다.
// 여러 줄이어도 됩니다.

$CATEGORY: 주제


// 첫 문제
1 + 1 = ?{=2 ~3 ####둘}



2 + 2 = ?{=4 ~5 ####넷}
"""
    first, second = loads(source)
    assert (first.text, first.choices[0].text, first.explanation) == ("1 + 1 = ?", "2", "둘")
    assert (second.text, second.choices[0].text, second.explanation) == ("2 + 2 = ?", "4", "넷")


def test_category_gives_its_last_segment_to_the_questions_after_it():
    source = """\
첫째{=가 ~나 ####해설}

$CATEGORY: $course$/top/Default for 과정/개요

둘째{=가 ~나 ####해설}

셋째{=가 ~나 ####해설}

$CATEGORY: a/b/c

넷째{=가 ~나 ####해설}

$CATEGORY: $course$/top/입력//출력

다섯째{=가 ~나 ####해설}
"""
    topics = [q.topic for q in loads(source, default_topic="기본 주제")]
    assert topics == ["기본 주제", "개요", "개요", "c", "입력/출력"]


def test_a_category_line_may_share_a_block_with_the_next_question():
    assert only("$CATEGORY: 개요\n첫째{=가 ~나 ####해설}").topic == "개요"


def test_missing_word_question_shows_a_blank_where_the_answers_were():
    got = only("$CATEGORY: 주제\n\nThe {=capital ~port ####해설} is Seoul.")
    assert got.type == "single"
    assert got.text == "The _____ is Seoul."
    assert got.choices == (ChoiceData("capital", Decimal(1)), ChoiceData("port", Decimal(0)))


def test_weights_on_tilde_options_make_multiple_response():
    source = """\
$CATEGORY: 주제

APEC 회원은?{
    ~%50%한국#맞습니다
    ~%50%일본
    ~%-100%브라질
    ~%33.33333%기타
    ####한국과 일본입니다.
}
"""
    got = only(source)
    assert got.type == "multiple"
    assert got.choices == (
        ChoiceData("한국", Decimal("0.5"), "맞습니다"),
        ChoiceData("일본", Decimal("0.5")),
        ChoiceData("브라질", Decimal(-1)),
        ChoiceData("기타", Decimal("0.3333333")),
    )


def test_several_equals_make_multiple_response_worth_what_the_file_says():
    got = only("$CATEGORY: 주제\n\n짝수는?{=2 =4 ~3 ####해설}")
    assert got.type == "multiple"
    assert [c.fraction for c in got.choices] == [Decimal(1), Decimal(1), Decimal(0)]


def test_equals_beside_a_positive_weight_is_multiple_response():
    got = only("$CATEGORY: 주제\n\n고르세요{=가 ~%50%나 ~다 ####해설}")
    assert got.type == "multiple"
    assert [c.fraction for c in got.choices] == [Decimal(1), Decimal("0.5"), Decimal(0)]


def test_without_equals_one_full_weight_is_still_multiple_response_as_in_moodle():
    got = only("$CATEGORY: 주제\n\n고르세요{~%100%가 ~나 ####해설}")
    assert got.type == "multiple"


def test_after_equals_in_a_choice_question_a_weight_is_text_as_in_moodle():
    got = only("$CATEGORY: 주제\n\n할인율은?{=%10% 할인 ~%0%%20% 할인 ####해설}")
    assert got.type == "single"
    assert got.choices == (ChoiceData("%10% 할인", Decimal(1)), ChoiceData("%20% 할인", Decimal(0)))


@pytest.mark.parametrize(
    ("block", "true_fraction", "true_feedback", "false_feedback"),
    [
        ("{T}", 1, "", ""),
        ("{TRUE}", 1, "", ""),
        ("{F}", 0, "", ""),
        ("{FALSE}", 0, "", ""),
        # The first feedback is for a wrong answer, the second for a right one.
        ("{T#틀렸습니다#맞았습니다}", 1, "맞았습니다", "틀렸습니다"),
        ("{FALSE#틀렸습니다#맞았습니다}", 0, "틀렸습니다", "맞았습니다"),
        ("{TRUE##맞았습니다}", 1, "맞았습니다", ""),
    ],
)
def test_true_false(block, true_fraction, true_feedback, false_feedback):
    got = only(f"$CATEGORY: 주제\n\n서울은 한국의 수도다.{block[:-1]}####해설}}")
    assert got.type == "truefalse"
    assert got.text == "서울은 한국의 수도다."
    assert got.choices == (
        ChoiceData("true", Decimal(true_fraction), true_feedback),
        ChoiceData("false", Decimal(1 - true_fraction), false_feedback),
    )


def test_short_answers_with_fractions_and_feedback():
    got = only("$CATEGORY: 주제\n\n한국의 수도는?{=서울 =Seoul#영어도 됩니다 =%50%한양 ####해설}")
    assert got.type == "short"
    assert got.answers == (
        AnswerData("서울", Decimal(1)),
        AnswerData("Seoul", Decimal(1), "영어도 됩니다"),
        AnswerData("한양", Decimal("0.5")),
    )
    assert got.choices == ()


@pytest.mark.parametrize(
    ("block", "numbers"),
    [
        ("{#2025}", (NumberData(Decimal(2025)),)),
        ("{#2025:1}", (NumberData(Decimal(2025), Decimal(1)),)),
        ("{#2024..2026}", (NumberData(Decimal(2025), Decimal(1)),)),
        ("{#1.5..2}", (NumberData(Decimal("1.75"), Decimal("0.25")),)),
        (
            "{#-3.5:0.25#음수입니다}",
            (NumberData(Decimal("-3.5"), Decimal("0.25"), Decimal(1), "음수입니다"),),
        ),
        (
            "{# =2025:0 =%50%2024:1#한 해 차이}",
            (
                NumberData(Decimal(2025)),
                NumberData(Decimal(2024), Decimal(1), Decimal("0.5"), "한 해 차이"),
            ),
        ),
    ],
)
def test_numerical(block, numbers):
    got = only(f"$CATEGORY: 주제\n\n채택 연도는?{block[:-1]} ####해설}}")
    assert got.type == "numerical"
    assert got.numbers == numbers


def test_matching_with_an_extra_wrong_match():
    source = """\
$CATEGORY: 주제

나라와 수도를 짝지으세요.{
    =한국 -> 서울
    =일본 -> 도쿄
    = -> 베이징
    ####해설
}
"""
    got = only(source)
    assert got.type == "matching"
    assert got.pairs == (PairData("한국", "서울"), PairData("일본", "도쿄"), PairData("", "베이징"))


def test_escaped_characters_in_title_text_options_and_feedback():
    source = r"""$CATEGORY: 주제

::a\:b \{c\}::Is 1 \= 1 \~ \#2 \\ ok\nnext line?{
    =yes \# really#because \{x\} \: y
    ~no \= \~
    ####back\\slash \\n stays
}
"""
    got = only(source)
    assert got.title == "a:b {c}"
    assert got.text == "Is 1 = 1 ~ #2 \\ ok\nnext line?"
    assert got.choices == (
        ChoiceData("yes # really", Decimal(1), "because {x} : y"),
        ChoiceData("no = ~", Decimal(0)),
    )
    assert got.explanation == "back\\slash \\n stays"


def test_a_question_may_run_over_several_lines():
    source = """\
$CATEGORY: 주제

::여러 줄::다음 중
APEC 회원은?
{
=한국
~브라질
####한국은
회원입니다.
}
"""
    got = only(source)
    assert got.text == "다음 중\nAPEC 회원은?"
    assert got.explanation == "한국은\n회원입니다."
    assert [c.text for c in got.choices] == ["한국", "브라질"]


def test_bom_and_crlf():
    source = "\ufeff$CATEGORY: 주제\r\n\r\n// [id:q-1]\r\n::제목::문제\r\n{\r\n=가\r\n~나\r\n"
    source += "####해설\r\n}\r\n"
    got = only(source)
    assert (got.key, got.title, got.text, got.explanation) == ("q-1", "제목", "문제", "해설")
    assert got.topic == "주제"


def test_our_comment_extensions():
    source = r"""$CATEGORY: 주제

// [id:overview-002] [tag:a\]b]
// [quote:APEC 정상들은 [AI 이니셔티브\]를 채택했다.\n둘째 줄 \\ 끝]
// [difficulty:3]
// [points:2.5]
// [inactive]
문제{=가 ~나 ####해설}
"""
    got = only(source)
    assert got.key == "overview-002"
    assert got.tags == ("a]b",)
    assert got.source_quote == "APEC 정상들은 [AI 이니셔티브]를 채택했다.\n둘째 줄 \\ 끝"
    assert (got.difficulty, got.points, got.active) == (3, Decimal("2.5"), False)


def test_a_file_from_moodle_gets_the_defaults_and_no_quote():
    got = only("$CATEGORY: 주제\n\n::Q::문제{=가 ~나 ####해설}")
    assert (got.difficulty, got.points, got.active, got.source_quote) == (1, Decimal(1), True, "")
    assert got.tags == ()


def test_moodle_export_with_html_and_its_own_id_and_tag_comment():
    source = """\
// question: 0  name: Switch category to $course$/top/Default for C1/개요
$CATEGORY: $course$/top/Default for C1/개요


// question: 101  name: Adoption
// [id:Overview-003] [tag:apec] [tag:연도]
::Adoption::[html]<p dir\\="ltr">APEC AI 이니셔티브는 <strong>몇 년</strong>에 채택되었나요?</p>{
\t=<p>2025</p>#<p>맞습니다 &amp; 좋습니다</p>
\t~%-50%<p>2024</p>
\t####<p>경주에서</p><p>채택되었습니다.</p>
}
"""
    got = only(source)
    assert got.key == "overview-003"
    assert got.tags == ("apec", "연도")
    assert got.title == "Adoption"
    assert got.topic == "개요"
    assert got.text == "APEC AI 이니셔티브는 몇 년에 채택되었나요?"
    assert got.choices == (
        ChoiceData("2025", Decimal(1), "맞습니다 & 좋습니다"),
        ChoiceData("2024", Decimal("-0.5")),
    )
    assert got.explanation == "경주에서\n채택되었습니다."


def test_format_marks_other_than_html_are_dropped():
    got = only("$CATEGORY: 주제\n\n[markdown]**굵게**{=[plain]<b>가</b> ~나 ####[moodle]해설}")
    assert got.text == "**굵게**"
    assert got.choices[0].text == "<b>가</b>"
    assert got.explanation == "해설"


@pytest.mark.parametrize(
    ("title", "text", "key"),
    [
        ("Capital of Korea?", "수도는?", "capital-of-korea"),
        ("Q1_b", "수도는?", "q1-b"),
        ("한국의 수도", "수도는?", gift_key("수도는?")),
        ("", "수도는?", gift_key("수도는?")),
        ("???", "수도는?", gift_key("수도는?")),
    ],
)
def test_a_key_is_derived_from_an_ascii_title_else_from_the_text(title, text, key):
    name = f"::{title}::" if title else ""
    assert only(f"$CATEGORY: 주제\n\n{name}{text}{{=서울 ~부산 ####해설}}").key == key


def test_an_id_is_lowercased():
    assert only("$CATEGORY: 주제\n\n// [id: Overview-001 ]\n문제{=가 ~나 ####해설}").key == (
        "overview-001"
    )


# Reading: what is reported


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("서술하세요.{}", "서술형(essay) 문제는 가져올 수 없습니다."),
        ("서술하세요.{####모범 답안}", "서술형(essay) 문제는 가져올 수 없습니다."),
        ("설명 글입니다.", "설명(description)은 가져올 수 없습니다."),
        ("닫히지 않은 {=가 ~나", "{와 }의 짝이 맞지 않습니다"),
        ("거꾸로 } 된 {", "{와 }의 짝이 맞지 않습니다"),
        ("둘 {=가 ~나} 블록 {=다 ~라}", "{와 }의 짝이 맞지 않습니다"),
        ("::제목 문제{=가 ~나 ####해설}", "제목을 닫는 ::가 없습니다."),
        ("문제{가 =나 ~다 ####해설}", "보기는 = 또는 ~ 로 시작해야 합니다: '가'"),
        ("문제{서울 =Seoul ####해설}", "보기는 = 로 시작해야 합니다: '서울'"),
        ("문제{#이천 ####해설}", "숫자가 아닙니다: '이천'"),
        ("문제{#2025:한 해 ####해설}", "숫자가 아닙니다: '한 해'"),
        ("문제{#2026..2024 ####해설}", "허용 오차는 0 이상이어야 합니다"),
        ("문제{#2025 ~#틀렸습니다 ####해설}", "'그 밖의 답' 피드백(~)은 가져올 수 없습니다."),
        ("문제{=한국 서울 =일본 -> 도쿄 ####해설}", "짝 맞추기 항목에 ->가 없습니다: '한국 서울'"),
        ("문제{=가 ~나}", "해설이 없습니다"),
        ("문제{=가 ~%150%나 ####해설}", "비율 %150%는 -100%에서 100% 사이여야 합니다."),
        ("문제{=가 =%-50%나 ####해설}", "비율 %-50%는 0%에서 100% 사이여야 합니다."),
        ("문제{=가 ~ ####해설}", "빈 보기나 빈 답이 있습니다."),
        ("{=가 ~나 ####해설}", "문제 본문이 비어 있습니다."),
        ("문제{~가 ~나 ####해설}", "복수 선택 문제에는 정답 보기가 하나 이상 있어야 합니다."),
        ("문제{true ####해설}", "보기는 = 로 시작해야 합니다: 'true'"),  # Moodle: T/TRUE/F/FALSE
        ("문제{=한국 -> 서울 ####해설}", "질문 항목이 두 개 이상 있어야 합니다."),
        ("문제{=한국 -> 서울 =한국 -> 부산 ####해설}", "질문 항목이 중복되었습니다."),
        ("문제{#=%50%2025 ####해설}", "만점(비율 1)인 숫자 답안이 하나 이상 있어야 합니다."),
    ],
)
def test_a_bad_question_is_reported_with_the_line_where_it_starts(body, reason):
    source = f"$CATEGORY: 주제\n\n// [id:first]\n첫 문제{{=가 ~나 ####해설}}\n\n// 주석\n{body}\n"
    with pytest.raises(FormatError) as error:
        loads(source)
    message = str(error.value)
    assert message.startswith("line 7 (7행): ")
    assert reason in message


@pytest.mark.parametrize(
    ("comment", "reason"),
    [
        ("// [id:한글 키]", "[id:…]는 영문 소문자, 숫자, -, _ 로만 씁니다: '한글 키'"),
        ("// [difficulty:5]", "난이도는 1, 2, 3 중 하나입니다: '5'"),
        ("// [points:0]", "배점은 0보다 커야 합니다."),
        ("// [points:많이]", "숫자가 아닙니다: '많이'"),
        ("// [tag: ]", "[tag:…]가 비어 있습니다."),
        ("// [quote]", "[quote:…]에 값이 없습니다."),
        ("// [id:a] [id:b]", "[id] 표시가 두 번 있습니다."),
    ],
)
def test_a_bad_mark_is_reported_with_its_line(comment, reason):
    source = f"$CATEGORY: 주제\n\n// 머리\n{comment}\n문제{{=가 ~나 ####해설}}\n"
    with pytest.raises(FormatError, match=r"^line 4 \(4행\): ") as error:
        loads(source)
    assert reason in str(error.value)


def test_a_mark_without_a_question_is_reported():
    source = "$CATEGORY: 주제\n\n// [id:lost]\n\n문제{=가 ~나 ####해설}\n"
    with pytest.raises(FormatError, match=r"^line 3 \(3행\): .*붙을 문제가 없습니다"):
        loads(source)


def test_a_question_without_a_topic_is_reported():
    with pytest.raises(FormatError, match=r"^line 1 \(1행\): 주제가 없습니다"):
        loads("문제{=가 ~나 ####해설}")


def test_an_empty_category_is_reported():
    with pytest.raises(
        FormatError, match=r"^line 2 \(2행\): \$CATEGORY: 뒤에 분류 이름이 없습니다"
    ):
        loads("\n$CATEGORY: $course$/top/\n")


def test_a_duplicate_key_is_reported():
    source = "$CATEGORY: 주제\n\n::Same::하나{=가 ~나 ####해설}\n\n::same::둘{=가 ~나 ####해설}\n"
    with pytest.raises(FormatError, match=r"^line 5 \(5행\): 키가 중복되었습니다: same"):
        loads(source)


def test_line_numbers_count_crlf_lines_and_the_bom_line():
    source = "\ufeff$CATEGORY: 주제\r\n\r\n문제{=가 ~나 ####해설}\r\n\r\n\r\n서술{}\r\n"
    with pytest.raises(FormatError, match=r"^line 6 \(6행\): 서술형"):
        loads(source)


# Writing


def test_dumps_writes_moodle_style_gift_with_our_comments():
    got = dumps(
        [
            question(
                key="overview-001",
                title="채택: 연도",
                text="APEC AI 이니셔티브는 {몇 년}에 채택되었나요?",
                explanation="2025년 = 경주",
                topic="APEC/개요",
                tags=("연도",),
                source_quote="APEC 정상들은 채택했다.",
                difficulty=2,
                points=Decimal("1.50"),
                active=False,
                choices=(
                    ChoiceData("2025년", Decimal(1), "맞습니다"),
                    ChoiceData("2024년", Decimal("-0.5")),
                ),
            )
        ]
    )
    assert got == (
        "$CATEGORY: $course$/top/APEC//개요\n"
        "\n"
        "// [id:overview-001]\n"
        "// [tag:연도]\n"
        "// [quote:APEC 정상들은 채택했다.]\n"
        "// [difficulty:2]\n"
        "// [points:1.5]\n"
        "// [inactive]\n"
        "::채택\\: 연도::APEC AI 이니셔티브는 \\{몇 년\\}에 채택되었나요?{\n"
        "\t=2025년#맞습니다\n"
        "\t~%-50%2024년\n"
        "\t####2025년 \\= 경주\n"
        "}\n"
    )


def test_dumps_writes_a_category_only_when_the_topic_changes():
    got = dumps(
        [
            question(
                key="a",
                topic="하나",
                choices=(ChoiceData("가", Decimal(1)), ChoiceData("나", Decimal(0))),
            ),
            question(
                key="b",
                topic="하나",
                choices=(ChoiceData("가", Decimal(1)), ChoiceData("나", Decimal(0))),
            ),
            question(
                key="c",
                topic="둘",
                choices=(ChoiceData("가", Decimal(1)), ChoiceData("나", Decimal(0))),
            ),
        ]
    )
    assert got.count("$CATEGORY:") == 2
    assert [q.topic for q in loads(got)] == ["하나", "하나", "둘"]


SPECIAL = r"a~b=c#d{e}f:g\h \n ~%50% -> [html] //x" + "\n줄바꿈"

ROUND_TRIP = [
    question(
        key="rt-single",
        type="single",
        title="단일: 선택 {1} \\",
        text="APEC AI 이니셔티브는 몇 년에 채택되었나요? " + SPECIAL,
        explanation="경주 정상회의\n두 번째 줄 " + SPECIAL,
        topic="APEC AI 이니셔티브 개요",
        tags=("연도", "a]b"),
        source_quote="APEC 정상들은 [2025년] 경주에서\n채택했다 \\ 끝",
        difficulty=2,
        points=Decimal("2.5"),
        choices=(
            ChoiceData("2025년 " + SPECIAL, Decimal(1), "맞습니다 " + SPECIAL),
            ChoiceData("%10% 할인", Decimal(0), "[html]은 글자"),
            ChoiceData("2023년", Decimal("-0.5")),
        ),
    ),
    question(
        key="rt-single-percent",
        type="single",
        text="할인율은?",
        choices=(ChoiceData("%10% 할인", Decimal(1)), ChoiceData("%20% 할인", Decimal(0))),
    ),
    question(
        key="rt-multiple",
        type="multiple",
        text="//로 시작하는 본문",
        choices=(
            ChoiceData("가", Decimal(1) / 3),
            ChoiceData("나", Decimal(1) / 3, "#피드백#"),
            ChoiceData("다", Decimal(1) / 3),
            ChoiceData("%5% 오답", Decimal(-1)),
            ChoiceData("라", Decimal(0)),
        ),
    ),
    question(
        key="rt-multiple-one",
        type="multiple",
        text="[html]로 시작하는 본문",
        active=False,
        choices=(ChoiceData("가", Decimal(1)), ChoiceData("나", Decimal(0))),
    ),
    question(
        key="rt-true",
        type="truefalse",
        title="TRUE",
        text="서울은 한국의 수도다.",
        choices=(
            ChoiceData("true", Decimal(1), "맞았습니다 " + SPECIAL),
            ChoiceData("false", Decimal(0), "틀렸습니다 " + SPECIAL),
        ),
    ),
    question(
        key="rt-false-right-feedback-only",
        type="truefalse",
        text="부산은 한국의 수도다.",
        choices=(ChoiceData("true", Decimal(0)), ChoiceData("false", Decimal(1), "맞았습니다")),
    ),
    question(
        key="rt-false-no-feedback",
        type="truefalse",
        text="T",
        choices=(ChoiceData("true", Decimal(0)), ChoiceData("false", Decimal(1))),
    ),
    question(
        key="rt-short",
        type="short",
        text="한국의 수도는?",
        answers=(
            AnswerData("서울", Decimal(1), "정답 " + SPECIAL.replace("->", "")),
            AnswerData("T", Decimal("0.5")),
            AnswerData("%50%", Decimal(1)),
            AnswerData("[plain]", Decimal(0), "[markdown]"),
            AnswerData(r"a~b=c#d{e}f:g\h", Decimal("0.25")),
        ),
    ),
    question(
        key="rt-numerical",
        type="numerical",
        text="채택 연도는? {#}",
        points=Decimal("0.25"),
        numbers=(
            NumberData(Decimal(2025), Decimal(0), Decimal(1), "정확합니다 " + SPECIAL),
            NumberData(Decimal("2024.5"), Decimal("1.5"), Decimal("0.5")),
            NumberData(Decimal("-0.001"), Decimal(0), Decimal(1)),
            NumberData(Decimal("1E+3"), Decimal("0.5"), Decimal("0.1"), "천"),
        ),
    ),
    question(
        key="rt-matching",
        type="matching",
        text="나라와 수도를 짝지으세요: " + SPECIAL,
        topic="다른 주제: 짝 / 맞추기",
        pairs=(
            PairData("한국 " + SPECIAL.replace("->", ""), "서울 " + SPECIAL),
            PairData("[html]일본", "도쿄"),
            PairData("", "베이징"),
            PairData("", "-> >"),
        ),
    ),
]


@pytest.mark.parametrize("original", ROUND_TRIP, ids=lambda q: q.key)
def test_round_trip_of_every_type(original):
    assert loads(dumps([original])) == [original]


def test_round_trip_of_a_whole_bank():
    assert loads(dumps(ROUND_TRIP)) == ROUND_TRIP


def test_round_trip_keeps_a_derived_key():
    read = loads("$CATEGORY: 주제\n\n한국의 수도는?{=서울 ~부산 ####해설}")
    assert loads(dumps(read)) == read


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            question(choices=(ChoiceData("가", Decimal("0.5")), ChoiceData("나", Decimal(0)))),
            "q-001: GIFT의 단일 선택 문제는 정답(=)이 비율 1이어야 합니다.",
        ),
        (
            question(
                type="truefalse",
                choices=(ChoiceData("true", Decimal(1)), ChoiceData("false", Decimal("-0.5"))),
            ),
            "q-001: GIFT의 참/거짓 문제는 정답 1, 오답 0만 쓸 수 있습니다.",
        ),
        (
            question(type="short", answers=(AnswerData("A->B"),)),
            "q-001: 단답형의 답과 피드백에는 ->를 쓸 수 없습니다",
        ),
        (
            question(type="short", answers=(AnswerData("A", feedback="A->B"),)),
            "q-001: 단답형의 답과 피드백에는 ->를 쓸 수 없습니다",
        ),
        (
            question(type="matching", pairs=(PairData("a->b", "c"), PairData("d", "e"))),
            "q-001: 짝 맞추기의 질문 항목에는 ->를 쓸 수 없습니다.",
        ),
    ],
)
def test_dumps_refuses_what_gift_would_read_back_differently(data, reason):
    with pytest.raises(FormatError) as error:
        dumps([data])
    assert reason in str(error.value)
