"""Forms of credentials: the member's profile choices, the CSV of historical awards, and a
trainer's revocation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sexto.core.forms import Form
from sexto.credentials.imports import MAX_BYTES


class MemberProfileForm(Form):
    public = forms.BooleanField(
        label=_("Public profile"),
        required=False,
        help_text=_(
            "Anyone may see your profile page, the badges it lists and their attestations."
        ),
    )
    show_name = forms.BooleanField(
        label=_("Show my name in my credentials"),
        required=False,
        help_text=_(
            "Your name appears on your profile, your attestations and badges issued from now "
            "on. Otherwise only your handle does."
        ),
    )


class AwardImportForm(Form):
    file = forms.FileField(label=_("CSV file"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("UTF-8 CSV, %(size)d KB at most.") % {
            "size": MAX_BYTES // 1024
        }

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)d KB at most): split it into several files."),
                params={"size": MAX_BYTES // 1024},
            )
        return upload


class RevokeForm(Form):
    # Suspension is lifted from the same form; the service refuses what does not apply.
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("revoke", _("Revoke (final)")),
            ("suspend", _("Suspend (can be lifted)")),
            ("lift", _("Lift the suspension")),
        ],
        initial="revoke",
        required=False,  # absent means revoke (the page's first and older form)
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Kept in the records; never shown on the public page."),
    )
