"""Intakes, cases, their team, steps, people, chronology and in-app notifications."""

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
    # A case accepted from another holder keeps its number behind its first school's ministry
    # code (services/transfer.py): up to 9 digits, a hyphen, then the number.
    number = models.CharField(max_length=32, null=True, blank=True)
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
    reference = models.CharField(max_length=32, blank=True)
    # The email's neutral subject as a msgid (gettext_noop): translated when the alert is shown.
    subject = models.CharField(max_length=160, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user}"
