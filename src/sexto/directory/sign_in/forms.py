"""The organisation's sign-in provider form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sexto.core.forms import Form
from sexto.directory.sign_in.models import IdentityProvider


class IdentityProviderForm(Form):
    """An organisation's sign-in through its own OpenID Connect provider. The secret is never
    shown back: left empty, the stored one is kept."""

    kind = forms.ChoiceField(label=_("Provider"), choices=IdentityProvider.Kind.choices)
    display_name = forms.CharField(
        label=_("Name on the sign-in button"),
        max_length=80,
        help_text=_("People read “Sign in with <name>”, e.g. your school board’s name."),
    )
    issuer = forms.URLField(
        label=_("Issuer URL"),
        max_length=300,
        assume_scheme="https",
        help_text=_(
            "Microsoft Entra ID: https://login.microsoftonline.com/<tenant ID>/v2.0 — "
            "Google Workspace: https://accounts.google.com"
        ),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=200)
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted, never shown again. Leave empty to keep the current one."),
    )
    enabled = forms.BooleanField(
        label=_("Show “Sign in with …” on the sign-in page"), required=False
    )
    idp_enforces_mfa = forms.BooleanField(
        label=_("Our provider asks every member for a second factor"),
        required=False,
        help_text=_(
            "Tick only if your provider enforces a second factor for every member at each "
            "sign-in. Sexto then stops asking for its own code after a sign-in through it. "
            "Your name and the time are recorded."
        ),
    )

    def __init__(self, *args: Any, has_secret: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_secret = has_secret
        if not has_secret:
            self.fields["client_secret"].help_text = _("Stored encrypted, never shown again.")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("enabled") and not (cleaned.get("client_secret") or self.has_secret):
            self.add_error(
                "client_secret",
                _("Enter the client secret your provider gave you before enabling sign-in."),
            )
        return cleaned
