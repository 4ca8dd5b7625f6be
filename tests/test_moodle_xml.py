"""Moodle XML import and export: pure, no database."""

import hashlib
import re
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
from questions.formats.moodle_xml import dumps, loads

# As Moodle 4 exports it: comments, CDATA around HTML, entities, settings quizsite ignores.
SAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/Default for APEC 과정/APEC AI 이니셔티브 개요</text>
    </category>
    <info format="moodle_auto_format">
      <text>문서 개요 문제</text>
    </info>
    <idnumber></idnumber>
  </question>

<!-- question: 101  -->
  <question type="multichoice">
    <name>
      <text>채택 연도</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p dir="ltr" style="text-align: left;">
APEC AI 이니셔티브는 <strong>몇 년</strong>에
 채택되었나요?</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>2025년 경주 정상회의에서 채택되었습니다.</p>]]></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber>overview-001</idnumber>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <showstandardinstruction>0</showstandardinstruction>
    <correctfeedback format="html">
      <text>Your answer is correct.</text>
    </correctfeedback>
    <partiallycorrectfeedback format="html">
      <text>Your answer is partially correct.</text>
    </partiallycorrectfeedback>
    <incorrectfeedback format="html">
      <text>Your answer is incorrect.</text>
    </incorrectfeedback>
    <shownumcorrect/>
    <answer fraction="100" format="html">
      <text><![CDATA[<p>2025년</p>]]></text>
      <feedback format="html">
        <text><![CDATA[<p>맞습니다 &amp; 잘했어요!</p>]]></text>
      </feedback>
    </answer>
    <answer fraction="0" format="html">
      <text>&lt;p&gt;2024&lt;sup&gt;년&lt;/sup&gt;&lt;/p&gt;</text>
      <feedback format="html">
        <text><![CDATA[<p>한 해 전입니다.</p>]]></text>
      </feedback>
    </answer>
    <tags>
      <tag><text>개요</text>
      </tag>
      <tag><text>연도</text>
      </tag>
    </tags>
  </question>

<!-- question: 102  -->
  <question type="multichoice">
    <name>
      <text>이니셔티브의 내용</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>&ldquo;AI &amp; 데이터&rdquo;에 관해 옳은 것을 <em>모두</em> 고르세요.</p>
<p>(2&nbsp;&nbsp;개)</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>인재 양성과 신뢰할 수 있는 데이터 흐름을 다룹니다.<br>
무기는 다루지 않습니다.</p>]]></text>
    </generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber>Overview-002</idnumber>
    <single>false</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>123</answernumbering>
    <answer fraction="50" format="html">
      <text><![CDATA[<p>AI 인재 양성</p>]]></text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <answer fraction="50" format="html">
      <text><![CDATA[<p>데이터 흐름 &lt;신뢰&gt;</p>]]></text>
      <feedback format="html"><text></text></feedback>
    </answer>
    <answer fraction="-33.33333" format="html">
      <text><![CDATA[<p>핵무기 감축</p>]]></text>
      <feedback format="html"><text><![CDATA[<p>관련 없습니다.</p>]]></text></feedback>
    </answer>
  </question>

<!-- question: 103  -->
  <question type="truefalse">
    <name>
      <text>참거짓 1</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>이니셔티브는 구속력 있는 조약이다.</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>자발적 협력 틀입니다.</p>]]></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>1.0000000</penalty>
    <hidden>1</hidden>
    <idnumber>overview-003</idnumber>
    <answer fraction="0" format="moodle_auto_format">
      <text>true</text>
      <feedback format="html">
        <text><![CDATA[<p>조약이 아닙니다.</p>]]></text>
      </feedback>
    </answer>
    <answer fraction="100" format="moodle_auto_format">
      <text>false</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
  </question>

<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/Default for APEC 과정/세부 내용</text>
    </category>
    <info format="html">
      <text></text>
    </info>
  </question>

<!-- question: 104  -->
  <question type="shortanswer">
    <name>
      <text>약어</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>아시아태평양경제협력체의 영문 약어는?</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text>APEC입니다.</text>
    </generalfeedback>
    <defaultgrade>1</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <usecase>0</usecase>
    <answer fraction="100" format="moodle_auto_format">
      <text>APEC</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <answer fraction="0" format="moodle_auto_format">
      <text>ASEAN</text>
      <feedback format="html">
        <text><![CDATA[<p>동남아시아국가연합입니다.</p>]]></text>
      </feedback>
    </answer>
  </question>

<!-- question: 105  -->
  <question type="numerical">
    <name>
      <text>정상회의 연도</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>경주 정상회의는 몇 년에 열렸나요?</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>2025년입니다.</p>]]></text>
    </generalfeedback>
    <defaultgrade>2.5000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber>detail-002</idnumber>
    <answer fraction="100" format="moodle_auto_format">
      <text>2025</text>
      <feedback format="html">
        <text></text>
      </feedback>
      <tolerance>0</tolerance>
    </answer>
    <answer fraction="50" format="moodle_auto_format">
      <text>2024.5</text>
      <feedback format="html">
        <text>거의 맞습니다.</text>
      </feedback>
      <tolerance>0.5</tolerance>
    </answer>
    <unitgradingtype>0</unitgradingtype>
    <unitpenalty>0.1000000</unitpenalty>
    <showunits>3</showunits>
    <unitsleft>0</unitsleft>
  </question>

<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/Default for APEC 과정/AI//데이터 정책</text>
    </category>
  </question>

<!-- question: 106  -->
  <question type="matching">
    <name>
      <text>용어 짝짓기</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>용어와 뜻을 짝지으세요.</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>약어의 뜻입니다.</p>]]></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber>detail-003</idnumber>
    <shuffleanswers>true</shuffleanswers>
    <subquestion format="html">
      <text><![CDATA[<p>APEC</p>]]></text>
      <answer>
        <text>아시아태평양경제협력체</text>
      </answer>
    </subquestion>
    <subquestion format="html">
      <text><![CDATA[<p>AI</p>]]></text>
      <answer>
        <text>인공지능</text>
      </answer>
    </subquestion>
    <subquestion format="html">
      <text></text>
      <answer>
        <text>기계 학습</text>
      </answer>
    </subquestion>
  </question>
</quiz>
"""

OVERVIEW = "APEC AI 이니셔티브 개요"
SHORT_KEY = (
    "moodle-" + hashlib.sha1("약어아시아태평양경제협력체의 영문 약어는?".encode()).hexdigest()[:10]
)


def by_key(questions):
    return {q.key: q for q in questions}


def test_multichoice_single_reads_html_entities_tags_and_feedback():
    assert by_key(loads(SAMPLE))["overview-001"] == QuestionData(
        key="overview-001",
        type="single",
        title="채택 연도",
        text="APEC AI 이니셔티브는 몇 년에 채택되었나요?",
        explanation="2025년 경주 정상회의에서 채택되었습니다.",
        topic=OVERVIEW,
        source_quote="",
        tags=("개요", "연도"),
        points=Decimal("1"),
        choices=(
            ChoiceData("2025년", Decimal("1"), "맞습니다 & 잘했어요!"),
            ChoiceData("2024년", Decimal("0"), "한 해 전입니다."),
        ),
    )


def test_multichoice_multiple_keeps_negative_fractions_and_line_breaks():
    question = by_key(loads(SAMPLE))["overview-002"]  # the idnumber lowercased
    assert question == QuestionData(
        key="overview-002",
        type="multiple",
        title="이니셔티브의 내용",
        text="“AI & 데이터”에 관해 옳은 것을 모두 고르세요.\n(2  개)",
        explanation="인재 양성과 신뢰할 수 있는 데이터 흐름을 다룹니다.\n무기는 다루지 않습니다.",
        topic=OVERVIEW,
        source_quote="",
        points=Decimal("2"),
        choices=(
            ChoiceData("AI 인재 양성", Decimal("0.5")),
            ChoiceData("데이터 흐름 <신뢰>", Decimal("0.5")),
            ChoiceData("핵무기 감축", Decimal("-0.3333333"), "관련 없습니다."),
        ),
    )


def test_truefalse_and_hidden_question_reads_as_inactive():
    question = by_key(loads(SAMPLE))["overview-003"]
    assert question.type == "truefalse"
    assert question.active is False
    assert question.choices == (
        ChoiceData("true", Decimal("0"), "조약이 아닙니다."),
        ChoiceData("false", Decimal("1")),
    )


def test_shortanswer_without_idnumber_gets_a_stable_derived_key():
    assert by_key(loads(SAMPLE))[SHORT_KEY] == QuestionData(
        key=SHORT_KEY,
        type="short",
        title="약어",
        text="아시아태평양경제협력체의 영문 약어는?",
        explanation="APEC입니다.",
        topic="세부 내용",
        source_quote="",
        answers=(
            AnswerData("APEC", Decimal("1")),
            AnswerData("ASEAN", Decimal("0"), "동남아시아국가연합입니다."),
        ),
    )
    assert re.fullmatch(r"moodle-[0-9a-f]{10}", SHORT_KEY)


def test_numerical_reads_value_tolerance_fraction_and_points():
    question = by_key(loads(SAMPLE))["detail-002"]
    assert question.type == "numerical"
    assert question.points == Decimal("2.5")
    assert question.numbers == (
        NumberData(Decimal("2025"), Decimal("0"), Decimal("1")),
        NumberData(Decimal("2024.5"), Decimal("0.5"), Decimal("0.5"), "거의 맞습니다."),
    )


def test_matching_reads_an_empty_subquestion_as_an_extra_wrong_match():
    question = by_key(loads(SAMPLE))["detail-003"]
    assert question.type == "matching"
    assert question.pairs == (
        PairData("APEC", "아시아태평양경제협력체"),
        PairData("AI", "인공지능"),
        PairData("", "기계 학습"),
    )


def test_categories_give_the_last_path_segment_as_topic():
    topics = [q.topic for q in loads(SAMPLE)]
    assert topics == [OVERVIEW] * 3 + ["세부 내용"] * 2 + ["AI/데이터 정책"]


def test_a_real_moodle_file_has_no_quizsite_fields():
    for question in loads(SAMPLE):
        assert (question.difficulty, question.source_quote) == (1, "")
    assert [q.active for q in loads(SAMPLE)] == [True, True, False, True, True, True]


# Errors


def quiz(*questions: str) -> str:
    category = '<question type="category"><category><text>$course$/top/주제</text></category>'
    return f"<quiz>{category}</question>{''.join(questions)}</quiz>"


def question(qtype="truefalse", *, idnumber="tf-1", body=None, feedback="해설") -> str:
    body = body or (
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer>'
    )
    return (
        f'<question type="{qtype}"><name><text>문제 이름</text></name>'
        "<questiontext><text>&lt;p&gt;본문&lt;/p&gt;</text></questiontext>"
        f"<generalfeedback><text>{feedback}</text></generalfeedback>"
        f"<idnumber>{idnumber}</idnumber>{body}</question>"
    )


@pytest.mark.parametrize(
    "qtype", ["essay", "description", "cloze", "multianswer", "calculated", "ddwtos", "gapselect"]
)
def test_unsupported_types_are_reported_with_their_type(qtype):
    with pytest.raises(FormatError) as error:
        loads(quiz(question(), question(qtype, idnumber="")))
    assert (
        str(error.value)
        == f"2번째 문제 (문제 이름): 지원하지 않는 Moodle 문제 유형입니다: '{qtype}'"
    )


@pytest.mark.parametrize(
    ("fraction", "reason"),
    [
        ("abc", "비율(fraction)이(가) 숫자가 아닙니다: 'abc'"),
        ("150", "비율(fraction)은 -100에서 100 사이여야 합니다: 150"),
        ("NaN", "비율(fraction)이(가) 숫자가 아닙니다: 'NaN'"),
    ],
)
def test_a_bad_fraction_is_reported(fraction, reason):
    body = f'<answer fraction="{fraction}"><text>true</text></answer>'
    with pytest.raises(FormatError) as error:
        loads(quiz(question(body=body)))
    assert str(error.value) == f"1번째 문제 (tf-1): {reason}"


def test_an_unanswerable_question_fails_the_whole_file():
    two_right = (
        '<single>true</single><answer fraction="100"><text>가</text></answer>'
        '<answer fraction="100"><text>나</text></answer>'
    )
    file = quiz(
        question(),
        question(idnumber="tf-2"),
        question("multichoice", idnumber="overview-001", body=two_right),
    )
    with pytest.raises(FormatError) as error:
        loads(file)
    assert str(error.value).startswith("3번째 문제 (overview-001): 단일 선택과 참/거짓 문제에는")


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            quiz(question(feedback="")),
            "1번째 문제 (tf-1): 해설(generalfeedback)이 비어 있습니다.",
        ),
        (
            quiz(question(idnumber="Q 1")),
            "1번째 문제 (Q 1): idnumber는 영문 소문자, 숫자, -, _ 로만 씁니다: 'Q 1'",
        ),
        (
            quiz(question(), question()),
            "2번째 문제 (tf-1): 키가 중복되었습니다: tf-1",
        ),
        (
            f"<quiz>{question()}</quiz>",
            '1번째 문제 (tf-1): 문제 앞에 주제를 정할 분류(<question type="category">)가 없습니다.',
        ),
        (
            quiz(question("numerical", body='<answer fraction="100"><text>*</text></answer>')),
            "1번째 문제 (tf-1): 숫자 답안이(가) 숫자가 아닙니다: '*'",
        ),
        ("<questions></questions>", "<quiz> 요소로 시작하는 Moodle XML 파일이 아닙니다."),
    ],
)
def test_invalid_files_are_reported(file, message):
    with pytest.raises(FormatError) as error:
        loads(file)
    assert str(error.value) == message


def test_malformed_xml_is_reported_with_its_line():
    broken = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n  <question type="truefalse">\n</quiz>\n'
    )
    with pytest.raises(FormatError) as error:
        loads(broken)
    assert str(error.value) == "XML을 읽을 수 없습니다 (line 4): mismatched tag"


# Round trips


def tricky_questions() -> list[QuestionData]:
    tricky = "a < b && \"c\" | 'd' ±"
    return [
        QuestionData(
            key="rt-single",
            type="single",
            title="",
            text=f"첫 줄 {tricky}\n\n  들여쓴  둘째 줄",
            explanation="해설 <b>태그 아님</b> &amp;",
            topic="APEC/개요 & 범위",
            source_quote="근거 인용은 그대로 <남습니다> & 끝.",
            tags=("개요", "a|b"),
            difficulty=3,
            points=Decimal("1.5"),
            active=False,
            choices=(
                ChoiceData("2025년 <맞음>", Decimal("1"), "피드백\n둘째 줄"),
                ChoiceData("2024년 ## -> *", Decimal("-0.25")),
                ChoiceData("없음", Decimal("0")),
            ),
        ),
        QuestionData(
            key="rt-multiple",
            type="multiple",
            title="복수 선택 “따옴표”",
            text="모두 고르세요.",
            explanation="해설",
            topic="주제",
            source_quote="",
            choices=(
                ChoiceData("가", Decimal("0.3333333")),
                ChoiceData("나", Decimal("0.6666667")),
                ChoiceData("다", Decimal("-0.5"), "틀림"),
            ),
        ),
        QuestionData(
            key="rt-truefalse",
            type="truefalse",
            text="참인가요?",
            explanation="해설",
            topic="주제",
            source_quote="",
            choices=(ChoiceData("true", Decimal("1"), "네"), ChoiceData("false", Decimal("0"))),
        ),
        QuestionData(
            key="rt-short",
            type="short",
            text="약어는?",
            explanation="해설",
            topic="주제",
            source_quote="",
            answers=(
                AnswerData("APEC", Decimal("1")),
                AnswerData("A & <P>", Decimal("0.5"), "반쯤"),
            ),
        ),
        QuestionData(
            key="rt-numerical",
            type="numerical",
            text="몇 년?",
            explanation="해설",
            topic="주제",
            source_quote="",
            numbers=(
                NumberData(Decimal("2025"), Decimal("0"), Decimal("1")),
                NumberData(Decimal("-3.25"), Decimal("0.125"), Decimal("0.5"), "근접"),
            ),
        ),
        QuestionData(
            key="rt-matching",
            type="matching",
            text="짝지으세요.",
            explanation="해설",
            topic="주제",
            source_quote="",
            pairs=(
                PairData("A < B", "& 뜻"),
                PairData("인공지능", "AI"),
                PairData("", "기계 학습"),
            ),
        ),
    ]


def test_round_trip_keeps_every_type_and_quizsite_field():
    questions = tricky_questions()
    assert loads(dumps(questions)) == questions


def test_a_moodle_file_round_trips_through_quizsite():
    questions = loads(SAMPLE)
    assert loads(dumps(questions)) == questions


def test_export_writes_what_moodle_reads():
    exported = dumps(tricky_questions())
    assert exported.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    assert "<text>$course$/top/APEC//개요 &amp; 범위</text>" in exported
    # HTML escaped inside XML, newlines as <br>, spaces HTML would collapse as &nbsp;.
    assert '<questiontext format="html">' in exported
    assert "&lt;br&gt;&lt;br&gt;&amp;nbsp; 들여쓴&amp;nbsp; 둘째 줄" in exported
    assert '<answer fraction="-50" format="html">' in exported
    assert '<answer fraction="33.33333" format="html">' in exported
    assert "<name>\n      <text>rt-single</text>" in exported  # untitled: named by key
    assert "<hidden>1</hidden>" in exported
    assert "<difficulty>3</difficulty>" in exported
    assert "<text />" not in exported
