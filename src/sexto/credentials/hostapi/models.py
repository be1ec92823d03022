"""A host or backpack registered through OB 3.0 dynamic client registration: the metadata the
specification has it send, kept beside django-oauth-toolkit's Application."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import APPLICATION_MODEL


class HostClient(models.Model):
    """An OB 3.0 API client (RFC 7591 metadata); its OAuth side is the Application."""

    application = models.OneToOneField(
        APPLICATION_MODEL,
        verbose_name=_("OAuth application"),
        on_delete=models.CASCADE,
        related_name="host_client",
    )
    client_uri = models.URLField(_("client's site"), max_length=500)
    logo_uri = models.URLField(_("logo"), max_length=500, blank=True)
    tos_uri = models.URLField(_("terms of service"), max_length=500, blank=True)
    policy_uri = models.URLField(_("privacy policy"), max_length=500, blank=True)
    software_id = models.CharField(_("software"), max_length=200, blank=True)
    software_version = models.CharField(_("software version"), max_length=100, blank=True)
    # The scopes it registered for: it may ask members for these, never more.
    scope = models.CharField(_("scopes"), max_length=1000)
    token_endpoint_auth_method = models.CharField(
        _("token endpoint authentication"), max_length=40, default="client_secret_basic"
    )
    registered_at = models.DateTimeField(_("registered at"))

    class Meta:
        verbose_name = _("OB 3.0 API client")
        verbose_name_plural = _("OB 3.0 API clients")

    def __str__(self) -> str:
        return str(self.application.name)
