"""Split a plain-text article into passages. Pure: no Django.

The article's layout (one paragraph per line) carries its structure:
- a section heading is a short line followed by an empty line;
- a FAQ section is a short heading followed directly by a question line ending
  in `?`; from there on, each question line heads the answer line after it;
- a sub-heading is a short line without final punctuation followed directly by
  its paragraph;
- every other non-empty line is a paragraph, i.e. a passage.
"""

import hashlib
import unicodedata
from dataclasses import dataclass, field

# Headings in the source run to about 40 characters; paragraphs to hundreds.
MAX_HEADING_LENGTH = 60
_FINAL_PUNCTUATION = (".", "!", "?", "…", "。", ":", ";")


@dataclass(frozen=True)
class ParsedPassage:
    position: int
    section_heading: str
    subheading: str
    text: str
    anchor: str


@dataclass(frozen=True)
class ParsedDocument:
    sections: list[str] = field(default_factory=list)
    passages: list[ParsedPassage] = field(default_factory=list)


def clean_text(text: str) -> str:
    """NFC, one kind of newline, no trailing spaces: the form we store and checksum."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip() + "\n"


def checksum(text: str) -> str:
    return hashlib.sha256(clean_text(text).encode("utf-8")).hexdigest()


def normalise_whitespace(text: str) -> str:
    return " ".join(text.split())


def parse_document(text: str) -> ParsedDocument:
    lines = clean_text(text).split("\n")
    sections: list[str] = []
    passages: list[ParsedPassage] = []
    section = subheading = ""
    in_faq = False
    used_anchors: set[str] = set()

    for index, line in enumerate(lines):
        if not line:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _is_heading(line) and not following:
            section, subheading, in_faq = line, "", False
            sections.append(section)
        elif _is_heading(line) and not _has_final_punctuation(line) and following.endswith("?"):
            section, subheading, in_faq = line, "", True
            sections.append(section)
        elif in_faq and line.endswith("?") and _is_heading(line):
            subheading = line
        elif _is_heading(line) and not _has_final_punctuation(line):
            subheading = line
        else:
            anchor = _anchor(section, subheading, used_anchors)
            passages.append(ParsedPassage(len(passages) + 1, section, subheading, line, anchor))
            subheading = ""
    return ParsedDocument(sections=sections, passages=passages)


def _is_heading(line: str) -> bool:
    return len(line) <= MAX_HEADING_LENGTH


def _has_final_punctuation(line: str) -> bool:
    return line.endswith(_FINAL_PUNCTUATION)


def _anchor(section: str, subheading: str, used: set[str]) -> str:
    """Derived from the headings, not the position, so that links survive a
    paragraph being added elsewhere in the document."""
    digest = hashlib.sha1(f"{section}\n{subheading}".encode()).hexdigest()
    anchor = f"p-{digest[:8]}"
    suffix = 2
    while anchor in used:
        anchor = f"p-{digest[:8]}-{suffix}"
        suffix += 1
    used.add(anchor)
    return anchor
