"""Whether a question can be answered and graded. Pure: no Django.

The admin and every importer ask the same question, so the rules and their
Korean messages live here once.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .grading import CHOICE_TYPES, MATCHING, MULTIPLE, NUMERICAL, SHORT, SINGLE, TRUE_FALSE

MIN_QUOTE_LENGTH = 10


@dataclass(frozen=True)
class ChoiceDraft:
    text: str
    is_correct: bool
    fraction: Decimal | None = None


def answerability_errors(
    qtype: str,
    choices: Sequence[ChoiceDraft],
    answer_texts: Sequence[str],
    number_fractions: Sequence[Decimal] = (),
    pairs: Sequence[tuple[str, str]] = (),
) -> list[str]:
    """Korean messages for every reason a student could not earn full marks.
    `pairs` are a matching question's (prompt, match); an empty prompt is a distractor."""
    errors = []
    if pairs and qtype != MATCHING:
        errors.append("짝 맞추기 항목은 짝 맞추기 문제에만 씁니다.")
    if number_fractions and qtype != NUMERICAL:
        errors.append("숫자 답안은 수치형 문제에만 씁니다.")
    if qtype in CHOICE_TYPES:
        if len(choices) < 2:
            errors.append("보기를 두 개 이상 입력하세요.")
        correct = [c for c in choices if c.is_correct]
        if qtype in (SINGLE, TRUE_FALSE) and len(correct) != 1:
            errors.append("단일 선택과 참/거짓 문제에는 정답 보기가 정확히 하나 있어야 합니다.")
        if qtype == MULTIPLE and not correct:
            errors.append("복수 선택 문제에는 정답 보기가 하나 이상 있어야 합니다.")
        if qtype == TRUE_FALSE and sorted(c.text for c in choices) != ["false", "true"]:
            errors.append("참/거짓 문제의 보기는 'true'와 'false' 두 개여야 합니다.")
        if answer_texts:
            errors.append("인정 답안은 단답형 문제에만 씁니다.")
    elif qtype == MATCHING:
        prompts = [prompt for prompt, _ in pairs if prompt.strip()]
        if len(prompts) < 2:
            errors.append("짝 맞추기 문제에는 질문 항목이 두 개 이상 있어야 합니다.")
        if len(set(prompts)) != len(prompts):
            errors.append("짝 맞추기 문제의 질문 항목이 중복되었습니다.")
        if any(not match.strip() for _, match in pairs):
            errors.append("짝 맞추기 항목마다 답을 입력하세요.")
        if choices or answer_texts or number_fractions:
            errors.append("짝 맞추기 문제에는 보기, 인정 답안, 숫자 답안을 쓰지 않습니다.")
    elif qtype == NUMERICAL:
        if not any(fraction == 1 for fraction in number_fractions):
            errors.append("수치형 문제에는 만점(비율 1)인 숫자 답안이 하나 이상 있어야 합니다.")
        if choices or answer_texts:
            errors.append("수치형 문제에는 보기나 인정 답안을 쓰지 않습니다.")
    elif qtype == SHORT:
        if not [t for t in answer_texts if t.strip()]:
            errors.append("단답형 문제에는 인정 답안이 하나 이상 있어야 합니다.")
        if choices:
            errors.append("보기는 선택형 문제에만 씁니다.")
    else:
        errors.append(f"알 수 없는 문제 유형입니다: {qtype}")
    return errors
