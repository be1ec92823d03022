"""The privacy-incident register (Quebec's public-sector privacy law, as amended in 2021).

A "confidentiality incident" is any access, use or communication of personal information not
authorised by law, or its loss. The organisation keeps a register of them, assesses whether the
incident presents a risk of serious injury (from the sensitivity of the information, the
anticipated consequences of its use and the likelihood it will be misused) and, if it does,
notifies the Commission d'accès à l'information and the people concerned.

What describes people (what happened, who reported it, who is affected, the reasoning) is
encrypted at rest; what the register's list needs (dates, status, counts, the decision) is plain.
Every save writes a new version (an encrypted snapshot) and an audit event.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sexto.core.fields import EncryptedTextField
from sexto.core.validators import no_embedded_images
from sexto.directory.models import Organisation


class Level(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class PrivacyIncident(models.Model):
    """One confidentiality incident in an organisation's register."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being handled")
        CLOSED = "closed", _("Closed")

    class SeriousInjury(models.TextChoices):
        NOT_ASSESSED = "", _("Not assessed yet")
        YES = "yes", _("Yes: risk of serious injury")
        NO = "no", _("No risk of serious injury")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="privacy_incidents",
    )
    reference = models.CharField(_("reference"), max_length=20)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    what_happened = EncryptedTextField(_("what happened"), validators=[no_embedded_images])
    information_involved = EncryptedTextField(
        _("personal information involved"), blank=True, validators=[no_embedded_images]
    )
    occurred_at = models.DateTimeField(_("when it happened"))
    discovered_at = models.DateTimeField(_("when it was discovered"))
    reported_by = EncryptedTextField(_("who reported it"), validators=[no_embedded_images])
    people_affected_count = models.PositiveIntegerField(_("number of people affected"))
    people_affected = EncryptedTextField(
        _("people affected"), blank=True, validators=[no_embedded_images]
    )
    measures = EncryptedTextField(
        _("measures taken to reduce the harm"), blank=True, validators=[no_embedded_images]
    )
    # Risk of serious injury: the three factors the law names, then the decision and its reasons.
    sensitivity = models.CharField(
        _("sensitivity of the information"), max_length=8, choices=Level.choices, blank=True
    )
    consequences = EncryptedTextField(
        _("anticipated consequences of its use"), blank=True, validators=[no_embedded_images]
    )
    misuse_likelihood = models.CharField(
        _("likelihood it will be misused"), max_length=8, choices=Level.choices, blank=True
    )
    serious_injury = models.CharField(
        _("risk of serious injury"),
        max_length=4,
        choices=SeriousInjury.choices,
        blank=True,
        default="",
    )
    risk_reasoning = EncryptedTextField(
        _("reasons for the assessment"), blank=True, validators=[no_embedded_images]
    )
    assessed_at = models.DateTimeField(_("assessed on"), null=True, blank=True)
    closing_note = EncryptedTextField(
        _("closing note"), blank=True, validators=[no_embedded_images]
    )
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("privacy incident")
        verbose_name_plural = _("privacy incidents")
        ordering = ["-discovered_at"]
        indexes = [models.Index(fields=["organisation", "status", "discovered_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="privacy_incident_reference"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def audit_chain(self) -> str:
        return self.organisation.audit_chain


class IncidentNotification(models.Model):
    """A notification made about an incident: to the Commission, to the people affected…"""

    class Recipient(models.TextChoices):
        COMMISSION = "cai", _("Commission d'accès à l'information")
        AFFECTED_PEOPLE = "affected", _("The people affected")
        OTHER = "other", _("Another body (police, insurer, partner…)")

    class Channel(models.TextChoices):
        FORM = "form", _("The Commission's notice form")
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        IN_PERSON = "in_person", _("In person")
        PUBLIC_NOTICE = "public_notice", _("Public notice")
        NOT_NOTIFIED = "not_notified", _("Not notified (the reason is in the note)")

    incident = models.ForeignKey(
        PrivacyIncident, on_delete=models.CASCADE, related_name="notifications"
    )
    recipient = models.CharField(_("notified"), max_length=10, choices=Recipient.choices)
    at = models.DateTimeField(_("when"))
    channel = models.CharField(_("how"), max_length=16, choices=Channel.choices)
    note = EncryptedTextField(_("note"), blank=True, validators=[no_embedded_images])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("incident notification")
        verbose_name_plural = _("incident notifications")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.incident}: {self.recipient}"


class PrivacyIncidentVersion(models.Model):
    """The incident as saved at one moment (encrypted JSON snapshot): edits never erase."""

    incident = models.ForeignKey(PrivacyIncident, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    saved_at = models.DateTimeField(default=timezone.now)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=30)
    changed_fields = models.JSONField(default=list)
    snapshot = EncryptedTextField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "number"], name="incident_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.incident} v{self.number}"
