"""Forms of the police referral on the case: refer, acknowledge, the police and DPCP outcome
(and its correction), SEXTO awareness meetings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from sexto.core.forms import Form
from sexto.interventions.outcomes import RECORDABLE

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class ReferralForm(Form):
    police_contacted_at = forms.DateTimeField(
        label=gettext_lazy("When were the police contacted?"),
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
    )


class AcknowledgeForm(Form):
    police_file_number = forms.CharField(
        label=gettext_lazy("Police file number"),
        required=False,
        max_length=60,
    )


OUTCOME_CHOICES = [(outcome.value, outcome.label) for outcome in RECORDABLE]


class DeterminationForm(Form):
    """The police and DPCP outcome; which ones the referral's state allows is the service's
    rule (interventions.outcomes), refused there with a message naming them."""

    determination = forms.ChoiceField(
        label=gettext_lazy("Police and DPCP outcome"),
        choices=OUTCOME_CHOICES,
        widget=forms.RadioSelect,
    )
    other_text = forms.CharField(
        label=gettext_lazy("What is the other outcome?"),
        required=False,
        max_length=2000,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class CorrectionForm(Form):
    determination = forms.ChoiceField(
        label=gettext_lazy("Corrected outcome"), choices=OUTCOME_CHOICES, widget=forms.RadioSelect
    )
    other_text = forms.CharField(
        label=gettext_lazy("What is the other outcome?"), required=False, max_length=2000
    )
    reason = forms.CharField(
        label=gettext_lazy("Why is the outcome corrected?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeetingForm(Form):
    person = forms.ChoiceField(label=gettext_lazy("Young person"))
    scheduled_at = forms.DateTimeField(
        label=gettext_lazy("Scheduled for"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    with_guardian = forms.CharField(
        label=gettext_lazy("With which parent or guardian"),
        required=False,
        max_length=200,
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["person"].choices = [(pk, p.label) for pk, p in self.people.items()]  # type: ignore[attr-defined]

    def clean_person(self) -> Any:
        return self.people[self.cleaned_data["person"]]


class HeldForm(Form):
    held_at = forms.DateTimeField(
        label=gettext_lazy("Held on"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class NotHeldForm(Form):
    reason = forms.CharField(
        label=gettext_lazy("Why was it not held?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
