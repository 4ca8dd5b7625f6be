from django import forms, template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from .. import review_markup
from ..charts import histogram_bars, percentage_line
from ..markup import html_format, html_join
from ..models import Quiz
from ..review_markup import question_markup

register = template.Library()


_NAVIGATOR = (
    '<nav class="navigator" aria-label="문제 이동">\n  <ol>\n{}\n  </ol>\n'
    '  <p class="legend muted"><span class="slot answered">답함</span> '
    '<span class="slot">안 답함</span> <span class="slot flagged">⚑ 검토</span></p>\n</nav>'
)


@register.simple_tag
def question_navigator(navigator: list[dict], current: int, form_id: str) -> str:
    """The question navigator: a button per slot, saying whether it is answered
    and flagged. Built here rather than by a template loop, from numbers and
    fixed words only (nothing to escape but the form id): it is on every
    question page and was most of that page's rendering."""
    form = escape(form_id)
    buttons = []
    for slot in navigator:
        position, answered, flagged = int(slot["position"]), slot["answered"], slot["flagged"]
        here = position == current
        classes = "slot" + " answered" * answered + " flagged" * flagged + " current" * here
        state = ("답함" if answered else "안 답함") + (", 검토 표시" if flagged else "")
        step = ' aria-current="step"' if here else ""
        flag = '<span aria-hidden="true">⚑</span>' if flagged else ""
        buttons.append(
            f'<li><button type="submit" name="go" value="{position}" form="{form}" '
            f'class="{classes}"{step} aria-label="{position}번 문제 ({state})">'
            f"{position}{flag}</button></li>"
        )
    return mark_safe(_NAVIGATOR.format("\n".join(buttons)))


@register.simple_tag
def answer_input(field) -> str:
    """A bound field of the answer form as HTML, written here rather than by
    Django's widget templates: the same markup, at a fraction of the cost, on
    the page a whole class loads at once. Knows the widgets `AnswerForm` uses."""
    widget, name, value = field.field.widget, field.html_name, field.value()
    if isinstance(widget, forms.CheckboxInput):
        return html_format(
            '<input type="checkbox" name="{}" id="{}"{}>',
            name,
            field.auto_id,
            SafeString(" checked") if value else "",
        )
    if isinstance(widget, forms.RadioSelect):  # and CheckboxSelectMultiple, its subclass
        kind = "checkbox" if isinstance(widget, forms.CheckboxSelectMultiple) else "radio"
        chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
        options = html_join(
            "",
            '<div><label for="{}_{}"><input type="{}" name="{}" value="{}" id="{}_{}"{}> {}'
            "</label></div>",
            (
                (field.auto_id, i, kind, name, option, field.auto_id, i,
                 SafeString(" checked") if str(option) in chosen else "", label)
                for i, (option, label) in enumerate(field.field.choices)
            ),
        )  # fmt: skip
        return html_format('<div id="{}">{}</div>', field.auto_id, options)
    if isinstance(widget, forms.Select):
        options = html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, SafeString(" selected") if option == value else "", label)
                for option, label in field.field.choices
            ),
        )
        return html_format('<select name="{}" id="{}">{}</select>', name, field.auto_id, options)
    attrs = html_join("", ' {}="{}"', widget.attrs.items())
    return html_format(
        '<input type="text" name="{}" value="{}" maxlength="{}" id="{}"{}>',
        name,
        value or "",
        field.field.max_length,
        field.auto_id,
        attrs,
    )


register.filter("question_markup", question_markup)
register.filter("points", review_markup.points_text)


@register.simple_tag
def review_items(slots, visible, document_url: str) -> str:
    return review_markup.review_items(slots, visible, document_url)


@register.simple_tag
def answer_review(slot, visible, document_url: str) -> str:
    return review_markup.answer_review(slot, visible, document_url)


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
