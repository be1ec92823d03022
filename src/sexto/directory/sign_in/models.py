"""An organisation's own sign-in provider (OpenID Connect)."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from sexto.core.fields import EncryptedTextField
from sexto.directory.models import Organisation, User


class IdentityProvider(models.Model):
    """An organisation's own sign-in (OpenID Connect: Microsoft Entra ID, Google Workspace…),
    configured by its administrator. Sexto builds allauth's app from it in memory
    (directory/sign_in/social.py): the client secret is only ever stored encrypted, here."""

    class Kind(models.TextChoices):
        ENTRA_ID = "entra_id", _("Microsoft Entra ID")
        GOOGLE_WORKSPACE = "google_workspace", _("Google Workspace")
        OTHER = "other", _("Other OpenID Connect provider")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="identity_provider",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    display_name = models.CharField(
        _("name shown on the sign-in button"),
        max_length=80,
        help_text=_("People read “Sign in with <name>”, e.g. your school board’s name."),
    )
    issuer = models.URLField(
        _("issuer URL"),
        max_length=300,
        help_text=_(
            "The provider’s issuer, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 or "
            "https://accounts.google.com."
        ),
    )
    client_id = models.CharField(_("client ID"), max_length=200)
    client_secret = EncryptedTextField(_("client secret"), blank=True)
    enabled = models.BooleanField(_("enabled"), default=False)
    idp_enforces_mfa = models.BooleanField(
        _("the provider enforces a second factor"),
        default=False,
        help_text=_(
            "Tick only if your provider asks every member for a second factor at each sign-in. "
            "Sexto then no longer asks its own code after a sign-in through it."
        ),
    )
    mfa_declared_by = models.ForeignKey(
        User,
        verbose_name=_("second factor declared by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    mfa_declared_at = models.DateTimeField(_("second factor declared at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects: ClassVar[models.Manager[IdentityProvider]] = models.Manager()

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def audit_chain(self) -> str:
        return self.organisation.audit_chain
