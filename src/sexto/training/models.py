"""Training: programs, levels, modules, enrolments, submissions, reviews.

The simulations' models live in simulation_models (another owner), imported below.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sexto.training.simulation_models import *  # noqa: F403  (one app, two owners' modules)


def bilingual(instance: Any, field: str) -> str:
    """The field in the active language, or the other language when that one is empty."""
    language = (translation.get_language() or "fr")[:2]
    first, second = ("en", "fr") if language == "en" else ("fr", "en")
    return str(getattr(instance, f"{field}_{first}") or getattr(instance, f"{field}_{second}"))


class Program(models.Model):
    """A training program (e.g. the Sexto response kit), authored by trainers in the admin."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_fr = models.TextField(_("summary (French, Markdown)"), blank=True)
    summary_en = models.TextField(_("summary (English, Markdown)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Learners only see published programs.")
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual(self, "title")

    @property
    def summary(self) -> str:
        return bilingual(self, "summary")


class Level(models.Model):
    """A level of a program: modules to read, then a proof (reflective answers or simulations)."""

    class ProofKind(models.TextChoices):
        REFLECTIVE = "reflective", _("Reflective answers")
        SIMULATION = "simulation", _("Scored simulations")
        NONE = "none", _("No proof yet")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="levels"
    )
    slug = models.SlugField(_("short name"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_fr = models.TextField(_("description (French, Markdown)"), blank=True)
    description_en = models.TextField(_("description (English, Markdown)"), blank=True)
    # What a learner must do to earn the badge, as enforced (the badge's criteria, OB3/OB2).
    criteria_fr = models.TextField(_("criteria (French)"), blank=True)
    criteria_en = models.TextField(_("criteria (English)"), blank=True)
    is_open = models.BooleanField(
        _("open to learners"),
        default=False,
        help_text=_(
            "Learners can take an open level; a level not open is announced as coming (no "
            "enrolment, no proof)."
        ),
    )
    proof_kind = models.CharField(
        _("proof"), max_length=12, choices=ProofKind.choices, default=ProofKind.NONE
    )
    min_answer_length = models.PositiveSmallIntegerField(
        _("minimum answer length (characters)"),
        default=200,
        validators=[MinValueValidator(1)],
        help_text=_("Each reflective answer must be at least this long; learners are told."),
    )
    # Blank: the badge never expires. Snapshot on the award at approval (credential validUntil).
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How long the badge stays valid, e.g. 36; blank: it never expires."),
    )
    badge_slug = models.SlugField(
        _("badge short name"),
        max_length=80,
        blank=True,
        help_text=_("The badge awarded on approval, e.g. sexto-explorateur. Empty: no badge."),
    )
    prerequisites = models.ManyToManyField(
        "self",
        verbose_name=_("prerequisite levels"),
        symmetrical=False,
        blank=True,
        related_name="unlocks",
        help_text=_("Levels the learner must have had approved before submitting this one."),
    )

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["program", "position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["program", "slug"], name="level_slug_unique_in_program")
        ]

    def __str__(self) -> str:
        return f"{self.program.slug} — {self.title}"

    @property
    def title(self) -> str:
        return bilingual(self, "title")

    @property
    def description(self) -> str:
        return bilingual(self, "description")

    @property
    def criteria(self) -> str:
        return bilingual(self, "criteria")

    def badge_name_in(self, language: str) -> str:
        """'Sexto response kit 1 - Explorateur': program, level number and title, in ``language``
        (the other language when that one is empty)."""
        program_title = getattr(self.program, f"title_{language}") or self.program.title
        level_title = getattr(self, f"title_{language}") or self.title
        return f"{program_title} {self.position} - {level_title}"


class Module(models.Model):
    """A page of bilingual content within a level, read in order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    level = models.ForeignKey(
        Level, verbose_name=_("level"), on_delete=models.CASCADE, related_name="modules"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_fr = models.TextField(_("content (French, Markdown)"))
    body_en = models.TextField(_("content (English, Markdown)"))

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["level", "position", "title_fr"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual(self, "title")

    @property
    def body(self) -> str:
        return bilingual(self, "body")


class ProofRound(models.TextChoices):
    """Which proof a question belongs to, or a submission is: the first one, or the short
    refresher that renews a badge about to expire (issue 17), reviewed the same way."""

    FIRST = "first", _("First proof")
    RENEWAL = "renewal", _("Renewal")


class Question(models.Model):
    """One question of a level's reflective proof (or of its renewal refresher)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    level = models.ForeignKey(
        Level, verbose_name=_("level"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    round = models.CharField(
        _("proof"),
        max_length=10,
        choices=ProofRound.choices,
        default=ProofRound.FIRST,
        help_text=_("The first proof, or the short refresher a member answers to renew the badge."),
    )
    prompt_fr = models.CharField(_("question (French)"), max_length=300)
    prompt_en = models.CharField(_("question (English)"), max_length=300)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["level", "round", "position"]

    def __str__(self) -> str:
        return self.prompt

    @property
    def prompt(self) -> str:
        return bilingual(self, "prompt")

    @property
    def field_name(self) -> str:
        if self.round == ProofRound.RENEWAL:
            return f"renewal_answer_{self.position}"
        return f"answer_{self.position}"


class Enrolment(models.Model):
    """A learner following a level: which modules they read, where to resume, their draft."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="training_enrolments",
    )
    level = models.ForeignKey(
        Level, verbose_name=_("level"), on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(_("enrolled at"))
    last_module = models.ForeignKey(
        Module, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The reflective answers being written ({"answer_1": "…"}); sent answers are on Submission.
    draft_answers = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "level"], name="enrolment_once_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.level}"


class ModuleRead(models.Model):
    """A module a learner marked read, and when."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reads")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="reads")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="module_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} — {self.module}"


class Submission(models.Model):
    """One sent proof, kept as sent; a resubmission is a new row (every version and decision
    is kept)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="submissions"
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    # A renewal is a short refresher sent when the badge is about to expire (or has): reviewed
    # like the first proof; its approval issues a new award that renews the old one.
    round = models.CharField(
        _("proof"), max_length=10, choices=ProofRound.choices, default=ProofRound.FIRST
    )
    # [{"position": 1, "prompt_fr": "…", "prompt_en": "…", "answer": "…"}], as sent.
    answers = models.JSONField(_("answers"), default=list, blank=True)
    # A simulation level's evidence (scores of the attempts), as returned by the simulations.
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    # The member's choice at submission: their approved answers may go in the credential.
    evidence_consent = models.BooleanField(_("answers in the credential"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at"]
        constraints = [
            # One submission under review at a time, and one approval of the first proof, per
            # learner and level (each renewal is approved once more, years apart).
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status="submitted"),
                name="submission_one_under_review",
            ),
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status="approved", round="first"),
                name="submission_one_approved",
            ),
            models.UniqueConstraint(fields=["enrolment", "attempt"], name="submission_attempt"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} #{self.attempt}"

    @property
    def learner(self) -> Any:
        return self.enrolment.user

    @property
    def level(self) -> Level:
        return self.enrolment.level

    @property
    def is_renewal(self) -> bool:
        return self.round == ProofRound.RENEWAL

    def evidence_snapshot(self) -> dict[str, Any]:
        """What an award keeps of this submission: the answers as sent, or the simulations."""
        level = self.enrolment.level
        return {
            "program": level.program.slug,
            "level": level.slug,
            "level_title": {"fr": level.title_fr, "en": level.title_en},
            "submission": str(self.pk),
            "attempt": self.attempt,
            "submitted_at": self.submitted_at.isoformat(),
            "answers": self.answers,
            "simulations": self.evidence,
            "evidence_consent": self.evidence_consent,
            "validity_months": level.validity_months,
            "renewal": self.is_renewal,
        }


class Review(models.Model):
    """A reviewer's decision on a submission, with their comments. Never edited."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.PROTECT, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="training_reviews",
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comments"), blank=True)
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["decided_at"]
        constraints = [
            # A submission is decided once; the learner resubmits as a new submission.
            models.UniqueConstraint(fields=["submission"], name="review_once_per_submission")
        ]

    def __str__(self) -> str:
        return f"{self.submission} — {self.get_decision_display()}"
