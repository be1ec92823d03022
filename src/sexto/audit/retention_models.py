"""Legal holds and destruction records (retention). Like audit events, they name their target
by key (`interventions.case`, its id) and by its reference (a case number), never by model."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sexto.core.fields import EncryptedTextField


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def active(self) -> LegalHoldQuerySet:
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """A privacy officer's hold on a record (litigation, an access request, an inquiry): while it
    is in force, retention never destroys the record. Placed and lifted with a reason."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    # The target's file-holder chain: every event about the hold is recorded there.
    chain = models.CharField(max_length=64)
    reference = models.CharField(max_length=32)
    # Reasons may name people (a court file, a requester): encrypted at rest.
    reason = EncryptedTextField(_("reason"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="legal_holds_placed"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_holds_lifted",
    )
    lift_reason = EncryptedTextField(_("reason for lifting"), blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_at"]
        indexes = [models.Index(fields=["target_type", "target_id", "lifted_at"])]

    def __str__(self) -> str:
        return f"hold {self.reference}"

    @property
    def audit_chain(self) -> str:
        return self.chain


class DestructionRecord(models.Model):
    """What retention destroyed, without personal data: the record's type, id and reference
    (a case number is an administrative number, not information about a person), its file
    holder, when it was closed, the rule applied and how many rows of each kind went with it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    destroyed_at = models.DateTimeField(default=timezone.now)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    reference = models.CharField(max_length=32, blank=True)
    chain = models.CharField(max_length=64)
    rule = models.CharField(max_length=32)
    retention_years = models.PositiveSmallIntegerField()
    closed_at = models.DateTimeField()
    rows = models.JSONField(default=dict)
    actor = models.CharField(max_length=64, default="system")

    class Meta:
        verbose_name = _("destruction record")
        verbose_name_plural = _("destruction records")
        ordering = ["-destroyed_at"]
        indexes = [models.Index(fields=["chain", "destroyed_at"])]

    def __str__(self) -> str:
        return f"destroyed {self.reference or self.target_id}"
