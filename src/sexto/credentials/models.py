"""Credentials: awards (a badge issued to a learner for an approved level)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sexto.training.models import Level, Submission


class Award(models.Model):
    """A badge issued to a person, with a snapshot of the evidence taken at award time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    level = models.ForeignKey(
        Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="awards"
    )
    badge_slug = models.SlugField(_("badge"), max_length=80, db_index=True)
    issued_at = models.DateTimeField(_("issued at"))
    # The answers (or simulation scores) as approved: later edits of the level never change it.
    evidence = models.JSONField(_("evidence"), default=dict)
    # The name and handle the member had when the badge was awarded: attestations, verification
    # and profile links read these, so a later change of name or handle never rewrites the past.
    recipient_name = models.CharField(
        _("recipient's name at award time"), max_length=301, blank=True
    )
    recipient_handle = models.CharField(
        _("recipient's handle at award time"), max_length=40, blank=True
    )
    submission = models.OneToOneField(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.PROTECT,
        related_name="award",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.badge_slug} — {self.recipient}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Whoever creates an award, it takes the member's name and handle as they are now.
        if self._state.adding and not self.recipient_handle:
            self.recipient_name = self.recipient.get_full_name()
            self.recipient_handle = self.recipient.handle
        super().save(*args, **kwargs)


from sexto.credentials.issuing_models import *  # noqa: E402, F403  (issuing, same app)
