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
    """One question's answer field, shaped by the question's type. It never
    carries anything about which option is right."""

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        if question.qtype in TEXT_TYPES:
            # A numerical answer stays free text: 2025년 and 2,025 are fine answers.
            attrs = {"autocomplete": "off", "lang": "ko"}
            if question.qtype == NUMERICAL:
                attrs["inputmode"] = "decimal"
            self.fields["answer"] = forms.CharField(
                label="답", max_length=500, required=False, widget=forms.TextInput(attrs=attrs)
            )
            return
        if question.qtype == MATCHING:
            self._add_match_fields(question)
            return
        options = [(str(c.id), choice_label(question, c)) for c in question.choices.all()]
        if question.qtype == MULTIPLE:
            self.fields["answer"] = forms.MultipleChoiceField(
                label="답 (해당하는 것을 모두 고르세요)",
                choices=options,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        else:
            self.fields["answer"] = forms.ChoiceField(
                label="답",
                choices=options,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": FOREIGN_OPTION},
            )

    def _add_match_fields(self, question):
        options = sorted({pair.match for pair in question.pairs.all()})
        # Shuffled, but the same for this form every time it is shown.
        random.Random(question.pk).shuffle(options)
        for pair in question.pairs.all():
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
        question = response.question
        if question.qtype == MATCHING:
            initial = {f"match_{m.pair_id}": m.chosen for m in response.matches.all()}
            return cls(data, question=question, initial=initial)
        if question.qtype in TEXT_TYPES:
            initial = response.text_answer
        else:
            chosen = [str(c.id) for c in response.chosen_choices.all()]
            initial = chosen if question.qtype == MULTIPLE else (chosen[0] if chosen else None)
        return cls(data, question=question, initial={"answer": initial})

    def answer_kwargs(self) -> dict:
        """The cleaned answer as the service takes it."""
        if self.question.qtype == MATCHING:
            return {
                "matches": {
                    int(name.removeprefix("match_")): value
                    for name, value in self.cleaned_data.items()
                    if name.startswith("match_") and value
                }
            }
        value = self.cleaned_data.get("answer")
        if self.question.qtype in TEXT_TYPES:
            return {"text": value or ""}
        if self.question.qtype == MULTIPLE:
            return {"choice_ids": [int(v) for v in value or []]}
        return {"choice_ids": [int(value)] if value else []}
