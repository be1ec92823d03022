"""Members' pages: my badges (LinkedIn, credential JSON, baked image, attestations), profile
settings, the public profile, attestation downloads, and the import of historical awards."""

from __future__ import annotations

import base64
import dataclasses
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from sexto.credentials import imports, member_choices, members, renewal, services
from sexto.credentials.attestation import (
    LANGUAGES,
    attestation_filename,
    attestation_pdf,
    member_profile_url,
)
from sexto.credentials.forms import AwardImportForm, MemberProfileForm
from sexto.directory.selectors import signed_in_user

# The dry-run file waits in the session (not in a hidden field: it would double the request).
IMPORT_SESSION_KEY = "credentials_import_csv"


def _language() -> str:
    return (translation.get_language() or "fr")[:2]


@login_required
def member_badges(request: HttpRequest) -> HttpResponse:
    """The signed-in member's badges, each with its links and downloads, and "Renew" when it
    expires within 60 days; the current badges first, those a renewal replaced after."""
    public, show_name = members.member_profile_choices(request.user)
    language = _language()
    rows = []
    for award in members.member_awards(user=signed_in_user(request)):
        state = renewal.renewal_state(award=award)
        links = members.award_links(award=award, language=language)
        rows.append(dataclasses.replace(links, renewal=state))
    # Stable: newest first within each group.
    rows.sort(key=lambda row: row.renewal.renewed_by is not None)
    return render(
        request,
        "credentials/member_badges.html",
        {
            "rows": rows,
            "public": public,
            "show_name": show_name,
            "profile_url": member_profile_url(signed_in_user(request).handle),
            "languages": LANGUAGES,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_settings(request: HttpRequest) -> HttpResponse:
    """Public profile on/off, name in credentials on/off (both off until the member opts in)."""
    public, show_name = members.member_profile_choices(request.user)
    form = MemberProfileForm(
        request.POST or None, initial={"public": public, "show_name": show_name}
    )
    if request.method == "POST" and form.is_valid():
        member_choices.member_profile_update(
            user=request.user,  # type: ignore[arg-type]
            public=form.cleaned_data["public"],
            show_name=form.cleaned_data["show_name"],
            request=request,
        )
        messages.success(request, _("Your choices are saved."))
        if form.cleaned_data["show_name"] != show_name:
            messages.info(
                request,
                _(
                    "Your badges are being signed again with this choice: their verification "
                    "pages and downloads will show it in a few minutes."
                ),
            )
        return redirect("credentials:member_badges")
    return render(request, "credentials/member_settings.html", {"form": form})


def public_profile(request: HttpRequest, handle: str) -> HttpResponse:
    """A member's public page: their badges with links to verification (404 unless opted in)."""
    user, awards = members.public_profile_get(handle=handle)
    if user.handle != handle:
        # A handle the member left: it leads to them, never to anyone else (never reused).
        return redirect("credentials:public_profile", handle=user.handle, permanent=True)
    _public, show_name = members.member_profile_choices(user)
    language = _language()
    return render(
        request,
        "credentials/member_public_profile.html",
        {
            "member": user,
            "name": user.get_full_name() if show_name else "",
            "rows": [members.award_links(award=award, language=language) for award in awards],
            "languages": LANGUAGES,
        },
    )


def _attestation_response(
    request: HttpRequest, award_id: UUID, language: str, public_handle: str | None
) -> HttpResponse:
    if language not in LANGUAGES:
        raise Http404
    award = members.award_get_for_attestation(
        user=request.user, award_id=award_id, public_handle=public_handle
    )
    pdf = attestation_pdf(award=award, language=language)
    member_choices.attestation_download_record(
        user=request.user, award=award, language=language, request=request
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = attestation_filename(award=award, language=language)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def member_attestation(request: HttpRequest, award_id: UUID, language: str) -> HttpResponse:
    """The recipient's own attestation (always allowed to them; 404 for anyone else)."""
    return _attestation_response(request, award_id, language, public_handle=None)


def public_attestation(
    request: HttpRequest, handle: str, award_id: UUID, language: str
) -> HttpResponse:
    """Anyone's copy of an attestation listed on a public profile."""
    return _attestation_response(request, award_id, language, public_handle=handle)


@login_required
def member_credential_json(request: HttpRequest, award_id: UUID) -> HttpResponse:
    """The recipient's signed OB3 credential as a file (for wallets: Learner Credential Wallet)."""
    award = members.award_get_for_attestation(
        user=request.user, award_id=award_id, public_handle=None
    )
    issued = services.credential_for(award)
    response = HttpResponse(issued.signed, content_type="application/ld+json")
    response["Content-Disposition"] = (
        f'attachment; filename="{award.badge_slug}-{award.recipient_handle}.json"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _may_import_or_404(request: HttpRequest) -> set[UUID] | None:
    if not imports.may_import(signed_in_user(request)):
        raise Http404
    return imports.import_scope(signed_in_user(request))


@login_required
@require_http_methods(["GET", "POST"])
def award_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV of historical awards: the dry-run report of every row's fate comes back."""
    scope = _may_import_or_404(request)
    form = AwardImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            report = imports.import_report(data, scope=scope)
        except imports.ImportRefused as error:
            form.add_error("file", str(error))
        else:
            if report.ok and report.to_import:
                request.session[IMPORT_SESSION_KEY] = base64.b64encode(data).decode()
            else:
                request.session.pop(IMPORT_SESSION_KEY, None)
    return render(
        request,
        "credentials/import_awards.html",
        {"form": form, "report": report, "max_kb": imports.MAX_BYTES // 1024},
    )


@login_required
@require_http_methods(["POST"])
def award_import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the file checked in the dry run: all rows or none (checked again first)."""
    scope = _may_import_or_404(request)
    encoded = request.session.get(IMPORT_SESSION_KEY)
    if not encoded:
        messages.error(request, _("Send the file again: nothing was imported."))
        return redirect("credentials:award_import")
    data = base64.b64decode(encoded)
    try:
        report = imports.import_confirm(
            data=data, actor=signed_in_user(request), scope=scope, request=request
        )
    except (imports.ImportRefused, imports.ImportHasErrors) as error:
        request.session.pop(IMPORT_SESSION_KEY, None)
        messages.error(request, str(error))
        return redirect("credentials:award_import")
    request.session.pop(IMPORT_SESSION_KEY, None)
    messages.success(
        request,
        " ".join(
            [
                ngettext(
                    "%(count)d award imported.", "%(count)d awards imported.", len(report.to_import)
                )
                % {"count": len(report.to_import)},
                ngettext(
                    "%(count)d was already there.",
                    "%(count)d were already there.",
                    len(report.existing),
                )
                % {"count": len(report.existing)},
            ]
        ),
    )
    return redirect("credentials:award_import")
