"""The page where people issue and revoke their API tokens."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sexto.api.models import ApiToken, Scope
from sexto.api.services import api_token_issue, api_token_revoke, session_passed_two_factor
from sexto.core.errors import DomainError
from sexto.core.forms import Form, form_add_domain_error
from sexto.core.problems import problem_response
from sexto.directory.selectors import signed_in_user


class TokenIssueForm(Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=80,
        help_text=gettext_lazy("What this token is for, e.g. 'reporting'."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )
    days = forms.IntegerField(label=gettext_lazy("Valid for (days)"), min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The cap is a setting read at request time: the field offers it and refuses more (the
        # service checks again for any other caller).
        cap = settings.API_TOKEN_DAYS
        self.fields["days"] = forms.IntegerField(
            label=gettext_lazy("Valid for (days)"), min_value=1, max_value=cap, initial=cap
        )


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenIssueForm(request.POST or None)
    raw_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw_secret = api_token_issue(
                request=request,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"],
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            form = TokenIssueForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "raw_secret": raw_secret,
            "tokens": ApiToken.objects.filter(user=request.user),  # type: ignore[misc]
            "two_factor_passed": session_passed_two_factor(request),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: UUID) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    try:
        api_token_revoke(actor=signed_in_user(request), token=token, request=request)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api_tokens")


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown API paths answer in problem details too, not Django's HTML 404."""
    return problem_response(
        request, status=404, code="not_found", detail=_("There is no API endpoint at this address.")
    )
