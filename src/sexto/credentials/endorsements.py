"""Endorsement of the agreement (issue 17): when a badge is awarded, the service centre or board
of the member's school signs an OB 3.0 ``EndorsementCredential`` saying that the school's
territory had a police–DPCP agreement in force that day (the condition the seed's attestation
states in words). It is signed like badges (eddsa-rdfc-2022, the endorser's did:web key), stored,
served at ``/credentials/{award}/endorsements/{id}.json`` and embedded in the award's credential
(``endorsement``), which is signed after it.

Revocation: the endorsement has no status entry of its own; it speaks of the badge, so when the
badge is revoked the verification page shows it as no longer applying (its JSON stays served:
what it says about the agreement stays true)."""

from __future__ import annotations

import datetime
import json
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from sexto.audit.services import audit_record
from sexto.credentials.issuer_profile import issuer_profile
from sexto.credentials.links import credential_url, issuer_did, public_url
from sexto.credentials.models import Award, Endorsement
from sexto.credentials.ob3.dataintegrity import format_datetime
from sexto.credentials.ob3.endorsement import endorsement_unsigned
from sexto.credentials.ob3.verify import VerifyResult
from sexto.credentials.selectors import credential_language
from sexto.credentials.signing import document_sign, issuer_key_active
from sexto.directory.models import SCHOOL_ROLES, Agreement, Membership, Organisation, School
from sexto.directory.selectors import agreement_in_force

logger = logging.getLogger(__name__)

# Who may endorse: the body a school belongs to (a service centre or board for its public
# schools; a private school for itself).
ENDORSER_KINDS = {Organisation.Kind.SERVICE_CENTRE, Organisation.Kind.PRIVATE_SCHOOL}


@dataclass(frozen=True)
class EndorsementBasis:
    """What the endorsement states: which body endorses, for which school, which agreement,
    on which day."""

    organisation: Organisation
    school: School
    agreement: Agreement
    day: datetime.date


def _award_day(award: Award) -> datetime.date:
    return timezone.localtime(award.issued_at).date()


def _basis_among(memberships: list[Membership], day: datetime.date) -> EndorsementBasis | None:
    for membership in memberships:
        school = membership.school
        if school is None or membership.role not in SCHOOL_ROLES:
            continue
        if school.organisation.kind not in ENDORSER_KINDS:
            continue
        agreement = agreement_in_force(police_force=school.territory.police_force, on=day)
        if agreement is not None:
            return EndorsementBasis(school.organisation, school, agreement, day)
    for membership in memberships:
        organisation = membership.organisation
        if organisation is None or organisation.kind not in ENDORSER_KINDS:
            continue
        schools = School.objects.filter(organisation=organisation).select_related(
            "territory__police_force"
        )
        for school in schools.order_by("name"):
            agreement = agreement_in_force(police_force=school.territory.police_force, on=day)
            if agreement is not None:
                return EndorsementBasis(organisation, school, agreement, day)
    return None


def endorsement_basis(award: Award) -> EndorsementBasis | None:
    """The member's school (or school organisation) whose territory had an agreement in force on
    the award's day, and that agreement; None when there is none (then nothing is endorsed).
    Memberships in effect that day come first; an award older than the member's memberships
    (an imported or back-dated one) falls back to the memberships in effect today — the agreement
    is always the one in force on the award's day."""
    day = _award_day(award)
    related = ("school__territory__police_force", "school__organisation", "organisation")
    base = Membership.objects.filter(user_id=award.recipient_id).select_related(*related)
    then = base.in_period(day).filter(status=Membership.Status.CONFIRMED)
    basis = _basis_among(list(then.order_by("created_at")), day)
    if basis is None:
        basis = _basis_among(list(base.current().order_by("created_at")), day)
    return basis


def _date_in_words(day: datetime.date, language: str) -> str:
    with translation.override(language):
        return str(formats.date_format(day, "DATE_FORMAT"))


def endorsement_comment(basis: EndorsementBasis, language: str) -> str:
    """The ``endorsementComment``, in ``language``: the day, the school, the police force and the
    agreement's dates (the data model's reference for an agreement)."""
    agreement = basis.agreement
    with translation.override(language):
        words = _(
            "On %(date)s, the police force serving the territory of the member’s school had an "
            "agreement with the DPCP in force. School: %(school)s (%(territory)s). Police force: "
            "%(force)s. Agreement signed on %(signed_on)s, in force since %(effective_on)s. The "
            "Sexto badge is only awarded to staff in a territory covered by such an agreement."
        ) % {
            "date": _date_in_words(basis.day, language),
            "school": basis.school.name,
            "territory": basis.school.territory.name,
            "force": agreement.police_force.name,
            "signed_on": _date_in_words(agreement.signed_on, language),
            "effective_on": _date_in_words(agreement.effective_on, language),
        }
    return str(words)


def endorsement_url(endorsement: Endorsement) -> str:
    """The endorsement's id and public address."""
    return public_url(f"/credentials/{endorsement.award_id}/endorsements/{endorsement.pk}.json")


def _endorser_profile(organisation: Organisation, language: str) -> dict[str, Any]:
    profile = issuer_profile(organisation=organisation, language=language)
    with translation.override(language):
        profile["description"] = _(
            "%(name)s is responsible for the member’s school and vouches for its territory’s "
            "police–DPCP agreement."
        ) % {"name": organisation.name}
    return profile


def endorsement_issue(*, award: Award) -> Endorsement | None:
    """Sign and store the award's endorsement (idempotent: the existing one is returned). None
    when no school of the member had an agreement in force on the award's day (such an award is
    refused anyway: training checks eligibility before review)."""
    existing = Endorsement.objects.filter(award=award).order_by("signed_at").first()
    if existing is not None:
        return existing
    basis = endorsement_basis(award)
    if basis is None:
        return None
    organisation = basis.organisation
    key = issuer_key_active(organisation)
    language = credential_language(award)
    now = timezone.now()
    with transaction.atomic():
        endorsement = Endorsement(
            award=award,
            organisation=organisation,
            signing_key=key,
            agreement=basis.agreement,
            agreement_day=basis.day,
            language=language,
            signed_at=now,
        )
        did = issuer_did(organisation)
        with translation.override(language):
            name = _("Police–DPCP agreement in force")
        unsigned = endorsement_unsigned(
            endorsement_id=endorsement_url(endorsement),
            endorsed_id=credential_url(award.pk),
            issuer_id=did,
            issuer_name=organisation.name,
            comment=endorsement_comment(basis, language),
            name=str(name),
            valid_from=format_datetime(award.issued_at),
            language=language,
            issuer_profile=_endorser_profile(organisation, language),
        )
        signed = document_sign(
            key=key, document=unsigned, did=did, created=now, proof_as_array=True
        )
        endorsement.signed = json.dumps(signed, ensure_ascii=False, indent=2)
        endorsement.save()
        audit_record(
            actor=None,
            action="credentials.endorsement.sign",
            target=award,
            changes={"endorser": organisation.slug, "agreement": str(basis.agreement.pk)},
        )
    return endorsement


def endorsement_issue_for_signing(*, award: Award) -> Endorsement | None:
    """``endorsement_issue`` as the badge's signing calls it: a failure is logged and leaves no
    trace (its own savepoint), and the badge is signed without the endorsement — a badge never
    waits on its endorsement (``endorse_awards`` adds it later)."""
    try:
        with transaction.atomic():
            return endorsement_issue(award=award)
    except Exception:
        logger.exception("endorsing award %s failed; its badge is signed without", award.pk)
        return None


def endorsements_embedded(award: Award) -> list[dict[str, Any]]:
    """The award's signed endorsements, as its credential embeds them (``endorsement``)."""
    return [
        json.loads(e.signed)
        for e in Endorsement.objects.filter(award=award).order_by("signed_at", "pk")
    ]


def endorsement_get_public(*, award_id: Any, endorsement_id: Any) -> Endorsement:
    """A published endorsement of an award, or Http404."""
    found = Endorsement.objects.filter(award_id=award_id, pk=endorsement_id).first()
    if found is None:
        raise Http404
    return found


# -- What the verification page says ---------------------------------------------------------


@dataclass(frozen=True)
class EndorsementLine:
    """One endorsement as the verification page shows it, in the page's language."""

    state: str  # "verified", "failed" or "moot"
    words: str
    detail: str


def _failure_in_words(result: VerifyResult) -> str:
    failed = {c.name for c in result.checks if c.status == "failed"}
    if "json" in failed:
        return _("It is not readable.")
    if "subject" in failed:
        return _("It speaks of another badge.")
    if "proof" in failed:
        return _(
            "Its digital signature does not match: it was altered or was not issued by this "
            "endorser."
        )
    if "schema" in failed:
        return _("It does not follow the Open Badges 3.0 standard.")
    return _("It could not be verified.")


def endorsement_lines(
    result: VerifyResult, *, badge_revoked: bool, badge_suspended: bool = False
) -> list[EndorsementLine]:
    """Each embedded endorsement the verifier checked: who endorses, the day, verified or not;
    moot once the badge is revoked, and while it is suspended."""
    lines = []
    for checked in result.endorsements:
        document = checked.credential or {}
        issuer = document.get("issuer")
        endorser = issuer.get("name") if isinstance(issuer, dict) else None
        try:
            moment = datetime.datetime.fromisoformat(
                str(document.get("validFrom")).replace("Z", "+00:00")
            )
            day = str(formats.date_format(timezone.localtime(moment).date(), "DATE_FORMAT"))
        except (ValueError, TypeError):
            day = "?"
        words = _(
            "Endorsed by %(endorser)s: the territory had an agreement with the DPCP in force on "
            "%(date)s."
        ) % {"endorser": endorser or _("an unnamed endorser"), "date": day}
        if not checked.verified:
            lines.append(EndorsementLine("failed", words, _failure_in_words(checked)))
        elif badge_revoked:
            detail = _("No longer applies: the badge it endorses was revoked.")
            lines.append(EndorsementLine("moot", words, detail))
        elif badge_suspended:
            detail = _("Does not apply while the badge it endorses is suspended.")
            lines.append(EndorsementLine("moot", words, detail))
        else:
            detail = _("The endorser’s digital signature is valid.")
            lines.append(EndorsementLine("verified", words, detail))
    return lines
