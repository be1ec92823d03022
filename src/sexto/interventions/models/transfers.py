"""A case handed to another school when the student changes school: at once within the file
holder, or proposed to another file holder's school, which accepts or refuses it."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sexto.core.fields import EncryptedTextField
from sexto.core.validators import no_embedded_images
from sexto.directory.models import School
from sexto.interventions.models.cases import Case


class CaseTransfer(models.Model):
    """Who transferred the case from which school to which, when; the old school's team reads
    it (read only) until `read_only_until`. Within the file holder a transfer is accepted at
    once; to another holder's school it stays pending until that school accepts or refuses it
    (or the proposer withdraws it). The case keeps its number (see services/transfer.py)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the receiving school")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    to_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    # Who transferred it (within the holder) or proposed it (to another holder).
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # When it was proposed, then (once accepted) when it took effect.
    transferred_at = models.DateTimeField(default=timezone.now)
    # Set when accepted: the old school's team reads the case until then.
    read_only_until = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACCEPTED)
    # Why the student moved, as the proposer put it for the receiving school (no names).
    reason = EncryptedTextField(blank=True, validators=[no_embedded_images])
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = EncryptedTextField(blank=True, validators=[no_embedded_images])
    # The case's number before it moved to another holder (it then carries its origin's code).
    number_before = models.CharField(max_length=32, blank=True)

    objects: ClassVar[models.Manager[CaseTransfer]] = models.Manager()

    class Meta:
        ordering = ["-transferred_at"]
        indexes = [models.Index(fields=["case", "read_only_until"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="pending"),
                name="case_transfer_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.from_school_id} → {self.to_school_id} ({self.status})"

    @property
    def across_holders(self) -> bool:
        return self.from_school.organisation_id != self.to_school.organisation_id
