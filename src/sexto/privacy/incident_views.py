"""The privacy-incident register's pages: privacy officers of the organisation only (404 for
everyone else, administrators and superusers included)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sexto.core.errors import DomainError, NotFoundOrForbidden
from sexto.core.forms import form_add_domain_error
from sexto.directory.models import Organisation
from sexto.directory.permissions import is_privacy_officer
from sexto.directory.selectors import signed_in_user
from sexto.privacy import selectors, services
from sexto.privacy.forms import CloseForm, IncidentForm, NotificationForm
from sexto.privacy.models import PrivacyIncident

EDIT_FIELDS = services.EDITABLE_FIELDS


def _officer_require(request: HttpRequest) -> None:
    if not is_privacy_officer(request.user):
        raise Http404


def _incident(request: HttpRequest, incident_id: UUID, *, audit: bool = True) -> PrivacyIncident:
    _officer_require(request)
    try:
        return selectors.incident_get_for(
            user=request.user, incident_id=incident_id, request=request, audit=audit
        )
    except NotFoundOrForbidden:
        raise Http404(_("No such incident in your organisation's register.")) from None


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    """The register: every incident of the officer's organisations, open ones first."""
    _officer_require(request)
    status = request.GET.get("status", "")
    if status not in {"", *PrivacyIncident.Status.values}:
        status = ""
    incidents = selectors.incident_list_for(user=request.user, status=status or None).order_by(
        "status", "-discovered_at"
    )
    return render(
        request,
        "privacy/incident_list.html",
        {"incidents": incidents, "status": status, "statuses": PrivacyIncident.Status.choices},
    )


def _organisation_field(form: forms.Form, organisations: QuerySet[Organisation]) -> None:
    if len(organisations) > 1:
        form.fields["organisation"] = forms.ModelChoiceField(
            label=gettext_lazy("Organisation"), queryset=organisations
        )
        form.order_fields(["organisation"])


@login_required
def incident_create(request: HttpRequest) -> HttpResponse:
    _officer_require(request)
    user = signed_in_user(request)
    organisations = selectors.incident_organisations_for(user=user)
    form = IncidentForm(request.POST or None, initial={"discovered_at": timezone.localtime()})
    _organisation_field(form, organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        # One organisation: no field to choose it (several: the field is required).
        organisation = data.pop("organisation", None) or organisations.get()
        try:
            incident = services.incident_create(
                actor=user, organisation=organisation, request=request, **data
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Incident %(reference)s is in the register.") % {"reference": incident.reference},
            )
            return redirect("privacy:incident_detail", incident_id=incident.pk)
    return render(
        request,
        "privacy/incident_form.html",
        {"form": form, "incident": None},
        status=422 if form.errors else 200,
    )


@login_required
def incident_detail(request: HttpRequest, incident_id: UUID) -> HttpResponse:
    incident = _incident(request, incident_id)
    return render(
        request,
        "privacy/incident_detail.html",
        {
            "incident": incident,
            "notifications": incident.notifications.select_related("recorded_by"),
            "notification_form": NotificationForm(initial={"at": timezone.localtime()}),
            "close_form": CloseForm(initial={"version": incident.version}),
        },
    )


@login_required
def incident_edit(request: HttpRequest, incident_id: UUID) -> HttpResponse:
    incident = _incident(request, incident_id, audit=request.method == "GET")
    if incident.status == PrivacyIncident.Status.CLOSED:
        messages.error(request, _("This incident is closed: it can no longer be changed."))
        return redirect("privacy:incident_detail", incident_id=incident.pk)
    initial = {name: getattr(incident, name) for name in EDIT_FIELDS}
    initial["version"] = incident.version
    for name in ("occurred_at", "discovered_at"):
        initial[name] = timezone.localtime(initial[name])
    form = IncidentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in EDIT_FIELDS}
        for name in ("occurred_at", "discovered_at"):
            # The form shows minutes: an untouched moment keeps its stored seconds.
            stored = getattr(incident, name)
            if changes[name] == stored.replace(second=0, microsecond=0):
                changes[name] = stored
        try:
            services.incident_update(
                actor=signed_in_user(request),
                incident=incident,
                version=form.cleaned_data["version"] or incident.version,
                changes=changes,
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The incident was saved."))
            return redirect("privacy:incident_detail", incident_id=incident.pk)
    return render(
        request,
        "privacy/incident_form.html",
        {"form": form, "incident": incident},
        status=422 if form.errors else 200,
    )


def _detail_with_errors(
    request: HttpRequest, incident: PrivacyIncident, **forms_: Any
) -> HttpResponse:
    context = {
        "incident": incident,
        "notifications": incident.notifications.select_related("recorded_by"),
        "notification_form": NotificationForm(initial={"at": timezone.localtime()}),
        "close_form": CloseForm(initial={"version": incident.version}),
    }
    context.update(forms_)
    return render(request, "privacy/incident_detail.html", context, status=422)


@login_required
def incident_notification_add(request: HttpRequest, incident_id: UUID) -> HttpResponse:
    if request.method != "POST":
        return redirect("privacy:incident_detail", incident_id=incident_id)
    incident = _incident(request, incident_id, audit=False)
    form = NotificationForm(request.POST)
    if form.is_valid():
        try:
            services.incident_notification_record(
                actor=signed_in_user(request),
                incident=incident,
                request=request,
                **form.cleaned_data,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The notification was recorded."))
            return redirect("privacy:incident_detail", incident_id=incident.pk)
    return _detail_with_errors(request, incident, notification_form=form)


@login_required
def incident_close(request: HttpRequest, incident_id: UUID) -> HttpResponse:
    if request.method != "POST":
        return redirect("privacy:incident_detail", incident_id=incident_id)
    incident = _incident(request, incident_id, audit=False)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.incident_close(
                actor=signed_in_user(request),
                incident=incident,
                version=form.cleaned_data["version"],
                closing_note=form.cleaned_data["closing_note"],
                request=request,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The incident is closed."))
            return redirect("privacy:incident_detail", incident_id=incident.pk)
    return _detail_with_errors(request, incident, close_form=form)


@login_required
def incident_history(request: HttpRequest, incident_id: UUID) -> HttpResponse:
    """Every saved version: who saved it, when, what changed, and what it said."""
    incident = _incident(request, incident_id)
    labels: dict[str, Any] = {
        name: getattr(PrivacyIncident._meta.get_field(name), "verbose_name", name)
        for name in (*EDIT_FIELDS, "status", "closing_note", "closed_at")
    }
    labels["notifications"] = gettext_lazy("notifications")
    versions = [
        (
            version,
            [
                (labels.get(name, name), version.values.get(name, ""))
                for name in version.changed_fields
                if name != "notifications"
            ],
        )
        for version in selectors.incident_versions(incident=incident)
    ]
    return render(
        request, "privacy/incident_history.html", {"incident": incident, "versions": versions}
    )
