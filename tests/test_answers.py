"""Unit tests for questions.answers: plain pytest, no Django or database."""

import unicodedata
from decimal import Decimal

import pytest

from questions.answers import compact, matches, normalise, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("２０２５", "2025"),
        ("ＡＩ", "ai"),
        ("60 %", "60 %"),
        ("60%", "60%"),
        ("  아시아   태평양\t AI\n센터 ", "아시아 태평양 ai 센터"),
        ("APEC", "apec"),
        ("2.5", "2.5"),
        ("1,000", "1,000"),
        ("경주.", "경주"),
        ("‘글로벌 AI 기본 사회’", "글로벌 ai 기본 사회"),
        ("K-콘텐츠", "k 콘텐츠"),
        ("`경주´", "경주"),
        ("경주\u3000시", "경주 시"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_normalise_composes_decomposed_hangul() -> None:
    decomposed = unicodedata.normalize("NFD", "경주")
    assert decomposed != "경주"
    assert normalise(decomposed) == "경주"


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_normalise_drops_zero_width_characters(char: str) -> None:
    assert normalise(f"경{char}주") == "경주"


def test_normalise_keeps_compatibility_jamo() -> None:
    assert normalise("ㄱ") == "ㄱ"
    assert normalise("ㄱ") != "\u1100"


def test_compact_removes_all_spaces() -> None:
    assert compact(" 아시아태평양 AI  센터 ") == "아시아태평양ai센터"


@pytest.mark.parametrize(
    ("response", "accepted"),
    [
        ("아시아태평양 AI 센터", "아시아태평양AI센터"),
        ("아시아태평양AI센터", "아시아태평양 AI 센터"),
        ("ＡＩ", "ai"),
        (unicodedata.normalize("NFD", "경주"), "경주"),
        ("경\u200b주", "경주"),
        ("‘글로벌 AI 기본 사회’", "글로벌 AI 기본 사회"),
        ("K-콘텐츠", "K 콘텐츠"),
        ("K-콘텐츠", "k콘텐츠"),
        ("60%", "60%"),
    ],
)
def test_matches_after_normalising(response: str, accepted: str) -> None:
    assert matches(response, accepted)


@pytest.mark.parametrize(
    ("response", "accepted"),
    [("", "경주"), ("경주", ""), ("   ", "경주"), ("경주", " . "), ("", "")],
)
def test_blank_never_matches(response: str, accepted: str) -> None:
    assert not matches(response, accepted)


@pytest.mark.parametrize(
    "response",
    ["경주에서", "경주의", "경주에", "경주도", "경주까지", "경주요", "경주에서는", "경주 에서"],
)
def test_particle_after_any_syllable(response: str) -> None:
    assert matches(response, "경주")


@pytest.mark.parametrize("response", ["허브입니다", "허브요", "허브이다", "허브이요"])
def test_polite_endings_after_vowel(response: str) -> None:
    assert matches(response, "허브")


@pytest.mark.parametrize(
    "response", ["한국이", "한국은", "한국을", "한국과", "한국으로", "한국이에요", "한국입니다"]
)
def test_batchim_forms_after_batchim(response: str) -> None:
    assert matches(response, "한국")


@pytest.mark.parametrize("response", ["한국가", "한국는", "한국를", "한국와", "한국로", "한국예요"])
def test_vowel_forms_rejected_after_batchim(response: str) -> None:
    assert not matches(response, "한국")


def test_vowel_form_does_not_strip_into_another_word() -> None:
    # 국가 is a different word, not 국 + 가.
    assert not matches("국가", "국")


@pytest.mark.parametrize("response", ["경주가", "경주는", "경주를", "경주와", "경주로", "경주예요"])
def test_vowel_forms_after_vowel(response: str) -> None:
    assert matches(response, "경주")


@pytest.mark.parametrize(
    "response", ["경주이", "경주은", "경주을", "경주과", "경주으로", "경주이에요"]
)
def test_batchim_forms_rejected_after_vowel(response: str) -> None:
    assert not matches(response, "경주")


@pytest.mark.parametrize("response", ["서울로", "서울로는", "서울이"])
def test_ro_allowed_after_rieul(response: str) -> None:
    assert matches(response, "서울")


@pytest.mark.parametrize("response", ["서울으로", "서울으로는"])
def test_euro_rejected_after_rieul(response: str) -> None:
    assert not matches(response, "서울")


@pytest.mark.parametrize(
    ("response", "accepted"),
    [
        ("AI가", "AI"),
        ("AI이", "AI"),
        ("APEC에서", "APEC"),
        ("APEC으로", "APEC"),
        ("2025에", "2025"),
    ],
)
def test_both_forms_after_non_hangul(response: str, accepted: str) -> None:
    assert matches(response, accepted)


@pytest.mark.parametrize(
    ("response", "accepted"),
    [("60%", "60"), ("20250", "2025"), ("2.5", "25"), ("60 %", "60")],
)
def test_nothing_but_hangul_after_a_number(response: str, accepted: str) -> None:
    assert not matches(response, accepted)


def test_no_prefix_stripping() -> None:
    assert not matches("대한민국", "한국")


@pytest.mark.parametrize("response", ["경주시청", "경주에서는요", "경주에서도"])
def test_only_one_trailing_particle(response: str) -> None:
    assert not matches(response, "경주")


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("2025", "2025"),
        ("2025년", "2025"),
        ("2,025", "2025"),
        ("２０２５", "2025"),
        ("제2", "2"),
        ("-3.5", "-3.5"),
        ("3 개", "3"),
    ],
)
def test_parse_number_reads_what_students_type(typed: str, number: str) -> None:
    assert parse_number(typed) == Decimal(number)


@pytest.mark.parametrize("typed", ["", "년", "20,25", "2025 2026", "약 2025", "2025년도입니다"])
def test_parse_number_refuses_what_is_not_one_number(typed: str) -> None:
    assert parse_number(typed) is None


# Every particle and ending the matcher knows, written out here so that dropping one from
# answers.py, or moving one to the other batchim list, fails a case below.
AFTER_BATCHIM = [
    "이", "은", "을", "과", "으로", "으로는", "이나", "이랑", "이라고", "이라는", "이에요", "이며",
]  # fmt: skip
AFTER_VOWEL = [
    "가", "는", "를", "와", "로", "로는", "나", "랑", "라고", "라는", "다", "예요", "여요", "며",
]  # fmt: skip
AFTER_ANY = [
    "의", "에", "에서", "에서는", "에는", "에게", "께", "한테", "도", "만",
    "까지", "부터", "처럼", "보다", "요", "입니다", "이다", "이요",
]  # fmt: skip
EU_RO = ["으로", "으로는"]  # after ㄹ these take the vowel form: 서울로, not 서울으로
RO = ["로", "로는"]


def _accepted_after(stem: str) -> set[str]:
    if stem == "경주":  # ends in a vowel
        return {*AFTER_VOWEL, *AFTER_ANY}
    if stem == "한국":  # ends in ㄱ
        return {*AFTER_BATCHIM, *AFTER_ANY}
    if stem == "서울":  # ends in ㄹ
        return {*AFTER_BATCHIM, *AFTER_ANY, *RO} - set(EU_RO)
    return {*AFTER_BATCHIM, *AFTER_VOWEL, *AFTER_ANY}  # APEC: pronunciation unknown


@pytest.mark.parametrize("particle", AFTER_BATCHIM + AFTER_VOWEL + AFTER_ANY)
@pytest.mark.parametrize("stem", ["경주", "한국", "서울", "APEC"])
def test_each_particle_is_accepted_only_after_the_syllable_it_fits(stem, particle) -> None:
    assert matches(stem + particle, stem) == (particle in _accepted_after(stem))
