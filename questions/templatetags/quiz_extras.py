from django import template

from ..forms import choice_label

register = template.Library()


@register.simple_tag
def chosen_ids(response) -> set[int]:
    """The ids of the options a response chose (uses the prefetched relation)."""
    return {choice.id for choice in response.chosen_choices.all()}


@register.filter
def choice_text(choice, question) -> str:
    return choice_label(question, choice)
