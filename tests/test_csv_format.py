"""CSV import and export: pure, no database."""

import csv
import io
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
from questions.formats.csv_format import COLUMNS, dumps, loads

HEADER = (
    "key,type,topic,title,text,explanation,difficulty,points,active,source_quote,"
    "tags,choices,answers,numbers,pairs"
)
# One record per entry; the second spans two lines, as a cell with a line break does.
RECORDS = [
    HEADER,
    "overview-001,single,APEC AI 이니셔티브 개요,채택 연도,"
    "APEC AI 이니셔티브는 몇 년에 채택되었나요?,2025년 경주 정상회의에서 채택되었습니다.,1,1,1,"
    "2025년 APEC 정상회의에서 채택된 AI 이니셔티브,개요 | 연도,"
    "*2025년 ## 맞습니다 | 2024년 ## 한 해 전입니다 | {-0.5}2023년,,,",
    "overview-002,multiple,APEC AI 이니셔티브 개요,,"
    '"""AI, 데이터""에 관해 옳은 것을 모두 고르세요.\n'
    '(해당하는 것 모두)",인재 양성과 데이터 흐름을 다룹니다.,2,1.5,yes,,,'
    "{0.5}AI 인재 양성 | {0.5}데이터 흐름 \\| 신뢰 | {-1}핵무기 감축 ## 관련 없습니다,,,",
    "overview-003,truefalse,APEC AI 이니셔티브 개요,,이니셔티브는 구속력 있는 조약이다.,"
    "자발적 협력 틀입니다.,,,no,,,true ## 조약이 아닙니다 | *false,,,",
    "detail-001,short,세부 내용,약어,아시아태평양경제협력체의 영문 약어는?,APEC입니다.,1,1,1,,,,"
    "APEC | {0.5}Asia-Pacific ## 전체 이름은 절반 | {0}ASEAN ## 다른 기구입니다,,",
    "detail-002,numerical,세부 내용,,"
    "경주 정상회의는 몇 년에 열렸나요?,2025년입니다.,2,2.5,true,,,,,"
    "2025 | {0.5}2024.5+-0.5 ## 거의 맞습니다,",
    "detail-003,matching,AI/데이터 정책,,"
    "용어와 뜻을 짝지으세요.,약어의 뜻입니다.,1,1,1,,용어 | 약어,,,,"
    "APEC -> 아시아태평양경제협력체 | AI -> 인공지능 | -> 기계 학습",
]
SAMPLE = "\n".join(RECORDS) + "\n"  # the header is line 1; the last record is line 8
OVERVIEW = "APEC AI 이니셔티브 개요"


def by_key(questions):
    return {q.key: q for q in questions}


def test_single_with_tags_feedback_and_a_fraction_prefix():
    assert by_key(loads(SAMPLE))["overview-001"] == QuestionData(
        key="overview-001",
        type="single",
        title="채택 연도",
        text="APEC AI 이니셔티브는 몇 년에 채택되었나요?",
        explanation="2025년 경주 정상회의에서 채택되었습니다.",
        topic=OVERVIEW,
        source_quote="2025년 APEC 정상회의에서 채택된 AI 이니셔티브",
        tags=("개요", "연도"),
        choices=(
            ChoiceData("2025년", Decimal("1"), "맞습니다"),
            ChoiceData("2024년", Decimal("0"), "한 해 전입니다"),
            ChoiceData("2023년", Decimal("-0.5")),
        ),
    )


def test_multiple_with_a_multiline_quoted_cell_and_an_escaped_bar():
    assert by_key(loads(SAMPLE))["overview-002"] == QuestionData(
        key="overview-002",
        type="multiple",
        title="",
        text='"AI, 데이터"에 관해 옳은 것을 모두 고르세요.\n(해당하는 것 모두)',
        explanation="인재 양성과 데이터 흐름을 다룹니다.",
        topic=OVERVIEW,
        source_quote="",
        difficulty=2,
        points=Decimal("1.5"),
        active=True,
        choices=(
            ChoiceData("AI 인재 양성", Decimal("0.5")),
            ChoiceData("데이터 흐름 | 신뢰", Decimal("0.5")),
            ChoiceData("핵무기 감축", Decimal("-1"), "관련 없습니다"),
        ),
    )


def test_truefalse_with_empty_cells_taking_defaults():
    question = by_key(loads(SAMPLE))["overview-003"]
    assert (question.type, question.difficulty, question.points) == ("truefalse", 1, Decimal("1"))
    assert question.active is False
    assert question.choices == (
        ChoiceData("true", Decimal("0"), "조약이 아닙니다"),
        ChoiceData("false", Decimal("1")),
    )


def test_short_answers_with_fractions_and_feedback():
    question = by_key(loads(SAMPLE))["detail-001"]
    assert question.type == "short"
    assert question.answers == (
        AnswerData("APEC", Decimal("1")),
        AnswerData("Asia-Pacific", Decimal("0.5"), "전체 이름은 절반"),
        AnswerData("ASEAN", Decimal("0"), "다른 기구입니다"),
    )


def test_numerical_values_tolerances_and_fractions():
    question = by_key(loads(SAMPLE))["detail-002"]
    assert (question.type, question.points) == ("numerical", Decimal("2.5"))
    assert question.numbers == (
        NumberData(Decimal("2025"), Decimal("0"), Decimal("1")),
        NumberData(Decimal("2024.5"), Decimal("0.5"), Decimal("0.5"), "거의 맞습니다"),
    )


def test_matching_pairs_with_an_extra_wrong_match():
    question = by_key(loads(SAMPLE))["detail-003"]
    assert (question.type, question.topic, question.tags) == (
        "matching",
        "AI/데이터 정책",
        ("용어", "약어"),
    )
    assert question.pairs == (
        PairData("APEC", "아시아태평양경제협력체"),
        PairData("AI", "인공지능"),
        PairData("", "기계 학습"),
    )


def test_excel_style_bom_and_crlf_read_the_same():
    excel = "\ufeff" + "\r\n".join(RECORDS) + "\r\n"
    assert loads(excel) == loads(SAMPLE)


def test_columns_may_come_in_any_order_and_blank_rows_are_skipped():
    rows = list(csv.reader(io.StringIO(SAMPLE, newline="")))
    buffer = io.StringIO()
    csv.writer(buffer).writerows([list(reversed(row)) for row in rows] + [[""] * 15])
    assert loads(buffer.getvalue()) == loads(SAMPLE)


# Errors


def row(**cells: str) -> str:
    """A valid truefalse record, with `cells` replaced."""
    values = {
        "key": "tf-1",
        "type": "truefalse",
        "topic": "주제",
        "text": "참인가요?",
        "explanation": "해설",
        "choices": "*true | false",
        **cells,
    }
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([values.get(c, "") for c in COLUMNS])
    return buffer.getvalue()


def assert_fails(text: str, message: str) -> None:
    with pytest.raises(FormatError) as error:
        loads(text)
    assert str(error.value) == message


def test_a_row_with_the_wrong_column_count_is_reported_with_its_line():
    # The multi-line cell above makes this record line 9, not row 8.
    assert_fails(SAMPLE + "bad-1,single,주제\n", "line 9 (9행): 열이 15개여야 하는데 3개입니다.")


def test_an_unknown_type_is_reported_with_its_line():
    assert_fails(
        HEADER + "\n" + row() + row(key="essay-1", type="essay"),
        "line 3 (3행): 지원하지 않는 유형입니다: 'essay'",
    )


@pytest.mark.parametrize(
    ("choices", "reason"),
    [
        ("{abc}true | *false", "비율이(가) 숫자가 아닙니다: 'abc'"),
        ("{2}true | false", "비율은 -1에서 1 사이여야 합니다: 2"),
        ("{0.5true | false", "비율 '{...}'이 닫히지 않았습니다: '{0.5true'"),
    ],
)
def test_a_bad_fraction_is_reported(choices, reason):
    assert_fails(HEADER + "\n" + row(choices=choices), f"line 2 (2행): {reason}")


def test_an_unanswerable_question_fails_the_whole_file():
    assert_fails(
        SAMPLE + row(key="single-1", type="single", choices="*가 | *나"),
        "line 9 (9행): 단일 선택과 참/거짓 문제에는 정답 보기가 정확히 하나 있어야 합니다.",
    )


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"key": "Bad Key"}, "키는 영문 소문자, 숫자, -, _ 로만 씁니다: 'Bad Key'"),
        ({"explanation": " "}, "explanation 칸이 비어 있습니다."),
        ({"difficulty": "4"}, "난이도는 1, 2, 3 중 하나입니다: '4'"),
        ({"points": "0"}, "배점은 0보다 커야 합니다."),
        ({"active": "maybe"}, "active는 1 또는 0 입니다: 'maybe'"),
        (
            {"choices": "*true | | false"},
            "choices 칸에 빈 항목이 있습니다 ('|' 앞뒤를 확인하세요).",
        ),
        ({"choices": "* | false"}, "내용이 빈 보기이(가) 있습니다."),
        (
            {"type": "matching", "choices": "", "pairs": "가 -> 나 | 다 = 라"},
            "짝 항목은 '질문 -> 답' 으로 씁니다: '다 = 라'",
        ),
        (
            {"type": "numerical", "choices": "", "numbers": "2025±-1"},
            "허용 오차는 0 이상이어야 합니다.",
        ),
        (
            {"type": "numerical", "choices": "", "numbers": "이천"},
            "숫자 답안이(가) 숫자가 아닙니다: '이천'",
        ),
    ],
)
def test_invalid_cells_are_reported_with_their_line(cells, reason):
    assert_fails(HEADER + "\n" + row(**cells), f"line 2 (2행): {reason}")


def test_a_repeated_key_is_reported():
    assert_fails(HEADER + "\n" + row() + row(), "line 3 (3행): 키가 중복되었습니다: tf-1")


def test_unknown_and_missing_columns_are_named():
    header = HEADER.replace(",pairs", ",extra")
    assert_fails(header + "\n", "line 1 (1행): 알 수 없는 열: extra; 없는 열: pairs")


def test_a_file_without_a_header_row_is_reported():
    with pytest.raises(
        FormatError, match=r"^line 1 \(1행\): 첫 행에는 열 이름을 씁니다: key, type"
    ):
        loads(row())


def test_an_empty_file_is_reported():
    assert_fails("\ufeff", "CSV 파일이 비어 있습니다.")


# Round trips and export


def tricky_questions() -> list[QuestionData]:
    tricky = "a < b & \"c\", 'd' | e \\ f ## g -> h"
    return [
        QuestionData(
            key="rt-single",
            type="single",
            title="제목, “따옴표”",
            text=f"첫 줄 {tricky}\n둘째 줄",
            explanation="해설\r\n셋째 줄",
            topic="APEC/개요 & 범위",
            source_quote="근거 인용은 그대로 <남습니다> & 끝.",
            tags=("개요", "a|b", "c\\d", "*별", "{중괄호}"),
            difficulty=3,
            points=Decimal("1.5"),
            active=False,
            choices=(
                ChoiceData("*2025년* {맞음}", Decimal("1"), "피드백 | 둘 ## 셋\n넷"),
                ChoiceData("2024년 -> ->> ###", Decimal("-0.25")),
                ChoiceData("끝에 백슬래시 \\", Decimal("0"), "\\"),
            ),
        ),
        QuestionData(
            key="rt-multiple",
            type="multiple",
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
            choices=(ChoiceData("true", Decimal("0"), "아니요"), ChoiceData("false", Decimal("1"))),
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
                AnswerData("{0.5} A|P", Decimal("0.5"), "반쯤"),
                AnswerData("ASEAN", Decimal("0")),
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
                NumberData(Decimal("-3.25"), Decimal("0.125"), Decimal("0.5"), "근접 ## 함"),
                NumberData(Decimal("1E+3"), Decimal("0"), Decimal("-0.1")),
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
                PairData("A -> B", "-> 뜻 |"),
                PairData("끝이 -", "> 시작"),
                PairData("", "기계 학습 ## 아님"),
            ),
        ),
    ]


def test_round_trip_keeps_every_type_exactly():
    questions = tricky_questions()
    assert loads(dumps(questions)) == questions


def test_the_sample_round_trips():
    assert loads(dumps(loads(SAMPLE))) == loads(SAMPLE)


def test_export_starts_with_a_bom_and_uses_crlf():
    exported = dumps(tricky_questions())
    assert exported.encode("utf-8").startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n")
    assert exported.endswith("\r\n")


def test_export_writes_the_documented_cell_encoding():
    rows = list(csv.DictReader(io.StringIO(dumps(loads(SAMPLE)).lstrip("\ufeff"), newline="")))
    assert [r["choices"] for r in rows[:3]] == [
        "*2025년 ## 맞습니다 | 2024년 ## 한 해 전입니다 | {-0.5}2023년",
        "{0.5}AI 인재 양성 | {0.5}데이터 흐름 \\| 신뢰 | {-1}핵무기 감축 ## 관련 없습니다",
        "true ## 조약이 아닙니다 | *false",
    ]
    assert (
        rows[3]["answers"]
        == "APEC | {0.5}Asia-Pacific ## 전체 이름은 절반 | {0}ASEAN ## 다른 기구입니다"
    )
    assert rows[4]["numbers"] == "2025 | {0.5}2024.5±0.5 ## 거의 맞습니다"
    assert rows[5]["pairs"] == "APEC -> 아시아태평양경제협력체 | AI -> 인공지능 | -> 기계 학습"
    assert (rows[1]["difficulty"], rows[1]["points"], rows[2]["active"]) == ("2", "1.5", "0")
