"""Forms of the case area: intake, triage, the case page's steps, people, notes, closure (the grid's
own forms are in forms/grid.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sexto.core.forms import Form
from sexto.directory.models import Membership, User
from sexto.interventions import grid
from sexto.interventions.labels import ROLE_LABELS, ROUTE_LABELS
from sexto.interventions.models import CaseStep

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class _StaffChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class IntakeForm(Form):
    """A staff member's report: what they were told, never images."""

    school = forms.ChoiceField(label=_("School"))
    told_at = forms.DateTimeField(
        label=_("When were you told?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    told_by = forms.CharField(
        label=_("Who told you?"),
        max_length=500,
        help_text=_("The student or adult who spoke to you, and their link to the situation."),
    )
    account = forms.CharField(
        label=_("What was said"),
        widget=TEXTAREA,
        max_length=5000,
        help_text=_(
            "In their words, as far as you remember. Never ask to see the content and "
            "never forward it, not even to the coordinator."
        ),
    )
    students = forms.CharField(
        label=_("Students involved"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    circulation = forms.CharField(
        label=_("Where the content circulates"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Apps, group chats, websites, as described to you."),
    )
    heard_by = _StaffChoice(
        label=_("Other staff who also heard the facts"),
        queryset=User.objects.none(),
        required=False,
        help_text=_(
            "Optional. Each of them also has their own duty to report to the DPJ; they will be "
            "able to record it from their own account."
        ),
    )

    def __init__(self, *args: Any, schools: list[Any], reporter: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schools = {str(s.pk): s for s in schools}
        self.fields["school"].choices = [(pk, s.name) for pk, s in self.schools.items()]  # type: ignore[attr-defined]
        if len(self.schools) == 1:
            self.fields["school"].initial = next(iter(self.schools))
        # The active staff of the reporter's schools, by name; the service checks the chosen
        # ones work at the school the report is for.
        staff = (
            Membership.objects.current()
            .filter(school_id__in=[s.pk for s in schools])
            .values("user_id")
        )
        heard_by = self.fields["heard_by"]
        assert isinstance(heard_by, forms.ModelMultipleChoiceField)
        candidates = User.objects.filter(pk__in=staff, is_active=True)
        if reporter is not None and reporter.pk is not None:
            candidates = candidates.exclude(pk=reporter.pk)
        heard_by.queryset = candidates.order_by("last_name", "first_name")

    def clean_school(self) -> Any:
        return self.schools[self.cleaned_data["school"]]


class IntakeCloseForm(Form):
    reason = forms.CharField(
        label=_("Why no case is opened"),
        widget=TEXTAREA,
        max_length=2000,
        help_text=_("For example: nothing sexual was described."),
    )


OTHER_POLICE_FORCE = "other"


class IntakePoliceDirectForm(Form):
    """Where the kit cannot be used (no police–DPCP agreement): the police were called directly.
    The force serving the school's territory is proposed; another one may be named in words."""

    called_at = forms.DateTimeField(
        label=_("When did you call the police?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": _("Say when you called the police.")},
    )
    police_force = forms.ChoiceField(label=_("Police force called"))
    police_force_other = forms.CharField(
        label=_("Name of the other police force"),
        required=False,
        max_length=200,
        help_text=_("Only if you called another force than the one proposed."),
    )
    police_file_number = forms.CharField(
        label=_("Police file number"),
        max_length=60,
        error_messages={
            "required": _(
                "Enter the file number the police gave you. If you did not get one, call them "
                "back and ask for it."
            )
        },
    )

    def __init__(self, *args: Any, serving_force: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.serving_force = serving_force
        self.fields["police_force"].choices = [  # type: ignore[attr-defined]
            (str(serving_force.pk), serving_force.name),
            (OTHER_POLICE_FORCE, _("Another police force")),
        ]
        self.fields["police_force"].initial = str(serving_force.pk)

    def clean_police_force(self) -> Any:
        """The directory's force, or None when another one is named in words."""
        return (
            self.serving_force if self.cleaned_data["police_force"] != OTHER_POLICE_FORCE else None
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            "police_force" in cleaned
            and cleaned["police_force"] is None
            and not cleaned.get("police_force_other", "").strip()
        ):
            self.add_error(
                "police_force_other",
                _("Say which police force you called: its name, as it told you."),
            )
        return cleaned


class CaseOpenForm(Form):
    summary = forms.CharField(
        label=_("Summary"),
        widget=TEXTAREA,
        max_length=5000,
        help_text=_("A few factual lines. No image, no explicit wording."),
    )


class StepForm(Form):
    state = forms.ChoiceField(choices=CaseStep.State.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class CaseDecisionForm(Form):
    """Keep the grid's route, or decide another with a justification."""

    decided_route = forms.ChoiceField(
        label=_("Route decided"),
        required=False,
        choices=[("", _("The grid's route"))] + [(r, ROUTE_LABELS[r]) for r in grid.ROUTES],
    )
    justification = forms.CharField(
        label=_("Justification of another route"),
        required=False,
        widget=TEXTAREA,
        max_length=2000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PersonForm(Form):
    static_fields = True

    label = forms.CharField(
        label=_("Label in the grid"),
        max_length=20,
        help_text=_("The letter used in the grid, e.g. A."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    age = forms.IntegerField(label=_("Age"), required=False, min_value=5, max_value=99)
    grade = forms.CharField(label=_("Grade"), required=False, max_length=20)
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        required=False,
        choices=[(r, ROLE_LABELS[r]) for r in grid.ROLES],
        widget=forms.CheckboxSelectMultiple,
    )


class CloseForm(Form):
    static_fields = True

    outcome = forms.CharField(label=_("Outcome"), widget=TEXTAREA, max_length=5000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(Form):
    static_fields = True

    reason = forms.CharField(label=_("Why reopen"), widget=TEXTAREA, max_length=2000)


class NoteForm(Form):
    static_fields = True

    text = forms.CharField(
        label=_("Note"),
        widget=TEXTAREA,
        max_length=5000,
        help_text=_("Facts and actions, for the team. No image, no explicit wording."),
    )
