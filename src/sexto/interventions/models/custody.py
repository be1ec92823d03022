"""Seized devices and their chain of custody (sealed envelopes; never their content)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sexto.core.fields import EncryptedTextField
from sexto.core.validators import no_embedded_images
from sexto.interventions.models.cases import (
    Case,
    CasePerson,
)


class Device(models.Model):
    """A seized device, sealed in a numbered envelope without anyone looking at it."""

    class Status(models.TextChoices):
        IN_CUSTODY = "in_custody", _("In the school's custody")
        HANDED_TO_POLICE = "handed_to_police", _("Handed to the police")
        RETURNED = "returned", _("Returned to its owner")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="devices")
    description = EncryptedTextField(validators=[no_embedded_images])
    owner = models.ForeignKey(
        CasePerson, on_delete=models.PROTECT, null=True, blank=True, related_name="devices"
    )
    owner_text = EncryptedTextField(blank=True, validators=[no_embedded_images])
    seized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    seized_at = models.DateTimeField()
    seized_where = EncryptedTextField(blank=True, validators=[no_embedded_images])
    envelope_number = models.CharField(max_length=40)
    # Follows the custody links' places (a person's home once returned): encrypted like them.
    storage_place = EncryptedTextField(validators=[no_embedded_images])
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_CUSTODY)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["seized_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "envelope_number"], name="device_envelope"),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.envelope_number}"


class CustodyEvent(models.Model):
    """One link of a device's chain of custody, with who received it and signed for it."""

    class Kind(models.TextChoices):
        SEIZED = "seized", _("Seized and sealed")
        TRANSFERRED = "transferred", _("Transferred")
        HANDED_TO_POLICE = "handed_to_police", _("Handed to the police")
        RETURNED = "returned", _("Returned")

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="custody")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Who received the device and where can name a student or a parent: encrypted like names.
    to_name = EncryptedTextField(blank=True, validators=[no_embedded_images])
    receipt_signed_by = EncryptedTextField(blank=True, validators=[no_embedded_images])
    place = EncryptedTextField(blank=True, validators=[no_embedded_images])
    note = EncryptedTextField(blank=True, validators=[no_embedded_images])

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.device}: {self.kind}"
