"""Forms of the directory pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sexto.core.forms import Form, ModelForm
from sexto.directory.models import Organisation, Role, School, User


class InviteForm(Form):
    """Invite a person (new or known) and give them a role in a school or the organisation."""

    email = forms.EmailField(label=_("Email address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    place = forms.ChoiceField(
        label=_("Where"),
        help_text=_("School roles (coordinator, principal, staff, professional) need a school."),
    )
    is_backup = forms.BooleanField(
        label=_("Backup coordinator"),
        required=False,
        help_text=_("Alerted when a report waits too long for triage. Only for coordinators."),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=[("fr", "Français"), ("en", "English")]
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.schools = {str(s.pk): s for s in organisation.schools.all()}
        self.fields["place"].choices = [  # type: ignore[attr-defined]
            (f"org:{organisation.pk}", _("%(name)s (the organisation)") % {"name": organisation}),
            *[(f"school:{pk}", school.name) for pk, school in self.schools.items()],
        ]

    def clean_place(self) -> tuple[School | None, Organisation | None]:
        value: str = self.cleaned_data["place"]
        kind, _sep, pk = value.partition(":")
        if kind == "school" and pk in self.schools:
            return self.schools[pk], None
        return None, self.organisation


class AccountForm(ModelForm):
    """The person's own name, handle and language (a handle another account has or had is
    refused by the model's `clean`: handles are never reused)."""

    class Meta:
        model = User
        fields = [
            "first_name",
            "last_name",
            "handle",
            "preferred_language",
            "quiet_from",
            "quiet_until",
        ]
        widgets = {
            "quiet_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "quiet_from": _(
                "Reminders still appear under Alerts; their emails wait until your quiet hours "
                "end. Leave both empty for none."
            ),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("quiet_from") is None) != (cleaned.get("quiet_until") is None):
            self.add_error(
                "quiet_until", _("Give both the start and the end of your quiet hours, or neither.")
            )
        return cleaned
