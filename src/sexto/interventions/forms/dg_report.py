"""The form of the summary report to the director general: the date it was sent."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sexto.core.forms import Form


class DgReportSentForm(Form):
    static_fields = True

    sent_on = forms.DateField(
        label=_("Sent to the director general on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
