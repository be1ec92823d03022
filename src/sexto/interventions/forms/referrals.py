"""Forms of the police referral on the case: refer, acknowledge, the DPCP's determination,
SEXTO awareness meetings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from sexto.core.forms import Form
from sexto.interventions.models import Referral

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


class DeterminationForm(Form):
    determination = forms.ChoiceField(
        label=gettext_lazy("DPCP determination"),
        choices=[
            (Referral.Determination.IMPULSIVE, Referral.Determination.IMPULSIVE.label),
            (Referral.Determination.MALICIOUS, Referral.Determination.MALICIOUS.label),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
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
