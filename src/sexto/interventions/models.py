"""The Sexto kit's records: intakes, cases, their team, steps, people and chronology.

No model here has a file field, and narrative fields refuse embedded images: no sexual image of a
young person ever enters the system. Names and narratives are encrypted at rest; what lists and
statistics need (school, dates, states, route, nature, rules version) stays in plain columns.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sexto.core.fields import EncryptedTextField
from sexto.core.validators import no_embedded_images
from sexto.directory.models import Organisation, School


class SimulationAwareQuerySet(models.QuerySet[Any]):
    def real(self) -> SimulationAwareQuerySet:
        return self.filter(simulation=False)


class RealOnlyManager(models.Manager[Any]):
    """The default manager: simulations are invisible to every real selector and statistic."""

    def get_queryset(self) -> SimulationAwareQuerySet:
        return SimulationAwareQuerySet(self.model, using=self._db).filter(simulation=False)


class Intake(models.Model):
    """A staff member's report (FR « déclaration », never « signalement », which in Quebec schools
    means a report to the DPJ): who told them what, when. Never images. References are
    `DEC-YYYY-NNNNN`; reports filed before that prefix keep their `SIG-YYYY-NNNNN`."""

    class Status(models.TextChoices):
        NEW = "new", _("Awaiting triage")
        OPENED = "opened", _("Case opened")
        CLOSED = "closed", _("Closed without a case")
        # Where the territory has no police–DPCP agreement, the kit cannot be used: the
        # coordinator called the police directly and records it instead of closing "without a case".
        POLICE_DIRECT = "police_direct", _("Police called directly")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Unique per file holder (the counter's row lock), not across holders: each counts from 1.
    reference = models.CharField(max_length=20, null=True, blank=True, db_index=True)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="intakes")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="intakes_reported"
    )
    created_at = models.DateTimeField(default=timezone.now)
    told_at = models.DateTimeField(_("when were you told?"))
    told_by = EncryptedTextField(_("who told you?"), validators=[no_embedded_images])
    account = EncryptedTextField(_("what was said"), validators=[no_embedded_images])
    students = EncryptedTextField(
        _("students involved"), blank=True, validators=[no_embedded_images]
    )
    circulation = EncryptedTextField(
        _("where the content circulates"), blank=True, validators=[no_embedded_images]
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    closed_reason = EncryptedTextField(
        _("reason for closing"), blank=True, validators=[no_embedded_images]
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intakes_triaged",
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    # Other staff of the school who also heard the facts: each keeps their own duty to report
    # to the DPJ (Youth Protection Act s.39), so each is a duty holder of the case.
    heard_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="intakes_heard",
        verbose_name=_("other staff who also heard the facts"),
    )
    # "Police called directly" (status POLICE_DIRECT): when, which force (the one serving the
    # territory, or another named in words), the police's file number. Plain columns, like a
    # referral's: they name no one.
    police_called_at = models.DateTimeField(null=True, blank=True)
    police_force = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intakes_called_directly",
        limit_choices_to={"kind": Organisation.Kind.POLICE_FORCE},
    )
    police_force_other = models.CharField(max_length=200, blank=True)
    police_file_number = models.CharField(max_length=60, blank=True)
    simulation = models.BooleanField(default=False, editable=False)

    objects: ClassVar[RealOnlyManager] = RealOnlyManager()
    all_objects: ClassVar[models.Manager[Intake]] = models.Manager()

    class Meta:
        ordering = ["-created_at"]
        base_manager_name = "all_objects"
        indexes = [models.Index(fields=["school", "status", "created_at"])]

    def __str__(self) -> str:
        return self.reference or str(self.pk)

    @property
    def audit_chain(self) -> str:
        return self.school.audit_chain

    @property
    def police_force_name(self) -> str:
        """The force called directly, as recorded: the directory's name, or the words typed."""
        return self.police_force.name if self.police_force is not None else self.police_force_other


class Case(models.Model):
    """A Sexto case. Numbered per file holder and year, gap-free; simulations get no number."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Unique per file holder (the constraint below): each holder counts from 1 every year.
    number = models.CharField(max_length=20, null=True, blank=True)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="cases")
    holder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    intake = models.OneToOneField(
        Intake, on_delete=models.PROTECT, null=True, blank=True, related_name="case"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_opened"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases_led",
        null=True,
        blank=True,
    )
    summary = EncryptedTextField(_("summary"), validators=[no_embedded_images])
    # The grid, as answered and as computed, with the rules' version it was computed with.
    grid_answers = EncryptedTextField(blank=True)
    grid_result = EncryptedTextField(blank=True)
    grid_rules_version = models.CharField(max_length=12, blank=True)
    grid_evaluated_at = models.DateTimeField(null=True, blank=True)
    route = models.CharField(max_length=24, blank=True)
    nature = models.CharField(max_length=16, blank=True)
    youth_protection = models.CharField(max_length=16, blank=True)
    decided_route = models.CharField(max_length=24, blank=True)
    decision_justification = EncryptedTextField(blank=True, validators=[no_embedded_images])
    police_contacted_at = models.DateTimeField(null=True, blank=True)
    # On the police_immediately route, the police's go-ahead to tell a suspect's parents: when,
    # from which officer (encrypted, like every name), recorded by whom.
    police_go_ahead_at = models.DateTimeField(null=True, blank=True)
    police_go_ahead_from = EncryptedTextField(blank=True, validators=[no_embedded_images])
    police_go_ahead_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The police and DPCP outcome of the latest referral (Referral.Determination), for lists and
    # statistics.
    determination = models.CharField(max_length=16, blank=True)
    determined_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = EncryptedTextField(blank=True, validators=[no_embedded_images])
    # Education Act s.96.12: the principal sends the director general a summary report of each
    # complaint; the date it was sent (recorded by the principal).
    dg_report_sent_on = models.DateField(null=True, blank=True)
    simulation = models.BooleanField(default=False, editable=False)
    version = models.PositiveIntegerField(default=1)

    objects: ClassVar[RealOnlyManager] = RealOnlyManager()
    all_objects: ClassVar[models.Manager[Case]] = models.Manager()

    class Meta:
        ordering = ["-opened_at"]
        base_manager_name = "all_objects"
        indexes = [
            models.Index(fields=["school", "status", "opened_at"]),
            models.Index(fields=["holder", "opened_at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["holder", "number"], name="case_number_per_holder"),
        ]

    def __str__(self) -> str:
        return self.number or str(_("Simulation"))

    @property
    def audit_chain(self) -> str:
        return f"org:{self.holder_id}"

    @property
    def effective_route(self) -> str:
        return self.decided_route or self.route


class CaseMember(models.Model):
    """Someone on the team beyond the school's principal and coordinators (DESIGN.md)."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", _("Invited professional")
        LEARNER = "learner", _("Learner (simulation)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_memberships"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"],
                condition=models.Q(removed_at__isnull=True),
                name="case_member_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.case}"


class CaseStep(models.Model):
    """One step of the kit's procedure: done or not applicable (with why), by whom, when."""

    class State(models.TextChoices):
        PENDING = "pending", _("To do")
        DONE = "done", _("Done")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(max_length=40)
    position = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    due_at = models.DateTimeField(null=True, blank=True)
    # The route's plan (procedure.plan_for): a proposal to mark the step not applicable, for a
    # reason the coordinator confirms or changes (a key of procedure.PROPOSALS), and what the
    # route adds to the step's instructions (a key of procedure.PLAN_NOTES).
    proposal = models.CharField(max_length=40, blank=True)
    plan_note = models.CharField(max_length=40, blank=True)
    note = EncryptedTextField(blank=True, validators=[no_embedded_images])
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="case_step_once")]

    def __str__(self) -> str:
        return f"{self.case}: {self.key}"

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        return (
            self.state == self.State.PENDING
            and self.due_at is not None
            and self.due_at < (now or timezone.now())
        )


class CasePerson(models.Model):
    """A student (or adult) involved. The name is encrypted; a keyed blind index matches it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    label = models.CharField(max_length=20)
    name = EncryptedTextField(validators=[no_embedded_images])
    name_index = models.CharField(max_length=64, db_index=True)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    grade = models.CharField(max_length=20, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    roles = models.JSONField(default=list)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["label"]
        constraints = [models.UniqueConstraint(fields=["case", "label"], name="case_person_label")]

    def __str__(self) -> str:
        return f"{self.case}: {self.label}"


class ChronologyEntry(models.Model):
    """The case's story for its team, newest first (the audit log is the separate evidence)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="chronology")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    kind = models.CharField(max_length=40)
    text = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at"])]

    def __str__(self) -> str:
        return f"{self.case}: {self.kind}"


class Notification(models.Model):
    """An in-app alert: a link and a neutral sentence, never case content."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40)
    url = models.CharField(max_length=200)
    reference = models.CharField(max_length=20, blank=True)
    # The email's neutral subject as a msgid (gettext_noop): translated when the alert is shown.
    subject = models.CharField(max_length=160, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user}"


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
