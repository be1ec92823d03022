"""Forms of the devices section of the case page: seizure, transfer, hand-over, return."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sexto.core.forms import Form
from sexto.interventions.models import CasePerson

MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _moment_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=MOMENT_FORMATS,
    )


def _name_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=200,
        required=required,
        help_text=help_text,
    )


def _note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeviceSeizeForm(Form):
    """A device seized and sealed without looking at it."""

    description = forms.CharField(
        label=_("Device"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kind, brand, colour, case. Never look at its content."),
    )
    envelope_number = forms.CharField(label=_("Sealed envelope number"), max_length=40)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    owner_text = forms.CharField(
        label=_("Owner, if not listed"),
        required=False,
        max_length=500,
    )
    seized_at = _moment_field(_("Seized at"))
    seized_where = forms.CharField(
        label=_("Seized where"),
        required=False,
        max_length=500,
        help_text=_("For example: classroom 204, from the student's locker."),
    )
    storage_place = _name_field(
        _("Stored in"), help_text=_("A locked place, e.g. the principal's safe.")
    )

    def __init__(self, *args: Any, people: list[CasePerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["owner"].choices = [("", _("— Not a listed person —"))] + [  # type: ignore[attr-defined]
            (pk, f"{p.label} — {p.name}") for pk, p in self.people.items()
        ]

    def clean_owner(self) -> CasePerson | None:
        value = self.cleaned_data.get("owner") or ""
        return self.people.get(value)


class CustodyTransferForm(Form):
    to_name = _name_field(_("Received by"))
    receipt_signed_by = _name_field(_("Receipt signed by"))
    at = _moment_field(_("When"))
    place = _name_field(
        _("Now stored in"), required=False, help_text=_("Leave empty if it did not move.")
    )
    note = _note_field()
    version = forms.IntegerField(widget=forms.HiddenInput)


class DeviceHandOverForm(Form):
    officer_name = _name_field(
        _("Officer"), help_text=_("Name and badge number of the officer who received it.")
    )
    receipt_signed_by = _name_field(_("Police receipt signed by"))
    at = _moment_field(_("When"))
    note = _note_field()
    version = forms.IntegerField(widget=forms.HiddenInput)


class DeviceReturnForm(Form):
    to_name = _name_field(_("Returned to"), help_text=_("The owner, or their parent or guardian."))
    receipt_signed_by = _name_field(_("Receipt signed by"), required=False)
    at = _moment_field(_("When"))
    note = _note_field()
    version = forms.IntegerField(widget=forms.HiddenInput)


class DeviceAcknowledgeForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
