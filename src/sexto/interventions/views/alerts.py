"""In-app alerts: the same neutral sentence and link as the email, for the person alerted only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sexto.directory.selectors import signed_in_user
from sexto.interventions.models import Notification
from sexto.interventions.selectors.alerts import alert_rows, alerts_of


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    page = Paginator(alerts_of(signed_in_user(request)), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "interventions/alerts.html",
        {"page": page, "rows": alert_rows(list(page.object_list))},
    )


@login_required
def alert_open(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Mark the alert read and follow its link; someone else's alert does not exist here."""
    alert = alerts_of(signed_in_user(request)).filter(pk=alert_id).first()
    if alert is None:
        raise Http404
    if alert.read_at is None:
        Notification.objects.filter(pk=alert.pk).update(read_at=timezone.now())
    # Links are stored as paths of this site; anything else is not followed.
    if not url_has_allowed_host_and_scheme(
        alert.url, allowed_hosts=None
    ) or not alert.url.startswith("/"):
        return redirect("interventions:alerts")
    return HttpResponseRedirect(alert.url)


@login_required
@require_POST
def alerts_read_all(request: HttpRequest) -> HttpResponse:
    alerts_of(signed_in_user(request)).filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("interventions:alerts")
