"""Append-only, hash-chained audit events. UPDATE and DELETE are refused by database triggers."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sexto.core.fields import EncryptedTextField

PLATFORM_CHAIN = "platform"


class AuditEvent(models.Model):
    """Who did or saw what, when. Columns enter the hash exactly as `chain.event_encode` says."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    chain = models.CharField(max_length=64)
    seq = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    actor = models.CharField(max_length=64)
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    request_id = models.CharField(max_length=64, null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    changes_digest = models.CharField(max_length=64, null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_event_chain_seq_unique"),
        ]
        indexes = [
            models.Index(fields=["target_type", "target_id", "occurred_at"]),
            models.Index(fields=["actor", "occurred_at"]),
            models.Index(fields=["hash"]),
        ]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.action}"


class AuditChainHead(models.Model):
    """The last event of each chain; its row lock serialises writers of that chain only."""

    chain = models.CharField(max_length=64, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq}"


class AuditCheckpoint(models.Model):
    """Where a pruned chain now starts: verification resumes from this sequence and hash."""

    chain = models.CharField(max_length=64, primary_key=True)
    seq = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    pruned_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.chain} from #{self.seq}"


class AccessGrant(models.Model):
    """Time-limited access to one record for someone outside its team, always with a reason: a
    grant given by the team, or a privacy officer's break-glass. The audit app keeps these (not
    the kit) so that who may see what beyond the team lives beside the evidence of who saw it;
    like audit events, it names its target by key. The row says what is in force now (revoking
    sets `revoked_at`); the history of giving, using and revoking it is on the audit chain."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Access grant")
        BREAK_GLASS = "break_glass", _("Break-glass access")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    # The target's file-holder chain, where every event about this grant is recorded.
    chain = models.CharField(max_length=64)
    # What people call the target (a case number): shown in lists and messages, never content.
    reference = models.CharField(max_length=32, blank=True)
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_grants"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_grants_given"
    )
    # Why: may name people, so encrypted at rest like case narratives.
    reason = EncryptedTextField(_("reason"))
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(_("ends at"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_grants_revoked",
    )

    class Meta:
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["grantee", "target_type", "target_id", "ends_at"]),
            models.Index(fields=["target_type", "target_id", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="access_grant_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference or self.target_id} → {self.grantee_id}"

    @property
    def audit_chain(self) -> str:
        return self.chain

    def is_live(self, at: datetime.datetime | None = None) -> bool:
        moment = at or timezone.now()
        return self.revoked_at is None and self.starts_at <= moment < self.ends_at

    @property
    def ended_at(self) -> datetime.datetime:
        """When access stopped (or will stop): revocation or the end date, whichever is first."""
        if self.revoked_at is not None and self.revoked_at < self.ends_at:
            return self.revoked_at
        return self.ends_at


# Retention (legal holds, destruction records): kept in their own module, one owner each.
from sexto.audit.retention_models import DestructionRecord, LegalHold  # noqa: E402, F401
