"""Issuing and verifying: issuer keys and DID documents, signed Open Badges 3.0 credentials,
status lists and revocation, OB 2.0 hosted documents.

Every public URL that goes into a credential comes from ``settings.PUBLIC_BASE_URL``. The
cryptography is in ``ob3/`` (no Django); here are the database, the audit and the rules.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import rules
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sexto.audit.services import audit_record
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.credentials.issuing_models import (
    IssuedCredential,
    IssuerSigningKey,
    MemberProfile,
    StatusList,
)
from sexto.credentials.models import Award
from sexto.credentials.ob3.dataintegrity import credential_sign, format_datetime
from sexto.credentials.ob3.did import IssuerKey, did_web_document, did_web_for, key_resolver
from sexto.credentials.ob3.keys import (
    private_key_from_multibase,
    private_key_multibase,
    public_key_from_multibase,
    public_key_multibase,
)
from sexto.credentials.ob3.loader import OB_V3P0_303, VC_V2
from sexto.credentials.ob3.status_list import (
    MIN_ENTRIES,
    Bitstring,
    status_list_credential,
    status_list_entry,
)
from sexto.credentials.ob3.verify import StatusOutcome, VerifyResult, credential_verify
from sexto.directory.models import Membership, Organisation, Role
from sexto.directory.permissions import is_trainer
from sexto.training.models import Level

logger = logging.getLogger(__name__)

OB2_CONTEXT = "https://w3id.org/openbadges/v2"

rules.add_perm("credentials.revoke_award", is_trainer)


class IssuerMissing(DomainError):
    """No organisation can issue this award (no training provider in the directory)."""

    code = "issuer_missing"
    status = 409


# -- URLs (all from PUBLIC_BASE_URL) -------------------------------------------------------


def public_url(path: str) -> str:
    """An absolute public URL: ``PUBLIC_BASE_URL`` + ``path`` (which starts with '/')."""
    return str(settings.PUBLIC_BASE_URL).rstrip("/") + path


def issuer_did(organisation: Organisation) -> str:
    """``did:web:{host}:issuers:{slug}``; its document is at
    ``{PUBLIC_BASE_URL}/issuers/{slug}/did.json``."""
    return did_web_for(public_base_url=str(settings.PUBLIC_BASE_URL), slug=organisation.slug)


def credential_url(award_id: UUID | str) -> str:
    return public_url(f"/credentials/{award_id}")


def verify_url(award_id: UUID | str) -> str:
    return public_url(f"/verify/{award_id}")


def achievement_url(badge_slug: str) -> str:
    return public_url(f"/badges/{badge_slug}")


def badge_image_url(badge_slug: str, kind: str = "png") -> str:
    return public_url(f"/badges/{badge_slug}.{kind}")


def status_list_url(status_list: StatusList) -> str:
    return public_url(f"/status/{status_list.organisation.slug}/{status_list.number}.json")


def ob2_issuer_url(organisation: Organisation) -> str:
    return public_url(f"/ob2/issuers/{organisation.slug}.json")


def ob2_badge_class_url(organisation: Organisation, badge_slug: str) -> str:
    return public_url(f"/ob2/issuers/{organisation.slug}/badges/{badge_slug}.json")


def ob2_assertion_url(award_id: UUID | str) -> str:
    return public_url(f"/ob2/assertions/{award_id}.json")


# -- Issuer keys and DID documents ---------------------------------------------------------


def issuer_organisation_for(award: Award) -> Organisation:
    """The organisation that issues ``award``: the approving trainer's training provider, or
    else the first training provider of the directory."""
    submission = award.submission
    if submission is not None:
        review = submission.reviews.filter(decision="approved").order_by("-decided_at").first()
        if review is not None:
            membership = (
                # Confirmed trainer roles inside a training organisation only (issue 14, item 4).
                Membership.objects.filter(
                    user_id=review.reviewer_id,
                    role=Role.TRAINER,
                    organisation__kind=Organisation.Kind.TRAINING_PROVIDER,
                    status=Membership.Status.CONFIRMED,
                )
                .select_related("organisation")
                .order_by("valid_from")
                .first()
            )
            if membership is not None and membership.organisation is not None:
                return membership.organisation
    provider = (
        Organisation.objects.filter(kind=Organisation.Kind.TRAINING_PROVIDER)
        .order_by("slug")
        .first()
    )
    if provider is None:
        raise IssuerMissing(
            _("No training provider is registered to issue badges: add one in the directory.")
        )
    return provider


def _key_create(organisation: Organisation) -> IssuerSigningKey:
    private = Ed25519PrivateKey.generate()
    return IssuerSigningKey.objects.create(
        organisation=organisation,
        private_key=private_key_multibase(private),
        public_key_multibase=public_key_multibase(private.public_key()),
        created_at=timezone.now(),
    )


def issuer_key_active(organisation: Organisation) -> IssuerSigningKey:
    """The organisation's signing key, created on first need (audited)."""
    key = IssuerSigningKey.objects.filter(
        organisation=organisation, retired_at__isnull=True, revoked_at__isnull=True
    ).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            key = _key_create(organisation)
            audit_record(
                actor=None,
                action="credentials.issuer_key.create",
                target=key,
                chain="platform",
                changes={"organisation": organisation.slug, "key": key.public_key_multibase},
            )
            _cache_forget(_did_cache_key(organisation.slug))
            return key
    except IntegrityError:  # another request created it first: use that one
        return IssuerSigningKey.objects.get(
            organisation=organisation, retired_at__isnull=True, revoked_at__isnull=True
        )


def issuer_key_rotate(
    *, organisation: Organisation, actor: Any = None, compromised: bool = False
) -> IssuerSigningKey:
    """A new signing key for ``organisation``. The old key stays in the DID document, marked
    retired (credentials it signed keep verifying) — or revoked when ``compromised`` (every
    proof by it then fails)."""
    # Proof times are published to the second: retire at the next whole second, so a proof made
    # by the old key in the same second as the rotation still reads as "before".
    now = timezone.now().replace(microsecond=0) + timedelta(seconds=1)
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        old = IssuerSigningKey.objects.filter(
            organisation=organisation, retired_at__isnull=True, revoked_at__isnull=True
        ).first()
        if old is not None:
            if compromised:
                old.revoked_at = now
            else:
                old.retired_at = now
            old.save(update_fields=["retired_at", "revoked_at"])
        new = _key_create(organisation)
        audit_record(
            actor=actor,
            action="credentials.issuer_key.rotate",
            target=new,
            chain="platform",
            changes={
                "organisation": organisation.slug,
                "old": old.public_key_multibase if old else "",
                "new": new.public_key_multibase,
                "compromised": compromised,
            },
        )
        _cache_forget(_did_cache_key(organisation.slug))
    return new


def issuer_did_document(organisation: Organisation) -> dict[str, Any]:
    """The organisation's did:web document: every key it ever used, oldest first, marked."""
    issuer_key_active(organisation)
    keys = [
        IssuerKey(
            public_key=public_key_from_multibase(k.public_key_multibase),
            retired_at=k.retired_at,
            revoked_at=k.revoked_at,
        )
        for k in IssuerSigningKey.objects.filter(organisation=organisation).order_by("created_at")
    ]
    return did_web_document(did=issuer_did(organisation), keys=keys, vocab_base=public_url("/ns#"))


# Verifiers ask for the same few DID documents and status lists on every request: keep them in
# the shared cache briefly. A key change or a revocation deletes the entry at once (for every app
# server when the cache is shared, CACHE_URL); otherwise an entry lives at most these seconds.
DID_CACHE_SECONDS = 300
STATUS_CACHE_SECONDS = 10


def _did_cache_key(slug: str) -> str:
    return f"credentials:did:{slug}"


def _status_cache_key(slug: str, number: int) -> str:
    return f"credentials:status:{slug}:{number}"


def _cache_forget(key: str) -> None:
    # Now, and again after commit: a verifier may re-cache the old value in between.
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def _our_did_document(did: str) -> dict[str, Any] | None:
    prefix = issuer_did_prefix()
    if not did.startswith(prefix):
        return None
    slug = did[len(prefix) :]
    cached = cache.get(_did_cache_key(slug))
    if cached is not None:
        return cached or None
    organisation = Organisation.objects.filter(slug=slug).first()
    document: dict[str, Any] = {}
    if organisation is not None and organisation.signing_keys.exists():
        document = issuer_did_document(organisation)
    cache.set(_did_cache_key(slug), document, DID_CACHE_SECONDS)
    return document or None


def issuer_did_prefix() -> str:
    """``did:web:{host}:issuers:`` — our issuers' DIDs all start with it."""
    return did_web_for(public_base_url=str(settings.PUBLIC_BASE_URL), slug="x")[:-1]


# -- Status lists --------------------------------------------------------------------------


def _status_list_signed(status_list: StatusList) -> str:
    organisation = status_list.organisation
    key = issuer_key_active(organisation)
    bitstring = Bitstring(size=status_list.size, data=bytes(status_list.bits))
    did = issuer_did(organisation)
    unsigned = status_list_credential(
        url=status_list_url(status_list),
        issuer=did,
        bitstring=bitstring,
        valid_from=format_datetime(status_list.updated_at),
    )
    signed = credential_sign(
        unsigned,
        private_key=private_key_from_multibase(key.private_key),
        verification_method=f"{did}#{key.public_key_multibase}",
        created=status_list.updated_at,
    )
    return json.dumps(signed, ensure_ascii=False)


def _status_index_allocate(organisation: Organisation) -> tuple[StatusList, int]:
    """The next free index in the issuer's current list (a new list when it is full).
    Caller holds a transaction."""
    status_list = (
        StatusList.objects.select_for_update()
        .filter(organisation=organisation)
        .order_by("-number")
        .first()
    )
    if status_list is None or status_list.next_index >= status_list.size:
        status_list = StatusList(
            organisation=organisation,
            number=(status_list.number + 1) if status_list else 1,
            size=MIN_ENTRIES,
            bits=bytes(MIN_ENTRIES // 8),
            updated_at=timezone.now(),
        )
        status_list.signed = _status_list_signed(status_list)
        status_list.save()
    # Random indexes would give herd privacy; sequential ones are simple and the list is public
    # anyway. The index says nothing about the person.
    index = status_list.next_index
    status_list.next_index = index + 1
    status_list.save(update_fields=["next_index"])
    return status_list, index


def status_list_get_public(*, slug: str, number: int) -> StatusList:
    """The published status list, or Http404."""
    status_list = (
        StatusList.objects.select_related("organisation")
        .filter(organisation__slug=slug, number=number)
        .first()
    )
    if status_list is None:
        raise Http404
    return status_list


# -- Building and signing credentials ------------------------------------------------------


def identity_hash(email: str, salt: str) -> str:
    """OB IdentityHash of an email: ``sha256$`` + hex(SHA-256(email ‖ salt))."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()


def _level_for_badge(badge_slug: str) -> Level | None:
    return Level.objects.select_related("program").filter(badge_slug=badge_slug).first()


def achievement_texts(level: Level) -> dict[str, str]:
    """Name, description and criteria of a level's badge, in the active language."""
    return {
        "name": f"{level.program.title} {level.position} - {level.title}",
        "description": level.description.strip() or level.title,
        "criteria": _(
            "Read every module of the level, answer its proof, and have the answers approved "
            "by a trainer."
        ),
    }


def _language_of(user: Any) -> str:
    return str(getattr(user, "preferred_language", "") or "fr")[:2]


def credential_build(
    *,
    award: Award,
    organisation: Organisation,
    status_list: StatusList,
    index: int,
    salt: str,
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential of ``award`` (in the recipient's language)."""
    recipient = award.recipient
    with translation.override(_language_of(recipient)):
        texts = achievement_texts(award.level)
        subject: dict[str, Any] = {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(recipient.email, salt),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": {
                "id": achievement_url(award.badge_slug),
                "type": ["Achievement"],
                "achievementType": "Badge",
                "name": texts["name"],
                "description": texts["description"],
                "criteria": {"narrative": texts["criteria"]},
                "image": {
                    "id": badge_image_url(award.badge_slug),
                    "type": "Image",
                    "caption": texts["name"],
                },
            },
        }
        profile = MemberProfile.objects.filter(user=recipient).first()
        # The name as at award time (a credential signed late never takes a newer name).
        if profile is not None and profile.show_name and award.recipient_name:
            subject["name"] = award.recipient_name
    issued = format_datetime(award.issued_at)
    return {
        "@context": [VC_V2, OB_V3P0_303],
        "id": credential_url(award.pk),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": texts["name"],
        "issuer": {
            "id": issuer_did(organisation),
            "type": ["Profile"],
            "name": organisation.name,
            "url": public_url("/"),
        },
        "validFrom": issued,
        "awardedDate": issued,
        "credentialSubject": subject,
        "credentialStatus": status_list_entry(
            status_list_credential=status_list_url(status_list), index=index
        ),
    }


def credential_issue(*, award: Award) -> IssuedCredential:
    """Sign and store the award's OB3 credential (idempotent: an existing one is returned)."""
    existing = IssuedCredential.objects.filter(award=award).first()
    if existing is not None:
        return existing
    organisation = issuer_organisation_for(award)
    key = issuer_key_active(organisation)
    now = timezone.now()
    with transaction.atomic():
        Award.objects.select_for_update().get(pk=award.pk)
        existing = IssuedCredential.objects.filter(award=award).first()
        if existing is not None:
            return existing
        status_list, index = _status_index_allocate(organisation)
        salt = secrets.token_hex(16)
        unsigned = credential_build(
            award=award, organisation=organisation, status_list=status_list, index=index, salt=salt
        )
        signed = credential_sign(
            unsigned,
            private_key=private_key_from_multibase(key.private_key),
            verification_method=f"{issuer_did(organisation)}#{key.public_key_multibase}",
            created=now,
        )
        issued = IssuedCredential.objects.create(
            award=award,
            organisation=organisation,
            signing_key=key,
            status_list=status_list,
            status_index=index,
            salt=salt,
            signed=json.dumps(signed, ensure_ascii=False, indent=2),
            signed_at=now,
        )
        audit_record(
            actor=None,
            action="credentials.credential.sign",
            target=award,
            changes={"issuer": organisation.slug, "status": f"{status_list.number}/{index}"},
        )
    return issued


def credential_for(award: Award) -> IssuedCredential:
    """The award's signed credential, signed now if the award predates signing."""
    return credential_issue(award=award)


@receiver(post_save, sender=Award, dispatch_uid="credentials_sign_on_award")
def credential_sign_on_award(sender: Any, instance: Award, created: bool, **kwargs: Any) -> None:
    """Sign a new award's credential once its transaction commits. A failure here never
    undoes the award: the credential is then signed on first need (``credential_for``)."""
    if not created or kwargs.get("raw"):
        return

    def sign() -> None:
        try:
            credential_issue(award=instance)
        except Exception:
            logger.exception("signing the credential of award %s failed", instance.pk)

    transaction.on_commit(sign)


# -- Reading awards publicly ---------------------------------------------------------------


def award_get_public(*, award_id: UUID | str) -> Award:
    """An award by id for the public pages (its credential is public by design), or Http404."""
    try:
        return Award.objects.select_related("recipient", "level__program").get(pk=award_id)
    except (Award.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def award_find(*, handle: str, badge_slug: str) -> Award | None:
    """The member's latest award of that badge, or None."""
    return (
        Award.objects.filter(recipient__handle=handle, badge_slug=badge_slug)
        .order_by("-issued_at")
        .first()
    )


# -- Revocation ----------------------------------------------------------------------------


def credential_revoke(
    *, award: Award, actor: Any, reason: str, request: Any = None
) -> IssuedCredential:
    """A trainer revokes an award with a reason: the status bit is set and the status list
    re-signed. The reason is kept (encrypted) but never published."""
    if not rules.has_perm("credentials.revoke_award", actor):
        raise PermissionRefused(_("Only trainers may revoke badges."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why this badge is revoked."), field="reason")
    issued = credential_for(award)
    now = timezone.now()
    with transaction.atomic():
        issued = IssuedCredential.objects.select_for_update().get(pk=issued.pk)
        if issued.revoked_at is not None:
            raise Conflict(_("This badge was already revoked."))
        status_list = StatusList.objects.select_for_update().get(pk=issued.status_list_id)
        bitstring = Bitstring(size=status_list.size, data=bytes(status_list.bits))
        bitstring[issued.status_index] = True
        status_list.bits = bytes(bitstring._bits)
        status_list.updated_at = now
        status_list.signed = _status_list_signed(status_list)
        status_list.save(update_fields=["bits", "updated_at", "signed"])
        status_key = _status_cache_key(issued.organisation.slug, status_list.number)
        _cache_forget(status_key)
        issued.revoked_at = now
        issued.revoked_by = actor
        issued.revocation_reason = reason
        issued.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        audit_record(
            actor=actor,
            action="credentials.credential.revoke",
            target=award,
            request=request,
            changes={"reason": reason, "status": f"{status_list.number}/{issued.status_index}"},
        )
    return issued


# -- Verification --------------------------------------------------------------------------


def _status_check(entry: dict[str, Any]) -> StatusOutcome:
    url = entry.get("statusListCredential")
    prefix = public_url("/status/")
    if not isinstance(url, str) or not url.startswith(prefix):
        return StatusOutcome(
            "skipped", f"status list {url!r} is not this site's: not fetched (no network)"
        )
    slug, _sep, tail = url[len(prefix) :].partition("/")
    number = tail.removesuffix(".json")
    if not number.isdigit():
        return StatusOutcome("failed", f"unknown status list {url}")
    listed = cache.get(_status_cache_key(slug, int(number)))
    if listed is None:
        row = (
            StatusList.objects.filter(organisation__slug=slug, number=int(number))
            .values_list("id", "size", "bits")
            .first()
        )
        listed = (str(row[0]), row[1], bytes(row[2])) if row else ("", 0, b"")
        cache.set(_status_cache_key(slug, int(number)), listed, STATUS_CACHE_SECONDS)
    list_id, size, bits = listed
    if not list_id:
        return StatusOutcome("failed", f"unknown status list {url}")
    if entry.get("statusPurpose") != "revocation":
        return StatusOutcome("failed", f"unsupported status purpose {entry.get('statusPurpose')!r}")
    try:
        index = int(entry.get("statusListIndex"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return StatusOutcome("failed", "statusListIndex must be an integer string")
    if not 0 <= index < size:
        return StatusOutcome("failed", f"statusListIndex {index} is outside the list")
    if not bits[index // 8] & (0x80 >> (index % 8)):
        return StatusOutcome("passed", "not revoked")
    revoked = (
        IssuedCredential.objects.filter(status_list_id=list_id, status_index=index)
        .values_list("revoked_at", flat=True)
        .first()
    )
    when = format_datetime(revoked) if revoked else "an unknown date"
    return StatusOutcome("failed", f"revoked on {when}")


_resolver = key_resolver(_our_did_document)


def credential_verify_submitted(document: dict[str, Any] | str | bytes) -> VerifyResult:
    """Every check on a submitted credential: ours (DID and status from the database) or a
    foreign did:key one (foreign status lists skipped: no network). Never raises."""
    if isinstance(document, bytes | str):
        try:
            document = json.loads(document)
        except RecursionError:
            document = b"[" * 2  # reported as malformed JSON below
        except (ValueError, UnicodeDecodeError):
            pass  # credential_verify reports the precise reason
    if isinstance(document, dict) and "@context" not in document:
        wrapped = document.get("credential") or document.get("verifiableCredential")
        if isinstance(wrapped, dict):
            document = wrapped
    return credential_verify(document, resolve_key=_resolver, status_check=_status_check)


@dataclass(frozen=True)
class AwardVerification:
    """What the public verification page shows for one of our awards."""

    award: Award
    issued: IssuedCredential
    result: VerifyResult
    credential: dict[str, Any]


def award_verify(award: Award) -> AwardVerification:
    """Verify the award's stored credential as any verifier would."""
    issued = credential_for(award)
    result = credential_verify_submitted(issued.signed)
    return AwardVerification(
        award=award, issued=issued, result=result, credential=json.loads(issued.signed)
    )


# -- Open Badges 2.0 hosted documents ------------------------------------------------------


def ob2_issuer(organisation: Organisation) -> dict[str, Any]:
    """The OB 2.0 hosted Issuer profile."""
    return {
        "@context": OB2_CONTEXT,
        "type": "Issuer",
        "id": ob2_issuer_url(organisation),
        "name": organisation.name,
        "url": public_url("/"),
        "email": organisation.email or settings.DEFAULT_FROM_EMAIL,
    }


def ob2_badge_class(organisation: Organisation, badge_slug: str) -> dict[str, Any]:
    """The OB 2.0 hosted BadgeClass of a badge, or Http404 when no level awards it."""
    level = _level_for_badge(badge_slug)
    if level is None:
        raise Http404
    with translation.override(organisation.language or "fr"):
        texts = achievement_texts(level)
    return {
        "@context": OB2_CONTEXT,
        "type": "BadgeClass",
        "id": ob2_badge_class_url(organisation, badge_slug),
        "name": texts["name"],
        "description": texts["description"],
        "image": badge_image_url(badge_slug),
        "criteria": {"id": achievement_url(badge_slug), "narrative": texts["criteria"]},
        "issuer": ob2_issuer_url(organisation),
    }


def ob2_assertion(award: Award) -> dict[str, Any]:
    """The OB 2.0 hosted Assertion of an award (same salted email hash as the OB3 one)."""
    issued = credential_for(award)
    assertion: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "type": "Assertion",
        "id": ob2_assertion_url(award.pk),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": issued.salt,
            "identity": identity_hash(award.recipient.email, issued.salt),
        },
        "badge": ob2_badge_class_url(issued.organisation, award.badge_slug),
        "issuedOn": format_datetime(award.issued_at),
        "image": public_url(f"/ob2/assertions/{award.pk}/badge.png"),
        "verification": {"type": "hosted"},
    }
    if issued.revoked_at is not None:
        assertion["revoked"] = True
    return assertion


def organisation_get_issuer(*, slug: str) -> Organisation:
    """An organisation that issues (or may issue) badges, by slug, or Http404."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def revoked_at_of(award: Award) -> datetime | None:
    issued = IssuedCredential.objects.filter(award=award).only("revoked_at").first()
    return issued.revoked_at if issued else None
