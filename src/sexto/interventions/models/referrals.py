"""The referral to the police force and the SEXTO awareness meetings the DPCP orders."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sexto.core.fields import EncryptedTextField
from sexto.core.validators import no_embedded_images
from sexto.directory.models import Organisation
from sexto.interventions.models.cases import (
    Case,
    CasePerson,
)


class Referral(models.Model):
    """The case referred to the police force serving the school's territory (one at a time)."""

    class Determination(models.TextChoices):
        """The outcome the police and the DPCP reach (DESIGN.md, "The flow of a case", step 6).
        The field keeps its first name: "impulsive" and "malicious" were stored before the
        other outcomes existed. Transitions: interventions.outcomes."""

        PENDING = "", _("Awaiting the police and DPCP outcome")
        IMPULSIVE = "impulsive", _("Impulsive: educational track (SEXTO awareness meetings)")
        MALICIOUS = "malicious", _("Malicious: criminal investigation")
        NO_OFFENCE = "no_offence", _("No offence or no further action")
        EXTRAJUDICIAL = (
            "extrajudicial",
            _("Extrajudicial measures or sanctions (Youth Criminal Justice Act)"),
        )
        CHARGES = "charges", _("Charges laid")
        OTHER = "other", _("Other outcome")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    police_force = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(default=timezone.now)
    police_contacted_at = models.DateTimeField()
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    police_file_number = models.CharField(max_length=60, blank=True)
    determination = models.CharField(
        max_length=16, choices=Determination.choices, blank=True, default=""
    )
    # The DPCP's first determination (the delays count to it); outcome_at: when the outcome
    # shown now was recorded (the investigation's end, a correction).
    determined_at = models.DateTimeField(null=True, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    # What the "other" outcome is, in the liaison's words (it may name a person: encrypted).
    determination_other = EncryptedTextField(blank=True, validators=[no_embedded_images])
    determination_note = EncryptedTextField(blank=True, validators=[no_embedded_images])
    investigation_opened_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-referred_at"]
        indexes = [models.Index(fields=["police_force", "acknowledged_at", "determination"])]

    def __str__(self) -> str:
        return f"{self.case} → {self.police_force}"


class AwarenessMeeting(models.Model):
    """A SEXTO awareness meeting after an impulsive determination: each youth individually, with
    a parent or guardian (the victim too)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="meetings")
    person = models.ForeignKey(CasePerson, on_delete=models.PROTECT, related_name="meetings")
    with_guardian = EncryptedTextField(blank=True, validators=[no_embedded_images])
    scheduled_at = models.DateTimeField()
    held_at = models.DateTimeField(null=True, blank=True)
    # Why the meeting did not take place (the family refused, the young person moved away...):
    # a meeting the DPCP ordered is settled for closure once held, or once this says why not.
    not_held_reason = EncryptedTextField(blank=True, validators=[no_embedded_images])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["scheduled_at"]

    def __str__(self) -> str:
        return f"{self.referral}: {self.person}"
