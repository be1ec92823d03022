"""Forms of the plan that follows the route: the police's go-ahead to tell a suspect's parents."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from sexto.core.forms import Form
from sexto.interventions.forms.referrals import DATETIME_FORMATS, DATETIME_INPUT
from sexto.interventions.services.plan import GO_AHEAD_FROM_MAX


class PoliceGoAheadForm(Form):
    given_by = forms.CharField(
        label=gettext_lazy("Which police officer gave the go-ahead?"),
        help_text=gettext_lazy("Name, rank or badge number."),
        max_length=GO_AHEAD_FROM_MAX,
    )
    at = forms.DateTimeField(
        label=gettext_lazy("When?"),
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
    )
