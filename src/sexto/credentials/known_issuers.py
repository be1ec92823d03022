"""Issuers a verifier of this site may name: other platforms' DIDs that platform administrators
recognise (issue 17). Not trust in a signature, only a name shown beside it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class KnownIssuer(models.Model):
    did = models.CharField(_("DID"), max_length=500, unique=True)
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects: models.Manager[KnownIssuer] = models.Manager()  # declared: defined outside models.py

    class Meta:
        app_label = "credentials"
        verbose_name = _("known issuer")
        verbose_name_plural = _("known issuers")
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} ({self.did})"
