import re

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape
from django.utils.safestring import mark_safe

from ..forms import choice_label

register = template.Library()


@register.simple_tag
def chosen_ids(response) -> set[int]:
    """The ids of the options a response chose (uses the prefetched relation)."""
    return {choice.id for choice in response.chosen_choices.all()}


@register.filter
def match_rows(response) -> list[dict]:
    """A matching question's prompts with the student's and the right match."""
    chosen = {m.pair_id: m.chosen for m in response.matches.all()}
    return [
        {
            "prompt": pair.prompt,
            "chosen": chosen.get(pair.id, ""),
            "match": pair.match,
            "right": chosen.get(pair.id) == pair.match,
        }
        for pair in response.question.pairs.all()
        if pair.prompt
    ]


@register.filter
def choice_text(choice, question) -> str:
    return choice_label(question, choice)


_EMPHASIS = re.compile(r"\*\*(.+?)\*\*")


@register.filter
def question_markup(text: str) -> str:
    """Question text as HTML: escaped first (teachers' text is never trusted as
    HTML), then **…** marks a negation in bold, and line breaks are kept."""
    html = _EMPHASIS.sub(r"<strong>\1</strong>", escape(text))
    return mark_safe(linebreaksbr(html, autoescape=False))
