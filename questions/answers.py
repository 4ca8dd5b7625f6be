"""Korean-aware normalising and matching of free-text quiz answers.

Players type short answers on phones and laptops with different keyboards and input
methods, so the same answer arrives decomposed (macOS), with full-width letters, stray
zero-width characters, different spacing, or with a particle such as 에서 or an ending
such as 입니다 tacked on. These helpers forgive that without accepting a different word.

Standard library only, so the rules can be unit-tested without Django.
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

# Invisible characters that keyboards and copy-paste slip inside words.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

# Full-width ASCII sits at a fixed offset; NFKC would do this too, but it also turns
# compatibility jamo (ㄱ) into conjoining jamo, which changes how they display and compare.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH[0x3000] = ord(" ")

# Symbols outside the P* categories that people type as quotes: backtick, acute accent,
# modifier-letter primes and apostrophes, double acute.
_QUOTE_LIKE = frozenset("\u0060\u00b4\u02b9\u02ba\u02bb\u02bc\u02dd")

# % changes the meaning of a number, so it is content, not punctuation.
_KEPT_PUNCTUATION = frozenset("%")

# A decimal point or thousands separator between digits is part of the number.
_NUMBER_SEPARATORS = frozenset(".,")

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_FINALS_PER_SYLLABLE = 28
_RIEUL_FINAL = 8

# Particle and ending forms depend on whether the preceding syllable ends in a consonant
# (batchim); allowing only the right form stops 국가 from matching 국 + 가.
_AFTER_BATCHIM = frozenset(
    ["이", "은", "을", "과", "으로", "으로는", "이나", "이랑", "이라고", "이라는", "이에요", "이며"]
)
_AFTER_VOWEL = frozenset(
    ["가", "는", "를", "와", "로", "로는", "나", "랑", "라고", "라는", "다", "예요", "여요", "며"]
)
# 서울로, not 서울으로: after ㄹ, 로 takes its vowel form.
_AFTER_RIEUL = frozenset(["로", "로는"])
_EU_RO = frozenset(["으로", "으로는"])
# 입니다 / 이다 / 이요 are also standard after a vowel (허브입니다).
_AFTER_ANY = frozenset(
    [
        "의",
        "에",
        "에서",
        "에서는",
        "에는",
        "에게",
        "께",
        "한테",
        "도",
        "만",
        "까지",
        "부터",
        "처럼",
        "보다",
        "요",
        "입니다",
        "이다",
        "이요",
    ]
)
_ALL_PARTICLES = _AFTER_BATCHIM | _AFTER_VOWEL | _AFTER_ANY


def normalise(text: str) -> str:
    """Return the form in which two answers that look the same compare equal."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_ZERO_WIDTH).translate(_FULL_WIDTH).casefold()
    return " ".join(_strip_punctuation(text).split())


def compact(text: str) -> str:
    """Return normalise(text) without spaces, for spacing-insensitive comparison."""
    return normalise(text).replace(" ", "")


def matches(response: str, accepted: str) -> bool:
    """Whether response is accepted, allowing for spacing and one trailing particle."""
    response, accepted = compact(response), compact(accepted)
    if not response or not accepted or not response.startswith(accepted):
        return False
    suffix = response[len(accepted) :]
    return suffix == "" or suffix in _particles_after(accepted[-1])


def _strip_punctuation(text: str) -> str:
    chars = []
    for index, char in enumerate(text):
        if _is_punctuation(char) and not _is_number_separator(text, index):
            chars.append(" ")
        else:
            chars.append(char)
    return "".join(chars)


def _is_punctuation(char: str) -> bool:
    if char in _KEPT_PUNCTUATION:
        return False
    return unicodedata.category(char).startswith("P") or char in _QUOTE_LIKE


def _is_number_separator(text: str, index: int) -> bool:
    if text[index] not in _NUMBER_SEPARATORS or not 0 < index < len(text) - 1:
        return False
    return text[index - 1].isdecimal() and text[index + 1].isdecimal()


def _particles_after(last: str) -> frozenset[str]:
    # Without a Hangul syllable we cannot tell how the answer is pronounced (AI, APEC, 2025),
    # so every form is allowed; the tables hold only Hangul, so 60 never matches 60%.
    if not _HANGUL_FIRST <= ord(last) <= _HANGUL_LAST:
        return _ALL_PARTICLES
    final = (ord(last) - _HANGUL_FIRST) % _FINALS_PER_SYLLABLE
    if final == 0:
        return _AFTER_VOWEL | _AFTER_ANY
    if final == _RIEUL_FINAL:
        return (_AFTER_BATCHIM - _EU_RO) | _AFTER_RIEUL | _AFTER_ANY
    return _AFTER_BATCHIM | _AFTER_ANY


# A number as people type it: optional sign, digits with optional thousands commas,
# optional decimals; around it at most a 제 prefix and a short Hangul unit (2025년, 3개).
_NUMBER = re.compile(
    r"^(?:제\s*)?(?P<number>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<unit>[가-힣]{0,3})$"
)


def parse_number(text: str) -> Decimal | None:
    """The number a student typed, or None: `2025`, `2025년`, `2,025`, `２０２５`, `제2`."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH).translate(_FULL_WIDTH)
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    try:
        return Decimal(match["number"].replace(",", ""))
    except InvalidOperation:
        return None
