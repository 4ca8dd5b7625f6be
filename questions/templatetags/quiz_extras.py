import re

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from ..charts import histogram_bars, percentage_line
from ..forms import choice_label
from ..models import Quiz

register = template.Library()


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
        for pair in response.version.pairs.all()
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


@register.inclusion_tag("questions/partials/_timeline_chart.html")
def timeline_chart(attempts):
    """An SVG line of attempt percentages, oldest to newest."""
    values = [
        (
            f"{localtime(a.submitted_at):%m/%d} {a.title}",
            float(a.percentage_value or 0),
        )
        for a in attempts
    ]
    return {"chart": percentage_line(values), "attempts": attempts}


@register.filter
def duration(delta) -> str:
    """A timedelta as a student reads it: 1시간 2분 3초."""
    if delta is None:
        return ""
    seconds = int(delta.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours}시간"] if hours else []
    if minutes or hours:
        parts.append(f"{minutes}분")
    parts.append(f"{seconds}초")
    return " ".join(parts)


@register.filter
def grading_method_label(value: str) -> str:
    return Quiz.GradingMethod(value).label


@register.inclusion_tag("questions/partials/_histogram.html")
def score_histogram(histogram):
    """An SVG bar chart of how many attempts scored in each 10% band."""
    counts = [(f"{b['low']}–{b['high']}%", b["count"]) for b in histogram]
    return {"bars": histogram_bars(counts), "width": 640, "height": 200}


@register.filter
def percent(value) -> str:
    """A 0–1 figure as a percentage, or — where it is undefined."""
    return "—" if value is None else f"{value * 100:.1f}%"
