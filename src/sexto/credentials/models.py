"""Credentials: awards (a badge issued to a learner for an approved level), and what issuing
them keeps: issuer keys, signed OB3 credentials, status lists, revocations, member profiles."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sexto.core.fields import EncryptedTextField
from sexto.directory.models import Organisation
from sexto.training.models import Level, Submission

SNAPSHOT_LANGUAGES = ("fr", "en")


def criteria_default(language: str) -> str:
    """The criteria of a level that words none of its own (what every badge said before levels
    had criteria), in ``language``."""
    with translation.override(language):
        return gettext(
            "Read every module of the level, answer its proof, and have the answers approved "
            "by a trainer."
        )


def level_snapshot_of(level: Level) -> dict[str, Any]:
    """What an award keeps of its level, in each language the attestation is shown in: the
    level's number and title, the badge's name, the description and the criteria."""
    snapshot: dict[str, Any] = {"position": level.position}
    for key in ("title", "badge_name", "description", "criteria"):
        snapshot[key] = {}
    for language in SNAPSHOT_LANGUAGES:
        other = "en" if language == "fr" else "fr"
        snapshot["title"][language] = (
            getattr(level, f"title_{language}") or getattr(level, f"title_{other}") or ""
        )
        snapshot["badge_name"][language] = level.badge_name_in(language)
        snapshot["description"][language] = (
            getattr(level, f"description_{language}")
            or getattr(level, f"description_{other}")
            or ""
        ).strip()
        snapshot["criteria"][language] = (
            getattr(level, f"criteria_{language}")
            or getattr(level, f"criteria_{other}")
            or criteria_default(language)
        ).strip()
    return snapshot


class Award(models.Model):
    """A badge issued to a person, with a snapshot of the evidence taken at award time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    level = models.ForeignKey(
        Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="awards"
    )
    badge_slug = models.SlugField(_("badge"), max_length=80, db_index=True)
    issued_at = models.DateTimeField(_("issued at"))
    # The answers (or simulation scores) as approved: later edits of the level never change it.
    evidence = models.JSONField(_("evidence"), default=dict)
    # The name and handle the member had when the badge was awarded: attestations, verification
    # and profile links read these, so a later change of name or handle never rewrites the past.
    recipient_name = models.CharField(
        _("recipient's name at award time"), max_length=301, blank=True
    )
    recipient_handle = models.CharField(
        _("recipient's handle at award time"), max_length=40, blank=True
    )
    # The level as it read when the badge was awarded (number, title, badge name, description,
    # criteria; French and English): attestations, verification, the signed credential and
    # "My badges" read this, never the live level, so a later edit never rewrites an attestation.
    level_snapshot = models.JSONField(_("the level at award time"), default=dict, blank=True)
    submission = models.OneToOneField(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.PROTECT,
        related_name="award",
        null=True,
        blank=True,
    )
    # The award this one renews (issue 17). The old one is not revoked: it stays valid until
    # its own validUntil; its verification page points here (``old.renewed_by``).
    renews = models.OneToOneField(
        "self",
        verbose_name=_("renews"),
        on_delete=models.PROTECT,
        related_name="renewed_by",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.badge_slug} — {self.recipient}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Whoever creates an award, it takes the member's name and handle as they are now.
        if self._state.adding and not self.recipient_handle:
            self.recipient_name = self.recipient.get_full_name()
            self.recipient_handle = self.recipient.handle
        # Whoever creates an award, it takes the level's texts as they are now.
        if self._state.adding and not self.level_snapshot:
            self.level_snapshot = level_snapshot_of(self.level)
        super().save(*args, **kwargs)

    def snapshot_text(self, key: str, language: str) -> str:
        """A text of the level as at award time (``title``, ``badge_name``, ``description``,
        ``criteria``) in ``language``, or the other language when that one is empty."""
        texts = self.level_snapshot.get(key) or {}
        other = "en" if language[:2] == "fr" else "fr"
        return str(texts.get(language[:2]) or texts.get(other) or "")

    @property
    def snapshot_position(self) -> int:
        """The level's number at award time."""
        return int(self.level_snapshot.get("position") or 0)


# -- Issuing: issuer keys, signed OB3 credentials, status lists, revocations, member profiles --


class MemberProfile(models.Model):
    """A member's choices about what the public sees: the profile page and their name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="member_profile",
    )
    public = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("Anyone may see your profile page and the badges it lists."),
    )
    show_name = models.BooleanField(
        _("show my name"),
        default=False,
        help_text=_("Your name appears on your profile and in badges issued from now on."),
    )

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self) -> str:
        return str(self.user)


class IssuerSigningKey(models.Model):
    """One Ed25519 key of an issuing organisation. The unmarked one signs; retired keys stay
    published so credentials they signed keep verifying (ob3/did.py)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="signing_keys",
    )
    # secretKeyMultibase (z3u2…), encrypted at rest with FIELD_ENCRYPTION_KEYS (DESIGN.md).
    private_key = EncryptedTextField(_("private key"))
    public_key_multibase = models.CharField(_("public key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("issuer signing key")
        verbose_name_plural = _("issuer signing keys")
        ordering = ["organisation", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(retired_at__isnull=True, revoked_at__isnull=True),
                name="issuer_one_active_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation.slug} {self.public_key_multibase[:12]}…"


class StatusList(models.Model):
    """A Bitstring Status List of one issuer, published signed at
    ``/status/{slug}/{number}.json``. Revocation lists and suspension lists share the
    issuer's numbering (so one URL pattern serves both); each suspension list is the partner of
    one revocation list and a credential uses the same index in both."""

    class Purpose(models.TextChoices):
        REVOCATION = "revocation", _("revocation")
        SUSPENSION = "suspension", _("suspension")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="status_lists",
    )
    number = models.PositiveIntegerField(_("number"))
    purpose = models.CharField(
        _("status purpose"), max_length=16, choices=Purpose.choices, default=Purpose.REVOCATION
    )
    # For a suspension list: the revocation list whose indexes it mirrors.
    partner = models.OneToOneField(
        "self",
        verbose_name=_("revocation list"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suspension_partner",
    )
    size = models.PositiveIntegerField(_("size"))
    bits = models.BinaryField(_("bits"))
    next_index = models.PositiveIntegerField(_("next free index"), default=0)
    # The signed status-list credential as served (re-signed on every change and daily).
    signed = models.TextField(_("signed status list"), blank=True)
    updated_at = models.DateTimeField(_("updated at"))
    # The served copy's validUntil: our own verifier refuses the list past it, as any would.
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="status_list_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation.slug}/{self.number}"


class IssuedCredential(models.Model):
    """The signed Open Badges 3.0 credential of an award, stored as issued (export returns
    these exact bytes), with its place in the issuer's status list and its revocation."""

    award = models.OneToOneField(
        "credentials.Award",
        verbose_name=_("award"),
        on_delete=models.PROTECT,
        related_name="issued",
        primary_key=True,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("issuer"),
        on_delete=models.PROTECT,
        related_name="issued_credentials",
    )
    signing_key = models.ForeignKey(
        IssuerSigningKey, on_delete=models.PROTECT, related_name="credentials"
    )
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="entries")
    status_index = models.PositiveIntegerField(_("status index"))
    salt = models.CharField(_("identity salt"), max_length=64)
    signed = models.TextField(_("signed credential"))
    signed_at = models.DateTimeField(_("signed at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Never shown publicly: the verification page says "revoked" and the date only.
    revocation_reason = EncryptedTextField(_("reason for revocation"), blank=True)
    # Null for credentials issued before suspension existed (they carry only the revocation
    # entry); otherwise the same index as status_index, in this list.
    suspension_list = models.ForeignKey(
        StatusList,
        verbose_name=_("suspension list"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="suspended_entries",
    )
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suspended by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Never shown publicly, like the revocation reason; each lift's reason is in the audit.
    suspension_reason = EncryptedTextField(_("reason for suspension"), blank=True)

    class Meta:
        verbose_name = _("issued credential")
        verbose_name_plural = _("issued credentials")
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="issued_status_index_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.award_id)


from sexto.credentials.hostapi.models import HostClient  # noqa: E402, F401  (registers the model)
from sexto.credentials.known_issuers import KnownIssuer  # noqa: E402,F401  (issue 17)
from sexto.credentials.wallet.models import WalletOffer  # noqa: E402, F401  (registers the model)


class Endorsement(models.Model):
    """The OB 3.0 EndorsementCredential of an award (issue 17): the member's service centre or
    board states that the school's territory had a police–DPCP agreement in force on the award's
    day. Signed once, stored as issued, embedded in the award's credential and served at
    ``/credentials/{award}/endorsements/{id}.json``. It follows its award: when the badge is
    revoked the verification page shows it as no longer applying."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    award = models.ForeignKey(
        Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="endorsements"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("endorser"),
        on_delete=models.PROTECT,
        related_name="endorsements_given",
    )
    signing_key = models.ForeignKey(
        IssuerSigningKey, on_delete=models.PROTECT, related_name="endorsements"
    )
    agreement = models.ForeignKey(
        "directory.Agreement",
        verbose_name=_("police–DPCP agreement"),
        on_delete=models.PROTECT,
        related_name="endorsements",
    )
    # The day the endorsement speaks of (the award's day, local time).
    agreement_day = models.DateField(_("agreement in force on"))
    language = models.CharField(_("language"), max_length=2)
    signed = models.TextField(_("signed endorsement"))
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["award", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "organisation"], name="endorsement_one_per_endorser"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation.slug} → {self.award_id}"
