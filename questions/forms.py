import random

from django import forms
from django.contrib.auth.forms import UserCreationForm

from .grading import MATCHING, MULTIPLE, NUMERICAL, SHORT, TRUE_FALSE, match_options

TEXT_TYPES = (SHORT, NUMERICAL)

TRUE_FALSE_LABELS = {"true": "참", "false": "거짓"}


def choice_label(question, choice) -> str:
    if question.qtype == TRUE_FALSE:
        return TRUE_FALSE_LABELS.get(choice.text, choice.text)
    return choice.text


class SignupForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = ("username",)


FOREIGN_OPTION = "이 문제의 보기가 아닌 답이 전송되었습니다. 다시 골라 주세요."


class AnswerForm(forms.Form):
    """One slot's answer fields, shaped by the frozen question's type, with the
    options in this student's order. It never carries which option is right.
    It only renders: a posted answer goes through `posted_answer` to the service,
    which checks it against the frozen key."""

    flagged = forms.BooleanField(label="나중에 다시 보기 (검토 표시)", required=False)

    def __init__(self, *args, version, choices=(), pairs=(), **kwargs):
        """`choices` are the version's options in the order this student sees them;
        `pairs` a matching question's prompts and matches."""
        super().__init__(*args, **kwargs)
        self.version = version
        if version.qtype in TEXT_TYPES:
            # A numerical answer stays free text: 2025년 and 2,025 are fine answers.
            attrs = {"autocomplete": "off", "lang": "ko"}
            if version.qtype == NUMERICAL:
                attrs["inputmode"] = "decimal"
            self.fields["answer"] = forms.CharField(
                label="답", max_length=500, required=False, widget=forms.TextInput(attrs=attrs)
            )
        elif version.qtype == MATCHING:
            self._add_match_fields(version, pairs)
        else:
            options = [(str(c.id), choice_label(version, c)) for c in choices]
            field, label, widget = (
                (
                    forms.MultipleChoiceField,
                    "답 (해당하는 것을 모두 고르세요)",
                    forms.CheckboxSelectMultiple,
                )
                if version.qtype == MULTIPLE
                else (forms.ChoiceField, "답", forms.RadioSelect)
            )
            self.fields["answer"] = field(
                label=label,
                choices=options,
                required=False,
                widget=widget,
            )
        # flagged renders last, under the answer.
        self.order_fields([name for name in self.fields if name != "flagged"])

    def _add_match_fields(self, version, pairs):
        options = match_options(pairs)
        # Shuffled, but the same for this question every time it is shown.
        random.Random(version.pk).shuffle(options)
        for pair in pairs:
            if pair.prompt:
                self.fields[f"match_{pair.id}"] = forms.ChoiceField(
                    label=pair.prompt,
                    choices=[("", "— 고르세요 —"), *((o, o) for o in options)],
                    required=False,
                )

    @property
    def match_fields(self):
        return [self[name] for name in self.fields if name.startswith("match_")]

    @classmethod
    def for_response(cls, response):
        """The form of a slot as saved (its details loaded: `slot_details`)."""
        initial = {"flagged": response.flagged}
        version = response.version
        if version.qtype == MATCHING:
            initial |= {f"match_{m.pair_id}": m.chosen for m in response.matches.all()}
            return cls(version=version, pairs=version.pair_keys, initial=initial)
        if version.qtype in TEXT_TYPES:
            initial["answer"] = response.text_answer
            return cls(version=version, initial=initial)
        options = list(response.options.all())
        chosen = [str(o.choice_id) for o in options if o.selected]
        initial["answer"] = chosen if version.qtype == MULTIPLE else (chosen[0] if chosen else None)
        return cls(version=version, choices=[o.choice for o in options], initial=initial)

    @classmethod
    def for_preview(cls, question):
        """The form a student would get for `question` now (options in their set order)."""
        return cls(
            version=question, choices=list(question.choices.all()), pairs=question.pairs.all()
        )


def posted_answer(data) -> dict:
    """An answer form's POST as the answer services take it, whatever the
    question's type (the service reads the part its type needs). Option ids
    that are not numbers give `choice_ids=None`, which a choice question refuses."""
    values = data.getlist("answer")
    matches = {}
    for name, value in data.items():
        number = name.removeprefix("match_")
        if name.startswith("match_") and value:
            if not number.isascii() or not number.isdigit():
                matches = None
                break
            matches[int(number)] = value
    return {
        "choice_ids": [int(v) for v in values if v]
        if all(v.isascii() and v.isdigit() for v in values if v)
        else None,
        "text": values[0] if len(values) == 1 else "",
        "matches": matches,
        "flagged": bool(data.get("flagged")),
    }
