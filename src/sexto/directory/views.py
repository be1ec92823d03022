"""Directory pages: home, organisation overview, people and roles, appointments, own account."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sexto.core.errors import DomainError, NotFoundOrForbidden
from sexto.core.forms import form_add_domain_error
from sexto.core.navigation import home_for
from sexto.directory import selectors, services
from sexto.directory.forms import AccountForm, InviteForm
from sexto.directory.models import Membership, Organisation, User
from sexto.directory.permissions import roles_of
from sexto.directory.selectors import signed_in_user


def home(request: HttpRequest) -> HttpResponse:
    """Landing page for visitors; the signed-in person's roles and next steps otherwise."""
    if not request.user.is_authenticated:
        return render(request, "directory/landing.html")
    own_home = home_for(request.user)
    if own_home is not None:
        return redirect(own_home)
    memberships = selectors.user_memberships(user=signed_in_user(request))
    kit = [
        (m.school, selectors.school_kit_status(school=m.school))
        for m in memberships
        if m.school is not None
    ]
    return render(
        request,
        "directory/home.html",
        {
            "memberships": memberships,
            "kit": kit,
            "roles": {h.role for h in roles_of(request.user)},
        },
    )


def _organisation_or_404(request: HttpRequest, slug: str) -> Organisation:
    try:
        return selectors.organisation_get_for(user=request.user, slug=slug)
    except NotFoundOrForbidden:
        raise Http404(_("No such organisation among those you administer.")) from None


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    if not rules.has_perm("directory.view_directory", request.user):
        raise Http404
    organisations = list(selectors.organisation_list_for(user=request.user))
    if len(organisations) == 1:
        return redirect("directory:organisation_detail", slug=organisations[0].slug)
    return render(request, "directory/organisation_list.html", {"organisations": organisations})


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    return render(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "schools": selectors.organisation_schools(organisation=organisation),
            "agreements": selectors.organisation_agreements(organisation=organisation),
        },
    )


@login_required
def people(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    if not rules.has_perm("directory.manage_people", request.user, organisation):
        raise Http404
    form = InviteForm(
        request.POST or None,
        organisation=organisation,
        initial={"language": translation.get_language()},
    )
    status = 422
    if request.method == "POST" and form.is_valid():
        school, org = form.cleaned_data["place"]
        try:
            membership = services.person_invite(
                actor=signed_in_user(request),
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                role=form.cleaned_data["role"],
                school=school,
                organisation=org,
                is_backup=form.cleaned_data["is_backup"],
                language=form.cleaned_data["language"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
            status = error.status
        else:
            if membership.status == Membership.Status.PENDING:
                text = _(
                    "The role %(role)s was proposed for %(person)s. It takes effect once "
                    "confirmed; %(person)s and those who confirm it were alerted."
                )
            else:
                text = _("%(person)s now has the role %(role)s. An email was sent.")
            messages.success(
                request,
                text
                % {"person": membership.user.display_name, "role": membership.get_role_display()},
            )
            return redirect("directory:people", slug=slug)
    return render(
        request,
        "directory/people.html",
        {
            "organisation": organisation,
            "form": form,
            "memberships": selectors.organisation_memberships(organisation=organisation),
        },
        status=(status if form.errors else 200) if request.method == "POST" else 200,
    )


@login_required
@require_POST
def membership_end(request: HttpRequest, slug: str, membership_id: UUID) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    if not rules.has_perm("directory.manage_people", request.user, organisation):
        raise Http404
    membership = get_object_or_404(
        selectors.organisation_memberships(organisation=organisation), pk=membership_id
    )
    try:
        services.membership_end(
            actor=signed_in_user(request), membership=membership, request=request
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The role %(role)s of %(person)s has ended.")
            % {"role": membership.get_role_display(), "person": membership.user.display_name},
        )
    return redirect("directory:people", slug=slug)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = selectors.signed_in_user(request)
    form = AccountForm(request.POST or None, instance=User.objects.get(pk=user.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.account_update(user=user, **form.cleaned_data, request=request)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Your account was saved."))
            return redirect("directory:account")
    return render(
        request,
        "directory/account.html",
        {
            "form": form,
            "memberships": selectors.user_memberships(user=signed_in_user(request)),
            "pending": selectors.user_memberships_pending(user=signed_in_user(request)),
        },
        status=422 if form.errors else 200,
    )


def _memberships_page(request: HttpRequest, user: User, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "directory/memberships_pending.html",
        {
            "to_decide": selectors.memberships_pending_for(user=user),
            "school_roles": selectors.principal_school_memberships(user=user),
        },
        status=status,
    )


@login_required
def memberships_pending(request: HttpRequest) -> HttpResponse:
    """Appointments awaiting this person's confirmation, and the roles at their school."""
    return _memberships_page(request, selectors.signed_in_user(request))


def _membership_decide(
    request: HttpRequest,
    membership_id: UUID,
    decide: Callable[..., Membership],
    done: str,
) -> HttpResponse:
    user = selectors.signed_in_user(request)
    try:
        membership = selectors.membership_pending_get_for(user=user, membership_id=membership_id)
    except NotFoundOrForbidden:
        raise Http404 from None
    try:
        decide(actor=user, membership=membership, request=request)
    except DomainError as error:
        # Refused (not theirs to decide, already decided): the page again, with why.
        messages.error(request, str(error))
        return _memberships_page(request, user, status=error.status)
    messages.success(
        request,
        done % {"role": membership.get_role_display(), "person": membership.user.display_name},
    )
    return redirect("directory:memberships_pending")


@login_required
@require_POST
def membership_confirm(request: HttpRequest, membership_id: UUID) -> HttpResponse:
    return _membership_decide(
        request,
        membership_id,
        services.membership_confirm,
        _("The role %(role)s of %(person)s is confirmed: it takes effect now."),
    )


@login_required
@require_POST
def membership_refuse(request: HttpRequest, membership_id: UUID) -> HttpResponse:
    return _membership_decide(
        request,
        membership_id,
        services.membership_refuse,
        _("The role %(role)s proposed for %(person)s is refused: it will not take effect."),
    )
