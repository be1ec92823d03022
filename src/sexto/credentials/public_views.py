"""Public issuing documents and the verification page: anyone may read them, no sign-in.

DID documents, status lists, OB3 credentials, OB 2.0 hosted documents and badge images are
what outside verifiers fetch; all are cacheable (DESIGN.md: a CDN may sit in front).
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from sexto.core.errors import DomainError
from sexto.core.forms import form_add_domain_error
from sexto.credentials import (
    endorsements,
    links,
    ob2,
    renewal,
    selectors,
    services,
    suspension,
    verification,
)
from sexto.credentials.binding import issuer_classification
from sexto.credentials.forms import RevokeForm
from sexto.credentials.images import badge_png, badge_svg, svg_bake_ob2
from sexto.credentials.issuer_profile import issuer_png, recipient_name_of
from sexto.credentials.ob3.baking import OB2_KEYWORD, png_bake, svg_bake
from sexto.credentials.ob3.loader import OB_V3P0_303, VC_V2
from sexto.credentials.ob3.status_list import TTL_SECONDS as STATUS_TTL_SECONDS
from sexto.credentials.ob3.verify import Check, issuer_id_of
from sexto.directory.selectors import signed_in_user

JSON_LD = "application/ld+json"
CACHE_SHORT = "public, max-age=300"


def _json(data: Any, *, content_type: str = JSON_LD, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type=content_type, status=status
    )
    response["Cache-Control"] = CACHE_SHORT
    response["Access-Control-Allow-Origin"] = "*"  # verifiers in browsers (wallets) fetch these
    return response


def _raw(body: bytes | str, content_type: str, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = CACHE_SHORT
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# -- Issuer identity -----------------------------------------------------------------------


@require_GET
def issuer_did(request: HttpRequest, slug: str) -> HttpResponse:
    """``/issuers/{slug}/did.json``: the did:web document with every key the issuer used."""
    organisation = selectors.organisation_get_issuer(slug=slug)
    return _json(
        verification.issuer_did_document(organisation), content_type="application/did+json"
    )


@require_GET
def ob2_issuer(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_issuer(slug=slug)
    return _json(ob2.ob2_issuer(organisation))


@require_GET
def ob2_badge_class(request: HttpRequest, slug: str, badge_slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_issuer(slug=slug)
    return _json(ob2.ob2_badge_class(organisation, badge_slug))


@require_GET
def status_list(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The signed Bitstring Status List credential (re-signed on every revocation and daily)."""
    found = selectors.status_list_get_public(slug=slug, number=number)
    response = _raw(found.signed, "application/vc+ld+json")
    # The same as the credential's `ttl` (the spec asks both to agree); see ob3/status_list.py.
    response["Cache-Control"] = f"public, max-age={STATUS_TTL_SECONDS}"
    return response


# -- Credentials and assertions ------------------------------------------------------------


@require_GET
def credential(request: HttpRequest, award_id: UUID) -> HttpResponse:
    """The signed OB3 credential, byte for byte as issued (for wallets)."""
    award = selectors.award_get_public(award_id=award_id)
    issued = services.credential_for(award)
    download = request.GET.get("download") == "1"
    response = _raw(issued.signed, "application/vc+ld+json")
    if download:
        response["Content-Disposition"] = (
            f'attachment; filename="{award.badge_slug}-{award.pk}.json"'
        )
    return response


@require_GET
def endorsement(request: HttpRequest, award_id: UUID, endorsement_id: UUID) -> HttpResponse:
    """The signed EndorsementCredential of an award, byte for byte as issued (its ``id``)."""
    found = endorsements.endorsement_get_public(award_id=award_id, endorsement_id=endorsement_id)
    return _raw(found.signed, "application/vc+ld+json")


@require_GET
def credential_png(request: HttpRequest, award_id: UUID) -> HttpResponse:
    award = selectors.award_get_public(award_id=award_id)
    signed = services.credential_for(award).signed
    return _raw(
        png_bake(badge_png(award.badge_slug), signed),
        "image/png",
        filename=f"{award.badge_slug}.png",
    )


@require_GET
def credential_svg(request: HttpRequest, award_id: UUID) -> HttpResponse:
    award = selectors.award_get_public(award_id=award_id)
    signed = services.credential_for(award).signed
    baked = svg_bake(badge_svg(award.badge_slug), signed)
    return _raw(baked, "image/svg+xml", filename=f"{award.badge_slug}.svg")


@require_GET
def ob2_assertion(request: HttpRequest, award_id: UUID) -> HttpResponse:
    """OB 2.0 hosted assertion; a revoked one answers 410 Gone with ``revoked: true``."""
    award = selectors.award_get_public(award_id=award_id)
    assertion = ob2.ob2_assertion(award)
    return _json(assertion, status=410 if assertion.get("revoked") else 200)


def _ob2_assertion_text(award_id: UUID) -> tuple[Any, str]:
    award = selectors.award_get_public(award_id=award_id)
    return award, json.dumps(ob2.ob2_assertion(award), ensure_ascii=False)


@require_GET
def ob2_assertion_png(request: HttpRequest, award_id: UUID) -> HttpResponse:
    award, text = _ob2_assertion_text(award_id)
    return _raw(
        png_bake(badge_png(award.badge_slug), text, keyword=OB2_KEYWORD),
        "image/png",
        filename=f"{award.badge_slug}.png",
    )


@require_GET
def ob2_assertion_svg(request: HttpRequest, award_id: UUID) -> HttpResponse:
    award, text = _ob2_assertion_text(award_id)
    baked = svg_bake_ob2(
        badge_svg(award.badge_slug), text, verify_url=links.ob2_assertion_url(award.pk)
    )
    return _raw(baked, "image/svg+xml", filename=f"{award.badge_slug}.svg")


# -- Badges --------------------------------------------------------------------------------


@require_GET
def badge_image_png(request: HttpRequest, badge_slug: str) -> HttpResponse:
    return _raw(badge_png(badge_slug), "image/png")


@require_GET
def badge_image_svg(request: HttpRequest, badge_slug: str) -> HttpResponse:
    return _raw(badge_svg(badge_slug), "image/svg+xml")


@require_GET
def issuer_image(request: HttpRequest, slug: str) -> HttpResponse:
    """``/issuers/{slug}/image.png``: the image every credential's ``issuer.image`` names."""
    organisation = selectors.organisation_get_issuer(slug=slug)
    return _raw(issuer_png(organisation.name), "image/png")


@require_GET
def achievement_in_language(request: HttpRequest, badge_slug: str, language: str) -> HttpResponse:
    """``/badges/{slug}/{fr|en}``: the Achievement in one language, ``related`` to the other."""
    level = selectors.level_for_badge(badge_slug)
    if level is None or language not in selectors.BADGE_LANGUAGES:
        raise Http404
    with translation.override(language):
        texts = selectors.achievement_texts(level)
    document = selectors.achievement_document(badge_slug=badge_slug, texts=texts, language=language)
    return _json({"@context": [VC_V2, OB_V3P0_303], **document})


@require_GET
def achievement(request: HttpRequest, badge_slug: str) -> HttpResponse:
    """The Achievement (what the badge means), the ``id`` every credential of it names and the
    OB 2.0 BadgeClass's ``criteria``. Machines (no Accept, JSON or JSON-LD) get the JSON-LD;
    a browser asking for HTML gets a page a person reads: name, description, criteria."""
    level = selectors.level_for_badge(badge_slug)
    if level is None:
        raise Http404
    texts = selectors.achievement_texts(level)
    document = selectors.achievement_document(badge_slug=badge_slug, texts=texts)
    if request.get_preferred_type([JSON_LD, "application/json", "text/html"]) == "text/html":
        response = render(
            request,
            "credentials/public_achievement.html",
            {"badge_slug": badge_slug, "texts": texts, "document_id": document["id"]},
        )
        response["Cache-Control"] = CACHE_SHORT
    else:
        response = _json({"@context": [VC_V2, OB_V3P0_303], **document})
    patch_vary_headers(response, ["Accept"])  # one URL, two representations: caches keep both
    return response


# -- Verification page ---------------------------------------------------------------------

# What each check means to the public, by (check, outcome). Reasons from ob3 stay in English in
# the API; this page says it in words anyone understands, in their language.
CHECK_WORDS: dict[tuple[str, str], Any] = {
    ("json", "passed"): gettext_lazy("The credential is readable."),
    ("json", "failed"): gettext_lazy("The credential is not readable."),
    ("proof", "passed"): gettext_lazy(
        "The issuer's digital signature is valid: nothing was changed since it was issued."
    ),
    ("proof", "failed"): gettext_lazy(
        "The digital signature does not match: the credential was altered or was not issued "
        "by this issuer."
    ),
    ("validFrom", "passed"): gettext_lazy("The credential is in effect."),
    ("validFrom", "failed"): gettext_lazy("The credential is not in effect yet."),
    ("validFrom", "skipped"): gettext_lazy("The credential gives no start date."),
    ("validUntil", "passed"): gettext_lazy("The credential has not expired."),
    ("validUntil", "failed"): gettext_lazy("The credential has expired."),
    ("validUntil", "skipped"): gettext_lazy("The credential does not expire."),
    ("status", "passed"): gettext_lazy("The issuer has not revoked it."),
    ("status", "failed"): gettext_lazy("The issuer revoked it."),
    ("status", "skipped"): gettext_lazy("Whether it was revoked could not be checked."),
    ("issuer", "passed"): gettext_lazy(
        "The issuer is the one that owns the achievement and status list it claims."
    ),
    ("schema", "passed"): gettext_lazy("It follows the Open Badges 3.0 standard."),
    ("schema", "failed"): gettext_lazy("It does not follow the Open Badges 3.0 standard."),
    ("schema", "skipped"): gettext_lazy("Its conformity to Open Badges 3.0 was not checked."),
}


def check_in_words(check: Check) -> str:
    """A check outcome as the public reads it, in the active language."""
    if check.name == "issuer" and check.status == "failed":
        return check.reason  # already in words, in the active language (binding.py)
    words = CHECK_WORDS.get((check.name, check.status))
    return str(words) if words is not None else f"{check.name}: {check.status}"


@require_GET
def verify(request: HttpRequest, award_id: UUID) -> HttpResponse:
    """``/verify/{id}``: the badge, who issued it to whom and when, and every check in words."""
    award = selectors.award_get_public(award_id=award_id)
    outcome = verification.award_verify(award)
    subject = outcome.credential.get("credentialSubject", {})
    rows = [
        {"check": c, "words": check_in_words(c), "ok": c.status == "passed"}
        for c in outcome.result.checks
        if c.name != "json"
    ]
    may_revoke = (
        request.user.is_authenticated
        and rules.has_perm("credentials.revoke_award", request.user)
        and outcome.issued.revoked_at is None
    )
    return render(
        request,
        "credentials/public_verify.html",
        {
            "award": award,
            "issued": outcome.issued,
            "verified": outcome.result.verified,
            "rows": rows,
            # What the badge meant when it was awarded (the award's snapshot), never the live
            # level; in the page's language (the snapshot has both; the signed credential says
            # its own language's).
            "achievement": selectors.award_achievement_texts(
                award, translation.get_language() or selectors.credential_language(award)
            ),
            "recipient_name": recipient_name_of(subject),
            "issuer": outcome.credential.get("issuer", {}),
            "issuer_kind": issuer_classification(issuer_id_of(outcome.credential)),
            "may_revoke": may_revoke,
            # A renewed badge stays valid until its own date; the page points to the new one.
            "renewed_by": renewal.award_renewed_by(award),
            "endorsement_lines": endorsements.endorsement_lines(
                outcome.result,
                badge_revoked=outcome.issued.revoked_at is not None,
                badge_suspended=outcome.issued.suspended_at is not None,
            ),
        },
    )


# -- Revocation (trainers) -----------------------------------------------------------------


@login_required
def revoke(request: HttpRequest, award_id: UUID) -> HttpResponse:
    """A trainer revokes, suspends or lifts the suspension of an award (reason required).
    Others get 403."""
    award = selectors.award_get_public(award_id=award_id)
    if not rules.has_perm("credentials.revoke_award", request.user):
        raise PermissionDenied
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        act = {
            "revoke": services.credential_revoke,
            "suspend": suspension.credential_suspend,
            "lift": suspension.credential_suspension_lift,
        }[form.cleaned_data["action"] or "revoke"]
        try:
            act(
                award=award,
                actor=signed_in_user(request),
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            return redirect("credentials:public_verify", award_id=award.pk)
    return render(
        request,
        "credentials/public_revoke.html",
        {"award": award, "form": form, "title": _("Revoke or suspend a badge")},
    )
