"""Forms of privacy: the incident register (what happened, the assessment, notifications) and
legal holds on retention."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sexto.core.forms import Form
from sexto.privacy.models import IncidentNotification, Level, PrivacyIncident

MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _moment(label: Any, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=MOMENT_FORMATS,
    )


def _text(label: Any, *, required: bool = False, help_text: Any = "", rows: int = 3) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class IncidentForm(Form):
    """An incident as entered or edited; the assessment may come later."""

    what_happened = _text(
        _("What happened"),
        required=True,
        rows=5,
        help_text=_("Facts only: what was accessed, used, disclosed or lost, how, by whom."),
    )
    information_involved = _text(
        _("Personal information involved"),
        help_text=_("Kinds of information (e.g. names, case content, contact details)."),
    )
    occurred_at = _moment(_("When it happened"), _("Your best estimate if not known exactly."))
    discovered_at = _moment(_("When it was discovered"))
    reported_by = forms.CharField(
        label=_("Who reported it"),
        max_length=300,
        help_text=_("Name and role of the person who reported the incident."),
    )
    people_affected_count = forms.IntegerField(
        label=_("Number of people affected"),
        min_value=0,
        help_text=_("0 if nobody is known to be affected yet."),
    )
    people_affected = _text(
        _("People affected"), help_text=_("Who they are (e.g. students of a class, staff).")
    )
    measures = _text(_("Measures taken to reduce the harm"))
    sensitivity = forms.ChoiceField(
        label=_("Sensitivity of the information"),
        choices=[("", "—"), *Level.choices],
        required=False,
    )
    consequences = _text(_("Anticipated consequences of its use"))
    misuse_likelihood = forms.ChoiceField(
        label=_("Likelihood it will be misused"),
        choices=[("", "—"), *Level.choices],
        required=False,
    )
    serious_injury = forms.ChoiceField(
        label=_("Risk of serious injury"),
        choices=PrivacyIncident.SeriousInjury.choices,
        required=False,
        help_text=_(
            "Weigh the sensitivity, the consequences and the likelihood of misuse. If there is "
            "a risk of serious injury, notify the Commission d'accès à l'information and the "
            "people affected promptly."
        ),
    )
    risk_reasoning = _text(_("Reasons for the assessment"), rows=4)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NotificationForm(Form):
    """A notification made about the incident, or the decision not to notify."""

    recipient = forms.ChoiceField(
        label=_("Notified"), choices=IncidentNotification.Recipient.choices
    )
    at = _moment(_("When"))
    channel = forms.ChoiceField(label=_("How"), choices=IncidentNotification.Channel.choices)
    note = _text(
        _("Note"), help_text=_("Reference number, what was said; the reason if not notified.")
    )


class CloseForm(Form):
    closing_note = _text(_("Closing note"), required=True)
    version = forms.IntegerField(widget=forms.HiddenInput)


HOLD_TEXTAREA = forms.Textarea(attrs={"rows": 3})


class LegalHoldPlaceForm(Form):
    reference = forms.CharField(
        label=_("Case number or report reference"),
        max_length=32,
        help_text=_("For example SX-2026-00042, DEC-2026-00107 or SIG-2025-00311."),
    )
    reason = forms.CharField(
        label=_("Why the record must be kept"),
        widget=HOLD_TEXTAREA,
        max_length=2000,
        help_text=_("For example: an access request or a court proceeding under way."),
    )


class LegalHoldLiftForm(Form):
    reason = forms.CharField(
        label=_("Why the hold is lifted"),
        widget=HOLD_TEXTAREA,
        max_length=2000,
    )
