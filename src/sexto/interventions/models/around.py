"""The people around a case: DPJ duty records, parents informed, support, takedowns, measures."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sexto.core.fields import EncryptedTextField
from sexto.core.validators import no_embedded_images
from sexto.interventions.models.cases import (
    Case,
    CasePerson,
)


class YouthProtectionReport(models.Model):
    """A person's own report to, or consultation of, youth protection (the duty is personal), or
    why they had no reasonable cause to believe a child's security or development is compromised."""

    class Kind(models.TextChoices):
        REPORT = "report", _("Report to the DPJ")
        CONSULTATION = "consultation", _("Consultation of the DPJ")
        # Stored as "not_done" (older entries): the law's words are the label.
        NOT_DONE = "not_done", _("No reasonable cause to believe")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="youth_reports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField()
    reference = EncryptedTextField(blank=True, validators=[no_embedded_images])
    why_not = EncryptedTextField(blank=True, validators=[no_embedded_images])

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.case}: {self.kind}"


class YouthProtectionReminder(models.Model):
    """One reminder of their DPJ duty sent to a duty holder for a case on a day (local date): the
    unique constraint keeps it to one per day per person per case, however often the jobs run."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="youth_reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[models.Manager[YouthProtectionReminder]] = models.Manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user", "day"], name="youth_reminder_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.day}"


class ParentNotification(models.Model):
    """Parents or guardians informed (who, when, how, summary), or why not."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        MEETING = "meeting", _("Meeting")
        VIDEO = "video", _("Video call")
        NOT_DONE = "not_done", _("Not informed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parent_notices")
    person = models.ForeignKey(
        CasePerson, on_delete=models.PROTECT, null=True, blank=True, related_name="parent_notices"
    )
    guardian = EncryptedTextField(blank=True, validators=[no_embedded_images])
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    summary = EncryptedTextField(blank=True, validators=[no_embedded_images])
    why_not = EncryptedTextField(blank=True, validators=[no_embedded_images])
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.case}: {self.channel}"


class SupportEntry(models.Model):
    """The victim's support plan: planned and held follow-ups, resources given."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="support")
    person = models.ForeignKey(
        CasePerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    planned_for = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    resources = models.JSONField(default=list)
    note = EncryptedTextField(blank=True, validators=[no_embedded_images])
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.case}: support"


class TakedownRequest(models.Model):
    """A request to remove the content: where, when, reference, status."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        REMOVED = "removed", _("Removed")
        REFUSED = "refused", _("Refused")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="takedowns")
    # Where the content was posted can name an account, hence a person: encrypted.
    where = EncryptedTextField(validators=[no_embedded_images])
    sent_at = models.DateTimeField()
    reference = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.SENT)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["sent_at"]

    def __str__(self) -> str:
        return f"{self.case}: {self.where}"


class EducationalMeasure(models.Model):
    """Education or restorative measures for the other students involved."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="measures")
    person = models.ForeignKey(
        CasePerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    what = EncryptedTextField(validators=[no_embedded_images])
    with_whom = EncryptedTextField(blank=True, validators=[no_embedded_images])
    planned_for = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["planned_for", "id"]

    def __str__(self) -> str:
        return f"{self.case}: measure"
