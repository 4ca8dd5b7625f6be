import random

from django import forms
from django.contrib.auth.forms import UserCreationForm

from .grading import MATCHING, MULTIPLE, NUMERICAL, SHORT, TRUE_FALSE

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
    options in this student's order. It never carries which option is right."""

    flagged = forms.BooleanField(label="나중에 다시 보기 (검토 표시)", required=False)

    def __init__(self, *args, version, choices, **kwargs):
        """`choices` are the version's options in the order this student sees them."""
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
            self._add_match_fields(version)
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
                error_messages={"invalid_choice": FOREIGN_OPTION},
            )
        # flagged renders last, under the answer.
        self.order_fields([name for name in self.fields if name != "flagged"])

    def _add_match_fields(self, version):
        options = sorted({pair.match for pair in version.pairs.all()})
        # Shuffled, but the same for this question every time it is shown.
        random.Random(version.pk).shuffle(options)
        for pair in version.pairs.all():
            if pair.prompt:
                self.fields[f"match_{pair.id}"] = forms.ChoiceField(
                    label=pair.prompt,
                    choices=[("", "— 고르세요 —"), *((o, o) for o in options)],
                    required=False,
                    error_messages={"invalid_choice": FOREIGN_OPTION},
                )

    @property
    def match_fields(self):
        return [self[name] for name in self.fields if name.startswith("match_")]

    @classmethod
    def for_response(cls, response, data=None):
        initial = {"flagged": response.flagged}
        qtype = response.version.qtype
        if qtype == MATCHING:
            initial |= {f"match_{m.pair_id}": m.chosen for m in response.matches.all()}
        elif qtype in TEXT_TYPES:
            initial["answer"] = response.text_answer
        else:
            chosen = [str(o.choice_id) for o in response.options.all() if o.selected]
            initial["answer"] = chosen if qtype == MULTIPLE else (chosen[0] if chosen else None)
        choices = [option.choice for option in response.options.all()]
        return cls(data, version=response.version, choices=choices, initial=initial)

    @classmethod
    def for_preview(cls, question):
        """The form a student would get for `question` now (options in their set order)."""
        return cls(version=question, choices=list(question.choices.all()))

    def answer_kwargs(self) -> dict:
        """The cleaned answer (and flag) as the service takes them."""
        kwargs = {"flagged": self.cleaned_data.get("flagged", False)}
        qtype = self.version.qtype
        if qtype == MATCHING:
            kwargs["matches"] = {
                int(name.removeprefix("match_")): value
                for name, value in self.cleaned_data.items()
                if name.startswith("match_") and value
            }
            return kwargs
        value = self.cleaned_data.get("answer")
        if qtype in TEXT_TYPES:
            kwargs["text"] = value or ""
        elif qtype == MULTIPLE:
            kwargs["choice_ids"] = [int(v) for v in value or []]
        else:
            kwargs["choice_ids"] = [int(value)] if value else []
        return kwargs
