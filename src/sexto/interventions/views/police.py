"""The police liaison's inbox: referrals awaiting acknowledgement, determination or the end of the
investigation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sexto.interventions.selectors.police import police_inbox_for, user_is_police_liaison


@login_required
def police_inbox(request: HttpRequest) -> HttpResponse:
    """Referrals to the liaison's forces: those awaiting them first (the most urgent, then the
    newest), then recent outcomes; each list paginated on its own."""
    if not user_is_police_liaison(request.user):
        raise Http404
    inbox = police_inbox_for(
        request.user,
        awaiting_page=request.GET.get("awaiting"),
        recent_page=request.GET.get("recent"),
    )
    groups = [
        {
            "key": "awaiting",
            "title": _("Awaiting you"),
            "rows": inbox.awaiting,
            "page": inbox.awaiting_page,
            "empty": _("No referral awaits you."),
        },
        {
            "key": "recent",
            "title": _("Outcome recorded in the last 90 days"),
            "rows": inbox.recent,
            "page": inbox.recent_page,
            "empty": _("No outcome recorded in the last 90 days."),
        },
    ]
    return render(request, "interventions/police_inbox.html", {"groups": groups})
