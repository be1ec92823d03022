"""Forms of the case page's "people around" section: youth protection, parents, support plan,
takedown requests, educational measures. The services enforce the rules; forms parse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sexto.core.forms import Form
from sexto.interventions.models import (
    Case,
    CasePerson,
    ParentNotification,
    TakedownRequest,
    YouthProtectionReport,
)
from sexto.interventions.selectors.around import support_resources

_DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _moment(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=_DATETIME_FORMATS,
    )


def _text(
    label: Any,
    *,
    required: bool = False,
    rows: int = 3,
    max_length: int = 2000,
    help_text: Any = "",
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class _AroundForm(Form):
    """Several of these forms share the case page: each gets its own id prefix, so labels and
    error links point to the right field."""

    id_prefix = "around"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label} — {obj.name}"


class _CasePeopleForm(_AroundForm):
    """A form with a "which student" choice among the case's people."""

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = CasePerson.objects.filter(case=case)

    person = _PersonChoice(
        label=_("Student"),
        queryset=CasePerson.objects.none(),
        required=False,
        empty_label=_("— not one in particular —"),
    )


class YouthProtectionForm(_AroundForm):
    """The signed-in person's own report or consultation (the duty is personal), or why they had
    no reasonable cause to believe."""

    id_prefix = "yp"
    kind = forms.ChoiceField(
        label=_("What you did"),
        choices=YouthProtectionReport.Kind.choices,
    )
    at = _moment(_("When"))
    reference = forms.CharField(
        label=_("DPJ reference number"),
        required=False,
        max_length=120,
        help_text=_("Required for a report; the DPJ gives it when it receives your report."),
    )
    why_not = _text(
        _("Why you had no reasonable cause to believe"),
        help_text=_(
            "Required if you did not report: why you had no reasonable cause to believe that "
            "the young person's security or development is compromised."
        ),
    )


class ParentNotificationForm(_CasePeopleForm):
    id_prefix = "parents"

    guardian = forms.CharField(
        label=_("Parent or guardian informed"),
        required=False,
        max_length=200,
        help_text=_("For example: the mother of A."),
    )
    at = _moment(_("When"))
    channel = forms.ChoiceField(label=_("How"), choices=ParentNotification.Channel.choices)
    summary = _text(_("Summary of what was said"), rows=4, max_length=5000)
    why_not = _text(_("Why not informed"), help_text=_("Required if not informed."))


class SupportEntryForm(_CasePeopleForm):
    id_prefix = "support"

    planned_for = _moment(_("Follow-up planned for"), required=False)
    held_at = _moment(_("Meeting held on"), required=False)
    resources = forms.MultipleChoiceField(
        label=_("Resources given"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = _text(_("Note"), rows=4, max_length=5000)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        # The case's region's DPJ first, then its police force and the national resources; names
        # in the language of the request (Cyberaide.ca in French).
        field = self.fields["resources"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(r.key, r.name) for r in support_resources(case=case)]


class SupportHeldForm(_AroundForm):
    id_prefix = "held"

    held_at = _moment(_("Held on"))
    note = _text(_("Note"), rows=2)
    version = forms.IntegerField(widget=forms.HiddenInput)


class TakedownForm(_AroundForm):
    id_prefix = "takedown"

    where = forms.CharField(
        label=_("Sent to"),
        max_length=200,
        help_text=_("The platform, Take It Down, Cybertip.ca…"),
    )
    sent_at = _moment(_("Sent on"))
    reference = forms.CharField(label=_("Reference"), required=False, max_length=120)


class TakedownStatusForm(_AroundForm):
    id_prefix = "takedown_status"

    status = forms.ChoiceField(label=_("Status"), choices=TakedownRequest.Status.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeasureForm(_CasePeopleForm):
    id_prefix = "measure"

    what = _text(_("Measure"), required=True, rows=3)
    with_whom = forms.CharField(
        label=_("With whom"),
        required=False,
        max_length=200,
        help_text=_("For example: the psychoeducator, a police officer, the parents."),
    )
    planned_for = forms.DateField(
        label=_("Planned for"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class MeasureDoneForm(_AroundForm):
    id_prefix = "measure_done"

    done_at = _moment(_("Done on"))
    version = forms.IntegerField(widget=forms.HiddenInput)
