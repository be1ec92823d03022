"""Writes of credentials, each audited: issuing an award, signing its Open Badges 3.0 credential,
revoking it (status list re-signed), issuer signing keys (created on first need, rotated).

Every public URL that goes into a credential comes from ``links`` (``PUBLIC_BASE_URL``). The
cryptography is in ``ob3/`` (no Django); here are the database, the audit and the rules.
"""

from __future__ import annotations

import datetime
import json
import secrets
from collections.abc import Callable
from typing import Any

import rules
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sexto.audit.services import audit_record
from sexto.core.errors import Conflict, DomainError, PermissionRefused
from sexto.credentials.endorsements import endorsement_issue_for_signing, endorsements_embedded
from sexto.credentials.evidence import credential_evidence
from sexto.credentials.expiry import award_valid_until
from sexto.credentials.issuer_profile import issuer_profile
from sexto.credentials.links import (
    credential_url,
    issuer_did,
    status_list_url,
)
from sexto.credentials.models import (
    Award,
    IssuedCredential,
    MemberProfile,
    StatusList,
)
from sexto.credentials.ob3.dataintegrity import format_datetime
from sexto.credentials.ob3.loader import OB_V3P0_303, OB_V3P0_EXTENSIONS, VC_V2
from sexto.credentials.ob3.schema import credential_schema_entry
from sexto.credentials.ob3.status_list import (
    MIN_ENTRIES,
    Bitstring,
    status_list_credential,
    status_list_entry,
)
from sexto.credentials.ob3.status_list import VALIDITY_SECONDS as STATUS_VALIDITY_SECONDS
from sexto.credentials.selectors import (
    achievement_document,
    award_achievement_texts,
    identity_hash,
    issuer_organisation_for,
    language_of,
    status_cache_key,
)
from sexto.credentials.signing import (
    cache_forget,
    document_sign,
    issuer_key_active,
)
from sexto.directory.models import Organisation
from sexto.directory.permissions import is_trainer
from sexto.directory.types import Actor
from sexto.training.models import Level, Submission

rules.add_perm("credentials.revoke_award", is_trainer)


def award_issue(
    *,
    recipient: Actor,
    level: Level,
    evidence: dict[str, Any],
    issued_at: datetime.datetime | None = None,
    submission: Submission | None = None,
    actor: Actor | None = None,
    renews: Award | None = None,
) -> Award | None:
    """Issue the level's badge to the recipient with the evidence snapshot and the name and handle
    the recipient has now (what the award shows for ever). Idempotent per
    submission (a signal delivered twice issues once); a level without a badge issues nothing.
    With ``renews``: the new award renews that one (which stays valid until its own date)."""
    if not level.badge_slug:
        return None
    with transaction.atomic():
        if submission is not None:
            existing = Award.objects.filter(submission=submission).first()
            if existing is not None:
                return existing
        award = Award.objects.create(
            recipient=recipient,
            level=level,
            badge_slug=level.badge_slug,
            issued_at=issued_at or timezone.now(),
            evidence=evidence,
            submission=submission,
            recipient_name=recipient.get_full_name(),
            recipient_handle=recipient.handle,
            renews=renews,
        )
        audit_record(
            actor=actor,
            action="credentials.award.issue",
            target=award,
            changes={"badge": award.badge_slug, "recipient": str(recipient.pk)},
        )
        if renews is not None:
            audit_record(
                actor=actor,
                action="credentials.award.renew",
                target=renews,
                changes={"renewed_by": str(award.pk), "badge": award.badge_slug},
            )
    return award


# -- Status lists --------------------------------------------------------------------------


def _status_list_signed(status_list: StatusList) -> str:
    """Sign the list now, valid from now for VALIDITY_SECONDS (sets ``valid_until``; the caller
    saves ``signed``, ``updated_at`` and ``valid_until``)."""
    organisation = status_list.organisation
    key = issuer_key_active(organisation)
    bitstring = Bitstring(size=status_list.size, data=bytes(status_list.bits))
    did = issuer_did(organisation)
    signed_at = timezone.now().replace(microsecond=0)
    valid_until = signed_at + datetime.timedelta(seconds=STATUS_VALIDITY_SECONDS)
    status_list.valid_until = valid_until
    unsigned = status_list_credential(
        url=status_list_url(status_list),
        issuer=did,
        bitstring=bitstring,
        valid_from=format_datetime(signed_at),
        valid_until=format_datetime(valid_until),
        purpose=status_list.purpose,
    )
    signed = document_sign(key=key, document=unsigned, did=did, created=signed_at)
    return json.dumps(signed, ensure_ascii=False)


def status_bit_set(*, list_id: Any, index: int, value: bool, now: Any) -> StatusList:
    """Set or clear one bit and re-sign the list at once (revocation, suspension, lift).
    Caller holds a transaction."""
    status_list = (
        StatusList.objects.select_for_update().select_related("organisation").get(pk=list_id)
    )
    bitstring = Bitstring(size=status_list.size, data=bytes(status_list.bits))
    bitstring[index] = value
    status_list.bits = bytes(bitstring._bits)
    status_list.updated_at = now
    status_list.signed = _status_list_signed(status_list)
    status_list.save(update_fields=["bits", "updated_at", "signed", "valid_until"])
    _status_listcache_forget(status_list)
    return status_list


def _status_listcache_forget(status_list: StatusList) -> None:
    slug = status_list.organisation.slug
    cache_forget(status_cache_key(slug, status_list.number))
    if status_list.partner_id is not None:
        # The verifier caches a suspension list under its revocation partner's key.
        partner = StatusList.objects.get(pk=status_list.partner_id)
        cache_forget(status_cache_key(slug, partner.number) + ":suspension")


def status_list_resign(*, status_list: StatusList) -> StatusList:
    """Re-sign one list with a fresh validity window (the daily job; nothing else changes)."""
    with transaction.atomic():
        status_list = (
            StatusList.objects.select_for_update()
            .select_related("organisation")
            .get(pk=status_list.pk)
        )
        status_list.signed = _status_list_signed(status_list)
        status_list.updated_at = timezone.now()
        status_list.save(update_fields=["signed", "updated_at", "valid_until"])
        _status_listcache_forget(status_list)
        audit_record(
            actor=None,
            action="credentials.status_list.resign",
            target=status_list,
            changes={"valid_until": str(status_list.valid_until)},
        )
    return status_list


def status_index_pick(*, size: int, taken: set[int]) -> int:
    """A cryptographically random index of ``range(size)`` not in ``taken``: issue order must
    not be readable from the index (the spec's herd privacy)."""
    # A list is mostly empty: a few random draws find a free index; a nearly full one falls
    # back to a random choice among what is left.
    for _attempt in range(32):
        index = secrets.randbelow(size)
        if index not in taken:
            return index
    free = [i for i in range(size) if i not in taken]
    if not free:
        raise ValueError("the status list is full")
    return free[secrets.randbelow(len(free))]


def _status_index_random(status_list: StatusList) -> int:
    """A random free index of the list. Caller holds the list's row lock."""
    taken = set(
        IssuedCredential.objects.filter(status_list=status_list).values_list(
            "status_index", flat=True
        )
    )
    return status_index_pick(size=status_list.size, taken=taken)


def _status_list_new(
    organisation: Organisation, *, purpose: str, partner: StatusList | None = None
) -> StatusList:
    """A new empty list, numbered after every list of the issuer (both purposes share the
    numbering, and so the URL pattern). Caller holds a transaction."""
    last = StatusList.objects.filter(organisation=organisation).order_by("-number").first()
    status_list = StatusList(
        organisation=organisation,
        number=(last.number + 1) if last else 1,
        purpose=purpose,
        partner=partner,
        size=MIN_ENTRIES,
        bits=bytes(MIN_ENTRIES // 8),
        updated_at=timezone.now(),
    )
    status_list.signed = _status_list_signed(status_list)
    status_list.save()
    return status_list


def _status_index_allocate(organisation: Organisation) -> tuple[StatusList, int]:
    """A random free index in the issuer's current revocation list (a new list when it is
    full). Caller holds a transaction. ``next_index`` counts the indexes handed out."""
    status_list = (
        StatusList.objects.select_for_update()
        .filter(organisation=organisation, purpose=StatusList.Purpose.REVOCATION)
        .order_by("-number")
        .first()
    )
    if status_list is None or status_list.next_index >= status_list.size:
        status_list = _status_list_new(organisation, purpose=StatusList.Purpose.REVOCATION)
    index = _status_index_random(status_list)
    status_list.next_index += 1
    status_list.save(update_fields=["next_index"])
    return status_list, index


def _suspension_list_for(revocation_list: StatusList) -> StatusList:
    """The suspension partner of a revocation list (made on first need: lists made before
    suspension existed get theirs on their next issuance). Caller holds the list's lock."""
    partner = StatusList.objects.filter(partner=revocation_list).first()
    if partner is None:
        partner = _status_list_new(
            revocation_list.organisation,
            purpose=StatusList.Purpose.SUSPENSION,
            partner=revocation_list,
        )
    return partner


# -- Building and signing credentials ------------------------------------------------------


def credential_build(
    *,
    award: Award,
    organisation: Organisation,
    status_list: StatusList,
    index: int,
    salt: str,
    suspension_list: StatusList | None = None,
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential of ``award`` (in the recipient's language, which it
    declares in ``inLanguage``; its Achievement is that language's, ``related`` to the other)."""
    recipient = award.recipient
    language = language_of(recipient)
    with translation.override(language):
        # The texts as at award time: a credential signed late never takes a newer wording.
        texts = award_achievement_texts(award, language)
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
            "achievement": achievement_document(
                badge_slug=award.badge_slug, texts=texts, language=language
            ),
        }
        subject["achievement"]["image"]["caption"] = texts["name"]
        profile = MemberProfile.objects.filter(user=recipient).first()
        # The name as at award time (a credential signed late never takes a newer name), as an
        # OB identifier of type "name" in plain text: the member chose to show it.
        if profile is not None and profile.show_name and award.recipient_name:
            subject["identifier"].append(
                {
                    "type": "IdentityObject",
                    "identityHash": award.recipient_name,
                    "identityType": "name",
                    "hashed": False,
                }
            )
        evidence = credential_evidence(award=award, language=language)
    issued = format_datetime(award.issued_at)
    credential: dict[str, Any] = {
        "@context": [VC_V2, OB_V3P0_303, OB_V3P0_EXTENSIONS],
        "id": credential_url(award.pk),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": texts["name"],
        "issuer": issuer_profile(organisation=organisation, language=language),
        "inLanguage": language,
        "validFrom": issued,
        "awardedDate": issued,
        "credentialSubject": subject,
        "credentialStatus": _status_entries(status_list, index, suspension_list),
        "credentialSchema": credential_schema_entry(),
    }
    if evidence:
        credential["evidence"] = evidence
    # Issue 17: the service centre's endorsement of the agreement, signed before the credential.
    endorsements = endorsements_embedded(award)
    if endorsements:
        credential["endorsement"] = endorsements
    valid_until = award_valid_until(award)
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    return credential


# The OB 3.0.3 AchievementCredential JSON Schema (what DCC verifier-core and the 1EdTech
# validator check) allows one credentialStatus object, not an array: a second entry for the
# suspension list would make every new badge fail schema validation in conformant verifiers.
# So the credential carries the revocation entry only; its suspension is published in the
# partner list at the same index, and our verifier reads both. Flip this once OB allows arrays.
SUSPENSION_ENTRY_IN_CREDENTIAL = False


def _status_entries(
    status_list: StatusList, index: int, suspension_list: StatusList | None
) -> dict[str, Any] | list[dict[str, Any]]:
    """The revocation entry; and the suspension entry too when SUSPENSION_ENTRY_IN_CREDENTIAL
    (a single object otherwise, as older credentials were signed)."""
    revocation = status_list_entry(status_list_credential=status_list_url(status_list), index=index)
    if suspension_list is None or not SUSPENSION_ENTRY_IN_CREDENTIAL:
        return revocation
    suspension = status_list_entry(
        status_list_credential=status_list_url(suspension_list), index=index, purpose="suspension"
    )
    return [revocation, suspension]


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
        suspension_list = _suspension_list_for(status_list)
        salt = secrets.token_hex(16)
        endorsement_issue_for_signing(award=award)  # issue 17: embedded in the credential below
        unsigned = credential_build(
            award=award,
            organisation=organisation,
            status_list=status_list,
            index=index,
            salt=salt,
            suspension_list=suspension_list,
        )
        signed = document_sign(
            key=key,
            document=unsigned,
            did=issuer_did(organisation),
            created=now,
            proof_as_array=True,
        )
        issued = IssuedCredential.objects.create(
            award=award,
            organisation=organisation,
            signing_key=key,
            status_list=status_list,
            status_index=index,
            suspension_list=suspension_list,
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


# -- Revocation ----------------------------------------------------------------------------


def credential_status_change(
    *,
    award: Award,
    actor: Actor,
    reason: str,
    request: Any = None,
    purpose: str,
    value: bool,
    action: str,
    refused: str,
    reason_missing: str,
    check: Callable[[IssuedCredential], None],
    record: Callable[[IssuedCredential, datetime.datetime], dict[str, Any]],
) -> IssuedCredential:
    """Revocation, suspension and its lift: a trainer (else ``refused``), a reason (else
    ``reason_missing``), the credential row locked, ``check`` raising a Conflict when the change
    does not apply; the bit of the ``purpose`` list (revocation or suspension) set to ``value``
    with the list re-signed and caches forgotten; ``record`` updates and saves the row and
    returns what the audit ``action`` adds to its changes (the reason and status position are
    always there). The reason is kept (encrypted), never published."""
    if not rules.has_perm("credentials.revoke_award", actor):
        raise PermissionRefused(refused)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(reason_missing, field="reason")
    issued = credential_for(award)
    now = timezone.now()
    with transaction.atomic():
        issued = IssuedCredential.objects.select_for_update().get(pk=issued.pk)
        check(issued)
        list_id = (
            issued.status_list_id
            if purpose == StatusList.Purpose.REVOCATION
            else issued.suspension_list_id
        )
        status_list = status_bit_set(
            list_id=list_id, index=issued.status_index, value=value, now=now
        )
        changes = record(issued, now)
        audit_record(
            actor=actor,
            action=action,
            target=award,
            request=request,
            changes={
                "reason": reason,
                **changes,
                "status": f"{status_list.number}/{issued.status_index}",
            },
        )
    return issued


def credential_revoke(
    *, award: Award, actor: Actor, reason: str, request: Any = None
) -> IssuedCredential:
    """A trainer revokes an award with a reason: the status bit is set and the status list
    re-signed. The reason is kept (encrypted) but never published."""

    def check(issued: IssuedCredential) -> None:
        if issued.revoked_at is not None:
            raise Conflict(_("This badge was already revoked."))

    def record(issued: IssuedCredential, now: datetime.datetime) -> dict[str, Any]:
        issued.revoked_at = now
        issued.revoked_by = actor
        issued.revocation_reason = (reason or "").strip()
        issued.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        return {}

    return credential_status_change(
        award=award,
        actor=actor,
        reason=reason,
        request=request,
        purpose=StatusList.Purpose.REVOCATION,
        value=True,
        action="credentials.credential.revoke",
        refused=_("Only trainers may revoke badges."),
        reason_missing=_("Say why this badge is revoked."),
        check=check,
        record=record,
    )
