"""The police liaison's inbox: referrals awaiting acknowledgement or determination."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sexto.directory.models import Role
from sexto.directory.permissions import has_role


def user_is_police_liaison(user: object) -> bool:
    return has_role(user, {Role.POLICE_LIAISON})


@login_required
def police_inbox(request: HttpRequest) -> HttpResponse:
    if not user_is_police_liaison(request.user):
        raise Http404
    return render(request, "interventions/police_inbox.html", {"referrals": []})
