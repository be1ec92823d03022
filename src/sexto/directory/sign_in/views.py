"""The organisation administrator's page for its sign-in provider."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sexto.core.errors import DomainError, NotFoundOrForbidden
from sexto.core.forms import form_add_domain_error
from sexto.directory import selectors as directory_selectors
from sexto.directory.selectors import signed_in_user
from sexto.directory.sign_in import selectors, services
from sexto.directory.sign_in.forms import IdentityProviderForm


@login_required
def identity_provider(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's sign-in through its own provider, set by its administrator."""
    try:
        organisation = directory_selectors.organisation_get_for(user=request.user, slug=slug)
    except NotFoundOrForbidden:
        raise Http404(_("No such organisation among those you administer.")) from None
    if not rules.has_perm("directory.manage_people", request.user, organisation):
        raise Http404
    current = selectors.identity_provider_of(organisation=organisation)
    initial = (
        {
            "kind": current.kind,
            "display_name": current.display_name,
            "issuer": current.issuer,
            "client_id": current.client_id,
            "enabled": current.enabled,
            "idp_enforces_mfa": current.idp_enforces_mfa,
        }
        if current is not None
        else {"display_name": organisation.name}
    )
    form = IdentityProviderForm(
        request.POST or None,
        initial=initial,
        has_secret=bool(current is not None and current.client_secret),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.identity_provider_save(
                actor=signed_in_user(request),
                organisation=organisation,
                request=request,
                **form.cleaned_data,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The sign-in settings were saved."))
            return redirect("directory:identity_provider", slug=slug)
    return render(
        request,
        "directory/identity_provider.html",
        {
            "organisation": organisation,
            "form": form,
            "current": current,
            "callback_url": request.build_absolute_uri(
                reverse("openid_connect_callback", kwargs={"provider_id": organisation.slug})
            ),
        },
        status=422 if form.errors else 200,
    )
