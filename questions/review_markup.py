"""A graded slot as HTML: what the student answered and, as far as the quiz's
review options (`visible`) allow, the verdict, the key and why.

Written here rather than as template includes: the result page shows one per
question and the template engine spent most of that page's time on them. What
`visible` hides is never written, so no page can leak it by a template slip.
Every text is escaped; only the fixed markup below is trusted.
"""

import html
import re

from django.utils.safestring import SafeString

from .forms import choice_label
from .grading import MATCHING
from .markup import html_format
from .visibility import Visibility

NOT_ANSWERED = "(답하지 않음)"
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*")


def question_markup(text: str) -> SafeString:
    """Question text as HTML: escaped first (teachers' text is never trusted as
    HTML), then **…** marks a negation in bold, and line breaks are kept."""
    return SafeString(_line_breaks(_EMPHASIS.sub(r"<strong>\1</strong>", html.escape(text))))


def _line_breaks(escaped: str) -> str:
    """`linebreaksbr` of text already escaped."""
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def points_text(value) -> str:
    """Points as `floatformat:"-2"` shows them (1, 0.50), for the two-place
    decimals points are stored as."""
    shown = f"{value:.2f}"
    return shown[:-3] if shown.endswith(".00") else shown


def review_items(slots, visible: Visibility, document_url: str) -> SafeString:
    """Every question of a result page, as `review_item` writes each."""
    return SafeString("\n".join(review_item(slot, visible, document_url) for slot in slots))


def review_item(slot, visible: Visibility, document_url: str) -> SafeString:
    """One question of a result page: its number and text, then `answer_review`."""
    verdict = ""
    if visible.marks:
        verdict = " is-correct" if slot.correct else " is-wrong"
    return html_format(
        '<li class="review-item{}">\n  <h2>{}. {}</h2>\n{}</li>',
        verdict,
        slot.position,
        question_markup(slot.version.text),
        answer_review(slot, visible, document_url),
    )


def answer_review(slot, visible: Visibility, document_url: str) -> SafeString:
    """A graded slot: verdict, the student's answer against the key, the
    explanation and the passage it cites, each only if `visible` says so."""
    version = slot.version
    if version.qtype == MATCHING:
        answer = _matching(slot, visible)
    elif version.is_typed_answer:
        answer = _typed(slot, visible)
    else:
        answer = _options(slot, visible)
    parts = [_verdict(slot) if visible.marks else "", answer]
    if visible.explanations:
        parts.append(_explanation(version, document_url))
    return SafeString("\n".join(parts))


def _verdict(slot) -> SafeString:
    if slot.correct:
        word = "✔ 정답"
    elif slot.points_awarded:
        word = "△ 부분 점수"
    else:
        word = "✘ 오답"
    return html_format(
        '<p class="verdict">{} · {} / {}점</p>',
        word,
        points_text(slot.points_awarded or 0),
        points_text(slot.max_points),
    )


def _matching(slot, visible: Visibility) -> SafeString:
    chosen = {match.pair_id: match.chosen for match in slot.matches.all()}
    rows = []
    for pair in slot.version.pair_keys:
        if not pair.prompt:
            continue  # a distractor: nothing to match it to
        given = chosen.get(pair.id, "")
        right = given == pair.match
        if visible.answers:
            rows.append(
                html_format(
                    '<tr class="{}"><th scope="row">{}</th><td>{} {}</td><td>{}</td></tr>',
                    "key" if right else "wrong",
                    pair.prompt,
                    given or NOT_ANSWERED,
                    "✔" if right else "✘",
                    pair.match,
                )
            )
        else:
            rows.append(
                html_format(
                    '<tr><th scope="row">{}</th><td>{}</td></tr>',
                    pair.prompt,
                    given or NOT_ANSWERED,
                )
            )
    key_heading = SafeString('<th scope="col">정답</th>') if visible.answers else ""
    return html_format(
        '<table class="matching">\n<thead><tr><th scope="col">항목</th><th scope="col">내 답</th>{}'
        "</tr></thead>\n<tbody>{}</tbody>\n</table>",
        key_heading,
        SafeString("\n".join(rows)),
    )


def _typed(slot, visible: Visibility) -> SafeString:
    key = ""
    if visible.answers:
        key = html_format("<dt>정답</dt><dd>{}</dd>", ", ".join(slot.version.key_answers))
    return html_format(
        "<dl>\n<dt>내 답</dt><dd>{}</dd>\n{}</dl>", slot.text_answer or NOT_ANSWERED, key
    )


def _options(slot, visible: Visibility) -> SafeString:
    version, show_key = slot.version, visible.answers
    items = []
    for option in slot.options.all():
        choice, selected = option.choice, option.selected
        is_key = show_key and choice.is_correct
        tags = [SafeString('<span class="tag">내 답</span>')] if selected else []
        if is_key:
            tags.append(SafeString('<span class="tag key">정답</span>'))
        if show_key and selected and choice.feedback:
            tags.append(html_format('<div class="feedback">{}</div>', choice.feedback))
        classes = " ".join(name for name, on in (("key", is_key), ("chosen", selected)) if on)
        items.append(
            html_format(
                '<li class="{}">{} {}</li>',
                classes,
                choice_label(version, choice),
                SafeString(" ".join(tags)),
            )
        )
    unanswered = "" if slot.is_answered else f'\n<p class="muted">{NOT_ANSWERED}</p>'
    return html_format(
        '<ul class="options">\n{}\n</ul>{}', SafeString("\n".join(items)), SafeString(unanswered)
    )


def _explanation(version, document_url: str) -> SafeString:
    source = ""
    if version.passage:
        source = html_format(
            '<footer><a href="{}#{}">근거 보기: {}</a></footer>',
            document_url,
            version.passage.anchor,
            version.passage.heading,
        )
    return html_format(
        '<div class="explanation"><strong>해설</strong> {}</div>\n'
        '<blockquote class="source">\n<p>“{}”</p>\n{}</blockquote>',
        SafeString(_line_breaks(html.escape(version.explanation))),
        version.source_quote,
        source,
    )
