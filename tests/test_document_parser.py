"""Splitting the source document into passages (pure, no database)."""

import unicodedata

from questions.document_parser import checksum, parse_document


def test_the_source_yields_27_passages_in_its_structure(source_text):
    parsed = parse_document(source_text)
    passages = parsed.passages
    assert len(passages) == 27
    assert len(parsed.sections) == 9
    assert parsed.sections[-2:] == ["결론", "자주 묻는 질문"]

    opening = passages[0]
    assert (opening.section_heading, opening.subheading) == ("", "")
    assert opening.text.startswith("2025년 경주 APEC 정상회의에서")

    intros = [p for p in passages if p.section_heading and not p.subheading]
    subsections = [
        p for p in passages if p.subheading and p.section_heading not in ("자주 묻는 질문",)
    ]
    faq = [p for p in passages if p.section_heading == "자주 묻는 질문"]
    assert len(intros) == 8  # 7 topical sections and 결론
    assert len(subsections) == 13
    assert len(faq) == 5
    assert all(p.subheading.endswith("?") for p in faq)
    assert faq[0].subheading == "APEC AI 이니셔티브의 주요 목표는 무엇인가요?"
    assert [p.position for p in passages] == list(range(1, 28))


def test_anchors_are_unique_and_stable_when_a_paragraph_is_added(source_text):
    before = {p.text: p.anchor for p in parse_document(source_text).passages}
    assert len(set(before.values())) == 27
    edited = source_text.replace(
        "\n결론\n", "\n새 절\n\n새로 더한 문단입니다. 충분히 긴 문장입니다.\n결론\n"
    )
    after = {p.text: p.anchor for p in parse_document(edited).passages}
    assert all(after[text] == anchor for text, anchor in before.items())


def test_decomposed_hangul_and_crlf_parse_the_same(source_text):
    mangled = unicodedata.normalize("NFD", source_text).replace("\n", "\r\n")
    assert parse_document(mangled) == parse_document(source_text)
    assert checksum(mangled) == checksum(source_text)
